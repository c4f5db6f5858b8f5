#include "models/byte_lm.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "common/atomic_file.h"
#include "common/run_files.h"

namespace leakgate::models {

namespace fs = std::filesystem;

std::vector<int32_t> EncodeExample(std::string_view text, size_t max_tokens) {
  std::vector<int32_t> ids;
  ids.reserve(std::min(text.size() + 2, max_tokens));
  ids.push_back(kBosToken);
  for (unsigned char byte : text) ids.push_back(byte);
  ids.push_back(kEosToken);
  if (ids.size() > max_tokens) ids.resize(max_tokens);
  return ids;
}

std::vector<std::vector<int32_t>> EncodeWindows(std::string_view text, size_t window_tokens) {
  if (window_tokens < 2) throw common::InputError("a window needs at least 2 tokens, got " + std::to_string(window_tokens));
  const std::vector<int32_t> all = EncodeExample(text, text.size() + 2);
  std::vector<std::vector<int32_t>> windows;
  for (size_t start = 0; start + 1 < all.size(); start += window_tokens - 1) {
    const size_t end = std::min(all.size(), start + window_tokens);
    windows.emplace_back(all.begin() + static_cast<std::ptrdiff_t>(start), all.begin() + static_cast<std::ptrdiff_t>(end));
  }
  return windows;
}

at::Tensor PadBatch(const std::vector<const std::vector<int32_t>*>& sequences) {
  size_t longest = 0;
  for (const auto* sequence : sequences) longest = std::max(longest, sequence->size());
  at::Tensor batch = at::full({static_cast<int64_t>(sequences.size()), static_cast<int64_t>(longest)}, kPadToken,
                              at::kLong);
  auto rows = batch.accessor<int64_t, 2>();
  for (size_t i = 0; i < sequences.size(); ++i) {
    for (size_t t = 0; t < sequences[i]->size(); ++t) rows[i][t] = (*sequences[i])[t];
  }
  return batch;
}

at::Tensor PerExampleLoss(const at::Tensor& logits, const at::Tensor& ids) {
  const int64_t positions = ids.size(1) - 1;
  const at::Tensor log_probs = at::log_softmax(logits.narrow(1, 0, positions), -1);
  const at::Tensor targets = ids.narrow(1, 1, positions);
  const at::Tensor mask = targets.ne(kPadToken).to(log_probs.scalar_type());
  const at::Tensor nll = -log_probs.gather(2, targets.unsqueeze(2)).squeeze(2);
  return (nll * mask).sum(1) / mask.sum(1).clamp_min(1.0);
}

nlohmann::json ModelDescription(const ModelConfig& model) {
  return {{"format", "leakgate-byte-lm-1"},
          {"tokenizer", {{"kind", "bytes"}, {"vocab_size", kByteVocabSize}, {"bos", kBosToken}, {"eos", kEosToken},
                         {"pad", kPadToken}}},
          {"model", {{"kind", model.kind}, {"d_model", model.d_model}, {"layers", model.layers},
                     {"heads", model.heads}, {"seq_len", model.seq_len}, {"ffn", model.ffn}}}};
}

TransformerLm BuildLanguageModel(const ModelConfig& model) {
  TransformerLmOptions options;
  options.vocab_size = kByteVocabSize;
  options.max_seq_len = model.seq_len;
  options.d_model = model.d_model;
  options.layers = model.layers;
  options.heads = model.heads;
  options.ffn = model.ffn;
  return TransformerLm(options);
}

std::string SerializeModule(torch::nn::Module& module) {
  torch::serialize::OutputArchive archive;
  module.save(archive);
  std::ostringstream bytes;
  archive.save_to(bytes);
  return bytes.str();
}

void SaveLanguageModel(TransformerLm& model, const ModelConfig& config, const fs::path& model_dir) {
  fs::create_directories(model_dir);
  common::WriteFileAtomically(model_dir / common::kWeightsFile, SerializeModule(*model));
  common::WriteFileAtomically(model_dir / "model.json", ModelDescription(config).dump(2) + "\n");
}

namespace {

constexpr size_t kInferenceBatch = 64;

class TorchLanguageModel final : public audit::LanguageModel {
 public:
  TorchLanguageModel(TransformerLm model, size_t context) : model_(std::move(model)), context_(context) {
    model_->eval();
  }

  std::vector<audit::TokenId> Encode(std::string_view text) const override {
    return std::vector<audit::TokenId>(reinterpret_cast<const unsigned char*>(text.data()),
                                       reinterpret_cast<const unsigned char*>(text.data()) + text.size());
  }

  std::string Decode(std::span<const audit::TokenId> tokens) const override {
    std::string text;
    for (audit::TokenId token : tokens) {
      if (token >= 0 && token < 256) text.push_back(static_cast<char>(token));
    }
    return text;
  }

