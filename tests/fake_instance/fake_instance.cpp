// SPDX-License-Identifier: Apache-2.0
#include "fake_instance.h"

#include <dirent.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <optional>
#include <stdexcept>

#include "answers.h"
#include "batch_api.h"
#include "echo_proxy.h"
#include "scripted_rest.h"
#include "table_api.h"

namespace sncheck::fake {

// One request as the routes see it: an HTTP request, or one item of a batch (which carries the
// batch's Authorization).
struct InstanceCall {
  std::string method;
  std::string path;
  std::multimap<std::string, std::string> params;  // query, or a form body's fields
  std::string authorization;
  std::string content_type;
  std::string body;
  std::string max_output_header;  // X-BATCHREQUEST-MAX-OUTPUT-SIZE
  bool in_batch = false;
  std::string remote_addr;  // the caller, for IP Address Access Control
};

namespace {

using Clock = std::chrono::steady_clock;

// High enough that a client reusing one connection for a whole run is never cut off by the
// server (cpp-httplib's default closes keep-alive connections after 5 requests).
constexpr std::size_t kKeepAliveMaxCount = 1000;
// Each keep-alive connection holds a worker thread, so allow many concurrent clients.
constexpr std::size_t kWorkerThreads = 64;
constexpr auto kStartTimeout = std::chrono::seconds(10);

struct TablePath {
  std::string version;  // "", "v1" or "v2"
  std::string table;
  std::string sys_id;  // empty for a list
};

std::vector<std::string> path_segments(const std::string& path) {
  std::vector<std::string> segments;
  std::size_t start = 1;
  while (start <= path.size()) {
    std::size_t end = std::min(path.find('/', start), path.size());
    segments.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  if (!segments.empty() && segments.back().empty()) segments.pop_back();  // trailing slash
  return segments;
}

// /api/now/table/<t>, /api/now/v1/table/<t>, /api/now/v2/table/<t>, optionally /<sys_id>.
// (Parsed by hand: std::regex trips g++ 12's -Wmaybe-uninitialized in the sanitizer build.)
std::optional<TablePath> parse_table_path(const std::string& path) {
  std::vector<std::string> segments = path_segments(path);
  if (segments.size() < 4 || segments[0] != "api" || segments[1] != "now") return std::nullopt;
  TablePath parsed;
  std::size_t next = 2;
  if (segments[next] == "v1" || segments[next] == "v2") parsed.version = segments[next++];
  if (segments.size() <= next + 1 || segments[next] != "table") return std::nullopt;
  if (segments.size() > next + 3 || segments[next + 1].empty()) return std::nullopt;
  parsed.table = segments[next + 1];
  if (segments.size() == next + 3) parsed.sys_id = segments[next + 2];
  return parsed;
}

void sleep_ms(int milliseconds) {
  if (milliseconds > 0) std::this_thread::sleep_for(std::chrono::milliseconds(milliseconds));
}

// The fault for a table: its own entry, else "*". Consumes one of its `times`.
std::optional<TableFault> take_fault(Faults& faults, const std::string& table) {
  auto it = faults.tables.find(table);
  if (it == faults.tables.end()) it = faults.tables.find("*");
  if (it == faults.tables.end() || it->second.times == 0) return std::nullopt;
  if (it->second.times > 0) --it->second.times;
  return it->second;
}

long long_param(const std::multimap<std::string, std::string>& params, const std::string& name,
                long fallback) {
  auto it = params.find(name);
  if (it == params.end()) return fallback;
  try {
    return std::stol(it->second);
  } catch (const std::exception&) {
    return fallback;
  }
}

// Link says only rel="next", to the page after the one asked for, however far past the end.
void always_next(const TableRequest& request, const std::multimap<std::string, std::string>& asked,
                 Answer& answer) {
  long offset = long_param(asked, "sysparm_offset", 0);
  long limit = long_param(asked, "sysparm_limit", 10000);
  auto& headers = answer.headers;
  headers.erase(std::remove_if(headers.begin(), headers.end(),
                               [](const auto& header) { return header.first == "Link"; }),
                headers.end());
  headers.emplace_back("Link", "<" + page_link(request, offset + limit, limit) + ">;rel=\"next\"");
}

}  // namespace

FakeInstance::FakeInstance(Scenario scenario, int port)
    : scenario_(std::move(scenario)),
      index_(std::make_unique<ScenarioIndex>()),
      server_(std::make_unique<httplib::Server>()) {
  start(port);
}

FakeInstance::FakeInstance(Scenario scenario, const TlsFiles& tls)
    : scenario_(std::move(scenario)),
      index_(std::make_unique<ScenarioIndex>()),
      server_(std::make_unique<httplib::SSLServer>(tls.certificate_pem.c_str(),
                                                   tls.private_key_pem.c_str())),
      https_(true) {
  if (!server_->is_valid()) {
    throw std::runtime_error("fake instance: cannot load TLS certificate " + tls.certificate_pem +
                             " or key " + tls.private_key_pem);
  }
  start(0);
}

namespace {

// Debian's cpp-httplib is compiled with a listen backlog of 5 (CPPHTTPLIB_LISTEN_BACKLOG): a
// client opening more connections at once (sncheck audit opens 7) sees SYNs dropped and waits
// for TCP's one-second retransmission, a stall no instance behind a load balancer has. Linux
// lets listen() be called again on a listening socket to change its backlog; cpp-httplib keeps
// the descriptor private, so it is found by its bound port.
void widen_listen_backlog(int port) {
  constexpr int kBacklog = 256;
  DIR* fds = ::opendir("/proc/self/fd");
  if (fds == nullptr) return;
  while (dirent* entry = ::readdir(fds)) {
    char* end = nullptr;
    long fd = std::strtol(entry->d_name, &end, 10);
    if (end == entry->d_name || *end != '\0') continue;
    sockaddr_in address{};
    socklen_t size = sizeof(address);
    int accepting = 0;
    socklen_t flag_size = sizeof(accepting);
    const int descriptor = static_cast<int>(fd);
    if (::getsockopt(descriptor, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &flag_size) != 0 ||
        accepting == 0)
      continue;
    if (::getsockname(descriptor, reinterpret_cast<sockaddr*>(&address), &size) != 0) continue;
    const auto* port_bytes = reinterpret_cast<const unsigned char*>(&address.sin_port);
    const int bound_port = (port_bytes[0] << 8) | port_bytes[1];  // network byte order
    if (address.sin_family == AF_INET && bound_port == port) {
      ::listen(descriptor, kBacklog);
    }
  }
  ::closedir(fds);
}

}  // namespace

void FakeInstance::start(int port) {
  server_->set_keep_alive_max_count(kKeepAliveMaxCount);
  // cpp-httplib writes an answer's headers and body separately; without TCP_NODELAY the body
  // waits for the client's delayed ACK (40 ms on Linux) on every reused connection, a stall no
  // real instance has and that would swamp the latency figures of the benchmark.
  server_->set_tcp_nodelay(true);
  server_->new_task_queue = [] { return new httplib::ThreadPool(kWorkerThreads); };
  install_routes();
  if (port == 0) {
    port_ = server_->bind_to_any_port("127.0.0.1");
  } else {
    port_ = server_->bind_to_port("127.0.0.1", port) ? port : -1;
  }
  if (port_ <= 0)
    throw std::runtime_error("fake instance: cannot bind 127.0.0.1:" + std::to_string(port));
  widen_listen_backlog(port_);
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
  while (!server_->is_running()) {
    if (std::chrono::steady_clock::now() > deadline) {
      server_->stop();
      thread_.join();
      throw std::runtime_error("fake instance: server did not start");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

FakeInstance::~FakeInstance() {
  stopping_ = true;
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

std::string FakeInstance::url() const {
  return (https_ ? "https://127.0.0.1:" : "http://127.0.0.1:") + std::to_string(port_);
}

void FakeInstance::update(const std::function<void(Scenario&)>& change) {
  std::lock_guard<std::mutex> lock(mutex_);
  index_->clear();  // before the change: the index points into the scenario's rows
  change(scenario_);
}

std::vector<LoggedRequest> FakeInstance::requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return log_;
}

std::vector<LoggedRequest> FakeInstance::queries() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<LoggedRequest> queries;
  for (const LoggedRequest& request : log_) {
    if (request.items.empty() && !is_batch_path(request.path)) {
      queries.push_back(request);
      continue;
    }
    for (const LoggedRequest& item : request.items) {
      if (item.status != 0) queries.push_back(item);
    }
  }
  return queries;
}

std::size_t FakeInstance::round_trips() const {
  std::vector<LoggedRequest> log = requests();
  std::sort(log.begin(), log.end(),
            [](const LoggedRequest& a, const LoggedRequest& b) { return a.received < b.received; });
  // A request's depth: one more than the deepest request answered before it arrived.
  std::vector<std::size_t> depth(log.size(), 1);
  std::size_t deepest = 0;
  for (std::size_t i = 0; i < log.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (log[j].answered <= log[i].received) depth[i] = std::max(depth[i], depth[j] + 1);
    }
    deepest = std::max(deepest, depth[i]);
  }
  return deepest;
}

void FakeInstance::clear_requests() {
  std::lock_guard<std::mutex> lock(mutex_);
  log_.clear();
}

std::size_t FakeInstance::connections_seen() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::set<std::pair<std::string, int>> connections;
  for (const LoggedRequest& request : log_) {
    connections.emplace(request.remote_addr, request.remote_port);
  }
  return connections.size();
}

// Caller holds mutex_. The scenario's reader (Basic or its bearer token), or a token
// /oauth_token.do issued and that has not expired: the platform accepts it for the Table API as
// its OAuth Application User (the fake's tables are readable by every authenticated reader, but
// for denied_tables).
bool FakeInstance::reads_allowed(const std::string& authorization) const {
  if (is_authorized(scenario_, authorization)) return true;
  if (authorization.rfind("Bearer ", 0) != 0) return false;
  auto found = issued_tokens_.find(authorization.substr(7));
  return found != issued_tokens_.end() && found->second.expires > std::chrono::system_clock::now();
}

std::vector<std::string> FakeInstance::issued_access_tokens() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return ever_issued_;
}

void FakeInstance::revoke_issued_tokens() {
  std::lock_guard<std::mutex> lock(mutex_);
  issued_tokens_.clear();
}

std::optional<IssuedToken> FakeInstance::issued_token(const std::string& bearer) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = issued_tokens_.find(bearer);
  if (found == issued_tokens_.end()) return std::nullopt;
  if (found->second.expires <= std::chrono::system_clock::now()) return std::nullopt;
  return found->second;
}

