// The engine's multi-threaded pieces: products split between threads equal ATen's serial ones, and
// seeded Gaussian noise is Gaussian, reproducible and independent of the thread count.
#include <cmath>

#include <ATen/Parallel.h>
#include <gtest/gtest.h>

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

TEST_F(ParallelWork, ParallelForCoversEveryIndexOnce) {
  std::vector<int> hits(1000, 0);
  ParallelFor(1000, 7, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) ++hits[static_cast<size_t>(i)];
  });
  for (int hit : hits) ASSERT_EQ(hit, 1);
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

TEST_F(ParallelWork, SeededNoiseIsStandardGaussianAcrossBlocks) {
  // 2^21 draws span many generator blocks; every check allows 5 standard errors.
  const int64_t n = int64_t{1} << 21;
  const double std = 3.0;
  const at::Tensor z = MakeSeededRandomSource(7)->Gaussian({n}, std).to(at::kDouble) / std;
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
  // Box-Muller's two halves (cosine and sine of one angle, one radius) are uncorrelated, and so
  // are neighbouring draws.
  const at::Tensor cosines = z.narrow(0, 0, n / 2);
  const at::Tensor sines = z.narrow(0, n / 2, n / 2);
  EXPECT_NEAR((cosines * sines).mean().item<double>(), 0.0, 5.0 / std::sqrt(count / 2));
  EXPECT_NEAR((z.narrow(0, 0, n - 1) * z.narrow(0, 1, n - 1)).mean().item<double>(), 0.0, 5.0 / std::sqrt(count));
}

}  // namespace
}  // namespace leakgate::dp
