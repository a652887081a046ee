// SPDX-License-Identifier: Apache-2.0
#include "cli/run_warnings.h"

#include <algorithm>

#include <fmt/format.h>

#include "cli/suggest.h"
#include "cli/values.h"
#include "core/glob.h"
#include "core/strings.h"
#include "core/usage_error.h"
#include "report/report.h"

namespace sncheck {
namespace {

bool has_wildcard(const std::string& pattern) {
  return pattern.find_first_of("*?[") != std::string::npos;
}

bool matches_any(const std::string& pattern, const std::vector<std::string>& ids) {
  return std::any_of(ids.begin(), ids.end(),
                     [&pattern](const std::string& id) { return glob_match(pattern, id); });
}

// " (did you mean 'X'?)" for a pattern without wildcards that is one typo from an id.
std::string suggestion(const std::string& pattern, const std::vector<std::string>& ids) {
  return has_wildcard(pattern) ? std::string() : did_you_mean(pattern, ids);
}

}  // namespace

std::vector<std::string> exclude_warnings(const CheckCatalog& catalog,
                                          const std::vector<std::string>& suites,
                                          const std::string& globs) {
  std::vector<std::string> ids;
  for (const CheckDefinition& check : catalog.checks()) {
    if (suites.empty() || std::find(suites.begin(), suites.end(), check.suite) != suites.end()) {
      ids.push_back(check.id);
    }
  }
  std::vector<std::string> warnings;
  for (const std::string& glob : split_list(globs)) {
    if (glob.size() < 2 || glob[0] != '-') continue;
    std::string pattern = glob.substr(1);
    if (matches_any(pattern, ids)) continue;
    warnings.push_back(fmt::format("--checks: '{}' excludes no check of {}{}", glob,
                                   suites.size() == 1 ? "suite " + suites[0] : "the run",
                                   suggestion(pattern, ids)));
  }
  return warnings;
}

std::vector<std::string> waiver_warnings(const CheckCatalog& catalog,
                                         const std::vector<Waiver>& waivers) {
  std::vector<std::string> ids;
  for (const CheckDefinition& check : catalog.checks()) ids.push_back(check.id);
  std::vector<std::string> warnings;
  for (const Waiver& waiver : waivers) {
    if (matches_any(waiver.check, ids)) continue;
    warnings.push_back(fmt::format("{}: check '{}' matches no check id, so it waives nothing{}",
                                   waiver.origin, waiver.check, suggestion(waiver.check, ids)));
  }
  return warnings;
}

std::vector<ReportTarget> report_targets(const Options& options, std::vector<std::string>& warnings,
                                         std::vector<std::string>& notes) {
  std::vector<ReportTarget> targets{{options.format, options.output}};
  if (!options.output.empty()) {
    std::optional<std::string> named = format_of_extension(options.output);
    if (named && !options.format_given) {
      targets[0].format = *named;
      notes.push_back(fmt::format("format: {} (from the extension of -o {}; --format overrides)",
                                  *named, options.output));
    } else if (named && *named != options.format) {
      warnings.push_back(fmt::format("-o {}: the name says {} but --format is {}; writing {}",
                                     options.output, *named, options.format, options.format));
    }
  }
  for (const std::string& spec : options.reports) {
    std::size_t equals = spec.find('=');
    std::string format = spec.substr(0, equals);
    const auto& known = report_formats();
    std::string lowered = format;
    std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (equals == std::string::npos || equals + 1 == spec.size() ||
        std::find(known.begin(), known.end(), lowered) == known.end()) {
      throw UsageError(fmt::format("--report '{}': expected FORMAT=FILE with FORMAT one of {}",
                                   spec, fmt::join(known, ", ")));
    }
    std::string path = spec.substr(equals + 1);
    std::optional<std::string> named = format_of_extension(path);
    if (named && *named != lowered) {
      warnings.push_back(
          fmt::format("--report {}: the name says {} but the format is {}; writing {}", spec,
                      *named, lowered, lowered));
    }
    targets.push_back({lowered, path});
  }
  return targets;
}

}  // namespace sncheck
