// The training loop: DP-SGD through the engine (Poisson-sampled logical batches, physical micro-batches,
// calibrated noise, privacy ledger) or ordinary shuffled mini-batches, with an LR schedule, validation loss at
// intervals, and atomic checkpoints from which an interrupted run resumes bit for bit.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pipeline/config.h"

namespace leakgate::pipeline {

struct TrainingProgress {
  int64_t step = 0;   // steps done
  int64_t steps = 0;  // steps in the run
  double loss = 0.0;  // training loss of the last logical batch
  double epsilon = 0.0;  // spent so far (0 when not private)
  double examples_per_second = 0.0;
};

struct TrainingJob {
  TrainConfig train;
  PrivacyConfig privacy;
  uint64_t seed = 0;
  int threads = 0;  // 0: all cores
  std::filesystem::path model_dir;  // weights.pt, model.json, checkpoints
  // Identifies the inputs and settings; a checkpoint written under another fingerprint is not resumed.
  std::string fingerprint;
  std::function<void(const TrainingProgress&)> on_step;  // after every step (progress display, tests)
};

// The privacy plan of a run before any training: steps, sample rate, delta and the calibrated noise.
struct PrivacyPlan {
  int64_t dataset_size = 0;
  int64_t steps = 0;
  double sample_rate = 0.0;
  double delta = 0.0;
  double noise_multiplier = 0.0;  // 0 when not private
};

// Throws TrainError when privacy.target_epsilon cannot be reached within privacy.max_noise_multiplier, naming the
// largest epochs (or the epsilon) that would work.
PrivacyPlan PlanPrivacy(const TrainConfig& train, const PrivacyConfig& privacy, int64_t dataset_size);

// The learning rate of step `step` (0-based) of `steps`: linear warmup over train.warmup_steps, then constant or
// cosine decay to 0 (train.lr_schedule).
double LearningRate(const TrainConfig& train, int64_t step, int64_t steps);

struct TrainingResult {
  nlohmann::json metrics;  // metrics.json: losses, perplexity, unigram baseline, timings, evaluation curve
  nlohmann::json privacy;  // privacy.json: epsilon, delta, accountant, noise_multiplier, sample_rate, steps, ...
  int64_t resumed_from_step = 0;
};

// Trains a byte-level LM on `train_texts` (one example each; canary copies included by the caller), resuming from
// the newest valid checkpoint in job.model_dir, and writes model_dir/weights.pt and model_dir/model.json.
TrainingResult TrainLanguageModel(const std::vector<std::string>& train_texts,
                                  const std::vector<std::string>& validation_texts, const TrainingJob& job);

}  // namespace leakgate::pipeline
