// SPDX-License-Identifier: Apache-2.0
#pragma once
// A secret typed at a terminal: prompted for with the terminal's echo off, so it never shows on
// screen, and the terminal restored on every path (the signal handlers restore it too).

#include <string>

namespace sncheck {

// Writes `prompt` to out_fd, reads one line from in_fd with echo off, restores the terminal and
// ends the prompt's line. Without a terminal on in_fd it just reads the line. Throws UsageError
// when nothing is read.
std::string read_hidden_line(int in_fd, int out_fd, const std::string& prompt,
                             const std::string& what);

// "acme" for https://acme.service-now.com, else the host (and port) of the URL: for prompts.
std::string prompt_host(const std::string& instance_url);

}  // namespace sncheck
