// SPDX-License-Identifier: Apache-2.0
#pragma once
// Base64 (RFC 4648, standard alphabet, padded): Basic authorization headers, and the bodies of the
// Batch API's items (ServiceNowDocs batch-api.md: rest_requests.body, serviced_requests.body).

#include <string>
#include <string_view>

namespace sncheck::fake {

std::string base64_encode(std::string_view input);
// Lenient, as a server is: stops at the first '=' or character outside the alphabet.
std::string base64_decode(std::string_view input);

}  // namespace sncheck::fake
