// SPDX-License-Identifier: Apache-2.0
#include "query/rest_path.h"

#include <cctype>

namespace sncheck {
namespace {

std::vector<std::string> segments(std::string_view path) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (end > start) out.emplace_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

bool is_version(const std::string& segment) {
  if (segment.size() < 2 || segment[0] != 'v') return false;
  for (std::size_t i = 1; i < segment.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(segment[i]))) return false;
  }
  return true;
}

std::string join_resource(const std::vector<std::string>& parts, std::size_t from) {
  std::string out;
  for (std::size_t i = from; i < parts.size(); ++i) out += "/" + parts[i];
  return out.empty() ? "/" : out;
}

bool is_placeholder(const std::string& segment) {
  return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

std::optional<ApiPath> parse_api_path(std::string_view text, std::string* problem) {
  std::string_view path = text.substr(0, text.find('?'));
  std::vector<std::string> parts = segments(path);
  if (path.empty() || path.front() != '/' || parts.size() < 3 || parts[0] != "api") {
    *problem = "expected /api/<namespace>/<api_id>/<path> (or /api/<namespace>/v1/<api_id>/...)";
    return std::nullopt;
  }
  if (parts[1] == "now") {
    *problem = "/api/now/... are the platform's own APIs, not a Scripted REST API";
    return std::nullopt;
  }
  ApiPath parsed;
  parsed.text = std::string(path);
  parsed.namespace_ = parts[1];
  parsed.rest.assign(parts.begin() + 2, parts.end());
  return parsed;
}

std::vector<ApiPathReading> api_path_readings(const ApiPath& path) {
  std::vector<ApiPathReading> readings;
  const std::string prefix = "/api/" + path.namespace_ + "/";
  readings.push_back({prefix + path.rest[0], "", join_resource(path.rest, 1)});
  if (path.rest.size() >= 2 && is_version(path.rest[0])) {
    readings.push_back({prefix + path.rest[1], path.rest[0], join_resource(path.rest, 2)});
  }
  return readings;
}

bool path_template_matches(std::string_view relative_path, std::string_view resource) {
  std::vector<std::string> pattern = segments(relative_path.substr(0, relative_path.find('?')));
  std::vector<std::string> actual = segments(resource.substr(0, resource.find('?')));
  if (pattern.size() != actual.size()) return false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (!is_placeholder(pattern[i]) && pattern[i] != actual[i]) return false;
  }
  return true;
}

}  // namespace sncheck
