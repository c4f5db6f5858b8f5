#include "report/reports.h"

#include <algorithm>

#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/run_files.h"

namespace leakgate::report {

void WriteReports(const std::filesystem::path& run_dir, const GateResult& result, const ReportConfig& config) {
  auto wanted = [&](const char* format) {
    return std::find(config.formats.begin(), config.formats.end(), format) != config.formats.end();
  };
  // Everything is rendered before anything is written, so a malformed document leaves no partial set of reports.
  std::vector<std::pair<std::string, std::string>> files;
  if (wanted("json")) files.emplace_back(common::kReportJsonFile, ReportJson(result, config).dump(2) + "\n");
  if (wanted("md")) files.emplace_back(common::kReportMarkdownFile, ReportMarkdown(result));
  if (wanted("html")) files.emplace_back(common::kReportHtmlFile, ReportHtml(result, config));
  if (wanted("junit")) files.emplace_back(common::kJunitFile, ReportJunit(result));
  std::filesystem::create_directories(run_dir);
  for (const auto& [name, bytes] : files) common::WriteFileAtomically(run_dir / name, bytes);
}

GateResult RefreshGateAndReports(const std::filesystem::path& run_dir) {
  const Document manifest = LoadRunDocuments(run_dir).manifest;
  if (!manifest.present()) {
    throw common::InputError((run_dir / common::kManifestFile).string(), 0, "missing",
                             "is this a leakgate run directory?");
  }
  const nlohmann::json* config = manifest.Find("/config");
  if (!config || !config->is_object()) manifest.Fail("/config", "the run's resolved config");
  GateResult result =
      EvaluateGate(run_dir, GateConfigFromJson(config->value("gate", nlohmann::json::object())));
  // The verdict first: reports that fail to render must not leave an older gate.json standing beside a new result.
  common::WriteFileAtomically(run_dir / common::kGateFile, ToJson(result).dump(2) + "\n");
  WriteReports(run_dir, result, ReportConfigFromJson(config->value("report", nlohmann::json::object())));
  return result;
}

}  // namespace leakgate::report
