// SPDX-License-Identifier: Apache-2.0
// HTTP/2 where the instance offers it. cpp-httplib (the fake instance) speaks HTTP/1.1 only, so
// nghttpd (Debian's nghttp2-server) serves the Table API paths as static files over TLS: it
// ignores the query string and sends no content type, which sncheck accepts for a JSON body.
// What is proven is the client's side: one wave's reads share one multiplexed connection.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "sncheck_runner.h"
#include "test_tls.h"

extern char** environ;

namespace sncheck::testing {
namespace {

std::string nghttpd_path() {
  for (const char* candidate : {"/usr/sbin/nghttpd", "/usr/bin/nghttpd"}) {
    if (::access(candidate, X_OK) == 0) return candidate;
  }
  return {};
}

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("no free port");
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

bool accepts_connections(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
  ::close(fd);
  return ok;
}

// nghttpd on 127.0.0.1 serving `docroot` over TLS with the test PKI's server certificate.
class Nghttpd {
 public:
  explicit Nghttpd(const std::string& docroot) {
    const std::string binary = nghttpd_path();
    if (binary.empty()) {
      throw std::runtime_error(
          "nghttpd is missing: install nghttp2-server (scripts/install-deps.sh --test)");
    }
    const TestPki& pki = test_pki();
    port_ = free_port();
    std::vector<std::string> args = {binary,
                                     "-a",
                                     "127.0.0.1",
                                     "-d",
                                     docroot,
                                     std::to_string(port_),
                                     pki.server.private_key_pem,
                                     pki.server.certificate_pem};
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    if (::posix_spawn(&pid_, binary.c_str(), nullptr, nullptr, argv.data(), environ) != 0) {
      throw std::runtime_error("nghttpd did not start");
    }
    for (int i = 0; i < 250 && !accepts_connections(port_); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (!accepts_connections(port_)) throw std::runtime_error("nghttpd does not listen");
  }
  ~Nghttpd() {
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
  }
  Nghttpd(const Nghttpd&) = delete;
  Nghttpd& operator=(const Nghttpd&) = delete;

  std::string url() const { return "https://127.0.0.1:" + std::to_string(port_); }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

long long stat_of(const std::string& err, const std::string& key) {
  std::size_t at = err.find(" " + key + "=");
  if (at == std::string::npos) return -1;
  return std::stoll(err.substr(at + key.size() + 2));
}

TEST(Http2, OneWaveSharesOneMultiplexedConnection) {
  ScratchDir docroot;
  // Every table the OAuth suite reads, empty: the checks fail, which is not what is measured.
  for (const char* table :
       {"sys_plugins", "v_plugin", "sys_properties", "oauth_entity", "sys_user_has_role"}) {
    docroot.write(std::string("api/now/table/") + table, R"({"result":[]})", 0644);
  }
  Nghttpd server(docroot.path());
  Report report =
      run_sncheck({"oauth", "--instance", server.url(), "--ca-bundle", test_pki().ca_pem, "--user",
                   "sncheck.reader", "--format", "json", "--stats", "-v", "--timeout", "10"},
                  {"SN_PASSWORD=not-used-by-static-files"});
  ASSERT_TRUE(report.parsed) << report.process.out << report.process.err;
  const std::string& err = report.process.err;
  // Four reads in the first wave (default --concurrency 4), the v_plugin fallback in a second.
  EXPECT_EQ(stat_of(err, "requests"), 5) << err;
  EXPECT_EQ(stat_of(err, "connections"), 1) << err;
  std::istringstream lines(err);
  int http2 = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.find("sncheck: GET ") == std::string::npos) continue;
    EXPECT_NE(line.find("-> 200 HTTP/2,"), std::string::npos) << line;
    ++http2;
  }
  EXPECT_EQ(http2, 5) << err;
}

// The same reads from the HTTP/1.1 fake instance over TLS need a connection per read in flight.
TEST(Http2, Http11InstanceGetsAConnectionPerReadInFlight) {
  fake::Scenario scenario = fake::healthy_scenario();
  // Each answer takes a while, so no connection is free again before the last read starts
  // (under the sanitizers a fast answer let a fourth read reuse the first connection).
  scenario.faults.latency_ms = 150;
  fake::FakeInstance instance(scenario, test_pki().server);
  Report report =
      run_sncheck({"oauth", "--instance", instance.url(), "--ca-bundle", test_pki().ca_pem,
                   "--format", "json", "--stats", "-v", "--timeout", "10"},
                  reader_env(scenario));
  ASSERT_TRUE(report.parsed) << report.process.err;
  EXPECT_EQ(stat_of(report.process.err, "requests"), 4);
  EXPECT_EQ(stat_of(report.process.err, "connections"), 4);
  EXPECT_NE(report.process.err.find("-> 200 HTTP/1.1,"), std::string::npos);
}

}  // namespace
}  // namespace sncheck::testing
