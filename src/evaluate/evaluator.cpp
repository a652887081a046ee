#include "evaluate/evaluator.h"

#include <curl/curl.h>

#include <stdexcept>

#include <fmt/format.h>

namespace sncheck {

const std::string* RunParams::find(std::string_view name) const {
  auto it = values.find(std::string(name));
  return it == values.end() ? nullptr : &it->second;
}

const ReadInput& CheckInputs::read(std::string_view name) const {
  auto it = reads.find(name);
  if (it == reads.end()) {
    throw std::logic_error(fmt::format("check {} has no read named '{}'", check->id, name));
  }
  return it->second;
}

std::string CheckInputs::record_link(const std::string& table, const std::string& sys_id) const {
  if (sys_id.empty()) return {};
  return fmt::format("{}/{}.do?sys_id={}", params->instance_url, table, sys_id);
}

namespace {
std::string url_escape(const std::string& text) {
  char* escaped = curl_easy_escape(nullptr, text.c_str(), static_cast<int>(text.size()));
  if (escaped == nullptr) throw std::bad_alloc();
  std::string out(escaped);
  curl_free(escaped);
  return out;
}
}  // namespace

std::string CheckInputs::list_link(const std::string& table, const std::string& query) const {
  return fmt::format("{}/{}_list.do?sysparm_query={}", params->instance_url, table,
                     url_escape(query));
}

void EvaluatorRegistry::add(std::string name, Factory factory) {
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

Result make_result(const CheckInputs& inputs, Status status, std::string message) {
  Result result;
  result.check = inputs.check;
  result.status = status;
  result.message = std::move(message);
  return result;
}

Result read_error_result(const CheckInputs& inputs, const ReadInput& read) {
  Result result = make_result(inputs, Status::Error, read.error->message);
  result.remediation = read.error->remedy;
  Evidence evidence;
  evidence.table = read.spec->table;
  evidence.note =
      fmt::format("read failed ({}): {}", to_string(read.error->kind), read.effective_query);
  result.evidence.push_back(std::move(evidence));
  return result;
}

namespace {

std::string placeholder_value(std::string_view name, const CheckInputs& inputs,
                              const ReadInput* read, const Record* row) {
  if (name == "instance") return inputs.params->instance_url;
  if (name.substr(0, 6) == "param.") {
    const std::string* value = inputs.params->find(name.substr(6));
    return value ? *value : std::string();
  }
  if (name == "link" && row != nullptr && read != nullptr) {
    return inputs.record_link(read->spec->table, field_or_empty(*row, "sys_id"));
  }
  if (name == "list_link" && read != nullptr) {
    return inputs.list_link(read->spec->table, read->effective_query);
  }
  if (row != nullptr) return field_or_empty(*row, name);
  return {};
}

bool is_row_placeholder(std::string_view name) {
  return name != "instance" && name != "link" && name != "list_link" &&
         name.substr(0, 6) != "param.";
}

template <typename Visit>
void for_each_placeholder(std::string_view text, Visit visit) {
  std::size_t pos = 0;
  while (true) {
    std::size_t open = text.find('{', pos);
    if (open == std::string_view::npos) return;
    std::size_t close = text.find('}', open);
    if (close == std::string_view::npos) return;
    visit(text.substr(open + 1, close - open - 1));
    pos = close + 1;
  }
}

}  // namespace

std::vector<std::string> template_fields(std::string_view text) {
  std::vector<std::string> fields;
  for_each_placeholder(text, [&](std::string_view name) {
    if (is_row_placeholder(name)) fields.emplace_back(name);
  });
  return fields;
}

std::string expand(std::string_view text, const CheckInputs& inputs, const ReadInput* read,
                   const Record* row) {
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t open = text.find('{', pos);
    std::size_t close = open == std::string_view::npos ? open : text.find('}', open);
    if (close == std::string_view::npos) {
      out.append(text.substr(pos));
      break;
    }
    out.append(text.substr(pos, open - pos));
    out.append(placeholder_value(text.substr(open + 1, close - open - 1), inputs, read, row));
    pos = close + 1;
  }
  return out;
}

}  // namespace sncheck
