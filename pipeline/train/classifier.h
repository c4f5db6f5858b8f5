// The byte-level text classifier as a training task of the one training loop: labelled texts, one example each.
#pragma once

#include <string>
#include <vector>

#include "models/text_classifier.h"
#include "pipeline/train/trainer.h"

namespace leakgate::pipeline {

struct ClassifierExample {
  std::string text;
  std::string label;
};

// The texts of `examples`, in order.
std::vector<std::string> Texts(const std::vector<ClassifierExample>& examples);

// Trains models::TextClassifier on `train` through the training loop (Train) with job.train (model.d_model as width,
// model.seq_len as the most bytes read per text) and job.privacy, resuming from its checkpoints, then writes
// model_dir/weights.pt and model_dir/model.json. The classes are job.train.classes, in order; a record labelled with
// none of them, or fewer than two classes, throws common::InputError.
TrainingResult TrainTextClassifier(const std::vector<ClassifierExample>& train,
                                   const std::vector<ClassifierExample>& validation, const TrainingJob& job);

}  // namespace leakgate::pipeline
