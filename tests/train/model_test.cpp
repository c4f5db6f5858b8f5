// The audit interface over a trained model: loading, losses consistent with log-probabilities, continuations.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <latch>
#include <numeric>
#include <thread>

#include "pipeline/train/lm.h"
#include "pipeline/train/split.h"
#include "tests/train/tiny_job.h"

namespace leakgate::pipeline {
namespace {

namespace fs = std::filesystem;

// One small model, trained once for the whole suite, on templated notes plus one memorised sentence.
class ModelTest : public ::testing::Test {
 protected:
  static constexpr const char* kMemorised = "the code is 493-21-8876.";

  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() / ("leakgate-model-" + std::to_string(::getpid())));
    fs::remove_all(*dir_);
    TrainingJob job = testing::TinyJob(*dir_, /*private_training=*/false);
    job.train.epochs = 20;
    job.train.lr_schedule = LrSchedule::kConstant;
    std::vector<std::string> texts = testing::TinyTexts(60);
    const std::string memorised = kMemorised;
    texts.resize(120, memorised);
    TrainLanguageModel(texts, testing::TinyTexts(10, 300), job);
    model_ = models::LoadLanguageModel(*dir_).release();
  }
  static void TearDownTestSuite() {
    delete model_;
    fs::remove_all(*dir_);
    delete dir_;
  }

  static fs::path* dir_;
  static audit::LanguageModel* model_;
};

fs::path* ModelTest::dir_ = nullptr;
audit::LanguageModel* ModelTest::model_ = nullptr;

TEST(LmTest, EncodeExampleAddsSpecialsAndTruncates) {
  EXPECT_EQ(models::EncodeExample("ab", 10), (std::vector<int32_t>{models::kBosToken, 'a', 'b', models::kEosToken}));
  EXPECT_EQ(models::EncodeExample("abcdef", 4), (std::vector<int32_t>{models::kBosToken, 'a', 'b', 'c'}));
  EXPECT_EQ(models::EncodeExample("\xff", 10)[1], 255);
}

TEST(LmTest, WindowsMakeEveryByteAndTheEndATargetExactlyOnce) {
  const std::string text = "0123456789";
  const std::vector<int32_t> all = models::EncodeExample(text, text.size() + 2);
  for (size_t window_tokens : {2u, 3u, 4u, 11u, 12u, 13u, 40u}) {
    const auto windows = models::EncodeWindows(text, window_tokens);
    std::vector<int32_t> targets;
    for (size_t k = 0; k < windows.size(); ++k) {
      EXPECT_LE(windows[k].size(), window_tokens);
      ASSERT_GE(windows[k].size(), 2u);
      // Each window's first token is the context for its first target: the last token of the window before.
      if (k > 0) {
        EXPECT_EQ(windows[k].front(), windows[k - 1].back());
      }
      targets.insert(targets.end(), windows[k].begin() + 1, windows[k].end());
    }
    EXPECT_EQ(windows.front().front(), models::kBosToken);
    EXPECT_EQ(targets, std::vector<int32_t>(all.begin() + 1, all.end())) << window_tokens;
  }
  EXPECT_EQ(models::EncodeWindows(text, 4).size(), 4u);  // targets 1-3, 4-6, 7-9, 10-11
  EXPECT_EQ(models::EncodeWindows("", 4), (std::vector<std::vector<int32_t>>{{models::kBosToken, models::kEosToken}}));
  EXPECT_THROW(models::EncodeWindows(text, 1), common::InputError);
}

TEST(LmTest, PerExampleLossIgnoresPadding) {
  // Uniform logits: every target costs log(vocab), however many PAD positions follow.
  const std::vector<int32_t> short_example = {models::kBosToken, 'a', models::kEosToken};
  const std::vector<int32_t> long_example = {models::kBosToken, 'a', 'b', 'c', 'd', models::kEosToken};
  const at::Tensor ids = models::PadBatch({&short_example, &long_example});
  ASSERT_EQ(ids[0][5].item<int64_t>(), models::kPadToken);
  const at::Tensor loss = models::PerExampleLoss(at::zeros({2, 6, models::kByteVocabSize}), ids);
  EXPECT_NEAR(loss[0].item<double>(), std::log(models::kByteVocabSize), 1e-5);
  EXPECT_NEAR(loss[1].item<double>(), std::log(models::kByteVocabSize), 1e-5);
}

