// SPDX-License-Identifier: Apache-2.0
#include "model/check_loader.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "core/json_cursor.h"
#include "core/secrets.h"
#include "core/strings.h"
#include "model/evaluator.h"
#include "query/encoded_query.h"

namespace sncheck {
namespace {

[[noreturn]] void load_error(const std::string& message) { throw CheckLoadError(message); }

// Hand-written, not a regular expression: names come from user files and must be judged in
// linear time and without recursion (a 50,000-character id once overflowed std::regex).
constexpr std::size_t kMaxNameLength = 256;

bool is_word_char(char c, bool upper_allowed) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         (upper_allowed && c >= 'A' && c <= 'Z');
}

// Words of word characters joined by dots; at least `min_words` words.
bool is_dotted(std::string_view text, std::size_t min_words, bool upper_allowed) {
  if (text.empty() || text.size() > kMaxNameLength) return false;
  std::size_t words = 1;
  bool in_word = false;
  for (char c : text) {
    if (c == '.') {
      if (!in_word) return false;
      ++words;
      in_word = false;
    } else if (is_word_char(c, upper_allowed)) {
      in_word = true;
    } else {
      return false;
    }
  }
  return in_word && words >= min_words;
}

bool is_check_id(std::string_view text) { return is_dotted(text, 2, false); }
bool is_table_name(std::string_view text) {
  return is_dotted(text, 1, false) && text.find('.') == std::string_view::npos;
}
bool is_field_name(std::string_view text) { return is_dotted(text, 1, true); }
bool is_param_name(std::string_view text) {
  return !text.empty() && text.size() <= kMaxNameLength &&
         std::all_of(text.begin(), text.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
}

std::string field_problem(const std::string& field) {
  if (!is_field_name(field)) return fmt::format("'{}' is not a field name", field);
  if (is_secret_field(field))
    return fmt::format("'{}' holds a secret; sncheck never reads secrets", field);
  return {};
}

void check_field_name(const JsonFields& where, std::string_view key, const std::string& field) {
  if (std::string problem = field_problem(field); !problem.empty()) where.fail(key, problem);
}

// Template placeholders become requested fields (see needed_fields), so they obey the same rules.
void check_template(const JsonFields& where, std::string_view key, const std::string& text) {
  for (const std::string& field : template_fields(text)) check_field_name(where, key, field);
}

std::vector<std::string> test_values(const JsonFields& test, FieldOp op) {
  bool has_value = test.has("value");
  bool has_values = test.has("values");
  if (has_value && has_values) test.fail("value", "give either value or values, not both");
  std::vector<std::string> values;
  if (has_value) values.push_back(test.string("value", false));
  if (has_values) values = test.strings("values", true);
  switch (op_info(op).arity) {
    case OpArity::None:
      if (!values.empty()) test.fail("value", "takes no value with this op");
      break;
    case OpArity::Many:
      if (values.empty()) test.fail("values", "is required with this op");
      break;
    case OpArity::One:
      if (values.size() != 1) test.fail("value", "exactly one value is required with this op");
      break;
  }
  return values;
}

FieldTest parse_field_test(const JsonFields& test) {
  test.allow_only({"field", "op", "value", "values", "message", "remediation", "each",
                   "empty_means", "booleans"});
  FieldTest out;
  out.field = test.string("field");
  check_field_name(test, "field", out.field);
  std::string op = test.string("op");
  std::optional<FieldOp> parsed = parse_field_op(op);
  if (!parsed) test.fail("op", fmt::format("'{}' is not one of {}", op, field_op_names()));
  out.op = *parsed;
  out.values = test_values(test, out.op);
  if (!out.values.empty()) {
    std::string problem = check_operand(out.op, out.values.front(), &out.pattern);
    if (!problem.empty()) test.fail("value", problem);
  }
  out.each = test.boolean("each", false);
  if (test.has("empty_means")) {
    const rapidjson::Value* means = test.find("empty_means");
    if (!means->IsString() || means->GetStringLength() == 0) {
      test.fail("empty_means", "must be a non-empty string: the value an empty field stands for");
    }
    out.empty_means = std::string(means->GetString(), means->GetStringLength());
  }
  if (test.has("booleans")) {
    if (out.op != FieldOp::IsTrue && out.op != FieldOp::IsFalse) {
      test.fail("booleans", "is only for is_true and is_false");
    }
    if (test.string("booleans") != "words") {
      test.fail("booleans", "must be \"words\" (only true and false are accepted)");
    }
    out.words_only = true;
  }
  out.message = test.string("message", false);
  check_template(test, "message", out.message);
  out.remediation = test.string("remediation", false);
  check_template(test, "remediation", out.remediation);
  return out;
}

std::vector<FieldTest> parse_field_tests(const JsonFields& parent, std::string_view key,
                                         bool required) {
  const rapidjson::Value* value = parent.find(key);
  if (value == nullptr) {
    if (required) parent.fail(key, "is required");
    return {};
  }
  if (!value->IsArray() || (required && value->Empty())) {
    parent.fail(key, "must be a non-empty array of field tests");
  }
  std::vector<FieldTest> tests;
  for (rapidjson::SizeType i = 0; i < value->Size(); ++i) {
    const rapidjson::Value& item = (*value)[i];
    if (!item.IsObject()) parent.fail(fmt::format("{}[{}]", key, i), "must be an object");
    tests.push_back(parse_field_test(JsonFields(
        item, fmt::format("{}[{}]", parent.qualified(key), i), parent.origin(), load_error)));
  }
  return tests;
}

Outcome parse_outcome(const JsonFields& outcome, Status fallback_status) {
  outcome.allow_only({"status", "message", "remediation"});
  Outcome out;
  out.status = fallback_status;
  if (outcome.has("status")) {
    std::optional<Status> status = parse_status(outcome.string("status"));
    if (!status) outcome.fail("status", "must be one of pass, fail, warn, skip, error");
    out.status = *status;
  }
  out.message = outcome.string("message");
  out.remediation = outcome.string("remediation", false);
  return out;
}

std::string query_problem(const std::string& query) {
  QueryParseError error;
  std::optional<EncodedQuery> parsed = parse_encoded_query(query, &error);
  if (!parsed) return fmt::format("is not an encoded query sncheck understands: {}", error.message);
  if (parsed->groups.empty()) return "selects every row; name the rows the check needs";
  for (const std::string& field : query_fields(*parsed)) {
    if (std::string problem = field_problem(field); !problem.empty()) return problem;
  }
  return {};
}

std::string narrow_problem(const std::string& param, const std::string& clause) {
  if (!is_param_name(param)) return "keys are parameter names";
  const std::string placeholder = "{" + param + "}";
  if (clause.find(placeholder) == std::string::npos) {
    return fmt::format("the clause for '{}' must use {{{}}}", param, param);
  }
  std::string sample = clause;
  for (std::size_t at = sample.find(placeholder); at != std::string::npos;
       at = sample.find(placeholder, at)) {
    sample.replace(at, placeholder.size(), "x");
  }
  QueryParseError error;
  std::optional<EncodedQuery> parsed = parse_encoded_query(sample, &error);
  if (!parsed) {
    return fmt::format("the clause for '{}' is not an encoded query sncheck understands: {}", param,
                       error.message);
  }
  for (const std::string& field : query_fields(*parsed)) {
    if (std::string problem = field_problem(field); !problem.empty()) return problem;
  }
  return {};
}

ReadKey parse_key(const JsonFields& key) {
  key.allow_only({"read", "field", "column"});
  return ReadKey{key.string("read"), key.string("field"),
                 key.has("column") ? key.string("column") : std::string()};
}

ReadSpec parse_read(const JsonFields& read, const std::string& name) {
  read.allow_only({"table", "query", "fields", "narrow", "fallback_for", "keyed_on"});
  ReadSpec out;
  out.name = name;
  out.table = read.string("table");
  out.query = read.string("query");
  out.fields = read.strings("fields");
  out.narrow = read.string_map("narrow");
  if (read.has("fallback_for")) out.fallback_for = read.string("fallback_for");
  if (read.has("keyed_on")) out.keyed_on = parse_key(read.object("keyed_on"));
  if (read.has("fallback_for") && read.has("keyed_on")) {
    read.fail("keyed_on", "a read is either a fallback or keyed, not both");
  }
  return out;
}

// Fallbacks and keys refer to a first-wave read of the same check; chains would need a third
// wave.
std::string reference_problem(const ReadSpec& spec, const std::string& target,
                              const std::vector<ReadSpec>& specs) {
  auto found = std::find_if(specs.begin(), specs.end(),
                            [&](const ReadSpec& other) { return other.name == target; });
  if (found == specs.end() || found->name == spec.name) {
    return fmt::format("names '{}', which is not another read of this check", target);
  }
  if (found->second_wave()) {
    return fmt::format(
        "names '{}', which is itself read in the second wave; name a first-wave read", target);
  }
  return {};
}

std::string read_problem(const ReadSpec& read, const std::vector<ReadSpec>& all) {
  auto at = [&read](std::string_view key, const std::string& problem) {
    return problem.empty() ? problem : fmt::format("reads.{}.{}: {}", read.name, key, problem);
  };
  if (!is_table_name(read.table)) return at("table", "is not a table name");
  if (std::string p = at("query", query_problem(read.query)); !p.empty()) return p;
  for (const std::string& field : read.fields) {
    if (std::string p = at("fields", field_problem(field)); !p.empty()) return p;
  }
  for (const auto& [param, clause] : read.narrow) {
    if (std::string p = at("narrow", narrow_problem(param, clause)); !p.empty()) return p;
  }
  if (!read.fallback_for.empty()) {
    if (std::string p = at("fallback_for", reference_problem(read, read.fallback_for, all));
        !p.empty()) {
      return p;
    }
  }
  if (read.keyed_on) {
    if (std::string p = at("keyed_on.read", reference_problem(read, read.keyed_on->read, all));
        !p.empty()) {
      return p;
    }
    std::vector<std::string> fields = split_list(read.keyed_on->field);
    if (fields.empty()) return at("keyed_on.field", "names no field");
    for (const std::string& field : fields) {
      if (std::string p = at("keyed_on.field", field_problem(field)); !p.empty()) return p;
    }
    if (read.keyed_on->only_if_found())
      return {};  // read whole, only when the key read found a row
    if (std::string p = at("keyed_on.column", field_problem(read.keyed_on->column)); !p.empty()) {
      return p;
    }
  }
  return {};
}

std::vector<ReadSpec> parse_reads(const JsonFields& check) {
  std::vector<ReadSpec> out;
  for (auto& [name, read] : check.object("reads").objects()) out.push_back(parse_read(read, name));
  if (out.empty()) check.fail("reads", "must declare at least one read");
  if (std::string problem = check_reads(out); !problem.empty())
    load_error(fmt::format("{}: {}", check.origin(), problem));
  return out;
}

Condition parse_condition(const JsonFields& condition) {
  condition.allow_only({"read", "for_each", "subject", "applies_if", "not_applicable", "require",
                        "match", "when_empty", "pass_message"});
  Condition out;
  out.read = condition.string("read");
  out.for_each = condition.boolean("for_each", false);
  out.subject = condition.string("subject", out.for_each);
  out.applies_if = parse_field_tests(condition, "applies_if", false);
  out.not_applicable = condition.string("not_applicable", !out.applies_if.empty());
  out.require = parse_field_tests(condition, "require", true);
  std::string match = condition.has("match") ? condition.string("match") : "all";
  if (match != "all" && match != "any") condition.fail("match", "must be all or any");
  out.match_all = match == "all";
  if (out.for_each && condition.has("match")) {
    condition.fail("match", "does not apply with for_each");
  }
  out.when_empty = parse_outcome(condition.object("when_empty"), Status::Fail);
  out.pass_message = condition.string("pass_message");
  check_template(condition, "subject", out.subject);
  check_template(condition, "not_applicable", out.not_applicable);
  check_template(condition, "pass_message", out.pass_message);
  for (const auto& [key, text] :
       {std::pair{"when_empty.message", &out.when_empty.message},
        std::pair{"when_empty.remediation", &out.when_empty.remediation}}) {
    for (const std::string& field : template_fields(*text)) {
      condition.fail(key, fmt::format("'{{{}}}' names a row field, but no row exists when "
                                      "nothing matches",
                                      field));
    }
  }
  return out;
}

EvaluatorSpec parse_evaluator(const JsonFields& evaluator) {
  evaluator.allow_only({"name", "params"});
  return EvaluatorSpec{evaluator.string("name"), evaluator.string_map("params")};
}

CheckDefinition parse_definition(const JsonFields& root) {
  root.allow_only({"id", "title", "severity", "suite", "tags", "chain_step", "rationale", "reads",
                   "condition", "evaluator", "failure_status", "remediation", "references",
                   "prerequisites", "requires_params", "$comment"});
  CheckDefinition check;
  check.id = root.string("id");
  if (!is_check_id(check.id)) {
    root.fail("id", "must be dotted lower-case words, e.g. custom.property.session_timeout");
  }
  check.title = root.string("title");
  std::optional<Severity> severity = parse_severity(root.string("severity"));
  if (!severity) root.fail("severity", "must be one of info, low, medium, high, critical");
  check.severity = *severity;
  check.suite = root.string("suite");
  check.tags = root.strings("tags");
  check.chain_step = root.integer("chain_step", 1000);
  check.rationale = root.string("rationale");
  bool has_condition = root.has("condition");
  if (has_condition == root.has("evaluator")) {
    root.fail("condition", "give exactly one of condition and evaluator");
  }
  if (has_condition) {
    check.reads = parse_reads(root);
    check.condition = parse_condition(root.object("condition"));
  } else {
    if (root.has("reads")) {
      root.fail("reads", "an evaluator declares its own reads; give only evaluator.params");
    }
    check.evaluator = parse_evaluator(root.object("evaluator"));
  }
  std::string failure = root.has("failure_status") ? root.string("failure_status") : "fail";
  if (failure != "fail" && failure != "warn") root.fail("failure_status", "must be fail or warn");
  check.failure_status = failure == "warn" ? Status::Warn : Status::Fail;
  check.remediation = root.string("remediation");
  check_template(root, "remediation", check.remediation);
  check.references = root.strings("references", true);
  check.prerequisites = root.strings("prerequisites");
  check.requires_params = root.strings("requires_params");
  for (const std::string& param : check.requires_params) {
    if (!is_param_name(param)) root.fail("requires_params", "keys are parameter names");
  }
  return check;
}

}  // namespace

std::string check_reads(const std::vector<ReadSpec>& reads) {
  for (const ReadSpec& read : reads) {
    if (std::string problem = read_problem(read, reads); !problem.empty()) return problem;
  }
  return {};
}

CheckDefinition parse_check(std::string_view json_text, const std::string& origin) {
  rapidjson::Document document;
  parse_json_document(document, json_text, origin, load_error);
  if (!document.IsObject()) load_error(fmt::format("{}: must be a JSON object", origin));
  CheckDefinition check = parse_definition(JsonFields(document, "", origin, load_error));
  check.origin = origin;
  return check;
}

}  // namespace sncheck
