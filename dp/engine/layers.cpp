#include "dp/engine/layers.h"
#include "dp/engine/parallel.h"
#include "dp/engine/tensor_sums.h"

#include <cmath>
#include <vector>

#include <torch/csrc/autograd/custom_function.h>

namespace leakgate::dp {
namespace {

// The affine map y_t = W a_t (+ b) applied at every position t of an example is the common core
// of Linear (positions = middle dims) and Conv1d (positions = output steps, a = im2col patch).
// a3: [N, T, I] activations, b3: [N, T, O] output gradients.
struct AffineCapture {
  at::Tensor a3;
  at::Tensor b3;
  bool has_bias;
  at::IntArrayRef weight_shape;

  int64_t n() const { return a3.size(0); }

  at::Tensor WeightGrads() const {
    return SplitBatchBmm(b3.transpose(1, 2), a3).view(PerSampleShape(weight_shape));
  }
  at::Tensor BiasGrads() const { return b3.sum(1); }

  std::vector<int64_t> PerSampleShape(at::IntArrayRef shape) const {
    std::vector<int64_t> result{n()};
    result.insert(result.end(), shape.begin(), shape.end());
    return result;
  }

  std::vector<at::Tensor> Grads() const {
    std::vector<at::Tensor> grads{WeightGrads()};
    if (has_bias) grads.push_back(BiasGrads());
    return grads;
  }

  // ||sum_t b_t a_t^T||_F^2 (+ ||sum_t b_t||^2) per example. One position: ||b||^2 ||a||^2. Several
  // positions: the Gram identity <A A^T, B B^T> costs T^2 (I + O) per example against T I O for
  // forming the gradient, so take whichever is cheaper. `cache` keeps {formed weight gradients or
  // undefined, bias gradients} for Accumulate.
  at::Tensor SquaredNorms(std::vector<at::Tensor>& cache) const {
    cache.assign(2, at::Tensor());
    const int64_t positions = a3.size(1);
    const int64_t in = a3.size(2);
    const int64_t out = b3.size(2);
    at::Tensor weight_sq;
    if (positions == 1) {
      // The bias gradient of one position is its output gradient.
      if (has_bias) cache[1] = b3.reshape({n(), out});
      return OuterProductSquaredNorms(a3.reshape({n(), in}), b3.reshape({n(), out}), has_bias ? 1.0 : 0.0);
    }
    if (positions * (in + out) < in * out) {
      const at::Tensor gram_a = SplitBatchBmm(a3, a3.transpose(1, 2));
      const at::Tensor gram_b = SplitBatchBmm(b3, b3.transpose(1, 2));
      weight_sq = (gram_a * gram_b).sum({1, 2});
    } else {
      cache[0] = WeightGrads();
      weight_sq = SquaredNormPerExample(cache[0]);
    }
    if (!has_bias) return weight_sq;
    cache[1] = BiasGrads();
    return weight_sq + SquaredNormPerExample(cache[1]);
  }

