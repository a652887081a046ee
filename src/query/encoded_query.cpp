// SPDX-License-Identifier: Apache-2.0
#include "query/encoded_query.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace sncheck {
namespace {

constexpr std::string_view kOrConnector = "OR";
constexpr std::string_view kNewQuerySeparator = "^NQ";
constexpr std::string_view kOrderBy = "ORDERBY";
constexpr std::string_view kOrderByDesc = "ORDERBYDESC";
// UI-built queries end with ^EQ; it selects nothing and is accepted so such queries parse.
constexpr std::string_view kEndOfQuery = "EQ";

struct OpKeyword {
  std::string_view keyword;
  QueryOp op;
};

// The platform's spellings (ServiceNowDocs platform-user-interface/r_OpAvailableFiltersQueries.md:
// "NOT LIKE" l.205, "NOT IN" l.865, both with a space; there is no NOTLIKE or NOTIN). Longest
// keywords first, so "NOT IN" wins over "IN" and "ISNOTEMPTY" over "ISEMPTY".
constexpr std::array<OpKeyword, 10> kOpKeywords = {{
    {"ISNOTEMPTY", QueryOp::IsNotEmpty},
    {"STARTSWITH", QueryOp::StartsWith},
    {"ENDSWITH", QueryOp::EndsWith},
    {"ISEMPTY", QueryOp::IsEmpty},
    {"NOT LIKE", QueryOp::NotLike},
    {"NOT IN", QueryOp::NotIn},
    {"LIKE", QueryOp::Like},
    {"IN", QueryOp::In},
    {"!=", QueryOp::NotEquals},
    {"=", QueryOp::Equals},
}};

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool is_field_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
}

bool is_lowercase_field_char(char c) {
  return is_field_char(c) && !std::isupper(static_cast<unsigned char>(c));
}

bool is_valid_field(std::string_view field) {
  return !field.empty() && std::all_of(field.begin(), field.end(), is_field_char);
}

bool is_unary(QueryOp op) { return op == QueryOp::IsEmpty || op == QueryOp::IsNotEmpty; }

std::vector<std::string_view> split(std::string_view text, std::string_view separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t end = text.find(separator, start);
    if (end == std::string_view::npos) {
      parts.push_back(text.substr(start));
      return parts;
    }
    parts.push_back(text.substr(start, end - start));
    start = end + separator.size();
  }
}

const OpKeyword* keyword_at(std::string_view text) {
  for (const OpKeyword& candidate : kOpKeywords) {
    if (starts_with(text, candidate.keyword)) return &candidate;
  }
  return nullptr;
}

bool set_error(QueryParseError* error, std::string message) {
  if (error) error->message = std::move(message);
  return false;
}

// Where the operator starts. Column names are lowercase on the platform, so the operator is
// first looked for at the first uppercase or non-field character (this keeps "nameANYTHING" an
// unknown operator instead of reading it as "nameANYTH" IN "G"). Mixed-case field names are then
// accepted only with the symbolic operators, right after the whole [A-Za-z0-9_.] run.
std::optional<std::pair<std::size_t, const OpKeyword*>> find_operator(std::string_view term) {
  std::size_t lower_end = 0;
  while (lower_end < term.size() && is_lowercase_field_char(term[lower_end])) ++lower_end;
  if (lower_end > 0) {
    if (const OpKeyword* keyword = keyword_at(term.substr(lower_end))) {
      return std::make_pair(lower_end, keyword);
    }
  }
  std::size_t field_end = lower_end;
  while (field_end < term.size() && is_field_char(term[field_end])) ++field_end;
  if (field_end > lower_end && field_end > 0) {
    const OpKeyword* keyword = keyword_at(term.substr(field_end));
    if (keyword && !std::isalpha(static_cast<unsigned char>(keyword->keyword[0]))) {
      return std::make_pair(field_end, keyword);
    }
  }
  return std::nullopt;
}

bool parse_term(std::string_view text, QueryTerm* term, QueryParseError* error) {
  auto found = find_operator(text);
  if (!found) {
    return set_error(error,
                     "no known operator after the field name in '" + std::string(text) + "'");
  }
  auto [field_end, keyword] = *found;
  std::string_view value = text.substr(field_end + keyword->keyword.size());
  if (is_unary(keyword->op) && !value.empty()) {
    return set_error(
        error, std::string(keyword->keyword) + " takes no value in '" + std::string(text) + "'");
  }
  term->field = std::string(text.substr(0, field_end));
  term->op = keyword->op;
  term->value = std::string(value);
  return true;
}

bool parse_order(std::string_view segment, EncodedQuery* query, QueryParseError* error) {
  bool descending = starts_with(segment, kOrderByDesc);
  std::string_view field = segment.substr(descending ? kOrderByDesc.size() : kOrderBy.size());
  if (!is_valid_field(field)) {
    return set_error(error, "bad field name in '" + std::string(segment) + "'");
  }
  query->order.push_back({std::string(field), descending});
  return true;
}

// One ^NQ-separated part: clauses joined by ^, terms within a clause joined by ^OR.
bool parse_group(std::string_view text, EncodedQuery* query, QueryParseError* error) {
  QueryGroup group;
  for (std::string_view segment : split(text, "^")) {
    if (segment.empty() || segment == kEndOfQuery) continue;
    if (starts_with(segment, kOrderBy)) {
      if (!parse_order(segment, query, error)) return false;
      continue;
    }
    bool is_or = starts_with(segment, kOrConnector);
    if (is_or && group.empty()) {
      return set_error(error, "^OR with no term before it in '" + std::string(text) + "'");
    }
    QueryTerm term;
    if (!parse_term(is_or ? segment.substr(kOrConnector.size()) : segment, &term, error)) {
      return false;
    }
    if (is_or) {
      group.back().push_back(std::move(term));
    } else {
      group.push_back(QueryClause{std::move(term)});
    }
  }
  if (!group.empty()) query->groups.push_back(std::move(group));
  return true;
}

