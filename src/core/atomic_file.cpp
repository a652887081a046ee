// SPDX-License-Identifier: Apache-2.0
#include "core/atomic_file.h"

#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "core/usage_error.h"

namespace sncheck {
namespace {

// The temporary files that exist now, for the signal handler: fixed storage and lock-free
// atomics only, so remove_temporary_files() may run inside a handler on any thread.
constexpr int kSlots = 64;
enum SlotState : int { kFree = 0, kFilling = 1, kHeld = 2 };
std::atomic<int> g_slot_state[kSlots];
char g_slot_path[kSlots][PATH_MAX];

int claim_slot(const std::string& path) {
  if (path.size() >= PATH_MAX) return -1;
  for (int i = 0; i < kSlots; ++i) {
    int expected = kFree;
    if (!g_slot_state[i].compare_exchange_strong(expected, kFilling)) continue;
    std::memcpy(g_slot_path[i], path.c_str(), path.size() + 1);
    g_slot_state[i].store(kHeld);
    return i;
  }
  return -1;  // more than kSlots files at once: this one is not removed on a signal
}

void release_slot(int& slot) {
  if (slot >= 0) g_slot_state[slot].store(kFree);
  slot = -1;
}

// The path with its symbolic links resolved, so a link to a report file stays a link.
std::string resolve_target(const std::string& path) {
  char resolved[PATH_MAX];
  if (::realpath(path.c_str(), resolved) != nullptr) return resolved;
  return path;
}

bool write_all(int fd, std::string_view bytes, int& error) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error = n < 0 ? errno : EIO;
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace

AtomicFile::AtomicFile(const std::string& path, std::string what) : what_(std::move(what)) {
  target_ = resolve_target(path);
  std::size_t slash = target_.rfind('/');
  std::string dir = slash == std::string::npos ? "" : target_.substr(0, slash + 1);
  std::string base = slash == std::string::npos ? target_ : target_.substr(slash + 1);
  if (base.empty() || base == "." || base == "..") {
    throw OutputError(fmt::format("{}: names a directory, not a file", what_));
  }
  static std::atomic<unsigned> counter{0};
  int error = 0;
  for (int attempt = 0; attempt < 100 && fd_ < 0; ++attempt) {
    temp_ = fmt::format("{}.{}.sncheck-{}-{}.tmp", dir, base.substr(0, 100), ::getpid(),
                        counter.fetch_add(1));
    slot_ = claim_slot(temp_);  // before the file exists: a signal never leaves it behind
    fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd_ >= 0) break;
    error = errno;
    release_slot(slot_);
    if (error != EEXIST) break;
  }
  if (fd_ < 0) {
    temp_.clear();
    throw OutputError(fmt::format("{}: cannot be written: {}", what_, std::strerror(error)));
  }
  struct stat existing {};
  if (::stat(target_.c_str(), &existing) == 0 && S_ISREG(existing.st_mode)) {
    ::fchmod(fd_, existing.st_mode & 07777);  // replacing a file keeps its permissions
  }
  buffer_ = std::make_unique<RedactingStreambuf>([this](std::string_view bytes) {
    int write_error = 0;
    if (fd_ >= 0 && write_all(fd_, bytes, write_error)) return true;
    write_failed_ = true;
    if (write_error != 0) errno = write_error;
    return false;
  });
  stream_ = std::make_unique<std::ostream>(buffer_.get());
}

AtomicFile::~AtomicFile() {
  discard();
  stream_.reset();
  buffer_.reset();
}

void AtomicFile::discard() noexcept {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (!temp_.empty()) ::unlink(temp_.c_str());
  temp_.clear();
  release_slot(slot_);
}

void AtomicFile::commit() {
  if (temp_.empty()) throw OutputError(fmt::format("{}: already written", what_));
  stream_->flush();
  bool ok = buffer_->finish() && !stream_->bad() && !write_failed_;
  int error = ok ? 0 : errno;
  if (ok && ::fsync(fd_) != 0 && errno != EINVAL && errno != EROFS) {
    ok = false;
    error = errno;
  }
  if (::close(fd_) != 0 && ok) {
    ok = false;
    error = errno;
  }
  fd_ = -1;
  if (ok && ::rename(temp_.c_str(), target_.c_str()) != 0) {
    ok = false;
    error = errno;
  }
  if (!ok) {
    discard();
    throw OutputError(
        fmt::format("{}: writing failed: {}", what_, std::strerror(error != 0 ? error : EIO)));
  }
  temp_.clear();
  release_slot(slot_);
}

void remove_temporary_files() noexcept {
  for (int i = 0; i < kSlots; ++i) {
    if (g_slot_state[i].load() == kHeld) ::unlink(g_slot_path[i]);
  }
}

}  // namespace sncheck
