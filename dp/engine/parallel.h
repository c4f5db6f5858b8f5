// Work split across ATen's intra-op threads, for the engine's own per-example products and noise
// (internal to dp/engine). SetUpCompute keeps BLAS serial, so a plain at::bmm or at::mm runs on
// one core; here each thread makes its own serial BLAS call on its share.
#pragma once

#include <cstdint>
#include <functional>

#include <ATen/ATen.h>

namespace leakgate::dp {

// Runs body(begin, end) over [0, count) in contiguous ranges of at least `grain` items, on ATen's
// threads (serially when already inside a parallel region). Rethrows the first exception.
void ParallelFor(int64_t count, int64_t grain, const std::function<void(int64_t, int64_t)>& body);

// SplitBatchBmm and SplitRowsMm are not recorded by autograd (the Linear layer's own function and
// BatchedMatmul differentiate them).

// [N, M, P] = a [N, M, K] @ b [N, K, P], the N products divided between the threads.
at::Tensor SplitBatchBmm(const at::Tensor& a, const at::Tensor& b);

// [M, P] = a [M, K] @ b [K, P], the rows of a divided between the threads.
at::Tensor SplitRowsMm(const at::Tensor& a, const at::Tensor& b);

// a @ b over matching leading dimensions ([..., M, K] @ [..., K, P]), differentiable: forward and
// backward products are SplitBatchBmm calls. For the attention products, which at::matmul runs serially.
at::Tensor BatchedMatmul(const at::Tensor& a, const at::Tensor& b);

// [N]: ||b_n||^2 (||a_n||^2 + bias_term) for rows a [N, I] and b [N, O], in one vectorised pass: the
// squared norm of a one-position Linear's per-example weight gradient b_n a_n^T, plus (bias_term = 1)
// that of its bias gradient b_n.
at::Tensor OuterProductSquaredNorms(const at::Tensor& a, const at::Tensor& b, double bias_term);

}  // namespace leakgate::dp
