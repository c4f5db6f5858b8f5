// DP-ready building blocks and models composed only of DP layers: multi-head self-attention, a
// transformer block, a byte-level decoder-only LM, a byte-level text classifier and an MLP; the
// trainers build their models from these.
#pragma once

#include <cstdint>
#include <mutex>
#include <vector>

#include "dp/engine/layers.h"

namespace leakgate::models {

// Multi-head self-attention on [N, T, d_model] with separate q/k/v/out projections (named
// qlinear, klinear, vlinear, out_proj as in Opacus' DPMultiheadAttention). When causal, position
// t attends to positions <= t only.
class SelfAttentionImpl : public torch::nn::Module {
 public:
  SelfAttentionImpl(int64_t d_model, int64_t heads, bool causal);
  at::Tensor forward(const at::Tensor& input);

  dp::Linear qlinear{nullptr};
  dp::Linear klinear{nullptr};
  dp::Linear vlinear{nullptr};
  dp::Linear out_proj{nullptr};

 private:
  int64_t heads_;
  bool causal_;
};
TORCH_MODULE(SelfAttention);

enum class Activation { kRelu, kGelu };

struct TransformerBlockOptions {
  int64_t d_model = 128;
  int64_t heads = 4;
  int64_t ffn = 512;
  bool causal = true;
  // Pre-norm (x + f(norm(x))) when true; post-norm (norm(x + f(x)), PyTorch's default) when false.
  bool norm_first = true;
  Activation activation = Activation::kRelu;
};

// One transformer encoder/decoder block without dropout; submodule names follow
// torch.nn.TransformerEncoderLayer (self_attn, linear1, linear2, norm1, norm2).
class TransformerBlockImpl : public torch::nn::Module {
 public:
  explicit TransformerBlockImpl(const TransformerBlockOptions& options);
  at::Tensor forward(const at::Tensor& input);

  SelfAttention self_attn{nullptr};
  dp::Linear linear1{nullptr};
  dp::Linear linear2{nullptr};
  dp::LayerNorm norm1{nullptr};
  dp::LayerNorm norm2{nullptr};

 private:
  at::Tensor FeedForward(const at::Tensor& input);
  TransformerBlockOptions options_;
};
TORCH_MODULE(TransformerBlock);

struct TransformerLmOptions {
  int64_t vocab_size = 256 + 4;  // bytes plus special tokens
  int64_t max_seq_len = 128;
  int64_t d_model = 128;
  int64_t layers = 2;
  int64_t heads = 4;
  int64_t ffn = 512;
  bool learned_positions = true;
  bool norm_first = true;  // pre-norm blocks followed by a final LayerNorm
  Activation activation = Activation::kRelu;
};

// Decoder-only (causal) LM: token ids [N, T] -> next-token logits [N, T, vocab].
// Submodules: emb, pos (if learned_positions), block0..block<layers-1>, final_norm (if norm_first), head.
class TransformerLmImpl : public torch::nn::Module {
 public:
  explicit TransformerLmImpl(const TransformerLmOptions& options);
  at::Tensor forward(const at::Tensor& ids);
  const TransformerLmOptions& options() const { return options_; }

  dp::Embedding emb{nullptr};
  dp::PositionalEmbedding pos{nullptr};
  std::vector<TransformerBlock> blocks;
  dp::LayerNorm final_norm{nullptr};
  dp::Linear head{nullptr};

 private:
  TransformerLmOptions options_;
};
TORCH_MODULE(TransformerLm);

// Fully connected network with ReLU between layers: sizes {in, hidden..., out}; layers fc1, fc2, ...
class MlpImpl : public torch::nn::Module {
 public:
  explicit MlpImpl(const std::vector<int64_t>& sizes);
  at::Tensor forward(const at::Tensor& input);

  std::vector<dp::Linear> layers;
};
TORCH_MODULE(Mlp);

struct TextClassifierOptions {
  int64_t pad_token = 256;  // ids 0..255 are bytes; the table has pad_token + 1 rows
  int64_t embedding_dim = 64;
  int64_t channels = 64;
  int64_t kernel_size = 5;  // odd, so that output position t is centred on input position t
  int64_t hidden = 64;
  int64_t classes = 2;
};

// Byte-level text classifier: ids [N, T] (each text followed by PAD up to T) -> class logits [N, classes].
// Embedding (PAD positions zeroed) -> Conv1d with "same" zero padding -> ReLU -> mean and max over the non-PAD
// positions -> fc1 -> ReLU -> fc2. An example's logits do not depend on the padding its batch adds.
// Submodules: emb, conv, fc1, fc2.
class TextClassifierImpl : public torch::nn::Module {
 public:
  explicit TextClassifierImpl(const TextClassifierOptions& options);
  at::Tensor forward(const at::Tensor& ids);
  const TextClassifierOptions& options() const { return options_; }

  dp::Embedding emb{nullptr};
  dp::Conv1d conv{nullptr};
  dp::Linear fc1{nullptr};
  dp::Linear fc2{nullptr};

 private:
  TextClassifierOptions options_;
};
TORCH_MODULE(TextClassifier);

// Layers draw their initial weights from torch's one global generator, so models built at once on two threads would
// interleave their draws. Every model is built under this mutex (BuildSeeded, BuildToLoad); a seeded build seeds the
// generator under it, so a seed gives the same weights however many other models are built meanwhile.
std::mutex& GlobalGeneratorMutex();

// `build()`'s model, its initial weights drawn after seeding torch's global generator with `seed`.
template <typename Build>
auto BuildSeeded(uint64_t seed, Build&& build) {
  const std::lock_guard lock(GlobalGeneratorMutex());
  at::manual_seed(seed);
  return build();
}

// `build()`'s model whose weights are about to be loaded: the draws are discarded, but still made under the mutex.
template <typename Build>
auto BuildToLoad(Build&& build) {
  const std::lock_guard lock(GlobalGeneratorMutex());
  return build();
}

// Mean token cross-entropy (or summed when `sum`) of next-token prediction: logits[:, t] predicts ids[:, t+1].
at::Tensor NextTokenLoss(const at::Tensor& logits, const at::Tensor& ids, bool sum = false);

}  // namespace leakgate::models
