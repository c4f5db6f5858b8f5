// The last-layer extraction through the door: a tier that returns every log-probability gives the model's width and
// output layer away within twice the width in prompts; a top-5 tier and a text-only tier do not, at 40 times.
#include "serve/lm_red_team.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>

#include "common/errors.h"
#include "tests/audit_attacks/fake_models.h"
#include "tests/support/fortunes.h"
#include "tests/support/temp_dir.h"

namespace leakgate::serve {
namespace {

std::vector<std::string> TextsOf(const std::vector<StudentText>& students) {
  std::vector<std::string> texts;
  for (const StudentText& student : students) texts.push_back(student.text);
  return texts;
}

class LanguageModelRedTeamTest : public leakgate::testing::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    Tier open{"open", {}, {2.0, 20.0, 0}, {}};
    open.completion.top_logprobs = 4096;
    Tier partner{"partner", {}, {1000.0, 1000.0, 0}, {}};
    partner.completion.top_logprobs = 5;
    partner.completion.logprob_decimals = 2;
    Tier text_only{"public", {}, {1000.0, 1000.0, 0}, {}};
    settings_.tiers = {open, partner, text_only};
  }
  LanguageModelRedTeamResult Run(const std::string& tier) {
    const std::vector<double> layer = model_.OutputLayer();
    return RunLanguageModelRedTeam(settings_, model_, {layer, model_.width() + 1, model_.width()}, {},
                                   {.tier = tier},
                                   dir_ / tier);
  }

  // A watermarking text-only tier (up to 128 tokens; a watermark keyed by 4 bytes of context, which a 4-gram student
  // can represent) in front of a 3-gram model of 400 fortunes; the next `held_out` fortunes are the held-out texts.
  // The model has no width: the budgets must be empty.
  struct MarkedTier {
    std::unique_ptr<audit::testing::MemoisedNgramModel> model;
    std::vector<std::string> held_out;
    std::vector<double> layer;
  };
  MarkedTier UseMarkedTier(std::size_t held_out) {
    const std::vector<std::string> fortunes = leakgate::testing::Fortunes(400 + held_out, 48);
    EXPECT_EQ(fortunes.size(), 400 + held_out);
    MarkedTier tier;
    tier.model = std::make_unique<audit::testing::MemoisedNgramModel>(
        std::vector<std::string>(fortunes.begin(), fortunes.begin() + 400), 3);
    tier.held_out.assign(fortunes.begin() + 400, fortunes.end());
    tier.layer.assign(tier.model->vocab_size() * 2, 0.0);
    Tier marked{"marked", {}, {1000.0, 1000.0, 0}, {}};
    marked.completion.max_tokens = 128;
    marked.completion.watermark = true;
    settings_.tiers = {marked};
    settings_.watermark.context_tokens = 4;
    return tier;
  }

  ServeSettings settings_;
  audit::testing::LowRankLanguageModel model_{16, 5};
};

TEST_F(LanguageModelRedTeamTest, FullLogProbabilitiesGiveTheWidthAwayWithinTwiceIt) {
  settings_.monitor.enabled = true;
  settings_.monitor.daily_texts = 100;
  const LanguageModelRedTeamResult result = Run("open");
  EXPECT_EQ(result.true_width, 16u);
  ASSERT_EQ(result.extractions.size(), 2u);
  const WidthExtraction& first = result.extractions[0];
  EXPECT_EQ(first.budget, 32u);
  EXPECT_EQ(first.answered, 32u);
  EXPECT_EQ(first.stacked_tokens, audit::testing::NgramModel::kVocabulary);
  EXPECT_TRUE(first.width_recovered) << (first.width ? *first.width : 0);
  ASSERT_TRUE(first.subspace_error);
  EXPECT_LT(*first.subspace_error, 1e-6) << "the answers cross JSON with every digit";
  // 20 prompts at once, then 2 per second.
  EXPECT_NEAR(first.seconds_waited, (32.0 - 20.0) / 2.0, 1.0);
  EXPECT_EQ(result.extractions[1].budget, 640u);
  EXPECT_TRUE(result.extractions[1].width_recovered);
  // The monitor's volume signal, read from the request log: the 32 prompts stay under the 100 a day, the 640 do not.
  EXPECT_FALSE(first.prompts_until_flag);
  EXPECT_EQ(result.extractions[1].prompts_until_flag, std::optional<std::size_t>(101));
  EXPECT_EQ(result.extractions[1].flagged_by, "volume");
  ASSERT_EQ(result.checks.size(), 2u);
  EXPECT_EQ(result.checks[0].name, "width_hidden:32");
  EXPECT_FALSE(result.checks[0].passed);
  EXPECT_FALSE(result.passed);
  const nlohmann::json json = result;
  EXPECT_EQ(json["extractions"][0]["width"], 16);
}

