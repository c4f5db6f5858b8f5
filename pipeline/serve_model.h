// `leakgate serve RUN_DIR`: loads the run's trained classifier and serves it behind serve::GuardedServer until
// SIGINT or SIGTERM.
#pragma once

#include "pipeline/serve_config.h"

namespace leakgate::pipeline {

// Returns 0 after a clean shutdown. A missing or untrained run, a language model (not served yet), a bad serving
// config, keys file or secret throws common::InputError / common::ConfigError.
int ServeModel(const ServeOptions& options);

}  // namespace leakgate::pipeline
