// LiRA (online and offline) and RMIA, the thorough profile's membership attacks: reference models trained by the
// target's own trainer and settings, in pairs on complementary random halves of the population, then each audited
// record's loss under the target compared with its losses under the references that did and did not train on it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "audit/metrics/roc.h"
#include "pipeline/config.h"
#include "pipeline/train/trainer.h"

namespace leakgate::pipeline {

// The reference-model attacks by name.
bool IsReferenceAttack(const std::string& name);  // lira_online, lira_offline, rmia

// in[k][i]: reference k trains on pool element i. The elements of one privacy unit (unit_of[i] < units) are IN or OUT
// together; models 2m and 2m+1 take complementary halves of one seeded shuffle of the units, so every unit is IN for
// exactly half of the models.
std::vector<std::vector<bool>> ReferenceHalves(const std::vector<std::size_t>& unit_of, std::size_t units, int models,
                                               uint64_t seed);

// How many reference models to train at once: one per thread, no more than are left to train, and only as many as
// fit in three quarters of the available memory when each adds `need_bytes` at its peak (unknown: one at a time).
int ReferencesAtOnce(int threads, std::size_t to_train, std::optional<uint64_t> need_bytes,
                     std::optional<uint64_t> available_bytes);

struct ReferenceAttackInputs {
  std::vector<std::string> population_ids;    // records the references draw their halves from
  std::vector<std::string> population_texts;  // (the target's members and the audit non-members)
  // The person of each population and validation record under person-level privacy (data.user_field): a person's
  // records join a reference's half together and are clipped together, as in the target's training. Empty: every
  // record is its own unit.
  std::vector<std::optional<std::string>> population_users;
  std::vector<std::optional<std::string>> validation_users;
  std::vector<std::string> candidate_ids;     // audited records, all in the population
  std::vector<std::string> candidate_texts;
  std::vector<bool> is_member;                // of the target
  std::vector<std::string> validation_texts;  // RMIA's population z: not trained on by the target, IN for half
                                              // the references like every candidate
  // A classifier's labels, parallel to population_texts, candidate_texts and validation_texts; empty for a language
  // model.
  std::vector<std::string> population_labels;
  std::vector<std::string> candidate_labels;
  std::vector<std::string> validation_labels;
};

// The target's loss on each text (with its label for a classifier; `labels` is empty for a language model).
using TargetLosses =
    std::function<std::vector<double>(const std::vector<std::string>& texts, const std::vector<std::string>& labels)>;

struct ReferenceAttackJob {
  const Config* config = nullptr;          // train, privacy, run settings of the target
  std::filesystem::path run_dir;           // the audited run (its dataset ledger records the references)
  std::filesystem::path references_dir;    // reference/<k>/ model directories (resumable while they exist)
  std::string fingerprint;                 // of the corpus, split and training settings
  int models = 4;                          // even: the halves come in complementary pairs
  std::vector<std::string> attacks;        // reference attacks to score
  audit::MembershipOptions metrics;
  uint64_t seed = 0;
  bool keep_models = false;                // false: delete each reference model once its losses are scored
  // The target's sample rate, steps, noise multiplier and delta (privacy.json): each reference repeats them on its
  // half, so that LiRA's IN and OUT fits describe the target's training, not one recalibrated for another size.
  PrivacyPlan target_plan;
  // What the target's training added to its process at the peak (metrics.json), each reference's expected need;
  // unknown (a run trained before it was recorded): the references train one at a time.
  std::optional<uint64_t> memory_per_training_bytes;
};

struct ReferenceAttackResult {
  std::map<std::string, audit::MembershipMetrics> attacks;
  double training_seconds = 0.0;  // summed over the references trained, however many at once
  double scoring_seconds = 0.0;
  double wall_seconds = 0.0;  // training and scoring them, start to end
  int trained_at_once = 0;    // 0 when every reference's losses were saved by an interrupted audit
  int threads_each = 0;
};

// Trains (or resumes) the reference models with the target's task (job.config->train.task: a language model, or a
// classifier on the inputs' labels), scores the candidates under target and references, and evaluates each
// requested attack.
ReferenceAttackResult RunReferenceAttacks(const TargetLosses& target, const ReferenceAttackInputs& inputs,
                                          const ReferenceAttackJob& job);

// RunReferenceAttacks for the run in run_dir with `mia`'s reference models, adding each attack's metrics to
// audit["membership"] and what the references cost to audit["reference_models"].
void AddReferenceAttacks(const Config& config, const std::filesystem::path& run_dir,
                         const std::vector<std::string>& attacks, const MiaConfig& mia, const TargetLosses& target,
                         const ReferenceAttackInputs& inputs, const audit::MembershipOptions& metrics,
                         nlohmann::json& audit);

}  // namespace leakgate::pipeline