void FakeInstance::install_routes() {
  // One handler for everything, so faults, logging and unknown paths are handled in one place.
  auto handler = [this](const httplib::Request& request, httplib::Response& response) {
    handle(request, response);
  };
  server_->Get(".*", handler);
  server_->Post(".*", handler);
  server_->Put(".*", handler);
  server_->Patch(".*", handler);
  server_->Delete(".*", handler);
}

void FakeInstance::handle(const httplib::Request& request, httplib::Response& response) {
  auto received = Clock::now();
  int latency_ms = 0;
  std::vector<EchoFault> echoes;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    latency_ms = scenario_.faults.latency_ms;
    echoes = scenario_.faults.echoes;
  }
  sleep_ms(latency_ms);
  InstanceCall call{request.method,
                    request.path,
                    request.params,
                    request.get_header_value("Authorization"),
                    request.get_header_value("Content-Type"),
                    request.body,
                    request.get_header_value("X-BATCHREQUEST-MAX-OUTPUT-SIZE"),
                    false,
                    request.remote_addr};
  std::vector<LoggedRequest> items;
  Answer answer =
      is_batch_path(call.path) && call.method == "POST" ? serve_batch(call, items) : decide(call);
  if (!echoes.empty()) {  // a proxy in front: it sees the HTTP request, a batch's included
    answer = apply_echoes(
        echoes,
        EchoedRequest{url(), request.path, call.authorization, request.body, request.params},
        std::move(answer));
  }
  sleep_ms(answer.delay_ms);
  apply(answer, response);
  log(request, answer.status, received, std::move(items));
}

