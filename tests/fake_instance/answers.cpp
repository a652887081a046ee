#include "answers.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <chrono>
#include <string_view>

namespace sncheck::fake {
namespace {

constexpr const char* kHtml = "text/html;charset=UTF-8";
// The platform's rate-limit rules are per hour; 100 is the figure in its documented example.
constexpr int kRateLimitPerHour = 100;
constexpr const char* kRateLimitRuleSysId = "4c2f5bd2db1e2010a8f1e6b1d396190e";

std::string error_body(const std::string& message, const std::string& detail) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.StartObject();
  writer.Key("error");
  writer.StartObject();
  writer.Key("message");
  writer.String(message.c_str(), static_cast<rapidjson::SizeType>(message.size()));
  writer.Key("detail");
  if (detail.empty()) {
    writer.Null();
  } else {
    writer.String(detail.c_str(), static_cast<rapidjson::SizeType>(detail.size()));
  }
  writer.EndObject();
  writer.Key("status");
  writer.String("failure");
  writer.EndObject();
  return buffer.GetString();
}

Answer html_answer(int status, std::string body) {
  Answer answer;
  answer.status = status;
  answer.body = std::move(body);
  answer.content_type = kHtml;
  return answer;
}

long long unix_time_in(std::chrono::seconds delay) {
  auto when = std::chrono::system_clock::now() + delay;
  return std::chrono::duration_cast<std::chrono::seconds>(when.time_since_epoch()).count();
}

Answer rate_limited() {
  Answer answer = error_answer(429, "Rate limit exceeded",
                               "Rate limit of " + std::to_string(kRateLimitPerHour) +
                                   " requests per hour for Table API exceeded");
  answer.headers.emplace_back("X-RateLimit-Limit", std::to_string(kRateLimitPerHour));
  answer.headers.emplace_back("X-RateLimit-Reset",
                              std::to_string(unix_time_in(std::chrono::hours(1))));
  answer.headers.emplace_back("X-RateLimit-Rule", kRateLimitRuleSysId);
  return answer;
}

// The body a fault status gets when the scenario gives none.
Answer status_answer(const TableFault& fault) {
  switch (fault.status) {
    case 400:
      return invalid_resource();
    case 401:
      return not_authenticated();
    case 403:
      return insufficient_rights();
    case 404:
      return no_record_found();
    case 429:
      return rate_limited();
    case 500:
      return error_answer(500, "Internal server error", "An unexpected error occurred");
    case 502:
      return error_answer(502, "Bad gateway", "The node did not answer");
    case 503:
      return error_answer(503, "Service unavailable", "The instance is temporarily unavailable");
    default:
      return error_answer(fault.status, "HTTP " + std::to_string(fault.status), "");
  }
}

constexpr char kBase64Alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64_encode(std::string_view input) {
  std::string output;
  std::size_t i = 0;
  for (; i + 2 < input.size(); i += 3) {
    unsigned n = (static_cast<unsigned char>(input[i]) << 16) |
                 (static_cast<unsigned char>(input[i + 1]) << 8) |
                 static_cast<unsigned char>(input[i + 2]);
    for (int shift = 18; shift >= 0; shift -= 6) output += kBase64Alphabet[(n >> shift) & 63];
  }
  std::size_t rest = input.size() - i;
  if (rest > 0) {
    unsigned n = static_cast<unsigned char>(input[i]) << 16;
    if (rest == 2) n |= static_cast<unsigned char>(input[i + 1]) << 8;
    output += kBase64Alphabet[(n >> 18) & 63];
    output += kBase64Alphabet[(n >> 12) & 63];
    output += rest == 2 ? kBase64Alphabet[(n >> 6) & 63] : '=';
    output += '=';
  }
  return output;
}

}  // namespace

Answer error_answer(int status, const std::string& message, const std::string& detail) {
  Answer answer;
  answer.status = status;
  answer.body = error_body(message, detail);
  return answer;
}

Answer not_authenticated() {
  Answer answer =
      error_answer(401, "User Not Authenticated", "Required to provide Auth information");
  // The platform challenges for Basic on a plain 401 from the REST API.
  answer.headers.emplace_back("WWW-Authenticate", "BASIC realm=\"Service-now\"");
  return answer;
}

Answer invalid_table(const std::string& table) {
  return error_answer(400, "Invalid table " + table, "");
}

Answer insufficient_rights() {
  return error_answer(403, "Insufficient rights to query records",
                      "Field(s) present in the query do not have permission to be read");
}

Answer no_record_found() { return error_answer(404, "No Record found", "Record does not exist"); }

Answer invalid_resource() {
  return error_answer(400, "Requested URI does not represent any resource", "");
}

Answer method_not_supported() {
  return error_answer(405, "Method not Supported", "The fake instance only reads");
}

Answer hibernation_page() {
  return html_answer(
      200,
      "<!DOCTYPE html>\n<html><head><title>Instance Hibernating page</title></head>\n"
      "<body><h1>Your instance is hibernating</h1>\n"
      "<p>Developer instances hibernate when not in use. Sign in to the "
      "<a href=\"https://developer.servicenow.com/dev.do\">Developer Site</a> to wake it up.</p>\n"
      "<p><a href=\"https://developer.servicenow.com/blog.do?p=/post/"
      "hibernation-and-developer-instances/\">About hibernation</a></p>\n"
      "</body></html>\n");
}

Answer login_page() {
  return html_answer(200,
                     "<!DOCTYPE html>\n<html><head><title>Log in | ServiceNow</title></head>\n"
                     "<body><form id=\"loginPage\" action=\"login.do\" method=\"post\">\n"
                     "<input id=\"user_name\" name=\"user_name\" type=\"text\"/>\n"
                     "<input id=\"user_password\" name=\"user_password\" type=\"password\"/>\n"
                     "<button id=\"sysverb_login\" type=\"submit\">Log in</button>\n"
                     "</form></body></html>\n");
}

Answer login_redirect(const std::string& base_url) {
  Answer answer = html_answer(302, "");
  answer.headers.emplace_back("Location", base_url + "/login.do");
  return answer;
}

Answer fault_answer(const TableFault& fault) {
  Answer answer;
  if (fault.status != 0 && fault.body.empty()) {
    answer = status_answer(fault);
  } else if (fault.status != 0 || !fault.body.empty()) {
    answer.status = fault.status != 0 ? fault.status : 200;
    answer.body = fault.body;
    if (!fault.content_type.empty()) answer.content_type = fault.content_type;
  } else {
    answer.status = 0;  // delay only: the normal answer follows
  }
  if (fault.retry_after >= 0 && answer.status != 0) {
    answer.headers.emplace_back("Retry-After", std::to_string(fault.retry_after));
  }
  answer.delay_ms = fault.delay_ms;
  return answer;
}

Answer token_answer(const Scenario& scenario, const std::multimap<std::string, std::string>& form) {
  (void)scenario;
  (void)form;
  Answer answer;
  answer.status = 401;
  answer.content_type = "application/json";
  answer.body = R"({"error_description":"access_denied","error":"server_error"})";
  return answer;
}

bool is_authorized(const Scenario& scenario, const std::string& authorization) {
  if (authorization == "Basic " + base64_encode(scenario.user + ":" + scenario.password)) {
    return true;
  }
  return !scenario.bearer_token.empty() && authorization == "Bearer " + scenario.bearer_token;
}

}  // namespace sncheck::fake
