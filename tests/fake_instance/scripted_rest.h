// SPDX-License-Identifier: Apache-2.0
#pragma once
// Bearer calls to Scripted REST resources (/api/<namespace>/<api_id>/<path>, or versioned
// /api/<namespace>/<version>/<api_id>/<path>), answered by the fake platform's own model of the
// gates (rest_model.h), written from ServiceNowDocs apart from sncheck's evaluators on purpose:
// the tests compare sncheck's prediction with this answer.

#include <chrono>
#include <optional>
#include <string>

#include "answers.h"
#include "fake_instance.h"

namespace sncheck::fake {

struct ScriptedRestCall {
  std::string method;
  std::string path;
  std::optional<IssuedToken> token;  // nullopt: no bearer, or one the store does not know
  std::chrono::system_clock::time_point now;
  std::string remote_addr;  // the caller, for IP Address Access Control
};

// Whether the path is one this route answers (/api/<ns>/... other than /api/now/...).
bool is_scripted_rest_path(const std::string& path);

// In order: IP Address Access Control (403); a valid, unexpired token (401 "User Not
// Authenticated"); the API, version and resource exist (400) and are active (404); for a resource
// that requires authentication, the access policy that applies and its OAuth profile, with
// Enforce Token Restrictions (401 with WWW-Authenticate), "Allow access only to APIs in selected
// scope" from Zurich Patch 4 (403), the REST API Auth Scopes (403 "Missing required api access
// scope"), the resource's REST_Endpoint ACLs (403 "User Not Authorized"); the path-based ACLs from
// Australia, public or not (403); snc_internal with Explicit Roles and Machine Identity Access
// Controls from Zurich (403); else 200.
Answer answer_scripted_rest(const Scenario& scenario, const ScriptedRestCall& call);

}  // namespace sncheck::fake
