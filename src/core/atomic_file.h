// SPDX-License-Identifier: Apache-2.0
#pragma once
// A file written whole or not at all. The text goes, through the secret redactor, to a temporary
// file beside `path` (same directory, so the rename is atomic); commit() renames it over `path`.
// A file never committed leaves `path` as it was: the destructor removes the temporary, and so
// does remove_temporary_files() (async-signal-safe), which the CLI's signal handlers call.

#include <memory>
#include <ostream>
#include <string>

#include "core/redacting_streambuf.h"

namespace sncheck {

class AtomicFile {
 public:
  // `what` names the file in messages ("snapshot out.json", "--report junit=out.xml").
  // Throws OutputError when the temporary file cannot be created.
  AtomicFile(const std::string& path, std::string what);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  std::ostream& stream() { return *stream_; }
  // Flushes, syncs and renames the temporary over the path. Throws OutputError (the temporary
  // is removed, the path left as it was).
  void commit();

 private:
  void discard() noexcept;

  std::string target_;  // the path, its symbolic links resolved when it exists
  std::string temp_;
  std::string what_;
  int fd_ = -1;
  int slot_ = -1;  // in the signal handler's list of temporary files
  bool write_failed_ = false;
  std::unique_ptr<RedactingStreambuf> buffer_;
  std::unique_ptr<std::ostream> stream_;
};

// Removes every temporary file an AtomicFile holds. Async-signal-safe (unlink only).
void remove_temporary_files() noexcept;

}  // namespace sncheck
