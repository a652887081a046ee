// SPDX-License-Identifier: Apache-2.0
// Honest reads and strict values, through the sncheck program against the fake instance: rows
// the reader cannot see, paging without (or with lying) end markers, JSON null, odd booleans,
// duplicate keys and lists in one field. Each case says what sncheck reports and how it exits;
// none may end in pass (or exit 0) on data that was not read whole.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "sncheck_runner.h"

namespace sncheck::testing {
namespace {

constexpr const char* kOauthActive = "oauth.property.oauth_active";
constexpr const char* kClientCredentials = "oauth.property.client_credentials";
constexpr const char* kUsable = "oauth.app_user.usable";

struct AuditRun {
  Report report;
  std::vector<fake::LoggedRequest> requests;
  std::string text;  // stdout and stderr

  std::size_t requests_for(const std::string& table) const {
    return static_cast<std::size_t>(
        std::count_if(requests.begin(), requests.end(), [&](const fake::LoggedRequest& request) {
          return request.path == "/api/now/table/" + table;
        }));
  }
  std::string message(const std::string& id, const std::string& subject = "") const {
    const rapidjson::Value* result = report.result(id, subject);
    return result != nullptr ? (*result)["message"].GetString() : std::string("(no result)");
  }
  std::string root_cause() const {
    if (!report.parsed) return {};
    const rapidjson::Value& root = report.json["root_cause_message"];
    return root.IsString() ? root.GetString() : std::string();
  }
};

AuditRun run_with(const std::function<void(fake::Scenario&)>& change,
                  const std::vector<std::string>& extra = {}) {
  fake::Scenario scenario = fake::healthy_scenario();
  change(scenario);
  fake::FakeInstance instance(scenario);
  // Every query the instance ran, whether its own GET or an item of a batch.
  AuditRun run{run_oauth(instance, scenario, extra), instance.queries(), ""};
  run.text = run.report.process.out + run.report.process.err;
  EXPECT_TRUE(run.report.parsed) << run.text;
  return run;
}

void hide_every_row(fake::Scenario& scenario, const std::string& table) {
  for (const Record& row : scenario.tables.at(table)) {
    scenario.hidden_rows[table].insert(field_or_empty(row, "sys_id"));
  }
}

void expect_error(const AuditRun& run, const std::string& id,
                  const std::vector<std::string>& phrases, const std::string& subject = "") {
  EXPECT_EQ(run.report.status(id, subject), "error") << run.report.process.out;
  std::string message = run.message(id, subject);
  for (const std::string& phrase : phrases) {
    EXPECT_NE(message.find(phrase), std::string::npos) << "'" << phrase << "' in: " << message;
  }
}

// --- rows the reader cannot see ---------------------------------------------------------------

// Every sys_properties row hidden (the live capture: 200, [] and a count): "not set, default
// true" must not pass, and the root cause must not tell the admin to create a property that
// exists.
TEST(HonestReads, EveryPropertyHiddenIsAnErrorNeverNotSetDefaultTrue) {
  AuditRun run = run_with([](fake::Scenario& s) { hide_every_row(s, "sys_properties"); });
  for (const char* id : {kOauthActive, kClientCredentials}) {
    expect_error(run, id,
                 {"sys_properties", "X-Total-Count says", "rows match but 0 arrived",
                  "not readable by user sncheck.reader"});
  }
  EXPECT_EQ(run.text.find("platform default is true"), std::string::npos) << run.text;
  EXPECT_EQ(run.text.find("does not exist"), std::string::npos) << run.text;
  EXPECT_EQ(run.root_cause().find("glide.oauth.inbound"), std::string::npos) << run.root_cause();
  EXPECT_EQ(run.report.process.exit_code, 2) << run.report.process.out;
}

TEST(HonestReads, AHiddenRegistryEntryIsNeverReportedAsMissing) {
  AuditRun run = run_with(
      [](fake::Scenario& s) {
        s.hidden_rows["oauth_entity"].insert("c4beb75f7c9b339bcadd1329a0cbf9d6");  // Acme
      },
      {"--client-id", healthy_client_id()});
  expect_error(run, "oauth.registry.entry", {"oauth_entity", "1 row is not readable"});
  EXPECT_EQ(run.text.find("no entry"), std::string::npos) << run.text;
  EXPECT_EQ(run.report.process.exit_code, 2);
}

// Another entry stays visible: without the count, the audit would judge it alone and pass.
TEST(HonestReads, AHiddenEntryBesideAVisibleOneIsNotAPass) {
  AuditRun run = run_with([](fake::Scenario& s) {
    Record& hidden = add_row(s, "oauth_entity",
                             {{"name", "Hidden Client"},
                              {"client_id", "hidden0001"},
                              {"type", "client"},
                              {"active", "true"},
                              {"user", ""}});
    s.hidden_rows["oauth_entity"].insert(hidden["sys_id"].value);
  });
  expect_error(run, "oauth.registry.app_user", {"oauth_entity", "not readable"});
  EXPECT_EQ(run.report.process.exit_code, 2);
}

// --- paging markers ---------------------------------------------------------------------------

TEST(HonestReads, ACountThatDoesNotParseIsAnErrorNeverNoCount) {
  for (const char* text : {"-1", "abc"}) {
    AuditRun run = run_with([&](fake::Scenario& s) {
      fake::TableFault fault;
      fault.total_count_text = text;
      s.faults.tables["sys_properties"] = fault;
    });
    expect_error(
        run, kOauthActive,
        {"sys_properties", std::string("X-Total-Count '") + text + "' is not a row count"});
    EXPECT_EQ(run.report.process.exit_code, 2);
  }
}

TEST(HonestReads, TwoCountHeadersAreAnError) {
  AuditRun run = run_with([](fake::Scenario& s) {
    fake::TableFault fault;
    fault.extra_total_count = "1";
    s.faults.tables["sys_properties"] = fault;
  });
  expect_error(run, kOauthActive, {"X-Total-Count was sent 2 times"});
  EXPECT_EQ(run.report.process.exit_code, 2);
}

// No Link, no count: a full first page (2 rows of 2) used to end the read and drop the rest.
TEST(HonestReads, WithoutEndMarkersPagesAreReadUntilAnEmptyOne) {
  AuditRun run = run_with(
      [](fake::Scenario& s) {
        s.link_header = false;
        s.total_count_header = false;
      },
      {"--page-size", "1"});
  EXPECT_EQ(run.report.process.exit_code, 0) << run.report.process.out;
  EXPECT_EQ(run.report.status(kClientCredentials), "pass");
  EXPECT_EQ(run.report.status(kOauthActive), "pass");
  // The merged sys_properties query matches 5 rows: 5 pages of 1, then the empty one.
  EXPECT_EQ(run.requests_for("sys_properties"), 6u);
}

TEST(HonestReads, AnIgnoredOffsetStopsAtTheSecondPage) {
  AuditRun run = run_with(
      [](fake::Scenario& s) {
        fake::TableFault fault;
        fault.ignore_offset = true;
        s.faults.tables["sys_properties"] = fault;
      },
      {"--page-size", "1"});
  expect_error(run, kOauthActive, {"page 2", "ignores sysparm_offset"});
  // The count (5) makes every page be asked for at once; page 2 is judged first and stops it.
  EXPECT_EQ(run.requests_for("sys_properties"), 5u);
  EXPECT_EQ(run.report.process.exit_code, 2);
}

TEST(HonestReads, ALinkThatAlwaysSaysNextDoesNotReadForever) {
  AuditRun run = run_with(
      [](fake::Scenario& s) {
        fake::TableFault fault;
        fault.link_always_next = true;
        s.faults.tables["sys_properties"] = fault;
      },
      {"--page-size", "1"});
  expect_error(run, kOauthActive, {"next page at offset 5", "X-Total-Count says the read has 5"});
  EXPECT_EQ(run.requests_for("sys_properties"), 5u);
}

TEST(HonestReads, AnUnparseableLinkWhileTheCountSaysMoreIsAnError) {
  AuditRun run = run_with(
      [](fake::Scenario& s) {
        fake::TableFault fault;
        fault.link_text = "garbage;rel=next";
        s.faults.tables["sys_properties"] = fault;
      },
      {"--page-size", "2"});
  expect_error(run, kOauthActive, {"Link header cannot be parsed", "X-Total-Count says 5"});
  EXPECT_EQ(run.requests_for("sys_properties"), 1u);
}

// --- strict values --------------------------------------------------------------------------

TEST(StrictValues, ANullLockedOutIsAnErrorNeverNotLockedOut) {
  AuditRun run = run_with([](fake::Scenario& s) {
    for (Record& user : s.tables["sys_user"]) {
      if (field_or_empty(user, "user_name") == "acme.integration") user["locked_out"].null = true;
    }
  });
  expect_error(run, kUsable, {"user.locked_out is null"}, "Acme Integration");
  const rapidjson::Value& evidence = (*run.report.result(kUsable, "Acme Integration"))["evidence"];
  ASSERT_GE(evidence.Size(), 1u);
  EXPECT_STREQ(evidence[0]["value"].GetString(), "null");
  EXPECT_EQ(run.report.process.exit_code, 2);
}

TEST(StrictValues, OddBooleansAreErrorsNamingTheValue) {
  for (const char* odd : {"TRUE", "true ", "yes"}) {
    AuditRun run = run_with([&](fake::Scenario& s) {
      set_field(s, "sys_user", "user_name", "acme.integration", "locked_out", odd);
    });
    expect_error(run, kUsable, {std::string("holds '") + odd + "'"}, "Acme Integration");
    EXPECT_EQ(run.report.process.exit_code, 2) << odd;
  }
  // 1 is the platform's own encoding of true: locked out.
  AuditRun one = run_with([](fake::Scenario& s) {
    set_field(s, "sys_user", "user_name", "acme.integration", "locked_out", "1");
  });
  EXPECT_EQ(one.report.status(kUsable, "Acme Integration"), "fail");
}

// A deleted user fails the check; its empty dot-walked booleans do not turn that into an error.
TEST(StrictValues, AMissingUserStillFailsRatherThanErrors) {
  AuditRun run = run_with([](fake::Scenario& s) {
    set_field(s, "oauth_entity", "name", "Acme Integration", "user",
              "0000000000000000000000000000dead");
  });
  EXPECT_EQ(run.report.status(kUsable, "Acme Integration"), "fail") << run.report.process.out;
  EXPECT_NE(run.message(kUsable, "Acme Integration").find("no such user record"),
            std::string::npos);
}

TEST(StrictValues, APropertyValueThatIsNotTrueOrFalseIsAnError) {
  AuditRun run = run_with([](fake::Scenario& s) {
    set_field(s, "sys_properties", "name", kClientCredentialsProperty, "value", "1");
  });
  expect_error(run, kClientCredentials, {"holds '1'", "true, false"});
}

TEST(StrictValues, APropertyRowWhoseNameIsNullIsNotDropped) {
  AuditRun run = run_with([](fake::Scenario& s) {
    fake::TableFault fault;
    fault.null_fields = {"name"};
    s.faults.tables["sys_properties"] = fault;
  });
  expect_error(run, kClientCredentials, {"field 'name' null"});
  EXPECT_EQ(run.text.find("does not exist"), std::string::npos);
  EXPECT_EQ(run.report.process.exit_code, 2);
}

TEST(StrictValues, DuplicateKeysAreRefused) {
  AuditRun row_key = run_with([](fake::Scenario& s) {
    fake::TableFault fault;
    fault.duplicate_key = "user.locked_out";
    fault.duplicate_value = "false";
    s.faults.tables["oauth_entity"] = fault;
  });
  expect_error(row_key, kUsable, {"has field \"user.locked_out\" twice"});
  AuditRun result_key = run_with([](fake::Scenario& s) {
    fake::TableFault fault;
    fault.duplicate_result = true;
    s.faults.tables["sys_properties"] = fault;
  });
  expect_error(result_key, kOauthActive, {"\"result\" twice"});
  EXPECT_EQ(result_key.report.process.exit_code, 2);
}

TEST(StrictValues, EveryRedirectUrlOfAnEntryIsJudged) {
  AuditRun run = run_with([](fake::Scenario& s) {
    set_field(s, "oauth_entity", "name", "Acme Integration", "redirect_url",
              "https://acme.example/callback,http://acme.example/legacy");
  });
  EXPECT_EQ(run.report.status("oauth.registry.redirect_https", "Acme Integration"), "warn")
      << run.report.process.out;
  const rapidjson::Value& evidence =
      (*run.report.result("oauth.registry.redirect_https", "Acme Integration"))["evidence"];
  ASSERT_GE(evidence.Size(), 1u);
  EXPECT_STREQ(evidence[0]["value"].GetString(), "http://acme.example/legacy");
}

// Empty web_service_access_only is false on real instances (most users hold it empty): a
// warning, deliberately, not an error; a value the platform does not write is an error.
TEST(StrictValues, EmptyWebServiceAccessOnlyMeansFalse) {
  AuditRun empty = run_with([](fake::Scenario& s) {
    set_field(s, "sys_user", "user_name", "acme.integration", "web_service_access_only", "");
  });
  EXPECT_EQ(empty.report.status("oauth.app_user.web_service_only", "Acme Integration"), "warn");
  AuditRun odd = run_with([](fake::Scenario& s) {
    set_field(s, "sys_user", "user_name", "acme.integration", "web_service_access_only", "TRUE");
  });
  EXPECT_EQ(odd.report.status("oauth.app_user.web_service_only", "Acme Integration"), "error");
}

TEST(StrictValues, APluginWhoseActiveIsNullIsAnError) {
  AuditRun run = run_with([](fake::Scenario& s) {
    for (Record& plugin : s.tables["sys_plugins"]) {
      if (field_or_empty(plugin, "source") == "com.glide.rest") plugin["active"].null = true;
    }
  });
  expect_error(run, "oauth.plugin.rest_api", {"holds 'null'"});
}

// --- the run's deadline --------------------------------------------------------------------

TEST(Deadline, ASlowTableIsCutAtTheDeadlineNamingIt) {
  auto start = std::chrono::steady_clock::now();
  AuditRun run = run_with(
      [](fake::Scenario& s) {
        fake::TableFault slow;
        slow.delay_ms = 4000;
        s.faults.tables["sys_properties"] = slow;
      },
      {"--deadline", "1", "--timeout", "30"});
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  expect_error(run, kOauthActive, {"--deadline 1 s"});
  EXPECT_EQ(run.report.status("oauth.plugin.oauth2"), "pass");  // what was read is judged
  EXPECT_EQ(run.report.process.exit_code, 2);
  EXPECT_LT(seconds, 8.0);  // the fake holds its delayed answer until it stops
}

}  // namespace
}  // namespace sncheck::testing
