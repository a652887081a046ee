// SPDX-License-Identifier: Apache-2.0
#include "model/evaluator.h"

#include <stdexcept>

#include <fmt/format.h>

#include "core/url.h"

namespace sncheck {

const ReadInput& CheckInputs::read(std::string_view name) const {
  auto it = reads.find(name);
  if (it == reads.end()) {
    throw std::logic_error(fmt::format("check {} has no read named '{}'", check->id, name));
  }
  return it->second;
}

std::string CheckInputs::record_link(const std::string& table, const std::string& sys_id) const {
  return sncheck::record_link(params->instance_url, table, sys_id);
}

std::string CheckInputs::list_link(const std::string& table, const std::string& query) const {
  return sncheck::list_link(params->instance_url, table, query);
}

std::string CheckInputs::new_record_link(const std::string& table, const std::string& query) const {
  return sncheck::new_record_link(params->instance_url, table, query);
}

const std::string& CheckInputs::evaluator_param(std::string_view name) const {
  static const std::string kNone;
  if (check == nullptr || !check->evaluator) return kNone;
  auto it = check->evaluator->params.find(std::string(name));
  return it == check->evaluator->params.end() ? kNone : it->second;
}

std::vector<ReadSpec> Evaluator::reads(const std::map<std::string, std::string>&) const {
  return {};
}

std::vector<SchemaColumn> Evaluator::columns(const std::map<std::string, std::string>&) const {
  return {};
}

std::string Evaluator::validate(const CheckDefinition&) const { return {}; }

void EvaluatorRegistry::add(std::string name, const Factory& factory) {
  if (evaluators_.count(name) != 0) {
    throw std::logic_error(fmt::format("evaluator '{}' registered twice", name));
  }
  evaluators_.emplace(std::move(name), factory());
}

const Evaluator* EvaluatorRegistry::find(std::string_view name) const {
  auto it = evaluators_.find(name);
  return it == evaluators_.end() ? nullptr : it->second.get();
}

std::vector<std::string> EvaluatorRegistry::names() const {
  std::vector<std::string> out;
  for (const auto& entry : evaluators_) out.push_back(entry.first);
  return out;
}

namespace {

bool is_row_placeholder(std::string_view name) {
  return name != "instance" && name != "link" && name != "list_link" &&
         name.substr(0, 6) != "param.";
}

}  // namespace

std::vector<std::string> template_fields(std::string_view text) {
  std::vector<std::string> fields;
  std::size_t pos = 0;
  while (true) {
    std::size_t open = text.find('{', pos);
    if (open == std::string_view::npos) break;
    std::size_t close = text.find('}', open);
    if (close == std::string_view::npos) break;
    std::string_view name = text.substr(open + 1, close - open - 1);
    if (is_row_placeholder(name)) fields.emplace_back(name);
    pos = close + 1;
  }
  return fields;
}

}  // namespace sncheck
