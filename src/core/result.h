// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/shared_text.h"
#include "core/status.h"

namespace sncheck {

struct CheckDefinition;  // model/check_definition.h: results point at the check that made them

// What sncheck saw, pointing at the record on the instance where there is one.
struct Evidence {
  std::string table;
  std::string sys_id;  // empty when the evidence is an absence
  std::string field;
  std::string value;
  std::string link;  // the record (or the filtered list) in the instance's UI
  std::string note;
};

// A waiver (--waivers) that matched a fail or warn result: an approved exception until `expires`.
struct WaiverMark {
  std::string origin;  // "waivers.json: waivers[2]", to find it again
  std::string check;   // the waiver's check id glob
  std::string reason;
  std::string owner;
  std::string expires;   // YYYY-MM-DD, the last day it holds
  bool expired = false;  // true: it no longer holds, the result counts again
};

// A run may hold tens of thousands of results (six per registry entry): what many of them carry
// alike is shared (SharedText, the waiver), not copied into each.
struct Result {
  const CheckDefinition* check = nullptr;
  Status status = Status::Error;
  // A failure that names its own cause (the token endpoint said invalid_client): it is the root
  // cause whatever the chain order, so an earlier failing link is not blamed for it.
  bool decisive = false;
  SharedText instance;  // the base URL of the instance judged (several per combined run)
  SharedText subject;   // the record a per-record check judged; empty otherwise
  std::string message;
  std::vector<Evidence> evidence;
  SharedText remediation;  // for fail, warn and error
  // Set by apply_waivers for a fail or warn that one matches (shared by every result it matches).
  std::shared_ptr<const WaiverMark> waiver;

  // A fail or warn with a waiver that still holds: reported, but it does not fail the run.
  bool waived() const { return waiver && !waiver->expired; }
};

}  // namespace sncheck
