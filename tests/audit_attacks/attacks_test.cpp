// Each attack against a model that memorises its training texts (detected, extracted, exposed) and against one
// trained on other texts from the same distribution (nothing to find).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include <random>
#include <set>

#include "audit/attacks/canaries.h"
#include "audit/attacks/errors.h"
#include "audit/attacks/extraction_attack.h"
#include "audit/attacks/membership.h"
#include "audit/metrics/exposure.h"
#include "audit/metrics/one_run.h"
#include "tests/audit_attacks/fake_models.h"

namespace leakgate::audit {
namespace {

using testing::NgramModel;
using testing::RandomTexts;

double TprAt(const MembershipMetrics& metrics, double fpr) {
  for (const auto& point : metrics.tpr_at_fpr) {
    if (point.fpr == fpr) return point.tpr;
  }
  ADD_FAILURE() << "no TPR at FPR " << fpr;
  return -1.0;
}

MembershipAttackOptions FastOptions() {
  MembershipAttackOptions options;
  options.metrics.bootstrap_resamples = 200;
  options.metrics.seed = 7;
  return options;
}

TEST(SecretFormatTest, ListsTheSpaceInOrder) {
  const SecretFormat format("ddd-dd-dddd");
  EXPECT_EQ(format.size(), 1000000000u);
  EXPECT_NEAR(format.bits(), 29.897, 1e-3);
  EXPECT_EQ(format.Secret(0), "000-00-0000");
  EXPECT_EQ(format.Secret(123456789), "123-45-6789");
  EXPECT_EQ(format.Secret(999999999), "999-99-9999");
  EXPECT_EQ(SecretFormat("pin d").Secret(7), "pin 7");
}

TEST(SecretFormatTest, RejectsFormatsWithoutOrWithTooManyDigits) {
  EXPECT_THROW(SecretFormat("abc"), AttackInputError);
  EXPECT_THROW(SecretFormat(std::string(19, 'd')), AttackInputError);
  EXPECT_THROW(SecretFormat("abc"), AttackInputError);
}

TEST(LossHistogramTest, CountsEveryLossOnceWithTheMaximumInTheLastBin) {
  const std::vector<double> members{0.0, 0.1, 0.2};
  const std::vector<double> non_members{0.9, 1.0};
  const LossHistogram histogram = loss_histogram(members, non_members, 4);
  ASSERT_EQ(histogram.bin_edges.size(), 5u);
  EXPECT_DOUBLE_EQ(histogram.bin_edges.front(), 0.0);
  EXPECT_DOUBLE_EQ(histogram.bin_edges.back(), 1.0);
  EXPECT_THAT(histogram.members, ::testing::ElementsAre(3, 0, 0, 0));
  EXPECT_THAT(histogram.non_members, ::testing::ElementsAre(0, 0, 0, 2));
}

class MembershipTest : public ::testing::Test {
 protected:
  const std::vector<std::string> members_ = RandomTexts(200, 12, 1);
  const std::vector<std::string> non_members_ = RandomTexts(200, 12, 2);
};

TEST_F(MembershipTest, MemorisingModelIsDetectedByEveryAttack) {
  NgramModel model(members_, 8);
  const MembershipAttackResult result = RunMembershipAttacks(model, members_, non_members_, FastOptions());
  ASSERT_EQ(result.attacks.size(), 4u);
  for (const auto& [name, metrics] : result.attacks) {
    SCOPED_TRACE(name);
    EXPECT_EQ(metrics.members, 200u);
    EXPECT_EQ(metrics.non_members, 200u);
    EXPECT_GT(metrics.auc, 0.95);
    EXPECT_GT(TprAt(metrics, 0.01), 0.5);
    EXPECT_GT(metrics.auc_interval.lower, 0.9);
  }
}

TEST_F(MembershipTest, ModelThatNeverSawTheMembersGivesChanceAuc) {
  NgramModel model(RandomTexts(200, 12, 3), 8);
  const MembershipAttackResult result = RunMembershipAttacks(model, members_, non_members_, FastOptions());
  for (const auto& [name, metrics] : result.attacks) {
    SCOPED_TRACE(name);
    EXPECT_NEAR(metrics.auc, 0.5, 0.1);
    EXPECT_LT(TprAt(metrics, 0.01), 0.1);
  }
}

TEST_F(MembershipTest, RejectsUnknownAttacksAndEmptySides) {
  NgramModel model(members_, 8);
  MembershipAttackOptions options = FastOptions();
  options.attacks = {"loss", "lira"};
  EXPECT_THROW(RunMembershipAttacks(model, members_, non_members_, options), AttackInputError);
  EXPECT_THROW(RunMembershipAttacks(model, members_, {}, FastOptions()), AttackInputError);
}

TEST(ExtractionAttackTest, MemorisedRecordsAreExtractedAndUnseenOnesAreNot) {
  const auto members = RandomTexts(50, 12, 4);
  const auto non_members = RandomTexts(50, 12, 5);
  NgramModel model(members, 8);
  const ExtractionOptions options{16, 16};
  const ExtractionRun member_run = RunExtraction(model, members, options);
  const ExtractionRun non_member_run = RunExtraction(model, non_members, options);
  ASSERT_GT(member_run.attempts.size(), 40u);
  EXPECT_EQ(member_run.attempts.size() + member_run.too_short, 50u);
  const ExtractionSummary member_summary = SummarizeRun(member_run);
  const ExtractionSummary non_member_summary = SummarizeRun(non_member_run);
  EXPECT_GT(member_summary.exact_match.value, 0.9);
  EXPECT_EQ(non_member_summary.exact_match.successes, 0u);
  EXPECT_LT(non_member_summary.edit_similarity.median, 0.5);
  const ExtractionAttempt& first = member_run.attempts.front();
  EXPECT_EQ(model.Decode(first.prefix) + model.Decode(first.expected),
            members[first.text_index].substr(0, 32));
}

// Sampled extraction scores a span drawn at random: a memorised text behind an unseen opening is found whenever its
// span is drawn, where greedy decoding from the record's start finds nothing.
TEST(ExtractionAttackTest, DiscoveryFindsMemorisedSpansAnywhereInTheRecord) {
  const auto members = RandomTexts(50, 12, 4);
  const auto unseen = RandomTexts(50, 12, 5);
  NgramModel model(members, 8);
  ExtractionOptions options{16, 16};
  options.discovery_samples = 100;
  options.discovery_probability = 0.5;
  options.discovery_spans = 4;
  options.seed = 3;
  const DiscoveryRun member_run = RunDiscovery(model, members, options);
  const DiscoveryRun unseen_run = RunDiscovery(model, unseen, options);
  std::size_t discoverable = 0;
  std::set<std::size_t> spans_drawn;
  for (const DiscoveryRecord& record : member_run.records) {
    EXPECT_EQ(record.spans, std::min<std::size_t>(model.Encode(members[record.text_index]).size() / 32, 4));
    EXPECT_LT(record.span, record.spans);
    EXPECT_LE(record.log_likelihood, 0.0);
    spans_drawn.insert(record.span);
    discoverable += record.discoverable ? 1 : 0;
  }
  EXPECT_GT(discoverable, 40u);
  EXPECT_GT(spans_drawn.size(), 1u);
  for (const DiscoveryRecord& record : unseen_run.records) EXPECT_FALSE(record.discoverable) << record.text_index;

  std::vector<std::string> hidden;  // 32 unseen bytes, then a member
  for (std::size_t i = 0; i < 40; ++i) hidden.push_back(unseen[i].substr(0, 32) + members[i]);
  const DiscoveryRun hidden_run = RunDiscovery(model, hidden, options);
  const ExtractionRun greedy = RunExtraction(model, hidden, options);
  std::size_t found_later = 0, drawn_later = 0;
  for (const DiscoveryRecord& record : hidden_run.records) {
    if (record.span == 0) EXPECT_FALSE(record.discoverable) << record.text_index;
    drawn_later += record.span >= 1 ? 1 : 0;
    found_later += record.span >= 1 && record.discoverable ? 1 : 0;
  }
  EXPECT_GT(drawn_later, 10u);
  EXPECT_GE(found_later + 3, drawn_later);
  EXPECT_EQ(SummarizeRun(greedy).exact_match.successes, 0u);
}

// Records that open with the same 64-byte template: greedy decoding from the start completes the template for members
// and never-seen records alike. With an index built from held-out records of the same form, both attacks ask each
// record for its own text instead, which only the members' memorised records give back.
TEST(ExtractionAttackTest, ATemplateIndexAsksEachRecordForItsOwnText) {
  const std::string form = "Progress note. Patient seen in clinic today; plan: continue as is. ";
  ASSERT_GE(form.size(), 64u);
  const auto with_form = [&](std::vector<std::string> texts) {
    for (std::string& text : texts) text = form.substr(0, 64) + text;
    return texts;
  };
  const auto members = with_form(RandomTexts(50, 12, 4));
  const auto unseen = with_form(RandomTexts(50, 12, 5));
  const auto reference = with_form(RandomTexts(20, 12, 6));
  NgramModel model(members, 8);
  ExtractionOptions options{16, 16};
  options.discovery_samples = 100;
  options.discovery_probability = 0.5;

  const auto greedy_rate = [&](const std::vector<std::string>& texts) {
    return SummarizeRun(RunExtraction(model, texts, options)).exact_match.value;
  };
  EXPECT_GT(greedy_rate(unseen), 0.9) << "the template alone is 'extracted' from records the model never saw";

  const TemplateIndex templates(reference);
  EXPECT_EQ(templates.reference_records(), 20u);
  EXPECT_EQ(templates.SpecificNgrams(form.substr(0, 64)), 0u);
  EXPECT_GT(templates.SpecificNgrams(RandomTexts(1, 12, 7).front()), 10u);
  options.templates = &templates;
  const ExtractionRun member_run = RunExtraction(model, members, options);
  for (const ExtractionAttempt& attempt : member_run.attempts) EXPECT_GE(attempt.span, 2u) << attempt.text_index;
  EXPECT_GT(SummarizeRun(member_run).exact_match.value, 0.9);
  EXPECT_LT(greedy_rate(unseen), 0.05);

  std::size_t member_discoverable = 0, unseen_discoverable = 0;
  for (const DiscoveryRecord& record : RunDiscovery(model, members, options).records) {
    EXPECT_GE(record.span, 2u);
    member_discoverable += record.discoverable ? 1 : 0;
  }
  for (const DiscoveryRecord& record : RunDiscovery(model, unseen, options).records) {
    unseen_discoverable += record.discoverable ? 1 : 0;
  }
  EXPECT_GT(member_discoverable, 40u);
  EXPECT_LE(unseen_discoverable, 2u);
}

// A suffix is scored inside its record, as the model reads (and was trained on) the record: with a 4-token prefix and
// an order-8 model, the suffix's first tokens are predicted from text before the span, which a span scored on a fresh
// context would not see.
TEST(ExtractionAttackTest, DiscoveryScoresTheSuffixInsideItsRecord) {
  const auto members = RandomTexts(20, 12, 4);
  NgramModel model(members, 8);
  ExtractionOptions options{4, 12};
  options.discovery_spans = 4;
  options.seed = 5;
  const DiscoveryRun run = RunDiscovery(model, members, options);
  ASSERT_FALSE(run.records.empty());
  std::size_t later_spans = 0;
  for (const DiscoveryRecord& record : run.records) {
    const std::vector<double> in_record = model.TokenLogProbs(std::vector<std::string>{members[record.text_index]})[0];
    const std::size_t suffix = record.span * 16 + 4;
    double expected = 0.0;
    for (std::size_t t = suffix; t < suffix + 12; ++t) expected += in_record[t];
    EXPECT_NEAR(record.log_likelihood, expected, 1e-9 * (1.0 + std::abs(expected))) << record.text_index;
    later_spans += record.span > 0 ? 1 : 0;
  }
  EXPECT_GT(later_spans, 5u);
}

TEST(ExtractionAttackTest, ATemplateIndexNeedsAPositiveNgramLength) {
  EXPECT_THROW(TemplateIndex(std::vector<std::string>{"a", "b"}, 0), AttackInputError);
}

TEST(ExtractionAttackTest, RejectsLengthsTheModelCannotHold) {
  NgramModel model(RandomTexts(5, 4, 6), 4);
  const auto texts = RandomTexts(5, 4, 6);
  EXPECT_THROW(RunExtraction(model, texts, ExtractionOptions{0, 8}), AttackInputError);
  EXPECT_THROW(RunExtraction(model, texts, ExtractionOptions{4000, 96}), AttackInputError);
  const ExtractionRun run = RunExtraction(model, texts, ExtractionOptions{200, 200});
  EXPECT_TRUE(run.attempts.empty());
  EXPECT_EQ(run.too_short, 5u);
}

// 3 groups of 30 canaries (1, 4 and 16 repetitions), each inserted with probability 1/2.
std::vector<CanaryProbe> MakeCanaries(const std::string& secret_format, uint64_t seed) {
  const SecretFormat space(secret_format);
  std::mt19937_64 generator(seed);
  std::uniform_int_distribution<uint64_t> secret(0, space.size() - 1);
  std::bernoulli_distribution coin(0.5);
  const auto names = RandomTexts(90, 2, seed + 1);
  std::vector<CanaryProbe> canaries;
  for (std::size_t i = 0; i < 90; ++i) {
    const std::string name = names[i].substr(0, names[i].size() - 1);
    canaries.push_back({"the code of " + name + " is ", space.Secret(secret(generator)),
                        std::size_t{1} << (2 * (i / 30)), coin(generator)});
  }
  return canaries;
}

std::vector<std::string> TrainingSet(const std::vector<std::string>& members, const std::vector<CanaryProbe>& canaries) {
  std::vector<std::string> texts = members;
  for (const auto& canary : canaries) {
    if (!canary.inserted) continue;
    for (std::size_t copy = 0; copy < canary.repetitions; ++copy) texts.push_back(canary.prefix + canary.secret);
  }
  return texts;
}

TEST(CanaryTest, InsertedCanariesAreExposedExactlyAndTheOthersAreNot) {
  const auto canaries = MakeCanaries("ddd", 11);
  NgramModel model(TrainingSet(RandomTexts(100, 12, 12), canaries), 12);
  const ExposureMeasurement measurement = MeasureCanaryExposure(model, canaries, SecretFormat("ddd"), {});
  EXPECT_TRUE(measurement.exact);
  EXPECT_EQ(measurement.candidates_per_canary, 1000u);
  std::vector<double> inserted_16, not_inserted;
  for (std::size_t i = 0; i < canaries.size(); ++i) {
    if (canaries[i].inserted && canaries[i].repetitions == 16) inserted_16.push_back(measurement.exposure_bits[i]);
    if (!canaries[i].inserted) not_inserted.push_back(measurement.exposure_bits[i]);
  }
  ASSERT_FALSE(inserted_16.empty());
  ASSERT_FALSE(not_inserted.empty());
  // Ranked first among 10^3 secrets: the whole log2(10^3) bits.
  EXPECT_NEAR(summarize(inserted_16).min, std::log2(1e3), 1e-9);
  EXPECT_LT(summarize(not_inserted).median, 4.0);

  const std::vector<bool> extracted = ExtractCanaries(model, canaries);
  for (std::size_t i = 0; i < canaries.size(); ++i) {
    if (canaries[i].repetitions == 16) {
      EXPECT_EQ(extracted[i], canaries[i].inserted) << i;
    }
  }
}

TEST(CanaryTest, LargeSpacesUseTheSkewNormalApproximation) {
  const auto canaries = MakeCanaries("ddd-dd-dddd", 13);
  NgramModel model(TrainingSet(RandomTexts(100, 12, 14), canaries), 12);
  ExposureOptions options;
  options.sampled_candidates = 300;
  const ExposureMeasurement measurement = MeasureCanaryExposure(model, canaries, SecretFormat("ddd-dd-dddd"), options);
  EXPECT_FALSE(measurement.exact);
  EXPECT_EQ(measurement.candidates_per_canary, 300u);
  for (std::size_t i = 0; i < canaries.size(); ++i) {
    if (canaries[i].inserted && canaries[i].repetitions == 16) {
      EXPECT_GT(measurement.exposure_bits[i], 20.0) << i;
    }
    if (!canaries[i].inserted) {
      EXPECT_LT(measurement.exposure_bits[i], 10.0) << i;
    }
  }
}

TEST(OneRunTest, MemorisedCanariesGiveAPositiveBoundAndUnseenOnesDoNot) {
  const auto canaries = MakeCanaries("ddd", 15);
  std::vector<bool> inserted;
  for (const auto& canary : canaries) inserted.push_back(canary.inserted);
  const auto levels = default_abstention_levels(canaries.size());

  NgramModel memorising(TrainingSet(RandomTexts(100, 12, 16), canaries), 12);
  const auto exposed = MeasureCanaryExposure(memorising, canaries, SecretFormat("ddd"), {});
  EXPECT_GT(one_run_audit(exposed.exposure_bits, inserted, levels).epsilon_lower_bound, 1.0);

  std::vector<CanaryProbe> never_inserted = canaries;
  for (auto& canary : never_inserted) canary.inserted = false;
  NgramModel blind(TrainingSet(RandomTexts(100, 12, 16), never_inserted), 12);
  const auto unexposed = MeasureCanaryExposure(blind, canaries, SecretFormat("ddd"), {});
  EXPECT_LT(one_run_audit(unexposed.exposure_bits, inserted, levels).epsilon_lower_bound, 0.5);
}

}  // namespace
}  // namespace leakgate::audit
