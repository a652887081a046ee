// SPDX-License-Identifier: Apache-2.0
#pragma once
// How the sncheck process ends when it cannot finish. SIGINT, SIGTERM and SIGHUP end the run with
// exit 2 and one line on stderr, after removing every temporary file (report files written
// earlier stay as they were), restoring a terminal whose echo a prompt turned off, and killing a
// secret command's process group. A closed standard output ends the run the same way: SIGPIPE is
// ignored, so the write fails with EPIPE instead of killing the process.

#include <sys/types.h>
#include <termios.h>

#include <string_view>

namespace sncheck {

// Installs the signal handlers, ignores SIGPIPE, and makes an uncaught exception print its
// message redacted (never the bare what() the default handler prints).
void install_process_guard();

// The sinks of the redacting buffers main puts on std::cout and std::cerr: descriptors 1 and 2.
// write_stdout ends the run (exit 2, one line) when the reader has closed the pipe.
bool write_stdout(std::string_view bytes);
bool write_stderr(std::string_view bytes);

// A child's process group to kill if the run is interrupted; 0 clears it.
void guard_child_group(pid_t group);
// A terminal to restore to `saved` if the run is interrupted; fd -1 clears it.
void guard_terminal(int fd, const struct termios& saved);
void unguard_terminal();

}  // namespace sncheck
