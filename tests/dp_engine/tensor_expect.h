// Test helpers for the DP engine suite: tensors from the reference JSON format and closeness checks.
#pragma once

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include <ATen/ATen.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace leakgate::dp::testing {

// {"shape": [...], "dtype": "float32"|"int64", "data": [flat row-major]} -> tensor.
inline at::Tensor TensorFromJson(const nlohmann::json& value) {
  const std::vector<int64_t> shape = value.at("shape").get<std::vector<int64_t>>();
  if (value.at("dtype").get<std::string>() == "int64") {
    auto data = value.at("data").get<std::vector<int64_t>>();
    return at::tensor(data, at::kLong).reshape(shape);
  }
  auto data = value.at("data").get<std::vector<float>>();
  return at::tensor(data, at::kFloat).reshape(shape);
}

// Element-wise |actual - expected| <= atol + rtol |expected|, with atol scaled by the largest
// expected magnitude so that float32 round-off on big values does not fail.
inline ::testing::AssertionResult AllClose(const at::Tensor& actual, const at::Tensor& expected, double rtol,
                                           double atol) {
  if (actual.sizes() != expected.sizes()) {
    return ::testing::AssertionFailure() << "shape " << actual.sizes() << " != expected " << expected.sizes();
  }
  const at::Tensor a = actual.to(at::kDouble);
  const at::Tensor e = expected.to(at::kDouble);
  const double scale = std::max(1.0, e.numel() ? e.abs().max().item<double>() : 0.0);
  const at::Tensor excess = (a - e).abs() - (rtol * e.abs() + atol * scale);
  if (excess.numel() == 0 || excess.max().item<double>() <= 0.0) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "max |diff| " << (a - e).abs().max().item<double>() << " (max |expected| "
                                       << scale << ")";
}

// ||actual - expected|| <= tolerance * max(||expected||, floor): relative error of the whole
// tensor; the floor keeps gradients that are zero in exact arithmetic (e.g. an attention key bias,
// to which softmax is invariant) from being compared relative to their round-off.
inline ::testing::AssertionResult RelativeClose(const at::Tensor& actual, const at::Tensor& expected,
                                                double tolerance, double floor = 1e-4) {
  if (actual.sizes() != expected.sizes()) {
    return ::testing::AssertionFailure() << "shape " << actual.sizes() << " != expected " << expected.sizes();
  }
  const double error = (actual.to(at::kDouble) - expected.to(at::kDouble)).norm().item<double>();
  const double reference = expected.to(at::kDouble).norm().item<double>();
  if (error <= tolerance * std::max(reference, floor)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "relative error " << error / reference << " > " << tolerance
                                       << " (norm " << reference << ")";
}

// The L2 norm over every tensor of a gradient map: the scale that round-off in any one parameter's
// gradient follows, so a gradient that is zero in exact arithmetic is compared against it (as the floor
// of RelativeClose) rather than against its own round-off, which differs between CPUs.
inline double GlobalNorm(const std::map<std::string, at::Tensor>& gradients) {
  double squared = 0.0;
  for (const auto& [name, gradient] : gradients) squared += gradient.to(at::kDouble).square().sum().item<double>();
  return std::sqrt(squared);
}

// A floor for RelativeClose of one parameter's gradient: 1/10 of the global gradient norm.
inline double FloorFor(const std::map<std::string, at::Tensor>& gradients) { return 0.1 * GlobalNorm(gradients); }

}  // namespace leakgate::dp::testing
