// SPDX-License-Identifier: Apache-2.0
#include "core/json_cursor.h"

#include <rapidjson/error/en.h>

#include <algorithm>
#include <set>
#include <stdexcept>

#include <fmt/format.h>

namespace sncheck {
namespace {

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

[[noreturn]] void call(const JsonFailure& fail, const std::string& message) {
  fail(message);
  throw std::logic_error("JsonFailure returned: " + message);
}

// Iterative, like the parser: a deeply nested value must not overflow the stack here either.
std::optional<std::string> first_duplicate(const rapidjson::Value& root) {
  struct Item {
    const rapidjson::Value* value;
    std::string path;
  };
  std::vector<Item> stack{{&root, ""}};
  while (!stack.empty()) {
    Item item = std::move(stack.back());
    stack.pop_back();
    const rapidjson::Value& value = *item.value;
    if (value.IsObject()) {
      std::set<std::string_view> seen;
      for (auto it = value.MemberBegin(); it != value.MemberEnd(); ++it) {
        std::string_view name(it->name.GetString(), it->name.GetStringLength());
        std::string path =
            item.path.empty() ? std::string(name) : item.path + "." + std::string(name);
        if (!seen.insert(name).second) return path;
        if (it->value.IsObject() || it->value.IsArray()) stack.push_back({&it->value, path});
      }
    } else if (value.IsArray()) {
      for (rapidjson::SizeType i = 0; i < value.Size(); ++i) {
        if (value[i].IsObject() || value[i].IsArray()) {
          stack.push_back({&value[i], fmt::format("{}[{}]", item.path, i)});
        }
      }
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> duplicate_key(const rapidjson::Value& value) {
  return first_duplicate(value);
}

void parse_json_document(rapidjson::Document& document, std::string_view text,
                         const std::string& origin, const JsonFailure& fail) {
  document.Parse<rapidjson::kParseValidateEncodingFlag | rapidjson::kParseIterativeFlag>(
      text.data(), text.size());
  if (document.HasParseError()) {
    call(fail, fmt::format("{}:{}: {}", origin, position(text, document.GetErrorOffset()),
                           rapidjson::GetParseError_En(document.GetParseError())));
  }
  if (std::optional<std::string> path = duplicate_key(document)) {
    call(fail, fmt::format("{}: {}: the key appears twice in one object", origin, *path));
  }
}

JsonFields::JsonFields(const rapidjson::Value& object, std::string path, std::string origin,
                       JsonFailure fail)
    : object_(object), path_(std::move(path)), origin_(std::move(origin)), fail_(std::move(fail)) {}

void JsonFields::fail(std::string_view field, std::string_view problem) const {
  call(fail_, fmt::format("{}: {}: {}", origin_, qualified(field), problem));
}

std::string JsonFields::qualified(std::string_view field) const {
  return path_.empty() ? std::string(field) : fmt::format("{}.{}", path_, field);
}

void JsonFields::allow_only(std::initializer_list<std::string_view> names) const {
  for (auto it = object_.MemberBegin(); it != object_.MemberEnd(); ++it) {
    std::string_view name(it->name.GetString(), it->name.GetStringLength());
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      fail(name, "unknown field (a typo?)");
    }
  }
}

const rapidjson::Value* JsonFields::find(std::string_view field) const {
  auto it = object_.FindMember(rapidjson::StringRef(field.data(), field.size()));
  return it == object_.MemberEnd() ? nullptr : &it->value;
}

std::string JsonFields::string(std::string_view field, bool required) const {
  const rapidjson::Value* value = find(field);
  if (value == nullptr) {
    if (required) fail(field, "is required");
    return {};
  }
  if (!value->IsString()) fail(field, "must be a string");
  std::string text(value->GetString(), value->GetStringLength());
  if (required && text.empty()) fail(field, "must not be empty");
  return text;
}

bool JsonFields::boolean(std::string_view field, bool fallback) const {
  const rapidjson::Value* value = find(field);
  if (value == nullptr) return fallback;
  if (!value->IsBool()) fail(field, "must be true or false");
  return value->GetBool();
}

int JsonFields::integer(std::string_view field, int fallback) const {
  const rapidjson::Value* value = find(field);
  if (value == nullptr) return fallback;
  if (!value->IsInt()) fail(field, "must be a whole number");
  return value->GetInt();
}

std::vector<std::string> JsonFields::strings(std::string_view field, bool required) const {
  const rapidjson::Value* value = find(field);
  if (value == nullptr) {
    if (required) fail(field, "is required");
    return {};
  }
  if (!value->IsArray()) fail(field, "must be an array of strings");
  std::vector<std::string> out;
  for (const rapidjson::Value& item : value->GetArray()) {
    if (!item.IsString() || item.GetStringLength() == 0) {
      fail(field, "must be an array of non-empty strings");
    }
    out.emplace_back(item.GetString(), item.GetStringLength());
  }
  if (required && out.empty()) fail(field, "must not be empty");
  return out;
}

std::map<std::string, std::string> JsonFields::string_map(std::string_view field) const {
  const rapidjson::Value* value = find(field);
  std::map<std::string, std::string> out;
  if (value == nullptr) return out;
  if (!value->IsObject()) fail(field, "must be an object of strings");
  for (auto it = value->MemberBegin(); it != value->MemberEnd(); ++it) {
    if (!it->value.IsString()) fail(field, "must be an object of strings");
    out.emplace(std::string(it->name.GetString(), it->name.GetStringLength()),
                std::string(it->value.GetString(), it->value.GetStringLength()));
  }
  return out;
}

JsonFields JsonFields::object(std::string_view field) const {
  const rapidjson::Value* value = find(field);
  if (value == nullptr) fail(field, "is required");
  if (!value->IsObject()) fail(field, "must be an object");
  return JsonFields(*value, qualified(field), origin_, fail_);
}

std::vector<std::pair<std::string, JsonFields>> JsonFields::objects() const {
  std::vector<std::pair<std::string, JsonFields>> out;
  for (auto it = object_.MemberBegin(); it != object_.MemberEnd(); ++it) {
    std::string name(it->name.GetString(), it->name.GetStringLength());
    out.emplace_back(name, object(name));
  }
  return out;
}

}  // namespace sncheck
