// SPDX-License-Identifier: Apache-2.0
#pragma once
// The echoing proxy of Faults::echoes (fake_instance.h): it answers with what the request
// carried, so tests can prove that no secret sncheck sends comes back out of it in any form.

#include <map>
#include <string>
#include <vector>

#include "answers.h"
#include "fake_instance.h"

namespace sncheck::fake {

struct EchoedRequest {
  std::string base_url;  // "http://127.0.0.1:<port>"
  std::string path;
  std::string authorization;                     // the Authorization header, may be empty
  std::string body;                              // the raw body (a token request's form)
  std::multimap<std::string, std::string> form;  // query and form fields, decoded
};

// What the proxy echoes: the Authorization header; for Basic, "user:password" decoded, as a
// URL's userinfo, and with the password percent- and form-encoded; for Bearer, the token, the
// same way; the raw body and its client_secret field decoded.
std::string echo_text(const EchoedRequest& request);

// The answer the first echo whose path_prefix matches gives instead of (or, for Link, on top of)
// `answer`; `answer` itself when none matches.
Answer apply_echoes(const std::vector<EchoFault>& echoes, const EchoedRequest& request,
                    Answer answer);

}  // namespace sncheck::fake
