// SPDX-License-Identifier: Apache-2.0
#pragma once
// The fake instance's answers as plain data, built without a server so each one is easy to read
// next to the platform behaviour it copies (servicenow-platform-facts.md §6.2, §6.3, §7).

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "fake_instance.h"

namespace sncheck::fake {

struct Answer {
  int status = 200;
  std::string body;
  std::string content_type = "application/json;charset=UTF-8";
  std::vector<std::pair<std::string, std::string>> headers;
  int delay_ms = 0;    // slept before answering, outside any lock
  int stall_ms = 0;    // streamed: half the body, then this long without a byte, then the rest
  bool query = false;  // the instance ran a query for it: it costs Faults::query_ms
};

// {"error":{"message":...,"detail":...},"status":"failure"}; an empty detail is written as null.
Answer error_answer(int status, const std::string& message, const std::string& detail);

Answer not_authenticated();                      // 401 "User Not Authenticated"
Answer invalid_table(const std::string& table);  // 400 "Invalid table <name>"
Answer insufficient_rights();                    // 403 "Insufficient rights to query records"
Answer no_record_found();                        // 404 "No Record found"
Answer invalid_resource();      // 400 "Requested URI does not represent any resource"
Answer method_not_supported();  // 405

Answer hibernation_page();  // 200 text/html, title "Instance Hibernating page"
Answer login_page();        // 200 text/html, the UI login form
Answer login_redirect(const std::string& base_url);  // 302 Location: <base>/login.do

// The answer a fault forces, or a status 0 answer when the fault only adds delay_ms.
Answer fault_answer(const TableFault& fault);

// The changes a fault makes to a normal answer: a stall, a looping Link, a lying X-Total-Count.
void alter_answer(const TableFault& fault, Answer& answer);

struct TokenRequest {
  std::string content_type;
  std::string authorization;                     // the Authorization header, may be empty
  std::multimap<std::string, std::string> form;  // the form-encoded body's fields
};

struct TokenAnswer {
  Answer answer;
  std::optional<IssuedToken> issued;  // set on 200
};

// POST /oauth_token.do, client credentials. A token is issued only when every link of the chain
// holds (plugin, is.active, the client-credentials property, an active client entry with this
// client id and secret, an existing active unlocked application user, release Washington DC or
// later); anything else gets the platform's one generic 401 (facts §7), whatever the cause.
TokenAnswer token_answer(const Scenario& scenario, const TokenRequest& request);

// Whether an Authorization header carries the scenario's Basic credentials or bearer token.
bool is_authorized(const Scenario& scenario, const std::string& authorization);

}  // namespace sncheck::fake
