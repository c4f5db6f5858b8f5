#include "pipeline/train/lm.h"

#include <torch/utils.h>

#include <cmath>

#include "dp/engine/sampling.h"
#include "pipeline/train/split.h"

namespace leakgate::pipeline {

namespace fs = std::filesystem;
using models::kByteVocabSize;

namespace {

at::Tensor BatchIds(const std::vector<std::vector<int32_t>>& examples, const std::vector<int64_t>& indices) {
  std::vector<const std::vector<int32_t>*> sequences;
  sequences.reserve(indices.size());
  for (int64_t index : indices) sequences.push_back(&examples[static_cast<size_t>(index)]);
  return models::PadBatch(sequences);
}

// Token-weighted mean next-token NLL (nats per token) over `examples`.
double ValidationLoss(models::TransformerLm& model, const std::vector<std::vector<int32_t>>& examples, int64_t batch) {
  if (examples.empty()) return NAN;
  at::NoGradGuard no_grad;
  double nll = 0.0;
  double tokens = 0.0;
  std::vector<int64_t> indices(examples.size());
  for (size_t i = 0; i < indices.size(); ++i) indices[i] = static_cast<int64_t>(i);
  for (const auto& chunk : dp::SplitIntoPhysicalBatches(indices, batch)) {
    const at::Tensor ids = BatchIds(examples, chunk);
    const at::Tensor loss = models::PerExampleLoss(model->forward(ids), ids).to(at::kDouble).contiguous();
    for (size_t i = 0; i < chunk.size(); ++i) {
      const double targets = static_cast<double>(examples[static_cast<size_t>(chunk[i])].size() - 1);
      nll += loss.data_ptr<double>()[i] * targets;
      tokens += targets;
    }
  }
  return nll / tokens;
}

// The baseline a language model must beat: a unigram model (add-one smoothing over bytes and EOS) fitted on the
// even validation records, scored on the odd ones. It never reads the training records: ε does not cover them.
double UnigramLoss(const std::vector<std::vector<int32_t>>& validation) {
  std::vector<double> counts(kByteVocabSize, 0.0);
  double total = 0.0;
  for (size_t i = 0; i < validation.size(); i += 2) {
    for (size_t t = 1; t < validation[i].size(); ++t) counts[static_cast<size_t>(validation[i][t])] += 1.0;
    total += static_cast<double>(validation[i].size() - 1);
  }
  const double symbols = 257.0;  // 256 bytes + EOS
  double nll = 0.0;
  double tokens = 0.0;
  for (size_t i = 1; i < validation.size(); i += 2) {
    for (size_t t = 1; t < validation[i].size(); ++t) {
      nll -= std::log((counts[static_cast<size_t>(validation[i][t])] + 1.0) / (total + symbols));
      tokens += 1.0;
    }
  }
  return tokens > 0 ? nll / tokens : NAN;
}

// The byte-level LM as a training task: every window of every text is an example (EncodeWindows), so the model
// learns every byte, and a text's windows are clipped together with its privacy unit.
class LanguageModelTask final : public TrainingTask {
 public:
  LanguageModelTask(const std::vector<std::string>& train_texts, const std::vector<std::string>& validation_texts,
                    const TrainingJob& job)
      : config_(job.train.model), eval_batch_(2 * job.train.physical_batch), model_(nullptr) {
    const size_t seq_len = static_cast<size_t>(config_.seq_len);
    for (const std::string& text : train_texts) {
      std::vector<int64_t>& of_text = examples_of_record_.emplace_back();
      for (auto& window : models::EncodeWindows(text, seq_len)) {
        of_text.push_back(static_cast<int64_t>(windows_.size()));
        windows_.push_back(std::move(window));
      }
    }
    validation_records_ = std::min(validation_texts.size(), static_cast<size_t>(job.train.eval_records));
    for (size_t i = 0; i < validation_records_; ++i) {
      for (auto& window : models::EncodeWindows(validation_texts[i], seq_len)) validation_.push_back(std::move(window));
    }
    torch::manual_seed(DeriveSeed(job.seed, "model.init"));
    model_ = models::BuildLanguageModel(config_);
  }

  std::shared_ptr<torch::nn::Module> Network() override { return model_.ptr(); }
  const std::vector<std::vector<int64_t>>& ExamplesOfRecord() const override { return examples_of_record_; }

  at::Tensor Loss(const std::vector<int64_t>& chunk) override {
    const at::Tensor ids = BatchIds(windows_, chunk);
    return models::PerExampleLoss(model_->forward(ids), ids).mean();
  }

  nlohmann::json Evaluate() override { return {{"validation_loss", ValidationLoss(model_, validation_, eval_batch_)}}; }

  void Save(const fs::path& model_dir) override { models::SaveLanguageModel(model_, config_, model_dir); }

  nlohmann::json Metrics(const nlohmann::json& last_evaluation) override {
    const double validation_loss = last_evaluation.at("validation_loss");
    const double unigram_loss = UnigramLoss(validation_);
    return {{"task", "lm"},
            {"validation_records", validation_records_},
            {"training_view", {{"records", examples_of_record_.size()},
                               {"windows", windows_.size()},
                               {"window_tokens", config_.seq_len},
                               {"covers", "every byte of every record: records longer than a window are read in "
                                          "consecutive windows, clipped together as one privacy unit"}}},
            {"validation_loss", validation_loss},
            {"validation_perplexity", std::exp(validation_loss)},
            {"unigram_baseline",
             {{"validation_loss", unigram_loss},
              {"validation_perplexity", std::exp(unigram_loss)},
              {"fitted_on", "the even validation records, scored on the odd ones"}}},
            {"loss_unit", "nats per token (bytes and end of text)"}};
  }

 private:
  models::ModelConfig config_;
  int64_t eval_batch_;
  std::vector<std::vector<int32_t>> windows_;
  std::vector<std::vector<int64_t>> examples_of_record_;
  std::vector<std::vector<int32_t>> validation_;
  size_t validation_records_ = 0;
  models::TransformerLm model_;
};

}  // namespace

TrainingResult TrainLanguageModel(const std::vector<std::string>& train_texts,
                                  const std::vector<std::string>& validation_texts, const TrainingJob& job) {
  LanguageModelTask task(train_texts, validation_texts, job);
  return Train(task, job);
}

}  // namespace leakgate::pipeline
