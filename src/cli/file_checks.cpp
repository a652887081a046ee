// SPDX-License-Identifier: Apache-2.0
#include "cli/file_checks.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "core/usage_error.h"

namespace sncheck {
namespace {

std::string_view kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  return "something else";
}

// What identifies a file: its device and inode when it exists, else its absolute path with the
// directory's links resolved (two outputs not yet created can still be the same file).
struct Identity {
  bool exists = false;
  dev_t device = 0;
  ino_t inode = 0;
  std::string path;
  bool operator==(const Identity& other) const {
    if (exists != other.exists) return false;
    return exists ? device == other.device && inode == other.inode : path == other.path;
  }
};

Identity identity_of(const std::string& path) {
  Identity id;
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0) {
    id.exists = true;
    id.device = info.st_dev;
    id.inode = info.st_ino;
    return id;
  }
  std::filesystem::path absolute = std::filesystem::absolute(path).lexically_normal();
  std::error_code error;
  std::filesystem::path dir = std::filesystem::weakly_canonical(absolute.parent_path(), error);
  id.path = ((error ? absolute.parent_path() : dir) / absolute.filename()).string();
  return id;
}

std::string named(const NamedPath& use) { return fmt::format("{} {}", use.what, use.path); }

}  // namespace

void require_regular_file(const std::string& path, const std::string& what) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    throw UsageError(fmt::format("{} {}: cannot be read: {}", what, path, std::strerror(errno)));
  }
  if (!S_ISREG(info.st_mode)) {
    throw UsageError(
        fmt::format("{} {}: is {}, not a regular file", what, path, kind_of(info.st_mode)));
  }
}

std::vector<std::string> checks_dir_files(const std::string& dir) {
  std::vector<std::string> files;
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) return files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    if (entry.path().extension() != ".json") continue;
    struct stat info {};
    if (::stat(entry.path().c_str(), &info) != 0) continue;  // a dangling link: nothing to read
    if (S_ISDIR(info.st_mode)) continue;
    if (!S_ISREG(info.st_mode)) {
      throw UsageError(fmt::format("--checks-dir {}: {} is {}, not a regular file", dir,
                                   entry.path().filename().string(), kind_of(info.st_mode)));
    }
    files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

void check_run_files(const std::vector<NamedPath>& inputs, const std::vector<NamedPath>& outputs) {
  std::vector<std::pair<Identity, const NamedPath*>> seen_inputs;
  for (const NamedPath& input : inputs) {
    if (input.path.empty()) continue;
    require_regular_file(input.path, input.what);
    seen_inputs.emplace_back(identity_of(input.path), &input);
  }
  std::vector<std::pair<Identity, const NamedPath*>> seen_outputs;
  for (const NamedPath& output : outputs) {
    if (output.path.empty()) continue;  // standard output
    struct stat info {};
    if (::stat(output.path.c_str(), &info) == 0 && !S_ISREG(info.st_mode)) {
      throw UsageError(
          fmt::format("{}: is {}, not a regular file; a report or snapshot replaces one "
                      "(leave out -o to write the report to standard output)",
                      named(output), kind_of(info.st_mode)));
    }
    Identity id = identity_of(output.path);
    for (const auto& [other, use] : seen_outputs) {
      if (other == id) {
        throw UsageError(
            fmt::format("{} and {} name the same file: one would overwrite the "
                        "other; give each its own file",
                        named(*use), named(output)));
      }
    }
    for (const auto& [other, use] : seen_inputs) {
      if (other == id) {
        throw UsageError(
            fmt::format("{} is also {}: writing it would destroy what sncheck "
                        "reads; give another file",
                        named(output), named(*use)));
      }
    }
    seen_outputs.emplace_back(std::move(id), &output);
  }
}

}  // namespace sncheck
