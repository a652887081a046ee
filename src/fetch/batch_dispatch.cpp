// SPDX-License-Identifier: Apache-2.0
// The Batch API side of a wave: which ready page GETs go together in batches, and what a batch's
// answer means for each page in it. Every item is a GET of the Table API and is judged as its
// own GET would be (FetchRun::on_answer); whatever the Batch API cannot do (it is missing or
// refused, it left items unserviced, its answer is too large or not a batch answer) is done
// with plain GETs instead, never guessed at.

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "fetch/batch_api.h"
#include "fetch/fetch_run.h"
#include "fetch/response_parser.h"

namespace sncheck {
namespace {

using Clock = std::chrono::steady_clock;

// A batch's expected answer is kept under this (the pages' sizes as their first page showed),
// well inside the 64 MiB body cap and the instance's 30-second batch quota.
constexpr std::size_t kBatchAnswerBudget = 8u * 1024u * 1024u;

std::string batch_url(const std::string& base_url) {
  std::string url = base_url;
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url + std::string(kBatchPath);
}

}  // namespace

bool FetchRun::batchable(const PageRequest& request) const {
  if (request.plain_only || config_.batch == BatchMode::Never || memory_.batch_unavailable) {
    return false;
  }
  std::string relative = relative_url(request.url);
  return !relative.empty() && relative.size() <= kMaxBatchItemRequestBytes;
}

// Takes the batchable requests out of `due` into batches over at most `free_slots` requests and
// starts them. Auto mode batches only when more GETs are
// ready than slots are free (else they all go out at once anyway); --batch whenever two are.
void FetchRun::start_batches(std::vector<PageRequest>& due, std::size_t free_slots) {
  std::vector<PageRequest> pages;
  std::vector<PageRequest> rest;
  for (PageRequest& request : due) {
    (batchable(request) ? pages : rest).push_back(std::move(request));
  }
  due = std::move(rest);
  bool worth_it = config_.batch == BatchMode::Always ? pages.size() >= 2
                                                     : pages.size() + due.size() > free_slots;
  if (!worth_it || pages.size() < 2 || free_slots == 0) {
    due.insert(due.begin(), std::make_move_iterator(pages.begin()),
               std::make_move_iterator(pages.end()));
    return;
  }
  // Spread over the free slots: the instance serves a batch's items one after another, so four
  // batches of four finish sooner than one of sixteen, in the same round trip.
  std::size_t max_items = static_cast<std::size_t>(std::max(config_.max_batch_items, 2));
  // Base64 makes an item's answer a third larger: the batch's answer must fit the body cap.
  std::size_t budget = std::min(kBatchAnswerBudget, config_.max_body_bytes / 2);
  std::size_t started = 0;
  std::size_t next = 0;
  while (next < pages.size() && started < free_slots) {
    std::size_t left = pages.size() - next;
    std::size_t slots = free_slots - started;
    std::size_t size =
        std::min({left, max_items, std::max<std::size_t>(2, (left + slots - 1) / slots)});
    std::size_t bytes = 0;
    std::size_t taken = 0;
    while (taken < size && (taken == 0 || bytes + pages[next + taken].expected_bytes <= budget)) {
      bytes += pages[next + taken].expected_bytes;
      ++taken;
    }
    if (taken < 2) break;  // one GET alone goes as itself
    std::vector<PageRequest> batch(
        std::make_move_iterator(pages.begin() + static_cast<long>(next)),
        std::make_move_iterator(pages.begin() + static_cast<long>(next + taken)));
    next += taken;
    start_batch(std::move(batch));
    ++started;
  }
  due.insert(due.begin(), std::make_move_iterator(pages.begin() + static_cast<long>(next)),
             std::make_move_iterator(pages.end()));
}

void FetchRun::start_batch(std::vector<PageRequest> pages) {
  auto transfer = std::make_unique<Transfer>();
  std::vector<BatchItemRequest> items;
  for (std::size_t i = 0; i < pages.size(); ++i) {
    items.push_back({std::to_string(i + 1), relative_url(pages[i].url)});
  }
  transfer->post_body =
      batch_request_body(fmt::format("sncheck-{}", ++memory_.batches_sent), items);
  transfer->batch = std::move(pages);
  transfer->body_cap = config_.max_body_bytes;
  transfer->easy.reset(curl_easy_init());
  try {
    if (!transfer->easy) throw std::runtime_error("curl_easy_init failed");
    configure_batch_request(*transfer, config_, batch_url(config_.base_url));
    std::size_t count = transfer->batch.size();
    add_transfer(transfer);
    ++stats_.batch_requests;
    stats_.batch_items += static_cast<int>(count);
  } catch (const std::exception& e) {
    for (const PageRequest& page : transfer->batch) {
      fail(page.read_index, internal_fetch_error(table_of(page), e.what()));
    }
  }
}

void FetchRun::resend_plain(std::vector<PageRequest> pages, double delay_seconds) {
  auto due = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                std::chrono::duration<double>(delay_seconds));
  for (PageRequest& page : pages) {
    page.plain_only = true;
    page.due = due;
    queue_.push_back(std::move(page));
  }
}