  size_t context_length() const override { return context_; }

  // The mean over every target of every window: the loss the model was trained on.
  std::vector<double> ExampleLosses(std::span<const std::string> texts) override {
    std::vector<double> sums(texts.size(), 0.0);
    std::vector<double> targets(texts.size(), 0.0);
    ForEachWindowBatch(texts, false, [&](size_t text, const WindowScores& window) {
      for (double log_prob : window.log_probs) sums[text] -= log_prob;
      targets[text] += static_cast<double>(window.log_probs.size());
    });
    for (size_t i = 0; i < texts.size(); ++i) sums[i] /= std::max(1.0, targets[i]);
    return sums;
  }

  std::vector<std::vector<double>> TokenLogProbs(std::span<const std::string> texts) override {
    std::vector<std::vector<double>> result(texts.size());
    ForEachWindowBatch(texts, false, [&](size_t text, const WindowScores& window) {
      result[text].insert(result[text].end(), window.log_probs.begin(), window.log_probs.end());
    });
    for (size_t i = 0; i < texts.size(); ++i) result[i].resize(texts[i].size());  // the EOS target is not a token
    return result;
  }

  std::vector<std::vector<audit::CalibratedLogProb>> CalibratedTokenLogProbs(
      std::span<const std::string> texts) override {
    std::vector<std::vector<audit::CalibratedLogProb>> result(texts.size());
    ForEachWindowBatch(texts, true, [&](size_t text, const WindowScores& window) {
      for (size_t t = 0; t < window.log_probs.size(); ++t) {
        result[text].push_back({window.log_probs[t], window.means[t], window.variances[t]});
      }
    });
    for (size_t i = 0; i < texts.size(); ++i) result[i].resize(texts[i].size());  // the EOS target is not a token
    return result;
  }

  std::vector<double> ContinuationLogLikelihoods(const std::string& prefix,
                                                 std::span<const std::string> continuations) override {
    std::vector<std::string> texts;
    texts.reserve(continuations.size());
    for (const auto& continuation : continuations) texts.push_back(prefix + continuation);
    std::vector<double> result;
    ForEachBatch(texts, [&](const at::Tensor& ids, const at::Tensor& logits, size_t first) {
      const at::Tensor log_probs = TargetLogProbs(logits, ids);
      auto rows = log_probs.accessor<double, 2>();
      for (int64_t i = 0; i < ids.size(0); ++i) {
        // Target position t predicts byte t of the text (position 0 follows BOS).
        const size_t end = std::min(texts[first + i].size(), context_ - 1);
        double sum = 0.0;
        for (size_t t = std::min(prefix.size(), end); t < end; ++t) sum += rows[i][t];
        result.push_back(sum);
      }
    });
    return result;
  }

  std::vector<std::vector<audit::TokenId>> GreedyContinuations(std::span<const std::vector<audit::TokenId>> prefixes,
                                                               size_t max_new_tokens) override {
    return Continue(prefixes, max_new_tokens, [](const at::Tensor& logits) { return logits.argmax(-1); });
  }

  std::vector<std::vector<audit::TokenId>> SampledContinuations(std::span<const std::vector<audit::TokenId>> prefixes,
                                                                size_t max_new_tokens, double temperature,
                                                                uint64_t seed) override {
    if (!(temperature > 0.0)) throw common::InputError("sampling temperature must be > 0, got " + std::to_string(temperature));
    at::Generator generator = at::detail::createCPUGenerator(seed);
    return Continue(prefixes, max_new_tokens, [&](const at::Tensor& logits) {
      return at::multinomial(at::softmax(logits / temperature, -1), 1, false, generator).squeeze(1);
    });
  }

  std::vector<std::vector<double>> NextTokenLogProbs(std::span<const std::vector<audit::TokenId>> prefixes) override {
    at::NoGradGuard no_grad;
    std::vector<std::vector<double>> result(prefixes.size());
    ForEachPrefixBatch(prefixes, [&](std::span<const size_t> members, const at::Tensor& ids) {
      const at::Tensor log_probs = at::log_softmax(NextTokenLogits(ids).to(at::kDouble), -1).contiguous();
      for (size_t i = 0; i < members.size(); ++i) {
        const double* row = log_probs[static_cast<int64_t>(i)].data_ptr<double>();
        result[members[i]].assign(row, row + kByteVocabSize);
      }
    });
    return result;
  }

  size_t vocab_size() const override { return kByteVocabSize; }
  audit::TokenId end_token() const override { return kEosToken; }

