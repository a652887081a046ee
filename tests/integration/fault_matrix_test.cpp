// SPDX-License-Identifier: Apache-2.0
// The fault matrix (docs/fault-matrix.md) beyond the cases in failure_classes_test.cpp: each
// fault seen through the sncheck program, with the message a person reads, the exit code, never
// a pass on unread data, and never the password in any output (-v included).

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "sncheck_runner.h"
#include "test_tls.h"

namespace sncheck::testing {
namespace {

constexpr const char* kPassword = "Fault-Matrix-Pw-7Qx2";

fake::Scenario matrix_scenario() {
  fake::Scenario scenario = fake::healthy_scenario();
  scenario.password = kPassword;
  return scenario;
}

std::string all_text(const Report& report) { return report.process.out + report.process.err; }

void expect_no_password(const Report& report) {
  EXPECT_EQ(all_text(report).find(kPassword), std::string::npos) << all_text(report);
}

// Runs the OAuth audit with -v against a fake instance altered by `change`.
struct FaultRun {
  Report report;
  std::vector<fake::LoggedRequest> requests;
};

FaultRun run_with(const std::function<void(fake::Scenario&)>& change,
                  const std::vector<std::string>& extra = {}) {
  fake::Scenario scenario = matrix_scenario();
  change(scenario);
  fake::FakeInstance instance(scenario);
  std::vector<std::string> args = {"-v"};
  args.insert(args.end(), extra.begin(), extra.end());
  FaultRun run{run_oauth(instance, scenario, args), {}};
  run.requests = instance.queries();  // plain GETs and batch items alike
  expect_no_password(run.report);
  return run;
}

Report run_against(const std::string& url, const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args = {"oauth", "--instance", url, "--format", "json", "-v"};
  args.insert(args.end(), extra.begin(), extra.end());
  Report report = run_sncheck(args, reader_env(matrix_scenario()));
  expect_no_password(report);
  return report;
}

fake::TableFault body_fault(const std::string& body, const std::string& content_type = "") {
  fake::TableFault fault;
  fault.status = 200;
  fault.body = body;
  fault.content_type = content_type;
  return fault;
}

// A fault on one table: exit 2, the checks reading it are errors (never pass) whose message
// holds every one of `phrases`.
void expect_table_error(const Report& report, const std::string& check_id,
                        const std::vector<std::string>& phrases) {
  ASSERT_TRUE(report.parsed) << report.process.out << report.process.err;
  EXPECT_EQ(report.process.exit_code, 2) << report.process.out;
  const rapidjson::Value* result = report.result(check_id);
  ASSERT_NE(result, nullptr) << check_id;
  EXPECT_STREQ((*result)["status"].GetString(), "error");
  std::string message = (*result)["message"].GetString();
  for (const std::string& phrase : phrases) {
    EXPECT_NE(message.find(phrase), std::string::npos) << "'" << phrase << "' in: " << message;
  }
}

void expect_fatal(const Report& report, const std::vector<std::string>& phrases) {
  expect_incomplete_without_pass(report);
  std::string message = fatal_message(report);
  for (const std::string& phrase : phrases) {
    EXPECT_NE(message.find(phrase), std::string::npos) << "'" << phrase << "' in: " << message;
  }
}

std::size_t requests_for(const FaultRun& run, const std::string& table) {
  return static_cast<std::size_t>(std::count_if(
      run.requests.begin(), run.requests.end(),
      [&](const auto& request) { return request.path == "/api/now/table/" + table; }));
}

constexpr const char* kPropertyCheck = "oauth.property.client_credentials";
constexpr const char* kRegistryCheck = "oauth.registry.entry";

// --- Reaching the instance -------------------------------------------------------------------

TEST(FaultMatrix, DnsFailureNamesTheHost) {
  // RFC 6761: .invalid never resolves, so the lookup fails locally without other traffic.
  Report r = run_against("https://sncheck-test.invalid");
  expect_fatal(r, {"cannot resolve the host", "sncheck-test.invalid"});
}

TEST(FaultMatrix, SelfSignedCertificateIsRefusedWithoutCaBundle) {
  fake::FakeInstance instance(matrix_scenario(), test_pki().server);
  Report r = run_against(instance.url());
  expect_fatal(r, {"TLS failure", "certificate"});
  EXPECT_TRUE(instance.requests().empty());  // nothing was sent over an unverified channel
}

TEST(FaultMatrix, SelfSignedCertificateIsAcceptedWithItsCaBundle) {
  fake::FakeInstance instance(matrix_scenario(), test_pki().server);
  Report r = run_against(instance.url(), {"--ca-bundle", test_pki().ca_pem});
  ASSERT_TRUE(r.parsed) << r.process.err;
  EXPECT_EQ(r.process.exit_code, 0) << r.process.out;
  EXPECT_EQ(r.count("error"), 0);
  EXPECT_GT(r.count("pass"), 0);
  EXPECT_FALSE(instance.requests().empty());
}

// A listening socket that never accepts: once its one-slot backlog is full, the kernel drops
// further connection attempts, so a connect hangs until the client gives up.
class UnansweredListener {
 public:
  UnansweredListener() {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    if (bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
        listen(listener_, 0) != 0 ||
        getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      throw std::runtime_error("UnansweredListener: cannot listen");
    }
    port_ = ntohs(address.sin_port);
    for (int i = 0; i < 3; ++i) {  // fill the backlog
      int filler = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
      connect(filler, reinterpret_cast<sockaddr*>(&address), sizeof(address));
      fillers_.push_back(filler);
    }
  }
  ~UnansweredListener() {
    for (int filler : fillers_) close(filler);
    close(listener_);
  }
  UnansweredListener(const UnansweredListener&) = delete;
  UnansweredListener& operator=(const UnansweredListener&) = delete;
  int port() const { return port_; }

