// Per-sample gradients of every DP layer and of a small transformer LM against a brute-force loop of
// per-example backward passes; ghost clipping against materialised clipping.
#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <ATen/Parallel.h>
#include <gtest/gtest.h>

#include "dp/engine/engine.h"
#include "models/networks.h"
#include "tests/dp_engine/tensor_expect.h"

namespace leakgate::dp {
namespace {

using testing::FloorFor;
using testing::RelativeClose;

using LossFn = std::function<at::Tensor(const at::Tensor& inputs)>;

// Gradient of each example's own loss, one backward per example, keyed by parameter path.
std::map<std::string, at::Tensor> BruteForce(torch::nn::Module& model, const at::Tensor& inputs, const LossFn& loss) {
  std::map<std::string, std::vector<at::Tensor>> rows;
  for (int64_t i = 0; i < inputs.size(0); ++i) {
    for (auto& parameter : model.parameters()) parameter.mutable_grad() = at::Tensor();
    loss(inputs.narrow(0, i, 1)).backward();
    for (const auto& item : model.named_parameters()) {
      rows[item.key()].push_back(item.value().grad().defined() ? item.value().grad().clone()
                                                               : at::zeros_like(item.value()));
    }
  }
  for (auto& parameter : model.parameters()) parameter.mutable_grad() = at::Tensor();
  std::map<std::string, at::Tensor> result;
  for (auto& [name, per_example] : rows) result[name] = at::stack(per_example);
  return result;
}

DpSgdOptions ReferenceOptions(GradSampleMode mode, double max_grad_norm) {
  DpSgdOptions options;
  options.noise_multiplier = 0.0;
  options.max_grad_norm = max_grad_norm;
  options.grad_sample_mode = mode;
  options.loss_reduction = LossReduction::kSum;
  return options;
}

// Engine per-sample gradients == brute force to 1e-5 relative for every parameter, and ghost
// clipping gives the same clipped sum as materialised clipping.
void CheckModel(const std::shared_ptr<torch::nn::Module>& model, const at::Tensor& inputs, const LossFn& loss) {
  const auto expected = BruteForce(*model, inputs, loss);
  const double floor = FloorFor(expected);
  std::map<std::string, at::Tensor> clipped[2];
  for (const GradSampleMode mode : {GradSampleMode::kMaterialized, GradSampleMode::kGhost}) {
    // A bound below most norms, so that clipping actually changes the sum.
    DpSgdEngine engine(model, MakeOptimizer({}, model->parameters()), ReferenceOptions(mode, 0.05));
    loss(inputs).backward();
    const auto per_sample = engine.PerSampleGradients();
    ASSERT_EQ(per_sample.size(), expected.size());
    for (const auto& [name, grads] : expected) {
      EXPECT_TRUE(RelativeClose(per_sample.at(name), grads, 1e-5, floor)) << name;
    }
    engine.ClipAndAccumulate();
    const at::Tensor brute_norms =
        at::stack([&] {
          std::vector<at::Tensor> squares;
          for (const auto& [name, grads] : expected) squares.push_back(grads.reshape({inputs.size(0), -1}).square().sum(1));
          return squares;
        }())
            .sum(0)
            .sqrt();
    EXPECT_TRUE(RelativeClose(engine.LastPerSampleNorms(), brute_norms, 1e-5));
    EXPECT_LT(engine.LastClipFactors().min().item<double>(), 1.0);
    clipped[mode == GradSampleMode::kGhost] = engine.AccumulatedClippedGradients();
    engine.DiscardBatch();
  }
  const double clipped_floor = FloorFor(clipped[0]);
  for (const auto& [name, grad] : clipped[0]) {
    EXPECT_TRUE(RelativeClose(clipped[1].at(name), grad, 1e-5, clipped_floor)) << name;
  }
}

// Two threads: the engine splits its per-example products between them (dp/engine/parallel.h),
// and batches of 4 to 6 examples give uneven shares.
class PerSampleGradients : public ::testing::Test {
 protected:
  void SetUp() override {
    at::set_num_threads(2);
    at::manual_seed(7);
  }
};

// A transformer small enough for one autograd pass per example: 13 tokens, width 8, 2 heads.
models::TransformerLmOptions TinyLm(int64_t max_seq_len, int64_t layers) {
  models::TransformerLmOptions options;
  options.vocab_size = 13;
  options.max_seq_len = max_seq_len;
  options.d_model = 8;
  options.layers = layers;
  options.heads = 2;
  options.ffn = 16;
  return options;
}

TEST_F(PerSampleGradients, LinearOn2dInputs) {
  Linear model(12, 5);
  const at::Tensor x = at::randn({6, 12});
  CheckModel(model.ptr(), x, [&](const at::Tensor& in) { return model(in).sin().sum(); });
}

TEST_F(PerSampleGradients, LinearOnSequencesBothNormRoutes) {
  // 4 positions, 32 -> 32: Gram route (T (I + O) < I O).
  Linear gram(32, 32);
  const at::Tensor short_seq = at::randn({5, 4, 32});
  CheckModel(gram.ptr(), short_seq, [&](const at::Tensor& in) { return gram(in).sin().sum(); });
  // 40 positions, 6 -> 3: materialised route; also a 4-D input with two middle dims.
  Linear direct(6, 3);
  const at::Tensor long_seq = at::randn({4, 5, 8, 6});
  CheckModel(direct.ptr(), long_seq, [&](const at::Tensor& in) { return direct(in).sin().sum(); });
}

TEST_F(PerSampleGradients, EmbeddingWithRepeatedTokens) {
  Embedding model(11, 7);
  const at::Tensor ids = at::randint(0, 11, {6, 9}, at::kLong);  // 9 draws from 11 ids: repeats within examples
  CheckModel(model.ptr(), ids, [&](const at::Tensor& in) { return model(in).cos().sum(); });
}

TEST_F(PerSampleGradients, PositionalEmbeddingShorterThanTable) {
  PositionalEmbedding model(10, 4);
  const at::Tensor x = at::randn({3, 7, 4});
  CheckModel(model.ptr(), x, [&](const at::Tensor& in) { return model(in).square().sum(); });
}

TEST_F(PerSampleGradients, LayerNormOn3dInputs) {
  LayerNorm model(8);
  {
    at::NoGradGuard no_grad;
    model->weight.normal_();
    model->bias.normal_();
  }
  const at::Tensor x = at::randn({5, 3, 8});
  CheckModel(model.ptr(), x, [&](const at::Tensor& in) { return (model(in) * at::arange(8.0)).sin().sum(); });
}

TEST_F(PerSampleGradients, Conv1dWithPaddingStrideDilation) {
  Conv1d model(Conv1dOptions{3, 4, 3, /*stride=*/2, /*padding=*/2, /*dilation=*/2});
  const at::Tensor x = at::randn({5, 3, 13});
  CheckModel(model.ptr(), x, [&](const at::Tensor& in) { return model(in).sin().sum(); });
}

TEST_F(PerSampleGradients, SelfAttentionCausalAndBidirectional) {
  for (const bool causal : {true, false}) {
    models::SelfAttention model(8, 2, causal);
    const at::Tensor x = at::randn({4, 5, 8});
    CheckModel(model.ptr(), x, [&](const at::Tensor& in) { return model(in).sin().sum(); });
  }
}

TEST_F(PerSampleGradients, SmallTransformerLm) {
  models::TransformerLmOptions options = TinyLm(/*max_seq_len=*/9, /*layers=*/2);
  options.activation = models::Activation::kGelu;
  models::TransformerLm model(options);
  const at::Tensor ids = at::randint(0, 13, {4, 9}, at::kLong);
  CheckModel(model.ptr(), ids, [&](const at::Tensor& in) { return models::NextTokenLoss(model(in), in, /*sum=*/true); });
}

// Person-level clipping: each person's gradient is the sum of the gradients of that person's records,
// computed here by one plain backward per person over its records' summed loss, clipped once to C;
// the engine's accumulated sum over persons must equal the sum of those clipped person gradients, in
// both gradient modes and with the persons split over several physical batches.
TEST_F(PerSampleGradients, PersonLevelClippingClipsEachPersonsSummedGradientOnce) {
  const models::TransformerLmOptions options = TinyLm(/*max_seq_len=*/7, /*layers=*/1);
  models::TransformerLm model(options);
  const at::Tensor ids = at::randint(0, 13, {7, 7}, at::kLong);
  // Persons of 3, 1, 2 and 1 records, not in record order.
  const std::vector<std::vector<int64_t>> persons = {{0, 4, 6}, {2}, {1, 5}, {3}};
  const double bound = 0.3;
  const auto records_loss = [&](const std::vector<int64_t>& rows) {
    return models::NextTokenLoss(model(ids.index_select(0, at::tensor(rows, at::kLong))), ids.index_select(0, at::tensor(rows, at::kLong)),
                         /*sum=*/true);
  };
  std::map<std::string, at::Tensor> expected;
  int clipped_persons = 0;
  for (const auto& person : persons) {
    for (auto& parameter : model->parameters()) parameter.mutable_grad() = at::Tensor();
    records_loss(person).backward();
    double squared = 0.0;
    for (const auto& parameter : model->parameters()) squared += parameter.grad().square().sum().item<double>();
    const double factor = std::min(1.0, bound / (std::sqrt(squared) + 1e-6));
    clipped_persons += factor < 1.0 ? 1 : 0;
    for (const auto& item : model->named_parameters()) {
      const at::Tensor contribution = item.value().grad() * factor;
      expected[item.key()] = expected.count(item.key()) ? expected[item.key()] + contribution : contribution;
    }
  }
  for (auto& parameter : model->parameters()) parameter.mutable_grad() = at::Tensor();
  ASSERT_GE(clipped_persons, 2) << "the bound must clip some persons for the test to mean anything";

  for (const GradSampleMode mode : {GradSampleMode::kMaterialized, GradSampleMode::kGhost}) {
    for (const int64_t physical : {int64_t{7}, int64_t{3}}) {
      DpSgdOptions engine_options = ReferenceOptions(mode, bound);
      auto optimizer = MakeOptimizer({}, model->parameters());
      DpSgdEngine engine(model.ptr(), optimizer, engine_options);
      // Whole persons per physical batch, as TrainLogicalBatchOfUnits groups them (its own step is tested below).
      int64_t unit = 0;
      std::vector<int64_t> rows;
      std::vector<int64_t> unit_of_row;
      const auto flush = [&] {
        if (rows.empty()) return;
        records_loss(rows).backward();
        engine.ClipAndAccumulate(unit_of_row);
        rows.clear();
        unit_of_row.clear();
        unit = 0;
      };
      for (const auto& person : persons) {
        if (!rows.empty() && static_cast<int64_t>(rows.size() + person.size()) > physical) flush();
        for (int64_t record : person) {
          rows.push_back(record);
          unit_of_row.push_back(unit);
        }
        ++unit;
      }
      flush();
      const auto clipped = engine.AccumulatedClippedGradients();
      for (const auto& [name, grad] : expected) {
        EXPECT_TRUE(RelativeClose(clipped.at(name), grad, 1e-5, FloorFor(expected))) << name << " physical " << physical;
      }
    }
  }
}

// TrainLogicalBatchOfUnits: one step over persons moves the weights exactly as the hand-built clipped
// sum (no noise, SGD with lr 1 and sum reduction: the update is minus the clipped sum).
TEST_F(PerSampleGradients, TrainLogicalBatchOfUnitsStepsWithThePersonClippedSum) {
  Linear model(5, 3);
  const at::Tensor x = at::randn({5, 5});
  const std::vector<std::vector<int64_t>> persons = {{0, 3}, {1}, {2, 4}};
  const double bound = 0.2;
  const auto loss_of = [&](const std::vector<int64_t>& rows) {
    return model(x.index_select(0, at::tensor(rows, at::kLong))).sin().sum();
  };
  std::map<std::string, at::Tensor> expected;
  for (const auto& person : persons) {
    for (auto& parameter : model->parameters()) parameter.mutable_grad() = at::Tensor();
    loss_of(person).backward();
    double squared = 0.0;
    for (const auto& parameter : model->parameters()) squared += parameter.grad().square().sum().item<double>();
    const double factor = std::min(1.0, bound / (std::sqrt(squared) + 1e-6));
    for (const auto& item : model->named_parameters()) {
      const at::Tensor contribution = item.value().grad() * factor;
      expected[item.key()] = expected.count(item.key()) ? expected[item.key()] + contribution : contribution;
    }
  }
  for (auto& parameter : model->parameters()) parameter.mutable_grad() = at::Tensor();
  std::map<std::string, at::Tensor> before;
  for (const auto& item : model->named_parameters()) before[item.key()] = item.value().detach().clone();

  OptimizerSettings sgd;
  sgd.learning_rate = 1.0;
  DpSgdEngine engine(model.ptr(), MakeOptimizer(sgd, model->parameters()), ReferenceOptions(GradSampleMode::kGhost, bound));
  engine.TrainLogicalBatchOfUnits(persons, /*max_physical_batch=*/2, loss_of);
  for (const auto& item : model->named_parameters()) {
    EXPECT_TRUE(RelativeClose(before.at(item.key()) - item.value().detach(), expected.at(item.key()), 1e-5,
                              FloorFor(expected)))
        << item.key();
  }
  EXPECT_EQ(engine.steps(), 1);
}

TEST_F(PerSampleGradients, CausalAttentionIgnoresFutureTokens) {
  const models::TransformerLmOptions options = TinyLm(/*max_seq_len=*/6, /*layers=*/1);
  models::TransformerLm model(options);
  at::Tensor ids = at::randint(0, 13, {1, 6}, at::kLong);
  const at::Tensor before = model(ids);
  ids[0][5] = (ids[0][5].item<int64_t>() + 1) % 13;
  const at::Tensor after = model(ids);
  EXPECT_TRUE(at::allclose(before.narrow(1, 0, 5), after.narrow(1, 0, 5)));
  EXPECT_FALSE(at::allclose(before.narrow(1, 5, 1), after.narrow(1, 5, 1)));
}

}  // namespace
}  // namespace leakgate::dp
