// SPDX-License-Identifier: Apache-2.0
#include "sncheck_runner.h"

#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace sncheck::testing {

Report run_with_reader(const std::vector<std::string>& args, const fake::Scenario& scenario,
                       const std::vector<std::string>& extra_env);

ScratchDir::ScratchDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "sncheck-test-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

ScratchDir::~ScratchDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string ScratchDir::write(const std::string& name, const std::string& text, mode_t mode) const {
  std::filesystem::path target = file(name);
  std::filesystem::create_directories(target.parent_path());
  std::ofstream(target, std::ios::binary) << text;
  ::chmod(target.c_str(), mode);
  return target.string();
}

std::string ScratchDir::read(const std::string& name) const {
  std::ifstream in(file(name), std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void expect_incomplete_without_pass(const Report& report) {
  ASSERT_TRUE(report.parsed) << report.process.out << report.process.err;
  EXPECT_EQ(report.process.exit_code, 2) << report.process.out;
  EXPECT_EQ(report.count("pass"), 0) << report.process.out;
  EXPECT_GT(report.count("error"), 0);
}

std::string fatal_message(const Report& report) {
  const rapidjson::Value& fatal = report.json["fatal_error"];
  return fatal.IsObject() ? fatal["message"].GetString() : "";
}

std::vector<const rapidjson::Value*> Report::results(const std::string& id) const {
  std::vector<const rapidjson::Value*> out;
  if (!parsed) return out;
  for (const rapidjson::Value& result : json["results"].GetArray()) {
    if (id == result["id"].GetString()) out.push_back(&result);
  }
  return out;
}

const rapidjson::Value* Report::result(const std::string& id, const std::string& subject) const {
  for (const rapidjson::Value* result : results(id)) {
    const rapidjson::Value& s = (*result)["subject"];
    if (subject.empty() || (s.IsString() && subject == s.GetString())) return result;
  }
  return nullptr;
}

std::string Report::status(const std::string& id, const std::string& subject) const {
  const rapidjson::Value* found = result(id, subject);
  return found == nullptr ? std::string() : std::string((*found)["status"].GetString());
}

std::string Report::message(const std::string& id, const std::string& subject) const {
  const rapidjson::Value* found = result(id, subject);
  return found == nullptr ? std::string() : std::string((*found)["message"].GetString());
}

int Report::count(const std::string& status) const {
  if (!parsed) return -1;
  return json["summary"][status.c_str()].GetInt();
}

std::vector<std::string> reader_env(const fake::Scenario& scenario) {
  return {"SN_USERNAME=" + scenario.user, "SN_PASSWORD=" + scenario.password};
}

Report run_sncheck(const std::vector<std::string>& args, const std::vector<std::string>& env,
                   const std::string& stdin_text) {
  std::vector<std::string> argv = {SNCHECK_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  Report report;
  report.process = run_process(argv, env, stdin_text);
  if (std::find(args.begin(), args.end(), "json") != args.end()) {
    report.json.Parse(report.process.out.c_str());
    report.parsed = !report.json.HasParseError() && report.json.IsObject();
  }
  return report;
}

Report run_oauth(const fake::FakeInstance& instance, const fake::Scenario& scenario,
                 const std::vector<std::string>& extra, const std::vector<std::string>& extra_env) {
  std::vector<std::string> args = {"oauth",     "--instance", instance.url(), "--format", "json",
                                   "--timeout", "5"};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_with_reader(args, scenario, extra_env);
}

std::vector<std::string> with_large_scenario_timeout(std::vector<std::string> extra) {
  extra.insert(extra.end(), {"--timeout", "30"});  // --timeout: the last one given wins
  return extra;
}

Report run_command(const std::string& command, const fake::FakeInstance& instance,
                   const fake::Scenario& scenario, const std::vector<std::string>& extra,
                   const std::vector<std::string>& extra_env) {
  std::vector<std::string> args = {command, instance.url(), "--format", "json", "--timeout",
                                   "5",     "--today",      kJudgingDay};
  args.insert(args.begin() + 1, "--instance");
  args.insert(args.end(), extra.begin(), extra.end());
  return run_with_reader(args, scenario, extra_env);
}

Report run_with_reader(const std::vector<std::string>& args, const fake::Scenario& scenario,
                       const std::vector<std::string>& extra_env) {
  // A variable in extra_env replaces the reader's own (e.g. a wrong SN_PASSWORD).
  std::vector<std::string> env = extra_env;
  for (const std::string& entry : reader_env(scenario)) {
    std::string name = entry.substr(0, entry.find('=') + 1);
    bool overridden = std::any_of(extra_env.begin(), extra_env.end(),
                                  [&](const std::string& e) { return e.rfind(name, 0) == 0; });
    if (!overridden) env.push_back(entry);
  }
  return run_sncheck(args, env);
}

void set_field(fake::Scenario& scenario, const std::string& table, const std::string& key_field,
               const std::string& key_value, const std::string& field, const std::string& value) {
  bool found = false;
  for (Record& row : scenario.tables.at(table)) {
    if (field_or_empty(row, key_field) != key_value) continue;
    row[field].value = value;
    found = true;
  }
  if (!found) throw std::logic_error("no " + table + " row with " + key_field + "=" + key_value);
}

void remove_rows(fake::Scenario& scenario, const std::string& table, const std::string& key_field,
                 const std::string& key_value) {
  auto& rows = scenario.tables.at(table);
  auto end = std::remove_if(rows.begin(), rows.end(), [&](const Record& row) {
    return field_or_empty(row, key_field) == key_value;
  });
  if (end == rows.end())
    throw std::logic_error("no " + table + " row with " + key_field + "=" + key_value);
  rows.erase(end, rows.end());
}

Record& add_row(fake::Scenario& scenario, const std::string& table,
                const std::vector<std::pair<std::string, std::string>>& fields) {
  Record row;
  for (const auto& [name, value] : fields) row[name].value = value;
  scenario.tables[table].push_back(std::move(row));
  return scenario.tables[table].back();
}

void set_release(fake::Scenario& scenario, const std::string& family) {
  const std::string tag = "glide-" + family + "-02-11-2026__patch2-04-17-2026";
  for (const char* name : {"glide.war", "glide.buildtag.last"}) {
    set_field(scenario, "sys_properties", "name", name, "value", tag);
  }
}

const rapidjson::Value* find_result(const Report& report, const std::string& id,
                                    const std::string& subject) {
  std::vector<const rapidjson::Value*> all = report.results(id);
  for (const rapidjson::Value* result : all) {
    const rapidjson::Value& s = (*result)["subject"];
    if (s.IsString() && subject == s.GetString()) return result;
  }
  if (all.size() == 1 && (*all.front())["subject"].IsNull()) return all.front();
  return nullptr;
}

std::string healthy_client_id() {
  const fake::Scenario scenario = fake::healthy_scenario();
  for (const Record& row : scenario.tables.at("oauth_entity")) {
    if (field_or_empty(row, "type") == "client") return field_or_empty(row, "client_id");
  }
  throw std::logic_error("healthy scenario has no client entry");
}

std::string healthy_app_user_sys_id() {
  const fake::Scenario scenario = fake::healthy_scenario();
  for (const Record& row : scenario.tables.at("oauth_entity")) {
    if (field_or_empty(row, "type") == "client") return field_or_empty(row, "user");
  }
  throw std::logic_error("healthy scenario has no client entry");
}

}  // namespace sncheck::testing
