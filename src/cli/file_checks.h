// SPDX-License-Identifier: Apache-2.0
#pragma once
// The files a run reads and writes, checked before anything is read. Every input must be a
// regular file (a FIFO would block the run, a device be read forever); an output that exists
// must be a regular file (it is replaced by rename); no two outputs may name one file, and no
// output may be an input (a report written over the password file or the waivers would destroy
// it). Files are compared by device and inode where they exist, else by their absolute path
// with the directory's symbolic links resolved.

#include <string>
#include <vector>

namespace sncheck {

struct NamedPath {
  std::string path;
  std::string what;  // how the user named it: "--password-file", "-o", "--report junit"
};

// Throws UsageError naming both uses of a file, or the input that is not a regular file.
void check_run_files(const std::vector<NamedPath>& inputs, const std::vector<NamedPath>& outputs);

// Throws UsageError unless `path` is an existing regular file (symbolic links followed).
void require_regular_file(const std::string& path, const std::string& what);

// The *.json entries of a --checks-dir directory (what the check loader reads), in order; throws
// UsageError for one that is not a regular file. A missing directory gives none (the loader
// reports it).
std::vector<std::string> checks_dir_files(const std::string& dir);

}  // namespace sncheck
