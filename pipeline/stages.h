// The pipeline stages: what each reads (files and config), writes (files in the run directory) and does.
#pragma once

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pipeline/config.h"

namespace leakgate::pipeline {

struct StageContext {
  const Config& config;
  std::filesystem::path run_dir;
  nlohmann::json scratch;  // facts earlier stages pass on within one invocation
};

struct Stage {
  std::string name;
  std::function<std::vector<std::filesystem::path>(const StageContext&)> inputs;
  std::function<nlohmann::json(const Config&)> config;  // the part of the config the stage's outputs depend on
  std::vector<std::string> outputs;                      // file names in the run directory
  std::function<nlohmann::json(StageContext&)> run;      // returns a summary for the manifest
};

// Every stage, in pipeline order (the report stage's outputs depend on report.formats).
std::vector<Stage> AvailableStages(const Config& config);

}  // namespace leakgate::pipeline
