// SPDX-License-Identifier: Apache-2.0
#pragma once
// The checks `sncheck oauth` runs without --api, in chain order (the auth-scope plugin checks run
// only with --api: they are not links of the token request). The ids are a public contract
// (pipelines name them in --checks), so tests pin them here, once.

#include <string>
#include <vector>

namespace sncheck::testing {

inline const std::vector<std::string>& oauth_suite_ids() {
  static const std::vector<std::string> ids = {"oauth.release.supported",
                                               "oauth.plugin.oauth2",
                                               "oauth.plugin.rest_api",
                                               "oauth.property.oauth_active",
                                               "oauth.property.client_credentials",
                                               "oauth.registry.entry",
                                               "oauth.registry.app_user",
                                               "oauth.app_user.usable",
                                               "oauth.probe.token",
                                               "oauth.app_user.admin_role",
                                               "oauth.app_user.web_service_only",
                                               "oauth.registry.token_lifespan",
                                               "oauth.registry.redirect_https",
                                               "oauth.registry.duplicate_client_id",
                                               "oauth.property.debug_off"};
  return ids;
}

}  // namespace sncheck::testing
