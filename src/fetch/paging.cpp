// SPDX-License-Identifier: Apache-2.0
#include "fetch/paging.h"

#include <fmt/format.h>

#include "core/strings.h"
#include "fetch/request_url.h"
#include "fetch/response_parser.h"
#include "fetch/status_mapping.h"

namespace sncheck {
namespace {

constexpr std::size_t kShownHeaderChars = 40;

PagingDecision fail(FetchError error) { return PagingDecision{std::nullopt, std::move(error)}; }

constexpr const char* kProxyRemedy =
    "something between sncheck and the instance rewrites paging (the Table API sends one "
    "X-Total-Count and a Link header with every list answer): check for a proxy or gateway, and "
    "re-run with -v to see each page";

FetchError paging_error(const std::string& table, const std::string& what) {
  return make_fetch_error(FetchErrorKind::PagingLoop, table, 200,
                          fmt::format("reading {}: paging does not end: {}", table, what),
                          "narrow the read with a query, or raise the page size or page cap");
}

FetchError mismatch(const std::string& table, const std::string& what) {
  return make_fetch_error(FetchErrorKind::PagingMismatch, table, 200,
                          fmt::format("reading {}: {}", table, what), kProxyRemedy);
}

FetchError count_error(const std::string& table, long count, long received) {
  return mismatch(table, fmt::format("X-Total-Count says {} rows but {} arrived: the count is "
                                     "wrong, so rows past it may be missing",
                                     count, received));
}

FetchError bad_header(const std::string& table, const std::string& what) {
  return make_fetch_error(FetchErrorKind::BadPagingHeader, table, 200,
                          fmt::format("reading {}: {}", table, what), kProxyRemedy);
}

// A server-controlled header value, short enough to quote in a message.
std::string shown(const std::string& text) {
  if (text.size() <= kShownHeaderChars) return text;
  return text.substr(0, kShownHeaderChars) + "...";
}

FetchError hidden_rows(const PageFacts& facts, long total) {
  const std::string& table = facts.read->table;
  long missing = total - facts.rows_received;
  std::string who = facts.reader.empty() ? std::string("the reading account (bearer token)")
                                         : fmt::format("user {}", facts.reader);
  std::string account = facts.reader.empty() ? std::string("the reading account") : facts.reader;
  return make_fetch_error(
      FetchErrorKind::HiddenRows, table, 200,
      fmt::format("reading {}: X-Total-Count says {} {} match but {} arrived after every page was "
                  "read: {} {} not readable by {} (row-level read ACLs hide them), so no check "
                  "can judge this table",
                  table, total, total == 1 ? "row" : "rows", facts.rows_received, missing,
                  missing == 1 ? "row is" : "rows are", who),
      fmt::format("give {} read access to every row of {} ({}, or a role that every read ACL on "
                  "{} admits), or run sncheck with an account that has it",
                  account, table, read_role_hint(table), table));
}

FetchError repeated_rows(const PageFacts& facts) {
  const std::string& table = facts.read->table;
  if (facts.repeated_rows == facts.page_rows) {
    return make_fetch_error(
        FetchErrorKind::RepeatedRows, table, 200,
        fmt::format("reading {}: page {} (sysparm_offset={}) repeats the rows of an earlier page "
                    "(sys_id {}): the instance ignores sysparm_offset, so paging cannot reach "
                    "the rest",
                    table, facts.pages_read, facts.offset, shown(facts.repeated_sys_id)),
        "something between sncheck and the instance drops sysparm_offset (a proxy or gateway "
        "rewriting the query): check it; --page-size up to 10000 lets a small table fit one page");
  }
  return make_fetch_error(
      FetchErrorKind::RepeatedRows, table, 200,
      fmt::format("reading {}: row {} arrived twice (again on page {}): rows moved while sncheck "
                  "paged, or the instance ignores part of the query",
                  table, shown(facts.repeated_sys_id), facts.pages_read),
      "run sncheck again; if it recurs, check for a proxy or gateway rewriting the query");
}

// The count this read is judged by: the first page's. A later page's must agree.
std::optional<PagingDecision> check_count(const PageFacts& facts, const CountHeader& count,
                                          long& known_total) {
  const std::string& table = facts.read->table;
  known_total = facts.pages_read <= 1 ? count.value : facts.first_total_count;
  if (count.state == CountHeader::State::Invalid) {
    return fail(bad_header(table, fmt::format("X-Total-Count {}: sncheck cannot tell how many "
                                              "rows match",
                                              count.problem)));
  }
  // A page that repeats rows says more (an ignored offset, a Link back to an earlier page) than
  // the count those extra rows then contradict.
  if (facts.repeated_rows > 0) return fail(repeated_rows(facts));
  if (facts.pages_read > 1 && facts.first_total_count >= 0 &&
      count.state == CountHeader::State::Valid && count.value != facts.first_total_count) {
    return fail(mismatch(
        table, fmt::format("X-Total-Count changed from {} on the first page to {} on page {}: "
                           "rows were added or removed while sncheck read, or the count is wrong",
                           facts.first_total_count, count.value, facts.pages_read)));
  }
  if (known_total >= 0 && facts.rows_received > known_total) {
    return fail(count_error(table, known_total, facts.rows_received));
  }
  if (known_total >= 0 && facts.pages_read <= 1 && facts.limit > 0) {
    // A count too large to page through is refused at once rather than after max_pages
    // requests of empty pages.
    long pages = (known_total + facts.limit - 1) / facts.limit;
    if (pages > facts.max_pages) {
      return fail(paging_error(
          table, fmt::format("X-Total-Count says {} rows: {} pages of {}, more than the cap of {} "
                             "pages",
                             known_total, pages, facts.limit, facts.max_pages)));
    }
  }
  return std::nullopt;
}

// The page a Link rel="next" names. nullopt: the Link names no next page.
std::optional<PagingDecision> from_link(const PageFacts& facts, const LinkHeader& link,
                                        long known_total, NextPage& next) {
  const std::string& table = facts.read->table;
  if (!link.next) return std::nullopt;
  std::optional<std::string> url = resolve_url(facts.url, *link.next);
  if (!url || !same_origin(*url, facts.base_url)) {
    return fail(paging_error(
        table, fmt::format("the Link rel=\"next\" target {} is not on the instance's origin {}",
                           without_userinfo(*link.next), facts.base_url)));
  }
  next.url = *url;
  next.offset = query_param_long(*url, "sysparm_offset").value_or(facts.offset + facts.limit);
  next.limit = query_param_long(*url, "sysparm_limit").value_or(facts.limit);
  if (known_total >= 0 && next.offset >= known_total) {
    return fail(mismatch(table, fmt::format("the Link header names a next page at offset {}, but "
                                            "X-Total-Count says the read has {} rows",
                                            next.offset, known_total)));
  }
  if (known_total < 0 && facts.page_rows == 0) {
    return fail(paging_error(table,
                             "the Link header still says next after an empty page, and "
                             "no X-Total-Count says where the read ends"));
  }
  return PagingDecision{};
}

// A Link without rel="next" ends the read, unless the count says rows remain.
std::optional<PagingDecision> link_ends(const PageFacts& facts, const LinkHeader& link,
                                        long known_total) {
  const std::string& table = facts.read->table;
  long paged = facts.offset + facts.limit;
  if (known_total < 0 || known_total <= paged) {
    if (link.well_formed || known_total >= 0) return PagingDecision{};
    return std::nullopt;  // unparseable and no count: read on as if there were no marker
  }
  if (!link.well_formed) {
    return fail(bad_header(
        table, fmt::format("the Link header cannot be parsed while X-Total-Count says {} rows "
                           "match and only {} were paged",
                           known_total, paged)));
  }
  return fail(mismatch(table, fmt::format("the Link header names no next page, but "
                                          "X-Total-Count says {} rows match and only {} were "
                                          "paged",
                                          known_total, paged)));
}

// Without a (usable) Link: the count, else an empty page, says where the read ends.
std::optional<PagingDecision> by_offset(const PageFacts& facts, long known_total, NextPage& next) {
  long offset = facts.offset + facts.limit;
  if (facts.limit <= 0) return PagingDecision{};
  if (known_total >= 0 && known_total <= offset) return PagingDecision{};
  if (known_total < 0 && facts.page_rows == 0) return PagingDecision{};
  next.url = page_url(facts.base_url, *facts.read, static_cast<int>(facts.limit), offset);
  next.offset = offset;
  next.limit = facts.limit;
  return std::nullopt;
}

}  // namespace

CountHeader parse_total_count(const std::string& text, std::size_t headers) {
  CountHeader count;
  if (headers == 0) return count;
  count.state = CountHeader::State::Invalid;
  if (headers > 1) {
    count.problem = fmt::format("was sent {} times ('{}')", headers, shown(text));
    return count;
  }
  std::string_view digits = trim(text);
  bool numeric = !digits.empty() && digits.size() <= 18 &&
                 digits.find_first_not_of("0123456789") == std::string_view::npos;
  if (!numeric) {
    count.problem = fmt::format("'{}' is not a row count", shown(text));
    return count;
  }
  count.state = CountHeader::State::Valid;
  count.value = std::stol(std::string(digits));
  return count;
}

PagingDecision next_page(const PageFacts& facts) {
  const std::string& table = facts.read->table;
  CountHeader count = parse_total_count(facts.total_count_text, facts.total_count_headers);
  long known_total = -1;
  if (auto decided = check_count(facts, count, known_total)) return *decided;

  NextPage next;
  std::optional<PagingDecision> decided;
  if (!facts.link_header.empty()) {
    LinkHeader link = parse_link_header(facts.link_header);
    decided =
        link.next ? from_link(facts, link, known_total, next) : link_ends(facts, link, known_total);
  }
  if (!decided) decided = by_offset(facts, known_total, next);
  if (decided && decided->error) return *decided;  // nullopt: by_offset set the next page
  if (next.url.empty()) {  // complete: every row the count promises must have arrived
    if (known_total > facts.rows_received) return fail(hidden_rows(facts, known_total));
    return PagingDecision{};
  }
  if (facts.requested != nullptr && facts.requested->count(next.url) > 0) {
    return fail(paging_error(
        table, fmt::format("the next page {} was already read", without_userinfo(next.url))));
  }
  if (facts.pages_read >= facts.max_pages) {
    return fail(paging_error(table, fmt::format("more than {} pages", facts.max_pages)));
  }
  return PagingDecision{next, std::nullopt};
}

}  // namespace sncheck
