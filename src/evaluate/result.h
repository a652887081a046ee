#pragma once

#include <string>
#include <vector>

#include "evaluate/check_definition.h"

namespace sncheck {

// What sncheck saw, pointing at the record on the instance where there is one.
struct Evidence {
  std::string table;
  std::string sys_id;  // empty when the evidence is an absence
  std::string field;
  std::string value;
  std::string link;  // the record (or the filtered list) in the instance's UI
  std::string note;
};

struct Result {
  const CheckDefinition* check = nullptr;
  Status status = Status::Error;
  std::string instance;  // the base URL of the instance judged (several per combined run)
  std::string subject;   // the record a per-record check judged; empty otherwise
  std::string message;
  std::vector<Evidence> evidence;
  std::string remediation;  // for fail, warn and error
};

}  // namespace sncheck
