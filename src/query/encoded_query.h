// SPDX-License-Identifier: Apache-2.0
#pragma once
// ServiceNow encoded queries (sysparm_query): parsing, building and matching against rows.
// sncheck matches locally because the engine merges several checks' reads of a table into one
// request (q1^NQq2) and must give each check back only the rows its own query selects.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/record.h"

namespace sncheck {

enum class QueryOp {
  Equals,      // =
  NotEquals,   // !=
  In,          // IN a,b,c
  NotIn,       // NOT IN a,b,c (with a space, as the platform writes it)
  StartsWith,  // STARTSWITH
  EndsWith,    // ENDSWITH
  Like,        // LIKE (contains)
  NotLike,     // NOT LIKE (with a space, as the platform writes it)
  IsEmpty,     // ISEMPTY
  IsNotEmpty,  // ISNOTEMPTY
};

struct QueryTerm {
  std::string field;
  QueryOp op = QueryOp::Equals;
  std::string value;  // for In/NotIn the raw comma list
};

// A query is an OR (^NQ) of groups; a group is an AND (^) of clauses; a clause is an OR (^OR) of
// terms. This is how the platform reads a^b^ORc^NQd: (a AND (b OR c)) OR d.
using QueryClause = std::vector<QueryTerm>;
using QueryGroup = std::vector<QueryClause>;
// ORDERBY<field> / ORDERBYDESC<field>: kept so to_string round-trips, ignored by matches().
struct QueryOrder {
  std::string field;
  bool descending = false;
};

struct EncodedQuery {
  std::vector<QueryGroup> groups;  // empty: matches every row
  std::vector<QueryOrder> order;   // written after the groups, whichever group they came from
};

struct QueryParseError {
  std::string message;  // names the offending part
};

// Parses an encoded query. Unknown operators are an error here: sncheck writes its own queries
// and must never send one the platform would silently ignore in part.
std::optional<EncodedQuery> parse_encoded_query(std::string_view text,
                                                QueryParseError* error = nullptr);

std::string to_string(const EncodedQuery& query);

// The fields a query's terms mention, in first-seen order, without duplicates. ORDERBY fields are
// not included: they select no rows, so matching never needs their values.
std::vector<std::string> query_fields(const EncodedQuery& query);

// Joins whole queries with ^NQ (any of them). Identical ^NQ groups are sent once (a group two
// queries share, or a query given twice); an empty query (every row) absorbs the others.
std::string join_any(const std::vector<std::string>& queries);

// Whether a row satisfies the query.
// field_known(name) says whether the field exists: a term on an unknown field is dropped, as the
// platform does (the fake instance passes its schema; sncheck passes "present in the row").
// Comparison is exact on the stored value (the sys_id for references).
bool matches(const EncodedQuery& query, const Record& row,
             const std::function<bool(std::string_view)>& field_known);

// Rejects values that cannot be embedded in an encoded query: they contain ^ or control
// characters, or start with "javascript:" (the platform runs such a value as server-side script
// instead of comparing it). Returns an error message, or empty when the value is safe.
// Commas are safe here; for an item of an IN / NOT IN list use unsafe_query_list_item.
std::string unsafe_query_value(std::string_view value);

// As unsafe_query_value, and also rejects a comma, which would split an IN / NOT IN list item.
std::string unsafe_query_list_item(std::string_view value);

// The operator's keyword as written in a query ("=", "!=", "IN", "ISEMPTY", ...).
std::string_view query_op_keyword(QueryOp op);

}  // namespace sncheck
