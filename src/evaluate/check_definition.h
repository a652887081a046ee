#pragma once
// A check as data: what it reads, how it decides, and what a person should do when it fails.
// Built-in checks are checks/*.json compiled into the binary; users add their own with
// --checks-dir. Both go through the same loader and validation.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sncheck {

enum class Severity { Info, Low, Medium, High, Critical };
enum class Status { Pass, Fail, Warn, Skip, Error };

std::string_view to_string(Severity severity);
std::string_view to_string(Status status);
std::optional<Severity> parse_severity(std::string_view text);
std::optional<Status> parse_status(std::string_view text);

// Narrows a read by another read's answer: this read's `column` IN the values of `field` in the
// rows of read `read` (e.g. only the role grants of the registry entries' application users).
struct ReadKey {
  std::string read;
  std::string field;
  std::string column;
};

// One table read a check needs, under a name the condition refers to.
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

enum class FieldOp { Eq, Neq, In, NotIn, Empty, NotEmpty, Matches, IntGt, IntLte };
std::string_view to_string(FieldOp op);
std::optional<FieldOp> parse_field_op(std::string_view text);

// A test on one field of one row. message and remediation are templates ({field} placeholders).
struct FieldTest {
  std::string field;
  FieldOp op = FieldOp::Eq;
  std::vector<std::string> values;
  std::string message;      // said when the test does not hold
  std::string remediation;  // what to change when it does not hold
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
  std::vector<std::string> tags;
  int chain_step =
      1000;  // position in the token chain; the earliest failing step is the root cause
  std::string rationale;
  std::vector<ReadSpec> reads;
  std::optional<Condition> condition;
  std::optional<EvaluatorSpec> evaluator;
  Status failure_status = Status::Fail;  // Warn for hygiene checks
  std::string remediation;
  std::vector<std::string> references;
  std::vector<std::string> prerequisites;
  // Run parameters the check needs (e.g. api_path from --api); without them it is not selected,
  // so a run without --api neither reads the Scripted REST tables nor reports on them.
  std::vector<std::string> requires_params;
  std::string origin;  // "built-in checks/<file>" or the user's file path

  const ReadSpec* find_read(std::string_view name) const;
};

}  // namespace sncheck
