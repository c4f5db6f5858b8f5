// `leakgate run CONFIG`: the whole pipeline.
#include "cli/cli.h"
#include "pipeline/run.h"

namespace leakgate::cli {

void AddRunCommands(CLI::App& root, CliContext& context) {
  CLI::App* run = root.add_subcommand("run", "Run the pipeline stages of a config (hygiene, split, train, audit, "
                                             "redteam, gate, report), skipping stages whose inputs and config are "
                                             "unchanged");
  auto options = std::make_shared<pipeline::RunOptions>();
  run->add_option("config", options->config_path, "The run's YAML config (see configs/reference.yaml)")
      ->required()
      ->check(CLI::ExistingFile);
  run->add_option("--out", options->out_dir, "Run directory (default: run.out_dir, or runs/<run.name>)");
  run->add_flag("--force", options->force, "Replace a run directory made from another config; re-run every stage");
  run->add_option("--stages", options->stages, "Run only these stages, e.g. hygiene,train")
      ->delimiter(',')
      ->allow_extra_args(false);
  SetAction(context, run, [options, runner = context.run_pipeline] { return runner(*options); });
}

}  // namespace leakgate::cli
