#include "evaluate/check_loader.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "evaluate/builtin_checks.h"
#include "query/encoded_query.h"

namespace sncheck {
namespace {

using rapidjson::Value;

// Walks a JSON object, naming each field by its path so errors point at the exact spot.
class Fields {
 public:
  Fields(const Value& object, std::string path, const std::string& origin)
      : object_(object), path_(std::move(path)), origin_(origin) {}

  [[noreturn]] void fail(std::string_view field, std::string_view problem) const {
    throw CheckLoadError(fmt::format("{}: {}: {}", origin_, qualified(field), problem));
  }

  std::string qualified(std::string_view field) const {
    return path_.empty() ? std::string(field) : fmt::format("{}.{}", path_, field);
  }

  void allow_only(std::initializer_list<std::string_view> names) const {
    for (auto it = object_.MemberBegin(); it != object_.MemberEnd(); ++it) {
      std::string_view name(it->name.GetString(), it->name.GetStringLength());
      if (std::find(names.begin(), names.end(), name) == names.end()) {
        fail(name, "unknown field (a typo?)");
      }
    }
  }

  bool has(std::string_view field) const { return find(field) != nullptr; }

  const Value* find(std::string_view field) const {
    auto it = object_.FindMember(rapidjson::StringRef(field.data(), field.size()));
    return it == object_.MemberEnd() ? nullptr : &it->value;
  }

  std::string string(std::string_view field, bool required = true) const {
    const Value* value = find(field);
    if (value == nullptr) {
      if (required) fail(field, "is required");
      return {};
    }
    if (!value->IsString()) fail(field, "must be a string");
    std::string text(value->GetString(), value->GetStringLength());
    if (required && text.empty()) fail(field, "must not be empty");
    return text;
  }

  bool boolean(std::string_view field, bool fallback) const {
    const Value* value = find(field);
    if (value == nullptr) return fallback;
    if (!value->IsBool()) fail(field, "must be true or false");
    return value->GetBool();
  }

  int integer(std::string_view field, int fallback) const {
    const Value* value = find(field);
    if (value == nullptr) return fallback;
    if (!value->IsInt()) fail(field, "must be a whole number");
    return value->GetInt();
  }

  std::vector<std::string> strings(std::string_view field, bool required = false) const {
    const Value* value = find(field);
    if (value == nullptr) {
      if (required) fail(field, "is required");
      return {};
    }
    if (!value->IsArray()) fail(field, "must be an array of strings");
    std::vector<std::string> out;
    for (const Value& item : value->GetArray()) {
      if (!item.IsString() || item.GetStringLength() == 0) {
        fail(field, "must be an array of non-empty strings");
      }
      out.emplace_back(item.GetString(), item.GetStringLength());
    }
    if (required && out.empty()) fail(field, "must not be empty");
    return out;
  }

  std::map<std::string, std::string> string_map(std::string_view field) const {
    const Value* value = find(field);
    std::map<std::string, std::string> out;
    if (value == nullptr) return out;
    if (!value->IsObject()) fail(field, "must be an object of strings");
    for (auto it = value->MemberBegin(); it != value->MemberEnd(); ++it) {
      if (!it->value.IsString()) fail(field, "must be an object of strings");
      out.emplace(it->name.GetString(), it->value.GetString());
    }
    return out;
  }

  Fields object(std::string_view field) const {
    const Value* value = find(field);
    if (value == nullptr) fail(field, "is required");
    if (!value->IsObject()) fail(field, "must be an object");
    return Fields(*value, qualified(field), origin_);
  }

  const Value& json() const { return object_; }
  const std::string& path() const { return path_; }
  const std::string& origin() const { return origin_; }