// The batch's items one after another, each with the query time a request of its own would
// have: a batch saves round trips, not the instance's work (batch-api.md L29).
Answer FakeInstance::serve_batch(const InstanceCall& call, std::vector<LoggedRequest>& items) {
  BatchLimits limits;
  std::vector<EchoFault> echoes;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    echoes = scenario_.faults.echoes;
    TableFault& forced = scenario_.faults.batch;
    if ((forced.status != 0 || !forced.body.empty()) && forced.times != 0) {
      if (forced.times > 0) --forced.times;
      return fault_answer(forced);
    }
    if (scenario_.faults.hibernating) return hibernation_page();
    if (scenario_.faults.login_redirect) return login_redirect(url());
    if (!scenario_.batch.available) return invalid_resource();
    if (!reads_allowed(call.authorization)) return not_authenticated();
    limits = scenario_.batch;
  }
  ParsedBatch parsed = parse_batch_request(call.content_type, call.body);
  if (!parsed.request) return parsed.refusal;
  for (const BatchItem& item : parsed.request->items) {
    LoggedRequest entry;
    entry.method = item.method;
    split_item_url(item.url, entry.path, entry.params);
    entry.has_authorization = !call.authorization.empty();
    items.push_back(std::move(entry));
  }
  std::size_t next = 0;
  return answer_batch(*parsed.request, limits, call.max_output_header, [&](const BatchItem& item) {
    LoggedRequest& entry = items[next++];
    entry.received = Clock::now();
    InstanceCall inner{item.method, entry.path, entry.params, call.authorization, {},
                       item.body,   {},         true,         call.remote_addr};
    for (const auto& [name, value] : item.headers) {
      if (name == "Content-Type" || name == "content-type") inner.content_type = value;
    }
    Answer answer = is_batch_path(inner.path) ? invalid_resource() : decide(inner);
    if (!echoes.empty()) {  // what echoes the GET's answer echoes the item's too
      answer = apply_echoes(
          echoes, EchoedRequest{url(), entry.path, call.authorization, item.body, entry.params},
          std::move(answer));
    }
    sleep_ms(answer.delay_ms);
    answer.delay_ms = 0;
    answer.stall_ms = 0;  // an item's answer is written whole into the batch's
    entry.status = answer.status;
    entry.answered = Clock::now();
    return answer;
  });
}

