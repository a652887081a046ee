// SPDX-License-Identifier: Apache-2.0
// sncheck's real HTTP client (libcurl multi) against the fake instance: paging, every failure
// class, retries, concurrency and connection reuse.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <algorithm>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "fake_instance.h"
#include "fetch/table_client.h"

namespace sncheck {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using Clock = std::chrono::steady_clock;

constexpr const char* kPassword = "demo-password";

std::vector<Record> make_rows(const std::string& prefix, int count) {
  std::vector<Record> rows;
  for (int i = 0; i < count; ++i) {
    Record row;
    row["sys_id"] = FieldValue{prefix + std::to_string(i), ""};
    row["name"] = FieldValue{"name " + std::to_string(i), ""};
    row["active"] = FieldValue{i % 2 == 0 ? "true" : "false", ""};
    rows.push_back(std::move(row));
  }
  return rows;
}

fake::Scenario scenario_with(std::initializer_list<std::pair<std::string, int>> tables) {
  fake::Scenario scenario;
  scenario.name = "table_client_test";
  for (const auto& [table, count] : tables) scenario.tables[table] = make_rows(table + "_", count);
  return scenario;
}

ClientConfig config_for(const fake::FakeInstance& instance) {
  ClientConfig config;
  config.base_url = instance.url();
  config.credentials.kind = Credentials::Kind::Basic;
  config.credentials.user = "sncheck.reader";
  config.credentials.secret = kPassword;
  config.reader = "sncheck.reader";
  config.timeout_seconds = 10;
  config.page_size = 10;
  // One GET per page: the plain path; batch_client_test.cpp covers the Batch API.
  config.batch = BatchMode::Never;
  return config;
}

fake::TableFault fault_status(int status) {
  fake::TableFault fault;
  fault.status = status;
  return fault;
}

TableRead read_of(const std::string& table) {
  return TableRead{table, "", {"active", "name", "sys_id"}};
}

TableData fetch_one(const ClientConfig& config, const std::string& table,
                    FetchStats* stats = nullptr) {
  TableClient client(config);
  std::vector<TableData> data = client.fetch_all({read_of(table)});
  if (stats) *stats = client.stats();
  EXPECT_EQ(data.size(), 1u);
  return data.empty() ? TableData{} : data.front();
}

void expect_only_gets(const fake::FakeInstance& instance) {
  for (const fake::LoggedRequest& request : instance.requests()) {
    EXPECT_EQ(request.method, "GET") << request.path;
  }
}

std::string error_text(const TableData& data) {
  return data.error ? std::string(to_string(data.error->kind)) + ": " + data.error->message : "";
}

// Rows hidden by row ACLs shorten pages (the first comes back empty) while X-Total-Count counts
// them: sncheck reads every page, then refuses the read, naming how many rows of which table the
// reader cannot see.
TEST(TableClient, HiddenRowsArePagedPastThenMakeTheReadAnError) {
  fake::Scenario scenario = scenario_with({{"sys_user", 25}});
  scenario.hidden_rows["sys_user"] = {"sys_user_1", "sys_user_2", "sys_user_3", "sys_user_4",
                                      "sys_user_5", "sys_user_6", "sys_user_7", "sys_user_8",
                                      "sys_user_9", "sys_user_0", "sys_user_12"};
  fake::FakeInstance instance(scenario);
  FetchStats stats;
  TableData data = fetch_one(config_for(instance), "sys_user", &stats);
  ASSERT_TRUE(data.error);
  EXPECT_EQ(data.error->kind, FetchErrorKind::HiddenRows) << error_text(data);
  EXPECT_THAT(data.error->message,
              HasSubstr("X-Total-Count says 25 rows match but 14 arrived after every page"));
  EXPECT_THAT(data.error->message, HasSubstr("11 rows are not readable by user sncheck.reader"));
  EXPECT_THAT(data.error->remedy, HasSubstr("user_admin or admin"));
  EXPECT_TRUE(data.rows.empty());  // a partial read is never judged
  EXPECT_EQ(data.pages, 3);        // every page was read first
  EXPECT_EQ(stats.requests, 3);
  expect_only_gets(instance);
}

TEST(TableClient, PagesViaLinkAcrossEmptyAndShortPages) {
  fake::Scenario scenario = scenario_with({{"sys_user", 25}});
  fake::FakeInstance instance(scenario);
  TableData data = fetch_one(config_for(instance), "sys_user");
  ASSERT_FALSE(data.error) << error_text(data);
  EXPECT_EQ(data.rows.size(), 25u);
  EXPECT_EQ(data.pages, 3);
  EXPECT_EQ(data.total_count, 25);
}

TEST(TableClient, PagesViaTotalCountWithoutLink) {
  fake::Scenario scenario = scenario_with({{"sys_user", 23}});
  scenario.link_header = false;
  fake::FakeInstance instance(scenario);
  TableData data = fetch_one(config_for(instance), "sys_user");
  ASSERT_FALSE(data.error) << error_text(data);
  EXPECT_EQ(data.rows.size(), 23u);
  EXPECT_EQ(data.pages, 3);
  std::vector<std::string> offsets;
  for (const fake::LoggedRequest& request : instance.requests()) {
    auto it = request.params.find("sysparm_offset");
    offsets.push_back(it == request.params.end() ? "" : it->second);
  }
  // The count asks for pages 2 and 3 at once: they may reach the server in either order.
  ASSERT_FALSE(offsets.empty());
  EXPECT_EQ(offsets.front(), "");
  std::sort(offsets.begin(), offsets.end());
  EXPECT_EQ(offsets, (std::vector<std::string>{"", "10", "20"}));
}

TEST(TableClient, HiddenRowsWithoutLinkAreFoundByTheCount) {
  fake::Scenario scenario = scenario_with({{"sys_user", 23}});
  scenario.link_header = false;
  scenario.hidden_rows["sys_user"] = {"sys_user_3", "sys_user_15"};
  fake::FakeInstance instance(scenario);
  TableData data = fetch_one(config_for(instance), "sys_user");
  ASSERT_TRUE(data.error);
  EXPECT_EQ(data.error->kind, FetchErrorKind::HiddenRows);
  EXPECT_THAT(data.error->message, HasSubstr("2 rows are not readable"));
  EXPECT_EQ(instance.requests().size(), 3u);
}

// No Link, no X-Total-Count: a full first page must not end the read; an empty page does.
TEST(TableClient, WithoutAnyEndMarkerPagesAreReadUntilAnEmptyOne) {
  fake::Scenario scenario = scenario_with({{"sys_user", 20}});
  scenario.link_header = false;
  scenario.total_count_header = false;
  fake::FakeInstance instance(scenario);
  TableData data = fetch_one(config_for(instance), "sys_user");
  ASSERT_FALSE(data.error) << error_text(data);
  EXPECT_EQ(data.rows.size(), 20u);
  EXPECT_EQ(instance.requests().size(), 3u);  // two full pages, then the empty one
}

TEST(TableClient, AnIgnoredOffsetStopsTheReadAtTheSecondPage) {
  fake::Scenario scenario = scenario_with({{"sys_user", 25}});
  fake::TableFault fault;
  fault.ignore_offset = true;
  scenario.faults.tables["sys_user"] = fault;
  fake::FakeInstance instance(scenario);
  TableData data = fetch_one(config_for(instance), "sys_user");
  ASSERT_TRUE(data.error);
  EXPECT_EQ(data.error->kind, FetchErrorKind::RepeatedRows) << error_text(data);
  EXPECT_THAT(data.error->message, HasSubstr("ignores sysparm_offset"));
  // The count (25) has pages 2 and 3 asked for together; page 2 is judged first and stops it.
  EXPECT_EQ(instance.requests().size(), 3u);
}

TEST(TableClient, ALinkThatAlwaysSaysNextEndsWhereTheCountEnds) {
  fake::Scenario scenario = scenario_with({{"sys_user", 25}});
  fake::TableFault fault;
  fault.link_always_next = true;
  scenario.faults.tables["sys_user"] = fault;
  fake::FakeInstance instance(scenario);
  TableData data = fetch_one(config_for(instance), "sys_user");
  ASSERT_TRUE(data.error);
  EXPECT_EQ(data.error->kind, FetchErrorKind::PagingMismatch) << error_text(data);
  EXPECT_EQ(instance.requests().size(), 3u);  // 25 rows in pages of 10; the Link after them lies
}

TEST(TableClient, ALinkThatAlwaysSaysNextWithoutACountEndsAtTheFirstEmptyPage) {
  fake::Scenario scenario = scenario_with({{"sys_user", 25}});
  scenario.total_count_header = false;
  fake::TableFault fault;
  fault.link_always_next = true;
  scenario.faults.tables["sys_user"] = fault;
  fake::FakeInstance instance(scenario);
  TableData data = fetch_one(config_for(instance), "sys_user");
  ASSERT_TRUE(data.error);
  EXPECT_EQ(data.error->kind, FetchErrorKind::PagingLoop) << error_text(data);
  EXPECT_EQ(instance.requests().size(), 4u);
}

TEST(TableClient, DoubledOrUnparseableCountsAreProtocolErrors) {
  for (int variant = 0; variant < 3; ++variant) {
    fake::Scenario scenario = scenario_with({{"sys_user", 5}});
    fake::TableFault fault;
    if (variant == 0) fault.total_count_text = "-1";
    if (variant == 1) fault.total_count_text = "abc";
    if (variant == 2) fault.extra_total_count = "1";  // "5" and "1": joined as "5, 1"
    scenario.faults.tables["sys_user"] = fault;
    fake::FakeInstance instance(scenario);
    TableData data = fetch_one(config_for(instance), "sys_user");
    ASSERT_TRUE(data.error) << variant;
    EXPECT_EQ(data.error->kind, FetchErrorKind::BadPagingHeader) << error_text(data);
    EXPECT_THAT(data.error->message, HasSubstr("X-Total-Count"));
  }
}

TEST(TableClient, DeadlineFailsTheReadsStillOpenAndNamesIt) {
  fake::Scenario scenario = scenario_with({{"sys_user", 2}, {"sys_properties", 2}});
  fake::TableFault slow;
  slow.delay_ms = 2500;
  scenario.faults.tables["sys_properties"] = slow;
  fake::FakeInstance instance(scenario);
  ClientConfig config = config_for(instance);
  config.deadline = Clock::now() + std::chrono::milliseconds(500);
  config.deadline_seconds = 1;
  TableClient client(config);
  auto start = Clock::now();
  std::vector<TableData> data = client.fetch_all({read_of("sys_user"), read_of("sys_properties")});
  auto elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  EXPECT_LT(elapsed, 2.5);
  ASSERT_EQ(data.size(), 2u);
  EXPECT_FALSE(data[0].error) << error_text(data[0]);
  ASSERT_TRUE(data[1].error);
  EXPECT_EQ(data[1].error->kind, FetchErrorKind::DeadlineExceeded);
  EXPECT_THAT(data[1].error->message, HasSubstr("--deadline 1 s"));
  // After the deadline no request starts at all.
  std::vector<TableData> later = client.fetch_all({read_of("sys_user")});
  ASSERT_TRUE(later.at(0).error);
  EXPECT_EQ(later[0].error->kind, FetchErrorKind::DeadlineExceeded);
}

TEST(TableClient, ReadsFieldsAndQueryAsSent) {
  fake::Scenario scenario = scenario_with({{"sys_user", 6}});
  fake::FakeInstance instance(scenario);
  TableClient client(config_for(instance));
  std::vector<TableData> data =
      client.fetch_all({TableRead{"sys_user", "active=true", {"name", "sys_id"}}});
  ASSERT_EQ(data.size(), 1u);
  ASSERT_FALSE(data[0].error) << error_text(data[0]);
  EXPECT_EQ(data[0].rows.size(), 3u);
  for (const Record& row : data[0].rows) {
    EXPECT_EQ(find_field(row, "active"), nullptr);  // not requested
    EXPECT_NE(find_field(row, "name"), nullptr);
  }
  std::vector<fake::LoggedRequest> requests = instance.requests();
  ASSERT_EQ(requests.size(), 1u);
  auto param = [&requests](const std::string& name) {
    auto it = requests[0].params.find(name);
    return it == requests[0].params.end() ? std::string("<absent>") : it->second;
  };
  EXPECT_EQ(param("sysparm_query"), "active=true");
  EXPECT_EQ(param("sysparm_fields"), "name,sys_id");
  EXPECT_EQ(param("sysparm_exclude_reference_link"), "false");
  EXPECT_TRUE(requests[0].has_authorization);
}

TEST(TableClient, BearerTokenIsSent) {
  fake::Scenario scenario = scenario_with({{"sys_user", 2}});
  scenario.bearer_token = "tok-123";
  fake::FakeInstance instance(scenario);
  ClientConfig config = config_for(instance);
  config.credentials.kind = Credentials::Kind::Bearer;
  config.credentials.secret = "tok-123";
  TableData data = fetch_one(config, "sys_user");
  EXPECT_FALSE(data.error) << error_text(data);
  EXPECT_EQ(data.rows.size(), 2u);
}

TEST(TableClient, UnauthorizedIsConnectionLevelAndStopsFurtherRequests) {
  fake::Scenario scenario =
      scenario_with({{"sys_user", 2}, {"sys_properties", 2}, {"oauth_entity", 2}});
  fake::FakeInstance instance(scenario);
  ClientConfig config = config_for(instance);
  config.credentials.secret = "wrong-password";
  config.concurrency = 1;
  std::vector<std::string> log;
  config.log = [&log](const std::string& line) { log.push_back(line); };
  TableClient client(config);
  std::vector<TableData> data =
      client.fetch_all({read_of("sys_user"), read_of("sys_properties"), read_of("oauth_entity")});
  ASSERT_EQ(data.size(), 3u);
  for (const TableData& d : data) {
    ASSERT_TRUE(d.error);
    EXPECT_EQ(d.error->kind, FetchErrorKind::Unauthorized);
    EXPECT_EQ(d.error->table, d.read.table);
    EXPECT_THAT(d.error->message, HasSubstr(d.read.table));
    EXPECT_TRUE(d.rows.empty());
  }
  EXPECT_EQ(data[0].error->http_status, 401);
  EXPECT_THAT(data[0].error->message, HasSubstr("User Not Authenticated"));
  EXPECT_THAT(data[0].error->remedy, HasSubstr("SN_PASSWORD"));
  EXPECT_TRUE(is_connection_level(data[0].error->kind));
  EXPECT_EQ(instance.requests().size(), 1u);  // no more failed logins once rejected
  ASSERT_EQ(log.size(), 1u);
  EXPECT_THAT(log[0], HasSubstr("GET "));
  EXPECT_THAT(log[0], HasSubstr("401"));
  EXPECT_THAT(log[0], Not(HasSubstr("wrong-password")));
}

TEST(TableClient, ForbiddenNamesTableAndRole) {
  fake::Scenario scenario = scenario_with({{"sys_properties", 2}});
  scenario.denied_tables.insert("sys_properties");
  fake::FakeInstance instance(scenario);
  TableData data = fetch_one(config_for(instance), "sys_properties");
  ASSERT_TRUE(data.error);
  EXPECT_EQ(data.error->kind, FetchErrorKind::Forbidden);
  EXPECT_EQ(data.error->http_status, 403);
  EXPECT_THAT(data.error->message, HasSubstr("sys_properties"));
  EXPECT_THAT(data.error->message, HasSubstr("Insufficient rights"));
  EXPECT_THAT(data.error->remedy, HasSubstr("admin"));
}

TEST(TableClient, InvalidTable) {
  fake::FakeInstance instance(scenario_with({{"sys_user", 1}}));
  TableData data = fetch_one(config_for(instance), "sn_missing_plugin_table");
  ASSERT_TRUE(data.error);
  EXPECT_EQ(data.error->kind, FetchErrorKind::InvalidTable);
  EXPECT_THAT(data.error->message, HasSubstr("sn_missing_plugin_table"));
  EXPECT_THAT(data.error->remedy, HasSubstr("plugin"));
}

TEST(TableClient, NotFound) {
  fake::Scenario scenario = scenario_with({{"sys_user", 1}});
  scenario.faults.tables["sys_user"] = fault_status(404);
  fake::FakeInstance instance(scenario);
  TableData data = fetch_one(config_for(instance), "sys_user");
  ASSERT_TRUE(data.error);
  EXPECT_EQ(data.error->kind, FetchErrorKind::NotFound);
  EXPECT_EQ(data.error->http_status, 404);
}

TEST(TableClient, RateLimitedOnceThenSucceedsAfterRetryAfter) {
  fake::Scenario scenario = scenario_with({{"sys_user", 3}});
  fake::TableFault fault;
  fault.status = 429;
  fault.times = 1;
  fault.retry_after = 1;
  scenario.faults.tables["sys_user"] = fault;
  fake::FakeInstance instance(scenario);
  std::vector<std::string> log;
  ClientConfig config = config_for(instance);
  config.log = [&log](const std::string& line) { log.push_back(line); };
  FetchStats stats;
  auto start = Clock::now();
  TableData data = fetch_one(config, "sys_user", &stats);
  auto elapsed = Clock::now() - start;
  ASSERT_FALSE(data.error) << error_text(data);
  EXPECT_EQ(data.rows.size(), 3u);
  EXPECT_EQ(stats.retries, 1);
  EXPECT_EQ(stats.requests, 2);
  EXPECT_GE(elapsed, std::chrono::milliseconds(900));
  ASSERT_EQ(log.size(), 2u);
  EXPECT_THAT(log[0], HasSubstr("429"));
  EXPECT_THAT(log[0], HasSubstr("retry in 1s"));
}

TEST(TableClient, PersistentRateLimitGivesUp) {
  fake::Scenario scenario = scenario_with({{"sys_user", 3}});
  fake::TableFault fault;
  fault.status = 429;
  fault.retry_after = 1;
  scenario.faults.tables["sys_user"] = fault;
  fake::FakeInstance instance(scenario);
  ClientConfig config = config_for(instance);
  config.max_retries = 1;
  FetchStats stats;
  TableData data = fetch_one(config, "sys_user", &stats);
  ASSERT_TRUE(data.error);
  EXPECT_EQ(data.error->kind, FetchErrorKind::RateLimited);
  EXPECT_THAT(data.error->message, HasSubstr("Rate limit"));
  EXPECT_EQ(stats.requests, 2);
}

TEST(TableClient, LongRetryAfterIsReportedNotWaited) {
  fake::Scenario scenario = scenario_with({{"sys_user", 3}});
  fake::TableFault fault;
  fault.status = 429;
  fault.retry_after = 3600;
  scenario.faults.tables["sys_user"] = fault;
  fake::FakeInstance instance(scenario);
  FetchStats stats;
  TableData data = fetch_one(config_for(instance), "sys_user", &stats);
  ASSERT_TRUE(data.error);
  EXPECT_EQ(data.error->kind, FetchErrorKind::RateLimited);
  EXPECT_THAT(data.error->message, HasSubstr("3600 s"));
  EXPECT_EQ(stats.requests, 1);
}

TEST(TableClient, ServiceUnavailableRetriedThenSucceeds) {
  fake::Scenario scenario = scenario_with({{"sys_user", 3}});
  fake::TableFault fault;
  fault.status = 503;
  fault.times = 1;
  scenario.faults.tables["sys_user"] = fault;
  fake::FakeInstance instance(scenario);
  FetchStats stats;
  TableData data = fetch_one(config_for(instance), "sys_user", &stats);
  ASSERT_FALSE(data.error) << error_text(data);
  EXPECT_EQ(data.rows.size(), 3u);
  EXPECT_EQ(stats.retries, 1);
}

TEST(TableClient, PersistentServerErrorGivesUp) {
  fake::Scenario scenario = scenario_with({{"sys_user", 3}});
  scenario.faults.tables["sys_user"] = fault_status(500);
  fake::FakeInstance instance(scenario);
  ClientConfig config = config_for(instance);
  config.max_retries = 2;  // 0.5 s + 1 s of backoff
  FetchStats stats;
  TableData data = fetch_one(config, "sys_user", &stats);
  ASSERT_TRUE(data.error);
  EXPECT_EQ(data.error->kind, FetchErrorKind::ServerError);
  EXPECT_EQ(data.error->http_status, 500);
  EXPECT_THAT(data.error->message, HasSubstr("after 2 retries"));
  EXPECT_EQ(stats.requests, 3);
  EXPECT_EQ(instance.requests().size(), 3u);
}

TEST(TableClient, RetryDoesNotBlockOtherReads) {
  fake::Scenario scenario = scenario_with({{"sys_user", 3}, {"sys_properties", 25}});
  fake::TableFault fault;
  fault.status = 429;
  fault.times = 1;
  fault.retry_after = 1;
  scenario.faults.tables["sys_user"] = fault;
  scenario.faults.latency_ms = 50;
  fake::FakeInstance instance(scenario);
  ClientConfig config = config_for(instance);
  config.concurrency = 1;
  TableClient client(config);
  std::vector<TableData> data = client.fetch_all({read_of("sys_user"), read_of("sys_properties")});
  ASSERT_FALSE(data[0].error) << error_text(data[0]);
  ASSERT_FALSE(data[1].error) << error_text(data[1]);
  // Even with one transfer at a time, sys_properties' three pages ran while sys_user waited out
  // its Retry-After: the order on the wire is user(429), properties x3, user(200).
  std::vector<std::string> order;
  for (const fake::LoggedRequest& request : instance.requests()) {
    order.push_back(request.path.substr(request.path.rfind('/') + 1) + ":" +
                    std::to_string(request.status));
  }
  EXPECT_EQ(order,
            (std::vector<std::string>{"sys_user:429", "sys_properties:200", "sys_properties:200",
                                      "sys_properties:200", "sys_user:200"}));
}

TEST(TableClient, HibernatingInstance) {
  fake::Scenario scenario = scenario_with({{"sys_user", 3}});
  scenario.faults.hibernating = true;
  fake::FakeInstance instance(scenario);
  TableData data = fetch_one(config_for(instance), "sys_user");
  ASSERT_TRUE(data.error);
  EXPECT_EQ(data.error->kind, FetchErrorKind::HibernatingInstance);
  EXPECT_THAT(data.error->remedy, HasSubstr("developer.servicenow.com"));
}

TEST(TableClient, LoginRedirectIsNotFollowed) {
  fake::Scenario scenario = scenario_with({{"sys_user", 3}});
  scenario.faults.login_redirect = true;
  fake::FakeInstance instance(scenario);
  TableData data = fetch_one(config_for(instance), "sys_user");
  ASSERT_TRUE(data.error);
  EXPECT_EQ(data.error->kind, FetchErrorKind::LoginPage);
  EXPECT_THAT(data.error->message, HasSubstr("login.do"));
  EXPECT_EQ(instance.requests().size(), 1u);
}

TEST(TableClient, MalformedJson) {
  fake::Scenario scenario = scenario_with({{"sys_user", 3}});
  fake::TableFault fault;
  fault.status = 200;
  fault.body = R"({"result":[{"sys_id":"a1",)";
  scenario.faults.tables["sys_user"] = fault;
  fake::FakeInstance instance(scenario);
  TableData data = fetch_one(config_for(instance), "sys_user");
  ASSERT_TRUE(data.error);
  EXPECT_EQ(data.error->kind, FetchErrorKind::MalformedJson);
  EXPECT_THAT(data.error->message, HasSubstr("offset"));
}

TEST(TableClient, OversizedBody) {
  fake::FakeInstance instance(scenario_with({{"sys_user", 10}}));
  ClientConfig config = config_for(instance);
  config.max_body_bytes = 200;
  TableData data = fetch_one(config, "sys_user");
  ASSERT_TRUE(data.error);
  EXPECT_EQ(data.error->kind, FetchErrorKind::TooLarge);
  EXPECT_THAT(data.error->message, HasSubstr("200"));
}

int closed_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  int port = ntohs(address.sin_port);
  close(fd);
  return port;
}

