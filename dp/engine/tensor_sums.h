// Accumulation helpers shared by the DP layers and the engine (internal to dp/engine).
#pragma once

#include <ATen/ATen.h>

namespace leakgate::dp {

// slot += value, where an undefined slot starts as (a contiguous copy of) value.
inline void AddTo(at::Tensor& slot, const at::Tensor& value) {
  if (slot.defined()) {
    slot.add_(value);
  } else {
    slot = value.contiguous();
  }
}

// sum_n coef[n] * per_sample[n] as one matrix-vector product.
inline at::Tensor WeightedSum(const at::Tensor& coef, const at::Tensor& per_sample) {
  const int64_t n = per_sample.size(0);
  return at::mm(coef.view({1, n}), per_sample.reshape({n, -1})).view(per_sample.sizes().slice(1));
}

}  // namespace leakgate::dp
