// SPDX-License-Identifier: Apache-2.0
#pragma once
// A stream buffer that passes every byte written through the secret redactor before it reaches
// its sink (a file descriptor, a file, a string). A secret may straddle two writes: the bytes
// that could be the start of one are held back until later bytes complete it (redacted) or rule
// it out, or until finish().

#include <array>
#include <functional>
#include <memory>
#include <streambuf>
#include <string>
#include <string_view>

#include "core/redactor.h"

namespace sncheck {

class RedactingStreambuf : public std::streambuf {
 public:
  // Writes redacted bytes somewhere; false when they could not be written.
  using Sink = std::function<bool(std::string_view)>;
  // The redactor to use for each batch of bytes (default: the process registry's, so secrets
  // registered while the stream is open are redacted from then on).
  using RedactorSource = std::function<std::shared_ptr<const Redactor>()>;

  explicit RedactingStreambuf(Sink sink, RedactorSource source = {});
  ~RedactingStreambuf() override;
  RedactingStreambuf(const RedactingStreambuf&) = delete;
  RedactingStreambuf& operator=(const RedactingStreambuf&) = delete;

  // Writes out what is held back (the end of the output). False when any write failed.
  bool finish();
  bool failed() const { return failed_; }

 protected:
  int_type overflow(int_type ch) override;
  int sync() override;

 private:
  bool drain(bool final);

  Sink sink_;
  RedactorSource source_;
  std::array<char, 8192> buffer_{};
  std::string pending_;  // written, not yet redacted and passed on
  std::string out_;
  bool failed_ = false;
};

}  // namespace sncheck
