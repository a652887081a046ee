#include "fetch/paging.h"

#include <fmt/format.h>

#include "fetch/request_url.h"
#include "fetch/response_parser.h"

namespace sncheck {
namespace {

PagingDecision fail(FetchError error) { return PagingDecision{std::nullopt, std::move(error)}; }

FetchError paging_error(const std::string& table, const std::string& what) {
  return make_fetch_error(FetchErrorKind::PagingLoop, table, 200,
                          fmt::format("reading {}: paging does not end: {}", table, what),
                          "narrow the read with a query, or raise the page size or page cap");
}

FetchError count_error(const std::string& table, long count, long received) {
  return make_fetch_error(
      FetchErrorKind::PagingMismatch, table, 200,
      fmt::format("reading {}: X-Total-Count says {} rows but {} arrived: the count is wrong, so "
                  "rows past it may be missing",
                  table, count, received),
      "something between sncheck and the instance rewrites paging headers (the Table API sends a "
      "Link header, which sncheck follows instead): check for a proxy, and re-run with -v");
}

// The page a Link rel="next" names, if the header has one.
std::optional<PagingDecision> from_link(const PageFacts& facts, NextPage& next) {
  std::optional<std::string> link = next_link(facts.link_header);
  const std::string& table = facts.read->table;
  if (!link) return std::nullopt;
  std::optional<std::string> url = resolve_url(facts.url, *link);
  if (!url || !same_origin(*url, facts.base_url)) {
    return fail(paging_error(
        table, fmt::format("the Link rel=\"next\" target {} is not on the instance's origin {}",
                           without_userinfo(*link), facts.base_url)));
  }
  next.url = *url;
  next.offset = query_param_long(*url, "sysparm_offset").value_or(facts.offset + facts.limit);
  next.limit = query_param_long(*url, "sysparm_limit").value_or(facts.limit);
  return PagingDecision{};
}

// Without Link, X-Total-Count alone says where the table ends.
std::optional<PagingDecision> from_count(const PageFacts& facts, NextPage& next) {
  const std::string& table = facts.read->table;
  long known_total = facts.total_count ? *facts.total_count : facts.first_total_count;
  long offset = facts.offset + facts.limit;
  if (known_total < 0 || facts.limit <= 0) return PagingDecision{};
  // A count below the rows already received is a lie that would end paging early and silently
  // drop rows.
  if (facts.rows_received > known_total) {
    return fail(count_error(table, known_total, facts.rows_received));
  }
  if (known_total <= offset) return PagingDecision{};
  // A count too large to page through is refused at once rather than after max_pages requests
  // of empty pages.
  long pages = (known_total + facts.limit - 1) / facts.limit;
  if (pages > facts.max_pages) {
    return fail(paging_error(table, fmt::format("X-Total-Count says {} rows: {} pages of {}, more "
                                                "than the cap of {} pages",
                                                known_total, pages, facts.limit, facts.max_pages)));
  }
  next.url = page_url(facts.base_url, *facts.read, static_cast<int>(facts.limit), offset);
  next.offset = offset;
  next.limit = facts.limit;
  return std::nullopt;
}

}  // namespace

PagingDecision next_page(const PageFacts& facts) {
  NextPage next;
  std::optional<PagingDecision> decided = from_link(facts, next);
  if (!decided && !facts.link_header.empty()) {
    return PagingDecision{};  // Link leads and names no next page: the read is complete
  }
  if (!decided) decided = from_count(facts, next);
  if (decided && (decided->error || next.url.empty())) return *decided;
  const std::string& table = facts.read->table;
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