Answer FakeInstance::decide(const InstanceCall& call) {
  Answer answer = route(call);
  if (answer.query) {
    std::lock_guard<std::mutex> lock(mutex_);
    answer.delay_ms += scenario_.faults.query_ms;
  }
  return answer;
}

Answer FakeInstance::route(const InstanceCall& request) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (scenario_.faults.hibernating) return hibernation_page();
  if (request.path == "/login.do") return login_page();
  if (scenario_.faults.login_redirect) return login_redirect(url());
  if (request.path == "/oauth_token.do") {
    if (request.method != "POST") return method_not_supported();
    TableFault& forced = scenario_.faults.token;
    if ((forced.status != 0 || !forced.body.empty()) && forced.times != 0) {
      if (forced.times > 0) --forced.times;
      return fault_answer(forced);
    }
    TokenAnswer token = token_answer(
        scenario_, TokenRequest{request.content_type, request.authorization, request.params});
    if (token.issued) {
      issued_tokens_[token.issued->access_token] = *token.issued;
      ever_issued_.push_back(token.issued->access_token);
    }
    token.answer.query = true;
    return token.answer;
  }
  if (std::optional<TablePath> table = parse_table_path(request.path)) {
    return decide_table(request, table->version, table->table, table->sys_id);
  }
  if (is_scripted_rest_path(request.path)) {
    ScriptedRestCall call{request.method, request.path, std::nullopt,
                          std::chrono::system_clock::now(), request.remote_addr};
    const std::string& authorization = request.authorization;
    if (authorization.rfind("Bearer ", 0) == 0) {
      // Expiry is judged by the route itself (call.now), so an expired token is still found here.
      auto token = issued_tokens_.find(authorization.substr(7));
      if (token != issued_tokens_.end()) call.token = token->second;
    }
    Answer answer = answer_scripted_rest(scenario_, call);
    answer.query = true;
    return answer;
  }
  if (request.path.rfind("/api/", 0) == 0) return invalid_resource();
  Answer not_found;
  not_found.status = 404;
  not_found.content_type = "text/html;charset=UTF-8";
  not_found.body = "<html><body>Not found</body></html>\n";
  return not_found;
}

