// SPDX-License-Identifier: Apache-2.0
#pragma once
// Text that many results carry alike: the instance's URL on every result of a run, an entry's
// name as the subject of each per-entry check, a remediation every failing entry shares. One
// immutable copy, shared by every holder: copying a result copies a pointer, not the text. A run
// over 10,000 registry entries holds 60,000 results; without sharing each carried its own copies.

#include <cstddef>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

namespace sncheck {

// Whether two texts are equal, compared as string_views (the comparison operators of SharedText
// and FieldName use it).
inline bool same_text(std::string_view a, std::string_view b) { return a == b; }

class SharedText {
 public:
  SharedText() = default;
  // Implicit, so `result.remediation = fmt::format(...)` keeps reading as an assignment of text.
  SharedText(std::string text);  // NOLINT(google-explicit-constructor)
  SharedText(const char* text) : SharedText(std::string(text)) {}  // NOLINT

  // Appending makes a new text (the old one may be shared).
  SharedText& operator+=(std::string_view more) { return *this = str() + std::string(more); }

  const std::string& str() const { return text_ ? *text_ : empty_string(); }
  operator const std::string&() const { return str(); }  // NOLINT(google-explicit-constructor)
  operator std::string_view() const { return str(); }    // NOLINT(google-explicit-constructor)

  bool empty() const { return !text_; }  // the empty text holds no storage
  std::size_t size() const { return str().size(); }
  const char* c_str() const { return str().c_str(); }
  const char* data() const { return str().data(); }
  // Whether both hold the very same storage (not merely equal text).
  bool shares_storage_with(const SharedText& other) const {
    return text_ != nullptr && text_ == other.text_;
  }

  // Hidden friends: found only for a SharedText operand, so they never take part in comparing two
  // standard strings.
  friend bool operator==(const SharedText& a, const SharedText& b) {
    return same_text(a.str(), b.str());
  }
  friend bool operator!=(const SharedText& a, const SharedText& b) {
    return !same_text(a.str(), b.str());
  }
  friend bool operator==(const SharedText& a, std::string_view b) { return same_text(a.str(), b); }
  friend bool operator!=(const SharedText& a, std::string_view b) { return !same_text(a.str(), b); }
  friend bool operator==(std::string_view a, const SharedText& b) { return same_text(a, b.str()); }
  friend bool operator!=(std::string_view a, const SharedText& b) { return !same_text(a, b.str()); }
  friend bool operator==(const SharedText& a, const std::string& b) {
    return same_text(a.str(), b);
  }
  friend bool operator!=(const SharedText& a, const std::string& b) {
    return !same_text(a.str(), b);
  }
  friend bool operator==(const std::string& a, const SharedText& b) {
    return same_text(a, b.str());
  }
  friend bool operator!=(const std::string& a, const SharedText& b) {
    return !same_text(a, b.str());
  }
  friend bool operator==(const SharedText& a, const char* b) { return same_text(a.str(), b); }
  friend bool operator!=(const SharedText& a, const char* b) { return !same_text(a.str(), b); }
  friend std::string operator+(const std::string& a, const SharedText& b) {
    return std::string(a).append(b.str());
  }
  friend std::string operator+(const SharedText& a, const std::string& b) {
    return std::string(a.str()).append(b);
  }
  friend std::string operator+(const char* a, const SharedText& b) {
    return std::string(a).append(b.str());
  }
  friend std::string operator+(const SharedText& a, const char* b) {
    return std::string(a.str()).append(b);
  }
  friend std::ostream& operator<<(std::ostream& out, const SharedText& text) {
    return out << text.str();
  }

 private:
  static const std::string& empty_string();
  std::shared_ptr<const std::string> text_;
};

// Equal texts made one: intern(text) gives the pool's copy of that text (the first one it saw),
// so results made apart (one check after another) end up sharing it. The pool only indexes the
// texts; they live as long as any holder does.
class TextPool {
 public:
  SharedText intern(const SharedText& text);

 private:
  std::unordered_map<std::string_view, SharedText> texts_;  // keys view the values' storage
};

}  // namespace sncheck

template <>
struct fmt::formatter<sncheck::SharedText> : fmt::formatter<std::string_view> {
  template <typename Context>
  auto format(const sncheck::SharedText& text, Context& context) const {
    return fmt::formatter<std::string_view>::format(std::string_view(text.str()), context);
  }
};
