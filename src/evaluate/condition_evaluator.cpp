// SPDX-License-Identifier: Apache-2.0
// The evaluator behind declarative checks: a condition over one read, per row or over all rows.

#include <fmt/format.h>

#include "evaluate/condition_evaluator.h"
#include "evaluate/field_test.h"
#include "evaluate/result_helpers.h"

namespace sncheck {
namespace {

struct RowVerdict {
  Status status = Status::Pass;  // Pass, Fail (tests failed) or Error (unreadable)
  std::vector<Evidence> evidence;
  std::vector<std::string> messages;
  std::string remediation;
  bool not_returned = false;  // an Error because a field was not returned (read access)
};

Evidence evidence_for(const CheckInputs& inputs, const ReadInput& read, const Record& row,
                      const FieldTest& test, const std::string& value) {
  Evidence evidence;
  evidence.table = read.spec->table;
  evidence.sys_id = field_or_empty(row, "sys_id");
  evidence.field = test.field;
  evidence.value = value;
  evidence.link = inputs.record_link(evidence.table, evidence.sys_id);
  evidence.note = fmt::format("expected {}", describe_test(test));
  return evidence;
}

// Every test must hold: one that fails makes the row fail whatever the others say (false AND
// unknown is false); otherwise one that cannot be judged makes it an error.
RowVerdict judge_row(const CheckInputs& inputs, const ReadInput& read, const Record& row,
                     const std::vector<FieldTest>& tests) {
  RowVerdict failed;
  RowVerdict unreadable;
  for (const FieldTest& test : tests) {
    TestOutcome outcome = apply_test(test, row);
    if (outcome.verdict == TestVerdict::Holds) continue;
    RowVerdict& verdict = outcome.verdict == TestVerdict::Fails ? failed : unreadable;
    verdict.evidence.push_back(evidence_for(inputs, read, row, test, outcome.value));
    if (outcome.verdict == TestVerdict::Unreadable) {
      verdict.status = Status::Error;
      verdict.messages.push_back(outcome.reason);
      verdict.not_returned = verdict.not_returned || outcome.not_returned;
      continue;
    }
    verdict.status = Status::Fail;
    verdict.messages.push_back(expand(test.message, inputs, &read, &row));
    if (verdict.remediation.empty()) {
      verdict.remediation = expand(test.remediation, inputs, &read, &row);
    }
  }
  if (failed.status == Status::Fail) return failed;
  return unreadable;
}

// Applies: every applies_if test holds. Pass, Fail (not applicable) or Error (cannot tell).
RowVerdict applicability(const CheckInputs& inputs, const ReadInput& read, const Record& row,
                         const Condition& condition) {
  return judge_row(inputs, read, row, condition.applies_if);
}

Result result_from_verdict(const CheckInputs& inputs, const ReadInput& read, const Record* row,
                           RowVerdict verdict) {
  const CheckDefinition& check = *inputs.check;
  const Condition& condition = *check.condition;
  if (verdict.status == Status::Pass) {
    return make_result(inputs, Status::Pass, expand(condition.pass_message, inputs, &read, row));
  }
  Status status = verdict.status == Status::Error ? Status::Error : check.failure_status;
  Result result = make_result(inputs, status, fmt::format("{}", fmt::join(verdict.messages, " ")));
  result.evidence = std::move(verdict.evidence);
  result.remediation = verdict.remediation.empty() ? expand(check.remediation, inputs, &read, row)
                                                   : verdict.remediation;
  if (status == Status::Error && verdict.not_returned) {
    result.remediation =
        "Give the reading account read access to the fields named above (or run sncheck with an "
        "admin account), then run sncheck again.";
  } else if (status == Status::Error) {
    result.remediation =
        "Open the record named above and look at the value: sncheck judges only the values the "
        "platform writes and reports anything else (null, TRUE, 'true ' with a space) instead of "
        "guessing. Correct the value, or report it to the sncheck maintainers with your release.";
  }
  return result;
}

Result empty_result(const CheckInputs& inputs, const ReadInput& read) {
  const Outcome& outcome = inputs.check->condition->when_empty;
  Result result =
      make_result(inputs, outcome.status, expand(outcome.message, inputs, &read, nullptr));
  result.remediation = expand(outcome.remediation, inputs, &read, nullptr);
  Evidence evidence;
  evidence.table = read.spec->table;
  evidence.link = inputs.list_link(read.spec->table, read.effective_query);
  evidence.note = fmt::format("no record matches {}", read.effective_query);
  result.evidence.push_back(std::move(evidence));
  return result;
}

std::vector<Result> evaluate_each_row(const CheckInputs& inputs, const ReadInput& read) {
  const Condition& condition = *inputs.check->condition;
  std::vector<Result> results;
  for (const Record* row : read.rows) {
    std::string subject = expand(condition.subject, inputs, &read, row);
    Result result;
    RowVerdict applies = applicability(inputs, read, *row, condition);
    if (applies.status == Status::Error) {
      result = result_from_verdict(inputs, read, row, std::move(applies));
    } else if (applies.status == Status::Fail) {
      result =
          make_result(inputs, Status::Skip, expand(condition.not_applicable, inputs, &read, row));
    } else {
      result =
          result_from_verdict(inputs, read, row, judge_row(inputs, read, *row, condition.require));
    }
    result.subject = std::move(subject);
    results.push_back(std::move(result));
  }
  return results;
}

// Without for_each: all rows must hold (match_all) or at least one must.
Result evaluate_all_rows(const CheckInputs& inputs, const ReadInput& read) {
  const Condition& condition = *inputs.check->condition;
  RowVerdict combined;
  combined.status = condition.match_all ? Status::Pass : Status::Fail;
  const Record* first_passing = nullptr;
  for (const Record* row : read.rows) {
    RowVerdict verdict = judge_row(inputs, read, *row, condition.require);
    if (verdict.status == Status::Pass) {
      if (first_passing == nullptr) first_passing = row;
      continue;
    }
    // Every row must hold (match all): a failing row decides; any row (match any): a row that
    // cannot be judged might have held, so it makes the result an error.
    bool decides = condition.match_all
                       ? verdict.status == Status::Fail || combined.status != Status::Fail
                       : verdict.status == Status::Error || combined.status != Status::Error;
    if (decides) combined.status = verdict.status;
    combined.not_returned = combined.not_returned || verdict.not_returned;
    for (auto& evidence : verdict.evidence) combined.evidence.push_back(std::move(evidence));
    for (auto& message : verdict.messages) combined.messages.push_back(std::move(message));
    if (combined.remediation.empty()) combined.remediation = verdict.remediation;
  }
  if (!condition.match_all && first_passing != nullptr) {
    return result_from_verdict(inputs, read, first_passing, RowVerdict{});
  }
  if (condition.match_all && combined.messages.empty()) {
    return result_from_verdict(inputs, read, read.rows.front(), RowVerdict{});
  }
  if (combined.status == Status::Pass) combined.status = Status::Fail;
  return result_from_verdict(inputs, read, read.rows.front(), std::move(combined));
}

std::string describe_tests(const std::vector<FieldTest>& tests) {
  std::vector<std::string> parts;
  for (const FieldTest& test : tests) parts.push_back(describe_test(test));
  return fmt::format("{}", fmt::join(parts, " and "));
}

class ConditionEvaluator final : public Evaluator {
 public:
  bool declares_reads() const override { return false; }

