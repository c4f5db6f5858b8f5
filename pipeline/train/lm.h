// The byte-level LM as a training task of the one training loop: every window of every text is an example.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "models/byte_lm.h"
#include "pipeline/train/trainer.h"

namespace leakgate::pipeline {

// What a served model revealed of its next-token distribution after the first `position` bytes of a training text
// (position == the text's size: at its end): its most probable tokens with their log-probabilities. Distilling, the
// student's target there is these tokens' probabilities with the rest of the mass spread evenly over the other
// tokens, instead of the text's own next byte.
struct RevealedNext {
  std::size_t position = 0;
  std::vector<std::pair<int32_t, double>> log_probs;  // (token, log-probability), tokens distinct
};

// What a distilling student learns beyond its texts' bytes, one entry per training text in each list (or the list
// empty: none): the bytes that are context only, not learnt (an attacker's own prompt); the positions where the
// target is a revealed distribution; and whether the text was cut short (a completion stopped at its token limit, a
// window of a record), so that the end of text after it is not learnt either.
struct DistillationTargets {
  std::vector<std::size_t> context_bytes;
  std::vector<std::vector<RevealedNext>> revealed;
  std::vector<bool> cut;
};

// Trains the LM on `train_texts` (one record each; canary copies included by the caller) through the training loop
// (Train), resuming from the newest valid checkpoint in job.model_dir, and writes model_dir/weights.pt and
// model_dir/model.json. Throws common::InputError when `distillation` does not match the texts or names a position
// beyond a text, a token outside the vocabulary or a log-probability above 0.
TrainingResult TrainLanguageModel(const std::vector<std::string>& train_texts,
                                  const std::vector<std::string>& validation_texts, const TrainingJob& job,
                                  const DistillationTargets& distillation = {});

}  // namespace leakgate::pipeline
