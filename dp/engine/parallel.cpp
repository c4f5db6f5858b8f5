#include "dp/engine/parallel.h"

#include <ATen/Parallel.h>
#include <torch/csrc/autograd/custom_function.h>

#include <algorithm>
#include <vector>

namespace leakgate::dp {
namespace {

// One contiguous share of [0, count) per thread.
int64_t ThreadShare(int64_t count) {
  const int64_t threads = std::max<int64_t>(1, at::get_num_threads());
  return std::max<int64_t>(1, (count + threads - 1) / threads);
}

}  // namespace

void ParallelFor(int64_t count, int64_t grain, const std::function<void(int64_t, int64_t)>& body) {
  at::parallel_for(0, count, std::max<int64_t>(1, grain), body);
}

at::Tensor SplitBatchBmm(const at::Tensor& a, const at::Tensor& b) {
  at::Tensor result = at::empty({a.size(0), a.size(1), b.size(2)}, a.options());
  ParallelFor(a.size(0), ThreadShare(a.size(0)), [&](int64_t begin, int64_t end) {
    const at::NoGradGuard no_grad;  // grad mode is per thread, and on in a fresh worker
    at::Tensor slice = result.narrow(0, begin, end - begin);
    at::bmm_out(slice, a.narrow(0, begin, end - begin), b.narrow(0, begin, end - begin));
  });
  return result;
}

at::Tensor SplitRowsMm(const at::Tensor& a, const at::Tensor& b) {
  at::Tensor result = at::empty({a.size(0), b.size(1)}, a.options());
  ParallelFor(a.size(0), ThreadShare(a.size(0)), [&](int64_t begin, int64_t end) {
    const at::NoGradGuard no_grad;
    at::Tensor slice = result.narrow(0, begin, end - begin);
    at::mm_out(slice, a.narrow(0, begin, end - begin), b);
  });
  return result;
}

namespace {

// [..., M, K] @ [..., K, P] as one SplitBatchBmm over the flattened leading dimensions.
at::Tensor FlatBatchProduct(const at::Tensor& a, const at::Tensor& b) {
  std::vector<int64_t> shape = a.sizes().vec();
  shape.back() = b.size(-1);
  return SplitBatchBmm(a.reshape({-1, a.size(-2), a.size(-1)}), b.reshape({-1, b.size(-2), b.size(-1)})).view(shape);
}

class BatchedMatmulFunction : public torch::autograd::Function<BatchedMatmulFunction> {
 public:
  static at::Tensor forward(torch::autograd::AutogradContext* ctx, const at::Tensor& a, const at::Tensor& b) {
    ctx->save_for_backward({a, b});
    return FlatBatchProduct(a, b);
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grad_outputs) {
    const auto saved = ctx->get_saved_variables();
    const at::Tensor& grad = grad_outputs[0];
    at::Tensor grad_a;
    at::Tensor grad_b;
    if (ctx->needs_input_grad(0)) grad_a = FlatBatchProduct(grad, saved[1].transpose(-2, -1));
    if (ctx->needs_input_grad(1)) grad_b = FlatBatchProduct(saved[0].transpose(-2, -1), grad);
    return {grad_a, grad_b};
  }
};

float RowSquaredNorm(const float* row, int64_t length) {
  float sum = 0.0f;
#pragma omp simd reduction(+ : sum)
  for (int64_t i = 0; i < length; ++i) sum += row[i] * row[i];
  return sum;
}
}  // namespace

at::Tensor BatchedMatmul(const at::Tensor& a, const at::Tensor& b) { return BatchedMatmulFunction::apply(a, b); }

at::Tensor OuterProductSquaredNorms(const at::Tensor& a, const at::Tensor& b, double bias_term) {
  const at::Tensor a_rows = a.contiguous();
  const at::Tensor b_rows = b.contiguous();
  const int64_t rows = a_rows.size(0);
  const int64_t in = a_rows.size(1);
  const int64_t out = b_rows.size(1);
  at::Tensor result = at::empty({rows}, a_rows.options());
  const float* a_data = a_rows.data_ptr<float>();
  const float* b_data = b_rows.data_ptr<float>();
  float* result_data = result.data_ptr<float>();
  const auto body = [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) {
      result_data[r] = RowSquaredNorm(b_data + r * out, out) *
                       (RowSquaredNorm(a_data + r * in, in) + static_cast<float>(bias_term));
    }
  };
  // A pass under ~2^18 values costs less than waking the other thread.
  if (rows * (in + out) < (int64_t{1} << 18)) {
    body(0, rows);
  } else {
    ParallelFor(rows, ThreadShare(rows), body);
  }
  return result;
}

}  // namespace leakgate::dp
