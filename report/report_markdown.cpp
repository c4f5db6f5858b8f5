// report.md: what a pull-request comment needs, the verdict, the checks table and epsilon in plain words.
#include "report/format.h"
#include "report/plain_words.h"
#include "report/reports.h"

namespace leakgate::report {

namespace {

const char* StatusBadge(CheckStatus status) {
  switch (status) {
    case CheckStatus::kPass:
      return "\xE2\x9C\x85 pass";
    case CheckStatus::kFail:
      return "\xE2\x9D\x8C fail";
    case CheckStatus::kNotEvaluated:
      return "\xE2\x9A\xA0\xEF\xB8\x8F not evaluated";
    case CheckStatus::kNotApplicable:
      return "\xE2\x9E\x96 not applicable";
  }
  return "";
}

std::string Percent(const nlohmann::json& value) { return FormatPercent(value.get<double>()); }

// The cloning audit as a table of fidelity and accuracy per policy and budget, after its one-sentence summary.
std::string CloningMarkdown(const nlohmann::json& clone) {
  if (clone.is_null()) return "";
  std::string md = "\n\n### Model cloning\n\n" + EscapeMarkdownCell(clone["sentence"].get<std::string>()) +
                   "\n\n| Policy | Queries | Fidelity (interval) | Accuracy (interval) |\n|---|---|---|---|\n";
  for (const auto& policy : clone["policies"]) {
    for (const auto& point : policy["points"]) {
      md += "| " + EscapeMarkdownCell(policy["policy"].get<std::string>()) + " | " +
            FormatNumber(point["budget"].get<double>(), 12) + " | " + Percent(point["fidelity"]) + " (" +
            Percent(point["fidelity_lower"]) + "\xE2\x80\x93" + Percent(point["fidelity_upper"]) + ") | " +
            Percent(point["accuracy"]) + " (" + Percent(point["accuracy_lower"]) + "\xE2\x80\x93" +
            Percent(point["accuracy_upper"]) + ") |\n";
    }
  }
  return md;
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
  md += "| Check | Status | Measured | Limit | Why |\n|---|---|---|---|---|\n";
  for (const GateCheck& check : result.checks) {
    md += "| " + EscapeMarkdownCell(check.title) + " | " + StatusBadge(check.status) + " | " +
          EscapeMarkdownCell(check.measured_text) + " | " + EscapeMarkdownCell(check.threshold_text) + " | " +
          EscapeMarkdownCell(check.explanation) + " |\n";
  }
  md += "\n### Privacy in plain words\n\n";
  for (const std::string& sentence : PrivacyInPlainWords(result.documents.privacy, result.documents.ledger)) {
    md += EscapeMarkdownCell(sentence) + " ";
  }
  md += CloningMarkdown(CloneReportJson(result.documents.audit));
  md +=
      "\n\nThe full report with plots, the HIPAA Safe Harbor table, the GDPR section and provenance is "
      "`report.html` in the run directory.\n";
  return md;
}

}  // namespace leakgate::report
