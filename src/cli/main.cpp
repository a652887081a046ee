#include <curl/curl.h>
#include <unistd.h>

#include <iostream>

#include "cli/app.h"

int main(int argc, char** argv) {
  curl_global_init(CURL_GLOBAL_DEFAULT);
  sncheck::Io io{std::cin,
                 std::cout,
                 std::cerr,
                 sncheck::process_environment(),
                 ::isatty(STDOUT_FILENO) == 1,
                 ::isatty(STDERR_FILENO) == 1};
  return sncheck::run_cli(argc, argv, io);
}
