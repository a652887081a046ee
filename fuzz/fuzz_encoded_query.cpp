// SPDX-License-Identifier: Apache-2.0
// Fuzzes encoded queries (sysparm_query). The first line of the input is the query; the following
// lines are "field=value" pairs of a row to match it against.
// Invariants: what parses prints back to a query that parses to the same text, fields and
// matching result (the engine merges queries as text and re-parses them), and matching never
// crashes.

#include <string>

#include "fuzz_target.h"
#include "query/encoded_query.h"

namespace {

using sncheck::fuzz::invariant_broken;

sncheck::Record row_from_lines(std::string_view text) {
  sncheck::Record row;
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    std::size_t equals = line.find('=');
    if (equals == std::string_view::npos) continue;
    row[std::string(line.substr(0, equals))].value = std::string(line.substr(equals + 1));
  }
  return row;
}

sncheck::EncodedQuery must_parse(std::string_view text, std::string_view what) {
  sncheck::QueryParseError error;
  std::optional<sncheck::EncodedQuery> query = sncheck::parse_encoded_query(text, &error);
  if (!query) invariant_broken(std::string(what) + " does not parse: " + error.message);
  return *query;
}

void check_round_trip(const sncheck::EncodedQuery& query, const sncheck::Record& row) {
  // Deterministic, and independent of the row, so both sides see the same schema.
  auto field_known = [](std::string_view field) { return field.size() % 2 == 0; };
  std::string printed = sncheck::to_string(query);
  sncheck::EncodedQuery reparsed = must_parse(printed, "to_string's output");
  if (sncheck::to_string(reparsed) != printed) invariant_broken("to_string is not stable");
  if (sncheck::query_fields(reparsed) != sncheck::query_fields(query)) {
    invariant_broken("the round trip changed the fields");
  }
  if (sncheck::matches(reparsed, row, field_known) != sncheck::matches(query, row, field_known)) {
    invariant_broken("the round trip changed which rows match");
  }
  // The planner merges reads of one table with join_any; a merge of valid queries is valid.
  must_parse(sncheck::join_any({printed, printed + "^EQ"}), "join_any's output");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text = sncheck::fuzz::as_text(data, size);
  std::size_t newline = text.find('\n');
  std::string_view query_text = text.substr(0, newline);
  sncheck::Record row = row_from_lines(
      newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1));

  sncheck::unsafe_query_value(query_text);
  sncheck::unsafe_query_list_item(query_text);
  sncheck::QueryParseError error;
  std::optional<sncheck::EncodedQuery> query = sncheck::parse_encoded_query(query_text, &error);
  if (!query) {
    if (error.message.empty()) invariant_broken("a parse error without a message");
    return 0;
  }
  check_round_trip(*query, row);
  return 0;
}
