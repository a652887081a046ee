// SPDX-License-Identifier: Apache-2.0
#include "report/markdown_terminal.h"

#include <algorithm>
#include <vector>

#include "core/strings.h"
#include "report/text_wrap.h"

namespace sncheck::report {
namespace {

constexpr std::string_view kBold = "\033[1m";
constexpr std::string_view kBoldOff = "\033[22m";
constexpr std::string_view kCode = "\033[36m";
constexpr std::string_view kCodeOff = "\033[39m";

struct Renderer {
  std::size_t width;
  bool colour;
  std::string out;

  std::string paint(std::string_view text, std::string_view on, std::string_view off) const {
    if (!colour || text.empty()) return std::string(text);
    return std::string(on) + std::string(text) + std::string(off);
  }

  // Inline Markdown: `code`, **strong**, _emphasis_ / *emphasis* at word edges, [text](url),
  // <url>, backslash escapes.
  std::string inline_text(std::string_view text) const {
    std::string result;
    std::size_t i = 0;
    auto word_edge_before = [&text](std::size_t at) {
      return at == 0 || text[at - 1] == ' ' || text[at - 1] == '(';
    };
    while (i < text.size()) {
      char c = text[i];
      if (c == '\\' && i + 1 < text.size() &&
          std::string_view("\\`*_[]()<>#|-").find(text[i + 1]) != std::string_view::npos) {
        result += text[i + 1];
        i += 2;
        continue;
      }
      if (c == '`') {
        std::size_t end = text.find('`', i + 1);
        if (end != std::string_view::npos) {
          result += paint(text.substr(i + 1, end - i - 1), kCode, kCodeOff);
          i = end + 1;
          continue;
        }
      }
      if (text.compare(i, 2, "**") == 0) {
        std::size_t end = text.find("**", i + 2);
        if (end != std::string_view::npos && end > i + 2) {
          result += paint(inline_text(text.substr(i + 2, end - i - 2)), kBold, kBoldOff);
          i = end + 2;
          continue;
        }
      }
      if ((c == '_' || c == '*') && word_edge_before(i) && i + 1 < text.size() &&
          text[i + 1] != ' ') {
        // The closing marker ends a word: "_Generated from x._", not "app_user".
        std::size_t end = i + 1;
        while ((end = text.find(c, end)) != std::string_view::npos) {
          bool closes = text[end - 1] != ' ' && (end + 1 == text.size() ||
                                                 std::string_view(" .,;:)!?").find(text[end + 1]) !=
                                                     std::string_view::npos);
          if (closes) break;
          ++end;
        }
        if (end != std::string_view::npos) {
          result += inline_text(text.substr(i + 1, end - i - 1));
          i = end + 1;
          continue;
        }
      }
      if (c == '[') {
        std::size_t close = text.find("](", i);
        std::size_t end = close == std::string_view::npos ? close : text.find(')', close);
        if (end != std::string_view::npos) {
          std::string label = inline_text(text.substr(i + 1, close - i - 1));
          std::string_view url = text.substr(close + 2, end - close - 2);
          result += label == url ? std::string(url) : label + " (" + std::string(url) + ")";
          i = end + 1;
          continue;
        }
      }
      if (c == '<') {
        std::size_t end = text.find('>', i);
        std::string_view inner =
            end == std::string_view::npos ? std::string_view() : text.substr(i + 1, end - i - 1);
        if (inner.rfind("http://", 0) == 0 || inner.rfind("https://", 0) == 0) {
          result += inner;
          i = end + 1;
          continue;
        }
      }
      result += c;
      ++i;
    }
    return result;
  }

  void blank() {
    if (!out.empty() &&
        out.compare(out.size() - std::min<std::size_t>(out.size(), 2), 2, "\n\n") != 0) {
      out += '\n';
    }
  }

  void heading(int level, std::string_view text) {
    blank();
    std::string shown = inline_text(text);
    std::string wrapped = wrap(shown, width, 0, 0);
    wrapped.pop_back();
    out += paint(wrapped, kBold, kBoldOff) + '\n';
    std::size_t longest = 0;
    std::size_t start = 0;
    while (start <= wrapped.size()) {
      std::size_t end = wrapped.find('\n', start);
      if (end == std::string::npos) end = wrapped.size();
      longest =
          std::max(longest, visible_width(std::string_view(wrapped).substr(start, end - start)));
      start = end + 1;
    }
    out += std::string(std::min(longest, width), level == 1 ? '=' : '-') + "\n\n";
  }

