// SPDX-License-Identifier: Apache-2.0
#include "fetch/fetch_run.h"

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "fetch/request_url.h"
#include "fetch/response_parser.h"

namespace sncheck {
namespace {

using Clock = std::chrono::steady_clock;

constexpr long kPollCapMs = 1000;

double milliseconds_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

FetchError deadline_error(const std::string& table, std::string message) {
  return make_fetch_error(FetchErrorKind::DeadlineExceeded, table, 0, std::move(message),
                          "raise --deadline, or narrow the run (--checks) so it reads fewer "
                          "tables; a slow instance may need a larger --timeout as well");
}

}  // namespace

FetchRun::FetchRun(const ClientConfig& config, FetchStats& stats, ClientMemory& memory,
                   CURLM* multi, const std::vector<TableRead>& reads)
    : config_(config),
      stats_(stats),
      memory_(memory),
      multi_(multi),
      paging_{config.base_url, config.max_pages, config.reader, config.parallel_pages,
              config.first_page_only} {
  reads_.reserve(reads.size());
  for (const TableRead& read : reads) reads_.emplace_back(read);
}

std::vector<TableData> FetchRun::run() {
  report_progress(true);
  for (std::size_t i = 0; i < reads_.size(); ++i) start_read(i);
  while (!active_.empty() || !queue_.empty()) {
    if (past_deadline()) {
      fail_open_reads(deadline_error_text());
      break;
    }
    admit_due();
    int running = 0;
    CURLMcode code = curl_multi_perform(multi_, &running);
    if (code != CURLM_OK)
      fail_everything(fmt::format("curl_multi_perform: {}", curl_multi_strerror(code)));
    drain_done();
    report_progress(false);
    if (active_.empty() && queue_.empty()) break;
    code = curl_multi_poll(multi_, nullptr, 0, static_cast<int>(poll_timeout_ms()), nullptr);
    if (code != CURLM_OK)
      fail_everything(fmt::format("curl_multi_poll: {}", curl_multi_strerror(code)));
  }
  report_progress(false);
  std::vector<TableData> out;
  out.reserve(reads_.size());
  for (ReadState& state : reads_) out.push_back(std::move(state.data));
  return out;
}

// Tells config_.progress how many reads are finished, when that number changed (or always).
void FetchRun::report_progress(bool always) {
  if (!config_.progress) return;
  std::size_t done = static_cast<std::size_t>(std::count_if(
      reads_.begin(), reads_.end(), [](const ReadState& state) { return state.finished; }));
  if (!always && done == progress_reported_) return;
  progress_reported_ = done;
  config_.progress(done, reads_.size());
}

const std::string& FetchRun::table_of(const PageRequest& request) const {
  return reads_[request.read_index].data.read.table;
}

void FetchRun::start_read(std::size_t index) {
  ReadState& state = reads_[index];
  if (past_deadline()) {
    const std::string& table = state.data.read.table;
    fail(index, deadline_error(table, fmt::format("{} not read: the run's deadline (--deadline "
                                                  "{} s) had passed",
                                                  table, config_.deadline_seconds)));
    return;
  }
  PageRequest request;
  request.read_index = index;
  request.limit = config_.page_size;
  try {
    request.url = first_page_url(config_.base_url, state.data.read, config_.page_size);
  } catch (const std::exception& e) {
    fail(index, internal_fetch_error(state.data.read.table, e.what()));
    return;
  }
  state.asked(request.url);
  enqueue(std::move(request));
}

void FetchRun::enqueue(PageRequest request) {
  if (request.due == Clock::time_point{}) request.due = Clock::now();
  queue_.push_back(std::move(request));
}

// Starts queued requests whose time has come, up to the concurrency cap: as batches when more
// are ready than there are free slots (or always, with --batch), else one GET each. After a
// connection-level failure nothing more is started: every queued read gets that error.
void FetchRun::admit_due() {
  if (stop_) {
    for (PageRequest& request : queue_) fail(request.read_index, stopped_error(table_of(request)));
    queue_.clear();
    return;
  }
  std::size_t cap = static_cast<std::size_t>(std::max(config_.concurrency, 1));
  if (active_.size() >= cap || queue_.empty()) return;
  auto now = Clock::now();
  std::vector<PageRequest> due;
  std::deque<PageRequest> later;
  for (PageRequest& request : queue_) {
    if (reads_[request.read_index].finished) continue;  // failed meanwhile: nothing to ask
    if (request.due <= now) {
      due.push_back(std::move(request));
    } else {
      later.push_back(std::move(request));
    }
  }
  queue_.clear();
  std::size_t free_slots = cap - active_.size();
  start_batches(due, free_slots);
  free_slots = cap > active_.size() ? cap - active_.size() : 0;
  for (PageRequest& request : due) {
    if (free_slots > 0) {
      start_plain(std::move(request));
      --free_slots;
    } else {
      queue_.push_back(std::move(request));
    }
  }
  for (PageRequest& request : later) queue_.push_back(std::move(request));
}

void FetchRun::add_transfer(std::unique_ptr<Transfer>& transfer) {
  CURLMcode code = curl_multi_add_handle(multi_, transfer->easy.get());
  if (code != CURLM_OK) {
    throw std::runtime_error(fmt::format("curl_multi_add_handle: {}", curl_multi_strerror(code)));
  }
  transfer->started = Clock::now();
  transfer->depth = memory_.answered_depth + 1;
  ++stats_.requests;
  CURL* key = transfer->easy.get();
  active_.emplace(key, std::move(transfer));
}

void FetchRun::start_plain(PageRequest request) {
  auto transfer = std::make_unique<Transfer>();
  std::size_t index = request.read_index;
  transfer->request = std::move(request);
  transfer->body_cap = config_.max_body_bytes;
  transfer->easy.reset(curl_easy_init());
  try {
    if (!transfer->easy) throw std::runtime_error("curl_easy_init failed");
    configure_page_request(*transfer, config_);
    add_transfer(transfer);
  } catch (const std::exception& e) {
    fail(index, internal_fetch_error(reads_[index].data.read.table, e.what()));
  }
}

FetchError FetchRun::stopped_error(const std::string& table) const {
  FetchError error = *stop_;
  error.table = table;
  error.message = fmt::format("{} not read: {}", table, stop_->message);
  return error;
}

bool FetchRun::past_deadline() const {
  return config_.deadline && Clock::now() >= *config_.deadline;
}

std::string FetchRun::deadline_error_text() const {
  return fmt::format("the run's deadline (--deadline {} s) passed before the read finished",
                     config_.deadline_seconds);
}

// Stops every transfer in flight and every queued request: their reads fail with `what`.
void FetchRun::fail_open_reads(const std::string& what) {
  fail_every_page([&](const std::string& table) {
    return deadline_error(table, fmt::format("reading {}: {}", table, what));
  });
}

long FetchRun::poll_timeout_ms() const {
  long timeout = kPollCapMs;
  if (config_.deadline) {
    auto left = std::chrono::ceil<std::chrono::milliseconds>(*config_.deadline - Clock::now());
    timeout = std::min<long>(timeout, std::max<long>(static_cast<long>(left.count()), 0));
  }
  if (active_.size() >= static_cast<std::size_t>(std::max(config_.concurrency, 1))) {
    return timeout;
  }
  auto now = Clock::now();
  for (const PageRequest& request : queue_) {
    auto wait = std::chrono::ceil<std::chrono::milliseconds>(request.due - now).count();
    timeout = std::min<long>(timeout, std::max<long>(wait, 0));
  }
  return timeout;
}

void FetchRun::drain_done() {
  int left = 0;
  while (CURLMsg* message = curl_multi_info_read(multi_, &left)) {
    if (message->msg != CURLMSG_DONE) continue;
    CURL* easy = message->easy_handle;
    CURLcode result = message->data.result;
    curl_multi_remove_handle(multi_, easy);
    auto it = active_.find(easy);
    if (it == active_.end()) continue;
    std::unique_ptr<Transfer> transfer = std::move(it->second);
    active_.erase(it);
    complete(*transfer, result);
  }
}

void FetchRun::complete(Transfer& transfer, CURLcode result) {
  CURL* easy = transfer.easy.get();
  stats_.connections += curl_info<long>(easy, CURLINFO_NUM_CONNECTS, 0);
  stats_.bytes += static_cast<long long>(transfer.body.size());
  stats_.longest_request_seconds =
      std::max(stats_.longest_request_seconds,
               std::chrono::duration<double>(Clock::now() - transfer.started).count());
  memory_.answered_depth = std::max(memory_.answered_depth, transfer.depth);
  stats_.round_trips = std::max(stats_.round_trips, transfer.depth);
  if (transfer.batch.empty()) {
    complete_plain(transfer, result);
  } else {
    complete_batch(transfer, result);
  }
}

void FetchRun::complete_plain(Transfer& transfer, CURLcode result) {
  CURL* easy = transfer.easy.get();
  if (result != CURLE_OK || transfer.headers_over_cap) {
    log_failure("GET " + transfer.request.url, transfer, result);
    fail(transfer.request.read_index, failure_error(transfer, result, table_of(transfer.request)));
    return;
  }
  PageAnswer answer;
  answer.status = curl_info<long>(easy, CURLINFO_RESPONSE_CODE, 0);
  answer.body = std::move(transfer.body);
  answer.headers = std::move(transfer.response_headers);
  answer.retry_after_seconds =
      static_cast<long>(curl_info<curl_off_t>(easy, CURLINFO_RETRY_AFTER, 0));
  answer.via = http_version(easy);
  answer.milliseconds = milliseconds_since(transfer.started);
  on_answer(transfer.request, std::move(answer));
}

FetchError FetchRun::failure_error(const Transfer& transfer, CURLcode result,
                                   const std::string& table) const {
  if (transfer.headers_over_cap) {
    return make_fetch_error(
        FetchErrorKind::TooLarge, table, 0,
        fmt::format("reading {}: the answer's headers exceed {} bytes", table, kMaxHeaderBytes),
        "check the instance URL: no Table API answer has headers this large");
  }
  CURL* easy = transfer.easy.get();
  bool connected = curl_info<curl_off_t>(easy, CURLINFO_PRETRANSFER_TIME_T, 0) > 0;
  std::string detail = transfer.error_buffer[0] ? std::string(transfer.error_buffer)
                                                : std::string(curl_easy_strerror(result));
  FetchError error = error_for_transport(table, result, detail, connected, transfer.body_over_cap,
                                         config_.max_body_bytes);
  if (error.kind == FetchErrorKind::Timeout && !transfer.response_headers.empty()) {
    // The answer began (status line and headers arrived) and then stopped: say so, since a
    // slow query and a connection dropped mid-answer by a proxy call for different fixes.
    error.message = fmt::format(
        "reading {}: the answer stalled: headers and {} body bytes arrived, then nothing: {}",
        table, transfer.body.size(), detail);
    error.remedy =
        "something on the path (the node, a proxy or load balancer) stopped sending "
        "mid-answer: try again; if it recurs, check the network path to the instance";
  }
  return error;
}

// One page's answer, from its own GET or a batch item: a usable page goes to its read.
void FetchRun::on_answer(const PageRequest& request, PageAnswer answer) {
  ReadState& state = reads_[request.read_index];
  if (state.finished) return;
  if (!handle_status(request, answer)) return;
  log_answer(request, answer, {});
  for (PageRequest& next : state.accept(request, std::move(answer), paging_)) {
    enqueue(std::move(next));
  }
  if (state.data.error && is_connection_level(state.data.error->kind) && !stop_) {
    stop_ = state.data.error;
  }
}

// Decides what a non-200 (or non-JSON) answer means. Returns true when the page is usable.
bool FetchRun::handle_status(const PageRequest& request, const PageAnswer& answer) {
  bool json = body_is_json(answer.header("content-type"), answer.body);
  if (answer.status == 200 && json) return true;
  ResponseFacts facts = response_facts(request, answer);
  bool intercepted = !json && classify_html(answer.body) != FetchErrorKind::NotJson;
  if (!intercepted) {
    RetryDecision decision = decide_retry(answer.status, facts.retry_after_seconds, request.retries,
                                          config_.max_retries, config_.max_retry_after_seconds);
    if (decision.verdict == RetryVerdict::Retry) {
      schedule_retry(request, answer, decision.delay_seconds);
      return false;
    }
  }
  log_answer(request, answer, {});
  fail(request.read_index, error_for_response(facts));
  return false;
}

ResponseFacts FetchRun::response_facts(const PageRequest& request, const PageAnswer& answer) const {
  ResponseFacts facts;
  facts.table = table_of(request);
  facts.status = answer.status;
  facts.body = answer.body;
  facts.content_type = answer.header("content-type");
  facts.location = shown_redirect_target(request.url, answer.header("location"));
  facts.www_authenticate = answer.header("www-authenticate");
  facts.mfa_token_header = answer.header_count("x-mfa_token") > 0;
  facts.retry_after_seconds = answer.retry_after_seconds;
  facts.rate_limit_reset = answer.header("x-ratelimit-reset");
  facts.retries = request.retries;
  facts.max_retry_after_seconds = config_.max_retry_after_seconds;
  facts.credentials = config_.credentials.kind;
  return facts;
}

void FetchRun::schedule_retry(const PageRequest& request, const PageAnswer& answer,
                              double delay_seconds) {
  log_answer(request, answer, fmt::format("; retry in {}s", delay_seconds));
  PageRequest again = request;
  ++again.retries;
  ++stats_.retries;
  again.due = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                 std::chrono::duration<double>(delay_seconds));
  queue_.push_back(std::move(again));
}

