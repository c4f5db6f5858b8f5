// The byte-level LM as a training task of the one training loop: every window of every text is an example.
#pragma once

#include <string>
#include <vector>

#include "models/byte_lm.h"
#include "pipeline/train/trainer.h"

namespace leakgate::pipeline {

// Trains the LM on `train_texts` (one record each; canary copies included by the caller) through the training loop
// (Train), resuming from the newest valid checkpoint in job.model_dir, and writes model_dir/weights.pt and
// model_dir/model.json.
TrainingResult TrainLanguageModel(const std::vector<std::string>& train_texts,
                                  const std::vector<std::string>& validation_texts, const TrainingJob& job);

}  // namespace leakgate::pipeline
