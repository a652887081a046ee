// SPDX-License-Identifier: Apache-2.0
#include "core/record.h"

#include <memory>
#include <mutex>
#include <unordered_map>

namespace sncheck {
namespace {

// Every field name the process has seen, one copy each, never freed (a run sees a few hundred
// names; the strings must outlive every row that points at them). A thread's own cache in front
// of it keeps the lock off the parser's path after a name's first row.
const std::string* intern_name(std::string_view name) {
  thread_local std::unordered_map<std::string_view, const std::string*> cache;
  if (auto it = cache.find(name); it != cache.end()) return it->second;
  static std::mutex mutex;
  static auto* names = new std::unordered_map<std::string_view, std::unique_ptr<std::string>>();
  std::lock_guard<std::mutex> lock(mutex);
  auto it = names->find(name);
  if (it == names->end()) {
    auto copy = std::make_unique<std::string>(name);
    std::string_view key = *copy;
    it = names->emplace(key, std::move(copy)).first;
  }
  const std::string* interned = it->second.get();
  cache.emplace(std::string_view(*interned), interned);
  return interned;
}

}  // namespace

FieldName::FieldName(std::string_view name) : name_(intern_name(name)) {}

}  // namespace sncheck
