#include <gtest/gtest.h>

#include "dp/accounting/accounting.h"

namespace leakgate::dp {
namespace {

TEST(PrivacyLedger, RecordMergesEqualConsecutivePhases) {
  PrivacyLedger ledger;
  ledger.Record(1.1, 0.01);
  ledger.Record(1.1, 0.01, 9);
  ledger.Record(0.9, 0.01, 5);
  ledger.Record(1.1, 0.01, 2);
  const std::vector<MechanismPhase> expected{{1.1, 0.01, 10}, {0.9, 0.01, 5}, {1.1, 0.01, 2}};
  EXPECT_EQ(ledger.phases(), expected);
  EXPECT_EQ(ledger.total_steps(), 17);
}

TEST(PrivacyLedger, JsonRoundTripIsExact) {
  PrivacyLedger ledger;
  ledger.Record(1.0 / 3.0, 0.004267, 123456);
  ledger.Record(0.1 + 0.2, 256.0 / 60000.0, 7);
  const nlohmann::json json = ledger.ToJson();
  const PrivacyLedger restored = PrivacyLedger::FromJson(nlohmann::json::parse(json.dump()));
  EXPECT_EQ(restored.phases(), ledger.phases());
  EXPECT_EQ(restored.ToJson(), json);
  EXPECT_EQ(json.at("phases").size(), 2u);
}

TEST(PrivacyLedger, ResumedLedgerGivesExactlyTheUninterruptedEpsilon) {
  PrivacyLedger uninterrupted;
  for (int step = 0; step < 1000; ++step) uninterrupted.Record(1.1, 0.01);
  PrivacyLedger first_half;
  for (int step = 0; step < 400; ++step) first_half.Record(1.1, 0.01);
  PrivacyLedger resumed = PrivacyLedger::FromJson(nlohmann::json::parse(first_half.ToJson().dump()));
  for (int step = 400; step < 1000; ++step) resumed.Record(1.1, 0.01);
  EXPECT_EQ(resumed.phases(), uninterrupted.phases());
  for (AccountantKind kind : {AccountantKind::kRdp, AccountantKind::kPrv}) {
    EXPECT_EQ(resumed.Epsilon(1e-5, kind).epsilon, uninterrupted.Epsilon(1e-5, kind).epsilon);
  }
}

TEST(PrivacyLedger, ComposingRunsAddsTheirSpend) {
  PrivacyLedger run_a;
  run_a.Record(1.0, 0.01, 500);
  PrivacyLedger run_b;
  run_b.Record(2.0, 0.02, 300);
  PrivacyLedger total = run_a;
  total.Compose(run_b);
  EXPECT_EQ(total.total_steps(), 800);
  const double composed = total.Epsilon(1e-5, AccountantKind::kRdp).epsilon;
  EXPECT_GT(composed, run_a.Epsilon(1e-5, AccountantKind::kRdp).epsilon);
  EXPECT_GT(composed, run_b.Epsilon(1e-5, AccountantKind::kRdp).epsilon);
  // RDP composition is sub-additive in (eps, delta): less than the sum of the separate epsilons.
  EXPECT_LT(composed, run_a.Epsilon(1e-5, AccountantKind::kRdp).epsilon + run_b.Epsilon(1e-5, AccountantKind::kRdp).epsilon);
}

TEST(PrivacyLedger, RejectsMalformedJsonAndBadParameters) {
  EXPECT_THROW(PrivacyLedger::FromJson(nlohmann::json::parse(R"({"steps": 3})")), ParameterError);
  EXPECT_THROW(PrivacyLedger::FromJson(nlohmann::json::parse(
                   R"({"phases": [{"noise_multiplier": 1.0, "sample_rate": 1.5, "steps": 3}]})")),
               ParameterError);
  EXPECT_THROW(PrivacyLedger::FromJson(nlohmann::json::parse(
                   R"({"phases": [{"noise_multiplier": 1.0, "sample_rate": 0.5, "steps": 2.5}]})")),
               ParameterError);
  PrivacyLedger ledger;
  EXPECT_THROW(ledger.Record(0.0, 0.01), ParameterError);
  EXPECT_THROW(ledger.Record(1.0, 0.0), ParameterError);
  EXPECT_THROW(ledger.Record(1.0, 0.01, -1), ParameterError);
}

TEST(Validation, MessagesNameTheParameterAndValue) {
  try {
    ComputeEpsilon({{1.0, 0.01, 10}}, 1.5, AccountantKind::kRdp);
    FAIL() << "expected ParameterError";
  } catch (const ParameterError& error) {
    EXPECT_EQ(error.what_only(), "delta must be in (0, 1), got 1.5");
  }
  EXPECT_THROW(ComputeEpsilon({{-1.0, 0.01, 10}}, 1e-5, AccountantKind::kRdp), ParameterError);
  EXPECT_THROW(ComputeEpsilon({{1.0, 1.01, 10}}, 1e-5, AccountantKind::kPrv), ParameterError);
  EXPECT_THROW(ComputeEpsilon({{1.0, 0.01, -5}}, 1e-5, AccountantKind::kRdp), ParameterError);
  EXPECT_THROW(ParseAccountantKind("gdp"), ParameterError);
  EXPECT_EQ(ParseAccountantKind("prv"), AccountantKind::kPrv);
  // The accountant's callers check what users give it; a bad parameter that reaches it is a bug (exit 3).
  EXPECT_TRUE((std::is_base_of_v<common::InternalError, ParameterError>));
}

TEST(Validation, DeltaWarningWhenDeltaIsAtLeastOneOverN) {
  EXPECT_EQ(DeltaWarning(1e-5, 60000), "");
  EXPECT_NE(DeltaWarning(1e-4, 10000), "");
  EXPECT_NE(DeltaWarning(1e-3, 60000).find("N=60000"), std::string::npos);
}

TEST(Calibration, StepsAndSampleRateFromEpochsAndBatches) {
  EXPECT_EQ(StepsForEpochs(20, 0.004267), 4687);  // int(20 / 0.004267) = int(4687.133...)
  EXPECT_EQ(StepsForEpochs(1, 0.01), 100);
  EXPECT_EQ(StepsForEpochs(0.3, 0.1), 2);  // 0.3 / 0.1 = 2.9999999999999996 in double: Opacus's int() gives 2 too
  EXPECT_DOUBLE_EQ(SampleRateForBatch(256, 60000), 256.0 / 60000.0);
  EXPECT_THROW(SampleRateForBatch(0, 10), ParameterError);
  EXPECT_THROW(StepsForEpochs(-1, 0.1), ParameterError);
}

}  // namespace
}  // namespace leakgate::dp
