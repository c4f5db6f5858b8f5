#include "pipeline/train/classifier.h"

#include <torch/serialize/input-archive.h>
#include <torch/utils.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numeric>
#include <string_view>

#include "common/atomic_file.h"
#include "common/run_files.h"
#include "pipeline/train/lm.h"
#include "pipeline/train/split.h"

namespace leakgate::pipeline {

namespace {

namespace fs = std::filesystem;

constexpr const char* kFormat = "leakgate-text-classifier-1";
constexpr int64_t kPadByte = 256;
constexpr int64_t kKernelSize = 5;
constexpr size_t kInferenceBatch = 64;

models::TextClassifierOptions ArchitectureFor(int64_t width, int64_t classes) {
  models::TextClassifierOptions options;
  options.pad_token = kPadByte;
  options.embedding_dim = width;
  options.channels = width;
  options.kernel_size = kKernelSize;
  options.hidden = width;
  options.classes = classes;
  return options;
}

// Byte ids [N, T] of the texts, each cut to max_bytes and followed by PAD up to the longest (T >= 1).
at::Tensor ByteIds(const std::vector<std::string_view>& texts, size_t max_bytes) {
  size_t width = 1;
  for (std::string_view text : texts) width = std::max(width, std::min(text.size(), max_bytes));
  at::Tensor ids =
      at::full({static_cast<int64_t>(texts.size()), static_cast<int64_t>(width)}, kPadByte, at::kLong);
  auto rows = ids.accessor<int64_t, 2>();
  for (size_t i = 0; i < texts.size(); ++i) {
    const size_t length = std::min(texts[i].size(), max_bytes);
    for (size_t t = 0; t < length; ++t) rows[i][t] = static_cast<unsigned char>(texts[i][t]);
  }
  return ids;
}

// Index of each example's label in `classes`; a label outside them throws common::InputError naming it and the record.
std::vector<int64_t> ClassIndices(const std::vector<ClassifierExample>& examples,
                                  const std::vector<std::string>& classes, std::string_view which) {
  std::vector<int64_t> indices;
  indices.reserve(examples.size());
  for (size_t i = 0; i < examples.size(); ++i) {
    const auto found = std::find(classes.begin(), classes.end(), examples[i].label);
    if (found == classes.end()) {
      throw common::InputError(std::string(which) + " record " + std::to_string(i) + " has label '" + examples[i].label +
                       "', which is not among train.classes");
    }
    indices.push_back(found - classes.begin());
  }
  return indices;
}

// Texts and targets of the examples at `positions`, as the model's input and cross-entropy target.
struct Batch {
  at::Tensor ids;
  at::Tensor targets;
};

Batch MakeBatch(const std::vector<ClassifierExample>& examples, const std::vector<int64_t>& targets,
                const std::vector<int64_t>& positions, size_t max_bytes) {
  std::vector<std::string_view> texts;
  std::vector<int64_t> batch_targets;
  texts.reserve(positions.size());
  batch_targets.reserve(positions.size());
  for (int64_t position : positions) {
    texts.push_back(examples[position].text);
    batch_targets.push_back(targets[position]);
  }
  return {ByteIds(texts, max_bytes), at::tensor(batch_targets, at::kLong)};
}

struct Evaluation {
  double loss = NAN;
  double accuracy = NAN;
};

// Mean cross-entropy and accuracy over the first `limit` examples.
Evaluation EvaluateOn(models::TextClassifier& model, const std::vector<ClassifierExample>& examples,
                    const std::vector<int64_t>& targets, size_t limit, size_t max_bytes) {
  const size_t count = std::min(limit, examples.size());
  if (count == 0) return {};
  at::NoGradGuard no_grad;
  double loss_sum = 0.0;
  int64_t correct = 0;
  for (size_t first = 0; first < count; first += kInferenceBatch) {
    std::vector<int64_t> positions(std::min(kInferenceBatch, count - first));
    std::iota(positions.begin(), positions.end(), static_cast<int64_t>(first));
    const Batch batch = MakeBatch(examples, targets, positions, max_bytes);
    const at::Tensor logits = model->forward(batch.ids);
    loss_sum += at::cross_entropy_loss(logits, batch.targets, {}, at::Reduction::Sum).item<double>();
    correct += logits.argmax(1).eq(batch.targets).sum().item<int64_t>();
  }
  return {loss_sum / static_cast<double>(count), static_cast<double>(correct) / static_cast<double>(count)};
}

// Fraction of `targets` equal to `label`.
double ShareOf(const std::vector<int64_t>& targets, int64_t label) {
  if (targets.empty()) return NAN;
  return static_cast<double>(std::count(targets.begin(), targets.end(), label)) / static_cast<double>(targets.size());
}

nlohmann::json Description(const models::TextClassifierOptions& architecture, const std::vector<std::string>& labels,
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

// The classifier as a training task: one example per record, cross-entropy of its label.
class ClassifierTask final : public TrainingTask {
 public:
  ClassifierTask(const std::vector<ClassifierExample>& train, const std::vector<ClassifierExample>& validation,
                 const TrainingJob& job)
      : train_(train), validation_(validation), labels_(job.train.classes),
        max_bytes_(static_cast<size_t>(job.train.model.seq_len)), eval_records_(static_cast<size_t>(job.train.eval_records)),
        model_(nullptr) {
    // The classes come from the config, never from the private records: the output layer's shape and model.json
    // must not reveal which labels the training set holds.
    if (labels_.size() < 2) throw common::InputError("train.classes must list at least two classes");
    train_targets_ = ClassIndices(train, labels_, "training");
    validation_targets_ = ClassIndices(validation, labels_, "validation");
    for (int64_t i = 0; i < static_cast<int64_t>(train.size()); ++i) examples_of_record_.push_back({i});
    torch::manual_seed(DeriveSeed(job.seed, "classifier.init"));
    model_ = models::TextClassifier(ArchitectureFor(job.train.model.d_model, static_cast<int64_t>(labels_.size())));
  }

  std::shared_ptr<torch::nn::Module> Network() override { return model_.ptr(); }
  const std::vector<std::vector<int64_t>>& ExamplesOfRecord() const override { return examples_of_record_; }

  at::Tensor Loss(const std::vector<int64_t>& chunk) override {
    const Batch batch = MakeBatch(train_, train_targets_, chunk, max_bytes_);
    return at::cross_entropy_loss(model_->forward(batch.ids), batch.targets, {}, at::Reduction::Mean);
  }

  nlohmann::json Evaluate() override {
    const Evaluation held_out = EvaluateOn(model_, validation_, validation_targets_, eval_records_, max_bytes_);
    return {{"validation_loss", held_out.loss}, {"validation_accuracy", held_out.accuracy}};
  }

  void Save(const fs::path& model_dir) override { SaveTextClassifier(model_, labels_, max_bytes_, model_dir); }

  // Every statistic is of the held-out validation records: none reads the training records without noise.
  nlohmann::json Metrics(const nlohmann::json&) override {
    const Evaluation on_validation =
        EvaluateOn(model_, validation_, validation_targets_, validation_.size(), max_bytes_);
    std::vector<int64_t> class_counts(labels_.size(), 0);
    for (int64_t target : validation_targets_) ++class_counts[target];
    const int64_t majority = std::max_element(class_counts.begin(), class_counts.end()) - class_counts.begin();
    return {{"task", "classifier"},
            {"labels", labels_},
            {"validation_records", validation_.size()},
            {"validation_loss", on_validation.loss},
            {"validation_accuracy", on_validation.accuracy},
            {"majority_baseline",
             {{"label", labels_[majority]},
              {"validation_accuracy", ShareOf(validation_targets_, majority)},
              {"fitted_on", "the validation records' classes"}}},
            {"loss_unit", "nats per record (cross-entropy of the true label)"}};
  }

 private:
  const std::vector<ClassifierExample>& train_;
  const std::vector<ClassifierExample>& validation_;
  std::vector<std::string> labels_;
  size_t max_bytes_;
  size_t eval_records_;
  std::vector<int64_t> train_targets_;
  std::vector<int64_t> validation_targets_;
  std::vector<std::vector<int64_t>> examples_of_record_;
  models::TextClassifier model_;
};

}  // namespace

TrainingResult TrainTextClassifier(const std::vector<ClassifierExample>& train,
                                   const std::vector<ClassifierExample>& validation, const TrainingJob& job) {
  ClassifierTask task(train, validation, job);
  return Train(task, job);
}

void SaveTextClassifier(models::TextClassifier& model, const std::vector<std::string>& labels, size_t max_bytes,
                        const fs::path& model_dir) {
  if (static_cast<int64_t>(labels.size()) != model->options().classes) {
    throw common::InputError("SaveTextClassifier: " + std::to_string(labels.size()) + " labels for a model with " +
                     std::to_string(model->options().classes) + " classes (one label per class expected)");
  }
  fs::create_directories(model_dir);
  common::WriteFileAtomically(model_dir / common::kWeightsFile, SerializeModule(*model));
  common::WriteFileAtomically(model_dir / "model.json", Description(model->options(), labels, max_bytes).dump(2) + "\n");
}

TextClassifierModel::TextClassifierModel(models::TextClassifier model, std::vector<std::string> labels, size_t max_bytes)
    : model_(std::move(model)), labels_(std::move(labels)), max_bytes_(max_bytes) {
  model_->eval();
}

at::Tensor TextClassifierModel::LogProbabilities(std::span<const std::string> texts) {
  at::NoGradGuard no_grad;
  std::vector<at::Tensor> parts;
  for (size_t first = 0; first < texts.size(); first += kInferenceBatch) {
    const auto chunk = texts.subspan(first, std::min(kInferenceBatch, texts.size() - first));
    const at::Tensor ids = ByteIds(std::vector<std::string_view>(chunk.begin(), chunk.end()), max_bytes_);
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
  models::TextClassifierOptions architecture;
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
  if (architecture.pad_token != kPadByte || architecture.classes != static_cast<int64_t>(labels.size()) ||
      std::adjacent_find(sorted_labels.begin(), sorted_labels.end()) != sorted_labels.end()) {
    throw common::InputError(description_path.string() + ": inconsistent (expected PAD " + std::to_string(kPadByte) +
                     " and one distinct label per class)");
  }
  models::TextClassifier model(architecture);
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

std::vector<std::string> Texts(const std::vector<ClassifierExample>& examples) {
  std::vector<std::string> texts;
  texts.reserve(examples.size());
  for (const auto& example : examples) texts.push_back(example.text);
  return texts;
}

}  // namespace leakgate::pipeline
