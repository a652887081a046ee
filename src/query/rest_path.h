// SPDX-License-Identifier: Apache-2.0
#pragma once
// Scripted REST request paths: /api/<namespace>/<api_id>/<resource path> or, for a versioned API,
// /api/<namespace>/<version>/<api_id>/<resource path>, and the relative-path templates of
// resources ("/items/{id}"), whose {name} segments match any one segment.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sncheck {

struct ApiPath {
  std::string text;        // as given, without a query string
  std::string namespace_;  // the first segment after /api/
  // The segments after the namespace: [api_id, path...] unversioned, or [vN, api_id, path...]
  // versioned. Which reading applies depends on the API's is_versioned flag, known only once the
  // API record is read.
  std::vector<std::string> rest;
};

// One way to read the path: which API, which version (empty: the default) and which resource.
struct ApiPathReading {
  std::string base_uri;  // /api/<namespace>/<api_id>
  std::string version;   // "v1" etc., empty when the path names none
  std::string resource;  // "/items/42" ("/" when nothing follows the API id)
};

// nullopt and *problem set when the text is not /api/<namespace>/<api_id>[/...].
std::optional<ApiPath> parse_api_path(std::string_view text, std::string* problem);

// The unversioned reading, and the versioned one when the segment after the namespace looks like
// a version (v followed by digits) and an API id follows it.
std::vector<ApiPathReading> api_path_readings(const ApiPath& path);

// Whether a resource path matches a relative-path template: same number of segments, each equal
// or a {name} placeholder (which matches any non-empty segment). Trailing slashes are ignored.
bool path_template_matches(std::string_view relative_path, std::string_view resource);

}  // namespace sncheck
