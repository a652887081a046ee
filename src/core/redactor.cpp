// SPDX-License-Identifier: Apache-2.0
#include "core/redactor.h"

#include <algorithm>
#include <optional>

#include "core/secrets.h"
#include "core/strings.h"
#include "core/url.h"

namespace sncheck {
namespace {

constexpr char kHex[] = "0123456789ABCDEF";
constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
// Fewer Base64 characters than this that only a secret determines would match unrelated text.
constexpr std::size_t kMinBase64Core = 6;

unsigned char byte_at(std::string_view text, std::size_t i) {
  return static_cast<unsigned char>(text[i]);
}

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equal(std::string_view text, std::string_view spelling, bool ignore_case) {
  if (text.size() != spelling.size()) return false;
  if (!ignore_case) return text == spelling;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (ascii_lower(text[i]) != ascii_lower(spelling[i])) return false;
  }
  return true;
}

std::string hex_byte(unsigned value) { return {kHex[(value >> 4) & 15], kHex[value & 15]}; }

std::string json_unicode(std::uint32_t cp) {
  auto four = [](std::uint32_t v) {
    return "\\u" + hex_byte((v >> 8) & 0xFF) + hex_byte(v & 0xFF);
  };
  if (cp < 0x10000) return four(cp);
  cp -= 0x10000;
  return four(0xD800 + (cp >> 10)) + four(0xDC00 + (cp & 0x3FF));
}

}  // namespace

Redactor::~Redactor() {
  for (Form& form : forms_) {
    for (Piece& piece : form) {
      for (Spelling& spelling : piece) wipe(spelling.text);
    }
  }
  for (std::string& secret : secrets_) wipe(secret);
}

namespace {

void add_spelling(std::vector<std::pair<std::string, bool>>& piece, std::string text,
                  bool ignore_case = false) {
  for (const auto& existing : piece) {
    if (existing.first == text) return;
  }
  piece.emplace_back(std::move(text), ignore_case);
}

// Every way an encoder or escaper sncheck's outputs pass may write one character (a code point,
// or a byte that is not valid UTF-8).
std::vector<std::pair<std::string, bool>> unit_spellings(std::string_view unit,
                                                         std::optional<std::uint32_t> cp) {
  std::vector<std::pair<std::string, bool>> piece;
  add_spelling(piece, std::string(unit));
  std::string percent;
  for (char c : unit) percent += "%" + hex_byte(static_cast<unsigned char>(c));
  add_spelling(piece, percent, true);
  if (unit.size() == 1) {
    auto c = static_cast<unsigned char>(unit[0]);
    if (c == ' ') add_spelling(piece, "+");
    bool punct = (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) || (c >= 0x5B && c <= 0x60) ||
                 (c >= 0x7B && c <= 0x7E);
    if (punct) add_spelling(piece, std::string("\\") + unit[0]);  // JSON \" \/, Markdown \|
    switch (c) {
      case '&':
        add_spelling(piece, "&amp;");
        break;
      case '<':
        add_spelling(piece, "&lt;");
        break;
      case '>':
        add_spelling(piece, "&gt;");
        break;
      case '"':
        add_spelling(piece, "&quot;");
        break;
      case '\'':
        add_spelling(piece, "&#39;");
        add_spelling(piece, "&apos;");
        add_spelling(piece, "&#x27;", true);
        break;
      case '\b':
        add_spelling(piece, "\\b");
        break;
      case '\f':
        add_spelling(piece, "\\f");
        break;
      case '\n':
        add_spelling(piece, "\\n");
        break;
      case '\r':
        add_spelling(piece, "\\r");
        break;
      case '\t':
        add_spelling(piece, "\\t");
        break;
      default:
        break;
    }
    if (c < 0x20 || c == 0x7F || !cp) add_spelling(piece, "\\x" + hex_byte(c), true);
  }
  if (cp && (*cp < 0x20 || *cp >= 0x7F || unit == "\"" || unit == "\\" || unit == "/" ||
             unit == "<" || unit == ">" || unit == "&" || unit == "'")) {
    add_spelling(piece, json_unicode(*cp), true);
  }
  // Each of those inside a URL, once or twice percent-encoded (a redirect that carries a URL that
  // carried the secret): "%2F", "%252F", "%2B" for the '+' of a space.
  std::vector<std::pair<std::string, bool>> encoded = piece;
  for (const auto& [text, ignore_case] : encoded) {
    std::string once = percent_encode(text);
    add_spelling(piece, once, true);
    add_spelling(piece, percent_encode(once), true);
  }
  return piece;
}

// The spellings of one Base64 character: both alphabets, percent-encoded (once or twice),
// JSON-escaped.
void add_base64_char(std::vector<std::pair<std::string, bool>>& piece, unsigned value) {
  char c = kBase64[value & 63];
  add_spelling(piece, std::string(1, c));
  if (c == '+') {
    add_spelling(piece, "-");
    add_spelling(piece, "%2B", true);
    add_spelling(piece, "%252B", true);
  } else if (c == '/') {
    add_spelling(piece, "_");
    add_spelling(piece, "%2F", true);
    add_spelling(piece, "%252F", true);
    add_spelling(piece, "\\/");
  }
}

// Bits 6j .. 6j+5 of `data`, read as one Base64 character (zero past the end).
unsigned sextet(const std::vector<unsigned char>& data, std::size_t j) {
  std::size_t bit = 6 * j;
  std::size_t at = bit / 8;
  unsigned high = at < data.size() ? data[at] : 0u;
  unsigned low = at + 1 < data.size() ? data[at + 1] : 0u;
  unsigned two = (high << 8) | low;
  return (two >> (10 - bit % 8)) & 63u;
}

}  // namespace

