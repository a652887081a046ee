// SPDX-License-Identifier: Apache-2.0
#include "test_tls.h"

#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <vector>

#include "run_process.h"

namespace sncheck::testing {
namespace {

// run_process executes a path, not a name: find openssl on PATH (install-deps.sh --test).
std::string openssl_path() {
  const char* path = getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    std::size_t end = std::min(dirs.find(':', start), dirs.size());
    std::string candidate = dirs.substr(start, end - start) + "/openssl";
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  throw std::runtime_error("test PKI: no openssl program on PATH (scripts/install-deps.sh --test)");
}

void openssl(const std::vector<std::string>& args) {
  static const std::string program = openssl_path();
  std::vector<std::string> argv = {program};
  argv.insert(argv.end(), args.begin(), args.end());
  ProcessResult result = run_process(argv, {});
  if (result.exit_code != 0) {
    std::string command;
    for (const std::string& arg : argv) command += arg + " ";
    throw std::runtime_error("test PKI: " + command + "failed: " + result.err);
  }
}

std::string& pki_dir() {
  static std::string dir;
  return dir;
}

void remove_pki_dir() {
  std::error_code ignored;
  std::filesystem::remove_all(pki_dir(), ignored);
}

TestPki make_pki() {
  char dir_template[] = "/tmp/sncheck-test-pki-XXXXXX";
  if (mkdtemp(dir_template) == nullptr) throw std::runtime_error("test PKI: mkdtemp failed");
  std::string dir = dir_template;
  pki_dir() = dir;
  std::atexit(remove_pki_dir);  // the keys are throwaway, but leave no litter in /tmp
  TestPki pki;
  pki.ca_pem = dir + "/ca.pem";
  pki.server = {dir + "/server.pem", dir + "/server.key"};
  std::string ca_key = dir + "/ca.key";
  std::string csr = dir + "/server.csr";
  std::string extensions = dir + "/server.ext";
  std::ofstream(extensions) << "subjectAltName=IP:127.0.0.1\n"
                               "basicConstraints=CA:FALSE\n"
                               "extendedKeyUsage=serverAuth\n";
  // EC keys: generated in milliseconds, unlike RSA.
  const std::vector<std::string> ec_key = {"-newkey", "ec", "-pkeyopt",
                                           "ec_paramgen_curve:prime256v1", "-nodes"};
  std::vector<std::string> ca = {"req",     "-x509",
                                 "-days",   "2",
                                 "-subj",   "/CN=sncheck test CA",
                                 "-addext", "basicConstraints=critical,CA:TRUE",
                                 "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                                 "-keyout", ca_key,
                                 "-out",    pki.ca_pem};
  ca.insert(ca.begin() + 2, ec_key.begin(), ec_key.end());
  openssl(ca);
  std::vector<std::string> request = {
      "req", "-subj", "/CN=127.0.0.1", "-keyout", pki.server.private_key_pem, "-out", csr};
  request.insert(request.begin() + 1, ec_key.begin(), ec_key.end());
  openssl(request);
  openssl({"x509", "-req", "-in", csr, "-CA", pki.ca_pem, "-CAkey", ca_key, "-CAcreateserial",
           "-days", "2", "-extfile", extensions, "-out", pki.server.certificate_pem});
  return pki;
}

}  // namespace

const TestPki& test_pki() {
  static const TestPki pki = make_pki();
  return pki;
}

}  // namespace sncheck::testing
