// The names of the files in a run directory: one spelling for the stages that write them and for every reader (the
// gate, the reports, the next stage, the CLI).
#pragma once

#include <string>

namespace leakgate::common {

inline constexpr const char* kManifestFile = "manifest.json";
inline constexpr const char* kHygieneFile = "hygiene.json";
inline constexpr const char* kCleanCorpusFile = "corpus.clean.jsonl.zst";
inline constexpr const char* kClustersFile = "clusters.jsonl";
inline constexpr const char* kSplitFile = "split.json";
inline constexpr const char* kCanariesFile = "canaries.jsonl";
inline constexpr const char* kPrivacyFile = "privacy.json";
inline constexpr const char* kMetricsFile = "metrics.json";
inline constexpr const char* kModelDir = "model";
inline constexpr const char* kWeightsFile = "weights.pt";
inline constexpr const char* kAuditFile = "audit.json";
inline constexpr const char* kGateFile = "gate.json";
inline constexpr const char* kDatasetLedgerFile = "dataset_ledger.json";
inline constexpr const char* kSampleKeyFile = "sample.key";
inline constexpr const char* kReportJsonFile = "report.json";
inline constexpr const char* kReportMarkdownFile = "report.md";
inline constexpr const char* kReportHtmlFile = "report.html";
inline constexpr const char* kJunitFile = "junit.xml";
// Held (common::FileLock) by the one command writing the run directory: `leakgate run`, `leakgate redteam`.
inline constexpr const char* kRunLockFile = ".leakgate.lock";
// `leakgate redteam RUN --tier T` writes redteam/redteam-T.json (and its request log, students) under the run.
inline constexpr const char* kRedTeamDir = "redteam";

// The red team's result file of a serving tier, relative to the run directory.
inline std::string RedTeamFile(const std::string& tier) {
  return std::string(kRedTeamDir) + "/redteam-" + tier + ".json";
}

}  // namespace leakgate::common
