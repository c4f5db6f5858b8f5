// junit.xml: one test case per gate check, so CI systems list the checks natively (failure for fail, skipped for
// not evaluated and not applicable).
#include "report/format.h"
#include "report/reports.h"

namespace leakgate::report {

std::string ReportJunit(const GateResult& result) {
  const int tests = static_cast<int>(result.checks.size());
  const std::string counts = "tests=\"" + std::to_string(tests) + "\" failures=\"" +
                             std::to_string(result.Count(CheckStatus::kFail)) + "\" errors=\"0\" skipped=\"" +
                             std::to_string(result.Count(CheckStatus::kNotEvaluated) +
                                            result.Count(CheckStatus::kNotApplicable)) +
                             "\"";
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"leakgate\" " + counts +
                    ">\n  <testsuite name=\"leakgate.gate\" " + counts + ">\n";
  for (const GateCheck& check : result.checks) {
    xml += "    <testcase classname=\"leakgate.gate\" name=\"" + EscapeMarkup(check.name) + "\" time=\"0\">\n";
    const std::string message =
        EscapeMarkup(check.title + ": measured " + check.measured_text + ", maximum " + check.threshold_text);
    if (check.status == CheckStatus::kFail) {
      xml += "      <failure message=\"" + message + "\" type=\"gate\">" + EscapeMarkup(check.explanation) +
             "</failure>\n";
    } else if (check.status == CheckStatus::kNotEvaluated || check.status == CheckStatus::kNotApplicable) {
      const std::string why = check.status == CheckStatus::kNotApplicable ? "not applicable: " : "";
      xml += "      <skipped message=\"" + EscapeMarkup(why + check.explanation) + "\"/>\n";
    }
    xml += "      <system-out>" + EscapeMarkup(check.explanation) + "</system-out>\n    </testcase>\n";
  }
  return xml + "  </testsuite>\n</testsuites>\n";
}

}  // namespace leakgate::report
