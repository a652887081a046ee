// SPDX-License-Identifier: Apache-2.0
#pragma once
// How bad a finding is, and what a check concluded: the two vocabularies every stage shares.

#include <optional>
#include <string_view>

namespace sncheck {

enum class Severity { Info, Low, Medium, High, Critical };
enum class Status { Pass, Fail, Warn, Skip, Error };

std::string_view to_string(Severity severity);
std::string_view to_string(Status status);
// Exact lower-case names ("high", "pass"); nullopt otherwise.
std::optional<Severity> parse_severity(std::string_view text);
std::optional<Status> parse_status(std::string_view text);

}  // namespace sncheck
