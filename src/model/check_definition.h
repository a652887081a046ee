// SPDX-License-Identifier: Apache-2.0
#pragma once
// A check as data: what it reads, how it decides, and what a person should do when it fails.
// Built-in checks are checks/<suite>/*.json compiled into the binary; users add their own with
// --checks-dir. Both go through the same loader and validation (model/check_loader.h).

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "model/field_ops.h"

namespace sncheck {

struct SuiteDescriptor;  // model/suite.h

// Narrows a read by another read's answer: this read's `column` IN the values of `field` in the
// rows of read `read` (e.g. only the role grants of the registry entries' application users).
// `field` may name several fields ("enforce_acl,web_service_definition.enforce_acl"); list
// values (a glide_list "a,b") count as their items. With `column` empty the read is not narrowed:
// it is read in the second wave only when the read `read` found a row (e.g. the profiles of
// access policies, only when a policy exists).
struct ReadKey {
  std::string read;
  std::string field;
  std::string column;

  bool only_if_found() const { return column.empty(); }
};

// A column a check depends on whose name comes only from practitioner sources. sncheck asks the
// instance's sys_dictionary whether it exists (one merged read) before trusting a read that uses
// it: a column the instance lacks makes those reads errors, never a silent misread (an unknown
// field in a query is ignored by the platform, an unknown field in sysparm_fields left out).
// A column defined on a parent table is listed in sys_dictionary under the parent's name:
// `parents` lists the tables it extends that may define it, nearest first.
struct SchemaColumn {
  std::string table;
  std::string column;
  std::vector<std::string> parents;  // the tables `table` extends that may define it
};

// The name of the sys_dictionary read the catalog adds to a check with columns.
inline constexpr const char* kSchemaReadName = "schema_columns";

// One table read a check needs, under a name the condition or evaluator refers to.
struct ReadSpec {
  std::string name;
  std::string table;
  std::string query;                // encoded query; may not be empty (never a whole table)
  std::vector<std::string> fields;  // as declared; the planner adds what conditions mention
  // Run parameter -> extra clause ANDed to the query when the parameter is given,
  // e.g. {"client_id": "client_id={client_id}"}.
  std::map<std::string, std::string> narrow;
  // Another read of the same check that this one backs up: it is fetched in a second wave, and
  // only when that read failed or found no row. Empty for the reads of the first wave.
  std::string fallback_for;
  // Set for a keyed read: it waits for the first wave, like a fallback, and asks only for the
  // rows the key selects.
  std::optional<ReadKey> keyed_on;

  bool second_wave() const { return !fallback_for.empty() || keyed_on.has_value(); }
};

// A test on one field of one row. message and remediation are templates ({field} placeholders).
struct FieldTest {
  std::string field;
  FieldOp op = FieldOp::Eq;
  std::vector<std::string> values;
  std::shared_ptr<const re2::RE2> pattern;  // `matches`: compiled once, when the file is loaded
  std::string message;                      // said when the test does not hold
  std::string remediation;                  // what to change when it does not hold
  // "each": the value is a comma-separated list; every item must hold (a list of redirect URLs).
  bool each = false;
  // "empty_means": an empty value is judged as this one (a boolean column the platform leaves
  // empty on old rows, which it reads as false). Never applies to JSON null.
  std::optional<std::string> empty_means;
  // "booleans": "words": is_true / is_false accept only "true" and "false" (a string column such
  // as a system property's value, where 1 / 0 are not a documented encoding).
  bool words_only = false;
};

struct Outcome {
  Status status = Status::Fail;
  std::string message;
  std::string remediation;
};

// A declarative condition over one read (kube-bench / Instance Scan table check style).
struct Condition {
  std::string read;
  bool for_each = false;              // one result per row, its subject from the subject template
  std::string subject;                // template, with for_each
  std::vector<FieldTest> applies_if;  // with for_each: rows failing these are skipped
  std::string not_applicable;         // the skip message for such rows
  std::vector<FieldTest> require;     // every test must hold (for a row)
  bool match_all = true;     // without for_each: all rows (true) or any row (false) must hold
  Outcome when_empty;        // what no rows means
  std::string pass_message;  // template
};

struct EvaluatorSpec {
  std::string name;  // a registered C++ evaluator
  std::map<std::string, std::string> params;
};

struct CheckDefinition {
  std::string id;
  std::string title;
  Severity severity = Severity::Medium;
  std::string suite;
  const SuiteDescriptor* suite_descriptor = nullptr;  // set by the catalog
  std::vector<std::string> tags;
  int chain_step = 1000;  // position in the suite's chain; the earliest failing step is the root
  std::string rationale;
  // The check's reads: declared in the file for a condition, by the evaluator otherwise.
  std::vector<ReadSpec> reads;
  // Columns verified live in sys_dictionary (declared by the evaluator); their read is
  // kSchemaReadName, added to `reads` by the catalog.
  std::vector<SchemaColumn> columns;
  std::optional<Condition> condition;
  std::optional<EvaluatorSpec> evaluator;
  Status failure_status = Status::Fail;  // Warn for hygiene checks
  std::string remediation;
  std::vector<std::string> references;
  std::vector<std::string> prerequisites;
  // Run parameters the check needs (e.g. api_path from --api); without them it is not selected,
  // so a run without --api neither reads the Scripted REST tables nor reports on them.
  std::vector<std::string> requires_params;
  std::string origin;  // "built-in checks/<suite>/<file>" or the user's file path

  const ReadSpec* find_read(std::string_view name) const;
  bool has_tag(std::string_view tag) const;
};

}  // namespace sncheck