TEST(TableClient, ConnectionRefused) {
  ClientConfig config;
  config.base_url = "http://127.0.0.1:" + std::to_string(closed_port());
  config.credentials.kind = Credentials::Kind::Basic;
  config.credentials.user = "u";
  config.credentials.secret = "p";
  TableData data = fetch_one(config, "sys_user");
  ASSERT_TRUE(data.error);
  EXPECT_EQ(data.error->kind, FetchErrorKind::Connect);
  EXPECT_EQ(data.error->http_status, 0);
  EXPECT_TRUE(is_connection_level(data.error->kind));
}

TEST(TableClient, UnresolvableHost) {
  ClientConfig config;
  config.base_url = "http://sncheck-test.invalid";  // RFC 6761: never resolves
  TableData data = fetch_one(config, "sys_user");
  ASSERT_TRUE(data.error);
  EXPECT_EQ(data.error->kind, FetchErrorKind::Resolve);
  EXPECT_TRUE(is_connection_level(data.error->kind));
}

TEST(TableClient, TlsHandshakeFailureIsTls) {
  // The fake instance speaks plain HTTP, so a TLS handshake with it fails.
  fake::FakeInstance instance(scenario_with({{"sys_user", 1}}));
  ClientConfig config = config_for(instance);
  config.base_url = "https://127.0.0.1:" + std::to_string(instance.port());
  TableData data = fetch_one(config, "sys_user");
  ASSERT_TRUE(data.error);
  EXPECT_EQ(data.error->kind, FetchErrorKind::Tls) << error_text(data);
  EXPECT_TRUE(is_connection_level(data.error->kind));
}

