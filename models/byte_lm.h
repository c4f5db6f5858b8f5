// The byte-level language model leakgate trains: tokenizer (256 bytes + BOS/EOS/PAD), the decoder-only transformer
// from the DP engine's layers, its masked per-example loss, its files in model/, and the audit interface over it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include <ATen/ATen.h>

#include "audit/model.h"
#include "models/model_config.h"
#include "models/networks.h"

namespace leakgate::models {

inline constexpr int32_t kBosToken = 256;
inline constexpr int32_t kEosToken = 257;
inline constexpr int32_t kPadToken = 258;
inline constexpr int32_t kByteVocabSize = 259;

// BOS, the text's bytes, EOS; cut to max_tokens (the EOS is lost first).
std::vector<int32_t> EncodeExample(std::string_view text, size_t max_tokens);

// The whole text as the model trains on it and the audits score it: BOS, bytes, EOS cut into windows of at most
// window_tokens tokens, each starting with the last token of the one before, so every byte and the EOS is a target
// exactly once, with the window before it as context.
std::vector<std::vector<int32_t>> EncodeWindows(std::string_view text, size_t window_tokens);

// Token sequences right-padded with PAD into one int64 tensor [N, longest].
at::Tensor PadBatch(const std::vector<const std::vector<int32_t>*>& sequences);

// Next-token negative log-likelihood per example, averaged over its non-PAD targets: [N] from logits [N, T, V] and
// ids [N, T].
at::Tensor PerExampleLoss(const at::Tensor& logits, const at::Tensor& ids);

// Architecture and tokenizer as written to model/model.json.
nlohmann::json ModelDescription(const ModelConfig& model);
TransformerLm BuildLanguageModel(const ModelConfig& model);

// model/weights.pt + model/model.json, each written atomically.
void SaveLanguageModel(TransformerLm& model, const ModelConfig& config, const std::filesystem::path& model_dir);
// Parameters of `model` into bytes and back (for weights files and checkpoints).
std::string SerializeModule(torch::nn::Module& module);

// The audit interface over a model directory written by the train stage; throws common::InputError when it is missing or
// unreadable.
std::unique_ptr<audit::LanguageModel> LoadLanguageModel(const std::filesystem::path& model_dir);

// A trained LM's output layer as a last-layer extraction would recover it: for each token id, the head's weights
// followed by its bias (vocab rows of width + 1 values, row-major). The truth that attack is scored against.
struct OutputLayer {
  std::vector<double> values;
  size_t columns = 0;  // width + 1
  size_t width = 0;    // d_model
};
OutputLayer LoadOutputLayer(const std::filesystem::path& model_dir);

}  // namespace leakgate::models