  std::string validate(const CheckDefinition& check) const override {
    if (!check.condition) return "a condition is required";
    const ReadSpec* read = check.find_read(check.condition->read);
    if (read == nullptr) {
      return fmt::format("condition.read names '{}', which is not among the reads",
                         check.condition->read);
    }
    // A condition judges one read; a fallback is read only sometimes, so it cannot be that read.
    if (!read->fallback_for.empty()) {
      return fmt::format(
          "condition.read names '{}', a fallback read; conditions judge a "
          "first-wave read",
          check.condition->read);
    }
    return {};
  }

  std::vector<Result> evaluate(const CheckInputs& inputs) const override {
    const ReadInput& read = inputs.read(inputs.check->condition->read);
    if (read.error != nullptr) return {read_error_result(inputs, read)};
    if (read.rows.empty()) return {empty_result(inputs, read)};
    if (inputs.check->condition->for_each) return evaluate_each_row(inputs, read);
    return {evaluate_all_rows(inputs, read)};
  }

  std::string describe(const CheckDefinition& check) const override {
    const Condition& condition = *check.condition;
    const ReadSpec& read = *check.find_read(condition.read);
    std::string text = fmt::format("Reads `{}` where `{}`", read.table, read.query);
    for (const auto& [param, clause] : read.narrow) {
      text +=
          fmt::format(" (with --{} also `{}`)", param == "client_id" ? "client-id" : param, clause);
    }
    text += ". ";
    if (condition.for_each) {
      text += "For each record";
      if (!condition.applies_if.empty()) {
        text += fmt::format(" where {}", describe_tests(condition.applies_if));
      }
      text += fmt::format(", the check passes when {}; otherwise it reports `{}` for that record.",
                          describe_tests(condition.require), to_string(check.failure_status));
    } else {
      text +=
          fmt::format("The check passes when {} record{} {}; otherwise `{}`.",
                      condition.match_all ? "every" : "at least one", condition.match_all ? "" : "",
                      describe_tests(condition.require), to_string(check.failure_status));
    }
    text += fmt::format(" No matching record: `{}`.", to_string(condition.when_empty.status));
    return text;
  }
};

}  // namespace

std::unique_ptr<Evaluator> make_condition_evaluator() {
  return std::make_unique<ConditionEvaluator>();
}

}  // namespace sncheck
