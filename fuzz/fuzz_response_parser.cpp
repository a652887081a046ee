// SPDX-License-Identifier: Apache-2.0
// Fuzzes what sncheck makes of an instance's answers: Table API bodies, error envelopes, HTML
// pages and Link headers. The instance (or whatever answers in its place) is not trusted input.

#include <string>

#include "fetch/response_parser.h"
#include "fuzz_target.h"

namespace {

using sncheck::fuzz::invariant_broken;

void fuzz_table_page(std::string_view text) {
  sncheck::ParsedPage page = sncheck::parse_table_page("sys_user", std::string(text));
  for (const sncheck::Record& row : page.rows) {
    for (const auto& [name, value] : row) {
      // JSON null is kept apart from "", never with a value of its own.
      if (value.null && !value.value.empty()) invariant_broken("parse_table_page: a null value");
    }
  }
  if (page.error) {
    if (!page.rows.empty()) invariant_broken("parse_table_page: an error page also has rows");
    if (page.error->message.empty()) invariant_broken("parse_table_page: an error without text");
    switch (page.error->kind) {
      case sncheck::FetchErrorKind::HibernatingInstance:
      case sncheck::FetchErrorKind::LoginPage:
      case sncheck::FetchErrorKind::NotJson:
      case sncheck::FetchErrorKind::MalformedJson:
        break;
      default:  // transport and status kinds are decided elsewhere, never from a body
        invariant_broken("parse_table_page: an error kind a body cannot cause");
    }
  }
}

void fuzz_error_body(std::string_view text) {
  std::optional<sncheck::ServiceNowError> error = sncheck::parse_error_body(text);
  if (error && error->message.empty() && error->detail.empty()) {
    invariant_broken("parse_error_body: an error with neither message nor detail");
  }
}

void fuzz_next_link(std::string_view text) {
  std::optional<std::string> next = sncheck::next_link(text);
  sncheck::LinkHeader parsed = sncheck::parse_link_header(text);
  if (parsed.next != next) invariant_broken("parse_link_header: a next next_link does not see");
  if (parsed.well_formed && text.find('<') == std::string_view::npos) {
    invariant_broken("parse_link_header: well formed without a single <uri>");
  }
  if (!next) return;
  if (next->empty()) invariant_broken("next_link: an empty target");
  // The target is copied from between < and >, never invented.
  if (text.find("<" + *next + ">") == std::string_view::npos) {
    invariant_broken("next_link: a target that is not in the header");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text = sncheck::fuzz::as_text(data, size);
  fuzz_table_page(text);
  fuzz_error_body(text);
  fuzz_next_link(text);
  sncheck::classify_html(text);
  return 0;
}