TEST(TableClient, SlowAnswerTimesOut) {
  fake::Scenario scenario = scenario_with({{"sys_user", 3}});
  scenario.faults.latency_ms = 1600;
  fake::FakeInstance instance(scenario);
  ClientConfig config = config_for(instance);
  config.timeout_seconds = 1;
  TableData data = fetch_one(config, "sys_user");
  ASSERT_TRUE(data.error);
  EXPECT_EQ(data.error->kind, FetchErrorKind::Timeout);
  EXPECT_FALSE(is_connection_level(data.error->kind));
}

TEST(TableClient, ReadsRunConcurrently) {
  fake::Scenario scenario = scenario_with(
      {{"sys_user", 3}, {"sys_properties", 3}, {"oauth_entity", 3}, {"sys_plugins", 3}});
  scenario.faults.latency_ms = 300;
  fake::FakeInstance instance(scenario);
  ClientConfig config = config_for(instance);
  config.concurrency = 4;
  TableClient client(config);
  auto start = Clock::now();
  std::vector<TableData> data = client.fetch_all({read_of("sys_user"), read_of("sys_properties"),
                                                  read_of("oauth_entity"), read_of("sys_plugins")});
  auto elapsed = Clock::now() - start;
  for (const TableData& d : data) EXPECT_FALSE(d.error) << error_text(d);
  // Behaviour, not a benchmark: sequential would be 4 x 300 ms.
  EXPECT_LT(elapsed, std::chrono::milliseconds(600));
  EXPECT_LE(instance.connections_seen(), 4u);
}

