// SPDX-License-Identifier: Apache-2.0
// How much an audit asks of the instance: one wave of targeted reads, connection reuse, the
// --stats line, and the same requests and bytes on a large instance as on a small one.
// Behaviour checks on counts and bytes only; speed is measured by bench/, never asserted here.

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "sncheck_runner.h"

namespace sncheck::testing {
namespace {

// The key=value pairs of the "sncheck stats:" line on stderr; empty when there is none.
std::map<std::string, long long> stats_of(const Report& report) {
  std::map<std::string, long long> stats;
  const std::string& err = report.process.err;
  const std::string marker = "sncheck stats:";
  std::size_t at = err.find(marker);
  if (at == std::string::npos) return stats;
  std::istringstream line(err.substr(at + marker.size(), err.find('\n', at) - at));
  for (std::string pair; line >> pair;) {
    std::size_t eq = pair.find('=');
    if (eq != std::string::npos) stats[pair.substr(0, eq)] = std::stoll(pair.substr(eq + 1));
  }
  return stats;
}

TEST(Scale, StatsGoToStderrOnlyAndCountWhatTheServerSaw) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  Report report = run_oauth(instance, scenario, {"--stats"});
  ASSERT_TRUE(report.parsed) << "stdout must stay one JSON document: " << report.process.out;
  EXPECT_EQ(report.process.out.find("sncheck stats"), std::string::npos);
  std::map<std::string, long long> stats = stats_of(report);
  ASSERT_FALSE(stats.empty()) << report.process.err;
  ASSERT_TRUE(report.json["results"].IsArray());
  EXPECT_EQ(stats["results"], static_cast<long long>(report.json["results"].Size()));
  EXPECT_GT(stats["checks"], 0);
  EXPECT_LE(stats["checks"], stats["results"]);
  EXPECT_EQ(stats["requests"], static_cast<long long>(instance.requests().size()));
  EXPECT_EQ(stats["connections"], static_cast<long long>(instance.connections_seen()));
  EXPECT_GT(stats["bytes"], 0);
  EXPECT_GE(stats["wall_ms"], stats["longest_request_ms"]);
  EXPECT_GT(stats["peak_rss_kb"], 0);

  Report quiet = run_oauth(instance, scenario);
  EXPECT_EQ(quiet.process.err.find("sncheck stats"), std::string::npos) << "only with --stats";
}

TEST(Scale, OneWaveOfTargetedReadsWithDotWalksInsteadOfUserReads) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  Report report = run_oauth(instance, scenario);
  ASSERT_EQ(report.process.exit_code, 0) << report.process.err;
  for (const fake::LoggedRequest& request : instance.queries()) {
    // The application user is read through oauth_entity.user.*, never by a second request.
    EXPECT_NE(request.path, "/api/now/table/sys_user") << request.path;
    auto query = request.params.find("sysparm_query");
    ASSERT_NE(query, request.params.end()) << request.path << " reads a whole table";
    EXPECT_FALSE(query->second.empty()) << request.path << " reads a whole table";
    EXPECT_NE(request.params.find("sysparm_fields"), request.params.end()) << request.path;
  }
}

// One GET per table (--no-batch: at --concurrency 1 the four would otherwise go in one batch).
TEST(Scale, ConcurrencyOneReusesOneConnectionForEveryRequest) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  Report report = run_oauth(instance, scenario, {"--concurrency", "1", "--stats", "--no-batch"});
  ASSERT_EQ(report.process.exit_code, 0) << report.process.err;
  EXPECT_GE(instance.requests().size(), 4u);
  EXPECT_EQ(stats_of(report)["requests"], static_cast<long long>(instance.requests().size()));
  EXPECT_EQ(instance.connections_seen(), 1u);
  EXPECT_EQ(stats_of(report)["connections"], 1);
}