// Caller holds mutex_. A fault overrides whatever the table would have answered, before
// authentication, as a node or load-balancer failure would.
Answer FakeInstance::decide_table(const InstanceCall& request, const std::string& version,
                                  const std::string& table, const std::string& sys_id) {
  int fault_delay_ms = 0;
  std::optional<TableFault> altering;
  if (std::optional<TableFault> fault = take_fault(scenario_.faults, table)) {
    Answer forced = fault_answer(*fault);
    if (forced.status != 0) return forced;
    fault_delay_ms = forced.delay_ms;
    altering = fault;
  }
  Answer answer;
  if (!reads_allowed(request.authorization)) {
    answer = not_authenticated();
  } else if (request.method != "GET") {
    answer = method_not_supported();
  } else {
    TableRequest table_request{url(), request.path, table, sys_id, version == "v1", request.params};
    // A proxy that drops sysparm_offset: every page is the first one.
    if (altering && altering->ignore_offset) table_request.params.erase("sysparm_offset");
    answer = answer_table_get(scenario_, *index_, table_request);
    if (altering && altering->link_always_next && answer.status == 200) {
      always_next(table_request, request.params, answer);
    }
  }
  answer.delay_ms += fault_delay_ms;
  answer.query = true;
  if (altering) alter_answer(*altering, answer);
  return answer;
}

void FakeInstance::apply(const Answer& answer, httplib::Response& response) {
  response.status = answer.status;
  for (const auto& [name, value] : answer.headers) response.set_header(name, value);
  if (answer.stall_ms <= 0) {
    response.set_content(answer.body, answer.content_type.c_str());
    return;
  }
  // Chunked, so the status line and headers go out at once; then half the body, then silence
  // (checked in small steps, so stopping the server is not held up by a long stall).
  auto body = std::make_shared<std::string>(answer.body);
  int stall_ms = answer.stall_ms;
  response.set_chunked_content_provider(
      answer.content_type.c_str(),
      [this, body, stall_ms](std::size_t offset, httplib::DataSink& sink) {
        std::size_t half = body->size() / 2;
        if (offset == 0) return sink.write(body->data(), half);
        auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(stall_ms);
        while (!stopping_ && std::chrono::steady_clock::now() < until) sleep_ms(10);
        if (stopping_) return false;
        sink.write(body->data() + half, body->size() - half);
        sink.done();
        return true;
      });
}

void FakeInstance::log(const httplib::Request& request, int status, Clock::time_point received,
                       std::vector<LoggedRequest> items) {
  LoggedRequest entry;
  entry.method = request.method;
  entry.path = request.path;
  entry.content_type = request.get_header_value("Content-Type");
  entry.params = request.params;
  entry.has_authorization = request.has_header("Authorization");  // never the value itself
  entry.status = status;
  entry.remote_addr = request.remote_addr;
  entry.remote_port = request.remote_port;
  entry.received = received;
  entry.answered = Clock::now();
  entry.items = std::move(items);
  std::lock_guard<std::mutex> lock(mutex_);
  log_.push_back(std::move(entry));
}

}  // namespace sncheck::fake