// Weights drawn under the global generator's mutex: a seed gives the same model while another thread builds models.
TEST(LmTest, SeededBuildsOnTwoThreadsMatchABuildAlone) {
  const models::ModelConfig config{"transformer", 32, 2, 4, 32, 64};
  const auto weights = [](models::TransformerLm& model) {
    std::vector<at::Tensor> parameters;
    for (const auto& parameter : model->parameters()) parameters.push_back(parameter.detach().clone());
    return parameters;
  };
  auto alone = models::BuildSeeded(11, [&] { return models::BuildLanguageModel(config); });
  const std::vector<at::Tensor> expected = weights(alone);
  constexpr int kRounds = 20;
  std::vector<std::vector<std::vector<at::Tensor>>> built(2, std::vector<std::vector<at::Tensor>>(kRounds));
  std::latch start(static_cast<std::ptrdiff_t>(built.size()));
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < built.size(); ++t) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();  // both threads build from the first round on
      for (int round = 0; round < kRounds; ++round) {
        auto seeded = models::BuildSeeded(11, [&] { return models::BuildLanguageModel(config); });
        auto other = models::BuildSeeded(12 + t, [&] { return models::BuildLanguageModel(config); });
        auto to_load = models::BuildToLoad([&] { return models::BuildLanguageModel(config); });
        built[t][static_cast<std::size_t>(round)] = weights(seeded);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const auto& rounds : built) {
    for (const auto& parameters : rounds) {
      ASSERT_EQ(parameters.size(), expected.size());
      for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_TRUE(at::equal(parameters[i], expected[i])) << i;
    }
  }
}

TEST_F(ModelTest, MissingModelDirectoryIsAClearError) {
  EXPECT_THROW(models::LoadLanguageModel(*dir_ / "nowhere"), common::InputError);
}

TEST_F(ModelTest, EncodeDecodeRoundTripsBytes) {
  const std::string text = "caf\xc3\xa9 42";
  EXPECT_EQ(model_->Decode(model_->Encode(text)), text);
  EXPECT_EQ(model_->context_length(), 32u);
}

TEST_F(ModelTest, LogProbsAgreeWithLossesAndContinuationScores) {
  const std::vector<std::string> texts = {kMemorised, "pt ada day 3: stable.", "zzzz qqqq"};
  const auto losses = model_->ExampleLosses(texts);
  const auto log_probs = model_->TokenLogProbs(texts);
  ASSERT_EQ(losses.size(), 3u);
  ASSERT_EQ(log_probs.size(), 3u);
  for (size_t i = 0; i < texts.size(); ++i) {
    ASSERT_EQ(log_probs[i].size(), texts[i].size());
    const double sum = std::accumulate(log_probs[i].begin(), log_probs[i].end(), 0.0);
    // The loss also counts the end-of-text token, whose log-probability is <= 0.
    EXPECT_GE(losses[i] * (texts[i].size() + 1), -sum - 1e-4);
  }
  EXPECT_LT(losses[0], losses[2]);  // memorised text beats gibberish
  const std::string prefix = "the code is ";
  const std::vector<std::string> candidates = {"493-21-8876.", "111-11-1111."};
  const auto scores = model_->ContinuationLogLikelihoods(prefix, candidates);
  const auto full = model_->TokenLogProbs(std::vector<std::string>{prefix + candidates[0]});
  const double expected = std::accumulate(full[0].begin() + prefix.size(), full[0].end(), 0.0);
  EXPECT_NEAR(scores[0], expected, 1e-6);
  EXPECT_GT(scores[0], scores[1]);  // the inserted secret ranks above another one
}

// Each token's calibration is its next-token distribution's mean and variance of log p: the token's own log p is the
// one TokenLogProbs gives, -mean is an entropy (between 0 and log of the vocabulary), and over the 256 byte tokens
// alone (each scored by ContinuationLogLikelihoods) the mean is already almost all there.
TEST_F(ModelTest, CalibratedLogProbsDescribeTheNextTokenDistribution) {
  const std::vector<std::string> texts = {kMemorised, std::string(40, 'a') + "qz"};  // the second spans two windows
  const auto plain = model_->TokenLogProbs(texts);
  const auto calibrated = model_->CalibratedTokenLogProbs(texts);
  ASSERT_EQ(calibrated.size(), 2u);
  for (size_t i = 0; i < texts.size(); ++i) {
    ASSERT_EQ(calibrated[i].size(), texts[i].size());
    for (size_t t = 0; t < texts[i].size(); ++t) {
      EXPECT_NEAR(calibrated[i][t].log_prob, plain[i][t], 1e-9);
      EXPECT_LE(calibrated[i][t].mean, 0.0);
      EXPECT_GE(calibrated[i][t].mean, -std::log(512.0));
      EXPECT_GE(calibrated[i][t].variance, 0.0);
    }
  }
  const size_t t = 5;
  std::vector<std::string> bytes;
  for (int b = 0; b < 256; ++b) bytes.emplace_back(1, static_cast<char>(b));
  const auto byte_log_probs = model_->ContinuationLogLikelihoods(texts[0].substr(0, t), bytes);
  double mass = 0.0, mean = 0.0, second = 0.0;
  for (double log_prob : byte_log_probs) {
    mass += std::exp(log_prob);
    mean += std::exp(log_prob) * log_prob;
    second += std::exp(log_prob) * log_prob * log_prob;
  }
  // The 4 special tokens hold the rest m of the probability, each p <= m; p |log p| and p log^2 p grow on
  // [0, e^-2], so their part of the first moment is at most 4 m |log m| and of the second 4 m log^2 m.
  const double m = std::max(1.0 - mass, 1e-300);
  ASSERT_LT(m, std::exp(-2.0)) << "the special tokens hold more probability than this bound covers";
  const double first_rest = 4.0 * m * std::fabs(std::log(m)), second_rest = 4.0 * m * std::log(m) * std::log(m);
  EXPECT_NEAR(calibrated[0][t].mean, mean, first_rest + 1e-5);
  EXPECT_NEAR(calibrated[0][t].variance, second - mean * mean,
              second_rest + first_rest * (2.0 * std::fabs(mean) + first_rest) + 1e-4);
}