TEST(Scale, DefaultConcurrencyOpensNoMoreThanFourConnections) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  Report report = run_oauth(instance, scenario, {"--stats"});
  ASSERT_EQ(report.process.exit_code, 0) << report.process.err;
  EXPECT_LE(instance.connections_seen(), 4u);
  EXPECT_GE(instance.connections_seen(), 1u);
}

// 50,000 users, 20,000 properties and 3,000 plugins the chain does not involve: the audit asks
// for exactly the same rows, so requests are equal and bytes stay within a small factor (the
// fake's reference links carry its port, so bytes may differ by a few characters).
TEST(Scale, LargeInstanceMovesTheSameRequestsAndBytesAsASmallOne) {
  fake::Scenario small = fake::healthy_scenario();
  fake::Scenario large = fake::large_scenario();
  ASSERT_GE(large.tables.at("sys_user").size(), 50000u);
  ASSERT_GE(large.tables.at("sys_properties").size(), 20000u);
  ASSERT_GE(large.tables.at("sys_plugins").size(), 3000u);

  fake::FakeInstance small_instance(small);
  Report small_report = run_oauth(small_instance, small, {"--stats"});
  fake::FakeInstance large_instance(large);
  Report large_report = run_oauth(large_instance, large, with_large_scenario_timeout({"--stats"}));

  ASSERT_EQ(small_report.process.exit_code, 0) << small_report.process.err;
  EXPECT_EQ(large_report.process.exit_code, 0) << large_report.process.err;
  std::map<std::string, long long> small_stats = stats_of(small_report);
  std::map<std::string, long long> large_stats = stats_of(large_report);
  EXPECT_EQ(large_stats["requests"], small_stats["requests"]);
  EXPECT_EQ(large_instance.requests().size(), small_instance.requests().size());
  ASSERT_GT(small_stats["bytes"], 0);
  EXPECT_LE(large_stats["bytes"], small_stats["bytes"] * 2)
      << "the large instance's bulk leaked into the answers";
}

// With --api the role grants are keyed on the application user: 50,000 more grants on the
// instance add nothing to the answers.
TEST(Scale, ApiRunOnALargeInstanceReadsOnlyTheAppUsersGrants) {
  fake::Scenario small = fake::healthy_scenario();
  fake::Scenario large = fake::large_scenario();
  ASSERT_GE(large.tables.at("sys_user_has_role").size(), 50000u);
  const std::vector<std::string> api = {"--client-id", healthy_client_id(), "--api",
                                        "/api/x_acme/inventory/items/42", "--stats"};
  fake::FakeInstance small_instance(small);
  Report small_report = run_oauth(small_instance, small, api);
  fake::FakeInstance large_instance(large);
  Report large_report = run_oauth(large_instance, large, with_large_scenario_timeout(api));
  ASSERT_TRUE(small_report.parsed) << small_report.process.err;
  ASSERT_TRUE(large_report.parsed) << large_report.process.err;
  EXPECT_EQ(large_report.status("oauth.api.prediction"),
            small_report.status("oauth.api.prediction"))
      << large_report.message("oauth.api.prediction") << "\n"
      << large_report.process.err;
  std::map<std::string, long long> small_stats = stats_of(small_report);
  std::map<std::string, long long> large_stats = stats_of(large_report);
  EXPECT_EQ(large_stats["requests"], small_stats["requests"]);
  ASSERT_GT(small_stats["bytes"], 0);
  EXPECT_LE(large_stats["bytes"], small_stats["bytes"] * 2)
      << "the large instance's grants leaked into the answers";
}