TEST_F(LanguageModelRedTeamTest, ATopFiveOrATextOnlyTierKeepsTheWidthAt40TimesIt) {
  const LanguageModelRedTeamResult partner = Run("partner");
  ASSERT_EQ(partner.extractions.size(), 2u);
  EXPECT_EQ(partner.extractions[1].budget, 640u);
  EXPECT_EQ(partner.extractions[1].most_revealed, 5u);
  EXPECT_LE(partner.extractions[1].stacked_tokens, 5u);
  EXPECT_FALSE(partner.extractions[1].width_recovered);
  EXPECT_TRUE(partner.passed) << partner.checks[1].detail;

  const LanguageModelRedTeamResult text = Run("public");
  EXPECT_EQ(text.extractions[1].answered, 0u);
  EXPECT_NE(text.checks[1].detail.find("no answer revealed a log-probability"), std::string::npos)
      << text.checks[1].detail;
  EXPECT_TRUE(text.passed);
  EXPECT_EQ(text.policy, "text, up to 256 tokens");
}

TEST_F(LanguageModelRedTeamTest, AnUnknownTierOrAMismatchedLayerIsRefused) {
  EXPECT_THROW(Run("gold"), common::InputError);
  const std::vector<double> short_layer(10, 0.0);
  EXPECT_THROW(RunLanguageModelRedTeam(settings_, model_, {short_layer, 17, 16}, {}, {.tier = "open"}, dir_),
               common::InputError);
}

// A watermarking text-only tier, measured through the door: the customers' completions carry the mark, pooled and
// mostly alone; the model's own completions of the same prompts and the held-out texts never verify; the mark costs
// perplexity (measured: 4.12 against 3.88; 28 of 60 completions verify alone, the pooled ones after 136 tokens). The
// budgets are empty: no extraction runs.
TEST_F(LanguageModelRedTeamTest, AWatermarkingTierIsMeasuredOnWhatItsCustomersReceive) {
  const MarkedTier tier = UseMarkedTier(300);
  LanguageModelRedTeamOptions options{.tier = "marked", .width_multiples = {}};
  options.watermark_prompts = 60;
  const LanguageModelRedTeamResult result =
      RunLanguageModelRedTeam(settings_, *tier.model, {tier.layer, 2, 1}, tier.held_out, options, dir_ / "marked");
  ASSERT_TRUE(result.watermark);
  const WatermarkMeasurement& measured = *result.watermark;
  EXPECT_EQ(measured.completions, 60u);
  EXPECT_LT(measured.pooled.p_value, 1e-20);
  ASSERT_TRUE(measured.pooled_tokens_to_detect);
  EXPECT_LT(*measured.pooled_tokens_to_detect, 1000u);
  EXPECT_EQ(measured.unwatermarked, 60u + 300u);
  EXPECT_EQ(measured.unwatermarked_detected, 0u);
  EXPECT_GT(measured.perplexity_served, measured.perplexity_unwatermarked);
  ASSERT_EQ(result.checks.size(), 2u);
  EXPECT_EQ(result.checks[0].name, "watermark_detected");
  EXPECT_TRUE(result.checks[0].passed) << result.checks[0].detail;
  EXPECT_EQ(result.checks[1].name, "watermark_false_positives");
  EXPECT_TRUE(result.checks[1].passed) << result.checks[1].detail;
  EXPECT_TRUE(result.passed);
  EXPECT_EQ(result.policy, "watermarked text, up to 128 tokens");
  const nlohmann::json json = result;
  EXPECT_EQ(json["watermark"]["completions"], 60);
}

