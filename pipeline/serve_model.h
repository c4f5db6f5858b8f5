// `leakgate serve RUN_DIR`: loads the run's trained classifier and serves it behind serve::GuardedServer until
// SIGINT or SIGTERM; `leakgate redteam RUN_DIR`: attacks it through that server (serve::RunRedTeam).
#pragma once

#include "pipeline/serve_config.h"

namespace leakgate::pipeline {

// Returns 0 after a clean shutdown; the red team returns 0 when its checks pass and 1 when one fails, after writing
// RUN_DIR/redteam/redteam-<tier>.json. A missing or untrained run, a language model (not served yet), a bad serving
// config, keys file or secret throws common::InputError / common::ConfigError. The red team needs neither keys file
// nor secret (it makes its own).
int ServeModel(const ServeOptions& options);

}  // namespace leakgate::pipeline
