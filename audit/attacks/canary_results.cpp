#include "audit/attacks/canary_results.h"

#include <map>
#include <nlohmann/json.hpp>
#include <utility>

#include "audit/metrics/exposure.h"
#include "audit/metrics/json.h"

namespace leakgate::audit {

void AddCanaryOutcomes(std::span<const CanaryOutcome> canaries, nlohmann::json& section) {
  std::vector<CanaryExposure> inserted;
  std::vector<double> not_inserted;
  std::map<std::size_t, std::pair<std::size_t, std::size_t>> extracted_by_repetition;  // -> (successes, trials)
  std::size_t baseline_extracted = 0;
  for (const CanaryOutcome& canary : canaries) {
    if (canary.inserted) {
      inserted.push_back({canary.repetitions, canary.exposure_bits});
      auto& [successes, trials] = extracted_by_repetition[canary.repetitions];
      successes += canary.extracted ? 1 : 0;
      ++trials;
    } else {
      not_inserted.push_back(canary.exposure_bits);
      baseline_extracted += canary.extracted ? 1 : 0;
    }
  }
  section["inserted"] = inserted.size();
  section["not_inserted"] = not_inserted.size();
  section["exposure"] = nlohmann::json::array();
  if (!inserted.empty()) section["exposure"] = exposure_by_repetition(inserted);
  if (!not_inserted.empty()) section["not_inserted_exposure_bits"] = summarize(not_inserted);
  nlohmann::json extraction = nlohmann::json::array();
  for (const auto& [repetitions, counts] : extracted_by_repetition) {
    extraction.push_back({{"repetitions", repetitions}, {"exact_match", rate_with_interval(counts.first, counts.second)}});
  }
  section["extraction"] = extraction;
  if (!not_inserted.empty()) {
    section["not_inserted_extraction"] = rate_with_interval(baseline_extracted, not_inserted.size());
  }
}

nlohmann::json OneRunOverSingleUnits(std::span<const double> scores, const std::vector<bool>& included,
                                     std::span<const std::size_t> units, const OneRunOptions& options,
                                     const char* score_name) {
  std::vector<double> single_unit_scores;
  std::vector<bool> single_unit_included;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (units[i] != 1) continue;
    single_unit_scores.push_back(scores[i]);
    single_unit_included.push_back(included[i]);
  }
  if (single_unit_scores.empty()) return nullptr;
  const auto levels = default_abstention_levels(single_unit_scores.size());
  nlohmann::json one_run = one_run_audit(single_unit_scores, single_unit_included, levels, options);
  one_run["power"] = one_run_power(single_unit_included, levels, options);
  one_run["score"] = score_name;
  one_run["canaries_used"] = "the canaries that are one privacy unit (inserted once, or one person)";
  return one_run;
}

}  // namespace leakgate::audit
