// SPDX-License-Identifier: Apache-2.0
// sncheck-fake-instance: runs the fake ServiceNow instance until SIGINT or SIGTERM, for the README
// demo and for scripts (--port-file tells them where it listens once it accepts connections).

#include <CLI/CLI.hpp>

#include <csignal>
#include <fstream>
#include <iostream>

#include "fake_instance.h"

namespace {

sncheck::fake::Scenario load(const std::string& name) {
  if (name == "healthy") return sncheck::fake::healthy_scenario();
  if (name == "demo") return sncheck::fake::demo_scenario();
  if (name == "large") return sncheck::fake::large_scenario();
  if (name == "many-clients") return sncheck::fake::many_clients_scenario();
  return sncheck::fake::load_scenario_file(name);
}

// Written to a temporary name and renamed, so a script polling the file never reads half a port.
void write_port_file(const std::string& path, int port) {
  std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary);
    out << port << "\n";
    if (!out) throw std::runtime_error("cannot write " + temporary);
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    throw std::runtime_error("cannot rename " + temporary + " to " + path);
  }
}

int wait_for_stop_signal() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  int received = 0;
  sigwait(&signals, &received);
  return received;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"A fake ServiceNow instance answering the Table API and /oauth_token.do"};
  std::string scenario_name = "healthy";
  int port = 0;
  std::string port_file;
  int latency_ms = -1;
  app.add_option("--scenario", scenario_name,
                 "healthy, demo, large, many-clients, or a scenario JSON file");
  app.add_option("--port", port, "port on 127.0.0.1 (0: any free port)")
      ->check(CLI::Range(0, 65535));
  app.add_option("--port-file", port_file, "write the port here once listening");
  app.add_option("--latency-ms", latency_ms, "delay before every answer")
      ->check(CLI::NonNegativeNumber);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? 0 : 2;
  }

  // Block the stop signals before any thread starts, so only sigwait() receives them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  try {
    sncheck::fake::Scenario scenario = load(scenario_name);
    if (latency_ms >= 0) scenario.faults.latency_ms = latency_ms;
    sncheck::fake::FakeInstance instance(scenario, port);
    std::cerr << "fake ServiceNow instance " << instance.url() << " (scenario " << scenario.name
              << ")" << std::endl;
    if (!port_file.empty()) write_port_file(port_file, instance.port());
    wait_for_stop_signal();
  } catch (const std::exception& error) {
    std::cerr << "sncheck-fake-instance: " << error.what() << std::endl;
    return 2;
  }
  return 0;
}
