// SPDX-License-Identifier: Apache-2.0
#include "cli/help_format.h"

#include <sstream>

namespace sncheck {

std::string HelpFormatter::make_option_opts(const CLI::Option* opt) const {
  if (!opt->get_option_text().empty()) return " " + opt->get_option_text();
  std::ostringstream out;
  if (opt->get_type_size() != 0) {
    // get_type_name() appends each validator's description after a ':'; the placeholder is the
    // part before it (the option's own help text names the accepted values and ranges).
    std::string type = opt->get_type_name();
    type = type.substr(0, type.find(':'));
    if (!type.empty()) out << " " << get_label(type);
    if (opt->get_expected_max() == CLI::detail::expected_max_vector_size) out << " ...";
    if (opt->get_required()) out << " " << get_label("REQUIRED");
  }
  return out.str();
}

std::string HelpFormatter::make_group(std::string group, bool is_positional,
                                      std::vector<const CLI::Option*> opts) const {
  std::string out = group + ":\n";
  for (const CLI::Option* opt : opts) out += make_option(opt, is_positional);
  return is_positional ? out + "\n" : out;
}

std::string HelpFormatter::make_usage(const CLI::App* app, std::string name) const {
  return CLI::Formatter::make_usage(app, std::move(name)) + "\n";
}

std::shared_ptr<HelpFormatter> make_help_formatter() {
  auto formatter = std::make_shared<HelpFormatter>();
  formatter->column_width(32);
  return formatter;
}

}  // namespace sncheck
