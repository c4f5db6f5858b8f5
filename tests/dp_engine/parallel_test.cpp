// The engine's multi-threaded pieces: products split between threads (and the Linear layer built on
// them) equal ATen's serial ones; seeded and secure Gaussian noise is Gaussian across blocks, and the
// seeded draws are reproducible and independent of the thread count.
#include <cmath>
#include <tuple>

#include <ATen/Parallel.h>
#include <gtest/gtest.h>

#include "dp/engine/layers.h"
#include "dp/engine/parallel.h"
#include "dp/engine/sampling.h"
#include "tests/dp_engine/tensor_expect.h"

namespace leakgate::dp {
namespace {

using testing::AllClose;

class ParallelWork : public ::testing::Test {
 protected:
  void SetUp() override {
    at::set_num_threads(2);
    at::manual_seed(5);
  }
  void TearDown() override { at::set_num_threads(1); }
};

TEST_F(ParallelWork, SplitBatchBmmEqualsBmm) {
  for (const int64_t batch : {1, 2, 5, 32}) {
    const at::Tensor a = at::randn({batch, 7, 9});
    const at::Tensor b = at::randn({batch, 11, 9}).transpose(1, 2);  // a strided operand, as the layers pass
    EXPECT_TRUE(AllClose(SplitBatchBmm(a, b), at::bmm(a, b), 1e-5, 1e-6)) << "batch " << batch;
  }
}

TEST_F(ParallelWork, SplitRowsMmEqualsMm) {
  for (const int64_t rows : {1, 3, 64}) {
    const at::Tensor a = at::randn({40, rows}).t();  // transposed, as the book-keeping product passes it
    const at::Tensor b = at::randn({40, 6});
    EXPECT_TRUE(AllClose(SplitRowsMm(a, b), at::mm(a, b), 1e-5, 1e-6)) << "rows " << rows;
  }
}

TEST_F(ParallelWork, OuterProductSquaredNormsMatchTheFormedGradients) {
  // 300 rows of 600 + 400 values take the threaded branch, 3 rows of 5 + 4 the serial one.
  for (const auto& [rows, in, out] : {std::tuple<int64_t, int64_t, int64_t>{300, 600, 400}, {3, 5, 4}}) {
    const at::Tensor a = at::randn({rows, in});
    const at::Tensor b = at::randn({rows, out});
    const at::Tensor weight_sq = at::bmm(b.unsqueeze(2), a.unsqueeze(1)).square().sum({1, 2});
    EXPECT_TRUE(AllClose(OuterProductSquaredNorms(a, b, 0.0), weight_sq, 1e-5, 0.0));
    EXPECT_TRUE(AllClose(OuterProductSquaredNorms(a, b, 1.0), weight_sq + b.square().sum(1), 1e-5, 0.0));
  }
}

TEST_F(ParallelWork, ParallelForCoversEveryIndexOnce) {
  std::vector<int> hits(1000, 0);
  ParallelFor(1000, 7, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) ++hits[static_cast<size_t>(i)];
  });
  for (int hit : hits) ASSERT_EQ(hit, 1);
}

// Outside DP capture a Linear differentiates through its own split products; they must agree with
// ATen's linear, because the brute-force references of the per-sample tests go through them too.
TEST_F(ParallelWork, LinearMatchesAtenLinearForwardAndBackward) {
  for (const bool with_bias : {true, false}) {
    Linear layer(12, 7, with_bias);
    const at::Tensor x = at::randn({5, 3, 12}).requires_grad_(true);
    const at::Tensor reference_weight = layer->weight.detach().clone().requires_grad_(true);
    const at::Tensor reference_bias = with_bias ? layer->bias.detach().clone().requires_grad_(true) : at::Tensor();
    const at::Tensor reference_x = x.detach().clone().requires_grad_(true);
    const at::Tensor upstream = at::randn({5, 3, 7});

    const at::Tensor y = layer(x);
    (y * upstream).sum().backward();
    const at::Tensor reference_y = at::linear(reference_x, reference_weight, reference_bias);
    (reference_y * upstream).sum().backward();

    EXPECT_TRUE(AllClose(y, reference_y, 1e-5, 1e-6));
    EXPECT_TRUE(AllClose(x.grad(), reference_x.grad(), 1e-5, 1e-6));
    EXPECT_TRUE(AllClose(layer->weight.grad(), reference_weight.grad(), 1e-5, 1e-6));
    if (with_bias) {
      EXPECT_TRUE(AllClose(layer->bias.grad(), reference_bias.grad(), 1e-5, 1e-6));
    }
  }
}

