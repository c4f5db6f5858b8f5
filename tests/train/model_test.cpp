// The audit interface over a trained model: loading, losses consistent with log-probabilities, continuations.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <numeric>

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
    job.train.lr_schedule = "constant";
    std::vector<std::string> texts = testing::TinyTexts(60);
    const std::string memorised = kMemorised;
    texts.resize(120, memorised);
    TrainLanguageModel(texts, testing::TinyTexts(10, 300), job);
    model_ = LoadLanguageModel(*dir_).release();
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
  EXPECT_EQ(EncodeExample("ab", 10), (std::vector<int32_t>{kBosToken, 'a', 'b', kEosToken}));
  EXPECT_EQ(EncodeExample("abcdef", 4), (std::vector<int32_t>{kBosToken, 'a', 'b', 'c'}));
  EXPECT_EQ(EncodeExample("\xff", 10)[1], 255);
}

TEST(LmTest, WindowsMakeEveryByteAndTheEndATargetExactlyOnce) {
  const std::string text = "0123456789";
  const std::vector<int32_t> all = EncodeExample(text, text.size() + 2);
  for (size_t window_tokens : {2u, 3u, 4u, 11u, 12u, 13u, 40u}) {
    const auto windows = EncodeWindows(text, window_tokens);
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
    EXPECT_EQ(windows.front().front(), kBosToken);
    EXPECT_EQ(targets, std::vector<int32_t>(all.begin() + 1, all.end())) << window_tokens;
  }
  EXPECT_EQ(EncodeWindows(text, 4).size(), 4u);  // targets 1-3, 4-6, 7-9, 10-11
  EXPECT_EQ(EncodeWindows("", 4), (std::vector<std::vector<int32_t>>{{kBosToken, kEosToken}}));
  EXPECT_THROW(EncodeWindows(text, 1), TrainError);
}

TEST(LmTest, PerExampleLossIgnoresPadding) {
  // Uniform logits: every target costs log(vocab), however many PAD positions follow.
  const std::vector<int32_t> short_example = {kBosToken, 'a', kEosToken};
  const std::vector<int32_t> long_example = {kBosToken, 'a', 'b', 'c', 'd', kEosToken};
  const at::Tensor ids = PadBatch({&short_example, &long_example});
  ASSERT_EQ(ids[0][5].item<int64_t>(), kPadToken);
  const at::Tensor loss = PerExampleLoss(at::zeros({2, 6, kByteVocabSize}), ids);
  EXPECT_NEAR(loss[0].item<double>(), std::log(kByteVocabSize), 1e-5);
  EXPECT_NEAR(loss[1].item<double>(), std::log(kByteVocabSize), 1e-5);
}

TEST_F(ModelTest, MissingModelDirectoryIsAClearError) {
  EXPECT_THROW(LoadLanguageModel(*dir_ / "nowhere"), TrainError);
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
  EXPECT_THROW(model_->SampledContinuations(prefixes, 12, 0.0, 1), TrainError);
  const std::vector<std::vector<audit::TokenId>> too_long = {std::vector<audit::TokenId>(40, 'a')};
  EXPECT_THROW(model_->GreedyContinuations(too_long, 1), TrainError);
}

}  // namespace
}  // namespace leakgate::pipeline
