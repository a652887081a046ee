// SPDX-License-Identifier: Apache-2.0
#pragma once
// Runs the sncheck program against a fake instance and reads its JSON report.

#include <rapidjson/document.h>

#include <sys/types.h>

#include <functional>
#include <string>
#include <vector>

#include "fake_instance/fake_instance.h"
#include "run_process.h"

namespace sncheck::testing {

struct Report {
  ProcessResult process;
  rapidjson::Document json;  // parsed stdout when --format json was used
  bool parsed = false;

  // The status of the single result with this id (and subject, when given); "" when absent.
  std::string status(const std::string& id, const std::string& subject = "") const;
  // Its message; "" when absent.
  std::string message(const std::string& id, const std::string& subject = "") const;
  // Every result with this id.
  std::vector<const rapidjson::Value*> results(const std::string& id) const;
  const rapidjson::Value* result(const std::string& id, const std::string& subject = "") const;
  int count(const std::string& status) const;  // summary count
};

// A private directory under the system temp directory for one test, removed with its contents.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  // Writes `name` (creating its directories) with this mode and returns its path.
  std::string write(const std::string& name, const std::string& text, mode_t mode = 0600) const;
  std::string read(const std::string& name) const;

 private:
  std::string path_;
};

std::vector<std::string> reader_env(const fake::Scenario& scenario);

// A run that could not read the instance: exit 2, no pass, at least one error.
void expect_incomplete_without_pass(const Report& report);
// The JSON report's fatal_error message; "" when the run was not stopped.
std::string fatal_message(const Report& report);

// sncheck oauth --instance <fake> --format json <extra...> with the scenario's reader credentials.
Report run_oauth(const fake::FakeInstance& instance, const fake::Scenario& scenario,
                 const std::vector<std::string>& extra = {},
                 const std::vector<std::string>& extra_env = {});

// The runs above wait 5 s per request, so that a hang fails fast. A large scenario's query (tens of
// thousands of rows filtered by the fake) can take longer than that on a loaded machine (seen:
// parallel ctest under the sanitizers), so its runs add this: the wait of sncheck's own default.
std::vector<std::string> with_large_scenario_timeout(std::vector<std::string> extra);

// sncheck <command> --instance <fake> --format json --today 2026-12-01 <extra...>: a suite's
// subcommand, or audit; dates (dormancy, certificate expiry) are judged on a fixed day.
inline constexpr const char* kJudgingDay = "2026-12-01";
Report run_command(const std::string& command, const fake::FakeInstance& instance,
                   const fake::Scenario& scenario, const std::vector<std::string>& extra = {},
                   const std::vector<std::string>& extra_env = {});

Report run_sncheck(const std::vector<std::string>& args, const std::vector<std::string>& env,
                   const std::string& stdin_text = "");

// Scenario edits for the misconfiguration a test needs.
void set_field(fake::Scenario& scenario, const std::string& table, const std::string& key_field,
               const std::string& key_value, const std::string& field, const std::string& value);
void remove_rows(fake::Scenario& scenario, const std::string& table, const std::string& key_field,
                 const std::string& key_value);
Record& add_row(fake::Scenario& scenario, const std::string& table,
                const std::vector<std::pair<std::string, std::string>>& fields);

// The healthy scenario's values tests refer to.
inline constexpr const char* kClientCredentialsProperty =
    "glide.oauth.inbound.client.credential.grant_type.enabled";
std::string healthy_client_id();
// Sets the build tag properties (glide.war, glide.buildtag.last) to a release of this family.
void set_release(fake::Scenario& scenario, const std::string& family);
// The result with this id whose subject is `subject` or, for a check without subjects, the
// only one; nullptr when there is none.
const rapidjson::Value* find_result(const Report& report, const std::string& id,
                                    const std::string& subject);
std::string healthy_app_user_sys_id();

}  // namespace sncheck::testing