void FetchRun::fail(std::size_t index, FetchError error) {
  ReadState& state = reads_[index];
  if (state.finished) return;
  if (is_connection_level(error.kind) && !stop_) stop_ = error;
  state.fail(std::move(error));
}

void FetchRun::fail_everything(const std::string& what) {
  fail_every_page([&](const std::string& table) { return internal_fetch_error(table, what); });
}

void FetchRun::fail_every_page(const std::function<FetchError(const std::string&)>& error_for) {
  auto fail_page = [&](const PageRequest& request) {
    fail(request.read_index, error_for(table_of(request)));
  };
  for (auto& [easy, transfer] : active_) {
    curl_multi_remove_handle(multi_, easy);
    if (transfer->batch.empty()) fail_page(transfer->request);
    for (const PageRequest& request : transfer->batch) fail_page(request);
  }
  active_.clear();
  for (const PageRequest& request : queue_) fail_page(request);
  queue_.clear();
}

void FetchRun::log_answer(const PageRequest& request, const PageAnswer& answer,
                          const std::string& note) const {
  if (!config_.log) return;
  config_.log(fmt::format("GET {} -> {} {}, {} bytes, {:.0f} ms{}", request.url, answer.status,
                          answer.via, answer.body.size(), answer.milliseconds, note));
}

void FetchRun::log_failure(const std::string& what, const Transfer& transfer,
                           CURLcode result) const {
  if (!config_.log) return;
  config_.log(fmt::format("{} -> failed ({}), {} bytes, {:.0f} ms", what,
                          curl_easy_strerror(result), transfer.body.size(),
                          milliseconds_since(transfer.started)));
}

}  // namespace sncheck
