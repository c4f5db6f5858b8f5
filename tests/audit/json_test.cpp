#include "audit/metrics/json.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <vector>

namespace leakgate::audit {
namespace {

TEST(Json, MembershipMetricsCarryEveryReportedNumber) {
  MembershipOptions options;
  options.bootstrap_resamples = 20;
  options.seed = 5;
  const MembershipMetrics metrics = evaluate_membership(std::vector<double>{0.9, 0.8, 0.8, 0.7, 0.5, 0.5, 0.5, 0.1},
                                                        {true, true, false, true, false, true, false, false}, options);
  const nlohmann::json j = metrics;
  EXPECT_DOUBLE_EQ(j["auc"].get<double>(), 0.78125);
  EXPECT_DOUBLE_EQ(j["auc_interval"]["lower"].get<double>(), metrics.auc_interval.lower);
  EXPECT_EQ(j["tpr_at_fpr"].size(), 2u);
  EXPECT_DOUBLE_EQ(j["tpr_at_fpr"][1]["fpr"].get<double>(), 0.01);
  EXPECT_EQ(j["bootstrap"]["resamples"].get<std::size_t>(), 20u);
  EXPECT_EQ(j["roc"].size(), metrics.roc.size());
  EXPECT_EQ(j["members"].get<std::size_t>(), 4u);
}

TEST(Json, RocCurveWritesTheInfiniteThresholdAsNull) {
  const nlohmann::json j = roc_curve(std::vector<double>{2.0, 1.0}, {true, false});
  EXPECT_TRUE(j["thresholds"][0].is_null());
  EXPECT_DOUBLE_EQ(j["thresholds"][1].get<double>(), 2.0);
  EXPECT_EQ(j["fpr"], nlohmann::json({0.0, 0.0, 1.0}));
  EXPECT_NO_THROW((void)j.dump());
}

TEST(Json, OneRunExtractionAndExposure) {
  OneRunResult one_run;
  one_run.counts = {1000, 100, 90};
  one_run.level = {50, 50};
  one_run.epsilon_lower_bound = 1.5;
  one_run.levels_tried = 3;
  const nlohmann::json j = one_run;
  EXPECT_DOUBLE_EQ(j["epsilon_lower_bound"].get<double>(), 1.5);
  EXPECT_DOUBLE_EQ(j["confidence"].get<double>(), 0.95);
  EXPECT_EQ(j["counts"]["correct"].get<std::size_t>(), 90u);
  EXPECT_EQ(j["level"]["guess_in"].get<std::size_t>(), 50u);

  const std::vector<ExtractionRecord> records{{true, 4, 4, 1.0}, {false, 1, 4, 0.25}};
  const nlohmann::json extraction = summarize_extraction(records);
  EXPECT_DOUBLE_EQ(extraction["exact_match"]["rate"].get<double>(), 0.5);
  EXPECT_EQ(extraction["exact_match"]["interval_method"], "clopper-pearson");
  EXPECT_DOUBLE_EQ(extraction["edit_similarity"]["mean"].get<double>(), 0.625);

  const nlohmann::json exposure = exposure_by_repetition(std::vector<CanaryExposure>{{4, 3.0}, {4, 5.0}});
  EXPECT_EQ(exposure[0]["repetitions"].get<std::size_t>(), 4u);
  EXPECT_DOUBLE_EQ(exposure[0]["exposure_bits"]["mean"].get<double>(), 4.0);
}

}  // namespace
}  // namespace leakgate::audit
