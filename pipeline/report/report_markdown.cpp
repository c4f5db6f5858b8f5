// report.md: what a pull-request comment needs, the verdict, the checks table and epsilon in plain words.
#include "pipeline/report/format.h"
#include "pipeline/report/plain_words.h"
#include "pipeline/report/reports.h"

namespace leakgate::pipeline {

namespace {

const char* StatusBadge(CheckStatus status) {
  switch (status) {
    case CheckStatus::kPass:
      return "\xE2\x9C\x85 pass";
    case CheckStatus::kFail:
      return "\xE2\x9D\x8C fail";
    case CheckStatus::kNotEvaluated:
      return "\xE2\x9A\xA0\xEF\xB8\x8F not evaluated";
  }
  return "";
}

}  // namespace

std::string ReportMarkdown(const GateResult& result) {
  std::string md = std::string("## leakgate release gate: ") +
                   (result.passed ? "\xE2\x9C\x85 PASS" : "\xE2\x9D\x8C FAIL") + "\n\n" +
                   EscapeMarkdownCell(VerdictSentence(result)) + "\n\n";
  if (result.dp_implementation_failure) {
    md +=
        "> **DP IMPLEMENTATION FAILURE**: the one-run audit proves a larger \xCE\xB5 than the accountant reports. "
        "The privacy claim of this model must not be trusted.\n\n";
  }
  md += "| Check | Status | Measured | Maximum | Why |\n|---|---|---|---|---|\n";
  for (const GateCheck& check : result.checks) {
    md += "| " + EscapeMarkdownCell(check.title) + " | " + StatusBadge(check.status) + " | " +
          EscapeMarkdownCell(check.measured_text) + " | " + EscapeMarkdownCell(check.threshold_text) + " | " +
          EscapeMarkdownCell(check.explanation) + " |\n";
  }
  md += "\n### Privacy in plain words\n\n";
  for (const std::string& sentence : PrivacyInPlainWords(result.documents.privacy)) {
    md += EscapeMarkdownCell(sentence) + " ";
  }
  md +=
      "\n\nThe full report with plots, the HIPAA Safe Harbor table, the GDPR section and provenance is "
      "`report.html` in the run directory.\n";
  return md;
}

}  // namespace leakgate::pipeline
