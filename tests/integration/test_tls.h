// SPDX-License-Identifier: Apache-2.0
#pragma once
// A throwaway certificate authority and a server certificate for 127.0.0.1, made once per test
// process with the openssl program, for the fake instance's HTTPS mode.

#include <string>

#include "fake_instance/fake_instance.h"

namespace sncheck::testing {

struct TestPki {
  fake::TlsFiles server;  // certificate (signed by the CA) and key for 127.0.0.1
  std::string ca_pem;     // the CA certificate: what --ca-bundle must name to trust the server
};

// Throws std::runtime_error with openssl's output when a step fails.
const TestPki& test_pki();

}  // namespace sncheck::testing
