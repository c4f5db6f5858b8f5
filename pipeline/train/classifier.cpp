#include "pipeline/train/classifier.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string_view>

#include "pipeline/train/split.h"

namespace leakgate::pipeline {

namespace {

namespace fs = std::filesystem;

// Validation records scored per forward pass.
constexpr size_t kEvaluationBatch = 64;

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
  return {models::ClassifierByteIds(texts, max_bytes), at::tensor(batch_targets, at::kLong)};
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
  for (size_t first = 0; first < count; first += kEvaluationBatch) {
    std::vector<int64_t> positions(std::min(kEvaluationBatch, count - first));
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
    model_ = models::BuildSeeded(DeriveSeed(job.seed, "classifier.init"), [&] {
      return models::TextClassifier(
          models::TextClassifierArchitecture(job.train.model.d_model, static_cast<int64_t>(labels_.size())));
    });
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

  void Save(const fs::path& model_dir) override { models::SaveTextClassifier(model_, labels_, max_bytes_, model_dir); }

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

std::vector<std::string> Texts(const std::vector<ClassifierExample>& examples) {
  std::vector<std::string> texts;
  texts.reserve(examples.size());
  for (const auto& example : examples) texts.push_back(example.text);
  return texts;
}

}  // namespace leakgate::pipeline
