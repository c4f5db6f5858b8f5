// The byte-level text classifier task: training (DP-SGD or ordinary) on labelled texts, the files in model/, and
// the audit interface over a trained classifier (class probabilities for cloning, per-example losses for MIA).
#pragma once

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "audit/model.h"
#include "models/networks.h"
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

// A trained classifier behind the audit interface. Texts longer than max_bytes() are read up to that length.
class TextClassifierModel : public audit::Classifier {
 public:
  TextClassifierModel(models::TextClassifier model, std::vector<std::string> labels, std::size_t max_bytes);

  // The min(k, classes) most probable classes of each text, most probable first (k = audit::kAllClasses: all).
  std::vector<std::vector<audit::ClassProbability>> TopKClasses(std::span<const std::string> texts,
                                                                std::size_t k) override;
  // Cross-entropy (nats) of each text's given label; a label the model does not know throws common::InputError.
  std::vector<double> ExampleLosses(std::span<const std::string> texts, std::span<const std::string> labels);
  // The classes, sorted; the model's output i is labels()[i].
  const std::vector<std::string>& labels() const { return labels_; }
  // Whether `label` is one of the classes (a loss needs one).
  bool Knows(const std::string& label) const { return std::find(labels_.begin(), labels_.end(), label) != labels_.end(); }
  std::size_t max_bytes() const { return max_bytes_; }

 private:
  // Log-probabilities [N, classes] (double) of a batch of texts.
  at::Tensor LogProbabilities(std::span<const std::string> texts);

  models::TextClassifier model_;
  std::vector<std::string> labels_;
  std::size_t max_bytes_;
};

// model_dir/weights.pt + model_dir/model.json (format, kind "text_classifier", labels, dimensions), each written
// atomically; labels[i] names output i.
void SaveTextClassifier(models::TextClassifier& model, const std::vector<std::string>& labels, std::size_t max_bytes,
                        const std::filesystem::path& model_dir);

// Reads model_dir/model.json and model_dir/weights.pt as written by SaveTextClassifier; throws common::InputError when
// they are missing, of another kind, or unreadable.
std::unique_ptr<TextClassifierModel> LoadTextClassifier(const std::filesystem::path& model_dir);

}  // namespace leakgate::pipeline
