// SPDX-License-Identifier: Apache-2.0
#pragma once
// Shared by the fuzz targets: the libFuzzer entry point, and how a target reports a broken
// invariant. An abort (not an exception) is what libFuzzer and the replay driver both see as a
// failure with the offending input kept.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace sncheck::fuzz {

[[noreturn]] inline void invariant_broken(std::string_view what) {
  std::fprintf(stderr, "fuzz invariant broken: %.*s\n", static_cast<int>(what.size()), what.data());
  std::abort();
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return std::string_view(reinterpret_cast<const char*>(data), size);
}

}  // namespace sncheck::fuzz
