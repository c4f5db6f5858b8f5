// `leakgate run`: the stages in order, each skipped when its inputs and config are unchanged since its last run,
// with a manifest (tool version, resolved config, SHA-256 of every input and output, timings) in the run directory.
#pragma once

#include <string>
#include <vector>

namespace leakgate::pipeline {

struct RunOptions {
  std::string config_path;
  std::string out_dir;              // overrides run.out_dir
  bool force = false;               // replace a run directory made from a different config; re-run every stage
  std::vector<std::string> stages;  // run only these (default: all)
};

// The stage names in pipeline order.
const std::vector<std::string>& StageNames();

// Returns the exit code (0: every stage succeeded). Bad input or config throws std::invalid_argument.
int RunPipeline(const RunOptions& options);

}  // namespace leakgate::pipeline
