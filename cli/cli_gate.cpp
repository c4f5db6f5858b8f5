// `leakgate gate CONFIG` (the verdict on a run's documents) and `leakgate report RUN_DIR` (the report files).
#include <cstdio>

#include "cli/cli.h"
#include "common/log.h"
#include "pipeline/config.h"
#include "pipeline/privacy_ledger.h"
#include "report/gate.h"
#include "report/reports.h"

namespace leakgate::cli {

namespace {

namespace fs = std::filesystem;

int Gate(const std::string& config_path, const std::string& out_dir) {
  const pipeline::Config config = pipeline::LoadConfig(config_path);
  const fs::path run_dir = out_dir.empty() ? fs::path(config.OutDir()) : fs::path(out_dir);
  pipeline::WriteDatasetLedgerSnapshot(config, run_dir);
  const report::GateResult result = report::EvaluateGate(run_dir, config.gate);
  std::fputs(report::VerdictTable(result).c_str(), stderr);
  return result.passed ? 0 : 1;
}

int Report(const fs::path& run_dir) {
  const report::GateResult result = report::RefreshGateAndReports(run_dir);
  common::LogInfo("reports written to " + run_dir.string() + " (verdict: " + (result.passed ? "pass" : "fail") + ")");
  return 0;
}

}  // namespace

void AddGateCommands(CLI::App& root, CliContext& context) {
  CLI::App* gate = root.add_subcommand("gate", "Check a run's measured leakage against the config's gate thresholds "
                                               "(exit 0 pass, 1 fail)");
  auto config = std::make_shared<std::string>();
  auto out_dir = std::make_shared<std::string>();
  gate->add_option("config", *config, "The run's YAML config")->required()->check(CLI::ExistingFile);
  gate->add_option("--out", *out_dir, "Run directory (default: run.out_dir, or runs/<run.name>)");
  SetAction(context, gate, [=] { return Gate(*config, *out_dir); });

  CLI::App* report = root.add_subcommand("report", "Evaluate a run's gate again (with any red-team results) and "
                                                   "write gate.json, report.json/md/html and junit.xml");
  auto run_dir = std::make_shared<std::string>();
  report->add_option("run_dir", *run_dir, "The run directory (holds manifest.json)")->required();
  SetAction(context, report, [=] { return Report(*run_dir); });
}

}  // namespace leakgate::cli
