// SPDX-License-Identifier: Apache-2.0
#include "answers.h"

#include "base64.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstring>
#include <random>
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

Answer generic_token_refusal() {
  Answer answer;
  answer.status = 401;
  answer.content_type = "application/json";
  answer.body = R"({"error_description":"access_denied","error":"server_error"})";
  return answer;
}

std::string form_value(const std::multimap<std::string, std::string>& form,
                       const std::string& name) {
  auto it = form.find(name);
  return it == form.end() ? std::string() : it->second;
}

const Record* find_by(const Scenario& scenario, const std::string& table, const std::string& field,
                      const std::string& value) {
  auto rows = scenario.tables.find(table);
  if (rows == scenario.tables.end()) return nullptr;
  for (const Record& row : rows->second) {
    if (field_or_empty(row, field) == value) return &row;
  }
  return nullptr;
}

std::optional<std::string> property(const Scenario& scenario, const std::string& name) {
  const Record* row = find_by(scenario, "sys_properties", "name", name);
  if (row == nullptr) return std::nullopt;
  return field_or_empty(*row, "value");
}

// sys_plugins.active is a boolean, v_plugin.active "active" (platform-notes §1); either will do.
bool plugin_active(const Scenario& scenario, const std::string& id) {
  const Record* plugin = find_by(scenario, "sys_plugins", "source", id);
  if (plugin != nullptr) {
    const std::string active = field_or_empty(*plugin, "active");
    return active == "true" || active == "1";
  }
  const Record* view = find_by(scenario, "v_plugin", "id", id);
  return view != nullptr && field_or_empty(*view, "active") == "active";
}

// Inbound client credentials arrived in Washington DC (facts §2.2). The family is the word after
// "glide-" in glide.war or glide.buildtag.last (platform-notes §7); an instance without either
// row is taken to be current, as every real instance has some release.
bool release_supports_client_credentials(const Scenario& scenario) {
  static const std::array<const char*, 9> kTooOld = {
      "newyork", "orlando", "paris", "quebec", "rome", "sandiego", "tokyo", "utah", "vancouver"};
  for (const char* name : {"glide.war", "glide.buildtag.last"}) {
    std::optional<std::string> tag = property(scenario, name);
    if (!tag || tag->rfind("glide-", 0) != 0) continue;
    std::string family = tag->substr(6, tag->find('-', 6) - 6);
    return std::find(kTooOld.begin(), kTooOld.end(), family) == kTooOld.end();
  }
  return true;
}

struct ClientCredentials {
  std::string id;
  std::string secret;
};

// From the body (client_id, client_secret) or, where the set-up accepts it, a Basic header.
std::optional<ClientCredentials> client_credentials(const Scenario& scenario,
                                                    const TokenRequest& request) {
  if (request.form.count("client_id") > 0) {
    return ClientCredentials{form_value(request.form, "client_id"),
                             form_value(request.form, "client_secret")};
  }
  const std::string basic = "Basic ";
  if (!scenario.token_basic_auth || request.authorization.rfind(basic, 0) != 0) {
    return std::nullopt;
  }
  std::string decoded = base64_decode(request.authorization.substr(basic.size()));
  std::size_t colon = decoded.find(':');
  if (colon == std::string::npos) return std::nullopt;
  return ClientCredentials{decoded.substr(0, colon), decoded.substr(colon + 1)};
}

// The active client entry with exactly this client id whose secret matches.
const Record* client_entity(const Scenario& scenario, const ClientCredentials& client) {
  auto secret = scenario.client_secrets.find(client.id);
  if (secret == scenario.client_secrets.end() || secret->second != client.secret) return nullptr;
  auto rows = scenario.tables.find("oauth_entity");
  if (rows == scenario.tables.end()) return nullptr;
  for (const Record& row : rows->second) {
    if (field_or_empty(row, "client_id") != client.id || field_or_empty(row, "active") != "true") {
      continue;
    }
    // An inbound confidential client: type client, or made in the Machine Identity Console for
    // the client credentials grant (inbound_grant_type); never an OIDC provider or a public
    // client.
    const std::string grant = field_or_empty(row, "inbound_grant_type");
    bool inbound =
        field_or_empty(row, "type") == "client" || grant.rfind("client_credential", 0) == 0;
    if (inbound && field_or_empty(row, "sys_class_name") != "oauth_oidc_entity" &&
        field_or_empty(row, "public_client") != "true") {
      return &row;
    }
  }
  return nullptr;
}

