// SPDX-License-Identifier: Apache-2.0
// Fuzzes the Batch API answer parser (fetch/batch_api.h) on bodies an instance (or anything in
// between) controls, for a batch of three items "1", "2" and "3"; also Base64 decoding.

#include <set>
#include <string>

#include "fetch/batch_api.h"
#include "fuzz_target.h"

using sncheck::fuzz::invariant_broken;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text = sncheck::fuzz::as_text(data, size);
  static const std::vector<std::string> kAsked = {"1", "2", "3"};
  sncheck::BatchAnswer answer = sncheck::parse_batch_answer(text, kAsked);
  if (answer.problem) {
    if (answer.problem->empty()) invariant_broken("parse_batch_answer: a problem without words");
    if (!answer.serviced.empty() || !answer.unserviced.empty()) {
      invariant_broken("parse_batch_answer: an unusable answer still handed out items");
    }
  } else {
    // Every asked item is accounted for exactly once: answered, or to be sent again alone.
    std::set<std::string> seen;
    for (const sncheck::BatchItemAnswer& item : answer.serviced) {
      if (!seen.insert(item.id).second) invariant_broken("an item answered twice");
      if (item.answer.status < 100 || item.answer.status > 599) invariant_broken("a bad status");
    }
    for (const std::string& id : answer.unserviced) {
      if (!seen.insert(id).second) invariant_broken("an item both answered and unserviced");
    }
    if (seen != std::set<std::string>(kAsked.begin(), kAsked.end())) {
      invariant_broken("parse_batch_answer: the items do not match the ids asked");
    }
  }
  if (std::optional<std::string> decoded = sncheck::base64_decode(text)) {
    if (decoded->size() > text.size()) invariant_broken("base64_decode: output longer than input");
  }
  return 0;
}