 private:
  // Runs the model over texts in batches: visit(ids, logits, index of the batch's first text).
  template <typename Visit>
  void ForEachBatch(std::span<const std::string> texts, Visit visit) {
    at::NoGradGuard no_grad;
    for (size_t first = 0; first < texts.size(); first += kInferenceBatch) {
      const size_t count = std::min(kInferenceBatch, texts.size() - first);
      std::vector<std::vector<int32_t>> encoded;
      std::vector<const std::vector<int32_t>*> pointers;
      encoded.reserve(count);
      for (size_t i = 0; i < count; ++i) {
        encoded.push_back(EncodeExample(texts[first + i], context_));
        pointers.push_back(&encoded.back());
      }
      const at::Tensor ids = PadBatch(pointers);
      visit(ids, model_->forward(ids), first);
    }
  }

  // One window's targets: log p of each, and with calibration the mean and variance of log p over the whole
  // next-token distribution at each (empty without).
  struct WindowScores {
    std::span<const double> log_probs;
    std::span<const double> means;
    std::span<const double> variances;
  };

  // Runs the model over every window of every text, in batches, and calls visit(text index, WindowScores) window by
  // window in text order.
  template <typename Visit>
  void ForEachWindowBatch(std::span<const std::string> texts, bool calibrated, Visit visit) {
    at::NoGradGuard no_grad;
    std::vector<std::vector<int32_t>> windows;
    std::vector<size_t> owner;
    for (size_t i = 0; i < texts.size(); ++i) {
      for (auto& window : EncodeWindows(texts[i], context_)) {
        windows.push_back(std::move(window));
        owner.push_back(i);
      }
    }
    for (size_t first = 0; first < windows.size(); first += kInferenceBatch) {
      const size_t count = std::min(kInferenceBatch, windows.size() - first);
      std::vector<const std::vector<int32_t>*> pointers;
      for (size_t i = 0; i < count; ++i) pointers.push_back(&windows[first + i]);
      const at::Tensor ids = PadBatch(pointers);
      const int64_t positions = ids.size(1) - 1;
      const at::Tensor all = at::log_softmax(model_->forward(ids).narrow(1, 0, positions).to(at::kDouble), -1);
      const at::Tensor log_probs = TargetsOf(all, ids);
      at::Tensor means, variances;
      if (calibrated) {
        const at::Tensor probabilities = all.exp();
        means = (probabilities * all).sum(-1);
        variances = (probabilities * (all - means.unsqueeze(-1)).square()).sum(-1).contiguous();
        means = means.contiguous();
      }
      for (size_t i = 0; i < count; ++i) {
        const size_t targets = windows[first + i].size() - 1;
        const auto row = [&](const at::Tensor& values) {
          if (!values.defined()) return std::span<const double>();
          return std::span<const double>(values[static_cast<int64_t>(i)].data_ptr<double>(), targets);
        };
        visit(owner[first + i], WindowScores{row(log_probs), row(means), row(variances)});
      }
    }
  }

  // [N, T-1] double: log p of the token at t+1 given tokens up to t.
  static at::Tensor TargetLogProbs(const at::Tensor& logits, const at::Tensor& ids) {
    const int64_t positions = ids.size(1) - 1;
    return TargetsOf(at::log_softmax(logits.narrow(1, 0, positions).to(at::kDouble), -1), ids);
  }

  // The entries of [N, T-1, V] next-token log-probabilities that the tokens at 1..T-1 of ids pick.
  static at::Tensor TargetsOf(const at::Tensor& log_probs, const at::Tensor& ids) {
    const int64_t positions = ids.size(1) - 1;
    return log_probs.gather(2, ids.narrow(1, 1, positions).unsqueeze(2)).squeeze(2).contiguous();
  }

  // Runs visit(indices of the batch's prefixes, ids [n, length + 1] holding BOS and each prefix) over the prefixes,
  // those of equal length sharing batches so that no padding shifts positions. Throws common::InputError for a token
  // that is not a byte or a prefix that leaves no room for a next token in the context.
  template <typename Visit>
  void ForEachPrefixBatch(std::span<const std::vector<audit::TokenId>> prefixes, Visit visit) {
    std::map<size_t, std::vector<size_t>> by_length;
    for (size_t i = 0; i < prefixes.size(); ++i) {
      for (audit::TokenId token : prefixes[i]) {
        if (token < 0 || token >= 256) throw common::InputError("prefix token " + std::to_string(token) + " is not a byte");
      }
      if (prefixes[i].size() + 1 > context_) {
        throw common::InputError("a prefix of " + std::to_string(prefixes[i].size()) + " tokens leaves no room in the model's " +
                         std::to_string(context_) + "-token context (BOS included)");
      }
      by_length[prefixes[i].size()].push_back(i);
    }
    for (const auto& [length, members] : by_length) {
      for (size_t first = 0; first < members.size(); first += kInferenceBatch) {
        const size_t count = std::min(kInferenceBatch, members.size() - first);
        at::Tensor ids = at::empty({static_cast<int64_t>(count), static_cast<int64_t>(length + 1)}, at::kLong);
        auto rows = ids.accessor<int64_t, 2>();
        for (size_t i = 0; i < count; ++i) {
          rows[i][0] = kBosToken;
          for (size_t t = 0; t < length; ++t) rows[i][t + 1] = prefixes[members[first + i]][t];
        }
        visit(std::span<const size_t>(members).subspan(first, count), ids);
      }
    }
  }

