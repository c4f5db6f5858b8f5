#include "models/text_classifier.h"

#include <torch/serialize/input-archive.h>

#include <algorithm>
#include <fstream>
#include <numeric>

#include "common/atomic_file.h"
#include "common/run_files.h"
#include "models/byte_lm.h"

namespace leakgate::models {

namespace {

namespace fs = std::filesystem;

constexpr const char* kFormat = "leakgate-text-classifier-1";
constexpr int64_t kKernelSize = 5;
constexpr size_t kInferenceBatch = 64;

nlohmann::json Description(const TextClassifierOptions& architecture, const std::vector<std::string>& labels,
                           size_t max_bytes) {
  return {{"format", kFormat},
          {"kind", "text_classifier"},
          {"labels", labels},
          {"tokenizer", {{"kind", "bytes"}, {"pad", architecture.pad_token}, {"max_bytes", max_bytes}}},
          {"model",
           {{"embedding_dim", architecture.embedding_dim},
            {"channels", architecture.channels},
            {"kernel_size", architecture.kernel_size},
            {"hidden", architecture.hidden},
            {"classes", architecture.classes}}}};
}

}  // namespace

TextClassifierOptions TextClassifierArchitecture(int64_t width, int64_t classes) {
  TextClassifierOptions options;
  options.pad_token = kClassifierPadByte;
  options.embedding_dim = width;
  options.channels = width;
  options.kernel_size = kKernelSize;
  options.hidden = width;
  options.classes = classes;
  return options;
}

at::Tensor ClassifierByteIds(const std::vector<std::string_view>& texts, size_t max_bytes) {
  size_t width = 1;
  for (std::string_view text : texts) width = std::max(width, std::min(text.size(), max_bytes));
  at::Tensor ids =
      at::full({static_cast<int64_t>(texts.size()), static_cast<int64_t>(width)}, kClassifierPadByte, at::kLong);
  auto rows = ids.accessor<int64_t, 2>();
  for (size_t i = 0; i < texts.size(); ++i) {
    const size_t length = std::min(texts[i].size(), max_bytes);
    for (size_t t = 0; t < length; ++t) rows[i][t] = static_cast<unsigned char>(texts[i][t]);
  }
  return ids;
}

void SaveTextClassifier(TextClassifier& model, const std::vector<std::string>& labels, size_t max_bytes,
                        const fs::path& model_dir) {
  if (static_cast<int64_t>(labels.size()) != model->options().classes) {
    throw common::InputError("SaveTextClassifier: " + std::to_string(labels.size()) + " labels for a model with " +
                     std::to_string(model->options().classes) + " classes (one label per class expected)");
  }
  fs::create_directories(model_dir);
  common::WriteFileAtomically(model_dir / common::kWeightsFile, SerializeModule(*model));
  common::WriteFileAtomically(model_dir / "model.json", Description(model->options(), labels, max_bytes).dump(2) + "\n");
}

TextClassifierModel::TextClassifierModel(TextClassifier model, std::vector<std::string> labels, size_t max_bytes)
    : model_(std::move(model)), labels_(std::move(labels)), max_bytes_(max_bytes) {
  model_->eval();
}

at::Tensor TextClassifierModel::LogProbabilities(std::span<const std::string> texts) {
  at::NoGradGuard no_grad;
  std::vector<at::Tensor> parts;
  for (size_t first = 0; first < texts.size(); first += kInferenceBatch) {
    const auto chunk = texts.subspan(first, std::min(kInferenceBatch, texts.size() - first));
    const at::Tensor ids = ClassifierByteIds(std::vector<std::string_view>(chunk.begin(), chunk.end()), max_bytes_);
    parts.push_back(at::log_softmax(model_->forward(ids).to(at::kDouble), 1));
  }
  if (parts.empty()) return at::empty({0, static_cast<int64_t>(labels_.size())}, at::kDouble);
  return at::cat(parts).contiguous();
}

std::vector<std::vector<audit::ClassProbability>> TextClassifierModel::TopKClasses(std::span<const std::string> texts,
                                                                                  size_t k) {
  const at::Tensor probabilities = LogProbabilities(texts).exp();
  const auto rows = probabilities.accessor<double, 2>();
  const size_t kept = std::min(k, labels_.size());
  std::vector<std::vector<audit::ClassProbability>> answers(texts.size());
  std::vector<int64_t> order(labels_.size());
  for (size_t i = 0; i < texts.size(); ++i) {
    std::iota(order.begin(), order.end(), 0);
    // Ties go to the class that sorts first, so answers are deterministic.
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(kept), order.end(),
                      [&](int64_t a, int64_t b) { return rows[i][a] > rows[i][b] || (rows[i][a] == rows[i][b] && a < b); });
    answers[i].reserve(kept);
    for (size_t rank = 0; rank < kept; ++rank) answers[i].push_back({labels_[order[rank]], rows[i][order[rank]]});
  }
  return answers;
}

