// SPDX-License-Identifier: Apache-2.0
#include "cli/mistakes.h"

#include <algorithm>

#include <fmt/format.h>

#include "cli/suggest.h"

namespace sncheck {
namespace {

std::vector<std::string> command_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* command : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (!command->get_group().empty()) names.push_back(command->get_name());
  }
  return names;
}

// Every spelling of the command's options: "--instance", "-o", "--output".
std::vector<std::string> option_names(const CLI::App& command) {
  std::vector<std::string> names;
  for (const CLI::Option* option : command.get_options({})) {
    if (option->get_group().empty()) continue;  // hidden: never suggested
    for (const std::string& name : option->get_lnames()) names.push_back("--" + name);
    for (const std::string& name : option->get_snames()) names.push_back("-" + name);
  }
  return names;
}

bool is_option_word(const std::string& word) {
  return word.size() > 1 && word[0] == '-' && word != "--";
}

}  // namespace

std::optional<std::string> unknown_command(const CLI::App& app, int argc, const char* const* argv) {
  if (argc < 2) return std::nullopt;
  std::string word = argv[1];
  if (word.empty()) return std::nullopt;
  if (word[0] == '-') {
    std::string name = word.substr(0, word.find('='));
    if (app.get_option_no_throw(name) != nullptr) return std::nullopt;  // --help, --version
    // An option before any command: suggest among every command's options.
    std::vector<std::string> all;
    for (const CLI::App* each : app.get_subcommands([](const CLI::App*) { return true; })) {
      std::vector<std::string> names = option_names(*each);
      all.insert(all.end(), names.begin(), names.end());
    }
    return fmt::format(
        "'{}' before the command{}: options come after it (sncheck COMMAND {} ...); `sncheck "
        "--help` lists the commands",
        name, did_you_mean(name, all), name);
  }
  std::vector<std::string> names = command_names(app);
  for (const CLI::App* command : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (command->check_name(word)) return std::nullopt;
  }
  return fmt::format("unknown command '{}'{}; `sncheck --help` lists the commands", word,
                     did_you_mean(word, names));
}

std::optional<std::string> unknown_arguments(const CLI::App& app, const CLI::ParseError& error,
                                             int argc, const char* const* argv) {
  if (dynamic_cast<const CLI::ExtrasError*>(&error) == nullptr || argc < 2) return std::nullopt;
  std::string first = argv[1];
  const CLI::App* command = nullptr;
  for (const CLI::App* candidate : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (candidate->check_name(first)) command = candidate;
  }
  if (command == nullptr) return std::nullopt;
  std::vector<std::string> known = option_names(*command);
  std::vector<std::string> unexpected;
  for (int i = 2; i < argc; ++i) {
    std::string word = argv[i];
    if (word == "--") break;
    if (!is_option_word(word)) continue;
    std::string name = word.substr(0, word.find('='));
    // "-vx" style clusters and "-ofile" are CLI11's to judge; only whole unknown names here.
    bool found = std::find(known.begin(), known.end(), name) != known.end();
    if (!found && name.rfind("--", 0) == 0) {
      return fmt::format("{}: unknown option '{}'{}; `sncheck {} --help` lists the options",
                         command->get_name(), name, did_you_mean(name, known), command->get_name());
    }
  }
  for (const std::string& word : command->remaining(false)) unexpected.push_back(word);
  if (unexpected.empty()) return std::nullopt;
  std::string words;
  for (const std::string& word : unexpected) words += (words.empty() ? "'" : " '") + word + "'";
  return fmt::format("{}: unexpected argument{} {}; `sncheck {} --help` lists what it takes",
                     command->get_name(), unexpected.size() > 1 ? "s" : "", words,
                     command->get_name());
}

}  // namespace sncheck
