// The report files of a run: report.json (schema docs/report-schema.json), report.md (a PR comment), report.html
// (one self-contained page for compliance readers) and junit.xml (one test case per gate check).
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "report/gate.h"
#include "report/gate_config.h"

namespace leakgate::report {

// Version of report.json's layout; bumped on any incompatible change to docs/report-schema.json.
inline constexpr int kReportSchemaVersion = 1;

nlohmann::json ReportJson(const GateResult& result, const ReportConfig& config);
std::string ReportMarkdown(const GateResult& result);
std::string ReportHtml(const GateResult& result, const ReportConfig& config);
std::string ReportJunit(const GateResult& result);

// report.json's "clone" section from audit.json's: per policy the points by ascending budget with fidelity and
// accuracy intervals, and one sentence naming the policy that makes cloning most expensive. Null without a clone
// section.
nlohmann::json CloneReportJson(const Document& audit);

// Writes the configured formats (report.json, report.md, report.html, junit.xml) into run_dir, each atomically.
// Samples (memorised text, canaries) appear only as "[redacted: N characters]" unless config.redact_samples is
// false. Throws common::InputError when the documents in `result` hold malformed figures.
void WriteReports(const std::filesystem::path& run_dir, const GateResult& result, const ReportConfig& config);

// `leakgate report RUN_DIR`, and the red team once it has written a result: the gate evaluated again on the run's
// documents under the gate: and report: sections manifest.json records, then gate.json and the reports rewritten.
// Throws common::InputError when the manifest is missing or malformed.
GateResult RefreshGateAndReports(const std::filesystem::path& run_dir);

}  // namespace leakgate::report
