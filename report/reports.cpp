#include "report/reports.h"

#include <algorithm>

#include "common/atomic_file.h"
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

}  // namespace leakgate::report