std::vector<double> TextClassifierModel::ExampleLosses(std::span<const std::string> texts,
                                                       std::span<const std::string> labels) {
  if (texts.size() != labels.size()) {
    throw common::InputError("ExampleLosses: " + std::to_string(texts.size()) + " texts but " + std::to_string(labels.size()) +
                     " labels (one label per text expected)");
  }
  std::vector<int64_t> targets;
  targets.reserve(labels.size());
  for (const auto& label : labels) {
    // The classes are in the configured order, not sorted.
    const auto found = std::find(labels_.begin(), labels_.end(), label);
    if (found == labels_.end()) {
      throw common::InputError("label '" + label + "' is not one of the classifier's " + std::to_string(labels_.size()) +
                       " classes");
    }
    targets.push_back(found - labels_.begin());
  }
  const at::Tensor log_probabilities = LogProbabilities(texts);
  const auto rows = log_probabilities.accessor<double, 2>();
  std::vector<double> losses(texts.size());
  for (size_t i = 0; i < texts.size(); ++i) losses[i] = -rows[i][targets[i]];
  return losses;
}

std::unique_ptr<TextClassifierModel> LoadTextClassifier(const fs::path& model_dir) {
  const fs::path description_path = model_dir / "model.json";
  std::ifstream description_in(description_path);
  if (!description_in) throw common::InputError(description_path.string() + ": missing (run the train stage)");
  TextClassifierOptions architecture;
  std::vector<std::string> labels;
  size_t max_bytes = 0;
  try {
    const auto description = nlohmann::json::parse(description_in);
    if (description.value("format", "") != kFormat) {
      throw common::InputError(description_path.string() + ": not a text classifier (expected format " + kFormat + ")");
    }
    labels = description.at("labels").get<std::vector<std::string>>();
    const auto& tokenizer = description.at("tokenizer");
    max_bytes = tokenizer.at("max_bytes");
    const auto dimension = [&](const char* name) { return description.at("model").at(name).get<int64_t>(); };
    architecture = {.pad_token = tokenizer.at("pad").get<int64_t>(),
                    .embedding_dim = dimension("embedding_dim"),
                    .channels = dimension("channels"),
                    .kernel_size = dimension("kernel_size"),
                    .hidden = dimension("hidden"),
                    .classes = dimension("classes")};
  } catch (const nlohmann::json::exception& error) {
    throw common::InputError(description_path.string() + ": malformed (" + error.what() + ")");
  }
  std::vector<std::string> sorted_labels = labels;
  std::sort(sorted_labels.begin(), sorted_labels.end());
  if (architecture.pad_token != kClassifierPadByte || architecture.classes != static_cast<int64_t>(labels.size()) ||
      std::adjacent_find(sorted_labels.begin(), sorted_labels.end()) != sorted_labels.end()) {
    throw common::InputError(description_path.string() + ": inconsistent (expected PAD " + std::to_string(kClassifierPadByte) +
                     " and one distinct label per class)");
  }
  TextClassifier model = BuildToLoad([&] { return TextClassifier(architecture); });
  const fs::path weights_path = model_dir / common::kWeightsFile;
  try {
    torch::serialize::InputArchive archive;
    archive.load_from(weights_path.string());
    model->load(archive);
  } catch (const c10::Error& error) {
    throw common::InputError(weights_path.string() + ": unreadable weights (" + error.what_without_backtrace() + ")");
  }
  return std::make_unique<TextClassifierModel>(std::move(model), std::move(labels), max_bytes);
}

}  // namespace leakgate::models