TEST(TableClient, ConcurrencyCapIsRespected) {
  fake::Scenario scenario = scenario_with(
      {{"sys_user", 3}, {"sys_properties", 3}, {"oauth_entity", 3}, {"sys_plugins", 3}});
  scenario.faults.latency_ms = 200;
  fake::FakeInstance instance(scenario);
  ClientConfig config = config_for(instance);
  config.concurrency = 2;
  TableClient client(config);
  auto start = Clock::now();
  client.fetch_all({read_of("sys_user"), read_of("sys_properties"), read_of("oauth_entity"),
                    read_of("sys_plugins")});
  auto elapsed = Clock::now() - start;
  EXPECT_GE(elapsed, std::chrono::milliseconds(390));  // two rounds of two
  EXPECT_LE(instance.connections_seen(), 2u);
}

TEST(TableClient, ConnectionsAreReused) {
  fake::Scenario scenario =
      scenario_with({{"sys_user", 45}, {"sys_properties", 35}, {"oauth_entity", 25}});
  fake::FakeInstance instance(scenario);
  ClientConfig config = config_for(instance);
  config.concurrency = 2;
  TableClient client(config);
  std::vector<TableData> data =
      client.fetch_all({read_of("sys_user"), read_of("sys_properties"), read_of("oauth_entity")});
  for (const TableData& d : data) ASSERT_FALSE(d.error) << error_text(d);
  EXPECT_EQ(data[0].rows.size(), 45u);
  EXPECT_EQ(client.stats().requests, 5 + 4 + 3);
  EXPECT_LE(instance.connections_seen(), 2u);
  EXPECT_LE(client.stats().connections, 2);
  EXPECT_GT(client.stats().bytes, 0);
  EXPECT_GT(client.stats().wall_seconds, 0);
  expect_only_gets(instance);
}

