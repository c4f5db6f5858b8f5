// The serving config of `leakgate serve` (serve.yaml, its own file next to the run's config): where the server
// listens, its keys file, the environment variable holding its secret, the request log, request limits and tiers.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

#include "pipeline/config_reader.h"
#include "serve/red_team.h"
#include "serve/server.h"

namespace leakgate::pipeline {

struct ServeConfig {
  serve::ServeSettings settings;
  std::filesystem::path keys = "serve-keys.json";     // relative paths are resolved against the config's folder
  std::string secret_env = "LEAKGATE_SERVE_SECRET";   // names the variable; the secret is never written out
  std::string watermark_key_env = "LEAKGATE_WATERMARK_KEY";  // the same for the watermark's key
  serve::RedTeamGate red_team_gate;                   // what `leakgate redteam` must find to pass
};

// What `leakgate serve` (or `leakgate redteam`) was asked to do.
struct ServeOptions {
  std::string run_dir;      // a trained run: its model/ is served
  std::string config_path;  // serve.yaml
  int port = -1;            // overrides the config's port when >= 0
  // `leakgate redteam`: attack the model through the guarded server on loopback instead of serving it.
  std::optional<serve::RedTeamOptions> red_team;
  // After the red team's result is written, evaluate the run's gate again and rewrite its reports (`leakgate
  // redteam`); the pipeline's red-team stage leaves that to its gate and report stages.
  bool refresh_reports = true;
};

// Declares the file's keys (ConfigMap): read strictly (unknown keys, wrong types and bad values name the key with
// line:column), echoed or described.
void ReadServeConfig(ConfigMap& map, ServeConfig& config);
// The secret held by the environment variable `variable`; throws common::ConfigError, saying it keys `purpose`, when it
// is unset or shorter than 32 characters.
std::string SecretFromEnvironment(const std::string& variable, const std::string& purpose);
// Reads `path` and resolves the keys file and the request log against its folder; throws common::ConfigError.
ServeConfig LoadServeConfig(const std::filesystem::path& path);

}  // namespace leakgate::pipeline
