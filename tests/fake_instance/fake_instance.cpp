#include "fake_instance.h"

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>

#include "answers.h"
#include "echo_proxy.h"
#include "scripted_rest.h"
#include "table_api.h"

namespace sncheck::fake {
namespace {

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
  int latency_ms = 0;
  std::vector<EchoFault> echoes;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    latency_ms = scenario_.faults.latency_ms;
    echoes = scenario_.faults.echoes;
  }
  sleep_ms(latency_ms);
  Answer answer = decide(request);
  if (!echoes.empty()) {
    answer =
        apply_echoes(echoes,
                     EchoedRequest{url(), request.path, request.get_header_value("Authorization"),
                                   request.body, request.params},
                     std::move(answer));
  }
  sleep_ms(answer.delay_ms);
  apply(answer, response);
  log(request, answer.status);
}

Answer FakeInstance::decide(const httplib::Request& request) {
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
        scenario_, TokenRequest{request.get_header_value("Content-Type"),
                                request.get_header_value("Authorization"), request.params});
    if (token.issued) issued_tokens_[token.issued->access_token] = *token.issued;
    return token.answer;
  }
  if (std::optional<TablePath> table = parse_table_path(request.path)) {
    return decide_table(request, table->version, table->table, table->sys_id);
  }
  if (is_scripted_rest_path(request.path)) {
    ScriptedRestCall call{request.method, request.path, std::nullopt,
                          std::chrono::system_clock::now(), request.remote_addr};
    const std::string authorization = request.get_header_value("Authorization");
    if (authorization.rfind("Bearer ", 0) == 0) {
      // Expiry is judged by the route itself (call.now), so an expired token is still found here.
      auto token = issued_tokens_.find(authorization.substr(7));
      if (token != issued_tokens_.end()) call.token = token->second;
    }
    return answer_scripted_rest(scenario_, call);
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
Answer FakeInstance::decide_table(const httplib::Request& request, const std::string& version,
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
  if (!is_authorized(scenario_, request.get_header_value("Authorization"))) {
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

void FakeInstance::log(const httplib::Request& request, int status) {
  LoggedRequest entry;
  entry.method = request.method;
  entry.path = request.path;
  entry.content_type = request.get_header_value("Content-Type");
  entry.params = request.params;
  entry.has_authorization = request.has_header("Authorization");  // never the value itself
  entry.status = status;
  entry.remote_addr = request.remote_addr;
  entry.remote_port = request.remote_port;
  std::lock_guard<std::mutex> lock(mutex_);
  log_.push_back(std::move(entry));
}

}  // namespace sncheck::fake
