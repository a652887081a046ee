// SPDX-License-Identifier: Apache-2.0
#pragma once
// Links into the instance's UI, for evidence and remediation. Percent-encoding here is the RFC 3986
// rule for a query value, kept apart from libcurl so the stages that judge never link it.

#include <string>
#include <string_view>

namespace sncheck {

// Every byte but the unreserved characters (A-Z a-z 0-9 - . _ ~) as %XX.
std::string percent_encode(std::string_view text);

// "<instance>/<table>.do?sys_id=<sys_id>", or "" without a sys_id.
std::string record_link(std::string_view instance_url, std::string_view table,
                        std::string_view sys_id);
// "<instance>/<table>_list.do?sysparm_query=<query, encoded>".
std::string list_link(std::string_view instance_url, std::string_view table,
                      std::string_view query);
// A new-record form with fields filled in: "<instance>/<table>.do?sys_id=-1&sysparm_query=<query,
// encoded>" (field=value terms joined by ^), the form ServiceNowDocs documents for opening a new
// record with values (platform-user-interface/r_NavigatingByURLExamples.md l.19-23).
std::string new_record_link(std::string_view instance_url, std::string_view table,
                            std::string_view query);

}  // namespace sncheck
