#include "dp/engine/parallel.h"
#include "models/networks.h"

#include <cmath>
#include <limits>
#include <string>

namespace leakgate::models {

SelfAttentionImpl::SelfAttentionImpl(int64_t d_model, int64_t heads, bool causal)
    : heads_(heads), causal_(causal) {
  if (heads <= 0 || d_model % heads != 0) {
    throw dp::DpLayerError("SelfAttention: d_model (" + std::to_string(d_model) +
                       ") must be a positive multiple of heads (" + std::to_string(heads) + ")");
  }
  qlinear = register_module("qlinear", dp::Linear(d_model, d_model));
  klinear = register_module("klinear", dp::Linear(d_model, d_model));
  vlinear = register_module("vlinear", dp::Linear(d_model, d_model));
  out_proj = register_module("out_proj", dp::Linear(d_model, d_model));
}

at::Tensor SelfAttentionImpl::forward(const at::Tensor& input) {
  const int64_t n = input.size(0);
  const int64_t positions = input.size(1);
  const int64_t d_model = input.size(2);
  const int64_t head_dim = d_model / heads_;
  const auto split_heads = [&](const at::Tensor& x) {
    return x.view({n, positions, heads_, head_dim}).transpose(1, 2);
  };
  const at::Tensor q = split_heads(qlinear(input) * (1.0 / std::sqrt(static_cast<double>(head_dim))));
  const at::Tensor k = split_heads(klinear(input));
  const at::Tensor v = split_heads(vlinear(input));
  at::Tensor scores = dp::BatchedMatmul(q, k.transpose(-2, -1));
  if (causal_) {
    const at::Tensor future = at::ones({positions, positions}, input.options().dtype(at::kBool)).triu(1);
    scores = scores.masked_fill(future, -std::numeric_limits<float>::infinity());
  }
  const at::Tensor context = dp::BatchedMatmul(at::softmax(scores, -1), v);
  return out_proj(context.transpose(1, 2).reshape({n, positions, d_model}));
}

TransformerBlockImpl::TransformerBlockImpl(const TransformerBlockOptions& options) : options_(options) {
  self_attn = register_module("self_attn", SelfAttention(options.d_model, options.heads, options.causal));
  linear1 = register_module("linear1", dp::Linear(options.d_model, options.ffn));
  linear2 = register_module("linear2", dp::Linear(options.ffn, options.d_model));
  norm1 = register_module("norm1", dp::LayerNorm(options.d_model));
  norm2 = register_module("norm2", dp::LayerNorm(options.d_model));
}

at::Tensor TransformerBlockImpl::FeedForward(const at::Tensor& input) {
  const at::Tensor hidden = linear1(input);
  return linear2(options_.activation == Activation::kGelu ? at::gelu(hidden) : at::relu(hidden));
}

at::Tensor TransformerBlockImpl::forward(const at::Tensor& input) {
  if (options_.norm_first) {
    const at::Tensor x = input + self_attn(norm1(input));
    return x + FeedForward(norm2(x));
  }
  const at::Tensor x = norm1(input + self_attn(input));
  return norm2(x + FeedForward(x));
}

TransformerLmImpl::TransformerLmImpl(const TransformerLmOptions& options) : options_(options) {
  emb = register_module("emb", dp::Embedding(options.vocab_size, options.d_model));
  if (options.learned_positions) {
    pos = register_module("pos", dp::PositionalEmbedding(options.max_seq_len, options.d_model));
  }
  const TransformerBlockOptions block{options.d_model, options.heads, options.ffn,
                                      /*causal=*/true, options.norm_first, options.activation};
  for (int64_t i = 0; i < options.layers; ++i) {
    blocks.push_back(register_module("block" + std::to_string(i), TransformerBlock(block)));
  }
  if (options.norm_first) final_norm = register_module("final_norm", dp::LayerNorm(options.d_model));
  head = register_module("head", dp::Linear(options.d_model, options.vocab_size));
}

at::Tensor TransformerLmImpl::forward(const at::Tensor& ids) {
  if (ids.dim() != 2 || ids.size(1) > options_.max_seq_len) {
    throw dp::DpLayerError("TransformerLm: expected token ids [N, T <= " + std::to_string(options_.max_seq_len) + "]");
  }
  at::Tensor x = emb(ids);
  if (pos) x = pos(x);
  for (auto& block : blocks) x = block(x);
  if (final_norm) x = final_norm(x);
  return head(x);
}

MlpImpl::MlpImpl(const std::vector<int64_t>& sizes) {
  if (sizes.size() < 2) throw dp::DpLayerError("Mlp: need at least input and output sizes");
  for (size_t i = 0; i + 1 < sizes.size(); ++i) {
    layers.push_back(register_module("fc" + std::to_string(i + 1), dp::Linear(sizes[i], sizes[i + 1])));
  }
}

at::Tensor MlpImpl::forward(const at::Tensor& input) {
  at::Tensor x = input;
  for (size_t i = 0; i < layers.size(); ++i) {
    x = layers[i](x);
    if (i + 1 < layers.size()) x = at::relu(x);
  }
  return x;
}

TextClassifierImpl::TextClassifierImpl(const TextClassifierOptions& options) : options_(options) {
  if (options.pad_token < 0 || options.kernel_size < 1 || options.kernel_size % 2 == 0 || options.classes < 1) {
    throw dp::DpLayerError("TextClassifier: need pad_token >= 0, an odd kernel_size >= 1 and classes >= 1");
  }
  emb = register_module("emb", dp::Embedding(options.pad_token + 1, options.embedding_dim));
  conv = register_module("conv", dp::Conv1d(dp::Conv1dOptions{options.embedding_dim, options.channels, options.kernel_size,
                                                      /*stride=*/1, /*padding=*/options.kernel_size / 2}));
  fc1 = register_module("fc1", dp::Linear(2 * options.channels, options.hidden));
  fc2 = register_module("fc2", dp::Linear(options.hidden, options.classes));
}

at::Tensor TextClassifierImpl::forward(const at::Tensor& ids) {
  if (ids.dim() != 2 || ids.size(1) < 1) throw dp::DpLayerError("TextClassifier: expected byte ids [N, T >= 1]");
  const at::Tensor real = ids.ne(options_.pad_token).to(at::kFloat);  // [N, T]
  // Zeroed PAD embeddings look to the convolution exactly like its own zero padding past the text's end.
  const at::Tensor embedded = emb(ids) * real.unsqueeze(2);
  // ReLU features are >= 0, so zeroing PAD positions leaves the maximum over the real positions unchanged.
  const at::Tensor features = at::relu(conv(embedded.transpose(1, 2))) * real.unsqueeze(1);  // [N, C, T]
  const at::Tensor mean = features.sum(2) / real.sum(1, /*keepdim=*/true).clamp_min(1.0);
  const at::Tensor max = std::get<0>(features.max(2));
  return fc2(at::relu(fc1(at::cat({mean, max}, 1))));
}

at::Tensor NextTokenLoss(const at::Tensor& logits, const at::Tensor& ids, bool sum) {
  const int64_t positions = ids.size(1) - 1;
  const at::Tensor predicted = logits.narrow(1, 0, positions).reshape({-1, logits.size(2)});
  const at::Tensor targets = ids.narrow(1, 1, positions).reshape({-1});
  return at::cross_entropy_loss(predicted, targets, {}, sum ? at::Reduction::Sum : at::Reduction::Mean);
}

std::mutex& GlobalGeneratorMutex() {
  static std::mutex mutex;
  return mutex;
}

}  // namespace leakgate::models
