// SPDX-License-Identifier: Apache-2.0
#include "model/suite.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/json_cursor.h"
#include "core/strings.h"
#include "model/check_loader.h"
#include "model/evaluator.h"
#include "query/encoded_query.h"

namespace sncheck {
namespace {

[[noreturn]] void load_error(const std::string& message) { throw CheckLoadError(message); }

std::vector<std::string> template_list(const JsonFields& object, std::string_view field) {
  const rapidjson::Value* value = object.find(field);
  if (value != nullptr && value->IsString()) return {object.string(field)};
  return object.strings(field, true);
}

DriftItem parse_drift_item(const JsonFields& item) {
  item.allow_only({"kind", "table", "query", "fields", "require", "key", "attributes"});
  DriftItem out;
  out.kind = item.string("kind");
  out.table = item.string("table");
  out.query = item.string("query", false);
  if (!out.query.empty() && !parse_encoded_query(out.query)) {
    item.fail("query", "is not an encoded query sncheck understands");
  }
  out.require = item.string("require", false);
  out.fields = item.strings("fields");
  out.key = template_list(item, "key");
  JsonFields attributes = item.object("attributes");
  for (auto it = attributes.json().MemberBegin(); it != attributes.json().MemberEnd(); ++it) {
    std::string name(it->name.GetString(), it->name.GetStringLength());
    out.attributes.emplace_back(name, template_list(attributes, name));
  }
  return out;
}

RootCauseWording parse_wording(const JsonFields& wording) {
  wording.allow_only({"tag", "text"});
  return RootCauseWording{wording.string("tag", false), wording.string("text")};
}

ChainDiagram parse_chain(const JsonFields& chain) {
  chain.allow_only({"title", "tag"});
  return ChainDiagram{chain.string("title"), chain.string("tag")};
}

template <typename Parse>
auto parse_array(const JsonFields& parent, std::string_view key, Parse parse) {
  std::vector<decltype(parse(parent))> out;
  const rapidjson::Value* value = parent.find(key);
  if (value == nullptr) return out;
  if (!value->IsArray()) parent.fail(key, "must be an array of objects");
  for (rapidjson::SizeType i = 0; i < value->Size(); ++i) {
    if (!(*value)[i].IsObject()) parent.fail(fmt::format("{}[{}]", key, i), "must be an object");
    out.push_back(parse(JsonFields((*value)[i], fmt::format("{}[{}]", parent.qualified(key), i),
                                   parent.origin(), load_error)));
  }
  return out;
}

}  // namespace

bool expand_fields(std::string_view text,
                   const std::function<const std::string*(std::string_view)>& lookup,
                   std::string& out) {
  std::optional<std::string> expanded =
      substitute_braces(text, [&lookup](std::string_view name) -> std::optional<std::string> {
        const std::string* value = lookup(name);
        if (value == nullptr || value->empty()) return std::nullopt;
        return *value;
      });
  out = expanded.value_or(std::string());
  return expanded.has_value();
}

std::vector<TableRead> SuiteDescriptor::drift_reads() const {
  // In the order the items first name each (table, query).
  std::vector<std::pair<std::string, std::string>> order;
  std::map<std::pair<std::string, std::string>, std::set<std::string>> fields;
  for (const DriftItem& item : drift) {
    std::pair<std::string, std::string> where{item.table, item.query};
    if (fields.count(where) == 0) order.push_back(where);
    std::set<std::string>& wanted = fields[where];
    if (!item.require.empty()) wanted.insert(item.require);
    wanted.insert(item.fields.begin(), item.fields.end());
    auto add = [&wanted](const std::vector<std::string>& templates) {
      for (const std::string& text : templates) {
        for (std::string& field : template_fields(text)) wanted.insert(std::move(field));
      }
    };
    add(item.key);
    for (const auto& attribute : item.attributes) add(attribute.second);
  }
  std::vector<TableRead> reads;
  for (const auto& where : order) {
    const std::set<std::string>& names = fields[where];
    reads.push_back(TableRead{where.first, where.second, {names.begin(), names.end()}});
  }
  return reads;
}

SuiteDescriptor parse_suite(std::string_view json_text, const std::string& origin) {
  rapidjson::Document document;
  parse_json_document(document, json_text, origin, load_error);
  if (!document.IsObject()) load_error(fmt::format("{}: must be a JSON object", origin));
  JsonFields root(document, "", origin, load_error);
  root.allow_only({"suite", "title", "summary", "examples", "subject", "root_cause", "chains",
                   "drift", "$comment"});
  SuiteDescriptor suite;
  suite.origin = origin;
  suite.name = root.string("suite");
  if (suite.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") != std::string::npos) {
    root.fail("suite", "must be a lower-case word (it becomes a subcommand)");
  }
  suite.title = root.string("title");
  suite.summary = root.string("summary");
  suite.examples = root.strings("examples");
  if (root.has("subject")) {
    JsonFields subject = root.object("subject");
    subject.allow_only({"param", "with", "without"});
    suite.subject = ChainSubject{subject.string("param", false), subject.string("with", false),
                                 subject.string("without")};
  }
  suite.root_cause = parse_array(root, "root_cause", parse_wording);
  if (suite.root_cause.empty() || !suite.root_cause.back().tag.empty()) {
    root.fail("root_cause", "must end with a wording without a tag (the default)");
  }
  suite.chains = parse_array(root, "chains", parse_chain);
  suite.drift = parse_array(root, "drift", parse_drift_item);
  return suite;
}

}  // namespace sncheck