  // Weight: from the formed gradients when SquaredNorms kept them, else as one product of the
  // coefficient-weighted output gradients with the activations (the book-keeping route).
  void Accumulate(const at::Tensor& coef, const std::vector<at::Tensor>& cache, std::vector<at::Tensor>& grads) const {
    const bool cached = cache.size() == 2;
    if (cached && cache[0].defined()) {
      AddTo(grads[0], WeightedSum(coef, cache[0]));
    } else {
      const at::Tensor weighted_b = (b3 * coef.view({-1, 1, 1})).reshape({-1, b3.size(2)});
      AddTo(grads[0], SplitRowsMm(weighted_b.t(), a3.reshape({-1, a3.size(2)})).view(weight_shape));
    }
    if (has_bias) AddTo(grads[1], WeightedSum(coef, cached ? cache[1] : BiasGrads()));
  }
};

at::Tensor UniformParameter(at::IntArrayRef shape, double bound) {
  return at::empty(shape, at::kFloat).uniform_(-bound, bound);
}

}  // namespace

at::Tensor SquaredNormPerExample(const at::Tensor& per_example) {
  return at::linalg_vector_norm(per_example.reshape({per_example.size(0), -1}), 2, at::IntArrayRef{1}, false,
                                c10::nullopt)
      .square();
}

void DpLayer::SetCapture(bool enabled) {
  capture_enabled_ = enabled;
  ClearCapture();
}

bool DpLayer::HasCapture() const { return activation_.defined() && backprop_.defined(); }

int64_t DpLayer::CapturedBatchSize() const { return activation_.defined() ? activation_.size(0) : 0; }

void DpLayer::ClearCapture() {
  activation_ = at::Tensor();
  backprop_ = at::Tensor();
  cached_grads_.clear();
}

bool DpLayer::ShouldRecord() const { return capture_enabled_ && at::GradMode::is_enabled(); }

void DpLayer::RecordActivation(const at::Tensor& activation) {
  if (activation_.defined()) {
    throw DpLayerError(
        "a DP layer ran forward twice within one private step (sharing a layer is not supported; "
        "call DpSgdEngine::ClipAndAccumulate after each backward, DpSgdEngine::DiscardBatch to drop "
        "an unfinished batch, and run evaluation under torch::NoGradGuard)");
  }
  activation_ = activation.detach();
}

at::Tensor DpLayer::WatchOutput(at::Tensor output) {
  if (!output.requires_grad()) output.requires_grad_(true);
  output.register_hook([this](const at::Tensor& grad) { backprop_ = grad; });
  return output;
}

// ---------------------------------------------------------------- Linear

LinearImpl::LinearImpl(int64_t in_features, int64_t out_features, bool with_bias) {
  if (in_features <= 0 || out_features <= 0) {
    throw DpLayerError("Linear: in_features and out_features must be positive, got " +
                       std::to_string(in_features) + " and " + std::to_string(out_features));
  }
  const double bound = 1.0 / std::sqrt(static_cast<double>(in_features));
  weight = register_parameter("weight", UniformParameter({out_features, in_features}, bound));
  if (with_bias) bias = register_parameter("bias", UniformParameter({out_features}, bound));
}

namespace {
// y = x W^T + b, with the products of forward and backward split between the threads: under
// SetUpCompute, ATen's own linear makes a single serial BLAS call for each.
class SplitLinearFunction : public torch::autograd::Function<SplitLinearFunction> {
 public:
  // `bias` is optional rather than an undefined tensor: autograd functions refuse undefined inputs.
  static at::Tensor forward(torch::autograd::AutogradContext* ctx, const at::Tensor& input, const at::Tensor& weight,
                            const c10::optional<at::Tensor>& bias) {
    ctx->save_for_backward({input, weight});
    ctx->saved_data["has_bias"] = bias.has_value();
    at::Tensor output = SplitRowsMm(input.reshape({-1, weight.size(1)}), weight.t());
    if (bias.has_value()) output.add_(*bias);
    std::vector<int64_t> shape = input.sizes().vec();
    shape.back() = weight.size(0);
    return output.view(shape);
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grad_outputs) {
    const auto saved = ctx->get_saved_variables();
    const at::Tensor& input = saved[0];
    const at::Tensor& weight = saved[1];
    const at::Tensor grad_rows = grad_outputs[0].reshape({-1, weight.size(0)});
    at::Tensor grad_input;
    at::Tensor grad_weight;
    at::Tensor grad_bias;
    if (ctx->needs_input_grad(0)) grad_input = SplitRowsMm(grad_rows, weight).view(input.sizes());
    if (ctx->needs_input_grad(1)) grad_weight = SplitRowsMm(grad_rows.t(), input.reshape({-1, weight.size(1)}));
    if (ctx->saved_data["has_bias"].toBool() && ctx->needs_input_grad(2)) grad_bias = grad_rows.sum(0);
    return {grad_input, grad_weight, grad_bias};
  }
};
}  // namespace

at::Tensor LinearImpl::forward(const at::Tensor& input) {
  if (input.dim() < 2 || input.size(-1) != weight.size(1)) {
    throw DpLayerError("Linear: expected input [N, ..., " + std::to_string(weight.size(1)) +
                       "], got " + std::to_string(input.dim()) + "-D input with last dim " +
                       std::to_string(input.dim() > 0 ? input.size(-1) : 0));
  }
  const bool record = ShouldRecord();
  // While recording, autograd must not reach the parameters: their gradients are formed per example.
  const auto parameter = [record](const at::Tensor& p) { return record ? p.detach() : p; };
  const c10::optional<at::Tensor> bias_input = bias.defined() ? c10::optional<at::Tensor>(parameter(bias)) : c10::nullopt;
  if (record) RecordActivation(input);
  at::Tensor output = SplitLinearFunction::apply(input, parameter(weight), bias_input);
  return record ? WatchOutput(output) : output;
}

std::vector<at::Tensor> LinearImpl::DpParameters() const {
  if (bias.defined()) return {weight, bias};
  return {weight};
}

namespace {
AffineCapture LinearCapture(const at::Tensor& activation, const at::Tensor& backprop,
                            const at::Tensor& weight, bool has_bias) {
  const int64_t n = activation.size(0);
  return AffineCapture{activation.reshape({n, -1, weight.size(1)}),
                       backprop.reshape({n, -1, weight.size(0)}), has_bias, weight.sizes()};
}
}  // namespace

std::vector<at::Tensor> LinearImpl::PerSampleGrads() const {
  return LinearCapture(activation_, backprop_, weight, bias.defined()).Grads();
}

at::Tensor LinearImpl::PerSampleSquaredNorms() {
  return LinearCapture(activation_, backprop_, weight, bias.defined()).SquaredNorms(cached_grads_);
}

void LinearImpl::AccumulateWeightedGrads(const at::Tensor& coef, std::vector<at::Tensor>& grads) {
  LinearCapture(activation_, backprop_, weight, bias.defined()).Accumulate(coef, cached_grads_, grads);
}

// ---------------------------------------------------------------- Embedding

EmbeddingImpl::EmbeddingImpl(int64_t num_embeddings, int64_t embedding_dim) {
  if (num_embeddings <= 0 || embedding_dim <= 0) {
    throw DpLayerError("Embedding: num_embeddings and embedding_dim must be positive");
  }
  weight = register_parameter("weight", at::randn({num_embeddings, embedding_dim}, at::kFloat));
}

at::Tensor EmbeddingImpl::forward(const at::Tensor& ids) {
  if (ids.scalar_type() != at::kLong || ids.dim() < 1) {
    throw DpLayerError("Embedding: expected int64 token ids [N, ...]");
  }
  if (!ShouldRecord()) return at::embedding(weight, ids);
  RecordActivation(ids);
  return WatchOutput(at::embedding(weight.detach(), ids));
}

std::vector<at::Tensor> EmbeddingImpl::DpParameters() const { return {weight}; }

namespace {
// Row of the [N * V, D] stacked per-example gradient that each token occurrence adds to.
at::Tensor ExampleTokenKeys(const at::Tensor& ids, int64_t vocab) {
  const int64_t n = ids.size(0);
  return (ids.reshape({n, -1}) + at::arange(n, ids.options()).unsqueeze(1) * vocab).reshape({-1});
}
}  // namespace

std::vector<at::Tensor> EmbeddingImpl::PerSampleGrads() const {
  const int64_t n = activation_.size(0);
  const int64_t vocab = weight.size(0);
  const int64_t dim = weight.size(1);
  return {at::zeros({n * vocab, dim}, backprop_.options())
              .index_add_(0, ExampleTokenKeys(activation_, vocab), backprop_.reshape({-1, dim}))
              .view({n, vocab, dim})};
}

at::Tensor EmbeddingImpl::PerSampleSquaredNorms() {
  // Sum the output gradients of equal (example, token) pairs, then add the squared row norms per
  // example: memory O(distinct pairs), never the [N, V, D] per-example gradient.
  const int64_t vocab = weight.size(0);
  const int64_t dim = weight.size(1);
  const at::Tensor keys = ExampleTokenKeys(activation_, vocab);
  const auto [unique_keys, inverse] = at::_unique(keys, /*sorted=*/false, /*return_inverse=*/true);
  const at::Tensor row_sums = at::zeros({unique_keys.size(0), dim}, backprop_.options())
                                  .index_add_(0, inverse, backprop_.reshape({-1, dim}));
  return at::zeros({activation_.size(0)}, backprop_.options())
      .index_add_(0, at::div(unique_keys, vocab, "floor"), SquaredNormPerExample(row_sums));
}

void EmbeddingImpl::AccumulateWeightedGrads(const at::Tensor& coef, std::vector<at::Tensor>& grads) {
  const int64_t n = activation_.size(0);
  const int64_t dim = weight.size(1);
  const at::Tensor weighted = backprop_.reshape({n, -1, dim}) * coef.view({-1, 1, 1});
  AddTo(grads[0], at::zeros_like(weight).index_add_(0, activation_.reshape({-1}), weighted.reshape({-1, dim})));
}

// ---------------------------------------------------------------- PositionalEmbedding

PositionalEmbeddingImpl::PositionalEmbeddingImpl(int64_t max_positions, int64_t dim) {
  if (max_positions <= 0 || dim <= 0) {
    throw DpLayerError("PositionalEmbedding: max_positions and dim must be positive");
  }
  weight = register_parameter("weight", at::randn({max_positions, dim}, at::kFloat) * 0.02);
}

at::Tensor PositionalEmbeddingImpl::forward(const at::Tensor& input) {
  if (input.dim() != 3 || input.size(1) > weight.size(0) || input.size(2) != weight.size(1)) {
    throw DpLayerError("PositionalEmbedding: expected input [N, T <= " + std::to_string(weight.size(0)) +
                       ", " + std::to_string(weight.size(1)) + "]");
  }
  const int64_t positions = input.size(1);
  if (!ShouldRecord()) return input + weight.narrow(0, 0, positions);
  // Only the batch size and length matter: record a shape-only (zero-size) tensor.
  RecordActivation(at::empty({input.size(0), positions, 0}, input.options()));
  return WatchOutput(input + weight.detach().narrow(0, 0, positions));
}

std::vector<at::Tensor> PositionalEmbeddingImpl::DpParameters() const { return {weight}; }

std::vector<at::Tensor> PositionalEmbeddingImpl::PerSampleGrads() const {
  const int64_t n = activation_.size(0);
  at::Tensor grads = at::zeros({n, weight.size(0), weight.size(1)}, backprop_.options());
  grads.narrow(1, 0, activation_.size(1)).copy_(backprop_);
  return {grads};
}

at::Tensor PositionalEmbeddingImpl::PerSampleSquaredNorms() { return SquaredNormPerExample(backprop_); }

void PositionalEmbeddingImpl::AccumulateWeightedGrads(const at::Tensor& coef, std::vector<at::Tensor>& grads) {
  at::Tensor grad = at::zeros_like(weight);
  grad.narrow(0, 0, activation_.size(1)).copy_(WeightedSum(coef, backprop_));
  AddTo(grads[0], grad);
}

// ---------------------------------------------------------------- LayerNorm

LayerNormImpl::LayerNormImpl(int64_t dim, double eps) : eps_(eps) {
  if (dim <= 0) throw DpLayerError("LayerNorm: dim must be positive");
  weight = register_parameter("weight", at::ones({dim}, at::kFloat));
  bias = register_parameter("bias", at::zeros({dim}, at::kFloat));
}

at::Tensor LayerNormImpl::forward(const at::Tensor& input) {
  const int64_t dim = weight.size(0);
  if (input.dim() < 2 || input.size(-1) != dim) {
    throw DpLayerError("LayerNorm: expected input [N, ..., " + std::to_string(dim) + "]");
  }
  if (!ShouldRecord()) return at::layer_norm(input, {dim}, weight, bias, eps_);
  const at::Tensor normalized = at::layer_norm(input, {dim}, {}, {}, eps_);
  RecordActivation(normalized);
  return WatchOutput(at::addcmul(bias.detach(), normalized, weight.detach()));
}

std::vector<at::Tensor> LayerNormImpl::DpParameters() const { return {weight, bias}; }

std::vector<at::Tensor> LayerNormImpl::PerSampleGrads() const {
  const int64_t n = activation_.size(0);
  const int64_t dim = weight.size(0);
  const at::Tensor b3 = backprop_.reshape({n, -1, dim});
  return {(activation_.reshape({n, -1, dim}) * b3).sum(1), b3.sum(1)};
}

at::Tensor LayerNormImpl::PerSampleSquaredNorms() {
  cached_grads_ = PerSampleGrads();
  return SquaredNormPerExample(cached_grads_[0]) + SquaredNormPerExample(cached_grads_[1]);
}

void LayerNormImpl::AccumulateWeightedGrads(const at::Tensor& coef, std::vector<at::Tensor>& grads) {
  if (cached_grads_.empty()) cached_grads_ = PerSampleGrads();
  AddTo(grads[0], WeightedSum(coef, cached_grads_[0]));
  AddTo(grads[1], WeightedSum(coef, cached_grads_[1]));
}

// ---------------------------------------------------------------- Conv1d

Conv1dImpl::Conv1dImpl(const Conv1dOptions& options) : options_(options) {
  if (options.in_channels <= 0 || options.out_channels <= 0 || options.kernel_size <= 0 ||
      options.stride <= 0 || options.dilation <= 0 || options.padding < 0) {
    throw DpLayerError(
        "Conv1d: channels, kernel_size, stride and dilation must be positive and padding >= 0");
  }
  const double bound = 1.0 / std::sqrt(static_cast<double>(options.in_channels * options.kernel_size));
  weight = register_parameter(
      "weight", UniformParameter({options.out_channels, options.in_channels, options.kernel_size}, bound));
  if (options.bias) bias = register_parameter("bias", UniformParameter({options.out_channels}, bound));
}

at::Tensor Conv1dImpl::forward(const at::Tensor& input) {
  if (input.dim() != 3 || input.size(1) != options_.in_channels) {
    throw DpLayerError("Conv1d: expected input [N, " + std::to_string(options_.in_channels) + ", L]");
  }
  const bool record = ShouldRecord();
  const at::Tensor w = record ? weight.detach() : weight;
  const at::Tensor b = !bias.defined() ? at::Tensor() : (record ? bias.detach() : bias);
  at::Tensor output = at::conv1d(input, w, b, {options_.stride}, {options_.padding}, {options_.dilation}, 1);
  if (!record) return output;
  RecordActivation(input);
  return WatchOutput(output);
}

std::vector<at::Tensor> Conv1dImpl::DpParameters() const {
  if (bias.defined()) return {weight, bias};
  return {weight};
}

at::Tensor Conv1dImpl::Patches() const {
  const at::Tensor padded = options_.padding > 0
                                ? at::constant_pad_nd(activation_, {options_.padding, options_.padding}, 0)
                                : activation_;
  const int64_t span = (options_.kernel_size - 1) * options_.dilation + 1;
  // [N, C, L_out, span] -> keep every dilation-th tap -> [N, L_out, C * kernel]
  const at::Tensor windows = padded.unfold(2, span, options_.stride).slice(3, 0, span, options_.dilation);
  return windows.permute({0, 2, 1, 3}).reshape({activation_.size(0), windows.size(2), -1});
}

namespace {
AffineCapture ConvCapture(const at::Tensor& patches, const at::Tensor& backprop, const at::Tensor& weight,
                          bool has_bias) {
  return AffineCapture{patches, backprop.transpose(1, 2), has_bias, weight.sizes()};
}
}  // namespace

std::vector<at::Tensor> Conv1dImpl::PerSampleGrads() const {
  return ConvCapture(Patches(), backprop_, weight, bias.defined()).Grads();
}

at::Tensor Conv1dImpl::PerSampleSquaredNorms() {
  return ConvCapture(Patches(), backprop_, weight, bias.defined()).SquaredNorms(cached_grads_);
}

void Conv1dImpl::AccumulateWeightedGrads(const at::Tensor& coef, std::vector<at::Tensor>& grads) {
  ConvCapture(Patches(), backprop_, weight, bias.defined()).Accumulate(coef, cached_grads_, grads);
}

}  // namespace leakgate::dp