TEST_F(ParallelWork, BatchedMatmulMatchesMatmulForwardAndBackward) {
  // Strided operands, as the attention passes them (heads split by a transpose, keys transposed).
  const at::Tensor a = at::randn({3, 5, 2, 4}).transpose(1, 2).requires_grad_(true);
  const at::Tensor b = at::randn({3, 2, 6, 4}).transpose(-2, -1).requires_grad_(true);
  const at::Tensor reference_a = a.detach().clone().requires_grad_(true);
  const at::Tensor reference_b = b.detach().clone().requires_grad_(true);
  const at::Tensor upstream = at::randn({3, 2, 5, 6});

  const at::Tensor product = BatchedMatmul(a, b);
  (product * upstream).sum().backward();
  const at::Tensor reference = at::matmul(reference_a, reference_b);
  (reference * upstream).sum().backward();

  EXPECT_TRUE(AllClose(product, reference, 1e-5, 1e-6));
  EXPECT_TRUE(AllClose(a.grad(), reference_a.grad(), 1e-5, 1e-6));
  EXPECT_TRUE(AllClose(b.grad(), reference_b.grad(), 1e-5, 1e-6));
}

at::Tensor SeededDraw(uint64_t seed, int64_t count, int threads) {
  at::set_num_threads(threads);
  const at::Tensor draw = MakeSeededRandomSource(seed)->Gaussian({count}, 1.0);
  at::set_num_threads(2);
  return draw;
}

TEST_F(ParallelWork, SeededNoiseDoesNotDependOnTheThreadCount) {
  for (const int64_t count : {1, 2, 3, 100001}) {
    EXPECT_TRUE(at::equal(SeededDraw(42, count, 1), SeededDraw(42, count, 2))) << count;
  }
  EXPECT_FALSE(at::equal(SeededDraw(42, 1000, 2), SeededDraw(43, 1000, 2)));
  auto source = MakeSeededRandomSource(42);
  EXPECT_FALSE(at::equal(source->Gaussian({1000}, 1.0), source->Gaussian({1000}, 1.0)));
}

// 2^21 draws span many generator blocks; every check allows 5 standard errors.
void ExpectStandardGaussianAcrossBlocks(RandomSource& source) {
  const int64_t n = int64_t{1} << 21;
  const double std = 3.0;
  const at::Tensor z = source.Gaussian({n}, std).to(at::kDouble) / std;
  const double count = static_cast<double>(n);
  EXPECT_NEAR(z.mean().item<double>(), 0.0, 5.0 / std::sqrt(count));
  EXPECT_NEAR(z.std().item<double>(), 1.0, 5.0 / std::sqrt(2.0 * count));
  EXPECT_NEAR(z.pow(4).mean().item<double>(), 3.0, 5.0 * std::sqrt(96.0 / count));
  // Tails: P(|Z| > 2) and P(|Z| > 4), and the largest of 2^21 draws lies well past 4.
  const double beyond2 = 0.04550026389635842;
  const double beyond4 = 6.334248366623996e-05;
  EXPECT_NEAR((z.abs() > 2.0).to(at::kDouble).mean().item<double>(), beyond2, 5.0 * std::sqrt(beyond2 / count));
  EXPECT_NEAR((z.abs() > 4.0).to(at::kDouble).mean().item<double>(), beyond4, 5.0 * std::sqrt(beyond4 / count));
  EXPECT_GT(z.abs().max().item<double>(), 4.5);
  // Box-Muller's cosine and sine of one angle and radius are uncorrelated (the seeded source puts
  // them in the two halves, the secure one side by side), and so are neighbouring draws.
  const at::Tensor cosines = z.narrow(0, 0, n / 2);
  const at::Tensor sines = z.narrow(0, n / 2, n / 2);
  EXPECT_NEAR((cosines * sines).mean().item<double>(), 0.0, 5.0 / std::sqrt(count / 2));
  EXPECT_NEAR((z.narrow(0, 0, n - 1) * z.narrow(0, 1, n - 1)).mean().item<double>(), 0.0, 5.0 / std::sqrt(count));
}

TEST_F(ParallelWork, SeededNoiseIsStandardGaussianAcrossBlocks) {
  ExpectStandardGaussianAcrossBlocks(*MakeSeededRandomSource(7));
}

TEST_F(ParallelWork, SecureNoiseIsStandardGaussianAcrossBlocks) {
  ExpectStandardGaussianAcrossBlocks(*MakeSecureRandomSource());
}

}  // namespace
}  // namespace leakgate::dp
