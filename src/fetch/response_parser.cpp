// SPDX-License-Identifier: Apache-2.0
#include "fetch/response_parser.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include "core/strings.h"

namespace sncheck {
namespace {

// Iterative: the default recursive parser overflows the stack on deeply nested input ("[[[[...",
// 2 MB is enough, well under the body cap), so a hostile or broken server could crash sncheck.
constexpr unsigned kParseFlags =
    rapidjson::kParseValidateEncodingFlag | rapidjson::kParseIterativeFlag;

std::string_view json_type_name(const rapidjson::Value& value) {
  switch (value.GetType()) {
    case rapidjson::kNullType:
      return "null";
    case rapidjson::kFalseType:
    case rapidjson::kTrueType:
      return "a boolean";
    case rapidjson::kObjectType:
      return "an object";
    case rapidjson::kArrayType:
      return "an array";
    case rapidjson::kStringType:
      return "a string";
    case rapidjson::kNumberType:
      return "a number";
  }
  return "an unknown type";
}

// The first member name of an object that an earlier member already had, if any.
std::optional<std::string> repeated_member(const rapidjson::Value& object) {
  for (auto later = object.MemberBegin(); later != object.MemberEnd(); ++later) {
    for (auto earlier = object.MemberBegin(); earlier != later; ++earlier) {
      if (earlier->name == later->name) {
        return std::string(later->name.GetString(), later->name.GetStringLength());
      }
    }
  }
  return std::nullopt;
}

FetchError page_error(std::string_view table, FetchErrorKind kind, std::string message) {
  FetchError error = make_fetch_error(kind, std::string(table), 200,
                                      fmt::format("reading {}: {}", table, message), {});
  switch (kind) {
    case FetchErrorKind::HibernatingInstance:
      error.remedy =
          "the developer instance is hibernating: wake it from developer.servicenow.com, wait "
          "until it answers, then run sncheck again";
      break;
    case FetchErrorKind::LoginPage:
      error.remedy =
          "the instance answered with its login page instead of the REST API: check the "
          "instance URL, and that nothing (a proxy or SSO gateway) intercepts /api/now/*";
      break;
    default:
      error.remedy =
          "the answer is not a Table API list; check the instance URL (no proxy or portal in "
          "between) and re-run with -v to see the request";
      break;
  }
  return error;
}

ParsedPage failed(std::string_view table, FetchErrorKind kind, std::string message) {
  ParsedPage page;
  page.error = page_error(table, kind, std::move(message));
  return page;
}

// The value of one field: a string, null, or a reference object {value, link, display_value}.
// Returns an error message for any other shape.
std::optional<std::string> read_field(const rapidjson::Value& json, FieldValue& out) {
  if (json.IsString()) {
    out.value.assign(json.GetString(), json.GetStringLength());
    return std::nullopt;
  }
  if (json.IsNull()) {
    out.null = true;
    return std::nullopt;
  }
  if (!json.IsObject()) {
    return fmt::format("is {}; the Table API sends every value as a string", json_type_name(json));
  }
  if (auto repeated = repeated_member(json)) {
    return fmt::format("has \"{}\" twice", *repeated);
  }
  auto value = json.FindMember("value");
  if (value == json.MemberEnd()) return std::string("is an object without \"value\"");
  if (value->value.IsString()) {
    out.value.assign(value->value.GetString(), value->value.GetStringLength());
  } else if (value->value.IsNull()) {
    out.null = true;
  } else {
    return fmt::format("has a \"value\" that is {}, not a string", json_type_name(value->value));
  }
  auto link = json.FindMember("link");
  if (link != json.MemberEnd()) {
    if (link->value.IsString()) {
      out.link = std::string(link->value.GetString(), link->value.GetStringLength());
    } else if (!link->value.IsNull()) {
      return fmt::format("has a \"link\" that is {}, not a string", json_type_name(link->value));
    }
  }
  return std::nullopt;  // display_value, when present, is not used
}

std::optional<std::string> read_row(const rapidjson::Value& json, Record& row) {
  if (!json.IsObject()) return fmt::format("is {}, not an object", json_type_name(json));
  row.reserve(json.MemberCount());
  for (auto member = json.MemberBegin(); member != json.MemberEnd(); ++member) {
    std::string_view name(member->name.GetString(), member->name.GetStringLength());
    FieldValue value;
    if (auto problem = read_field(member->value, value)) {
      return fmt::format("field \"{}\" {}", name, *problem);
    }
    // RapidJSON keeps both members of a repeated key; the platform never sends one twice, and
    // which of the two it meant cannot be known.
    if (!row.emplace(name, std::move(value)).second) {
      return fmt::format("has field \"{}\" twice", name);
    }
  }
  return std::nullopt;
}

std::size_t first_non_space(std::string_view body) {
  std::size_t i = 0;
  while (i < body.size() && std::isspace(static_cast<unsigned char>(body[i]))) ++i;
  return i;
}

// A cursor over one Link header value (RFC 8288): <uri>; param="v"; param=v, <uri>; ...
class LinkCursor {
 public:
  explicit LinkCursor(std::string_view text) : text_(text) {}

  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return at_end() ? '\0' : text_[pos_]; }
  void skip_space() {
    while (!at_end() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
  }
  bool accept(char c) {
    skip_space();
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  // Up to (not including) `end`; nullopt if `end` never comes.
  std::optional<std::string_view> until(char end) {
    std::size_t found = text_.find(end, pos_);
    if (found == std::string_view::npos) return std::nullopt;
    std::string_view part = text_.substr(pos_, found - pos_);
    pos_ = found + 1;
    return part;
  }
  // A token up to ';', ',', '=' or white space.
  std::string_view token() {
    skip_space();
    std::size_t start = pos_;
    while (!at_end() && std::string_view(";,= \t").find(text_[pos_]) == std::string_view::npos) {
      ++pos_;
    }
    return text_.substr(start, pos_ - start);
  }
  std::string quoted() {  // after the opening quote; handles backslash escapes
    std::string out;
    while (!at_end() && text_[pos_] != '"') {
      if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) ++pos_;
      out += text_[pos_++];
    }
    if (!at_end()) ++pos_;
    return out;
  }
  std::string param_value() {
    skip_space();
    if (peek() == '"') {
      ++pos_;
      return quoted();
    }
    return std::string(token());
  }
  void skip_to_next_link() {  // past the next ',' outside quotes
    while (!at_end()) {
      char c = text_[pos_++];
      if (c == ',') return;
      if (c == '"') quoted();
    }
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

bool rel_has_next(std::string_view rel) {
  std::string text = lower(rel);
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find_first_of(" \t", pos);
    if (end == std::string::npos) end = text.size();
    if (text.compare(pos, end - pos, "next") == 0) return true;
    pos = end + 1;
  }
  return false;
}

// Reads the parameters of one link-value; true when one is rel containing "next".
bool link_params_say_next(LinkCursor& cursor) {
  bool next = false;
  while (cursor.accept(';')) {
    std::string name = lower(cursor.token());
    std::string value;
    if (cursor.accept('=')) value = cursor.param_value();
    if (name == "rel" && rel_has_next(value)) next = true;
  }
  return next;
}

}  // namespace

ParsedPage parse_table_page(std::string_view table, std::string body) {
  std::size_t start = first_non_space(body);
  if (start == body.size()) {
    return failed(table, FetchErrorKind::MalformedJson, "the response body is empty");
  }
  if (body[start] == '<') {
    FetchErrorKind kind = classify_html(body);
    return failed(table, kind,
                  kind == FetchErrorKind::HibernatingInstance
                      ? "the instance answered with a hibernation page, not JSON"
                  : kind == FetchErrorKind::LoginPage
                      ? "the instance answered with a login page, not JSON"
                      : "the instance answered with HTML, not JSON");
  }
  if (std::size_t nul = body.find('\0'); nul != std::string::npos) {
    return failed(table, FetchErrorKind::MalformedJson,
                  fmt::format("invalid JSON: NUL character at offset {}", nul));
  }
  rapidjson::Document doc;
  // Length-bounded parse, not ParseInsitu: RapidJSON 1.1.0 decodes a multi-byte UTF-8 sequence
  // without stopping at the terminating NUL, so a body ending in a truncated sequence (0xE7 as
  // the last byte) made the in-place parse read past the buffer (found by fuzz_response_parser).
  doc.Parse<kParseFlags>(body.data(), body.size());
  if (doc.HasParseError()) {
    return failed(
        table, FetchErrorKind::MalformedJson,
        fmt::format("invalid JSON: {} at offset {}",
                    rapidjson::GetParseError_En(doc.GetParseError()), doc.GetErrorOffset()));
  }
  if (!doc.IsObject()) {
    return failed(table, FetchErrorKind::MalformedJson,
                  fmt::format("the JSON body is {}, not an object with a \"result\" array",
                              json_type_name(doc)));
  }
  auto result = doc.FindMember("result");
  if (result != doc.MemberEnd() &&
      std::count_if(doc.MemberBegin(), doc.MemberEnd(),
                    [](const auto& member) { return member.name == "result"; }) > 1) {
    return failed(table, FetchErrorKind::MalformedJson,
                  "the JSON body has \"result\" twice: which list the instance meant cannot be "
                  "known");
  }
  if (result == doc.MemberEnd()) {
    return failed(table, FetchErrorKind::MalformedJson,
                  "the JSON body has no \"result\" member (not a Table API answer)");
  }
  if (!result->value.IsArray()) {
    return failed(
        table, FetchErrorKind::MalformedJson,
        result->value.IsObject()
            ? std::string("\"result\" is a single record, not a list (a record URL "
                          "was read instead of a table)")
            : fmt::format("\"result\" is {}, not an array", json_type_name(result->value)));
  }
  ParsedPage page;
  page.rows.reserve(result->value.Size());
  for (rapidjson::SizeType i = 0; i < result->value.Size(); ++i) {
    Record row;
    if (auto problem = read_row(result->value[i], row)) {
      return failed(table, FetchErrorKind::MalformedJson, fmt::format("row {} {}", i, *problem));
    }
    page.rows.push_back(std::move(row));
  }
  return page;
}

std::optional<ServiceNowError> parse_error_body(std::string_view body) {
  rapidjson::Document doc;
  doc.Parse<kParseFlags>(body.data(), body.size());
  if (doc.HasParseError() || !doc.IsObject()) return std::nullopt;
  auto error = doc.FindMember("error");
  if (error == doc.MemberEnd() || !error->value.IsObject()) return std::nullopt;
  ServiceNowError out;
  auto message = error->value.FindMember("message");
  if (message != error->value.MemberEnd() && message->value.IsString()) {
    out.message.assign(message->value.GetString(), message->value.GetStringLength());
  }
  auto detail = error->value.FindMember("detail");
  if (detail != error->value.MemberEnd() && detail->value.IsString()) {
    out.detail.assign(detail->value.GetString(), detail->value.GetStringLength());
  }
  if (out.message.empty() && out.detail.empty()) return std::nullopt;
  return out;
}

FetchErrorKind classify_html(std::string_view body) {
  std::string text = lower(body);
  if (text.find("hibernat") != std::string::npos) return FetchErrorKind::HibernatingInstance;
  if (text.find("login.do") != std::string::npos) return FetchErrorKind::LoginPage;
  if (text.find("type=\"password\"") != std::string::npos ||
      text.find("type='password'") != std::string::npos ||
      text.find("type=password") != std::string::npos) {
    return FetchErrorKind::LoginPage;
  }
  std::size_t title = text.find("<title");
  if (title != std::string::npos) {
    std::size_t close = text.find("</title", title);
    std::string_view title_text = std::string_view(text).substr(
        title, close == std::string::npos ? std::string::npos : close - title);
    if (title_text.find("log in") != std::string_view::npos ||
        title_text.find("login") != std::string_view::npos ||
        title_text.find("sign in") != std::string_view::npos) {
      return FetchErrorKind::LoginPage;
    }
  }
  return FetchErrorKind::NotJson;
}

}  // namespace sncheck

namespace sncheck {

LinkHeader parse_link_header(std::string_view link_header) {
  LinkHeader parsed;
  LinkCursor cursor(link_header);
  bool well_formed = true;
  int links = 0;
  while (!cursor.at_end()) {
    while (cursor.accept(',')) {
    }
    cursor.skip_space();
    if (cursor.at_end()) break;
    if (!cursor.accept('<')) {
      well_formed = false;
      cursor.skip_to_next_link();
      continue;
    }
    std::optional<std::string_view> target = cursor.until('>');
    if (!target) {
      well_formed = false;
      break;
    }
    ++links;
    bool next = link_params_say_next(cursor);
    if (next && !target->empty() && !parsed.next) parsed.next = std::string(*target);
    cursor.skip_space();
    if (!cursor.at_end() && cursor.peek() != ',') well_formed = false;
    cursor.skip_to_next_link();
  }
  parsed.well_formed = well_formed && links > 0;
  return parsed;
}

std::optional<std::string> next_link(std::string_view link_header) {
  return parse_link_header(link_header).next;
}

}  // namespace sncheck
