#include "pipeline/train/lm.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "common/errors.h"

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

// The dense target of a revealed distribution: the revealed tokens' probabilities (scaled to sum to 1 if rounding
// took them above it, or if every token was revealed), the rest of the mass spread evenly over the tokens a text can
// hold that were not revealed.
std::vector<float> RevealedTarget(const RevealedNext& revealed, size_t text_index) {
  std::vector<double> target(kByteVocabSize, 0.0);
  std::vector<bool> named(kByteVocabSize, false);
  named[models::kBosToken] = named[models::kPadToken] = true;  // never a next token: no mass
  double mass = 0.0;
  for (const auto& [token, log_prob] : revealed.log_probs) {
    if (token < 0 || token >= kByteVocabSize || named[static_cast<size_t>(token)] || !std::isfinite(log_prob) ||
        log_prob > 1e-9)
      throw common::InputError("revealed distribution of training text " + std::to_string(text_index) +
                               " at byte " + std::to_string(revealed.position) + ": token " + std::to_string(token) +
                               " with log-probability " + std::to_string(log_prob) +
                               " (a byte or the end of text, once, with a finite log-probability of at most 0)");
    named[static_cast<size_t>(token)] = true;
    target[static_cast<size_t>(token)] = std::exp(std::min(0.0, log_prob));
    mass += target[static_cast<size_t>(token)];
  }
  const size_t others = kByteVocabSize - 2 - revealed.log_probs.size();
  const double rest = mass < 1.0 && others > 0 ? (1.0 - mass) / static_cast<double>(others) : 0.0;
  const double scale = mass > 1.0 || others == 0 ? mass : 1.0;
  std::vector<float> dense(kByteVocabSize, 0.0f);
  for (const auto& [token, log_prob] : revealed.log_probs) {
    dense[static_cast<size_t>(token)] = static_cast<float>(target[static_cast<size_t>(token)] / scale);
  }
  for (size_t token = 0; token < dense.size(); ++token) {
    if (!named[token]) dense[token] = static_cast<float>(rest);
  }
  return dense;
}

// A window's positions whose target is a revealed distribution: (position in the window, index of the target).
using SoftPositions = std::vector<std::pair<int64_t, size_t>>;

// The positions of a window whose targets are learnt: [first, end).
struct LearntSpan {
  int64_t first = 0;
  int64_t end = std::numeric_limits<int64_t>::max();
};

// Mean over each window's learnt targets (its span's) of the next-token loss, averaged over the windows: the NLL of
// the window's next token, or at a soft position the cross-entropy to its revealed distribution (`targets`,
// kByteVocabSize per row).
at::Tensor DistillationLoss(const at::Tensor& logits, const at::Tensor& ids, const std::vector<LearntSpan>& spans,
                            const std::vector<const SoftPositions*>& soft,
                            const std::vector<std::vector<float>>& targets) {
  const int64_t positions = ids.size(1) - 1;
  const at::Tensor log_probs = at::log_softmax(logits.narrow(1, 0, positions), -1);
  const at::Tensor next = ids.narrow(1, 1, positions);
  std::vector<int64_t> firsts, ends;
  for (const LearntSpan& span : spans) {
    firsts.push_back(span.first);
    ends.push_back(span.end);
  }
  const at::Tensor position = at::arange(positions, at::kLong).unsqueeze(0);
  const at::Tensor learnt = (position >= at::tensor(firsts).unsqueeze(1)) & (position < at::tensor(ends).unsqueeze(1));
  const at::Tensor mask = (next.ne(models::kPadToken) & learnt).to(log_probs.scalar_type());
  at::Tensor loss = -log_probs.gather(2, next.unsqueeze(2)).squeeze(2);
  std::vector<int64_t> rows, columns;
  std::vector<float> dense;
  for (size_t b = 0; b < soft.size(); ++b) {
    for (const auto& [position, target] : *soft[b]) {
      rows.push_back(static_cast<int64_t>(b));
      columns.push_back(position);
      dense.insert(dense.end(), targets[target].begin(), targets[target].end());
    }
  }
  if (!rows.empty()) {
    const at::Tensor row_index = at::tensor(rows, at::kLong);
    const at::Tensor column_index = at::tensor(columns, at::kLong);
    const at::Tensor wanted =
        at::tensor(dense, log_probs.scalar_type()).view({static_cast<int64_t>(rows.size()), kByteVocabSize});
    const at::Tensor cross_entropy = -(wanted * log_probs.index({row_index, column_index})).sum(-1);
    loss = loss.index_put({row_index, column_index}, cross_entropy);
  }
  return ((loss * mask).sum(1) / mask.sum(1).clamp_min(1.0)).mean();
}