TEST_F(ModelTest, LossesScoreTheWholeTextNotOnlyTheFirstContext) {
  // Equal in the first 40 bytes (more than the 32-token context), different after.
  const std::string head(40, 'a');
  const std::vector<std::string> texts = {head + "the code is 493-21-8876.", head + "qqqq zzzz xxxx jjjj vvvv."};
  const auto log_probs = model_->TokenLogProbs(texts);
  ASSERT_EQ(log_probs[0].size(), texts[0].size());
  ASSERT_EQ(log_probs[1].size(), texts[1].size());
  const auto losses = model_->ExampleLosses(texts);
  EXPECT_GT(std::fabs(losses[0] - losses[1]), 1e-3);
  for (size_t i = 0; i < texts.size(); ++i) {
    const double sum = std::accumulate(log_probs[i].begin(), log_probs[i].end(), 0.0);
    EXPECT_GE(losses[i] * (texts[i].size() + 1), -sum - 1e-4);  // the loss adds the end-of-text target
  }
}

TEST_F(ModelTest, GreedyContinuationReproducesTheMemorisedSecret) {
  const std::vector<std::vector<audit::TokenId>> prefixes = {model_->Encode("the code is "), model_->Encode("pt ")};
  const auto continuations = model_->GreedyContinuations(prefixes, 40);
  ASSERT_EQ(continuations.size(), 2u);
  EXPECT_EQ(model_->Decode(continuations[0]), "493-21-8876.");  // stops at end of text
  EXPECT_EQ(model_->GreedyContinuations(prefixes, 40), continuations);
  EXPECT_EQ(model_->GreedyContinuations(prefixes, 3)[0].size(), 3u);
}

TEST_F(ModelTest, SampledContinuationsFollowTheSeed) {
  const std::vector<std::vector<audit::TokenId>> prefixes(8, model_->Encode("pt "));
  const auto a = model_->SampledContinuations(prefixes, 12, 1.5, 1);
  EXPECT_EQ(model_->SampledContinuations(prefixes, 12, 1.5, 1), a);
  EXPECT_NE(model_->SampledContinuations(prefixes, 12, 1.5, 2), a);
  EXPECT_THROW(model_->SampledContinuations(prefixes, 12, 0.0, 1), common::InputError);
  const std::vector<std::vector<audit::TokenId>> too_long = {std::vector<audit::TokenId>(40, 'a')};
  EXPECT_THROW(model_->GreedyContinuations(too_long, 1), common::InputError);
}

TEST_F(ModelTest, NextTokenDistributionsAreTheOnesTokensAreScoredAndDrawnFrom) {
  const std::string prefix = "the code is 49";
  const std::vector<std::vector<audit::TokenId>> prefixes = {model_->Encode(prefix), {}};
  const auto next = model_->NextTokenLogProbs(prefixes);
  ASSERT_EQ(next.size(), 2u);
  for (const auto& distribution : next) {
    ASSERT_EQ(distribution.size(), model_->vocab_size());
    EXPECT_EQ(distribution[models::kBosToken], -INFINITY);
    EXPECT_EQ(distribution[models::kPadToken], -INFINITY);
    double total = 0.0;
    for (double log_prob : distribution) total += std::exp(log_prob);
    EXPECT_NEAR(total, 1.0, 1e-9);
  }
  // Masking begin and padding renormalises, so log-probability differences equal those TokenLogProbs scores at the
  // same place: '3' against 'x' after the prefix.
  const std::vector<std::string> texts = {prefix + "3", prefix + "x"};
  const auto scored = model_->TokenLogProbs(texts);
  EXPECT_NEAR(next[0]['3'] - next[0]['x'], scored[0][prefix.size()] - scored[1][prefix.size()], 1e-4);
  // Greedy continuation draws the most probable token of each distribution.
  const auto greedy = model_->GreedyContinuations(std::span(prefixes).first(1), 1);
  ASSERT_EQ(greedy[0].size(), 1u);
  EXPECT_EQ(greedy[0][0], std::max_element(next[0].begin(), next[0].end()) - next[0].begin());
  EXPECT_EQ(greedy[0][0], '3');
  EXPECT_EQ(model_->end_token(), models::kEosToken);
  const std::vector<std::vector<audit::TokenId>> too_long = {std::vector<audit::TokenId>(40, 'a')};
  EXPECT_THROW(model_->NextTokenLogProbs(too_long), common::InputError);
}

}  // namespace
}  // namespace leakgate::pipeline
