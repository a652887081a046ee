// SPDX-License-Identifier: Apache-2.0
#include "core/redacting_streambuf.h"

#include "core/secret_registry.h"

namespace sncheck {

RedactingStreambuf::RedactingStreambuf(Sink sink, RedactorSource source)
    : sink_(std::move(sink)), source_(std::move(source)) {
  if (!source_) source_ = [] { return secret_redactor(); };
  setp(buffer_.data(), buffer_.data() + buffer_.size());
}

RedactingStreambuf::~RedactingStreambuf() { finish(); }

bool RedactingStreambuf::drain(bool final) {
  pending_.append(pbase(), static_cast<std::size_t>(pptr() - pbase()));
  setp(buffer_.data(), buffer_.data() + buffer_.size());
  if (pending_.empty()) return !failed_;
  std::shared_ptr<const Redactor> redactor = source_();
  out_.clear();
  std::size_t used = redactor->redact_prefix(pending_, out_, final);
  pending_.erase(0, used);
  if (!out_.empty() && !failed_ && !sink_(out_)) failed_ = true;
  return !failed_;
}

RedactingStreambuf::int_type RedactingStreambuf::overflow(int_type ch) {
  if (!drain(false)) return traits_type::eof();
  if (!traits_type::eq_int_type(ch, traits_type::eof())) {
    *pptr() = traits_type::to_char_type(ch);
    pbump(1);
  }
  return traits_type::not_eof(ch);
}

int RedactingStreambuf::sync() { return drain(false) ? 0 : -1; }

bool RedactingStreambuf::finish() { return drain(true); }

}  // namespace sncheck
