// SPDX-License-Identifier: Apache-2.0
#include "cli/help_format.h"

#include <sstream>
#include <vector>

#include "report/text_wrap.h"

namespace sncheck {
namespace {

using report::visible_width;

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// The column a description starts at: after the first run of two or more spaces that follows the
// line's own text (an option's or command's name), when that is in the left half; else the
// line's indent (prose, or a description CLI11 put on a line of its own).
std::size_t description_column(const std::string& line, std::size_t lead, std::size_t width) {
  std::size_t gap = line.find("  ", lead);
  if (gap != std::string::npos) {
    std::size_t column = line.find_first_not_of(' ', gap);
    if (column != std::string::npos && column <= width / 2) return column;
  }
  return lead;
}

// `text` wrapped from column `column` (what stands before it is `prefix`), continuation lines
// indented to `column`, the end of their indent replaced by `marker` ("# ": a comment goes on).
std::string hang(const std::string& prefix, std::string_view text, std::size_t column,
                 std::size_t width, const std::string& marker = "") {
  std::string wrapped = report::wrap(text, width, column, column);
  std::string out = prefix;
  bool first = true;
  const std::string indent(column, ' ');
  for (const std::string& line : split_lines(wrapped)) {
    if (!first && !marker.empty() && column >= marker.size() &&
        line.compare(0, column, indent) == 0) {
      out += std::string(column - marker.size(), ' ') + marker + line.substr(column);
    } else {
      out += line;
    }
    out += '\n';
    first = false;
  }
  return out;
}

// Words of a shell command, split at spaces outside quotes.
std::vector<std::string> shell_words(std::string_view command) {
  std::vector<std::string> words;
  std::string word;
  char quote = 0;
  for (char c : command) {
    if (quote == 0 && c == ' ') {
      if (!word.empty()) words.push_back(word);
      word.clear();
      continue;
    }
    if (quote == 0 && (c == '\'' || c == '"')) {
      quote = c;
    } else if (c == quote) {
      quote = 0;
    }
    word += c;
  }
  if (!word.empty()) words.push_back(word);
  // An option and its value stay on one line ("--report junit=x.xml").
  std::vector<std::string> units;
  for (const std::string& each : words) {
    if (!units.empty() && units.back().rfind('-', 0) == 0 &&
        units.back().find(' ') == std::string::npos && each.rfind('-', 0) != 0) {
      units.back() += " " + each;
    } else {
      units.push_back(each);
    }
  }
  return units;
}

// An example command on lines that end in " \", continued 4 columns deeper.
std::string shell_wrap(const std::string& line, std::size_t lead, std::size_t width) {
  std::string out;
  std::string current(lead, ' ');
  bool empty = true;
  for (const std::string& word : shell_words(std::string_view(line).substr(lead))) {
    if (!empty && visible_width(current) + 1 + visible_width(word) + 2 > width) {
      out += current + " \\\n";
      current = std::string(lead + 4, ' ') + word;
    } else {
      current += (empty ? "" : " ") + word;
    }
    empty = false;
  }
  return out + current + "\n";
}

std::string fit_example(const std::string& line, std::size_t lead, std::size_t width) {
  if (line.compare(lead, 2, "# ") == 0) {
    return hang(line.substr(0, lead + 2), std::string_view(line).substr(lead + 2), lead + 2, width,
                "# ");
  }
  std::size_t hash = line.find("  # ", lead);
  if (hash != std::string::npos) {
    std::size_t column = line.find('#', hash);
    if (column + 20 <= width) {
      return hang(line.substr(0, column + 2), std::string_view(line).substr(column + 2), column + 2,
                  width, "# ");
    }
  }
  return shell_wrap(line, lead, width);
}

}  // namespace

std::string fit_help_to_width(std::string_view help, std::size_t width) {
  std::string out;
  bool in_examples = false;
  for (const std::string& line : split_lines(help)) {
    if (line.empty()) {
      in_examples = false;
    } else if (line.back() == ':' && line.front() != ' ') {
      in_examples = line == "Examples:";
    }
    if (visible_width(line) <= width) {
      out += line + '\n';
      continue;
    }
    std::size_t lead = line.find_first_not_of(' ');
    if (in_examples) {
      out += fit_example(line, lead, width);
      continue;
    }
    std::size_t column = description_column(line, lead, width);
    out += hang(line.substr(0, column), std::string_view(line).substr(column), column, width);
  }
  if (!help.empty() && help.back() != '\n' && !out.empty()) out.pop_back();
  return out;
}

std::string HelpFormatter::make_help(const CLI::App* app, std::string name,
                                     CLI::AppFormatMode mode) const {
  return fit_help_to_width(CLI::Formatter::make_help(app, std::move(name), mode), kHelpWidth);
}

std::string HelpFormatter::make_option(const CLI::Option* opt, bool is_positional) const {
  // As CLI11's, but a description never touches its name: at least two spaces between them
  // (else on the next line), so that the wrapping above finds the description's column.
  std::string name = "  " + make_option_name(opt, is_positional) + make_option_opts(opt);
  std::string description = make_option_desc(opt);
  if (description.empty()) return name + "\n";
  std::string out = name;
  if (name.size() + 2 > column_width_) {
    out += "\n" + std::string(column_width_, ' ');
  } else {
    out += std::string(column_width_ - name.size(), ' ');
  }
  for (char c : description) {
    out += c;
    if (c == '\n') out += std::string(column_width_, ' ');
  }
  return out + "\n";
}

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
