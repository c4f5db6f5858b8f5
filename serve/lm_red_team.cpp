#include "serve/lm_red_team.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "audit/attacks/last_layer.h"
#include "common/errors.h"
#include "common/log.h"
#include "serve/red_team_client.h"

namespace leakgate::serve {
namespace {

RedTeamCheck WidthHidden(const WidthExtraction& extraction, std::size_t true_width) {
  RedTeamCheck check;
  check.name = "width_hidden:" + std::to_string(extraction.budget);
  check.passed = !extraction.width_recovered;
  check.measured = extraction.width ? static_cast<double>(*extraction.width) : 0.0;
  check.threshold = static_cast<double>(true_width);
  if (extraction.width_recovered) {
    char error[32];
    std::snprintf(error, sizeof error, "%.2g", extraction.subspace_error.value_or(1.0));
    check.detail = std::to_string(extraction.budget) + " prompts recovered the hidden width " +
                   std::to_string(true_width) + " and the output layer's span (largest angle's sine " + error + ")";
  } else if (extraction.width) {
    check.detail = std::to_string(extraction.budget) + " prompts gave a width estimate of " +
                   std::to_string(*extraction.width) + ", not the true " + std::to_string(true_width) + " (" +
                   std::to_string(extraction.stacked_tokens) + " tokens stackable)";
  } else {
    check.detail = std::to_string(extraction.budget) + " prompts: " + extraction.reason;
  }
  return check;
}

}  // namespace

LanguageModelRedTeamResult RunLanguageModelRedTeam(ServeSettings settings, audit::LanguageModel& model,
                                                   const TrueOutputLayer& truth,
                                                   const LanguageModelRedTeamOptions& options,
                                                   const std::filesystem::path& work_dir) {
  const auto started = std::chrono::steady_clock::now();
  const auto tier = std::find_if(settings.tiers.begin(), settings.tiers.end(),
                                 [&](const Tier& candidate) { return candidate.name == options.tier; });
  if (tier == settings.tiers.end())
    throw common::InputError("redteam: the serving config has no tier '" + options.tier + "'");
  if (truth.columns == 0 || truth.values.size() != model.vocab_size() * truth.columns)
    throw common::InputError("redteam: the output layer has " + std::to_string(truth.values.size()) +
                             " values, not one row per token of the model's " + std::to_string(model.vocab_size()) +
                             "-token vocabulary");
  LanguageModelRedTeamResult result;
  result.tier = options.tier;
  result.policy = tier->completion.Describe();
  result.true_width = truth.width;
  // As many log-probabilities per answer as the tier returns: the most an attacker with its key can see.
  const std::size_t asked_logprobs = std::min(tier->completion.top_logprobs, model.vocab_size());

  KeyStore keys;
  std::vector<std::string> extractor_keys;
  for (std::size_t b = 0; b < options.width_multiples.size(); ++b) {
    extractor_keys.push_back(keys.Add("extractor" + std::to_string(b), options.tier));
  }
  std::filesystem::create_directories(work_dir);
  settings.host = "127.0.0.1";
  settings.port = 0;
  settings.request_log = work_dir / "redteam-lm-requests.jsonl";
  std::filesystem::remove(settings.request_log);
  std::atomic<double> clock{kSimulatedStart};
  const std::string secret = "leakgate-red-team-secret-" + std::to_string(options.seed) + "-0123456789abcdef";
  Door door(settings, keys, model, secret, clock);
  httplib::Client& client = door.client;

  for (std::size_t b = 0; b < options.width_multiples.size(); ++b) {
    WidthExtraction extraction;
    extraction.budget = options.width_multiples[b] * truth.width;
    const audit::LogProbOracle api = [&](const std::vector<audit::TokenId>& prompt) {
      nlohmann::json body = {{"prompt", model.Decode(prompt)}, {"max_tokens", 1}};
      if (asked_logprobs > 0) body["logprobs"] = asked_logprobs;
      const httplib::Result answer = PostWaitingOutLimits(client, clock, extractor_keys[b], "/v1/complete",
                                                          body.dump(), extraction.seconds_waited);
      audit::RevealedLogProbs revealed;
      if (answer->status != 200) return revealed;  // refused for good (403, or a request no wait can admit)
      const nlohmann::json reply = nlohmann::json::parse(answer->body);
      if (!reply.contains("logprobs") || reply["logprobs"].empty()) return revealed;
      for (const nlohmann::json& entry : reply["logprobs"][0]["top"]) {
        revealed.emplace_back(entry["token_id"].get<audit::TokenId>(), entry["logprob"].get<double>());
      }
      return revealed;
    };
    const audit::LastLayerResult attack =
        audit::ExtractLastLayer(api, {.queries = extraction.budget, .seed = options.seed + b});
    extraction.answered = attack.answered;
    extraction.most_revealed = attack.most_revealed;
    extraction.stacked_tokens = attack.columns.size();
    extraction.width = attack.width;
    extraction.gap = attack.gap;
    extraction.singular_values.assign(
        attack.singular_values.begin(),
        attack.singular_values.begin() +
            static_cast<std::ptrdiff_t>(std::min(attack.singular_values.size(), 2 * truth.width)));
    extraction.reason = attack.reason;
    extraction.width_recovered = attack.width == truth.width;
    if (attack.width) extraction.subspace_error = audit::SubspaceError(attack, truth.values, truth.columns);
    common::LogInfo("redteam: last-layer extraction with " + std::to_string(extraction.budget) + " prompts: " +
                    (attack.width ? "width estimate " + std::to_string(*attack.width) + " (true " +
                                        std::to_string(truth.width) + ")"
                                  : attack.reason));
    result.extractions.push_back(std::move(extraction));
  }
  for (const WidthExtraction& extraction : result.extractions) {
    result.checks.push_back(WidthHidden(extraction, truth.width));
  }
  result.passed = std::all_of(result.checks.begin(), result.checks.end(),
                              [](const RedTeamCheck& check) { return check.passed; });
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

void to_json(nlohmann::json& j, const WidthExtraction& extraction) {
  j = {{"budget", extraction.budget},
       {"answered", extraction.answered},
       {"most_revealed", extraction.most_revealed},
       {"stacked_tokens", extraction.stacked_tokens},
       {"width", extraction.width ? nlohmann::json(*extraction.width) : nlohmann::json()},
       {"gap", extraction.gap},
       {"singular_values", extraction.singular_values},
       {"width_recovered", extraction.width_recovered},
       {"subspace_error", extraction.subspace_error ? nlohmann::json(*extraction.subspace_error) : nlohmann::json()},
       {"seconds_waited", extraction.seconds_waited}};
  if (!extraction.reason.empty()) j["reason"] = extraction.reason;
}

void to_json(nlohmann::json& j, const LanguageModelRedTeamResult& result) {
  j = {{"tier", result.tier},
       {"policy", result.policy},
       {"attack", "last-layer extraction (Carlini et al. 2024)"},
       {"true_width", result.true_width},
       {"extractions", result.extractions},
       {"checks", result.checks},
       {"passed", result.passed},
       {"seconds", result.seconds}};
}

}  // namespace leakgate::serve
