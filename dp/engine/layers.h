// DP-ready layers: LibTorch modules that, while a DpSgdEngine captures, record what is needed to
// compute per-example gradients (and their norms) of their parameters without a per-example loop.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/errors.h"

#include <ATen/ATen.h>
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

namespace leakgate::dp {

// A parameter-shape or usage error of a DP layer (bad sizes, a layer called twice in one step, ...).
class DpLayerError : public common::InternalError {
 public:
  using common::InternalError::InternalError;
};

// [N]: squared L2 norm of each row of `per_example` [N, ...] (one fused reduction, no temporary).
at::Tensor SquaredNormPerExample(const at::Tensor& per_example);

// The per-example gradient interface every DP layer implements. "Raw" means: gradients of the
// loss that was back-propagated, split by example (the engine rescales them for mean reduction).
class DpLayer {
 public:
  virtual ~DpLayer() = default;

  // Parameters of this layer in a fixed order; the order of PerSampleGrads().
  virtual std::vector<at::Tensor> DpParameters() const = 0;
  // One tensor [N, *param.shape] per parameter.
  virtual std::vector<at::Tensor> PerSampleGrads() const = 0;
  // [N]: squared L2 norm over all parameters of this layer of each example's gradient, by the
  // cheapest available route (outer-product identity, Gram matrices, or materialising).
  virtual at::Tensor PerSampleSquaredNorms() = 0;
  // grad[p] += sum_n coef[n] * per-example gradient of p, for every parameter (grads has one
  // entry per DpParameters(), undefined entries are created).
  virtual void AccumulateWeightedGrads(const at::Tensor& coef, std::vector<at::Tensor>& grads) = 0;

  // Turns recording of activations and output gradients on or off (off: plain LibTorch ops).
  void SetCapture(bool enabled);
  // True once forward and backward of the current step both reached this layer.
  bool HasCapture() const;
  // Examples in the captured batch.
  int64_t CapturedBatchSize() const;
  void ClearCapture();

 protected:
  // Whether this forward call must record (capture enabled and autograd on).
  bool ShouldRecord() const;
  // Stores the activation needed for per-example gradients; refuses a second use in one step.
  void RecordActivation(const at::Tensor& activation);
  // Makes `output` report its gradient to this layer during backward; returns the tensor to use.
  at::Tensor WatchOutput(at::Tensor output);

  at::Tensor activation_;
  at::Tensor backprop_;
  // Cache filled by PerSampleSquaredNorms when it materialised gradients anyway.
  std::vector<at::Tensor> cached_grads_;

 private:
  bool capture_enabled_ = false;
};

// y = x W^T + b on inputs [N, in] or [N, ..., in] (the middle dims are positions of one example).
class LinearImpl : public torch::nn::Module, public DpLayer {
 public:
  LinearImpl(int64_t in_features, int64_t out_features, bool bias = true);
  at::Tensor forward(const at::Tensor& input);

  std::vector<at::Tensor> DpParameters() const override;
  std::vector<at::Tensor> PerSampleGrads() const override;
  at::Tensor PerSampleSquaredNorms() override;
  void AccumulateWeightedGrads(const at::Tensor& coef, std::vector<at::Tensor>& grads) override;

  at::Tensor weight;
  at::Tensor bias;
};
TORCH_MODULE(Linear);

// Token embedding table [num_embeddings, dim]; input int64 ids [N, ...].
class EmbeddingImpl : public torch::nn::Module, public DpLayer {
 public:
  EmbeddingImpl(int64_t num_embeddings, int64_t embedding_dim);
  at::Tensor forward(const at::Tensor& ids);

  std::vector<at::Tensor> DpParameters() const override;
  std::vector<at::Tensor> PerSampleGrads() const override;
  at::Tensor PerSampleSquaredNorms() override;
  void AccumulateWeightedGrads(const at::Tensor& coef, std::vector<at::Tensor>& grads) override;

  at::Tensor weight;
};
TORCH_MODULE(Embedding);

// Learned absolute positions: input [N, T, dim] -> input + table[0:T].
class PositionalEmbeddingImpl : public torch::nn::Module, public DpLayer {
 public:
  PositionalEmbeddingImpl(int64_t max_positions, int64_t dim);
  at::Tensor forward(const at::Tensor& input);

  std::vector<at::Tensor> DpParameters() const override;
  std::vector<at::Tensor> PerSampleGrads() const override;
  at::Tensor PerSampleSquaredNorms() override;
  void AccumulateWeightedGrads(const at::Tensor& coef, std::vector<at::Tensor>& grads) override;

  at::Tensor weight;
};
TORCH_MODULE(PositionalEmbedding);

// Layer normalisation over the last dimension with learned scale and shift (per example, so DP-safe).
class LayerNormImpl : public torch::nn::Module, public DpLayer {
 public:
  explicit LayerNormImpl(int64_t dim, double eps = 1e-5);
  at::Tensor forward(const at::Tensor& input);

  std::vector<at::Tensor> DpParameters() const override;
  std::vector<at::Tensor> PerSampleGrads() const override;
  at::Tensor PerSampleSquaredNorms() override;
  void AccumulateWeightedGrads(const at::Tensor& coef, std::vector<at::Tensor>& grads) override;

  at::Tensor weight;
  at::Tensor bias;

 private:
  double eps_;
};
TORCH_MODULE(LayerNorm);

struct Conv1dOptions {
  int64_t in_channels = 1;
  int64_t out_channels = 1;
  int64_t kernel_size = 1;
  int64_t stride = 1;
  int64_t padding = 0;  // zeros on both sides
  int64_t dilation = 1;
  bool bias = true;
};

// 1-D convolution (groups = 1) on inputs [N, C_in, L].
class Conv1dImpl : public torch::nn::Module, public DpLayer {
 public:
  explicit Conv1dImpl(const Conv1dOptions& options);
  at::Tensor forward(const at::Tensor& input);

  std::vector<at::Tensor> DpParameters() const override;
  std::vector<at::Tensor> PerSampleGrads() const override;
  at::Tensor PerSampleSquaredNorms() override;
  void AccumulateWeightedGrads(const at::Tensor& coef, std::vector<at::Tensor>& grads) override;

  at::Tensor weight;
  at::Tensor bias;

 private:
  // The input as im2col patches [N, L_out, C_in * kernel].
  at::Tensor Patches() const;
  Conv1dOptions options_;
};
TORCH_MODULE(Conv1d);

}  // namespace leakgate::dp