TEST(TableClient, EmptyTableIsOnePage) {
  fake::FakeInstance instance(scenario_with({{"sys_user", 0}}));
  TableData data = fetch_one(config_for(instance), "sys_user");
  ASSERT_FALSE(data.error) << error_text(data);
  EXPECT_TRUE(data.rows.empty());
  EXPECT_EQ(data.pages, 1);
  EXPECT_EQ(data.total_count, 0);
}

TEST(TableClient, PageCap) {
  fake::FakeInstance instance(scenario_with({{"sys_user", 45}}));
  ClientConfig config = config_for(instance);
  config.max_pages = 2;
  TableData data = fetch_one(config, "sys_user");
  ASSERT_TRUE(data.error);
  EXPECT_EQ(data.error->kind, FetchErrorKind::PagingLoop);
  // X-Total-Count (45 rows: 5 pages of 10) already says the cap cannot be kept: refused at once.
  EXPECT_EQ(instance.requests().size(), 1u);
}

TEST(TableClient, PageCapWithoutACountStopsAfterTheCap) {
  fake::Scenario scenario = scenario_with({{"sys_user", 45}});
  scenario.total_count_header = false;
  fake::FakeInstance instance(scenario);
  ClientConfig config = config_for(instance);
  config.max_pages = 2;
  TableData data = fetch_one(config, "sys_user");
  ASSERT_TRUE(data.error);
  EXPECT_EQ(data.error->kind, FetchErrorKind::PagingLoop);
  EXPECT_EQ(instance.requests().size(), 2u);
}

