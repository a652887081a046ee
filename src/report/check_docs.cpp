// SPDX-License-Identifier: Apache-2.0
#include "report/check_docs.h"

#include <fmt/format.h>

#include "model/check_reads.h"
#include "model/run_parameters.h"

namespace sncheck {
namespace {

// The command-line flag that sets a run parameter.
std::string flag_of(const std::string& param) {
  const RunParameter* parameter = find_run_parameter(param);
  return fmt::format("`{}`", parameter != nullptr ? parameter->flag : param);
}

std::string reads_section(const CheckDefinition& check) {
  std::string text =
      "Table API reads (sncheck merges reads of the same table into one request):\n\n";
  for (const ReadSpec& read : check.reads) {
    text +=
        fmt::format("- `{}`: `GET /api/now/table/{}?sysparm_query={}`, fields `{}`\n", read.name,
                    read.table, read.query, fmt::join(needed_fields(check, read), ","));
    for (const auto& [param, clause] : read.narrow) {
      text += fmt::format("  - narrowed by {}: `^{}`\n", flag_of(param), clause);
    }
    if (read.keyed_on && read.keyed_on->only_if_found()) {
      text += fmt::format("  - read in a second wave, and only when the read `{}` found a record\n",
                          read.keyed_on->read);
    } else if (read.keyed_on) {
      text += fmt::format(
          "  - keyed: read in a second wave, only for the rows whose `{}` is one of the `{}` "
          "values the read `{}` returned (`^{}IN...`)\n",
          read.keyed_on->column, read.keyed_on->field, read.keyed_on->read, read.keyed_on->column);
    }
    if (read.name == kSchemaReadName) {
      text +=
          "  - sncheck's own read: the columns below are looked up in the instance's dictionary "
          "before any read that uses them is trusted\n";
    }
    if (!read.fallback_for.empty()) {
      text += fmt::format(
          "  - a fallback: read in a second wave, only when `{}` finds no record or cannot be "
          "read\n",
          read.fallback_for);
    }
  }
  return text;
}

std::string columns_section(const CheckDefinition& check) {
  if (check.columns.empty()) return {};
  std::string text =
      "Columns only practitioner sources name, verified live in `sys_dictionary` (a column the "
      "instance lacks makes the reads that use it `error`, naming it):\n\n";
  for (const SchemaColumn& column : check.columns) {
    text += fmt::format("- `{}.{}`", column.table, column.column);
    if (!column.parents.empty()) {
      text += fmt::format(" (or inherited from `{}`)", fmt::join(column.parents, "`, `"));
    }
    text += "\n";
  }
  return text + "\n";
}

std::string list(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) text += fmt::format("- {}\n", item);
  return text;
}

}  // namespace

std::string render_check_doc(const CheckCatalog& catalog, const CheckDefinition& check) {
  std::string doc = fmt::format("# {}\n\n**{}**\n\n", check.id, check.title);
  doc += fmt::format(
      "| severity | suite | chain step | on failure |\n|---|---|---|---|\n"
      "| {} | {} | {} | {} |\n\n",
      to_string(check.severity), check.suite, check.chain_step, to_string(check.failure_status));
  if (!check.tags.empty()) doc += fmt::format("Tags: {}\n\n", fmt::join(check.tags, ", "));
  doc += fmt::format("## Why it matters\n\n{}\n\n", check.rationale);
  doc +=
      fmt::format("## How it is evaluated\n\n{}\n\n", catalog.evaluator_for(check).describe(check));
  doc += reads_section(check) + "\n";
  doc += columns_section(check);
  std::vector<std::string> flags;
  for (const std::string& param : check.requires_params) {
    const RunParameter* parameter = find_run_parameter(param);
    if (parameter == nullptr || !parameter->always_set) flags.push_back(flag_of(param));
  }
  if (!flags.empty()) {
    doc += fmt::format(
        "Runs only when {} {} given; otherwise it is not selected and reads nothing.\n\n",
        fmt::join(flags, " and "), flags.size() == 1 ? "is" : "are");
  }
  if (!check.prerequisites.empty()) {
    doc += fmt::format("Skipped when a prerequisite fails: {}.\n\n",
                       fmt::join(check.prerequisites, ", "));
  }
  doc +=
      "A read that fails (no access, the table missing, the instance unreachable) gives "
      "`error`, never `pass`.\n\n";
  doc += fmt::format("## Remediation\n\n{}\n\n", check.remediation);
  doc += fmt::format("## References\n\n{}", list(check.references));
  doc += fmt::format("\n_Generated from `{}` by `sncheck explain {}`._\n", check.origin, check.id);
  return doc;
}

}  // namespace sncheck
