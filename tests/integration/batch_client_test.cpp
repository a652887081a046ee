// SPDX-License-Identifier: Apache-2.0
// sncheck's client against the fake instance's Batch API (tests/fake_instance/batch_api.h): a
// wave's GETs in batches, every item judged exactly as its own GET would be, the documented
// limits honoured (unserviced items sent alone), and plain GETs when the instance has no usable
// Batch API. Counts, never speed.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "fake_instance.h"
#include "fetch/table_client.h"

namespace sncheck {
namespace {

using ::testing::HasSubstr;

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

// Five tables: sys_user 45 rows (five pages of 10), the others 3 rows each. Read in table order,
// so sys_user's read is the fourth.
fake::Scenario five_tables() {
  fake::Scenario scenario;
  scenario.name = "batch_client_test";
  scenario.tables["sys_user"] = make_rows("u", 45);
  for (const char* table : {"sys_properties", "oauth_entity", "sys_plugins", "v_plugin"}) {
    scenario.tables[table] = make_rows(std::string(table) + "_", 3);
  }
  return scenario;
}

std::vector<TableRead> reads_of(const fake::Scenario& scenario) {
  std::vector<TableRead> reads;
  for (const auto& [table, rows] : scenario.tables) {
    reads.push_back(TableRead{table, "", {"active", "name", "sys_id"}});
  }
  return reads;
}

struct Fetched {
  std::vector<TableData> data;
  FetchStats stats;
  std::vector<std::string> log;
};

Fetched fetch(const fake::FakeInstance& instance, const std::vector<TableRead>& reads,
              BatchMode mode, const std::function<void(ClientConfig&)>& change = {}) {
  ClientConfig config;
  config.base_url = instance.url();
  config.credentials.kind = Credentials::Kind::Basic;
  config.credentials.user = "sncheck.reader";
  config.credentials.secret = "demo-password";
  config.reader = "sncheck.reader";
  config.timeout_seconds = 10;
  config.page_size = 10;
  config.batch = mode;
  Fetched fetched;
  config.log = [&fetched](const std::string& line) { fetched.log.push_back(line); };
  if (change) change(config);
  TableClient client(config);
  fetched.data = client.fetch_all(reads);
  fetched.stats = client.stats();
  return fetched;
}

// Every row's fields as text, to compare two reads.
std::vector<std::string> flat(const std::vector<Record>& rows) {
  std::vector<std::string> out;
  for (const Record& row : rows) {
    std::string text;
    for (const auto& [name, value] : row) {
      text += name + "=" + value.value + "|" + value.link + (value.null ? "|null" : "") + ";";
    }
    out.push_back(std::move(text));
  }
  return out;
}

std::string error_text(const TableData& data) {
  return data.error ? data.error->message : std::string("(no error)");
}

std::size_t batches(const fake::FakeInstance& instance) {
  std::size_t count = 0;
  for (const fake::LoggedRequest& request : instance.requests()) {
    if (request.path == "/api/now/v1/batch") ++count;
  }
  return count;
}

bool logged(const Fetched& fetched, const std::string& phrase) {
  for (const std::string& line : fetched.log) {
    if (line.find(phrase) != std::string::npos) return true;
  }
  return false;
}

void expect_same_rows(const std::vector<TableData>& a, const std::vector<TableData>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_FALSE(a[i].error) << error_text(a[i]);
    EXPECT_FALSE(b[i].error) << error_text(b[i]);
    EXPECT_EQ(flat(a[i].rows), flat(b[i].rows)) << a[i].read.table;
    EXPECT_EQ(a[i].total_count, b[i].total_count) << a[i].read.table;
  }
}

TEST(BatchClient, ABatchedWaveReadsExactlyWhatPlainGetsRead) {
  fake::Scenario scenario = five_tables();
  fake::FakeInstance instance(scenario);
  Fetched plain = fetch(instance, reads_of(scenario), BatchMode::Never);
  EXPECT_EQ(batches(instance), 0u);
  instance.clear_requests();
  Fetched batched = fetch(instance, reads_of(scenario), BatchMode::Always);
  expect_same_rows(plain.data, batched.data);
  EXPECT_GT(batched.stats.batch_requests, 0);
  EXPECT_EQ(batched.stats.batch_requests, static_cast<int>(batches(instance)));
  EXPECT_EQ(batched.stats.requests, static_cast<int>(instance.requests().size()));
  // Five first pages in one round trip, sys_user's four further pages in a second.
  EXPECT_EQ(batched.stats.round_trips, 2);
  EXPECT_EQ(instance.queries().size(), 9u);
  EXPECT_TRUE(logged(batched, "(Batch API, read-only: "));
  EXPECT_TRUE(logged(batched, " batch item, "));
}

TEST(BatchClient, AutoBatchesOnlyWhatOutnumbersTheFreeSlots) {
  fake::Scenario scenario = five_tables();
  scenario.tables.erase("v_plugin");
  scenario.tables["sys_user"] = make_rows("u", 5);  // one page each
  fake::FakeInstance instance(scenario);
  Fetched fits = fetch(instance, reads_of(scenario), BatchMode::Auto);  // 4 reads, 4 slots
  EXPECT_EQ(batches(instance), 0u);
  EXPECT_EQ(fits.stats.round_trips, 1);
  instance.clear_requests();
  Fetched squeezed = fetch(instance, reads_of(scenario), BatchMode::Auto,
                           [](ClientConfig& config) { config.concurrency = 2; });
  expect_same_rows(fits.data, squeezed.data);
  EXPECT_EQ(batches(instance), 2u);  // two batches of two, in the two slots
  EXPECT_EQ(squeezed.stats.requests, 2);
  EXPECT_EQ(squeezed.stats.round_trips, 1);
}

// A batch item gets the same typed error, message and remedy as the same GET on its own.
TEST(BatchClient, EachItemsStatusMapsToTheErrorItsGetWouldGet) {
  for (int status : {400, 403, 404, 500}) {
    fake::Scenario scenario = five_tables();
    fake::TableFault fault;
    fault.status = status;
    scenario.faults.tables["sys_properties"] = fault;
    fake::FakeInstance instance(scenario);
    auto fast_retries = [](ClientConfig& config) { config.max_retries = 1; };
    Fetched plain = fetch(instance, reads_of(scenario), BatchMode::Never, fast_retries);
    Fetched batched = fetch(instance, reads_of(scenario), BatchMode::Always, fast_retries);
    for (std::size_t i = 0; i < plain.data.size(); ++i) {
      ASSERT_EQ(plain.data[i].error.has_value(), batched.data[i].error.has_value()) << status;
      if (!plain.data[i].error) continue;
      EXPECT_EQ(plain.data[i].error->kind, batched.data[i].error->kind) << status;
      EXPECT_EQ(plain.data[i].error->message, batched.data[i].error->message) << status;
      EXPECT_EQ(plain.data[i].error->remedy, batched.data[i].error->remedy) << status;
      EXPECT_EQ(plain.data[i].error->http_status, status);
    }
    EXPECT_EQ(plain.stats.retries, batched.stats.retries) << status;
  }
}

TEST(BatchClient, ARateLimitedItemIsRetriedAndTheReadCompletes) {
  fake::Scenario scenario = five_tables();
  fake::TableFault fault;
  fault.status = 429;
  fault.times = 1;
  fault.retry_after = 1;
  scenario.faults.tables["oauth_entity"] = fault;
  fake::FakeInstance instance(scenario);
  Fetched batched = fetch(instance, reads_of(scenario), BatchMode::Always);
  for (const TableData& data : batched.data) EXPECT_FALSE(data.error) << error_text(data);
  EXPECT_EQ(batched.stats.retries, 1);
}

// Every paging rule holds in batches and with pages asked for together: each fault gets the
// same error as when the pages are read one after another with plain GETs.
TEST(BatchClient, PagingRulesHoldInBatchesAndParallelPages) {
  std::vector<std::pair<std::string, std::function<void(fake::Scenario&)>>> faults = {
      {"ignored offset",
       [](fake::Scenario& s) { s.faults.tables["sys_user"].ignore_offset = true; }},
      {"link always next",
       [](fake::Scenario& s) { s.faults.tables["sys_user"].link_always_next = true; }},
      {"count too high",
       [](fake::Scenario& s) {
         s.link_header = false;
         s.faults.tables["sys_user"].total_count = 60;
       }},
      {"count too low", [](fake::Scenario& s) { s.faults.tables["sys_user"].total_count = 12; }},
      {"count garbage",
       [](fake::Scenario& s) { s.faults.tables["sys_user"].total_count_text = "x"; }},
      {"count twice",
       [](fake::Scenario& s) { s.faults.tables["sys_user"].extra_total_count = "45"; }},
      {"hidden rows",
       [](fake::Scenario& s) {
         s.hidden_rows["sys_user"] = {"u12", "u31"};
       }},
      {"duplicate key",
       [](fake::Scenario& s) { s.faults.tables["sys_user"].duplicate_key = "name"; }},
      {"link loop", [](fake::Scenario& s) { s.faults.tables["sys_user"].link_loop = true; }},
      {"malformed link",
       [](fake::Scenario& s) { s.faults.tables["sys_user"].link_text = "garbage;rel=next"; }},
  };
  for (const auto& [name, change] : faults) {
    fake::Scenario scenario = five_tables();
    change(scenario);
    fake::FakeInstance instance(scenario);
    Fetched sequential = fetch(instance, reads_of(scenario), BatchMode::Never,
                               [](ClientConfig& config) { config.parallel_pages = false; });
    for (BatchMode mode : {BatchMode::Never, BatchMode::Always}) {
      Fetched fetched = fetch(instance, reads_of(scenario), mode);
      ASSERT_EQ(fetched.data.size(), sequential.data.size());
      for (std::size_t i = 0; i < fetched.data.size(); ++i) {
        const TableData& want = sequential.data[i];
        const TableData& got = fetched.data[i];
        ASSERT_EQ(want.error.has_value(), got.error.has_value()) << name << " " << want.read.table;
        EXPECT_EQ(flat(want.rows), flat(got.rows)) << name;
        if (!want.error) continue;
        EXPECT_EQ(want.error->kind, got.error->kind) << name << ": " << got.error->message;
        EXPECT_EQ(want.error->message, got.error->message) << name;
      }
    }
    EXPECT_TRUE(sequential.data[3].error) << name << " is not a fault";  // sys_user
  }
}

void expect_fallback(const std::function<void(fake::Scenario&)>& change, const std::string& why) {
  fake::Scenario scenario = five_tables();
  change(scenario);
  fake::FakeInstance instance(scenario);
  ClientConfig config;
  config.base_url = instance.url();
  config.credentials = {Credentials::Kind::Basic, "sncheck.reader", "demo-password"};
  config.page_size = 10;
  config.batch = BatchMode::Always;
  config.concurrency = 1;  // one batch, so the instance is asked once
  std::vector<std::string> log;
  config.log = [&log](const std::string& line) { log.push_back(line); };
  TableClient client(config);
  std::vector<TableData> first = client.fetch_all(reads_of(scenario));
  for (const TableData& data : first) EXPECT_FALSE(data.error) << why << ": " << error_text(data);
  EXPECT_EQ(first[3].rows.size(), 45u) << why;
  std::size_t said = 0;
  for (const std::string& line : log) {
    if (line.find("the Batch API is not available") != std::string::npos) {
      ++said;
      EXPECT_THAT(line, HasSubstr(why));
    }
  }
  EXPECT_EQ(said, 1u) << why;
  // The second wave does not ask again.
  std::size_t tried = batches(instance);
  EXPECT_EQ(tried, 1u) << why;
  std::vector<TableData> second = client.fetch_all(reads_of(scenario));
  for (const TableData& data : second) EXPECT_FALSE(data.error) << why << ": " << error_text(data);
  EXPECT_EQ(batches(instance), tried) << why;
}

TEST(BatchClient, NoBatchApiMeansPlainGetsWithOneVerboseLine) {
  expect_fallback([](fake::Scenario& s) { s.batch.available = false; }, "answered 400");
  for (int status : {401, 403, 404, 405}) {
    expect_fallback([status](fake::Scenario& s) { s.faults.batch.status = status; },
                    "answered " + std::to_string(status));
  }
  expect_fallback(
      [](fake::Scenario& s) {
        s.faults.batch.status = 200;
        s.faults.batch.body = R"({"result":[]})";
      },
      "not a Batch API answer");
}

TEST(BatchClient, ATransientBatchFailureSendsItsItemsAloneButKeepsBatching) {
  fake::Scenario scenario = five_tables();
  scenario.faults.batch.status = 503;
  scenario.faults.batch.times = 1;
  fake::FakeInstance instance(scenario);
  Fetched fetched = fetch(instance, reads_of(scenario), BatchMode::Always);
  for (const TableData& data : fetched.data) EXPECT_FALSE(data.error) << error_text(data);
  EXPECT_EQ(fetched.data[3].rows.size(), 45u);
  EXPECT_FALSE(logged(fetched, "not available"));
  EXPECT_GE(batches(instance), 2u) << "the pages after the first still went in a batch";
}

TEST(BatchClient, UnservicedItemsAreSentAlone) {
  for (int variant = 0; variant < 2; ++variant) {
    fake::Scenario scenario = five_tables();
    if (variant == 0) scenario.batch.max_output_bytes = 300;  // sys_user's pages are larger
    if (variant == 1) {
      scenario.batch.time_limit = std::chrono::milliseconds(20);  // one 30 ms item, then over
      scenario.faults.query_ms = 30;
    }
    fake::FakeInstance instance(scenario);
    Fetched fetched = fetch(instance, reads_of(scenario), BatchMode::Always,
                            [](ClientConfig& config) { config.concurrency = 1; });
    for (const TableData& data : fetched.data) EXPECT_FALSE(data.error) << error_text(data);
    EXPECT_EQ(fetched.data[3].rows.size(), 45u) << variant;
    EXPECT_TRUE(logged(fetched, "unserviced by the batch: sent alone")) << variant;
    std::size_t plain = 0;
    for (const fake::LoggedRequest& request : instance.requests()) {
      if (request.method == "GET") ++plain;
    }
    EXPECT_GT(plain, 0u) << variant;
  }
}

TEST(BatchClient, ABatchAnswerOverTheBodyCapIsReadPageByPage) {
  fake::Scenario scenario = five_tables();
  fake::FakeInstance instance(scenario);
  Fetched fetched =
      fetch(instance, reads_of(scenario), BatchMode::Always, [](ClientConfig& config) {
        config.concurrency = 1;
        config.max_body_bytes = 1500;  // a page fits, five in a batch do not
      });
  for (const TableData& data : fetched.data) EXPECT_FALSE(data.error) << error_text(data);
  EXPECT_EQ(fetched.data[3].rows.size(), 45u);
}

TEST(BatchClient, AHibernatingInstanceStopsTheRunAsAGetWould) {
  fake::Scenario scenario = five_tables();
  scenario.faults.hibernating = true;
  fake::FakeInstance instance(scenario);
  Fetched fetched = fetch(instance, reads_of(scenario), BatchMode::Always);
  for (const TableData& data : fetched.data) {
    ASSERT_TRUE(data.error);
    EXPECT_EQ(data.error->kind, FetchErrorKind::HibernatingInstance);
  }
  EXPECT_EQ(fetched.stats.round_trips, 1) << "nothing more once the page came back";
}

// The fake's round trips (from arrival and answer times) agree with sncheck's own count.
TEST(BatchClient, RoundTripsAgreeWithTheServer) {
  fake::Scenario scenario = five_tables();
  scenario.faults.latency_ms = 60;
  fake::FakeInstance instance(scenario);
  Fetched fetched = fetch(instance, reads_of(scenario), BatchMode::Auto);
  EXPECT_EQ(fetched.stats.round_trips, 2);
  EXPECT_EQ(static_cast<int>(instance.round_trips()), fetched.stats.round_trips);
}

}  // namespace
}  // namespace sncheck
