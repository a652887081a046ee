#pragma once
// Bearer calls to Scripted REST resources (/api/<namespace>/<api_id>/<path>, or versioned
// /api/<namespace>/<version>/<api_id>/<path>), answered from the scenario's tables by the rules
// of servicenow-platform-facts.md §3.3, §5 (and the bodies of §5.3/§6.2). Written apart from
// sncheck's own evaluator on purpose: the tests compare sncheck's prediction with this answer.

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
};

// Whether the path is one this route answers (/api/<ns>/... other than /api/now/...).
bool is_scripted_rest_path(const std::string& path);

// Gates, in order: a valid, unexpired token (401 "User Not Authenticated"); the API and the
// resource exist (400) and are active (404); requires_authentication (false: 200 whatever the
// token); an active access policy on the API without an OAuth profile (401 with
// WWW-Authenticate: BEARER realm="Service-now"); the API's auth scopes against the token's entity
// (403 "Missing required api access scope"); the REST_Endpoint ACL roles against the token's user
// (403 "User Not Authorized"); snc_internal with Explicit Roles active (403, same body); else 200.
Answer answer_scripted_rest(const Scenario& scenario, const ScriptedRestCall& call);

}  // namespace sncheck::fake