  void paragraph(std::string_view text, std::size_t first_indent, std::string_view marker,
                 std::size_t indent) {
    out += std::string(first_indent, ' ') + std::string(marker);
    out += wrap(inline_text(text), width, first_indent + visible_width(marker), indent);
  }

  static std::vector<std::string> cells(std::string_view row) {
    std::string_view inner = row;
    while (!inner.empty() && inner.front() == ' ') inner.remove_prefix(1);
    while (!inner.empty() && inner.back() == ' ') inner.remove_suffix(1);
    if (!inner.empty() && inner.front() == '|') inner.remove_prefix(1);
    if (!inner.empty() && inner.back() == '|') inner.remove_suffix(1);
    std::vector<std::string> result;
    std::string cell;
    for (std::size_t i = 0; i < inner.size(); ++i) {
      if (inner[i] == '\\' && i + 1 < inner.size() && inner[i + 1] == '|') {
        cell += '|';
        ++i;
      } else if (inner[i] == '|') {
        result.push_back(cell);
        cell.clear();
      } else {
        cell += inner[i];
      }
    }
    result.push_back(cell);
    for (std::string& each : result) {
      std::size_t start = each.find_first_not_of(' ');
      std::size_t end = each.find_last_not_of(' ');
      each = start == std::string::npos ? "" : each.substr(start, end - start + 1);
    }
    return result;
  }

  static bool separator_row(const std::vector<std::string>& row) {
    for (const std::string& cell : row) {
      if (cell.empty() || cell.find_first_not_of("-: ") != std::string::npos) return false;
    }
    return true;
  }

