// SPDX-License-Identifier: Apache-2.0
#include "fetch/token_answer.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "core/json_cursor.h"
#include "core/secrets.h"

namespace sncheck {
namespace {

constexpr std::size_t kMaxErrorCode = 64;

std::string what_came(long status, std::string_view content_type, std::size_t bytes) {
  return fmt::format("HTTP {} with {} bytes of {} (not shown)", status, bytes,
                     content_type.empty() ? std::string_view("unknown content") : content_type);
}

TokenAnswer unjudgeable(std::string what) {
  TokenAnswer answer;
  answer.kind = TokenAnswerKind::Unjudgeable;
  answer.unjudgeable = std::move(what);
  return answer;
}

bool non_empty_string(const rapidjson::Value& object, const char* key) {
  auto member = object.FindMember(key);
  return member != object.MemberEnd() && member->value.IsString() &&
         member->value.GetStringLength() > 0;
}

// Only the generic error fields, never anything else the body holds (a misbehaving endpoint
// could echo a token or the secret).
std::string safe_refusal(const rapidjson::Value& document) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.StartObject();
  for (const char* key : {"error_description", "error"}) {
    auto member = document.FindMember(key);
    if (member == document.MemberEnd() || !member->value.IsString()) continue;
    writer.Key(key);
    writer.String(member->value.GetString(), member->value.GetStringLength());
  }
  writer.EndObject();
  return buffer.GetString();
}

TokenAnswer judge(long status, std::string_view content_type, std::size_t bytes,
                  const rapidjson::Document& document) {
  if (document.HasParseError() || !document.IsObject()) {
    return unjudgeable(
        fmt::format("{}, not a JSON object", what_came(status, content_type, bytes)));
  }
  if (std::optional<std::string> repeated = duplicate_key(document)) {
    return unjudgeable(fmt::format("{} whose JSON repeats the key '{}'",
                                   what_came(status, content_type, bytes),
                                   repeated->substr(0, kMaxErrorCode)));
  }
  if (status == 200) {
    if (non_empty_string(document, "access_token")) {
      TokenAnswer answer;
      answer.kind = TokenAnswerKind::Granted;
      return answer;
    }
    return unjudgeable(
        fmt::format("{} without an access_token", what_came(status, content_type, bytes)));
  }
  if (status >= 400 && non_empty_string(document, "error")) {
    TokenAnswer answer;
    answer.kind = TokenAnswerKind::Refused;
    const rapidjson::Value& error = document["error"];
    answer.oauth_error.assign(error.GetString(),
                              std::min<std::size_t>(error.GetStringLength(), kMaxErrorCode));
    answer.safe_body = safe_refusal(document);
    return answer;
  }
  return unjudgeable(
      fmt::format("{} without an OAuth error", what_came(status, content_type, bytes)));
}

}  // namespace

TokenAnswer classify_token_answer(long status, std::string_view content_type,
                                  std::string_view location, std::string_view body) {
  if (status >= 300 && status < 400) {
    return unjudgeable(location.empty()
                           ? fmt::format("a redirect (HTTP {}) without a Location", status)
                           : fmt::format("a redirect (HTTP {}) to {}", status, location));
  }
  if (status >= 500) {
    return unjudgeable(
        fmt::format("a server error: {}", what_came(status, content_type, body.size())));
  }
  if (body.find('\0') != std::string_view::npos) {
    return unjudgeable(
        fmt::format("{}, not JSON (a NUL byte)", what_came(status, content_type, body.size())));
  }
  // Parsed in situ in a copy that is wiped: a granted answer carries the token, and a parse that
  // copies strings would leave it in freed memory. The padding keeps RapidJSON, which reads past
  // the terminator inside a truncated UTF-8 sequence, within the buffer.
  std::string copy(body);
  copy.append(8, '\0');
  TokenAnswer answer;
  {
    rapidjson::Document document;
    // Iterative: the recursive parser overflows the stack on deeply nested input.
    document.ParseInsitu<rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag>(
        copy.data());
    answer = judge(status, content_type, body.size(), document);
  }
  wipe(copy);
  return answer;
}

}  // namespace sncheck