void Redactor::add_form(Form form) {
  if (form.empty()) return;
  std::size_t length = 0;
  for (const Piece& piece : form) {
    std::size_t longest = 0;
    for (const Spelling& spelling : piece) longest = std::max(longest, spelling.text.size());
    length += longest;
  }
  longest_ = std::max(longest_, length);
  auto index = static_cast<std::uint32_t>(forms_.size());
  auto note = [&](unsigned char first) {
    std::vector<std::uint32_t>& list = by_first_byte_[first];
    if (list.empty() || list.back() != index) list.push_back(index);
  };
  auto cases = [](unsigned char c, bool ignore_case) {
    std::vector<unsigned char> out{c};
    if (ignore_case && c >= 'a' && c <= 'z') out.push_back(static_cast<unsigned char>(c - 32));
    if (ignore_case && c >= 'A' && c <= 'Z') out.push_back(static_cast<unsigned char>(c + 32));
    return out;
  };
  auto pair = [this](unsigned char a, unsigned char b) {
    first_pairs_.set(static_cast<std::size_t>((a << 8u) | b));
  };
  for (const Spelling& spelling : form.front()) {
    for (unsigned char first :
         cases(static_cast<unsigned char>(spelling.text[0]), spelling.ignore_case)) {
      note(first);
      if (spelling.text.size() >= 2) {
        for (unsigned char second :
             cases(static_cast<unsigned char>(spelling.text[1]), spelling.ignore_case)) {
          pair(first, second);
        }
      } else if (form.size() == 1) {
        for (unsigned second = 0; second < 256; ++second)
          pair(first, static_cast<unsigned char>(second));
      } else {
        for (const Spelling& next : form[1]) {
          for (unsigned char second :
               cases(static_cast<unsigned char>(next.text[0]), next.ignore_case)) {
            pair(first, second);
          }
        }
      }
    }
  }
  forms_.push_back(std::move(form));
}