  // Aligned columns, two spaces apart, the header bold; too wide for the terminal: each row as
  // "header: value; ..." wrapped.
  void table(const std::vector<std::string>& rows) {
    std::vector<std::vector<std::string>> grid;
    for (const std::string& row : rows) {
      std::vector<std::string> parsed = cells(row);
      if (separator_row(parsed)) continue;
      for (std::string& cell : parsed) cell = inline_text(cell);
      grid.push_back(parsed);
    }
    if (grid.empty()) return;
    std::size_t columns = 0;
    for (const auto& row : grid) columns = std::max(columns, row.size());
    std::vector<std::size_t> widths(columns, 0);
    for (const auto& row : grid) {
      for (std::size_t c = 0; c < row.size(); ++c) {
        widths[c] = std::max(widths[c], visible_width(row[c]));
      }
    }
    std::size_t total = 2;
    for (std::size_t each : widths) total += each + 2;
    if (total > width + 2) {
      for (std::size_t r = 1; r < grid.size(); ++r) {
        std::string line;
        for (std::size_t c = 0; c < grid[r].size(); ++c) {
          std::string name = c < grid[0].size() ? grid[0][c] : "";
          line += (c == 0 ? "" : "; ") + name + ": " + grid[r][c];
        }
        out += "  " + wrap(line, width, 2, 4);
      }
      return;
    }
    for (std::size_t r = 0; r < grid.size(); ++r) {
      std::string line = "  ";
      for (std::size_t c = 0; c < grid[r].size(); ++c) {
        std::string cell = grid[r][c];
        bool last = c + 1 == grid[r].size();
        std::string padded =
            last ? cell : cell + std::string(widths[c] - visible_width(cell) + 2, ' ');
        line += r == 0 ? paint(padded, kBold, kBoldOff) : padded;
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out += line + '\n';
    }
  }
};

std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string line(text.substr(start, end - start));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

// Tabs as spaces, then every control character (and bidirectional control) as a visible escape.
std::string safe_line(const std::string& line) {
  std::string spaced;
  for (char c : line) {
    if (c == '\t') {
      spaced.append(4 - spaced.size() % 4, ' ');
    } else {
      spaced += c;
    }
  }
  return escape_control(spaced);
}

bool is_list_item(const std::string& line, std::size_t& indent, std::size_t& marker_size) {
  indent = line.find_first_not_of(' ');
  if (indent == std::string::npos) return false;
  if (line.compare(indent, 2, "- ") == 0 || line.compare(indent, 2, "* ") == 0 ||
      line.compare(indent, 2, "+ ") == 0) {
    marker_size = 2;
    return true;
  }
  std::size_t digits = indent;
  while (digits < line.size() && line[digits] >= '0' && line[digits] <= '9') ++digits;
  if (digits > indent && line.compare(digits, 2, ". ") == 0) {
    marker_size = digits - indent + 2;
    return true;
  }
  return false;
}

}  // namespace

std::string markdown_to_terminal(std::string_view markdown, std::size_t width, bool colour) {
  Renderer renderer{std::max<std::size_t>(width, 20), colour, {}};
  std::vector<std::string> lines = lines_of(markdown);
  for (std::string& line : lines) line = safe_line(line);
  std::size_t i = 0;
  while (i < lines.size()) {
    const std::string& line = lines[i];
    std::size_t lead = line.find_first_not_of(' ');
    if (lead == std::string::npos) {
      renderer.blank();
      ++i;
      continue;
    }
    std::string_view body = std::string_view(line).substr(lead);
    if (body.rfind("```", 0) == 0 || body.rfind("~~~", 0) == 0) {
      // A fenced block: its lines indented by four, as they are (never wrapped).
      std::string fence(body.substr(0, 3));
      for (++i; i < lines.size(); ++i) {
        std::size_t at = lines[i].find_first_not_of(' ');
        if (at != std::string::npos && lines[i].compare(at, 3, fence) == 0) break;
        const std::string& raw = lines[i];
        std::size_t spaces = std::min(lead, std::min(raw.find_first_not_of(' '), raw.size()));
        std::string code = raw.substr(spaces);
        renderer.out += "    " + renderer.paint(code, kCode, kCodeOff) + '\n';
      }
      ++i;  // the closing fence
      continue;
    }
    if (body.front() == '#') {
      std::size_t level = body.find_first_not_of('#');
      if (level != std::string_view::npos && level <= 6 && body[level] == ' ') {
        std::string_view text = body.substr(level + 1);
        while (!text.empty() && (text.back() == '#' || text.back() == ' ')) text.remove_suffix(1);
        renderer.heading(static_cast<int>(level), text);
        ++i;
        continue;
      }
    }
    if (body.front() == '|') {
      std::vector<std::string> rows;
      while (i < lines.size()) {
        std::size_t at = lines[i].find_first_not_of(' ');
        if (at == std::string::npos || lines[i][at] != '|') break;
        rows.push_back(lines[i++]);
      }
      renderer.table(rows);
      continue;
    }
    std::size_t indent = 0, marker = 0;
    if (is_list_item(line, indent, marker)) {
      std::string text = line.substr(indent + marker);
      // Continuation lines of the item: indented, not a new item or block.
      for (++i; i < lines.size(); ++i) {
        std::size_t at = lines[i].find_first_not_of(' ');
        std::size_t sub_indent = 0, sub_marker = 0;
        if (at == std::string::npos || at <= indent ||
            is_list_item(lines[i], sub_indent, sub_marker)) {
          break;
        }
        text += " " + lines[i].substr(at);
      }
      std::string mark = line.substr(indent, marker);
      if (mark == "* " || mark == "+ ") mark = "- ";
      renderer.paragraph(text, indent + 2, mark, indent + 2 + marker);
      continue;
    }
    if (lead >= 4) {
      // An indented code block.
      renderer.out += "    " + renderer.paint(line.substr(4), kCode, kCodeOff) + '\n';
      ++i;
      continue;
    }
    // A paragraph: this line and the following ones up to a blank line or another block.
    std::string text(body);
    for (++i; i < lines.size(); ++i) {
      std::size_t at = lines[i].find_first_not_of(' ');
      std::size_t sub_indent = 0, sub_marker = 0;
      if (at == std::string::npos || lines[i][at] == '#' || lines[i][at] == '|' ||
          lines[i].compare(at, 3, "```") == 0 || is_list_item(lines[i], sub_indent, sub_marker)) {
        break;
      }
      text += " " + lines[i].substr(at);
    }
    renderer.paragraph(text, 0, "", 0);
  }
  std::string result = renderer.out;
  while (result.size() >= 2 && result.compare(result.size() - 2, 2, "\n\n") == 0) {
    result.pop_back();
  }
  return result;
}

}  // namespace sncheck::report