// The byte-level LM as a training task: every window of every text is an example (EncodeWindows), so the model
// learns every byte, and a text's windows are clipped together with its privacy unit. Distilling, a text's context
// bytes are read but not learnt, and some positions' targets are revealed distributions instead of the next byte.
class LanguageModelTask final : public TrainingTask {
 public:
  LanguageModelTask(const std::vector<std::string>& train_texts, const std::vector<std::string>& validation_texts,
                    const TrainingJob& job, const DistillationTargets& distillation)
      : config_(job.train.model), eval_batch_(2 * job.train.physical_batch), model_(nullptr) {
    const auto check_size = [&](size_t size, const char* what) {
      if (size != 0 && size != train_texts.size())
        throw common::InputError(std::string(what) + " for " + std::to_string(size) + " of " +
                                 std::to_string(train_texts.size()) + " training texts (one per text)");
    };
    check_size(distillation.context_bytes.size(), "context bytes");
    check_size(distillation.revealed.size(), "revealed distributions");
    check_size(distillation.cut.size(), "cut flags");
    const size_t seq_len = static_cast<size_t>(config_.seq_len);
    for (size_t i = 0; i < train_texts.size(); ++i) {
      const size_t context = distillation.context_bytes.empty() ? 0 : distillation.context_bytes[i];
      if (context > train_texts[i].size())
        throw common::InputError("context bytes of training text " + std::to_string(i) + ": " +
                                 std::to_string(context) + ", beyond its " + std::to_string(train_texts[i].size()));
      std::vector<int64_t>& of_text = examples_of_record_.emplace_back();
      const size_t first_window = windows_.size();
      const size_t text_bytes = train_texts[i].size();
      const bool cut = !distillation.cut.empty() && distillation.cut[i];
      for (auto& window : models::EncodeWindows(train_texts[i], seq_len)) {
        // Window w's position j predicts the byte after the first w * (seq_len - 1) + j bytes (j = text_bytes - start:
        // the end of text).
        const size_t start = (windows_.size() - first_window) * (seq_len - 1);
        LearntSpan& span = spans_.emplace_back();
        span.first = static_cast<int64_t>(context > start ? context - start : 0);
        if (cut && text_bytes - start < seq_len - 1) span.end = static_cast<int64_t>(text_bytes - start);
        any_masked_ = any_masked_ || span.first > 0 || span.end != LearntSpan{}.end;
        of_text.push_back(static_cast<int64_t>(windows_.size()));
        windows_.push_back(std::move(window));
        soft_.emplace_back();
      }
      if (!distillation.revealed.empty())
        AddRevealed(distillation.revealed[i], i, train_texts[i].size(), first_window, seq_len);
    }
    validation_records_ = std::min(validation_texts.size(), static_cast<size_t>(job.train.eval_records));
    for (size_t i = 0; i < validation_records_; ++i) {
      for (auto& window : models::EncodeWindows(validation_texts[i], seq_len)) validation_.push_back(std::move(window));
    }
    model_ = models::BuildSeeded(DeriveSeed(job.seed, "model.init"),
                                 [&] { return models::BuildLanguageModel(config_); });
  }

  std::shared_ptr<torch::nn::Module> Network() override { return model_.ptr(); }
  const std::vector<std::vector<int64_t>>& ExamplesOfRecord() const override { return examples_of_record_; }

  at::Tensor Loss(const std::vector<int64_t>& chunk) override {
    const at::Tensor ids = BatchIds(windows_, chunk);
    if (targets_.empty() && !any_masked_) return models::PerExampleLoss(model_->forward(ids), ids).mean();
    std::vector<LearntSpan> spans;
    std::vector<const SoftPositions*> soft;
    for (int64_t window : chunk) {
      spans.push_back(spans_[static_cast<size_t>(window)]);
      soft.push_back(&soft_[static_cast<size_t>(window)]);
    }
    return DistillationLoss(model_->forward(ids), ids, spans, soft, targets_);
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
                               {"covers", any_masked_ ? "every byte of every record after its context bytes, and "
                                                        "the end of the records not cut short (distillation: the "
                                                        "prompts are read, not learnt)"
                                                       : "every byte of every record: records longer than a window "
                                                         "are read in consecutive windows, clipped together as one "
                                                         "privacy unit"}}},
            {"validation_loss", validation_loss},
            {"validation_perplexity", std::exp(validation_loss)},
            {"unigram_baseline",
             {{"validation_loss", unigram_loss},
              {"validation_perplexity", std::exp(unigram_loss)},
              {"fitted_on", "the even validation records, scored on the odd ones"}}},
            {"loss_unit", "nats per token (bytes and end of text)"}};
  }

 private:
  // Windows overlap by one token: window w holds the text's tokens from w * (seq_len - 1) on (a BOS first), and its
  // position j predicts the token after the first w * (seq_len - 1) + j bytes.
  void AddRevealed(const std::vector<RevealedNext>& revealed, size_t text_index, size_t text_bytes,
                   size_t first_window, size_t seq_len) {
    std::set<size_t> positions;
    for (const RevealedNext& next : revealed) {
      if (!positions.insert(next.position).second)
        throw common::InputError("revealed distributions of training text " + std::to_string(text_index) +
                                 ": byte " + std::to_string(next.position) + " twice");
      if (next.position > text_bytes)
        throw common::InputError("revealed distribution of training text " + std::to_string(text_index) +
                                 " at byte " + std::to_string(next.position) + ": beyond its " +
                                 std::to_string(text_bytes) + " bytes");
      const size_t window = next.position / (seq_len - 1);
      const size_t position = next.position - window * (seq_len - 1);
      soft_[first_window + window].emplace_back(static_cast<int64_t>(position), targets_.size());
      targets_.push_back(RevealedTarget(next, text_index));
    }
  }

  models::ModelConfig config_;
  int64_t eval_batch_;
  std::vector<std::vector<int32_t>> windows_;
  std::vector<LearntSpan> spans_;                // per window
  bool any_masked_ = false;                      // some window learns less than all its positions
  std::vector<SoftPositions> soft_;              // per window
  std::vector<std::vector<float>> targets_;      // revealed distributions, dense
  std::vector<std::vector<int64_t>> examples_of_record_;
  std::vector<std::vector<int32_t>> validation_;
  size_t validation_records_ = 0;
  models::TransformerLm model_;
};

}  // namespace

TrainingResult TrainLanguageModel(const std::vector<std::string>& train_texts,
                                  const std::vector<std::string>& validation_texts, const TrainingJob& job,
                                  const DistillationTargets& distillation) {
  LanguageModelTask task(train_texts, validation_texts, job, distillation);
  return Train(task, job);
}

}  // namespace leakgate::pipeline