std::string random_token() {
  static constexpr char kTokenAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::random_device device;
  std::mt19937_64 generator(device());
  std::uniform_int_distribution<int> pick(0, 63);
  std::string token;
  for (int i = 0; i < 86; ++i) token.push_back(kTokenAlphabet[pick(generator)]);
  return token;
}

// 200 as the platform answers client credentials: no refresh_token, scope "", and expires_in one
// second short of the entry's lifespan (facts §7: 1799 for 1800).
TokenAnswer issue_token(const Record& entity, const std::string& user_sys_id) {
  constexpr long kDefaultLifespan = 1800;  // the form's default (facts §3.1)
  long lifespan = kDefaultLifespan;
  try {
    lifespan = std::stol(field_or_empty(entity, "access_token_lifespan"));
  } catch (const std::exception&) {
  }
  IssuedToken token{random_token(), field_or_empty(entity, "sys_id"), user_sys_id, "",
                    std::chrono::system_clock::now() + std::chrono::seconds(lifespan)};
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.StartObject();
  writer.Key("access_token");
  writer.String(token.access_token.c_str());
  writer.Key("scope");
  writer.String(token.scope.c_str());
  writer.Key("token_type");
  writer.String("Bearer");
  writer.Key("expires_in");
  writer.Int64(lifespan - 1);
  writer.EndObject();
  TokenAnswer answer;
  answer.answer.status = 200;
  answer.answer.content_type = "application/json;charset=UTF-8";
  answer.answer.body = buffer.GetString();
  answer.issued = std::move(token);
  return answer;
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
  if (!fault.location.empty() && answer.status != 0) {
    answer.headers.emplace_back("Location", fault.location);
  }
  if (fault.retry_after >= 0 && answer.status != 0) {
    answer.headers.emplace_back("Retry-After", std::to_string(fault.retry_after));
  }
  answer.delay_ms = fault.delay_ms;
  return answer;
}

namespace {

void replace_header(Answer& answer, const std::string& name, const std::string& value) {
  auto& headers = answer.headers;
  headers.erase(std::remove_if(headers.begin(), headers.end(),
                               [&](const auto& header) { return header.first == name; }),
                headers.end());
  headers.emplace_back(name, value);
}

// The rel="first" target of a Link header ("<url>;rel=\"first\",..."), or "".
std::string first_link(const Answer& answer) {
  for (const auto& [name, value] : answer.headers) {
    if (name != "Link") continue;
    std::size_t first = value.find(";rel=\"first\"");
    std::size_t open = value.rfind('<', first);
    if (first == std::string::npos || open == std::string::npos) return {};
    return value.substr(open + 1, first - open - 2);
  }
  return {};
}

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

// A row written again: null_fields as null, duplicate_key repeated (the real value first).
void write_with_duplicate(Writer& writer, const rapidjson::Value& row, const TableFault& fault) {
  if (!row.IsObject()) {
    row.Accept(writer);
    return;
  }
  writer.StartObject();
  for (auto member = row.MemberBegin(); member != row.MemberEnd(); ++member) {
    writer.Key(member->name.GetString(), member->name.GetStringLength());
    if (fault.null_fields.count(member->name.GetString()) > 0) {
      writer.Null();
    } else {
      member->value.Accept(writer);
    }
    if (fault.duplicate_key == member->name.GetString()) {
      writer.Key(fault.duplicate_key.c_str(),
                 static_cast<rapidjson::SizeType>(fault.duplicate_key.size()));
      writer.String(fault.duplicate_value.c_str(),
                    static_cast<rapidjson::SizeType>(fault.duplicate_value.size()));
    }
  }
  writer.EndObject();
}

// The body with a repeated key in every row and/or a second "result" member.
std::string with_duplicates(const std::string& body, const TableFault& fault) {
  rapidjson::Document document;
  document.Parse(body.c_str(), body.size());
  if (document.HasParseError() || !document.IsObject()) return body;
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  writer.StartObject();
  for (auto member = document.MemberBegin(); member != document.MemberEnd(); ++member) {
    writer.Key(member->name.GetString(), member->name.GetStringLength());
    bool rows_change = !fault.duplicate_key.empty() || !fault.null_fields.empty();
    if (member->value.IsArray() && rows_change) {
      writer.StartArray();
      for (const auto& row : member->value.GetArray()) write_with_duplicate(writer, row, fault);
      writer.EndArray();
    } else if (member->value.IsObject() && rows_change) {
      write_with_duplicate(writer, member->value, fault);
    } else {
      member->value.Accept(writer);
    }
  }
  if (fault.duplicate_result) {
    writer.Key("result");
    writer.StartArray();
    writer.EndArray();
  }
  writer.EndObject();
  return buffer.GetString();
}

}  // namespace

