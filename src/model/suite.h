// SPDX-License-Identifier: Apache-2.0
#pragma once
// A suite: a named family of checks with its own chain (root-cause wording) and the configuration
// `sncheck diff` compares for it. Each built-in suite is checks/<suite>/suite.json plus its check
// files; a --checks-dir may bring a suite.json of its own. Nothing outside a suite's files names
// the suite: the CLI makes one subcommand per loaded suite.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/table_read.h"

namespace sncheck {

// How the root cause is put into words, for results of checks carrying `tag` (empty: any).
// Placeholders: {who}, {message} (the finding), {clause} (the finding as a clause, its first
// letter lowered), {subject} (the result's subject).
struct RootCauseWording {
  std::string tag;
  std::string text;
};

// A chain the HTML report draws as a row of boxes: the suite's checks carrying `tag` whose failure
// is a fail (not a hygiene warning), in chain order.
struct ChainDiagram {
  std::string title;  // "Token chain"
  std::string tag;
};

// Who the chain is about: with run parameter `param` given, `with` ({value} is the parameter);
// otherwise `without`.
struct ChainSubject {
  std::string param;
  std::string with;
  std::string without;
};

// One kind of configuration item `sncheck diff` extracts from a read: one item per row that has
// `require` (a field) non-empty. The key is the first of `key` (templates over the row's
// fields, {field}) whose placeholders are all non-empty; an attribute likewise from its list.
// A field the instance did not return is "not read", never empty.
struct DriftItem {
  std::string kind;  // "plugin", "property", ...
  std::string table;
  std::string query;
  std::string require;
  std::vector<std::string> fields;  // read as well, though no template names them
  std::vector<std::string> key;
  std::vector<std::pair<std::string, std::vector<std::string>>> attributes;
};

struct SuiteDescriptor {
  std::string name;                   // the subcommand
  std::string title;                  // "OAuth client-credentials chain"
  std::string summary;                // one line for `sncheck --help`
  std::string origin;                 // "built-in checks/oauth/suite.json" or the user's file
  std::vector<std::string> examples;  // command lines for the subcommand's --help
  ChainSubject subject;
  std::vector<RootCauseWording> root_cause;  // first match wins; the last has no tag
  std::vector<ChainDiagram> chains;          // optional: drawn by the HTML report
  std::vector<DriftItem> drift;

  // The reads `sncheck diff` needs for this suite, one per (table, query).
  std::vector<TableRead> drift_reads() const;
};

// Parses and validates a suite.json. Throws CheckLoadError (model/check_loader.h).
SuiteDescriptor parse_suite(std::string_view json_text, const std::string& origin);

// Fills a template's {field} placeholders from `lookup`; false when one is empty or missing.
bool expand_fields(std::string_view text,
                   const std::function<const std::string*(std::string_view)>& lookup,
                   std::string& out);

}  // namespace sncheck
