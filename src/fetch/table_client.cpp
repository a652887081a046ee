#include "fetch/table_client.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <unordered_set>
#include <utility>

#include <fmt/format.h>

#include "core/strings.h"
#include "fetch/curl_handles.h"
#include "fetch/curl_options.h"
#include "fetch/paging.h"
#include "fetch/request_url.h"
#include "fetch/response_parser.h"
#include "fetch/status_mapping.h"
#include "fetch/transfer.h"

namespace sncheck {
namespace {

using Clock = std::chrono::steady_clock;

constexpr long kPollCapMs = 1000;

template <typename T>
T info(CURL* easy, CURLINFO what, T fallback) {
  T value = fallback;
  if (curl_easy_getinfo(easy, what, &value) != CURLE_OK) return fallback;
  return value;
}

struct ReadState {
  TableData data;
  std::set<std::string> requested;          // every URL requested for this read (loop detection)
  std::unordered_set<std::string> sys_ids;  // every row's sys_id so far (repeat detection)
  bool finished = false;
};

// For -v: whether the instance offered HTTP/2 (one multiplexed connection for a wave).
std::string_view http_version(CURL* easy) {
  switch (info<long>(easy, CURLINFO_HTTP_VERSION, 0)) {
    case CURL_HTTP_VERSION_1_0:
      return "HTTP/1.0";
    case CURL_HTTP_VERSION_1_1:
      return "HTTP/1.1";
    case CURL_HTTP_VERSION_2_0:
      return "HTTP/2";
    case CURL_HTTP_VERSION_3:
      return "HTTP/3";
    default:
      return "HTTP";
  }
}

// One fetch_all call (a wave): a queue of page requests on the client's multi handle, at most
// `concurrency` in flight.
class FetchRun {
 public:
  FetchRun(const ClientConfig& config, FetchStats& stats, CURLM* multi,
           const std::vector<TableRead>& reads)
      : config_(config), stats_(stats), multi_(multi) {
    reads_.reserve(reads.size());
    for (const TableRead& read : reads) {
      ReadState state;
      state.data.read = read;
      reads_.push_back(std::move(state));
    }
  }

