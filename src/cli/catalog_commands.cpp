// SPDX-License-Identifier: Apache-2.0
#include "cli/catalog_commands.h"

#include <fmt/format.h>

#include "cli/suggest.h"
#include "cli/terminal_style.h"

#include "evaluate/evaluators/builtin_evaluators.h"
#include "plan/selection.h"
#include "report/check_docs.h"
#include "report/markdown_terminal.h"
#include "report/report.h"

namespace sncheck {

CheckCatalog load_catalog(const std::vector<std::string>& checks_dirs) {
  // The registry outlives every catalog: catalogs point into it.
  static const EvaluatorRegistry evaluators = [] {
    EvaluatorRegistry registry;
    register_builtin_evaluators(registry);
    return registry;
  }();
  return CheckCatalog::load(evaluators, checks_dirs);
}

int list_checks(const CheckCatalog& catalog, const Options& options, Io& io) {
  std::vector<const CheckDefinition*> selected =
      select_checks(catalog.checks(), "", options.checks, [](const std::string&) { return true; });
  if (options.format == "json") {
    write_check_list_json(io.out, selected);
    return 0;
  }
  for (const CheckDefinition* check : selected) {
    io.out << fmt::format("{:<36} {:<8} {}\n", check->id, to_string(check->severity), check->title);
  }
  return 0;
}

int explain(const CheckCatalog& catalog, const Options& options, Io& io) {
  const CheckDefinition* check = catalog.find(options.explain_id);
  if (check == nullptr) {
    std::vector<std::string> ids;
    for (const CheckDefinition& each : catalog.checks()) ids.push_back(each.id);
    io.err << fmt::format("sncheck: no check '{}'{}; `sncheck checks` lists them\n",
                          options.explain_id, did_you_mean(options.explain_id, ids));
    return 2;
  }
  std::string doc = render_check_doc(catalog, *check);
  // Markdown (the docs/checks page) unless it is read on a terminal, or --format says otherwise.
  bool plain = options.format_given ? options.format == "text" : io.out_is_tty;
  if (!plain) {
    io.out << doc;
    return 0;
  }
  bool colour = colour_wanted(options.color, io.out_is_tty, io.env);
  io.out << report::markdown_to_terminal(doc, static_cast<std::size_t>(stdout_width(io)), colour);
  return 0;
}

}  // namespace sncheck
