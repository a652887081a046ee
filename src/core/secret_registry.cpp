// SPDX-License-Identifier: Apache-2.0
#include "core/secret_registry.h"

#include <mutex>

namespace sncheck {
namespace {

struct Registry {
  std::mutex mutex;
  std::shared_ptr<const Redactor> current = std::make_shared<const Redactor>();
};

Registry& registry() {
  static Registry* instance = new Registry();  // never destroyed: outputs may flush at exit
  return *instance;
}

// Copy on write: a stream that took the current redactor keeps using it undisturbed.
template <typename Change>
void change_redactor(Change change) {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  auto next = std::make_shared<Redactor>(*r.current);
  change(*next);
  r.current = std::move(next);
}

}  // namespace

void register_secret(std::string_view secret) {
  if (secret.empty()) return;
  change_redactor([secret](Redactor& redactor) { redactor.add_secret(secret); });
}

void register_credential_pair(std::string_view user, std::string_view secret) {
  if (secret.empty()) return;
  change_redactor(
      [user, secret](Redactor& redactor) { redactor.add_credential_pair(user, secret); });
}

std::shared_ptr<const Redactor> secret_redactor() {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  return r.current;
}

std::string redact_secrets(std::string_view text) { return secret_redactor()->redact(text); }

void forget_secrets() {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  r.current = std::make_shared<const Redactor>();
}

}  // namespace sncheck
