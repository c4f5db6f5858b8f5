// DP-SGD engine behaviour: noise distribution, equivalence with non-private SGD/Adam, Poisson
// sampling statistics, virtual batches, per-layer clipping, refusal of unsupported modules.
#include <cmath>
#include <numeric>
#include <set>
#include <string>

#include <gmock/gmock.h>
#include <ATen/Parallel.h>
#include <gtest/gtest.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/linear.h>

#include "dp/engine/engine.h"
#include "models/networks.h"
#include "tests/dp_engine/tensor_expect.h"

namespace leakgate::dp {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using testing::RelativeClose;

class Engine : public ::testing::Test {
 protected:
  void SetUp() override {
    at::set_num_threads(1);
    at::manual_seed(11);
  }
};

struct WithTorchLinear : torch::nn::Module {
  WithTorchLinear() : head(register_module("head", torch::nn::Linear(4, 2))) {}
  torch::nn::Linear head;
};

DpSgdOptions Options(double noise_multiplier, double max_grad_norm, LossReduction reduction, double expected_batch) {
  DpSgdOptions options;
  options.noise_multiplier = noise_multiplier;
  options.max_grad_norm = max_grad_norm;
  options.loss_reduction = reduction;
  options.expected_batch_size = expected_batch;
  options.sample_rate = 0.01;
  options.seed = 99;
  return options;
}

void CopyParameters(torch::nn::Module& from, torch::nn::Module& to) {
  at::NoGradGuard no_grad;
  auto source = from.parameters();
  auto target = to.parameters();
  for (size_t i = 0; i < source.size(); ++i) target[i].copy_(source[i]);
}

// All noise: no batch was accumulated, so every gradient entry is N(0, std^2) / divisor.
void ExpectNoiseStd(bool secure, LossReduction reduction) {
  Linear model(100, 100);
  const double sigma = 1.5;
  const double bound = 2.0;
  const double expected_batch = 8.0;
  DpSgdOptions options = Options(sigma, bound, reduction, expected_batch);
  options.secure_rng = secure;
  DpSgdEngine engine(model.ptr(), MakeOptimizer({}, model->parameters()), options);
  EXPECT_DOUBLE_EQ(engine.NoiseStd(), sigma * bound);
  engine.PrivatizeGradients();
  const at::Tensor noise = at::cat({model->weight.grad().flatten(), model->bias.grad().flatten()}).to(at::kDouble);
  const double expected_std = sigma * bound / (reduction == LossReduction::kMean ? expected_batch : 1.0);
  const double n = static_cast<double>(noise.numel());
  // Relative standard error of a sample std is 1/sqrt(2n) = 0.7% here; allow 5 of them.
  EXPECT_NEAR(noise.std().item<double>(), expected_std, 5.0 * expected_std / std::sqrt(2.0 * n));
  EXPECT_NEAR(noise.mean().item<double>(), 0.0, 5.0 * expected_std / std::sqrt(n));
  // Gaussian, not just the right spread: the fourth standardised moment is 3 (SE ~ sqrt(96/n)).
  const double kurtosis = ((noise - noise.mean()) / noise.std()).pow(4).mean().item<double>();
  EXPECT_NEAR(kurtosis, 3.0, 5.0 * std::sqrt(96.0 / n));
}

TEST_F(Engine, NoiseHasStdSigmaTimesBoundOverExpectedBatch) {
  ExpectNoiseStd(/*secure=*/false, LossReduction::kMean);
  ExpectNoiseStd(/*secure=*/false, LossReduction::kSum);
}

// The test-only planted bugs change what they say and nothing else: the accountant is told the claimed sigma.
TEST_F(Engine, PlantedBugsChangeTheNoiseAsNamedAndKeepTheClaimedSigmaInTheLedger) {
  EXPECT_EQ(ParsePlantedBug("none"), PlantedBug::kNone);
  EXPECT_EQ(ParsePlantedBug("shuffled_sampler"), PlantedBug::kShuffledSampler);
  EXPECT_THROW(ParsePlantedBug("no-noise"), EngineConfigError);
  Linear model(4, 2);
  DpSgdOptions options = Options(1.5, 2.0, LossReduction::kMean, 8.0);
  options.planted_bug = ParsePlantedBug("no_noise");
  {
    DpSgdEngine engine(model.ptr(), MakeOptimizer({}, model->parameters()), options);
    EXPECT_DOUBLE_EQ(engine.NoiseStd(), 0.0);
    engine.Step();
    EXPECT_EQ(engine.ledger().total_steps(), 1);  // recorded as if sigma 1.5 had been added
  }
  options.planted_bug = ParsePlantedBug("noise_over_batch_twice");
  DpSgdEngine twice(model.ptr(), MakeOptimizer({}, model->parameters()), options);
  EXPECT_DOUBLE_EQ(twice.NoiseStd(), 1.5 * 2.0 / 8.0);
}

TEST_F(Engine, SecureNoiseHasTheSameDistribution) {
  ExpectNoiseStd(/*secure=*/true, LossReduction::kMean);
}

TEST_F(Engine, SeededNoiseIsReproducibleAndSecureNoiseIsNot) {
  const auto draw = [](bool secure) {
    Linear model(10, 10);
    DpSgdOptions options = Options(1.0, 1.0, LossReduction::kSum, 1.0);
    options.secure_rng = secure;
    DpSgdEngine engine(model.ptr(), MakeOptimizer({}, model->parameters()), options);
    engine.PrivatizeGradients();
    return model->weight.grad().clone();
  };
  EXPECT_TRUE(at::equal(draw(false), draw(false)));
  EXPECT_FALSE(at::equal(draw(true), draw(true)));
}

// sigma = 0 and a bound no gradient reaches (or no clipping at all): the private step is the plain step.
void ExpectSameAsNonPrivate(const OptimizerSettings& settings,
                            const DpSgdOptions& options = Options(0.0, 1e9, LossReduction::kMean, 10.0)) {
  models::Mlp private_model(std::vector<int64_t>{6, 16, 3});
  models::Mlp plain_model(std::vector<int64_t>{6, 16, 3});
  CopyParameters(*private_model, *plain_model);
  const int64_t batch = 10;
  DpSgdEngine engine(private_model.ptr(), MakeOptimizer(settings, private_model->parameters()), options);
  auto plain_optimizer = MakeOptimizer(settings, plain_model->parameters());
  for (int step = 0; step < 3; ++step) {
    const at::Tensor x = at::randn({batch, 6});
    const at::Tensor y = at::randint(0, 3, {batch}, at::kLong);
    at::cross_entropy_loss(private_model(x), y).backward();
    engine.ClipAndAccumulate();
    engine.Step();
    plain_optimizer->zero_grad();
    at::cross_entropy_loss(plain_model(x), y).backward();
    plain_optimizer->step();
  }
  const auto private_parameters = private_model->parameters();
  const auto plain_parameters = plain_model->parameters();
  for (size_t i = 0; i < plain_parameters.size(); ++i) {
    EXPECT_TRUE(RelativeClose(private_parameters[i], plain_parameters[i], 1e-5)) << i;
  }
  EXPECT_EQ(engine.steps(), 3);
}

TEST_F(Engine, NoNoiseHugeBoundEqualsNonPrivateSgdWithMomentum) {
  OptimizerSettings sgd;
  sgd.learning_rate = 0.3;
  sgd.momentum = 0.9;
  ExpectSameAsNonPrivate(sgd);
}

TEST_F(Engine, NoNoiseHugeBoundEqualsNonPrivateAdam) {
  OptimizerSettings adam;
  adam.kind = OptimizerKind::kAdam;
  adam.learning_rate = 0.01;
  ExpectSameAsNonPrivate(adam);
}

TEST_F(Engine, PlantedNoClippingSumsTheRawGradients) {
  // A bound every gradient exceeds, yet the step is the plain one: nothing was clipped.
  DpSgdOptions options = Options(0.0, 1e-6, LossReduction::kMean, 10.0);
  options.planted_bug = PlantedBug::kNoClipping;
  OptimizerSettings sgd;
  sgd.learning_rate = 0.3;
  ExpectSameAsNonPrivate(sgd, options);
}

// Gradient canaries: a left-out canary's statistic is the claimed noise alone, N(0, sigma^2 T) in clipping bounds;
// an included one adds its clipped gradient (one bound) each time it is sampled, q T times on average.
struct CanaryMoments {
  double in_mean = 0, out_mean = 0, out_std = 0;
};

CanaryMoments RunCanaries(PlantedBug bug, double sigma, double q, int steps) {
  Linear model(3, 2);
  DpSgdOptions options = Options(sigma, 2.0, LossReduction::kMean, 8.0);
  options.sample_rate = q;
  options.planted_bug = bug;
  auto random = MakeSeededRandomSource(5);
  GradientCanaries canaries = MakeGradientCanaries(4000, *random);
  options.gradient_canaries = &canaries;
  DpSgdEngine engine(model.ptr(), MakeOptimizer({}, model->parameters()), options);
  PoissonSampler sampler(static_cast<int64_t>(canaries.included.size()), q, MakeSeededRandomSource(6));
  int64_t drawn = 0;
  for (int step = 0; step < steps; ++step) {
    for (int64_t canary : sampler.NextBatch()) canaries.in_batch.push_back(static_cast<std::size_t>(canary));
    drawn += static_cast<int64_t>(canaries.in_batch.size());
    engine.Step();
    EXPECT_TRUE(canaries.in_batch.empty());
  }
  EXPECT_EQ(canaries.steps, steps);
  EXPECT_EQ(std::accumulate(canaries.participations.begin(), canaries.participations.end(), int64_t{0}), drawn);
  CanaryMoments moments;
  double in = 0, out = 0, out_squares = 0;
  for (std::size_t i = 0; i < canaries.statistic.size(); ++i) {
    (canaries.included[i] ? moments.in_mean : moments.out_mean) += canaries.statistic[i];
    (canaries.included[i] ? in : out) += 1;
    if (!canaries.included[i]) out_squares += canaries.statistic[i] * canaries.statistic[i];
  }
  EXPECT_NEAR(in / (in + out), 0.5, 0.05);
  moments.in_mean /= in;
  moments.out_mean /= out;
  moments.out_std = std::sqrt(out_squares / out - moments.out_mean * moments.out_mean);
  return moments;
}

TEST_F(Engine, GradientCanariesSeeTheEnginesOwnClippingAndNoise) {
  const double sigma = 1.5, q = 0.3;
  const int steps = 50;
  const CanaryMoments honest = RunCanaries(PlantedBug::kNone, sigma, q, steps);
  const double noise = sigma * std::sqrt(double(steps));  // 10.6 bounds
  // About 2000 canaries per group: standard errors of the means ~ 0.25 bounds; allow 5 of them.
  EXPECT_NEAR(honest.out_mean, 0.0, 5.0 * noise / std::sqrt(2000.0));
  EXPECT_NEAR(honest.out_std, noise, 0.1 * noise);
  EXPECT_NEAR(honest.in_mean, q * steps, 5.0 * noise / std::sqrt(2000.0));
  // No noise: left-out canaries stay exactly at 0. No clipping: an included canary adds its full norm (100 bounds).
  const CanaryMoments silent = RunCanaries(PlantedBug::kNoNoise, sigma, q, steps);
  EXPECT_EQ(silent.out_std, 0.0);
  EXPECT_NEAR(silent.in_mean, q * steps, 0.1 * q * steps);
  const CanaryMoments unclipped = RunCanaries(PlantedBug::kNoClipping, sigma, q, steps);
  EXPECT_NEAR(unclipped.in_mean, GradientCanaries{}.gradient_norm * q * steps,
              0.1 * GradientCanaries{}.gradient_norm * q * steps);
  // One clip for the whole batch: about 600 canaries of 100 bounds share one bound, about 1/25 bound each.
  const CanaryMoments batch_clipped = RunCanaries(PlantedBug::kBatchClipping, sigma, q, steps);
  EXPECT_NEAR(batch_clipped.in_mean, q * steps / std::sqrt(2000.0 * q), 5.0 * noise / std::sqrt(2000.0));
  EXPECT_LT(batch_clipped.in_mean, 0.25 * q * steps);
}

TEST_F(Engine, ACanaryIndexBeyondTheCanariesIsRefused) {
  Linear model(3, 2);
  DpSgdOptions options = Options(1.0, 1.0, LossReduction::kMean, 8.0);
  auto random = MakeSeededRandomSource(5);
  GradientCanaries canaries = MakeGradientCanaries(10, *random);
  options.gradient_canaries = &canaries;
  options.planted_bug = PlantedBug::kBatchClipping;  // its clip factor reads the drawn canaries first
  DpSgdEngine engine(model.ptr(), MakeOptimizer({}, model->parameters()), options);
  canaries.in_batch = {3, 10};
  EXPECT_THROW(engine.Step(), EngineConfigError);
}

// One clip for the whole batch: the step's gradient is the plain summed gradient scaled to norm C at most.
TEST_F(Engine, PlantedBatchClippingScalesTheSummedGradientToTheBound) {
  models::Mlp private_model(std::vector<int64_t>{6, 16, 3});
  models::Mlp plain_model(std::vector<int64_t>{6, 16, 3});
  CopyParameters(*private_model, *plain_model);
  const double bound = 0.05;
  DpSgdOptions options = Options(0.0, bound, LossReduction::kSum, 1.0);
  options.planted_bug = ParsePlantedBug("batch_clipping");
  DpSgdEngine engine(private_model.ptr(), MakeOptimizer({}, private_model->parameters()), options);
  const at::Tensor x = at::randn({12, 6});
  const at::Tensor y = at::randint(0, 3, {12}, at::kLong);
  at::cross_entropy_loss(private_model(x), y, {}, at::Reduction::Sum).backward();
  engine.ClipAndAccumulate();
  engine.PrivatizeGradients();
  at::cross_entropy_loss(plain_model(x), y, {}, at::Reduction::Sum).backward();
  std::vector<at::Tensor> private_grads, plain_grads;
  for (const auto& parameter : private_model->parameters()) private_grads.push_back(parameter.grad().flatten());
  for (const auto& parameter : plain_model->parameters()) plain_grads.push_back(parameter.grad().flatten());
  const at::Tensor plain = at::cat(plain_grads);
  const double plain_norm = plain.norm().item<double>();
  ASSERT_GT(plain_norm, 10.0 * bound);  // the bound binds
  EXPECT_TRUE(RelativeClose(at::cat(private_grads), plain * (bound / plain_norm), 1e-4));
}

TEST_F(Engine, PoissonBatchSizesAreBinomial) {
  const int64_t dataset = 2000;
  const double rate = 0.03;
  PoissonSampler sampler(dataset, rate, MakeSeededRandomSource(5));
  const int batches = 3000;
  std::vector<double> sizes;
  for (int b = 0; b < batches; ++b) {
    const auto batch = sampler.NextBatch();
    ASSERT_TRUE(std::is_sorted(batch.begin(), batch.end()));
    ASSERT_EQ(std::set<int64_t>(batch.begin(), batch.end()).size(), batch.size());
    ASSERT_TRUE(batch.empty() || (batch.front() >= 0 && batch.back() < dataset));
    sizes.push_back(static_cast<double>(batch.size()));
  }
  const double mean = std::accumulate(sizes.begin(), sizes.end(), 0.0) / batches;
  double variance = 0.0;
  for (double size : sizes) variance += (size - mean) * (size - mean);
  variance /= batches - 1;
  const double expected_mean = dataset * rate;
  const double expected_variance = dataset * rate * (1.0 - rate);
  EXPECT_NEAR(mean, expected_mean, 5.0 * std::sqrt(expected_variance / batches));
  EXPECT_NEAR(variance, expected_variance, 5.0 * expected_variance * std::sqrt(2.0 / (batches - 1)));
}

TEST_F(Engine, PoissonSamplingProducesEmptyBatchesAtTheBinomialRate) {
  PoissonSampler sampler(10, 0.05, MakeSeededRandomSource(6));
  const int batches = 4000;
  int empty = 0;
  for (int b = 0; b < batches; ++b) empty += sampler.NextBatch().empty();
  const double expected = std::pow(0.95, 10);
  EXPECT_NEAR(empty / static_cast<double>(batches), expected, 5.0 * std::sqrt(expected * (1 - expected) / batches));
  EXPECT_EQ(PoissonSampler(7, 1.0, MakeSeededRandomSource(1)).NextBatch(), (std::vector<int64_t>{0, 1, 2, 3, 4, 5, 6}));
  EXPECT_THROW(PoissonSampler(10, 0.0, MakeSeededRandomSource(1)), SamplingError);
}

// The clipped sum of a logical batch does not depend on how it is cut into physical batches.
TEST_F(Engine, VirtualBatchesClipPerExampleAcrossChunks) {
  for (const LossReduction reduction : {LossReduction::kSum, LossReduction::kMean}) {
    models::Mlp model(std::vector<int64_t>{5, 8, 2});
    const at::Tensor x = at::randn({10, 5});
    const at::Tensor y = at::randint(0, 2, {10}, at::kLong);
    std::map<std::string, at::Tensor> sums[2];
    for (const int64_t physical : {10, 3}) {
      DpSgdEngine engine(model.ptr(), MakeOptimizer({}, model->parameters()), Options(0.0, 0.1, reduction, 10.0));
      for (const auto& chunk : SplitIntoPhysicalBatches(std::vector<int64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, physical)) {
        const at::Tensor index = at::tensor(chunk, at::kLong);
        const at::Tensor logits = model(x.index_select(0, index));
        at::cross_entropy_loss(logits, y.index_select(0, index), {},
                               reduction == LossReduction::kSum ? at::Reduction::Sum : at::Reduction::Mean)
            .backward();
        engine.ClipAndAccumulate();
      }
      sums[physical == 3] = engine.AccumulatedClippedGradients();
      engine.DiscardBatch();
    }
    for (const auto& [name, grad] : sums[0]) EXPECT_TRUE(RelativeClose(sums[1].at(name), grad, 1e-5)) << name;
  }
}

TEST_F(Engine, TrainLogicalBatchAddsNoiseOncePerLogicalStep) {
  const at::Tensor x = at::randn({9, 4});
  const at::Tensor y = at::randint(0, 2, {9}, at::kLong);
  std::vector<at::Tensor> results;
  for (const int64_t physical : {9, 2}) {
    models::Mlp model(std::vector<int64_t>{4, 6, 2});
    at::manual_seed(3);
    models::Mlp reference(std::vector<int64_t>{4, 6, 2});
    CopyParameters(*reference, *model);
    DpSgdEngine engine(model.ptr(), MakeOptimizer({}, model->parameters()), Options(1.0, 0.5, LossReduction::kMean, 9.0));
    const std::vector<int64_t> logical{0, 1, 2, 3, 4, 5, 6, 7, 8};
    const double loss = engine.TrainLogicalBatch(logical, physical, [&](const std::vector<int64_t>& chunk) {
      const at::Tensor index = at::tensor(chunk, at::kLong);
      return at::cross_entropy_loss(model(x.index_select(0, index)), y.index_select(0, index));
    });
    EXPECT_GT(loss, 0.0);
    EXPECT_EQ(engine.steps(), 1);
    results.push_back(model->layers[0]->weight.clone());
  }
  // Same seed, one noise draw per logical step: identical updates however the batch was split.
  EXPECT_TRUE(RelativeClose(results[1], results[0], 1e-5));
}

TEST_F(Engine, EmptyLogicalBatchIsANoiseOnlyStep) {
  models::Mlp model(std::vector<int64_t>{4, 3});
  const at::Tensor before = model->layers[0]->weight.clone();
  DpSgdEngine engine(model.ptr(), MakeOptimizer({}, model->parameters()), Options(1.0, 1.0, LossReduction::kMean, 4.0));
  engine.TrainLogicalBatch({}, 2, [](const std::vector<int64_t>&) -> at::Tensor {
    ADD_FAILURE() << "no physical batch expected";
    return {};
  });
  EXPECT_EQ(engine.steps(), 1);
  EXPECT_EQ(engine.ledger().total_steps(), 1);
  EXPECT_FALSE(at::equal(before, model->layers[0]->weight));
}

TEST_F(Engine, StepsWithoutNoiseMakeEpsilonInfinite) {
  models::Mlp model(std::vector<int64_t>{4, 3});
  DpSgdEngine engine(model.ptr(), MakeOptimizer({}, model->parameters()), Options(0.0, 1.0, LossReduction::kMean, 4.0));
  engine.Step();
  EXPECT_EQ(engine.unaccounted_steps(), 1);
  EXPECT_EQ(engine.ledger().total_steps(), 0);
  EXPECT_TRUE(std::isinf(engine.Epsilon(1e-5, AccountantKind::kRdp).epsilon));
}

TEST_F(Engine, MakePrivateWithEpsilonCalibratesSigmaAndRecordsEveryStep) {
  auto model = std::make_shared<models::MlpImpl>(std::vector<int64_t>{6, 8, 2});
  PrivacyTarget target;
  target.dataset_size = 200;
  target.expected_batch_size = 20;
  target.epochs = 1.0;
  target.target_epsilon = 2.0;
  target.delta = 1e-5;
  DpSgdOptions settings;
  settings.max_grad_norm = 1.0;
  settings.seed = 4;
  OptimizerSettings adam;
  adam.kind = OptimizerKind::kAdam;
  adam.learning_rate = 1e-3;
  PrivateTraining training = MakePrivateWithEpsilon(model, adam, target, settings);
  EXPECT_DOUBLE_EQ(training.plan.sample_rate, 0.1);
  EXPECT_EQ(training.plan.steps, 10);
  EXPECT_DOUBLE_EQ(training.plan.noise_multiplier, GetNoiseMultiplier(2.0, 1e-5, 0.1, 10, AccountantKind::kRdp));
  EXPECT_DOUBLE_EQ(training.engine->NoiseStd(), training.plan.noise_multiplier * 1.0);
  EXPECT_DOUBLE_EQ(training.engine->options().expected_batch_size, 20.0);

  const at::Tensor x = at::randn({200, 6});
  const at::Tensor y = at::randint(0, 2, {200}, at::kLong);
  for (int64_t step = 0; step < training.plan.steps; ++step) {
    training.engine->TrainLogicalBatch(training.sampler->NextBatch(), 8, [&](const std::vector<int64_t>& chunk) {
      const at::Tensor index = at::tensor(chunk, at::kLong);
      return at::cross_entropy_loss(model->forward(x.index_select(0, index)), y.index_select(0, index));
    });
  }
  EXPECT_EQ(training.engine->ledger().total_steps(), 10);
  const double spent = training.engine->Epsilon(1e-5, AccountantKind::kRdp).epsilon;
  EXPECT_LE(spent, 2.0 + 1e-9);
  EXPECT_GE(spent, 2.0 - 0.01 - 1e-9);

  auto unsupported = std::make_shared<WithTorchLinear>();
  EXPECT_THROW(MakePrivateWithEpsilon(unsupported, adam, target, settings), UnsupportedModuleError);
}

// A checkpoint of the engine and sampler taken between steps, restored into a fresh pair built from the same plan,
// continues with the very noise and batches the uninterrupted pair draws next.
TEST_F(Engine, RestoredEngineAndSamplerContinueTheSeededStreamsExactly) {
  const PrivacyPlan plan{.dataset_size = 50, .sample_rate = 0.2, .steps = 6, .delta = 1e-5, .noise_multiplier = 1.3};
  DpSgdOptions settings;
  settings.seed = 77;
  settings.loss_reduction = LossReduction::kSum;
  const at::Tensor x = at::randn({50, 4});
  const at::Tensor y = at::randint(0, 3, {50}, at::kLong);
  const auto run_steps = [&](PrivateTraining& training, models::Mlp& model, int steps) {
    std::vector<std::vector<int64_t>> batches;
    for (int step = 0; step < steps; ++step) {
      batches.push_back(training.sampler->NextBatch());
      training.engine->TrainLogicalBatch(batches.back(), 16, [&](const std::vector<int64_t>& chunk) {
        const at::Tensor index = at::tensor(chunk, at::kLong);
        return at::cross_entropy_loss(model->forward(x.index_select(0, index)), y.index_select(0, index), {},
                                      at::Reduction::Sum);
      });
    }
    return batches;
  };
  torch::manual_seed(5);
  models::Mlp uninterrupted_model(std::vector<int64_t>{4, 3});
  torch::manual_seed(5);
  models::Mlp resumed_model(std::vector<int64_t>{4, 3});
  PrivateTraining uninterrupted = MakePrivate(uninterrupted_model.ptr(), {}, plan, settings);
  PrivateTraining resumed = MakePrivate(resumed_model.ptr(), {}, plan, settings);

  run_steps(uninterrupted, uninterrupted_model, 3);
  const nlohmann::json engine_state = uninterrupted.engine->SaveState();
  const std::string sampler_state = uninterrupted.sampler->SaveState();
  for (size_t i = 0; i < uninterrupted_model->parameters().size(); ++i) {
    resumed_model->parameters()[i].data().copy_(uninterrupted_model->parameters()[i].data());
  }
  resumed.engine->RestoreState(engine_state);
  resumed.sampler->RestoreState(sampler_state);
  EXPECT_EQ(resumed.engine->ledger().total_steps(), 3);

  EXPECT_EQ(run_steps(resumed, resumed_model, 3), run_steps(uninterrupted, uninterrupted_model, 3));
  for (size_t i = 0; i < uninterrupted_model->parameters().size(); ++i) {
    EXPECT_TRUE(at::equal(resumed_model->parameters()[i], uninterrupted_model->parameters()[i])) << "parameter " << i;
  }
  EXPECT_EQ(resumed.engine->SaveState(), uninterrupted.engine->SaveState());
}

TEST_F(Engine, ACsprngHasNoStreamPositionToRestore) {
  auto secure = MakeSecureRandomSource();
  EXPECT_EQ(secure->SaveState(), "");
  EXPECT_NO_THROW(secure->RestoreState(""));
  EXPECT_THROW(secure->RestoreState(MakeSeededRandomSource(1)->SaveState()), SamplingError);
  EXPECT_THROW(MakeSeededRandomSource(1)->RestoreState("garbage"), SamplingError);
}

TEST_F(Engine, PerLayerClippingUsesEachLayersBound) {
  models::Mlp model(std::vector<int64_t>{5, 7, 3});
  DpSgdOptions options = Options(0.0, 1.0, LossReduction::kSum, 6.0);
  options.clipping = ClippingMode::kPerLayer;
  options.per_layer_max_grad_norms = {0.01, 1e6};
  options.noise_multiplier = 2.0;
  DpSgdEngine engine(model.ptr(), MakeOptimizer({}, model->parameters()), options);
  EXPECT_EQ(engine.LayerNames(), (std::vector<std::string>{"fc1", "fc2"}));
  EXPECT_NEAR(engine.NoiseStd(), 2.0 * std::sqrt(0.01 * 0.01 + 1e12), 1e-3);
  at::cross_entropy_loss(model(at::randn({6, 5})), at::randint(0, 3, {6}, at::kLong), {}, at::Reduction::Sum)
      .backward();
  const auto per_sample = engine.PerSampleGradients();
  engine.ClipAndAccumulate();
  const auto clipped = engine.AccumulatedClippedGradients();
  const at::Tensor fc1_norms = (per_sample.at("fc1.weight").reshape({6, -1}).square().sum(1) +
                                per_sample.at("fc1.bias").square().sum(1))
                                   .sqrt();
  const at::Tensor fc1_factors = (0.01 / (fc1_norms + 1e-6)).clamp_max(1.0);
  EXPECT_TRUE(RelativeClose(clipped.at("fc1.weight"),
                            (per_sample.at("fc1.weight") * fc1_factors.view({6, 1, 1})).sum(0), 1e-5));
  EXPECT_TRUE(RelativeClose(clipped.at("fc2.weight"), per_sample.at("fc2.weight").sum(0), 1e-5));
  EXPECT_TRUE(RelativeClose(clipped.at("fc2.bias"), per_sample.at("fc2.bias").sum(0), 1e-5));

  options.per_layer_max_grad_norms = {1.0};
  EXPECT_THROW(DpSgdEngine(model.ptr(), MakeOptimizer({}, model->parameters()), options), EngineConfigError);
}

struct WithBatchNorm : torch::nn::Module {
  WithBatchNorm() : fc(register_module("fc", Linear(4, 4))), bn(register_module("bn", torch::nn::BatchNorm1d(4))) {}
  Linear fc;
  torch::nn::BatchNorm1d bn;
};

TEST_F(Engine, RefusesUnsupportedModulesUpFrontNamingThem) {
  auto batch_norm = std::make_shared<WithBatchNorm>();
  try {
    DpSgdEngine engine(batch_norm, MakeOptimizer({}, batch_norm->parameters()), Options(1, 1, LossReduction::kSum, 1));
    FAIL() << "BatchNorm accepted";
  } catch (const UnsupportedModuleError& error) {
    EXPECT_THAT(error.what(), AllOf(HasSubstr("'bn'"), HasSubstr("BatchNorm1d"), HasSubstr("leakgate::dp::LayerNorm")));
  }
  auto torch_linear = std::make_shared<WithTorchLinear>();
  try {
    CollectDpLayers(*torch_linear);
    FAIL() << "torch::nn::Linear accepted";
  } catch (const UnsupportedModuleError& error) {
    EXPECT_THAT(error.what(), AllOf(HasSubstr("'head'"), HasSubstr("leakgate::dp::Linear")));
  }
  // No model a user can configure has such a module, so reaching the command line it is an internal error (exit 3).
  EXPECT_THROW(CollectDpLayers(*torch_linear), common::InternalError);
}

struct TiedWeights : torch::nn::Module {
  TiedWeights() : emb(register_module("emb", Embedding(5, 3))) {}
  at::Tensor forward(const at::Tensor& ids) { return at::matmul(emb(ids), emb->weight.t()); }
  Embedding emb;
};

TEST_F(Engine, RefusesParametersUsedOutsideTheirLayer) {
  auto model = std::make_shared<TiedWeights>();
  DpSgdEngine engine(model, MakeOptimizer({}, model->parameters()), Options(1, 1, LossReduction::kSum, 1));
  model->forward(at::randint(0, 5, {2, 3}, at::kLong)).sum().backward();
  EXPECT_THROW(engine.ClipAndAccumulate(), UnsupportedModuleError);
}

TEST_F(Engine, RefusesALayerCalledTwiceInOneStep) {
  Linear model(3, 3);
  DpSgdEngine engine(model.ptr(), MakeOptimizer({}, model->parameters()), Options(1, 1, LossReduction::kSum, 1));
  const at::Tensor x = at::randn({2, 3});
  model(x);
  EXPECT_THROW(model(x), DpLayerError);
  engine.DiscardBatch();
  {
    at::NoGradGuard evaluation;  // evaluation forwards are not recorded
    model(x);
  }
  EXPECT_NO_THROW(model(x));
}

TEST_F(Engine, RejectsInvalidParameters) {
  Linear model(3, 3);
  const auto make = [&](DpSgdOptions options) {
    return DpSgdEngine(model.ptr(), MakeOptimizer({}, model->parameters()), options);
  };
  EXPECT_THROW(make(Options(-1.0, 1.0, LossReduction::kSum, 1.0)), EngineConfigError);
  EXPECT_THROW(make(Options(1.0, 0.0, LossReduction::kSum, 1.0)), EngineConfigError);
  EXPECT_THROW(make(Options(1.0, 1.0, LossReduction::kMean, 0.0)), EngineConfigError);
  OptimizerSettings bad;
  bad.learning_rate = 0.0;
  EXPECT_THROW(MakeOptimizer(bad, model->parameters()), EngineConfigError);
}

}  // namespace
}  // namespace leakgate::dp
