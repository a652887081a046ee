#include "report/report.h"

namespace sncheck {

Summary summarize(const std::vector<Result>& results) {
  Summary summary;
  for (const Result& result : results) {
    switch (result.status) {
      case Status::Pass:
        ++summary.pass;
        break;
      case Status::Fail:
        ++summary.fail;
        break;
      case Status::Warn:
        ++summary.warn;
        break;
      case Status::Skip:
        ++summary.skip;
        break;
      case Status::Error:
        ++summary.error;
        break;
    }
  }
  return summary;
}

int exit_code(const RunOutcome& outcome) {
  Summary summary = summarize(outcome.results);
  if (summary.fail > 0) return 1;
  if (summary.error > 0 || outcome.fatal) return 2;
  return 0;
}

}  // namespace sncheck
