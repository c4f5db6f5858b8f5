// The byte-level text classifier's files in model/ and the audit interface over a trained one (class probabilities
// for cloning, per-example losses for membership inference).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <ATen/ATen.h>

#include "audit/model.h"
#include "models/networks.h"

namespace leakgate::models {

// The PAD byte id the classifier reads after a text's last byte.
inline constexpr int64_t kClassifierPadByte = 256;

// The classifier leakgate trains at `width` (embedding, channels and hidden layer) over `classes` outputs.
TextClassifierOptions TextClassifierArchitecture(int64_t width, int64_t classes);

// Byte ids [N, T] of the texts, each cut to max_bytes and followed by PAD up to the longest (T >= 1).
at::Tensor ClassifierByteIds(const std::vector<std::string_view>& texts, std::size_t max_bytes);

// A trained classifier behind the audit interface. Texts longer than max_bytes() are read up to that length.
class TextClassifierModel : public audit::Classifier {
 public:
  TextClassifierModel(TextClassifier model, std::vector<std::string> labels, std::size_t max_bytes);

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

  TextClassifier model_;
  std::vector<std::string> labels_;
  std::size_t max_bytes_;
};

// model_dir/weights.pt + model_dir/model.json (format, kind "text_classifier", labels, dimensions), each written
// atomically; labels[i] names output i.
void SaveTextClassifier(TextClassifier& model, const std::vector<std::string>& labels, std::size_t max_bytes,
                        const std::filesystem::path& model_dir);

// Reads model_dir/model.json and model_dir/weights.pt as written by SaveTextClassifier; throws common::InputError when
// they are missing, of another kind, or unreadable.
std::unique_ptr<TextClassifierModel> LoadTextClassifier(const std::filesystem::path& model_dir);

}  // namespace leakgate::models
