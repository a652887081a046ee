// SPDX-License-Identifier: Apache-2.0
#pragma once
// The redactor: every form in which a secret of the run could leave sncheck, and their
// replacement by "[redacted]". Pure; the process-wide registry of the run's secrets
// (core/secret_registry.h) holds the one every output passes.

#include <array>
#include <bitset>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sncheck {

class Redactor {
 public:
  static constexpr std::string_view kMark = "[redacted]";

  Redactor() = default;
  Redactor(const Redactor&) = default;
  Redactor& operator=(const Redactor&) = default;
  ~Redactor();  // wipes every spelling it holds

  // Adds a secret and the forms it can take on the way out:
  // - as given, and character by character as an encoder or escaper may write it:
  //   percent-encoded (either hex case, any mix of encoded and plain characters, a space as `+`
  //   or `%20`), JSON-escaped (`\"`, `\/`, `\u00e9`), XML/HTML entities (`&amp;`, `&#39;`),
  //   Markdown backslash escapes (`\|`), sncheck's control-character escapes (`\x1b`), and each
  //   of those percent-encoded once more (a URL inside a URL's query: `%2520`, `%2526amp%253B`);
  //   so the userinfo `user:secret@` and a form body `client_secret=...` are covered too;
  // - inside any Base64 text, at each of the three alignments a secret can have there (so an
  //   `Authorization: Basic` value of `user:secret` or `id:secret` is covered, standard or
  //   URL-safe alphabet), including the characters it shares with its neighbours.
  // An empty secret is ignored; adding one twice changes nothing.
  void add_secret(std::string_view secret);
  // Also the whole Base64 of "user:secret" (covers secrets too short for the alignment forms).
  void add_credential_pair(std::string_view user, std::string_view secret);

  bool empty() const { return forms_.empty(); }
  // The longest text one form can match: what a stream may have to hold back at most.
  std::size_t longest_form() const { return longest_; }

  // `text` with every form replaced by kMark.
  std::string redact(std::string_view text) const;

  // For a stream: redacts `text` into `out` up to where the rest could still be the start of a
  // form that more text would complete; with `final`, to the end. Returns the bytes consumed (the
  // caller keeps text[consumed..] and passes it again, followed by what comes next).
  std::size_t redact_prefix(std::string_view text, std::string& out, bool final) const;

 private:
  struct Spelling {
    std::string text;
    bool ignore_case = false;
  };
  using Piece = std::vector<Spelling>;  // the alternative spellings of one unit
  using Form = std::vector<Piece>;

  void add_form(Form form);
  void add_base64_forms(std::string_view bytes, bool whole);
  void match(const Form& form, std::size_t piece, std::string_view text, std::size_t pos,
             std::size_t start, std::size_t& longest, bool& partial) const;

  std::vector<std::string> secrets_;  // as added, to ignore repeats
  std::vector<Form> forms_;
  std::array<std::vector<std::uint32_t>, 256> by_first_byte_{};
  // Which two bytes can begin some form: most positions of a large report are ruled out with one
  // lookup, before any form is tried.
  std::bitset<65536> first_pairs_;
  std::size_t longest_ = 0;
};

}  // namespace sncheck