void alter_answer(const TableFault& fault, Answer& answer) {
  answer.stall_ms = fault.stall_ms;
  if (answer.status != 200) return;
  if (fault.total_count >= 0) {
    replace_header(answer, "X-Total-Count", std::to_string(fault.total_count));
  }
  if (fault.total_count_text) replace_header(answer, "X-Total-Count", *fault.total_count_text);
  if (fault.extra_total_count)
    answer.headers.emplace_back("X-Total-Count", *fault.extra_total_count);
  if (fault.link_text) replace_header(answer, "Link", *fault.link_text);
  if (!fault.duplicate_key.empty() || fault.duplicate_result || !fault.null_fields.empty()) {
    answer.body = with_duplicates(answer.body, fault);
  }
  if (fault.link_loop) {
    if (std::string first = first_link(answer); !first.empty()) {
      replace_header(answer, "Link", "<" + first + ">;rel=\"next\"");
    }
  }
}

TokenAnswer token_answer(const Scenario& scenario, const TokenRequest& request) {
  TokenAnswer refused{generic_token_refusal(), std::nullopt};
  // "A content-type of application/json results in an unspecified error" (facts §7).
  if (request.content_type.rfind("application/x-www-form-urlencoded", 0) != 0) return refused;
  if (form_value(request.form, "grant_type") != "client_credentials") return refused;
  std::optional<ClientCredentials> client = client_credentials(scenario, request);
  if (!client || !release_supports_client_credentials(scenario) ||
      !plugin_active(scenario, "com.snc.platform.security.oauth") ||
      property(scenario, "com.snc.platform.security.oauth.is.active").value_or("true") == "false" ||
      property(scenario, "glide.oauth.inbound.client.credential.grant_type.enabled") !=
          std::optional<std::string>("true")) {
    return refused;
  }
  const Record* entity = client_entity(scenario, *client);
  if (entity == nullptr) return refused;
  const std::string user_sys_id = field_or_empty(*entity, "user");
  const Record* user = find_by(scenario, "sys_user", "sys_id", user_sys_id);
  if (user_sys_id.empty() || user == nullptr || field_or_empty(*user, "active") != "true" ||
      field_or_empty(*user, "locked_out") == "true") {
    return refused;
  }
  return issue_token(*entity, user_sys_id);
}

bool is_authorized(const Scenario& scenario, const std::string& authorization) {
  if (authorization == "Basic " + base64_encode(scenario.user + ":" + scenario.password)) {
    return true;
  }
  return !scenario.bearer_token.empty() && authorization == "Bearer " + scenario.bearer_token;
}

}  // namespace sncheck::fake
