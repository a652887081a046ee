// SPDX-License-Identifier: Apache-2.0
#pragma once
// A fake ServiceNow instance: a real HTTP server on 127.0.0.1 that answers the Table API and
// /oauth_token.do the way the platform does, with injectable faults. Used by the tests, the
// benchmark and the README's demo.

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/record.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace sncheck::fake {

// A fault applied to requests for one table ("*" = every table). It is checked before
// authentication and overrides the whole answer; with status 0 and no body it only adds delay_ms.
struct TableFault {
  int status = 0;            // answer with this HTTP status (ServiceNow error body unless body set)
  int times = -1;            // how many requests get the fault; -1 = all of them
  int retry_after = -1;      // Retry-After header seconds, -1 = none
  std::string body;          // a raw body to send instead
  std::string content_type;  // with body; default application/json
  int delay_ms = 0;          // extra latency before answering
  std::string location;      // a Location header (relative or absolute), e.g. with a 3xx status
  // Faults that alter the normal answer (with status 0 and no body):
  int stall_ms = 0;        // send headers and half the body, then go silent this long
  bool link_loop = false;  // Link rel="next" points back at the first page
  long total_count = -1;   // X-Total-Count says this instead of the real count; -1 = truth
  // Faults that make paging or values untrustworthy (each changes the normal answer):
  bool link_always_next = false;  // Link is only rel="next" to offset+limit, past the end too
  bool ignore_offset = false;     // every page is answered as if sysparm_offset were 0
  std::optional<std::string> total_count_text;   // X-Total-Count sent as this text ("abc", "-1")
  std::optional<std::string> extra_total_count;  // a second X-Total-Count header with this value
  std::optional<std::string> link_text;  // the Link header sent as this text (malformed links)
  std::set<std::string> null_fields;     // these fields of every row are sent as JSON null
  std::string duplicate_key;             // every row also carries this field a second time...
  std::string duplicate_value = "";      // ...with this value (after the real one)
  bool duplicate_result = false;         // the body carries "result" twice (the second one empty)
};

// An echoing proxy in front of the instance (echo_proxy.h): requests whose path starts with
// `path_prefix` are answered with what they carried (the Authorization header, that header
// decoded, the form body and the credentials in it as userinfo, percent- and form-encoded), the
// way a misbehaving proxy, gateway or script does, in one server-controlled channel.
struct EchoFault {
  enum class Channel {
    ErrorMessage,      // 401 with ServiceNow's error body: error.message is the echo
    ErrorDetail,       // 401, error.detail is the echo
    WwwAuthenticate,   // 401, WWW-Authenticate: Basic realm="<echo>"
    Location,          // 302, Location: http://<user:password>@<host>/login.do?echo=<echo>
    RelativeLocation,  // 302, Location: /login.do?echo=<echo>
    Link,              // the normal answer, Link: <http://proxy.example/next?echo=..>;rel="next"
    ErrorDescription,  // 401 {"error":"invalid_client","error_description":"<echo>"}
  };
  Channel channel = Channel::ErrorMessage;
  std::string path_prefix = "/api/now/";  // e.g. "/oauth_token.do", "/api/x_acme/"
};

struct Faults {
  // The network: one round trip for every HTTP request, slept before it is answered.
  int latency_ms = 0;
  // The instance's own time for each query it runs (a Table API GET, a Scripted REST call, a
  // token request, or one item of a batch). Separate HTTP requests are served concurrently, as
  // the platform's worker threads do; a batch's items one after another, in one transaction.
  int query_ms = 0;
  bool hibernating = false;     // every request: 200 text/html hibernation page
  bool login_redirect = false;  // every API request: 302 to /login.do
  std::map<std::string, TableFault> tables;
  // Applied to every answer, after the instance decided it: a batch's and each of its items'.
  std::vector<EchoFault> echoes;
  // POST /oauth_token.do answers with this instead (status, body, content_type, location,
  // delay_ms, times), whatever the chain holds: the token endpoint's answers of every class.
  TableFault token;
  // POST /api/now/v1/batch answers with this instead (status, body, ..., times): a proxy that
  // refuses it, a node error.
  TableFault batch;
};

// The Batch API's limits (ServiceNowDocs batch-api.md L35-40; batch_api.h).
struct BatchLimits {
  bool available = true;  // false: the path is not a resource (400), as without the API
  std::size_t max_input_bytes = 5u * 1024u * 1024u;    // glide.rest.batch.max.inputSize
  std::size_t max_output_bytes = 10u * 1024u * 1024u;  // glide.rest.batch.max.outputSize
  std::chrono::milliseconds time_limit{30000};         // "REST Batch API request timeout"
};

// What the instance's data dictionary says (schema.cpp). sys_dictionary and sys_choice are derived
// from the scenario's tables unless the scenario lists those tables itself: one sys_dictionary row
// per table (element empty) and per column its rows carry, under the table that defines it.
struct Schema {
  std::map<std::string, std::set<std::string>> columns;  // columns beyond those the rows carry
  std::map<std::string, std::string> defined_on;  // "table.column" -> the parent that defines it
  std::map<std::string, std::string> labels;      // "table.column" -> label (default: the words)
  std::set<std::string> dropped;                  // "table.column" missing from sys_dictionary
  // "table.column" -> its choices as (value, label), in order.
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> choices;
};

struct Scenario {
  std::string name;
  // Table name -> rows. A table not listed does not exist: 400 "Invalid table <name>".
  std::map<std::string, std::vector<Record>> tables;
  // "<table>.<field>" -> referenced table; such fields are returned as {link, value} and can be
  // dot-walked in sysparm_fields and sysparm_query.
  std::map<std::string, std::string> references;
  // Row ACLs: sys_ids the reading user cannot see. They are removed after the page is cut, so a
  // page comes back shorter than sysparm_limit while more rows follow.
  std::map<std::string, std::set<std::string>> hidden_rows;
  // Field ACLs: fields never returned for a table.
  std::map<std::string, std::set<std::string>> hidden_fields;
  // Tables the reading user may not read at all: 403.
  std::set<std::string> denied_tables;
  // Accepted credentials for the Table API.
  std::string user = "sncheck.reader";
  std::string password = "demo-password";
  std::string bearer_token;  // empty: bearer not accepted
  // OAuth client secrets by client id. Kept outside the tables because the platform never
  // returns oauth_entity.client_secret in clear text; /oauth_token.do compares against these.
  std::map<std::string, std::string> client_secrets;
  // Whether /oauth_token.do takes the client credentials from a Basic Authorization header;
  // false models a set-up that only accepts them as client_id/client_secret in the body.
  bool token_basic_auth = true;
  BatchLimits batch;
  Schema schema;
  bool link_header = true;         // send Link rel=next/prev/first/last
  bool total_count_header = true;  // send X-Total-Count
  Faults faults;
};

// Scenario file format: tests/fake_instance/scenarios/README.md.
// Rows are written in scenario files as {"field": "value" | {"value": "...", "link": "..."}}.
// A row without sys_id gets a stable one derived from table and position.
Scenario parse_scenario(
    const std::string& json_text);  // throws std::runtime_error naming the problem
Scenario load_scenario_file(const std::string& path);

// The instance tests start from: every link of the client-credentials chain holds.
Scenario healthy_scenario();
// The README demo: the classic broken set-up (property never created, application user empty).
Scenario demo_scenario();
// Generated in code (generated_scenarios.cpp): the healthy scenario plus the bulk of a large
// production instance: `users` more sys_user rows (each with an itil grant), `properties` more
// sys_properties, `plugins` more plugins in both sys_plugins and v_plugin, and `rest_resources`
// more Scripted REST resources (ten per API), a quarter of them in active APIs.
Scenario large_scenario(int users = 50000, int properties = 20000, int plugins = 3000,
                        int rest_resources = 2000);
// Appends generated Scripted REST APIs (ten resources each, requiring authentication and the
// healthy scenario's REST_Endpoint ACL): `active` resources in active APIs, `inactive` in
// inactive ones. Their sys_ids are derived from their position: call it once per scenario.
void add_rest_resources(Scenario& scenario, int active, int inactive);
// The healthy scenario plus `clients` more active client-credentials registry entries.
Scenario many_clients_scenario(int clients = 10000);

// An access token /oauth_token.do issued, for the Bearer calls that follow.
struct IssuedToken {
  std::string access_token;
  std::string entity_sys_id;  // the oauth_entity the client authenticated as
  std::string user_sys_id;    // its OAuth Application User: the token acts as this user
  std::string scope;
  std::chrono::system_clock::time_point expires;
};

struct LoggedRequest {
  std::string method;
  std::string path;
  std::string content_type;
  std::multimap<std::string, std::string> params;
  bool has_authorization = false;
  int status = 0;
  std::string remote_addr;
  int remote_port = 0;
  // When the request arrived and when its answer was ready (after the latency and query time).
  std::chrono::steady_clock::time_point received;
  std::chrono::steady_clock::time_point answered;
  // A batch request's items, in order (method, path, params, status; unserviced ones status 0).
  std::vector<LoggedRequest> items;
};

struct Answer;        // answers.h
class ScenarioIndex;  // table_api.h
struct InstanceCall;  // fake_instance.cpp: one request, over HTTP or as a batch item

struct TlsFiles {
  std::string certificate_pem;  // path of the server certificate (chain)
  std::string private_key_pem;  // path of its key
};

class FakeInstance {
 public:
  explicit FakeInstance(Scenario scenario, int port = 0);  // 0: any free port on 127.0.0.1
  // HTTPS with this certificate chain and key (PEM files); url() is then "https://...".
  FakeInstance(Scenario scenario, const TlsFiles& tls);
  ~FakeInstance();
  FakeInstance(const FakeInstance&) = delete;
  FakeInstance& operator=(const FakeInstance&) = delete;

  int port() const { return port_; }
  std::string url() const;  // "http://127.0.0.1:<port>"

  // Changes the scenario while running (thread-safe).
  void update(const std::function<void(Scenario&)>& change);

  // Every HTTP request (a batch is one, with its items inside).
  std::vector<LoggedRequest> requests() const;
  // Every query the instance ran: plain requests and the serviced items of batches, in order.
  std::vector<LoggedRequest> queries() const;
  // The longest chain of requests each sent after the one before it was answered: what a client
  // waited for, in round trips (requests that overlap count once).
  std::size_t round_trips() const;
  void clear_requests();
  // Distinct client connections seen (remote address and port pairs).
  std::size_t connections_seen() const;

  // The token /oauth_token.do issued with this value, if any and not expired.
  std::optional<IssuedToken> issued_token(const std::string& bearer) const;
  // Forgets every issued token (as deleting oauth_access_token records does): their next use
  // gets 401.
  void revoke_issued_tokens();
  // Every access token issued so far (for tests that look for them in sncheck's output).
  std::vector<std::string> issued_access_tokens() const;

 private:
  void start(int port);
  void install_routes();
  bool reads_allowed(const std::string& authorization) const;
  void apply(const Answer& answer, httplib::Response& response);
  void handle(const httplib::Request& request, httplib::Response& response);
  Answer decide(const InstanceCall& call);  // route() plus the query time
  Answer route(const InstanceCall& call);
  Answer decide_table(const InstanceCall& call, const std::string& version,
                      const std::string& table, const std::string& sys_id);
  Answer serve_batch(const InstanceCall& call, std::vector<LoggedRequest>& items);
  void log(const httplib::Request& request, int status,
           std::chrono::steady_clock::time_point received, std::vector<LoggedRequest> items);

  mutable std::mutex mutex_;
  Scenario scenario_;
  std::unique_ptr<ScenarioIndex> index_;  // over scenario_; cleared by update()
  std::vector<LoggedRequest> log_;
  std::map<std::string, IssuedToken> issued_tokens_;  // by access_token
  std::vector<std::string> ever_issued_;              // revoked ones too
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  bool https_ = false;
  std::atomic<bool> stopping_{false};  // cuts a stalled answer short when the server stops
};

}  // namespace sncheck::fake