 private:
  const Value& object_;
  std::string path_;
  const std::string& origin_;
};

const std::regex kCheckId("^[a-z0-9_]+(\\.[a-z0-9_]+)+$");
const std::regex kTableName("^[a-z0-9_]+$");
const std::regex kFieldName("^[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+)*$");
const std::regex kParamName("^[a-z_]+$");

// libstdc++'s std::regex recurses once per character matched (and once per nesting level when
// compiling), so a long name or a deeply nested pattern overflowed the stack (found by
// fuzz_check_loader: a 50,000-character id). Names and patterns are capped before any regex
// sees them; real ones are far shorter.
constexpr std::size_t kMaxNameLength = 256;
constexpr std::size_t kMaxPatternLength = 1000;

bool is_name(const std::string& text, const std::regex& pattern) {
  return text.size() <= kMaxNameLength && std::regex_match(text, pattern);
}

void check_field_name(const Fields& where, std::string_view key, const std::string& field) {
  if (!is_name(field, kFieldName)) {
    where.fail(key, fmt::format("'{}' is not a field name", field));
  }
  if (is_secret_field(field)) {
    where.fail(key, fmt::format("'{}' holds a secret; sncheck never reads secrets", field));
  }
}

// Template placeholders become requested fields (see needed_fields), so they obey the same rules.
void check_template(const Fields& where, std::string_view key, const std::string& text) {
  for (const std::string& field : template_fields(text)) check_field_name(where, key, field);
}

std::vector<std::string> test_values(const Fields& test, FieldOp op) {
  bool has_value = test.has("value");
  bool has_values = test.has("values");
  if (has_value && has_values) test.fail("value", "give either value or values, not both");
  std::vector<std::string> values;
  if (has_value) values.push_back(test.string("value", false));
  if (has_values) values = test.strings("values", true);
  switch (op) {
    case FieldOp::Empty:
    case FieldOp::NotEmpty:
      if (!values.empty()) test.fail("value", "takes no value with this op");
      break;
    case FieldOp::In:
    case FieldOp::NotIn:
      if (values.empty()) test.fail("values", "is required with this op");
      break;
    default:
      if (values.size() != 1) test.fail("value", "exactly one value is required with this op");
  }
  return values;
}

void check_test_value(const Fields& test, FieldOp op, const std::string& value) {
  if (op == FieldOp::Matches) {
    if (value.size() > kMaxPatternLength) {
      test.fail("value", fmt::format("is longer than {} characters", kMaxPatternLength));
    }
    try {
      std::regex pattern(value);
    } catch (const std::regex_error& error) {
      test.fail("value", fmt::format("is not a valid regular expression: {}", error.what()));
    }
  }
  if (op == FieldOp::IntGt || op == FieldOp::IntLte) {
    long long number = 0;
    auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
    if (ec != std::errc() || ptr != value.data() + value.size()) {
      test.fail("value", "must be a whole number with this op");
    }
  }
}

FieldTest parse_field_test(const Fields& test) {
  test.allow_only({"field", "op", "value", "values", "message", "remediation"});
  FieldTest out;
  out.field = test.string("field");
  check_field_name(test, "field", out.field);
  std::string op = test.string("op");
  std::optional<FieldOp> parsed = parse_field_op(op);
  if (!parsed) {
    test.fail("op", fmt::format("'{}' is not one of eq, neq, in, not_in, empty, not_empty, "
                                "matches, int_gt, int_lte",
                                op));
  }
  out.op = *parsed;
  out.values = test_values(test, out.op);
  if (!out.values.empty()) check_test_value(test, out.op, out.values.front());
  out.message = test.string("message", false);
  check_template(test, "message", out.message);
  out.remediation = test.string("remediation", false);
  check_template(test, "remediation", out.remediation);
  return out;
}

std::vector<FieldTest> parse_field_tests(const Fields& parent, std::string_view key,
                                         bool required) {
  const Value* value = parent.find(key);
  if (value == nullptr) {
    if (required) parent.fail(key, "is required");
    return {};
  }
  if (!value->IsArray() || (required && value->Empty())) {
    parent.fail(key, "must be a non-empty array of field tests");
  }
  std::vector<FieldTest> tests;
  for (rapidjson::SizeType i = 0; i < value->Size(); ++i) {
    const Value& item = (*value)[i];
    std::string path = fmt::format("{}[{}]", parent.qualified(key), i);
    if (!item.IsObject()) parent.fail(fmt::format("{}[{}]", key, i), "must be an object");
    tests.push_back(parse_field_test(Fields(item, path, parent.origin())));
  }
  return tests;
}

Outcome parse_outcome(const Fields& outcome, Status fallback_status) {
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

void check_query(const Fields& read, std::string_view key, const std::string& query) {
  QueryParseError error;
  std::optional<EncodedQuery> parsed = parse_encoded_query(query, &error);
  if (!parsed)
    read.fail(key, fmt::format("is not an encoded query sncheck understands: {}", error.message));
  if (parsed->groups.empty()) read.fail(key, "selects every row; name the rows the check needs");
  for (const std::string& field : query_fields(*parsed)) check_field_name(read, key, field);
}

ReadKey parse_key(const Fields& key) {
  key.allow_only({"read", "field", "column"});
  ReadKey out;
  out.read = key.string("read");
  out.field = key.string("field");
  check_field_name(key, "field", out.field);
  out.column = key.string("column");
  check_field_name(key, "column", out.column);
  return out;
}

ReadSpec parse_read(const Fields& read, const std::string& name) {
  read.allow_only({"table", "query", "fields", "narrow", "fallback_for", "keyed_on"});
  ReadSpec out;
  out.name = name;
  out.table = read.string("table");
  if (!is_name(out.table, kTableName)) read.fail("table", "is not a table name");
  out.query = read.string("query");
  check_query(read, "query", out.query);
  out.fields = read.strings("fields");
  for (const std::string& field : out.fields) check_field_name(read, "fields", field);
  out.narrow = read.string_map("narrow");
  for (const auto& [param, clause] : out.narrow) {
    if (!is_name(param, kParamName)) read.fail("narrow", "keys are parameter names");
    if (clause.find("{" + param + "}") == std::string::npos) {
      read.fail("narrow", fmt::format("the clause for '{}' must use {{{}}}", param, param));
    }
    std::string sample = clause;
    for (std::size_t at = sample.find("{" + param + "}"); at != std::string::npos;
         at = sample.find("{" + param + "}", at)) {
      sample.replace(at, param.size() + 2, "x");
    }
    QueryParseError error;
    std::optional<EncodedQuery> parsed = parse_encoded_query(sample, &error);
    if (!parsed) {
      read.fail("narrow", fmt::format("the clause for '{}' is not an encoded query sncheck "
                                      "understands: {}",
                                      param, error.message));
    }
    for (const std::string& field : query_fields(*parsed)) check_field_name(read, "narrow", field);
  }
  if (read.has("fallback_for")) out.fallback_for = read.string("fallback_for");
  if (read.has("keyed_on")) out.keyed_on = parse_key(read.object("keyed_on"));
  if (read.has("fallback_for") && read.has("keyed_on")) {
    read.fail("keyed_on", "a read is either a fallback or keyed, not both");
  }
  return out;
}

// Fallbacks and keys refer to a first-wave read of the same check; chains would need a third
// wave.
void check_first_wave_reference(const Fields& read, const std::string& key, const ReadSpec& spec,
                                const std::string& target, const std::vector<ReadSpec>& specs) {
  auto found = std::find_if(specs.begin(), specs.end(),
                            [&](const ReadSpec& other) { return other.name == target; });
  if (found == specs.end() || found->name == spec.name) {
    read.fail(key, fmt::format("names '{}', which is not another read of this check", target));
  }
  if (found->second_wave()) {
    read.fail(key, fmt::format("names '{}', which is itself read in the second wave; name a "
                               "first-wave read",
                               target));
  }
}

void check_second_wave_reads(const Fields& reads, const std::vector<ReadSpec>& specs) {
  for (const ReadSpec& spec : specs) {
    Fields read = reads.object(spec.name);
    if (!spec.fallback_for.empty()) {
      check_first_wave_reference(read, "fallback_for", spec, spec.fallback_for, specs);
    }
    if (spec.keyed_on) {
      check_first_wave_reference(read.object("keyed_on"), "read", spec, spec.keyed_on->read, specs);
    }
  }
}

std::vector<ReadSpec> parse_reads(const Fields& check) {
  Fields reads = check.object("reads");
  std::vector<ReadSpec> out;
  for (auto it = reads.json().MemberBegin(); it != reads.json().MemberEnd(); ++it) {
    std::string name = it->name.GetString();
    out.push_back(parse_read(reads.object(name), name));
  }
  if (out.empty()) check.fail("reads", "must declare at least one read");
  check_second_wave_reads(reads, out);
  return out;
}

Condition parse_condition(const Fields& condition) {
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
  if (out.for_each && condition.has("match"))
    condition.fail("match", "does not apply with for_each");
  out.when_empty = parse_outcome(condition.object("when_empty"), Status::Fail);
  out.pass_message = condition.string("pass_message");
  check_template(condition, "subject", out.subject);
  check_template(condition, "not_applicable", out.not_applicable);
  check_template(condition, "pass_message", out.pass_message);
  return out;
}

EvaluatorSpec parse_evaluator(const Fields& evaluator) {
  evaluator.allow_only({"name", "params"});
  EvaluatorSpec out;
  out.name = evaluator.string("name");
  out.params = evaluator.string_map("params");
  return out;
}

void check_templates_use_declared_fields(const CheckDefinition& check, const Fields& root) {
  if (!check.condition) return;
  const Outcome& when_empty = check.condition->when_empty;
  for (const auto& [key, text] :
       {std::pair{"condition.when_empty.message", &when_empty.message},
        std::pair{"condition.when_empty.remediation", &when_empty.remediation}}) {
    for (const std::string& field : template_fields(*text)) {
      root.fail(key, fmt::format("'{{{}}}' names a row field, but no row exists when nothing "
                                 "matches",
                                 field));
    }
  }
}

CheckDefinition parse_definition(const Fields& root) {
  root.allow_only({"id", "title", "severity", "suite", "tags", "chain_step", "rationale", "reads",
                   "condition", "evaluator", "failure_status", "remediation", "references",
                   "prerequisites", "requires_params", "$comment"});
  CheckDefinition check;
  check.id = root.string("id");
  if (!is_name(check.id, kCheckId)) {
    root.fail("id", "must be dotted lower-case words, e.g. oauth.plugin.oauth2");
  }
  check.title = root.string("title");
  std::optional<Severity> severity = parse_severity(root.string("severity"));
  if (!severity) root.fail("severity", "must be one of info, low, medium, high, critical");
  check.severity = *severity;
  check.suite = root.string("suite");
  check.tags = root.strings("tags");
  check.chain_step = root.integer("chain_step", 1000);
  check.rationale = root.string("rationale");
  check.reads = parse_reads(root);
  bool has_condition = root.has("condition");
  if (has_condition == root.has("evaluator")) {
    root.fail("condition", "give exactly one of condition and evaluator");
  }
  if (has_condition) check.condition = parse_condition(root.object("condition"));
  if (!has_condition) check.evaluator = parse_evaluator(root.object("evaluator"));
  std::string failure = root.has("failure_status") ? root.string("failure_status") : "fail";
  if (failure != "fail" && failure != "warn") root.fail("failure_status", "must be fail or warn");
  check.failure_status = failure == "warn" ? Status::Warn : Status::Fail;
  check.remediation = root.string("remediation");
  check_template(root, "remediation", check.remediation);
  check.references = root.strings("references", true);
  check.prerequisites = root.strings("prerequisites");
  check.requires_params = root.strings("requires_params");
  for (const std::string& param : check.requires_params) {
    if (!is_name(param, kParamName)) root.fail("requires_params", "keys are parameter names");
  }
  check_templates_use_declared_fields(check, root);
  return check;
}

std::string position(std::string_view text, std::size_t offset) {
  std::size_t line = 1;
  std::size_t column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return fmt::format("{}:{}", line, column);
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw CheckLoadError(fmt::format("{}: cannot be read", path.string()));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::vector<std::filesystem::path> json_files(const std::string& dir) {
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) {
    throw CheckLoadError(fmt::format("{}: --checks-dir is not a readable directory", dir));
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json")
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

bool is_secret_field(std::string_view field) {
  std::size_t dot = field.rfind('.');
  std::string_view last = dot == std::string_view::npos ? field : field.substr(dot + 1);
  static const std::set<std::string_view> kSecrets = {
      "client_secret", "password",    "user_password", "token",      "access_token",
      "refresh_token", "private_key", "secret",        "shared_key", "password2"};
  return kSecrets.count(last) != 0;
}

CheckDefinition parse_check(std::string_view json_text, const std::string& origin) {
  rapidjson::Document document;
  std::string text(json_text);
  // Iterative: the recursive parser overflows the stack on deeply nested input (see
  // response_parser.cpp); a check file must give a CheckLoadError, never a crash.
  document.Parse<rapidjson::kParseValidateEncodingFlag | rapidjson::kParseIterativeFlag>(
      text.c_str(), text.size());
  if (document.HasParseError()) {
    throw CheckLoadError(fmt::format("{}:{}: {}", origin, position(text, document.GetErrorOffset()),
                                     rapidjson::GetParseError_En(document.GetParseError())));
  }
  if (!document.IsObject()) throw CheckLoadError(fmt::format("{}: must be a JSON object", origin));
  CheckDefinition check = parse_definition(Fields(document, "", origin));
  check.origin = origin;
  return check;
}

CheckCatalog CheckCatalog::load(const EvaluatorRegistry& evaluators,
                                const std::vector<std::string>& user_dirs) {
  CheckCatalog catalog;
  catalog.evaluators_ = &evaluators;
  for (const EmbeddedFile& file : builtin_check_files()) {
    catalog.add(parse_check(file.contents, fmt::format("built-in checks/{}", file.name)));
  }
  for (const std::string& dir : user_dirs) {
    for (const auto& path : json_files(dir)) {
      catalog.add(parse_check(read_file(path), path.string()));
    }
  }
  catalog.validate_links();
  return catalog;
}

void CheckCatalog::add(CheckDefinition check) {
  if (const CheckDefinition* existing = find(check.id)) {
    throw CheckLoadError(fmt::format("{}: id: '{}' is already defined by {}", check.origin,
                                     check.id, existing->origin));
  }
  const Evaluator* evaluator = &condition_evaluator();
  if (check.evaluator) {
    evaluator = evaluators_->find(check.evaluator->name);
    if (evaluator == nullptr) {
      throw CheckLoadError(fmt::format("{}: evaluator.name: '{}' is not one of: {}", check.origin,
                                       check.evaluator->name,
                                       fmt::join(evaluators_->names(), ", ")));
    }
  }
  if (std::string problem = evaluator->validate(check); !problem.empty()) {
    throw CheckLoadError(fmt::format("{}: {}", check.origin, problem));
  }
  checks_.push_back(std::move(check));
}

void CheckCatalog::validate_links() const {
  for (const CheckDefinition& check : checks_) {
    for (const std::string& prerequisite : check.prerequisites) {
      if (find(prerequisite) == nullptr) {
        throw CheckLoadError(
            fmt::format("{}: prerequisites: unknown check '{}'", check.origin, prerequisite));
      }
      if (prerequisite == check.id) {
        throw CheckLoadError(
            fmt::format("{}: prerequisites: a check cannot require itself", check.origin));
      }
    }
  }
  // Prerequisites must point to earlier chain steps, which also rules out cycles.
  for (const CheckDefinition& check : checks_) {
    for (const std::string& prerequisite : check.prerequisites) {
      if (find(prerequisite)->chain_step >= check.chain_step) {
        throw CheckLoadError(
            fmt::format("{}: prerequisites: '{}' must have a smaller chain_step than this check",
                        check.origin, prerequisite));
      }
    }
  }
}

const CheckDefinition* CheckCatalog::find(std::string_view id) const {
  for (const CheckDefinition& check : checks_) {
    if (check.id == id) return &check;
  }
  return nullptr;
}

const Evaluator& CheckCatalog::evaluator_for(const CheckDefinition& check) const {
  if (!check.evaluator) return condition_evaluator();
  return *evaluators_->find(check.evaluator->name);
}

}  // namespace sncheck