void Redactor::add_base64_forms(std::string_view bytes, bool whole) {
  auto to_piece = [](std::vector<std::pair<std::string, bool>> spellings) {
    Piece piece;
    for (auto& [text, ignore_case] : spellings) piece.push_back({std::move(text), ignore_case});
    return piece;
  };
  for (std::size_t align = 0; align < 3; ++align) {
    if (whole && align > 0) break;
    std::vector<unsigned char> data(align, 0);
    for (char c : bytes) data.push_back(static_cast<unsigned char>(c));
    std::size_t first_bit = 8 * align;
    std::size_t end_bit = 8 * (align + bytes.size());
    std::size_t full_begin = (first_bit + 5) / 6;
    std::size_t full_end = end_bit / 6;
    if (!whole && (full_end <= full_begin || full_end - full_begin < kMinBase64Core)) continue;
    Form form;
    if (first_bit % 6 != 0) {  // the character the secret shares with what precedes it
      std::size_t j = full_begin - 1;
      unsigned dummy_bits = static_cast<unsigned>(first_bit - 6 * j);
      std::vector<std::pair<std::string, bool>> spellings;
      for (unsigned x = 0; x < (1u << dummy_bits); ++x) {
        add_base64_char(spellings, sextet(data, j) | (x << (6 - dummy_bits)));
      }
      form.push_back(to_piece(std::move(spellings)));
    }
    for (std::size_t j = full_begin; j < full_end; ++j) {
      std::vector<std::pair<std::string, bool>> spellings;
      add_base64_char(spellings, sextet(data, j));
      form.push_back(to_piece(std::move(spellings)));
    }
    if (end_bit % 6 != 0) {  // the character it shares with what follows (or the padding)
      unsigned free_bits = static_cast<unsigned>(6 - (end_bit - 6 * full_end));
      std::vector<std::pair<std::string, bool>> spellings;
      for (unsigned x = 0; x < (1u << free_bits); ++x) {
        add_base64_char(spellings, sextet(data, full_end) | x);
      }
      form.push_back(to_piece(std::move(spellings)));
    }
    add_form(std::move(form));
  }
}

void Redactor::add_secret(std::string_view secret) {
  if (secret.empty()) return;
  if (std::find(secrets_.begin(), secrets_.end(), secret) != secrets_.end()) return;
  secrets_.emplace_back(secret);
  Form form;
  for (std::size_t i = 0; i < secret.size();) {
    char32_t code_point = 0;
    std::size_t length = utf8_sequence(secret, i, &code_point);
    std::optional<std::uint32_t> cp;
    if (length > 0) cp = static_cast<std::uint32_t>(code_point);
    if (length == 0) length = 1;
    Piece piece;
    for (auto& [text, ignore_case] : unit_spellings(secret.substr(i, length), cp)) {
      piece.push_back({std::move(text), ignore_case});
    }
    form.push_back(std::move(piece));
    i += length;
  }
  add_form(std::move(form));
  add_base64_forms(secret, false);
}

void Redactor::add_credential_pair(std::string_view user, std::string_view secret) {
  if (secret.empty()) return;
  add_secret(secret);
  std::string pair = std::string(user) + ":" + std::string(secret);
  if (std::find(secrets_.begin(), secrets_.end(), pair) == secrets_.end()) {
    secrets_.push_back(pair);
    add_base64_forms(pair, true);
  }
  wipe(pair);
}

void Redactor::match(const Form& form, std::size_t piece, std::string_view text, std::size_t pos,
                     std::size_t start, std::size_t& longest, bool& partial) const {
  if (piece == form.size()) {
    longest = std::max(longest, pos - start);
    return;
  }
  std::size_t available = text.size() - pos;
  for (const Spelling& spelling : form[piece]) {
    std::string_view want = spelling.text;
    if (want.size() <= available) {
      if (equal(text.substr(pos, want.size()), want, spelling.ignore_case)) {
        match(form, piece + 1, text, pos + want.size(), start, longest, partial);
      }
    } else if (equal(text.substr(pos), want.substr(0, available), spelling.ignore_case)) {
      partial = true;  // the text ends inside this spelling: more may complete the form
    }
  }
}

std::size_t Redactor::redact_prefix(std::string_view text, std::string& out, bool final) const {
  std::size_t i = 0;
  std::size_t copied = 0;
  while (i < text.size()) {
    if (i + 1 < text.size() && !first_pairs_.test(static_cast<std::size_t>(
                                   (byte_at(text, i) << 8u) | byte_at(text, i + 1)))) {
      ++i;
      continue;
    }
    const std::vector<std::uint32_t>& candidates = by_first_byte_[byte_at(text, i)];
    if (candidates.empty()) {
      ++i;
      continue;
    }
    std::size_t longest = 0;
    bool partial = false;
    for (std::uint32_t index : candidates) match(forms_[index], 0, text, i, i, longest, partial);
    if (partial && !final) break;
    if (longest == 0) {
      ++i;
      continue;
    }
    out.append(text.substr(copied, i - copied));
    out.append(kMark);
    i += longest;
    copied = i;
  }
  out.append(text.substr(copied, i - copied));
  return i;
}

std::string Redactor::redact(std::string_view text) const {
  std::string out;
  out.reserve(text.size());
  redact_prefix(text, out, true);
  return out;
}

}  // namespace sncheck
