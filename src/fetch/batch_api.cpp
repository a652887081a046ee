// SPDX-License-Identifier: Apache-2.0
#include "fetch/batch_api.h"

#include <curl/curl.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <set>

#include <fmt/format.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "core/strings.h"

namespace sncheck {
namespace {

// Iterative and validating, as for Table API pages (response_parser.cpp).
constexpr unsigned kParseFlags =
    rapidjson::kParseValidateEncodingFlag | rapidjson::kParseIterativeFlag;

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

void write_string(JsonWriter& writer, std::string_view text) {
  writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

bool has_repeated_member(const rapidjson::Value& object) {
  for (auto later = object.MemberBegin(); later != object.MemberEnd(); ++later) {
    for (auto earlier = object.MemberBegin(); earlier != later; ++earlier) {
      if (earlier->name == later->name) return true;
    }
  }
  return false;
}

std::string text_of(const rapidjson::Value& value) {
  return std::string(value.GetString(), value.GetStringLength());
}

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Retry-After as seconds from now: a number of seconds, or an HTTP date.
long retry_after(const std::string& value) {
  std::string_view text = trim(value);
  if (text.empty()) return 0;
  if (text.find_first_not_of("0123456789") == std::string_view::npos) {
    return text.size() > 9 ? 999999999L : std::stol(std::string(text));
  }
  time_t when = curl_getdate(std::string(text).c_str(), nullptr);
  if (when < 0) return 0;
  return std::max(0L, static_cast<long>(when - std::time(nullptr)));
}

// One serviced_requests item, or why it is not one.
std::optional<std::string> read_item(const rapidjson::Value& json, BatchItemAnswer& item) {
  if (!json.IsObject()) return "a serviced_requests item is not an object";
  if (has_repeated_member(json)) return "a serviced_requests item has a member twice";
  auto id = json.FindMember("id");
  if (id == json.MemberEnd() || !id->value.IsString()) return "an item has no string id";
  item.id = text_of(id->value);
  auto status = json.FindMember("status_code");
  if (status == json.MemberEnd() || !status->value.IsInt() || status->value.GetInt() < 100 ||
      status->value.GetInt() > 599) {
    return fmt::format("item {} has no HTTP status_code", item.id);
  }
  item.answer.status = status->value.GetInt();
  auto headers = json.FindMember("headers");
  if (headers != json.MemberEnd()) {
    if (!headers->value.IsArray()) return fmt::format("item {}: headers is not a list", item.id);
    for (const rapidjson::Value& header : headers->value.GetArray()) {
      // MemberEnd() of a value that is not an object is undefined (RapidJSON asserts): test first.
      std::string not_a_header = fmt::format("item {}: a header is not {{name, value}}", item.id);
      if (!header.IsObject() || has_repeated_member(header)) return not_a_header;
      auto name = header.FindMember("name");
      auto value = header.FindMember("value");
      if (name == header.MemberEnd() || value == header.MemberEnd() || !name->value.IsString() ||
          !value->value.IsString()) {
        return not_a_header;
      }
      item.answer.headers.emplace(lower(trim(text_of(name->value))),
                                  std::string(trim(text_of(value->value))));
    }
  }
  auto body = json.FindMember("body");
  if (body != json.MemberEnd() && !body->value.IsNull()) {
    if (!body->value.IsString()) return fmt::format("item {}: body is not a string", item.id);
    std::optional<std::string> decoded = base64_decode(text_of(body->value));
    if (!decoded) return fmt::format("item {}: body is not Base64", item.id);
    item.answer.body = std::move(*decoded);
  }
  auto redirect = json.FindMember("redirect_url");
  if (redirect != json.MemberEnd() && redirect->value.IsString() &&
      item.answer.headers.count("location") == 0) {
    item.answer.headers.emplace("location", text_of(redirect->value));
  }
  auto execution = json.FindMember("execution_time");
  if (execution != json.MemberEnd() && execution->value.IsNumber()) {
    item.execution_ms = execution->value.GetDouble();
  }
  item.answer.retry_after_seconds = retry_after(item.answer.header("retry-after"));
  item.answer.via = "batch item";
  item.answer.milliseconds = item.execution_ms;
  return std::nullopt;
}

BatchAnswer unusable(std::string problem) {
  BatchAnswer answer;
  answer.problem = std::move(problem);
  return answer;
}

}  // namespace

std::string batch_request_body(const std::string& batch_id,
                               const std::vector<BatchItemRequest>& items) {
  rapidjson::StringBuffer buffer;
  JsonWriter writer(buffer);
  writer.StartObject();
  writer.Key("batch_request_id");
  write_string(writer, batch_id);
  writer.Key("rest_requests");
  writer.StartArray();
  for (const BatchItemRequest& item : items) {
    writer.StartObject();
    writer.Key("id");
    write_string(writer, item.id);
    writer.Key("method");
    writer.String("GET");  // every item: a read, never anything else
    writer.Key("url");
    write_string(writer, item.url);
    writer.Key("headers");
    writer.StartArray();
    writer.StartObject();
    writer.Key("name");
    writer.String("Accept");
    writer.Key("value");
    writer.String("application/json");
    writer.EndObject();
    writer.EndArray();
    writer.Key("exclude_response_headers");
    writer.Bool(false);
    writer.EndObject();
  }
  writer.EndArray();
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string relative_url(const std::string& url) {
  std::size_t scheme = url.find("://");
  std::size_t path = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  return path == std::string::npos ? std::string() : url.substr(path);
}

BatchAnswer parse_batch_answer(std::string_view body, const std::vector<std::string>& asked_ids) {
  rapidjson::Document json;
  json.Parse<kParseFlags>(body.data(), body.size());
  if (json.HasParseError()) return unusable("the answer is not JSON");
  if (!json.IsObject()) return unusable("the answer is not a JSON object");
  if (has_repeated_member(json)) return unusable("the answer has a member twice");
  auto serviced = json.FindMember("serviced_requests");
  if (serviced == json.MemberEnd() || !serviced->value.IsArray()) {
    return unusable("the answer has no serviced_requests list");
  }
  std::set<std::string> asked(asked_ids.begin(), asked_ids.end());
  std::set<std::string> answered;
  BatchAnswer answer;
  for (const rapidjson::Value& value : serviced->value.GetArray()) {
    BatchItemAnswer item;
    if (std::optional<std::string> problem = read_item(value, item)) return unusable(*problem);
    if (asked.count(item.id) == 0)
      return unusable(fmt::format("an answer for id {} not asked", item.id));
    if (!answered.insert(item.id).second) {
      return unusable(fmt::format("item {} is answered twice", item.id));
    }
    answer.serviced.push_back(std::move(item));
  }
  auto unserviced = json.FindMember("unserviced_requests");
  if (unserviced != json.MemberEnd() && !unserviced->value.IsNull()) {
    if (!unserviced->value.IsArray()) return unusable("unserviced_requests is not a list");
    for (const rapidjson::Value& id : unserviced->value.GetArray()) {
      if (!id.IsString()) return unusable("unserviced_requests holds a non-string id");
      std::string text = text_of(id);
      if (asked.count(text) == 0) return unusable(fmt::format("unserviced id {} not asked", text));
      if (!answered.insert(text).second) {
        return unusable(fmt::format("item {} is both answered and unserviced", text));
      }
      answer.unserviced.push_back(std::move(text));
    }
  }
  for (const std::string& id : asked_ids) {
    if (answered.count(id) == 0) answer.unserviced.push_back(id);
  }
  return answer;
}

std::optional<std::string> base64_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size() / 4 * 3);
  unsigned buffer = 0;
  int bits = 0;
  std::size_t symbols = 0;
  std::size_t padding = 0;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == ' ' || c == '\t') continue;
    if (c == '=') {
      ++padding;
      continue;
    }
    int value = base64_value(c);
    if (value < 0 || padding > 0) return std::nullopt;  // a symbol after '=' is not Base64
    buffer = (buffer << 6) | static_cast<unsigned>(value);
    bits += 6;
    ++symbols;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xffu));
    }
  }
  // A lone symbol in the last group carries no whole byte; padding never exceeds the group.
  if (symbols % 4 == 1 || padding > 2 || (padding > 0 && (symbols + padding) % 4 != 0)) {
    return std::nullopt;
  }
  return out;
}

}  // namespace sncheck