 private:
  int listener_ = -1;
  int port_ = 0;
  std::vector<int> fillers_;
};

TEST(FaultMatrix, ConnectTimeoutSaysConnecting) {
  UnansweredListener listener;
  Report r = run_against("http://127.0.0.1:" + std::to_string(listener.port()), {"--timeout", "1"});
  expect_fatal(r, {"timed out connecting"});
  EXPECT_STREQ(r.json["instance"].GetString(),
               ("http://127.0.0.1:" + std::to_string(listener.port())).c_str());
}

TEST(FaultMatrix, BodyThatStallsMidwayIsAnError) {
  fake::TableFault fault;
  fault.stall_ms = 4000;  // headers and half the body, then silence past the 1 s timeout
  FaultRun run =
      run_with([&](auto& s) { s.faults.tables["sys_properties"] = fault; }, {"--timeout", "1"});
  expect_table_error(run.report, kPropertyCheck, {"sys_properties", "stalled", "body bytes"});
}

// --- HTTP statuses -------------------------------------------------------------------------

TEST(FaultMatrix, RateLimitWithoutRetryAfterBacksOffThenSucceeds) {
  fake::TableFault fault;
  fault.status = 429;
  fault.times = 1;  // no Retry-After: sncheck's own backoff (1 s) applies
  FaultRun run = run_with([&](auto& s) { s.faults.tables["sys_properties"] = fault; });
  EXPECT_EQ(run.report.process.exit_code, 0) << run.report.process.out;
  EXPECT_EQ(run.report.status(kPropertyCheck), "pass");
  EXPECT_EQ(requests_for(run, "sys_properties"), 2u);
  EXPECT_NE(run.report.process.err.find("-> 429"), std::string::npos) << run.report.process.err;
}

TEST(FaultMatrix, BadGatewayAndUnavailableAreRetriedThenReported) {
  fake::TableFault bad_gateway;
  bad_gateway.status = 502;
  fake::TableFault unavailable;
  unavailable.status = 503;
  FaultRun run = run_with([&](auto& s) {
    s.faults.tables["oauth_entity"] = bad_gateway;
    s.faults.tables["sys_properties"] = unavailable;
  });
  expect_table_error(run.report, kRegistryCheck, {"502", "oauth_entity", "after 3 retries"});
  expect_table_error(run.report, kPropertyCheck, {"503", "sys_properties", "after 3 retries"});
  EXPECT_EQ(run.report.count("pass") > 0, true);  // the other tables were read
  EXPECT_EQ(requests_for(run, "oauth_entity"), 4u);
  EXPECT_EQ(requests_for(run, "sys_properties"), 4u);
}

// --- Bodies --------------------------------------------------------------------------------

TEST(FaultMatrix, MalformedJsonSyntaxIsAnError) {
  FaultRun run =
      run_with([](auto& s) { s.faults.tables["sys_properties"] = body_fault("{\"result\":[}"); });
  expect_table_error(run.report, kPropertyCheck, {"sys_properties", "JSON"});
}

TEST(FaultMatrix, JsonWithoutTheTableApiShapeIsAnError) {
  FaultRun run =
      run_with([](auto& s) { s.faults.tables["sys_properties"] = body_fault("{\"records\":[]}"); });
  expect_table_error(run.report, kPropertyCheck, {"sys_properties", "result"});
}

TEST(FaultMatrix, OversizedJsonIsCutAtTheCap) {
  // A valid answer just over 1 MiB: refused by size, not parsed.
  std::string padding(1024 * 1024 + 10, 'x');
  std::string body = "{\"result\":[{\"name\":\"" + padding + "\"}]}";
  FaultRun run = run_with([&](auto& s) { s.faults.tables["sys_properties"] = body_fault(body); },
                          {"--max-response-mb", "1"});
  expect_table_error(run.report, kPropertyCheck,
                     {"sys_properties", "exceeds the 1048576-byte cap"});
}

TEST(FaultMatrix, InvalidUtf8IsAnError) {
  FaultRun run = run_with([](auto& s) {
    s.faults.tables["sys_properties"] = body_fault("{\"result\":[{\"name\":\"caf\xC3\x28\"}]}");
  });
  expect_table_error(run.report, kPropertyCheck, {"sys_properties", "encoding"});
}

TEST(FaultMatrix, JsonLabelledTextPlainIsRefusedNamingTheContentType) {
  FaultRun run = run_with([](auto& s) {
    s.faults.tables["sys_properties"] = body_fault("{\"result\":[]}", "text/plain");
  });
  expect_table_error(run.report, kPropertyCheck, {"sys_properties", "text/plain", "non-JSON"});
}

// --- Paging --------------------------------------------------------------------------------

TEST(FaultMatrix, LinkThatLoopsIsStopped) {
  fake::TableFault fault;
  fault.link_loop = true;
  FaultRun run = run_with([&](auto& s) { s.faults.tables["sys_properties"] = fault; });
  // Page 2 is page 1 again: its rows repeat (the loop is caught before the count is judged).
  expect_table_error(run.report, kPropertyCheck,
                     {"sys_properties", "page 2", "repeats the rows of an earlier page"});
  EXPECT_LE(requests_for(run, "sys_properties"), 2u);
}

// sys_properties without a Link header, 2 rows a page, and this X-Total-Count.
FaultRun run_with_total_count(long total_count) {
  fake::TableFault fault;
  fault.total_count = total_count;
  return run_with(
      [&](auto& s) {
        s.link_header = false;
        s.faults.tables["sys_properties"] = fault;
      },
      {"--page-size", "2"});
}

TEST(FaultMatrix, TotalCountBelowTheRowsIsRefused) {
  // Without Link, X-Total-Count says where the table ends; a count of 1 while pages of 2 come
  // back would end paging early and drop rows.
  FaultRun run = run_with_total_count(1);
  expect_table_error(run.report, kPropertyCheck,
                     {"sys_properties", "X-Total-Count says 1 rows but 2 arrived"});
}

// The count says 12 rows match; every page up to it is read (6 of 2), fewer rows arrive: the
// missing rows are ones the reader cannot see, so the property checks cannot judge the table.
TEST(FaultMatrix, TotalCountAboveTheRowsPagesToTheClaimedEndThenReportsHiddenRows) {
  FaultRun run = run_with_total_count(12);
  expect_table_error(
      run.report, kPropertyCheck,
      {"sys_properties", "X-Total-Count says 12 rows match", "not readable by user"});
  EXPECT_EQ(requests_for(run, "sys_properties"), 6u);  // 12 claimed rows / 2 per page
}

TEST(FaultMatrix, TotalCountTooLargeToPageIsRefusedAtOnce) {
  FaultRun run = run_with_total_count(2000000000);
  expect_table_error(run.report, kPropertyCheck,
                     {"sys_properties", "X-Total-Count says 2000000000 rows", "cap"});
  EXPECT_EQ(requests_for(run, "sys_properties"), 1u);
}

// With Link leading, a count the rows contradict is still refused: the count is what proves the
// read whole, and a wrong one proves nothing.
TEST(FaultMatrix, TotalCountBelowTheRowsIsRefusedWhenLinkLeadsToo) {
  fake::TableFault fault;
  fault.total_count = 1;
  FaultRun run =
      run_with([&](auto& s) { s.faults.tables["sys_properties"] = fault; }, {"--page-size", "1"});
  // The first page already contradicts it: its Link names a next page past the claimed end.
  expect_table_error(
      run.report, kPropertyCheck,
      {"sys_properties", "next page at offset 1", "X-Total-Count says the read has 1 rows"});
  EXPECT_EQ(requests_for(run, "sys_properties"), 1u);
}

}  // namespace
}  // namespace sncheck::testing