// Walks the list in place: it is tested once per row, so it must not allocate.
bool list_contains(std::string_view list, std::string_view value) {
  while (true) {
    std::size_t comma = list.find(',');
    if (list.substr(0, comma) == value) return true;
    if (comma == std::string_view::npos) return false;
    list.remove_prefix(comma + 1);
  }
}

bool term_holds(const QueryTerm& term, std::string_view actual) {
  switch (term.op) {
    case QueryOp::Equals:
      return actual == term.value;
    case QueryOp::NotEquals:
      return actual != term.value;
    case QueryOp::In:
      return list_contains(term.value, actual);
    case QueryOp::NotIn:
      return !list_contains(term.value, actual);
    case QueryOp::StartsWith:
      return starts_with(actual, term.value);
    case QueryOp::EndsWith:
      return ends_with(actual, term.value);
    case QueryOp::Like:
      return actual.find(term.value) != std::string_view::npos;
    case QueryOp::NotLike:
      return actual.find(term.value) == std::string_view::npos;
    case QueryOp::IsEmpty:
      return actual.empty();
    case QueryOp::IsNotEmpty:
      return !actual.empty();
  }
  return false;
}

using FieldKnown = std::function<bool(std::string_view)>;

// A term on an unknown field is dropped; a clause left with no term selects every row.
bool clause_holds(const QueryClause& clause, const Record& row, const FieldKnown& field_known) {
  bool any_counted = false;
  for (const QueryTerm& term : clause) {
    const FieldValue* value = find_field(row, term.field);
    if (!value && !field_known(term.field)) continue;
    any_counted = true;
    if (term_holds(term, value ? std::string_view(value->value) : std::string_view())) return true;
  }
  return !any_counted;
}

bool group_holds(const QueryGroup& group, const Record& row, const FieldKnown& field_known) {
  return std::all_of(group.begin(), group.end(), [&](const QueryClause& clause) {
    return clause_holds(clause, row, field_known);
  });
}

std::string term_to_string(const QueryTerm& term) {
  std::string text = term.field;
  text += query_op_keyword(term.op);
  if (!is_unary(term.op)) text += term.value;
  return text;
}

std::string clause_to_string(const QueryClause& clause) {
  std::string text;
  for (const QueryTerm& term : clause) {
    if (!text.empty()) text += "^OR";
    text += term_to_string(term);
  }
  return text;
}

std::string group_to_string(const QueryGroup& group) {
  std::string text;
  for (const QueryClause& clause : group) {
    if (!text.empty()) text += "^";
    text += clause_to_string(clause);
  }
  return text;
}

}  // namespace

std::string_view query_op_keyword(QueryOp op) {
  for (const OpKeyword& candidate : kOpKeywords) {
    if (candidate.op == op) return candidate.keyword;
  }
  return "";
}

std::optional<EncodedQuery> parse_encoded_query(std::string_view text, QueryParseError* error) {
  EncodedQuery query;
  for (std::string_view group_text : split(text, kNewQuerySeparator)) {
    if (!parse_group(group_text, &query, error)) return std::nullopt;
  }
  return query;
}

std::string to_string(const EncodedQuery& query) {
  std::string text;
  for (const QueryGroup& group : query.groups) {
    if (!text.empty()) text += kNewQuerySeparator;
    text += group_to_string(group);
  }
  for (const QueryOrder& order : query.order) {
    if (!text.empty()) text += "^";
    text += order.descending ? kOrderByDesc : kOrderBy;
    text += order.field;
  }
  return text;
}

std::vector<std::string> query_fields(const EncodedQuery& query) {
  std::vector<std::string> fields;
  for (const QueryGroup& group : query.groups) {
    for (const QueryClause& clause : group) {
      for (const QueryTerm& term : clause) {
        if (std::find(fields.begin(), fields.end(), term.field) == fields.end()) {
          fields.push_back(term.field);
        }
      }
    }
  }
  return fields;
}

std::string join_any(const std::vector<std::string>& queries) {
  // Each query's own ^NQ groups count on their own: a group two queries share is sent once.
  std::vector<std::string_view> distinct;
  for (const std::string& query : queries) {
    if (query.empty()) return "";
    for (std::string_view group : split(query, kNewQuerySeparator)) {
      if (std::find(distinct.begin(), distinct.end(), group) == distinct.end()) {
        distinct.push_back(group);
      }
    }
  }
  std::string joined;
  for (std::string_view group : distinct) {
    if (!joined.empty()) joined += kNewQuerySeparator;
    joined += group;
  }
  return joined;
}

bool matches(const EncodedQuery& query, const Record& row,
             const std::function<bool(std::string_view)>& field_known) {
  if (query.groups.empty()) return true;
  return std::any_of(query.groups.begin(), query.groups.end(),
                     [&](const QueryGroup& group) { return group_holds(group, row, field_known); });
}

std::string unsafe_query_value(std::string_view value) {
  if (value.find('^') != std::string_view::npos) {
    return "contains '^', the encoded-query separator";
  }
  for (char c : value) {
    unsigned char byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) return "contains a control character";
  }
  std::string prefix;
  for (char c : value.substr(0, 11))
    prefix += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (prefix == "javascript:") {
    return "starts with 'javascript:', which the platform runs as script";
  }
  return "";
}

std::string unsafe_query_list_item(std::string_view value) {
  if (value.find(',') != std::string_view::npos) {
    return "contains ',', the IN-list separator";
  }
  return unsafe_query_value(value);
}

}  // namespace sncheck