  // [n, V] logits of the token after each row of ids, with the tokens never drawn next (BOS, PAD) at -infinity.
  at::Tensor NextTokenLogits(const at::Tensor& ids) {
    at::Tensor logits = model_->forward(ids).select(1, ids.size(1) - 1).clone();
    logits.select(1, kBosToken).fill_(-INFINITY);
    logits.select(1, kPadToken).fill_(-INFINITY);
    return logits;
  }

  template <typename Choose>
  std::vector<std::vector<audit::TokenId>> Continue(std::span<const std::vector<audit::TokenId>> prefixes,
                                                    size_t max_new_tokens, Choose choose) {
    at::NoGradGuard no_grad;
    std::vector<std::vector<audit::TokenId>> result(prefixes.size());
    ForEachPrefixBatch(prefixes, [&](std::span<const size_t> members, at::Tensor ids) {
      std::vector<bool> finished(members.size(), false);
      // Generation stops when the context is full: the model has no positions beyond it.
      for (size_t step = 0; step < max_new_tokens && static_cast<size_t>(ids.size(1)) <= context_; ++step) {
        const at::Tensor next = choose(NextTokenLogits(ids)).to(at::kLong).contiguous();
        bool all_finished = true;
        for (size_t i = 0; i < members.size(); ++i) {
          const int64_t token = next.data_ptr<int64_t>()[i];
          if (!finished[i] && token == kEosToken) finished[i] = true;
          if (!finished[i]) result[members[i]].push_back(static_cast<audit::TokenId>(token));
          all_finished = all_finished && finished[i];
        }
        if (all_finished) break;
        ids = at::cat({ids, next.unsqueeze(1)}, 1);
      }
    });
    return result;
  }

  TransformerLm model_;
  size_t context_;
};

}  // namespace

namespace {

// The network of model/model.json with the weights of model/weights.pt; `config` receives its architecture.
TransformerLm LoadTrainedNetwork(const fs::path& model_dir, ModelConfig& config) {
  std::ifstream description_in(model_dir / "model.json");
  if (!description_in) throw common::InputError((model_dir / "model.json").string() + ": missing (run the train stage)");
  try {
    const auto description = nlohmann::json::parse(description_in);
    if (description.value("format", "") != "leakgate-byte-lm-1") {
      throw common::InputError((model_dir / "model.json").string() + ": unknown model format (expected leakgate-byte-lm-1)");
    }
    const auto& model = description.at("model");
    config.d_model = model.at("d_model");
    config.layers = model.at("layers");
    config.heads = model.at("heads");
    config.seq_len = model.at("seq_len");
    config.ffn = model.at("ffn");
  } catch (const nlohmann::json::exception& error) {
    throw common::InputError((model_dir / "model.json").string() + ": malformed (" + error.what() + ")");
  }
  TransformerLm model = BuildToLoad([&] { return BuildLanguageModel(config); });
  try {
    torch::serialize::InputArchive archive;
    archive.load_from((model_dir / common::kWeightsFile).string());
    model->load(archive);
  } catch (const c10::Error& error) {
    throw common::InputError((model_dir / common::kWeightsFile).string() + ": cannot load the weights (" + error.what_without_backtrace() +
                     ")");
  }
  return model;
}

}  // namespace

std::unique_ptr<audit::LanguageModel> LoadLanguageModel(const fs::path& model_dir) {
  ModelConfig config;
  TransformerLm model = LoadTrainedNetwork(model_dir, config);
  return std::make_unique<TorchLanguageModel>(std::move(model), static_cast<size_t>(config.seq_len));
}

OutputLayer LoadOutputLayer(const fs::path& model_dir) {
  ModelConfig config;
  TransformerLm model = LoadTrainedNetwork(model_dir, config);
  const at::Tensor layer =
      at::cat({model->head->weight.detach(), model->head->bias.detach().unsqueeze(1)}, 1).to(at::kDouble).contiguous();
  OutputLayer output;
  output.width = static_cast<size_t>(config.d_model);
  output.columns = static_cast<size_t>(layer.size(1));
  output.values.assign(layer.data_ptr<double>(), layer.data_ptr<double>() + layer.numel());
  return output;
}

}  // namespace leakgate::models
