// `leakgate audit CONFIG`: the stages up to the audit (each skipped when unchanged), then the leakage attacks on the
// trained model, which write audit.json.
#include <memory>

#include "cli/cli.h"
#include "pipeline/run.h"

namespace leakgate::cli {

void AddAuditCommands(CLI::App& root, CliContext& context) {
  CLI::App* audit = root.add_subcommand(
      "audit", "Attack the trained model (membership inference, one-run epsilon bound, extraction, canary "
               "exposure) and write audit.json; trains first if the model is missing or out of date");
  auto options = std::make_shared<pipeline::RunOptions>();
  options->stages = {"hygiene", "split", "train", "audit"};
  audit->add_option("config", options->config_path, "The run's YAML config (see configs/reference.yaml)")
      ->required()
      ->check(CLI::ExistingFile);
  audit->add_option("--out", options->out_dir, "Run directory (default: run.out_dir, or runs/<run.name>)");
  audit->add_flag("--force", options->force, "Replace a run directory made from another config; re-run every stage");
  SetAction(context, audit, [options, runner = context.run_pipeline] { return runner(*options); });
}

}  // namespace leakgate::cli
