// The red team against a served language model: the last-layer extraction attack (audit/attacks/last_layer.h) sent
// through the guarded server's POST /v1/complete with a key of the tier under test, so that it receives what that
// tier's callers receive: one next token per prompt, with as many log-probabilities as the tier returns, rounded as
// it rounds them. With full log-probabilities a little more than the model's width in prompts recovers that width
// (Carlini et al. 2024); a tier that protects it must hold at 2 and at 40 times the width.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "audit/model.h"
#include "serve/red_team.h"
#include "serve/server.h"

namespace leakgate::serve {

struct LanguageModelRedTeamOptions {
  std::string tier;  // the extraction's keys belong to this tier of the serving settings
  std::uint64_t seed = 0;
  std::vector<std::size_t> width_multiples{2, 40};  // the budgets, in prompts per unit of the model's width
};

// The model's true output layer, which the extraction is scored against: for each token id, the head's weights and
// bias (`columns` values per row, row-major), and the hidden width.
struct TrueOutputLayer {
  std::span<const double> values;
  std::size_t columns = 0;
  std::size_t width = 0;
};

struct WidthExtraction {
  std::size_t budget = 0;               // prompts asked
  std::size_t answered = 0;             // answers that revealed log-probabilities
  std::size_t most_revealed = 0;        // the most log-probabilities one answer revealed
  std::size_t stacked_tokens = 0;       // tokens in every answer: the columns the attack could stack
  std::optional<std::size_t> width;     // the attack's estimate of the hidden width
  double gap = 0.0;                     // the singular-value drop it read the estimate from
  std::vector<double> singular_values;  // the largest, up to twice the true width (where the drop should be)
  bool width_recovered = false;         // the estimate is the true width
  std::optional<double> subspace_error; // sine of the largest angle to the true output layer's span
  double seconds_waited = 0.0;          // simulated time the rate limits made the attacker wait
  std::string reason;                   // why the attack had nothing to stack, when it had not
};

struct LanguageModelRedTeamResult {
  std::string tier;
  std::string policy;
  std::size_t true_width = 0;
  std::vector<WidthExtraction> extractions;
  std::vector<RedTeamCheck> checks;  // "width_hidden:<budget>": the attack did not recover the true width
  bool passed = false;
  double seconds = 0.0;
};

// Runs the extraction at each budget, each with a key of its own, against a GuardedServer built from `settings` on an
// ephemeral loopback port (its request log in `work_dir`, time simulated). Throws common::InputError for an unknown
// tier or an output layer that does not match the model's vocabulary.
LanguageModelRedTeamResult RunLanguageModelRedTeam(ServeSettings settings, audit::LanguageModel& model,
                                                   const TrueOutputLayer& truth,
                                                   const LanguageModelRedTeamOptions& options,
                                                   const std::filesystem::path& work_dir);

void to_json(nlohmann::json& j, const WidthExtraction& extraction);
void to_json(nlohmann::json& j, const LanguageModelRedTeamResult& result);

}  // namespace leakgate::serve
