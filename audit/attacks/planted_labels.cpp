#include "audit/attacks/planted_labels.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "audit/attacks/canary_results.h"
#include "audit/attacks/cloning.h"
#include "audit/attacks/errors.h"

namespace leakgate::audit {

namespace {

// The planted label's 1-based rank in a full answer (most probable first) and its log-probability; a label the
// model does not name ranks last, below every class it names, at the smallest probability a double holds.
struct PlantedLabelScore {
  std::size_t rank = 0;
  double log_probability = 0.0;
};

PlantedLabelScore ScorePlantedLabel(const std::vector<ClassProbability>& answer, const std::string& label) {
  const auto found = std::find_if(answer.begin(), answer.end(),
                                  [&](const ClassProbability& entry) { return entry.label == label; });
  constexpr double kSmallestLogProbability = -745.0;  // log of the smallest subnormal double
  if (found == answer.end()) return {answer.size() + 1, kSmallestLogProbability};
  return {static_cast<std::size_t>(found - answer.begin()) + 1,
          std::max(kSmallestLogProbability, std::log(found->probability))};
}

}  // namespace

nlohmann::json AuditPlantedLabels(Classifier& model, std::span<const PlantedLabelCanary> canaries,
                                  const PlantedLabelOptions& options, nlohmann::json& audit) {
  if (canaries.empty()) throw AttackInputError("the planted-label audit needs at least one canary");
  if (options.query_batch == 0) throw AttackInputError("the planted-label audit needs a query_batch above 0");
  std::vector<std::vector<ClassProbability>> answers;
  for (std::size_t begin = 0; begin < canaries.size(); begin += options.query_batch) {
    std::vector<std::string> texts;
    for (std::size_t i = begin; i < std::min(canaries.size(), begin + options.query_batch); ++i) {
      texts.push_back(canaries[i].text);
    }
    for (auto& answer : model.TopKClasses(texts, kAllClasses)) answers.push_back(std::move(answer));
  }
  const std::size_t classes = answers.front().size();
  if (classes == 0) throw AttackInputError("the planted-label audit needs a classifier that names its classes");
  // Exposure over the space of labels: log2 classes for the top label, 0 for the last.
  const double space_bits = std::log2(static_cast<double>(classes));

  std::vector<CanaryOutcome> outcomes;
  std::vector<double> scores;
  std::vector<bool> included;
  std::vector<std::size_t> units;
  for (std::size_t i = 0; i < canaries.size(); ++i) {
    const PlantedLabelScore score = ScorePlantedLabel(answers[i], canaries[i].label);
    const double rank = static_cast<double>(std::min(score.rank, classes));
    outcomes.push_back({canaries[i].repetitions, canaries[i].inserted, space_bits - std::log2(rank), score.rank == 1});
    scores.push_back(score.log_probability);
    included.push_back(canaries[i].inserted);
    units.push_back(canaries[i].units);
  }
  nlohmann::json section = {
      {"method", "planted label: each canary is a synthetic text with a label drawn uniformly from the classes; "
                 "exposure is log2 classes - log2 of the planted label's rank, extraction is the planted label "
                 "predicted as the top class"},
      {"candidate_space_bits", space_bits},
      {"classes", classes},
      {"samples", nlohmann::json::array()}};
  AddCanaryOutcomes(outcomes, section);
  if (options.one_run) {
    // The log-probability of the planted label, not its rank: a model that learned a canary raises it even when
    // another class still wins.
    nlohmann::json one_run =
        OneRunOverSingleUnits(scores, included, units, options.one_run_options, "planted-label log-probability");
    if (!one_run.is_null()) audit["one_run"] = std::move(one_run);
  }
  return section;
}

}  // namespace leakgate::audit