// The distillation clone through a watermarking tier: an n-gram student of the served completions agrees with the
// model on held-out text far more often than chance, and, having learnt the green-biased transitions, its own text
// carries the watermark.
TEST_F(LanguageModelRedTeamTest, AStudentDistilledFromTheTierIsScoredAndTestedForTheWatermark) {
  const MarkedTier tier = UseMarkedTier(500);
  LanguageModelRedTeamOptions options{.tier = "marked", .width_multiples = {}};
  options.watermark_prompts = 20;
  options.distillation_queries = 600;
  options.distillation_curve = {150, 300, 600, 900};
  std::vector<std::size_t> trained_on;
  const StudentTrainer train = [&](const std::vector<StudentText>& texts) {
    trained_on.push_back(texts.size());
    return std::make_unique<audit::testing::MemoisedNgramModel>(TextsOf(texts), 4);
  };
  const LanguageModelRedTeamResult result = RunLanguageModelRedTeam(settings_, *tier.model, {tier.layer, 2, 1},
                                                                    tier.held_out, options, dir_ / "clone", train);
  ASSERT_TRUE(result.clone);
  const DistillationClone& clone = *result.clone;
  EXPECT_EQ(clone.queries, 600u);
  // The baseline on the prompts alone, the curve's two smaller budgets, then the clone; budgets at or above the
  // queries asked add no student.
  EXPECT_EQ(trained_on, (std::vector<std::size_t>{600, 150, 300, 600}));
  ASSERT_EQ(clone.curve.size(), 3u);
  EXPECT_EQ(clone.curve[0].queries, 150u);
  EXPECT_EQ(clone.curve[2].queries, 600u);
  EXPECT_EQ(clone.curve[2].agreement, clone.agreement);
  EXPECT_LT(clone.curve[0].agreement, clone.curve[2].agreement) << "more answers teach the student more";
  EXPECT_GT(clone.positions, 1000u);
  // Measured: 59% agreement over 56,220 positions against 52% for a student of the prompts alone, KL 1.6 nats.
  EXPECT_GT(clone.agreement, clone.baseline_agreement + 0.03) << "the answers teach more than the prompts";
  EXPECT_GT(clone.baseline_agreement, 0.0);
  EXPECT_GT(clone.agreement, 0.45);
  EXPECT_LT(clone.agreement, 0.8);
  EXPECT_GT(clone.student_loss, clone.model_loss) << "a student of 72 KB of completions is worse than the model";
  ASSERT_TRUE(clone.student_watermark);
  EXPECT_EQ(clone.student_completions, 250u);
  EXPECT_LT(clone.student_watermark->p_value, 1e-20);
  EXPECT_GE(clone.student_completions_detected, 30u);
  ASSERT_EQ(result.checks.size(), 4u);
  EXPECT_EQ(result.checks[2].name, "clone_agreement");
  EXPECT_TRUE(result.checks[2].passed) << result.checks[2].detail;
  EXPECT_EQ(result.checks[3].name, "watermark_in_clone");
  EXPECT_TRUE(result.checks[3].passed) << result.checks[3].detail;
  const nlohmann::json json = result;
  EXPECT_EQ(json["clone"]["queries"], 600);
  EXPECT_EQ(json["clone"]["curve"][1]["queries"], 300);
}

