// SPDX-License-Identifier: Apache-2.0
#include <curl/curl.h>
#include <unistd.h>

#include <iostream>

#include "cli/app.h"
#include "cli/process_guard.h"
#include "core/redacting_streambuf.h"

int main(int argc, char** argv) {
  sncheck::install_process_guard();
  curl_global_init(CURL_GLOBAL_DEFAULT);
  // The redaction boundary: nothing reaches descriptors 1 and 2 but through the redactor that
  // knows every secret of the run (report and snapshot files pass it too: core/atomic_file.h).
  sncheck::RedactingStreambuf out_buffer(sncheck::write_stdout);
  sncheck::RedactingStreambuf err_buffer(sncheck::write_stderr);
  std::streambuf* out_before = std::cout.rdbuf(&out_buffer);
  std::streambuf* err_before = std::cerr.rdbuf(&err_buffer);
  std::streambuf* log_before = std::clog.rdbuf(&err_buffer);
  int code = 2;
  {
    sncheck::Io io{std::cin,
                   std::cout,
                   std::cerr,
                   sncheck::process_environment(),
                   ::isatty(STDOUT_FILENO) == 1,
                   ::isatty(STDERR_FILENO) == 1,
                   ::isatty(STDIN_FILENO) == 1};
    code = sncheck::run_cli(argc, argv, io);
  }
  std::cout.flush();
  bool out_written = out_buffer.finish() && !std::cout.bad();
  std::cerr.flush();
  if (!out_written) {
    std::cerr << "sncheck: standard output could not be written\n";
    code = 2;
  }
  err_buffer.finish();
  std::cout.rdbuf(out_before);
  std::cerr.rdbuf(err_before);
  std::clog.rdbuf(log_before);
  return code;
}
