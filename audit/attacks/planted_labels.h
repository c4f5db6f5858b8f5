// Canaries for classifiers: synthetic texts each given a label drawn uniformly from the classes (Jagielski et al.
// 2020, "Auditing Differentially Private Machine Learning"), half of them inserted into training. A model that
// learned a canary predicts its planted label; one that never saw it predicts that label only by chance, which the
// never-inserted canaries measure.
#pragma once

#include <cstddef>
#include <nlohmann/json_fwd.hpp>
#include <span>
#include <string>
#include <vector>

#include "audit/metrics/one_run.h"
#include "audit/model.h"

namespace leakgate::audit {

struct PlantedLabelCanary {
  std::string text;
  std::string label;            // drawn uniformly from the classes, independently of the text
  std::size_t repetitions = 0;  // copies in training when inserted
  std::size_t units = 1;        // privacy units the inserted copies make up (1 under person-level privacy)
  bool inserted = false;
};

struct PlantedLabelOptions {
  bool one_run = true;
  OneRunOptions one_run_options;
  std::size_t query_batch = 256;  // texts per TopKClasses call
};

// The "canaries" section of a classifier's audit.json, in the language model's shape: "method",
// "candidate_space_bits" (log2 of the classes), "inserted", "not_inserted", "exposure" (ExposureByRepetition of the
// inserted canaries, exposure = log2 classes - log2 rank of the planted label), "not_inserted_exposure_bits",
// "extraction" ({repetitions, exact_match}: the planted label is the model's top label) and
// "not_inserted_extraction". With options.one_run, also sets audit["one_run"]: the one-run audit over the canaries
// that are one privacy unit, scored by the log-probability of the planted label, with its power.
// Throws AttackInputError without canaries or when the model names no class.
nlohmann::json AuditPlantedLabels(Classifier& model, std::span<const PlantedLabelCanary> canaries,
                                  const PlantedLabelOptions& options, nlohmann::json& audit);

}  // namespace leakgate::audit
