// `leakgate train CONFIG`: the hygiene, split and train stages of a config (each skipped when unchanged); an
// interrupted training resumes from its last checkpoint when the command is run again.
#include <memory>

#include "cli/cli.h"
#include "pipeline/run.h"

namespace leakgate::cli {

void AddTrainCommands(CLI::App& root, CliContext& context) {
  CLI::App* train = root.add_subcommand(
      "train", "Train the configured model on the clean corpus (privately unless privacy.enabled is false); "
               "writes model/, metrics.json and privacy.json; run it again to resume after an interruption");
  auto options = std::make_shared<pipeline::RunOptions>();
  options->stages = {"hygiene", "split", "train"};
  train->add_option("config", options->config_path, "The run's YAML config (see configs/reference.yaml)")
      ->required()
      ->check(CLI::ExistingFile);
  train->add_option("--out", options->out_dir, "Run directory (default: run.out_dir, or runs/<run.name>)");
  train->add_flag("--force", options->force, "Replace a run directory made from another config; re-run every stage");
  SetAction(context, train, [options, runner = context.run_pipeline] { return runner(*options); });
}

}  // namespace leakgate::cli
