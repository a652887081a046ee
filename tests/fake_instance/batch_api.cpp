// SPDX-License-Identifier: Apache-2.0
#include "batch_api.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cctype>
#include <map>

#include "base64.h"

namespace sncheck::fake {
namespace {

using Clock = std::chrono::steady_clock;
using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

Answer bad_batch(const std::string& detail) {
  return error_answer(400, "Invalid batch request", detail);
}

std::string string_member(const rapidjson::Value& object, const char* name) {
  auto member = object.FindMember(name);
  if (member == object.MemberEnd() || !member->value.IsString()) return {};
  return std::string(member->value.GetString(), member->value.GetStringLength());
}

std::optional<std::string> read_item(const rapidjson::Value& json, BatchItem& item) {
  if (!json.IsObject()) return "a rest_requests item is not an object";
  for (const char* required : {"id", "method", "url"}) {  // L101-135: required
    auto member = json.FindMember(required);
    if (member == json.MemberEnd() || !member->value.IsString()) {
      return std::string("a rest_requests item has no string ") + required;
    }
  }
  item.id = string_member(json, "id");
  item.method = string_member(json, "method");
  item.url = string_member(json, "url");
  item.body = base64_decode(string_member(json, "body"));
  auto exclude = json.FindMember("exclude_response_headers");
  if (exclude != json.MemberEnd() && exclude->value.IsBool()) {
    item.exclude_response_headers = exclude->value.GetBool();
  }
  auto headers = json.FindMember("headers");
  if (headers != json.MemberEnd() && headers->value.IsArray()) {
    for (const rapidjson::Value& header : headers->value.GetArray()) {
      if (header.IsObject()) {
        item.headers.emplace_back(string_member(header, "name"), string_member(header, "value"));
      }
    }
  }
  return std::nullopt;
}

void write_string(JsonWriter& writer, const std::string& text) {
  writer.String(text.c_str(), static_cast<rapidjson::SizeType>(text.size()));
}

std::string status_text(int status) {
  static const std::map<int, std::string> kTexts = {{200, "OK"},
                                                    {201, "Created"},
                                                    {302, "Found"},
                                                    {400, "Bad Request"},
                                                    {401, "Unauthorized"},
                                                    {403, "Forbidden"},
                                                    {404, "Not Found"},
                                                    {405, "Method Not Allowed"},
                                                    {429, "Too Many Requests"},
                                                    {500, "Internal Server Error"},
                                                    {502, "Bad Gateway"},
                                                    {503, "Service Unavailable"}};
  auto found = kTexts.find(status);
  return found == kTexts.end() ? std::string() : found->second;
}

void write_item(JsonWriter& writer, const BatchItem& item, const Answer& answer,
                long long execution_ms) {
  writer.StartObject();
  writer.Key("id");
  write_string(writer, item.id);
  writer.Key("body");
  write_string(writer, base64_encode(answer.body));
  writer.Key("status_code");
  writer.Int(answer.status);
  writer.Key("status_text");
  write_string(writer, status_text(answer.status));
  writer.Key("headers");
  writer.StartArray();
  if (!item.exclude_response_headers) {
    auto header = [&](const std::string& name, const std::string& value) {
      writer.StartObject();
      writer.Key("name");
      write_string(writer, name);
      writer.Key("value");
      write_string(writer, value);
      writer.EndObject();
    };
    header("Content-Type", answer.content_type);
    for (const auto& [name, value] : answer.headers) header(name, value);
  }
  writer.EndArray();
  for (const auto& [name, value] : answer.headers) {
    if (name == "Location") {  // "If present, the redirect URL" (L356-360)
      writer.Key("redirect_url");
      write_string(writer, value);
    }
  }
  writer.Key("execution_time");
  writer.Int64(execution_ms);
  writer.EndObject();
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
               hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// The per-item answer cap: the property, or the request header's value when it is lower (L36).
std::size_t output_cap(const BatchLimits& limits, const std::string& header) {
  if (header.empty() || header.find_first_not_of("0123456789") != std::string::npos ||
      header.size() > 15) {
    return limits.max_output_bytes;
  }
  std::size_t asked = static_cast<std::size_t>(std::stoull(header));
  return asked < limits.max_output_bytes ? asked : limits.max_output_bytes;
}

}  // namespace

bool is_batch_path(const std::string& path) {
  return path == "/api/now/v1/batch" || path == "/api/now/v2/batch";
}

ParsedBatch parse_batch_request(const std::string& content_type, const std::string& body) {
  ParsedBatch parsed;
  if (content_type.rfind("application/json", 0) != 0) {  // L217-221: only application/json
    parsed.refusal = bad_batch("Content-Type must be application/json");
    return parsed;
  }
  rapidjson::Document json;
  json.Parse(body.c_str(), body.size());
  if (json.HasParseError() || !json.IsObject()) {
    parsed.refusal = bad_batch("The request body is not a JSON object");
    return parsed;
  }
  auto requests = json.FindMember("rest_requests");
  if (requests == json.MemberEnd() || !requests->value.IsArray()) {
    parsed.refusal = bad_batch("rest_requests is required");
    return parsed;
  }
  BatchRequest batch;
  batch.batch_request_id = string_member(json, "batch_request_id");
  for (const rapidjson::Value& value : requests->value.GetArray()) {
    BatchItem item;
    if (std::optional<std::string> problem = read_item(value, item)) {
      parsed.refusal = bad_batch(*problem);
      return parsed;
    }
    batch.items.push_back(std::move(item));
  }
  parsed.request = std::move(batch);
  return parsed;
}

Answer answer_batch(const BatchRequest& batch, const BatchLimits& limits,
                    const std::string& max_output_header, const BatchItemServer& serve) {
  const std::size_t max_output = output_cap(limits, max_output_header);
  auto started = Clock::now();
  rapidjson::StringBuffer buffer;
  JsonWriter writer(buffer);
  writer.StartObject();
  writer.Key("batch_request_id");
  write_string(writer, batch.batch_request_id);
  writer.Key("serviced_requests");
  writer.StartArray();
  std::vector<std::string> unserviced;
  for (const BatchItem& item : batch.items) {
    // Once a limit is reached the transaction is cancelled: this item and the rest are returned
    // unprocessed (L40).
    bool over = !unserviced.empty() || Clock::now() - started >= limits.time_limit ||
                item.url.size() + item.body.size() > limits.max_input_bytes;
    if (over) {
      unserviced.push_back(item.id);
      continue;
    }
    auto item_started = Clock::now();
    Answer answer = serve(item);
    if (answer.body.size() > max_output) {
      unserviced.push_back(item.id);
      continue;
    }
    auto execution =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - item_started);
    write_item(writer, item, answer, static_cast<long long>(execution.count()));
  }
  writer.EndArray();
  writer.Key("unserviced_requests");
  writer.StartArray();
  for (const std::string& id : unserviced) write_string(writer, id);
  writer.EndArray();
  writer.EndObject();
  Answer answer;
  answer.body = buffer.GetString();
  return answer;
}

void split_item_url(const std::string& url, std::string& path,
                    std::multimap<std::string, std::string>& params) {
  std::size_t question = url.find('?');
  path = url.substr(0, question);
  if (question == std::string::npos) return;
  std::string query = url.substr(question + 1);
  std::size_t start = 0;
  while (start <= query.size()) {
    std::size_t end = std::min(query.find('&', start), query.size());
    std::string pair = query.substr(start, end - start);
    if (!pair.empty()) {
      std::size_t eq = pair.find('=');
      params.emplace(percent_decode(pair.substr(0, eq)),
                     eq == std::string::npos ? std::string() : percent_decode(pair.substr(eq + 1)));
    }
    start = end + 1;
  }
}

}  // namespace sncheck::fake