// `sncheck audit` on 50,000 users, 20,000 properties, 3,000 plugins and 2,000 Scripted REST
// resources (500 of them in active APIs) against a small instance holding the same 500 active
// resources: the same requests and the same bytes (up to the fake's port in links), because
// every read is targeted and the only rows that grow are the ones the rest suite must judge.
TEST(Scale, AnAuditOfALargeInstanceMovesOnlyTheRowsItMustJudge) {
  fake::Scenario large = fake::large_scenario();
  ASSERT_EQ(large.tables.at("sys_ws_operation").size(), 2002u);
  fake::Scenario small = fake::healthy_scenario();
  fake::add_rest_resources(small, 500, 0);

  fake::FakeInstance small_instance(small);
  Report small_report = run_command("audit", small_instance, small, {"--stats"});
  fake::FakeInstance large_instance(large);
  Report large_report =
      run_command("audit", large_instance, large, with_large_scenario_timeout({"--stats"}));
  ASSERT_TRUE(small_report.parsed) << small_report.process.err;
  ASSERT_TRUE(large_report.parsed) << large_report.process.err;
  EXPECT_EQ(large_report.process.exit_code, small_report.process.exit_code);
  EXPECT_EQ(large_report.json["results"].Size(), small_report.json["results"].Size());
  std::map<std::string, long long> small_stats = stats_of(small_report);
  std::map<std::string, long long> large_stats = stats_of(large_report);
  EXPECT_EQ(large_stats["requests"], small_stats["requests"]);
  ASSERT_GT(small_stats["bytes"], 0);
  long long difference = std::llabs(large_stats["bytes"] - small_stats["bytes"]);
  EXPECT_LE(difference * 100, small_stats["bytes"]) << "more than 1% apart: the bulk leaked";

  // One wave, one query per table: two round trips planned at the default concurrency, one taken
  // because the queries that outnumber it ride in Batch API requests.
  EXPECT_EQ(large_stats["batch_items"], large_stats["tables"]);
  EXPECT_EQ(large_stats["planned_round_trips"], 2) << large_report.process.err;
  EXPECT_EQ(large_stats["round_trips"], 1) << large_report.process.err;
  EXPECT_LE(large_stats["concurrency"], 8);
  EXPECT_LE(large_instance.connections_seen(), 8u);

  // And against the healthy instance alone: the same requests, and more bytes only for the 500
  // resources it judges.
  fake::Scenario healthy = fake::healthy_scenario();
  fake::FakeInstance healthy_instance(healthy);
  Report healthy_report = run_command("audit", healthy_instance, healthy, {"--stats"});
  EXPECT_EQ(stats_of(healthy_report)["requests"], large_stats["requests"]);
}

// Many registry entries are paged and every one is judged; each page is queried once.
TEST(Scale, ManyClientEntriesArePagedAndEveryOneIsJudged) {
  fake::Scenario scenario = fake::many_clients_scenario(2500);
  // Enough latency that the requests of one round trip overlap on the server too, so that its
  // own count of round trips (from arrival and answer times) can be compared with sncheck's.
  scenario.faults.latency_ms = 100;
  fake::FakeInstance instance(scenario);
  Report report = run_oauth(instance, scenario, {"--page-size", "500", "--stats"});
  ASSERT_TRUE(report.parsed) << report.process.err;
  EXPECT_EQ(report.process.exit_code, 0) << report.process.err;
  EXPECT_EQ(report.results("oauth.registry.app_user").size(), 2501u);  // healthy's 1 + 2,500
  int entity_requests = 0;
  std::set<std::string> other_tables;
  for (const fake::LoggedRequest& request : instance.queries()) {
    if (request.path == "/api/now/table/oauth_entity") {
      ++entity_requests;
    } else {
      EXPECT_TRUE(other_tables.insert(request.path).second) << "read twice: " << request.path;
    }
  }
  EXPECT_EQ(entity_requests, 6);  // 2,501 client entries in pages of 500
  std::map<std::string, long long> stats = stats_of(report);
  EXPECT_EQ(stats["requests"], static_cast<long long>(instance.requests().size()));
  // Pages 2 to 6 were asked for together once the first page's count was known (in batches,
  // since five are more than --concurrency): two round trips, whatever the number of pages.
  EXPECT_EQ(stats["round_trips"], 2);
  EXPECT_EQ(static_cast<long long>(instance.round_trips()), stats["round_trips"]);
}

}  // namespace
}  // namespace sncheck::testing