TEST(TableClient, InvalidTableNameIsNotRequested) {
  fake::FakeInstance instance(scenario_with({{"sys_user", 1}}));
  TableData data = fetch_one(config_for(instance), "sys_user/../x");
  ASSERT_TRUE(data.error);
  EXPECT_TRUE(instance.requests().empty());
}

}  // namespace
}  // namespace sncheck

namespace sncheck {
namespace {

TEST(TableClient, ReportsProgressPerFinishedRead) {
  fake::Scenario scenario = scenario_with({{"sys_user", 25}, {"sys_properties", 3}});
  scenario.denied_tables.insert("oauth_entity");  // a failed read counts as finished too
  fake::FakeInstance instance(scenario);
  ClientConfig config = config_for(instance);
  std::vector<std::pair<std::size_t, std::size_t>> calls;
  config.progress = [&calls](std::size_t done, std::size_t total) {
    calls.emplace_back(done, total);
  };
  TableClient client(config);
  client.fetch_all({read_of("sys_user"), read_of("sys_properties"), read_of("oauth_entity")});
  ASSERT_GE(calls.size(), 2u);
  EXPECT_EQ(calls.front(), std::make_pair(std::size_t{0}, std::size_t{3}));
  EXPECT_EQ(calls.back(), std::make_pair(std::size_t{3}, std::size_t{3}));
  for (std::size_t i = 1; i < calls.size(); ++i) EXPECT_GT(calls[i].first, calls[i - 1].first);
}

}  // namespace
}  // namespace sncheck