// A tier that returns the top 5 log-probabilities: the attacker asks for them and as many tokens as one request can be
// admitted for (its burst: each token costs a text), and its student learns each step's revealed distribution, which
// the test checks against the model itself at the position the student is told it belongs to. A student of the same
// completions' text alone is trained as well, for comparison.
TEST_F(LanguageModelRedTeamTest, ATopKTierIsDistilledFromTheDistributionsItReveals) {
  MarkedTier tier = UseMarkedTier(120);
  settings_.tiers[0].completion.watermark = false;
  settings_.tiers[0].completion.top_logprobs = 5;
  settings_.tiers[0].completion.logprob_decimals = 2;
  settings_.tiers[0].limit = {1000.0, 40.0, 0};
  // The monitor flags a key at its 21st text of a day: each of the attacker's keys asks 50, and the first is flagged
  // at its 21st (counted, like the classifier attackers' flags, up to and including the flagged text).
  settings_.monitor.enabled = true;
  settings_.monitor.daily_texts = 20;
  LanguageModelRedTeamOptions options{.tier = "marked", .width_multiples = {}};
  options.distillation_queries = 60;
  options.distillation_curve = {30};
  std::vector<std::vector<StudentText>> trainings;
  const StudentTrainer train = [&](const std::vector<StudentText>& texts) {
    trainings.push_back(texts);
    return std::make_unique<audit::testing::MemoisedNgramModel>(TextsOf(texts), 4);
  };
  const LanguageModelRedTeamResult result = RunLanguageModelRedTeam(settings_, *tier.model, {tier.layer, 2, 1},
                                                                    tier.held_out, options, dir_ / "topk", train);
  ASSERT_TRUE(result.clone);
  EXPECT_EQ(result.clone->targets, "top-5 log-probabilities");
  EXPECT_EQ(result.clone->keys, 2u);
  EXPECT_EQ(result.clone->queries_until_flag, std::optional<std::size_t>(21));
  EXPECT_EQ(result.clone->flagged_by, "volume");
  EXPECT_EQ(result.clone->keys_flagged, 1u) << "the second key asked only 10";
  ASSERT_EQ(result.clone->curve.size(), 2u);
  EXPECT_TRUE(result.clone->curve[0].text_only_agreement);
  EXPECT_TRUE(result.clone->curve[1].text_only_agreement);
  // The prompts alone; the curve's 30 queries, distilled, then their text alone; the same for all 60.
  ASSERT_EQ(trainings.size(), 5u);
  EXPECT_EQ(trainings[1].size(), 30u);
  EXPECT_EQ(trainings[2].size(), 30u);
  const auto revealed_steps = [](const std::vector<StudentText>& texts) {
    std::size_t steps = 0;
    for (const StudentText& text : texts) steps += text.revealed.size();
    return steps;
  };
  EXPECT_EQ(revealed_steps(trainings[0]), 0u) << "prompts alone reveal nothing";
  EXPECT_TRUE(std::all_of(trainings[0].begin(), trainings[0].end(), [](const StudentText& t) { return t.cut; }))
      << "a prompt is a window of a record, not a whole one";
  EXPECT_EQ(revealed_steps(trainings[2]), 0u) << "the text-only student";
  EXPECT_EQ(revealed_steps(trainings[3]), 0u) << "the text-only student";
  EXPECT_GT(revealed_steps(trainings[1]), 0u);
  ASSERT_EQ(trainings[4].size(), 60u);
  std::size_t checked = 0;
  for (const StudentText& student : trainings[4]) {
    const std::vector<audit::TokenId> tokens = tier.model->Encode(student.text);
    ASSERT_GE(tokens.size(), student.prompt_tokens);
    const std::size_t generated = tokens.size() - student.prompt_tokens;
    ASSERT_TRUE(student.revealed.size() == generated || student.revealed.size() == generated + 1);
    EXPECT_EQ(student.cut, student.revealed.size() == generated) << "cut unless the last step drew the end of text";
    ASSERT_LE(student.revealed.size(), 40u) << "no more tokens than the burst admits in one request";
    for (std::size_t step = 0; step < student.revealed.size(); ++step) {
      ASSERT_LE(student.revealed[step].size(), 5u);
      ASSERT_FALSE(student.revealed[step].empty());
      const std::vector<std::vector<audit::TokenId>> prefix{
          {tokens.begin(), tokens.begin() + static_cast<std::ptrdiff_t>(student.prompt_tokens + step)}};
      const std::vector<double> truth = tier.model->NextTokenLogProbs(prefix)[0];
      for (const TokenLogProb& entry : student.revealed[step]) {
        EXPECT_NEAR(entry.log_prob, truth[static_cast<std::size_t>(entry.token)], 0.005 + 1e-9);
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 600u);
  const nlohmann::json json = result;
  EXPECT_EQ(json["clone"]["targets"], "top-5 log-probabilities");
  EXPECT_TRUE(json["clone"]["curve"][1]["text_only_agreement"].is_number());
  EXPECT_EQ(json["clone"]["queries_until_flag"], 21);
}

// Held-out texts too short to cut a prompt from leave nothing to distil: the clone check fails as unmeasured rather
// than passing on an empty curve.
TEST_F(LanguageModelRedTeamTest, AStudentWithNothingToLearnFromIsAFailedMeasurement) {
  const std::vector<double> layer = model_.OutputLayer();
  const std::vector<std::string> short_texts(8, "pt ok");
  const StudentTrainer train = [](const std::vector<StudentText>& texts) {
    return std::make_unique<audit::testing::MemoisedNgramModel>(TextsOf(texts), 2);
  };
  const LanguageModelRedTeamResult result =
      RunLanguageModelRedTeam(settings_, model_, {layer, model_.width() + 1, model_.width()}, short_texts,
                              {.tier = "public", .width_multiples = {}}, dir_ / "short", train);
  ASSERT_TRUE(result.clone);
  EXPECT_EQ(result.clone->queries, 0u);
  EXPECT_TRUE(result.clone->curve.empty());
  ASSERT_EQ(result.checks.size(), 1u);
  EXPECT_EQ(result.checks[0].name, "clone_agreement");
  EXPECT_FALSE(result.checks[0].passed) << result.checks[0].detail;
  EXPECT_NE(result.checks[0].detail.find("nothing measured"), std::string::npos) << result.checks[0].detail;
  EXPECT_FALSE(result.passed);
}

// Another tier's watermark needs a key for the server to start, though the tier under test has none to measure.
TEST_F(LanguageModelRedTeamTest, AnotherTiersWatermarkGetsTheRedTeamsKey) {
  settings_.tiers[1].completion.watermark = true;
  LanguageModelRedTeamResult result;
  ASSERT_NO_THROW(result = Run("public"));
  EXPECT_FALSE(result.watermark);
  EXPECT_TRUE(result.passed);
}

TEST_F(LanguageModelRedTeamTest, AWatermarkingTierNeedsHeldOutTexts) {
  Tier marked{"marked", {}, {1000.0, 1000.0, 0}, {}};
  marked.completion.watermark = true;
  settings_.tiers = {marked};
  const std::vector<double> layer = model_.OutputLayer();
  EXPECT_THROW(RunLanguageModelRedTeam(settings_, model_, {layer, model_.width() + 1, model_.width()}, {},
                                       {.tier = "marked"}, dir_),
               common::InputError);
}

}  // namespace
}  // namespace leakgate::serve