// The instance has no Batch API this account can use: said once (-v), then plain GETs for the
// rest of the run.
void FetchRun::batch_unavailable(const std::string& why, std::vector<PageRequest> pages) {
  if (!memory_.batch_unavailable && config_.log) {
    config_.log(fmt::format("the Batch API is not available ({}): reading with plain GETs", why));
  }
  memory_.batch_unavailable = true;
  resend_plain(std::move(pages), 0);
}

void FetchRun::complete_batch(Transfer& transfer, CURLcode result) {
  CURL* easy = transfer.easy.get();
  const std::string what = fmt::format("POST {} (Batch API, read-only: {} GETs)",
                                       batch_url(config_.base_url), transfer.batch.size());
  if (result != CURLE_OK || transfer.headers_over_cap) {
    log_failure(what, transfer, result);
    if (transfer.body_over_cap || result == CURLE_FILESIZE_EXCEEDED) {  // each page alone has
                                                                        // the whole cap
      resend_plain(std::move(transfer.batch), 0);
      return;
    }
    for (const PageRequest& page : transfer.batch) {
      fail(page.read_index, failure_error(transfer, result, table_of(page)));
    }
    return;
  }
  PageAnswer outer;
  outer.status = curl_info<long>(easy, CURLINFO_RESPONSE_CODE, 0);
  outer.headers = std::move(transfer.response_headers);
  outer.retry_after_seconds =
      static_cast<long>(curl_info<curl_off_t>(easy, CURLINFO_RETRY_AFTER, 0));
  std::string body = std::move(transfer.body);
  if (config_.log) {
    config_.log(fmt::format(
        "{} -> {} {}, {} bytes, {:.0f} ms", what, outer.status, http_version(easy), body.size(),
        std::chrono::duration<double, std::milli>(Clock::now() - transfer.started).count()));
  }
  bool json = body_is_json(outer.header("content-type"), body);
  if (outer.status == 200 && json) {
    std::vector<std::string> ids;
    for (std::size_t i = 0; i < transfer.batch.size(); ++i) ids.push_back(std::to_string(i + 1));
    BatchAnswer answer = parse_batch_answer(body, ids);
    body.clear();
    body.shrink_to_fit();
    if (answer.problem) {
      batch_unavailable(fmt::format("its answer is not a Batch API answer: {}", *answer.problem),
                        std::move(transfer.batch));
      return;
    }
    for (BatchItemAnswer& item : answer.serviced) {
      on_answer(transfer.batch[std::stoul(item.id) - 1], std::move(item.answer));
    }
    std::vector<PageRequest> unserviced;
    for (const std::string& id : answer.unserviced) {
      const PageRequest& page = transfer.batch[std::stoul(id) - 1];
      if (config_.log)
        config_.log(fmt::format("GET {} -> unserviced by the batch: sent alone", page.url));
      unserviced.push_back(page);
    }
    resend_plain(std::move(unserviced), 0);
    return;
  }
  // What a GET would have met too (a hibernation or login page, a redirect to login) ends the
  // reads as it would; a refusal of the batch itself (400, 401, 403, 404, 405) means no Batch
  // API for this account: the GETs go alone; a transient failure (429, 5xx) is left to them.
  outer.body = std::move(body);
  PageAnswer& answer = outer;
  bool intercepted = !json && classify_html(answer.body) != FetchErrorKind::NotJson;
  ResponseFacts facts = response_facts(transfer.batch.front(), answer);
  FetchError error = error_for_response(facts);
  if (intercepted ||
      (is_connection_level(error.kind) && error.kind != FetchErrorKind::Unauthorized)) {
    for (const PageRequest& page : transfer.batch) {
      ResponseFacts page_facts = response_facts(page, answer);
      fail(page.read_index, error_for_response(page_facts));
    }
    return;
  }
  RetryDecision retry = decide_retry(answer.status, answer.retry_after_seconds, 0,
                                     config_.max_retries, config_.max_retry_after_seconds);
  if (retry.verdict == RetryVerdict::Retry) {
    resend_plain(std::move(transfer.batch), retry.delay_seconds);
    return;
  }
  batch_unavailable(fmt::format("POST {} answered {}", kBatchPath, answer.status),
                    std::move(transfer.batch));
}

}  // namespace sncheck
