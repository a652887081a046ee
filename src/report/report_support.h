// SPDX-License-Identifier: Apache-2.0
#pragma once
// Helpers the report writers share: grouping by instance, names, notes on waivers and the gate,
// and escaping.

#include <string>
#include <string_view>
#include <vector>

#include "report/report.h"

namespace sncheck::report {

// The instances the results are about, in first-seen order; the context's instance when there
// are no results (a run that could not start reading).
std::vector<std::string> instances_of(const ReportContext& context);

// The results about one instance, in chain order.
std::vector<const Result*> results_for(const ReportContext& context, const std::string& instance);

// "acme.service-now.com" for "https://acme.service-now.com".
std::string host_of(std::string_view url);

// "<check id> [Acme Integration]", or the id alone.
std::string result_name(const Result& result);

// "seen: oauth_entity record c4be...: user = '' (expected user is not empty)" without "seen: ".
std::string describe_evidence(const Evidence& evidence);

// "waived until 2026-12-31 (owner: ...): reason" or "waiver expired on 2026-01-31 (...)"; empty
// without a waiver.
std::string waiver_note(const Result& result);

// Why a fail or warn result does not fail the run, or "" when it does (or is not fail/warn).
std::string not_blocking_note(const Result& result, const GatePolicy& gate);

// "passed", "failed", "incomplete" for exit codes 0, 1, 2.
std::string_view verdict(int exit_code);

// Escapes &, <, >, " and ' and drops characters XML 1.0 cannot carry.
std::string xml_escape(std::string_view text);

// The check's documentation page in the project's repository (docs/checks/<id>.md), or "" for
// a check from --checks-dir (it has none there).
std::string check_doc_url(const CheckDefinition& check);

// The current time, UTC, as YYYY-MM-DDTHH:MM:SS (the JUnit timestamp format, no zone).
std::string utc_timestamp_now();

}  // namespace sncheck::report