  std::vector<TableData> run() {
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

 private:
  // Tells config_.progress how many reads are finished, when that number changed (or always).
  void report_progress(bool always) {
    if (!config_.progress) return;
    std::size_t done = static_cast<std::size_t>(std::count_if(
        reads_.begin(), reads_.end(), [](const ReadState& state) { return state.finished; }));
    if (!always && done == progress_reported_) return;
    progress_reported_ = done;
    config_.progress(done, reads_.size());
  }

  void start_read(std::size_t index) {
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
    request.due = Clock::now();
    try {
      request.url = first_page_url(config_.base_url, state.data.read, config_.page_size);
    } catch (const std::exception& e) {
      fail(index, internal_fetch_error(state.data.read.table, e.what()));
      return;
    }
    enqueue(std::move(request));
  }

  void enqueue(PageRequest request) {
    reads_[request.read_index].requested.insert(request.url);
    queue_.push_back(std::move(request));
  }

  // Starts queued requests whose time has come, up to the concurrency cap. After a
  // connection-level failure nothing more is started: every queued read gets that error.
  void admit_due() {
    if (stop_) {
      for (PageRequest& request : queue_) {
        fail(request.read_index, stopped_error(reads_[request.read_index].data.read.table));
      }
      queue_.clear();
      return;
    }
    auto now = Clock::now();
    std::size_t cap = static_cast<std::size_t>(std::max(config_.concurrency, 1));
    for (auto it = queue_.begin(); it != queue_.end() && active_.size() < cap;) {
      if (it->due > now) {
        ++it;
        continue;
      }
      PageRequest request = std::move(*it);
      it = queue_.erase(it);
      start_transfer(std::move(request));
    }
  }

  FetchError stopped_error(const std::string& table) const {
    FetchError error = *stop_;
    error.table = table;
    error.message = fmt::format("{} not read: {}", table, stop_->message);
    return error;
  }

  void start_transfer(PageRequest request) {
    auto transfer = std::make_unique<Transfer>();
    std::size_t index = request.read_index;
    transfer->request = std::move(request);
    transfer->body_cap = config_.max_body_bytes;
    transfer->easy.reset(curl_easy_init());
    try {
      if (!transfer->easy) throw std::runtime_error("curl_easy_init failed");
      configure_page_request(*transfer, config_);
      CURLMcode code = curl_multi_add_handle(multi_, transfer->easy.get());
      if (code != CURLM_OK) {
        throw std::runtime_error(
            fmt::format("curl_multi_add_handle: {}", curl_multi_strerror(code)));
      }
    } catch (const std::exception& e) {
      fail(index, internal_fetch_error(reads_[index].data.read.table, e.what()));
      return;
    }
    transfer->started = Clock::now();
    ++stats_.requests;
    CURL* key = transfer->easy.get();
    active_.emplace(key, std::move(transfer));
  }

  static FetchError deadline_error(const std::string& table, std::string message) {
    return make_fetch_error(FetchErrorKind::DeadlineExceeded, table, 0, std::move(message),
                            "raise --deadline, or narrow the run (--checks) so it reads fewer "
                            "tables; a slow instance may need a larger --timeout as well");
  }

  bool past_deadline() const { return config_.deadline && Clock::now() >= *config_.deadline; }

  std::string deadline_error_text() const {
    return fmt::format("the run's deadline (--deadline {} s) passed before the read finished",
                       config_.deadline_seconds);
  }

  // Stops every transfer in flight and every queued request: their reads fail with `what`.
  void fail_open_reads(const std::string& what) {
    for (auto& [easy, transfer] : active_) {
      curl_multi_remove_handle(multi_, easy);
      std::size_t index = transfer->request.read_index;
      const std::string& table = reads_[index].data.read.table;
      fail(index, deadline_error(table, fmt::format("reading {}: {}", table, what)));
    }
    active_.clear();
    for (PageRequest& request : queue_) {
      const std::string& table = reads_[request.read_index].data.read.table;
      fail(request.read_index, deadline_error(table, fmt::format("reading {}: {}", table, what)));
    }
    queue_.clear();
  }

  long poll_timeout_ms() const {
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

  void drain_done() {
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

  void complete(Transfer& transfer, CURLcode result) {
    CURL* easy = transfer.easy.get();
    long status = info<long>(easy, CURLINFO_RESPONSE_CODE, 0);
    stats_.connections += info<long>(easy, CURLINFO_NUM_CONNECTS, 0);
    stats_.bytes += static_cast<long long>(transfer.body.size());
    stats_.longest_request_seconds =
        std::max(stats_.longest_request_seconds,
                 std::chrono::duration<double>(Clock::now() - transfer.started).count());
    if (result != CURLE_OK || transfer.headers_over_cap) {
      log_request(transfer, status, result, {});
      fail(transfer.request.read_index, failure_error(transfer, result));
      return;
    }
    if (!handle_status(transfer, status)) return;
    log_request(transfer, status, result, {});
    accept_page(transfer);
  }

  FetchError failure_error(Transfer& transfer, CURLcode result) const {
    const std::string& table = reads_[transfer.request.read_index].data.read.table;
    if (transfer.headers_over_cap) {
      return make_fetch_error(
          FetchErrorKind::TooLarge, table, 0,
          fmt::format("reading {}: the answer's headers exceed {} bytes", table, kMaxHeaderBytes),
          "check the instance URL: no Table API answer has headers this large");
    }
    CURL* easy = transfer.easy.get();
    bool connected = info<curl_off_t>(easy, CURLINFO_PRETRANSFER_TIME_T, 0) > 0;
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

  // Decides what a non-200 (or non-JSON) answer means. Returns true when the page is usable.
  bool handle_status(Transfer& transfer, long status) {
    bool json = body_is_json(transfer.header("content-type"), transfer.body);
    if (status == 200 && json) return true;
    ResponseFacts facts = response_facts(transfer, status);
    bool intercepted = !json && classify_html(transfer.body) != FetchErrorKind::NotJson;
    if (!intercepted) {
      RetryDecision decision =
          decide_retry(status, facts.retry_after_seconds, transfer.request.retries,
                       config_.max_retries, config_.max_retry_after_seconds);
      if (decision.verdict == RetryVerdict::Retry) {
        schedule_retry(transfer, status, decision.delay_seconds);
        return false;
      }
    }
    log_request(transfer, status, CURLE_OK, {});
    fail(transfer.request.read_index, error_for_response(facts));
    return false;
  }

  ResponseFacts response_facts(Transfer& transfer, long status) const {
    CURL* easy = transfer.easy.get();
    ResponseFacts facts;
    facts.table = reads_[transfer.request.read_index].data.read.table;
    facts.status = status;
    facts.body = transfer.body;
    facts.content_type = transfer.header("content-type");
    facts.location = shown_redirect_target(transfer.request.url, transfer.header("location"));
    facts.www_authenticate = transfer.header("www-authenticate");
    facts.mfa_token_header = transfer.response_headers.count("x-mfa_token") > 0;
    facts.retry_after_seconds = static_cast<long>(info<curl_off_t>(easy, CURLINFO_RETRY_AFTER, 0));
    facts.rate_limit_reset = transfer.header("x-ratelimit-reset");
    facts.retries = transfer.request.retries;
    facts.max_retry_after_seconds = config_.max_retry_after_seconds;
    facts.credentials = config_.credentials.kind;
    return facts;
  }

  void schedule_retry(Transfer& transfer, long status, double delay_seconds) {
    log_request(transfer, status, CURLE_OK, fmt::format("; retry in {}s", delay_seconds));
    PageRequest request = transfer.request;
    ++request.retries;
    ++stats_.retries;
    request.due = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                     std::chrono::duration<double>(delay_seconds));
    queue_.push_back(std::move(request));
  }

  void accept_page(Transfer& transfer) {
    std::size_t index = transfer.request.read_index;
    ReadState& state = reads_[index];
    if (state.finished) return;
    ParsedPage page = parse_table_page(state.data.read.table, std::move(transfer.body));
    if (page.error) {
      fail(index, std::move(*page.error));
      return;
    }
    ++state.data.pages;
    PageFacts facts;
    facts.total_count_text = transfer.header("x-total-count");
    facts.total_count_headers = transfer.header_count("x-total-count");
    if (state.data.pages == 1) {
      CountHeader count = parse_total_count(facts.total_count_text, facts.total_count_headers);
      if (count.state == CountHeader::State::Valid) state.data.total_count = count.value;
    }
    facts.page_rows = static_cast<long>(page.rows.size());
    for (Record& row : page.rows) {
      const std::string id = field_or_empty(row, "sys_id");
      if (!id.empty() && !state.sys_ids.insert(id).second) {
        if (facts.repeated_rows++ == 0) facts.repeated_sys_id = id;
      }
      state.data.rows.push_back(std::move(row));
    }
    facts.read = &state.data.read;
    facts.base_url = config_.base_url;
    facts.url = transfer.request.url;
    facts.offset = transfer.request.offset;
    facts.limit = transfer.request.limit;
    facts.link_header = transfer.header("link");
    facts.first_total_count = state.data.total_count;
    facts.rows_received = static_cast<long>(state.data.rows.size());
    facts.pages_read = state.data.pages;
    facts.max_pages = config_.max_pages;
    facts.reader = config_.reader;
    facts.requested = &state.requested;
    PagingDecision decision = next_page(facts);
    if (decision.error) {
      fail(index, std::move(*decision.error));
      return;
    }
    if (!decision.next) {
      state.finished = true;
      return;
    }
    PageRequest next;
    next.read_index = index;
    next.due = Clock::now();
    next.url = std::move(decision.next->url);
    next.offset = decision.next->offset;
    next.limit = decision.next->limit;
    enqueue(std::move(next));
  }

  void fail(std::size_t index, FetchError error) {
    ReadState& state = reads_[index];
    if (state.finished) return;
    state.finished = true;
    state.data.rows.clear();  // a partial read must not be used to conclude anything
    if (is_connection_level(error.kind) && !stop_) stop_ = error;
    state.data.error = std::move(error);
  }

  void fail_everything(const std::string& what) {
    for (auto& [easy, transfer] : active_) {
      curl_multi_remove_handle(multi_, easy);
      std::size_t index = transfer->request.read_index;
      fail(index, internal_fetch_error(reads_[index].data.read.table, what));
    }
    active_.clear();
    for (PageRequest& request : queue_) {
      fail(request.read_index,
           internal_fetch_error(reads_[request.read_index].data.read.table, what));
    }
    queue_.clear();
  }

  void log_request(const Transfer& transfer, long status, CURLcode result,
                   const std::string& note) const {
    if (!config_.log) return;
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - transfer.started)
                  .count();
    std::string outcome = result == CURLE_OK
                              ? fmt::format("{} {}", status, http_version(transfer.easy.get()))
                              : fmt::format("failed ({})", curl_easy_strerror(result));
    config_.log(fmt::format("GET {} -> {}, {} bytes, {} ms{}", transfer.request.url, outcome,
                            transfer.body.size(), ms, note));
  }

  const ClientConfig& config_;
  FetchStats& stats_;
  CURLM* multi_;  // the client's: its connection cache outlives one wave
  std::vector<ReadState> reads_;
  std::deque<PageRequest> queue_;
  std::map<CURL*, std::unique_ptr<Transfer>> active_;
  std::optional<FetchError> stop_;  // a connection-level failure: start nothing more
  std::size_t progress_reported_ = 0;
};

}  // namespace

std::string transport_versions() {
  const curl_version_info_data* info = curl_version_info(CURLVERSION_NOW);
  std::string text = fmt::format("libcurl/{}", info->version);
  if (info->ssl_version != nullptr) text += fmt::format(" {}", info->ssl_version);
  if (info->nghttp2_version != nullptr) text += fmt::format(" nghttp2/{}", info->nghttp2_version);
  return text;
}

struct TableClient::Connections {
  curl::Multi multi;
};

TableClient::TableClient(ClientConfig config)
    : config_(std::move(config)), connections_(std::make_unique<Connections>()) {
  curl_global_init(CURL_GLOBAL_DEFAULT);
  connections_->multi.reset(curl_multi_init());
  if (!connections_->multi) {
    curl_global_cleanup();
    throw std::runtime_error("curl_multi_init failed");
  }
  try {
    long concurrency = std::max(config_.concurrency, 1);
    SNCHECK_MULTI_SETOPT(connections_->multi.get(), CURLMOPT_PIPELINING,
                         static_cast<long>(CURLPIPE_MULTIPLEX));
    SNCHECK_MULTI_SETOPT(connections_->multi.get(), CURLMOPT_MAX_HOST_CONNECTIONS, concurrency);
  } catch (...) {
    connections_->multi.reset();  // the destructor does not run for a constructor that throws
    curl_global_cleanup();
    throw;
  }
}

TableClient::~TableClient() {
  connections_->multi.reset();  // closes the cached connections while libcurl is initialised
  curl_global_cleanup();
}

std::vector<TableData> TableClient::fetch_all(const std::vector<TableRead>& reads) {
  auto start = Clock::now();
  FetchRun run(config_, stats_, connections_->multi.get(), reads);
  std::vector<TableData> data = run.run();
  stats_.wall_seconds += std::chrono::duration<double>(Clock::now() - start).count();
  return data;
}

}  // namespace sncheck
