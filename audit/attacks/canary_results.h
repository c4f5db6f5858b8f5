// What every kind of canary audit reports in the same shape, whatever the model: exposure and extraction of the
// inserted canaries by repetition count against the never-inserted ones, and the one-run audit over the canaries
// that are one privacy unit.
#pragma once

#include <cstddef>
#include <nlohmann/json_fwd.hpp>
#include <span>
#include <vector>

#include "audit/metrics/one_run.h"

namespace leakgate::audit {

// One canary's measured outcome.
struct CanaryOutcome {
  std::size_t repetitions = 0;  // copies in training when inserted
  bool inserted = false;
  double exposure_bits = 0.0;
  bool extracted = false;       // the model reproduced the canary's secret (or predicted its planted label)
};

// Sets section["inserted"], ["not_inserted"], ["exposure"] (ExposureByRepetition of the inserted canaries),
// ["not_inserted_exposure_bits"] (when any), ["extraction"] ([{repetitions, exact_match}] of the inserted canaries)
// and ["not_inserted_extraction"] (when any).
void AddCanaryOutcomes(std::span<const CanaryOutcome> canaries, nlohmann::json& section);

// The one-run audit (with its power and `score_name`) over the canaries whose `units` is 1: a canary of r units
// would test r epsilon. Null when no canary is one unit.
nlohmann::json OneRunOverSingleUnits(std::span<const double> scores, const std::vector<bool>& included,
                                     std::span<const std::size_t> units, const OneRunOptions& options,
                                     const char* score_name);

}  // namespace leakgate::audit
