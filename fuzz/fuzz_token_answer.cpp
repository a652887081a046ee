// SPDX-License-Identifier: Apache-2.0
// Fuzzes how the token endpoint's answer is judged (fetch/token_answer.h). Input: line 1 the HTTP
// status, line 2 the Content-Type, then the body.

#include <rapidjson/document.h>

#include <charconv>
#include <string>

#include "fetch/token_answer.h"
#include "fuzz_target.h"

namespace {

using sncheck::fuzz::invariant_broken;

std::string_view next_line(std::string_view& text) {
  std::size_t end = text.find('\n');
  std::string_view line = text.substr(0, end);
  text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
  return line;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text = sncheck::fuzz::as_text(data, size);
  std::string_view status_text = next_line(text);
  long status = 0;
  std::from_chars(status_text.data(), status_text.data() + status_text.size(), status);
  std::string_view content_type = next_line(text);
  sncheck::TokenAnswer answer =
      sncheck::classify_token_answer(status, content_type, "https://x/login.do", text);
  switch (answer.kind) {
    case sncheck::TokenAnswerKind::Granted:
      if (status != 200) invariant_broken("a token granted without a 200");
      if (!answer.safe_body.empty() || !answer.oauth_error.empty()) {
        invariant_broken("a grant carries refusal text");
      }
      break;
    case sncheck::TokenAnswerKind::Refused: {
      if (status < 400 || status >= 500) invariant_broken("a refusal outside 4xx");
      if (answer.oauth_error.empty() || answer.oauth_error.size() > 64) {
        invariant_broken("a refusal without a bounded OAuth error");
      }
      // Only error and error_description may be shown.
      rapidjson::Document shown;
      shown.Parse(answer.safe_body.c_str(), answer.safe_body.size());
      if (shown.HasParseError() || !shown.IsObject()) invariant_broken("safe_body is not JSON");
      for (auto member = shown.MemberBegin(); member != shown.MemberEnd(); ++member) {
        std::string_view key(member->name.GetString(), member->name.GetStringLength());
        if (key != "error" && key != "error_description") invariant_broken("safe_body leaks");
      }
      break;
    }
    case sncheck::TokenAnswerKind::Unjudgeable:
      if (answer.unjudgeable.empty()) invariant_broken("unjudgeable without saying what came");
      break;
    case sncheck::TokenAnswerKind::NoAnswer:
      invariant_broken("an answer classified as no answer");
  }
  return 0;
}
