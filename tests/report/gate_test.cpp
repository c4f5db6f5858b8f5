// The release gate: every check's pass, fail and not-evaluated cases, upper-bound use and the not-evaluated policy.
#include "report/gate.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <functional>

#include "audit/metrics/json.h"
#include "audit/metrics/stats.h"
#include "tests/report/fixtures.h"

namespace leakgate::report {
namespace {

using nlohmann::json;
using testing::Documents;
using testing::SamplingJson;
using ::testing::HasSubstr;
using ::testing::Not;

const GateCheck& CheckNamed(const GateResult& result, const std::string& name) {
  const GateCheck* check = result.Find(name);
  if (!check) throw std::runtime_error("no check named " + name);
  return *check;
}

// Evaluates the private fixture after `edit` changed its JSON documents.
template <typename Edit>
GateResult EvaluateEdited(Edit edit, const GateConfig& config = {}) {
  RunDocuments docs = Documents(true);
  json manifest = docs.manifest.json(), hygiene = docs.hygiene.json(), privacy = docs.privacy.json(),
       audit = docs.audit.json();
  edit(manifest, hygiene, privacy, audit);
  docs.manifest = Document(manifest, "manifest.json");
  docs.hygiene = Document(hygiene, "hygiene.json");
  docs.privacy = Document(privacy, "privacy.json");
  docs.audit = Document(audit, "audit.json");
  return EvaluateGate(docs, config);
}

// One attack with the given AUC point estimate and upper bound and TPRs at 0.1% and 1% FPR.
json Attack(double auc, double auc_upper, double tpr_01, double tpr_01_upper, double tpr_1, double tpr_1_upper) {
  return {{"auc", auc},
          {"auc_interval", {{"lower", auc - 0.01}, {"upper", auc_upper}}},
          {"tpr_at_fpr",
           {{{"fpr", 0.001}, {"tpr", tpr_01}, {"interval", {{"lower", 0.0}, {"upper", tpr_01_upper}}}},
            {{"fpr", 0.01}, {"tpr", tpr_1}, {"interval", {{"lower", 0.0}, {"upper", tpr_1_upper}}}}}},
          {"bootstrap", {{"confidence", 0.95}}}};
}

TEST(Gate, PrivateFixturePassesEveryCheck) {
  const GateResult result = EvaluateGate(Documents(true), GateConfig{});
  EXPECT_TRUE(result.passed);
  EXPECT_FALSE(result.dp_implementation_failure);
  ASSERT_EQ(result.checks.size(), 13u);
  for (const GateCheck& check : result.checks) {
    if (check.name == "clone_advantage") {
      EXPECT_EQ(check.status, CheckStatus::kNotApplicable) << "the cloning audit covers classifiers only";
      continue;
    }
    EXPECT_EQ(check.status, CheckStatus::kPass) << check.name << ": " << check.explanation;
    EXPECT_FALSE(check.explanation.empty()) << check.name;
  }
  // Membership checks say on how many examples they were measured.
  for (const char* name : {"mia_auc", "mia_tpr_at_0.1pct_fpr", "mia_tpr_at_1pct_fpr"}) {
    EXPECT_THAT(CheckNamed(result, name).explanation, HasSubstr("3200 members and 3200 non-members")) << name;
  }
}

TEST(Gate, NonPrivateFixtureFailsOnPrivacyMembershipExtractionAndCanaries) {
  const GateResult result = EvaluateGate(Documents(false), GateConfig{});
  EXPECT_FALSE(result.passed);
  for (const char* name :
       {"epsilon", "delta", "total_epsilon", "mia_auc", "mia_tpr_at_1pct_fpr", "extraction_rate", "canary_exposure"}) {
    EXPECT_EQ(CheckNamed(result, name).status, CheckStatus::kFail) << name;
  }
  EXPECT_EQ(CheckNamed(result, "epsilon").measured_text, "infinite (no DP)");
  EXPECT_FALSE(CheckNamed(result, "epsilon").measured.has_value());
  // Without a privacy claim there is nothing for the empirical bound to contradict.
  EXPECT_EQ(CheckNamed(result, "one_run_epsilon").status, CheckStatus::kPass);
  EXPECT_GT(*CheckNamed(result, "one_run_epsilon").measured, 1.0);
  EXPECT_EQ(CheckNamed(result, "sampling_as_accounted").status, CheckStatus::kPass);
  EXPECT_FALSE(result.dp_implementation_failure);
}

TEST(Gate, EpsilonAboveMaximumFails) {
  GateConfig config;
  config.max_epsilon = 3.9;
  const GateResult result = EvaluateGate(Documents(true), config);
  const GateCheck& check = CheckNamed(result, "epsilon");
  EXPECT_EQ(check.status, CheckStatus::kFail);
  EXPECT_DOUBLE_EQ(*check.measured, 3.97);
  EXPECT_DOUBLE_EQ(*check.threshold, 3.9);
  EXPECT_THAT(check.explanation, HasSubstr("above the maximum of 3.9"));
  EXPECT_FALSE(result.passed);
}

TEST(Gate, DeltaAutoRequiresDeltaBelowOneOverTrainingRecords) {
  const auto with_delta = [](double delta) {
    return EvaluateEdited([&](json&, json&, json& privacy, json&) { privacy["delta"] = delta; });
  };
  const GateResult small = with_delta(1.0 / 44000);
  EXPECT_EQ(CheckNamed(small, "delta").status, CheckStatus::kPass);
  EXPECT_EQ(CheckNamed(small, "delta").threshold_text, "1/(10\xC2\xB7" "4400)");
  // A delta near 1/n would allow publishing one unit's data outright: the automatic rule is 1 / (10 n).
  EXPECT_EQ(CheckNamed(with_delta(1.0 / 44000 * 1.01), "delta").status, CheckStatus::kFail);
  EXPECT_EQ(CheckNamed(with_delta(1.0 / 4400 * 0.99), "delta").status, CheckStatus::kFail);
}

TEST(Gate, ASeededRunIsNotDifferentiallyPrivateWhateverItsEpsilon) {
  const GateResult result = EvaluateEdited([](json&, json&, json& privacy, json&) {
    privacy["secure_rng"] = false;
    privacy["differentially_private"] = false;
    privacy["not_dp_reason"] = "privacy.secure_rng is false: noise came from the run seed";
  });
  const GateCheck& epsilon = CheckNamed(result, "epsilon");
  EXPECT_EQ(epsilon.status, CheckStatus::kFail);
  EXPECT_EQ(epsilon.measured_text, "not DP (seeded noise)");
  EXPECT_THAT(epsilon.explanation, HasSubstr("NOT DIFFERENTIALLY PRIVATE"));
  EXPECT_THAT(epsilon.explanation, HasSubstr("secure_rng is false"));
  EXPECT_FALSE(result.passed);
}

TEST(Gate, TotalEpsilonOfTheDatasetIsGatedAgainstItsOwnMaximum) {
  const auto with_ledger = [](const json& ledger, GateConfig config) {
    RunDocuments docs = Documents(true);
    docs.ledger = Document(ledger, "dataset_ledger.json");
    return EvaluateGate(docs, config);
  };
  json ledger = Documents(true).ledger.json();
  GateConfig config;
  config.max_total_epsilon = 5.2;
  EXPECT_EQ(CheckNamed(with_ledger(ledger, config), "total_epsilon").status, CheckStatus::kPass);
  config.max_total_epsilon = 5.1;
  const GateResult over = with_ledger(ledger, config);
  EXPECT_EQ(CheckNamed(over, "total_epsilon").status, CheckStatus::kFail);
  EXPECT_DOUBLE_EQ(*CheckNamed(over, "total_epsilon").measured, 5.2);
  EXPECT_THAT(CheckNamed(over, "total_epsilon").explanation, HasSubstr("2 private trainings"));
  EXPECT_THAT(CheckNamed(over, "total_epsilon").explanation, HasSubstr("runs with another privacy.ledger"));
  EXPECT_FALSE(over.passed);
  // One training without a guarantee makes the composition unbounded, whatever the maximum.
  ledger["bounded"] = false;
  ledger["total_epsilon"] = nullptr;
  config.max_total_epsilon = 1000;
  EXPECT_EQ(CheckNamed(with_ledger(ledger, config), "total_epsilon").measured_text, "infinite");
  EXPECT_EQ(CheckNamed(with_ledger(ledger, config), "total_epsilon").status, CheckStatus::kFail);
}

TEST(Gate, DeltaConfiguredMaximumIsInclusive) {
  GateConfig config;
  config.max_delta = 1e-5;
  EXPECT_EQ(CheckNamed(EvaluateGate(Documents(true), config), "delta").status, CheckStatus::kPass);
  config.max_delta = 9e-6;
  EXPECT_EQ(CheckNamed(EvaluateGate(Documents(true), config), "delta").status, CheckStatus::kFail);
}

TEST(Gate, MembershipChecksUseTheUpperConfidenceBoundNotThePointEstimate) {
  // Point estimates within every maximum, upper bounds above them.
  const GateResult result = EvaluateEdited([](json&, json&, json&, json& audit) {
    audit["membership"] = {{"loss", Attack(0.55, 0.65, 0.002, 0.02, 0.02, 0.05)}};
  });
  const GateCheck& auc = CheckNamed(result, "mia_auc");
  EXPECT_EQ(auc.status, CheckStatus::kFail);
  EXPECT_DOUBLE_EQ(*auc.measured, 0.65);
  EXPECT_EQ(CheckNamed(result, "mia_tpr_at_0.1pct_fpr").status, CheckStatus::kFail);
  EXPECT_DOUBLE_EQ(*CheckNamed(result, "mia_tpr_at_0.1pct_fpr").measured, 0.02);
  EXPECT_EQ(CheckNamed(result, "mia_tpr_at_1pct_fpr").status, CheckStatus::kFail);
  EXPECT_DOUBLE_EQ(*CheckNamed(result, "mia_tpr_at_1pct_fpr").measured, 0.05);

  // Upper bounds just within the maxima pass although they are larger than the point estimates.
  const GateResult within = EvaluateEdited([](json&, json&, json&, json& audit) {
    audit["membership"] = {{"loss", Attack(0.52, 0.60, 0.001, 0.01, 0.01, 0.03)}};
  });
  for (const char* name : {"mia_auc", "mia_tpr_at_0.1pct_fpr", "mia_tpr_at_1pct_fpr"}) {
    EXPECT_EQ(CheckNamed(within, name).status, CheckStatus::kPass) << name;
  }
}

TEST(Gate, MembershipChecksTakeTheStrongestAttack) {
  const GateResult result = EvaluateEdited([](json&, json&, json&, json& audit) {
    audit["membership"] = {{"loss", Attack(0.51, 0.53, 0.001, 0.004, 0.01, 0.02)},
                           {"lira_online", Attack(0.70, 0.74, 0.08, 0.12, 0.2, 0.25)}};
  });
  const GateCheck& auc = CheckNamed(result, "mia_auc");
  EXPECT_DOUBLE_EQ(*auc.measured, 0.74);
  EXPECT_THAT(auc.explanation, HasSubstr("lira_online"));
  EXPECT_DOUBLE_EQ(*CheckNamed(result, "mia_tpr_at_1pct_fpr").measured, 0.25);
}

TEST(Gate, MissingTprAtAnFprIsNotEvaluated) {
  const GateResult result = EvaluateEdited([](json&, json&, json&, json& audit) {
    json attack = Attack(0.5, 0.52, 0.0, 0.0, 0.01, 0.02);
    attack["tpr_at_fpr"].erase(0);
    audit["membership"] = {{"loss", attack}};
  });
  EXPECT_EQ(CheckNamed(result, "mia_tpr_at_0.1pct_fpr").status, CheckStatus::kNotEvaluated);
  EXPECT_EQ(CheckNamed(result, "mia_tpr_at_1pct_fpr").status, CheckStatus::kPass);
  EXPECT_FALSE(result.passed);
}

TEST(Gate, OneRunBoundAboveAccountantEpsilonIsADpImplementationFailure) {
  const GateResult result =
      EvaluateEdited([](json&, json&, json&, json& audit) { audit["one_run"]["epsilon_lower_bound"] = 4.2; });
  const GateCheck& check = CheckNamed(result, "one_run_epsilon");
  EXPECT_EQ(check.status, CheckStatus::kFail);
  EXPECT_DOUBLE_EQ(*check.threshold, 3.97);
  EXPECT_THAT(check.explanation, HasSubstr("DP IMPLEMENTATION FAILURE"));
  EXPECT_TRUE(result.dp_implementation_failure);
  EXPECT_FALSE(result.passed);
  EXPECT_THAT(VerdictTable(result), HasSubstr("DP IMPLEMENTATION FAILURE"));

  const GateResult equal =
      EvaluateEdited([](json&, json&, json&, json& audit) { audit["one_run"]["epsilon_lower_bound"] = 3.97; });
  EXPECT_EQ(CheckNamed(equal, "one_run_epsilon").status, CheckStatus::kPass);
  EXPECT_FALSE(equal.dp_implementation_failure);
}

TEST(Gate, ACanaryReconstructionAboveTheClaimIsADpImplementationFailure) {
  // The one-run audit sees nothing, but greedy decoding reproduced a single-copy canary: epsilon >= 15.6.
  const GateResult result = EvaluateEdited([](json&, json&, json&, json& audit) {
    audit["one_run"]["epsilon_lower_bound"] = 0.0;
    audit["one_run"]["power"] = 2.3;
    audit["reconstruction"] = {{"epsilon_lower_bound", 15.6}, {"power", 17.7}, {"confidence", 0.95}};
  });
  const GateCheck& check = CheckNamed(result, "one_run_epsilon");
  EXPECT_EQ(check.status, CheckStatus::kFail);
  EXPECT_DOUBLE_EQ(*check.measured, 15.6);
  EXPECT_THAT(check.explanation, HasSubstr("canary reconstruction"));
  EXPECT_TRUE(result.dp_implementation_failure);
}

TEST(Gate, WhiteBoxGradientCanariesAboveTheClaimAreADpImplementationFailure) {
  const GateResult result = EvaluateEdited([](json&, json&, json&, json& audit) {
    audit["gradient_canaries"] = {{"ran", true}, {"epsilon_lower_bound", 9.1}, {"power", 9.7}, {"confidence", 0.95}};
  });
  const GateCheck& check = CheckNamed(result, "one_run_epsilon");
  EXPECT_EQ(check.status, CheckStatus::kFail);
  EXPECT_DOUBLE_EQ(*check.measured, 9.1);
  EXPECT_THAT(check.explanation, HasSubstr("white-box gradient canaries"));
  // Canaries that did not run give no bound and do not count.
  // Canaries that did not run give no bound; what is left (one-run) cannot refute 3.97, so the check cannot pass.
  const GateResult absent = EvaluateEdited(
      [](json&, json&, json&, json& audit) { audit["gradient_canaries"] = {{"ran", false}, {"why", "resumed"}}; });
  EXPECT_EQ(CheckNamed(absent, "one_run_epsilon").status, CheckStatus::kNotEvaluated);
  EXPECT_FALSE(absent.passed);
}

TEST(Gate, TheEmpiricalCheckSaysHowTheAuditSplitItsConfidence) {
  const GateResult result = EvaluateGate(Documents(true), GateConfig{});
  EXPECT_THAT(CheckNamed(result, "one_run_epsilon").explanation,
              HasSubstr("Each of the audit's 3 tests of the claim runs at 98.3% confidence, so together they refute a "
                        "correct training with probability at most 0.05."));
}

TEST(Gate, ASamplerThatIsNotPoissonAtTheAccountantsRateIsADpImplementationFailure) {
  const GateResult honest = EvaluateGate(Documents(true), GateConfig{});
  EXPECT_EQ(CheckNamed(honest, "sampling_as_accounted").status, CheckStatus::kPass);
  EXPECT_THAT(CheckNamed(honest, "sampling_as_accounted").explanation, HasSubstr("200000 canaries and 35 steps"));
  const GateResult shuffled = EvaluateEdited([](json&, json&, json&, json& audit) {
    audit["gradient_canaries"]["sampling"] = SamplingJson(/*poisson=*/false);
  });
  const GateCheck& check = CheckNamed(shuffled, "sampling_as_accounted");
  EXPECT_EQ(check.status, CheckStatus::kFail);
  EXPECT_GT(*check.measured, *check.threshold);
  EXPECT_THAT(check.explanation, HasSubstr("DP IMPLEMENTATION FAILURE"));
  EXPECT_TRUE(shuffled.dp_implementation_failure);
  EXPECT_FALSE(shuffled.passed);
  // No record (the canaries did not run): not evaluated, unless the configuration accepts that.
  const auto without = [](json&, json&, json&, json& audit) { audit["gradient_canaries"].erase("sampling"); };
  EXPECT_EQ(CheckNamed(EvaluateEdited(without), "sampling_as_accounted").status, CheckStatus::kNotEvaluated);
  GateConfig accepting;
  accepting.accept_unresolvable = true;
  EXPECT_EQ(CheckNamed(EvaluateEdited(without, accepting), "sampling_as_accounted").status,
            CheckStatus::kNotApplicable);
}

TEST(Gate, AnAuditWithoutThePowerToRefuteTheClaimSaysSo) {
  const auto weak = [](json&, json&, json&, json& audit) {
    audit["one_run"]["epsilon_lower_bound"] = 0.0;
    audit["one_run"]["power"] = 2.3;
    audit.erase("gradient_canaries");
  };
  const GateResult result = EvaluateEdited(weak);
  const GateCheck& check = CheckNamed(result, "one_run_epsilon");
  EXPECT_EQ(check.status, CheckStatus::kNotEvaluated);
  EXPECT_EQ(check.measured_text, "not resolvable");
  EXPECT_THAT(check.explanation, HasSubstr("could have refuted is 2.3, below the claim"));
  GateConfig accepting;
  accepting.accept_unresolvable = true;
  EXPECT_EQ(CheckNamed(EvaluateEdited(weak, accepting), "one_run_epsilon").status, CheckStatus::kNotApplicable);
  const GateResult powerful = EvaluateEdited([](json&, json&, json&, json& audit) {
    audit["one_run"]["epsilon_lower_bound"] = 0.0;
    audit["reconstruction"] = {{"epsilon_lower_bound", 0.0}, {"power", 17.7}};
  });
  EXPECT_THAT(CheckNamed(powerful, "one_run_epsilon").explanation, HasSubstr("could have refuted is 17.7."));
}

TEST(Gate, OneRunCheckCanBeSwitchedOff) {
  GateConfig config;
  config.empirical_eps_within_claim = false;
  const GateResult result =
      EvaluateEdited([](json&, json&, json&, json& audit) { audit["one_run"]["epsilon_lower_bound"] = 9.0; }, config);
  EXPECT_EQ(result.Find("one_run_epsilon"), nullptr);
  EXPECT_EQ(result.checks.size(), 11u);
  EXPECT_TRUE(result.passed);
}

// The gate compares a 95% upper bound on the excess, from each group's Clopper-Pearson interval, not the point
// estimates; below the sample size that could show the threshold the check is not resolvable, unless the sample
// already shows a leak.
TEST(Gate, ExtractionRateIsABoundOnTheExcessOverTheNonMemberBaseline) {
  const auto with_counts = [&](size_t member_hits, size_t member_trials, size_t baseline_hits, size_t baseline_trials,
                               GateConfig config) {
    return CheckNamed(EvaluateEdited(
                          [&](json&, json&, json&, json& audit) {
                            audit["extraction"]["combined"]["members"] =
                                audit::rate_with_interval(member_hits, member_trials);
                            if (baseline_trials > 0) {
                              audit["extraction"]["combined"]["non_members"] =
                                  audit::rate_with_interval(baseline_hits, baseline_trials);
                            } else {
                              audit["extraction"]["combined"].erase("non_members");
                            }
                          },
                          config),
                      "extraction_rate");
  };
  GateConfig config;
  config.max_extraction_rate = 0.03;
  const GateCheck explained = with_counts(50, 2000, 45, 2000, config);
  EXPECT_EQ(explained.status, CheckStatus::kPass) << explained.explanation;
  EXPECT_NEAR(*explained.measured,
              audit::clopper_pearson(50, 2000).upper - audit::clopper_pearson(45, 2000).lower, 1e-12);
  EXPECT_GT(*explained.measured, 0.0025);  // the bound, far above the 0.25% point difference
  EXPECT_EQ(with_counts(200, 2000, 40, 2000, config).status, CheckStatus::kFail);
  // Point estimates 3.5% and 1%: an excess of 2.5% is below the maximum, its upper bound is not.
  EXPECT_EQ(with_counts(70, 2000, 20, 2000, config).status, CheckStatus::kFail);

  config.max_extraction_rate = 0.01;
  const GateCheck no_baseline = with_counts(40, 2000, 0, 0, config);
  EXPECT_EQ(no_baseline.status, CheckStatus::kFail);
  EXPECT_NEAR(*no_baseline.measured, audit::clopper_pearson(40, 2000).upper, 1e-12);

  config.max_extraction_rate = 0.001;
  const GateCheck too_few = with_counts(0, 1000, 0, 1000, config);
  EXPECT_EQ(too_few.status, CheckStatus::kNotEvaluated);
  EXPECT_THAT(too_few.explanation, HasSubstr("at least 3688 member trials"));
  config.accept_unresolvable = true;
  EXPECT_EQ(with_counts(0, 1000, 0, 1000, config).status, CheckStatus::kNotApplicable);
  EXPECT_EQ(with_counts(40, 1000, 0, 1000, config).status, CheckStatus::kFail);  // few trials, but a clear leak
  EXPECT_EQ(with_counts(0, 3688, 0, 3688, config).status, CheckStatus::kPass);

  config.accept_unresolvable = false;
  config.max_extraction_rate = 0.0;  // no sample can show a rate of exactly 0
  const GateCheck zero = with_counts(0, 100000, 0, 100000, config);
  EXPECT_EQ(zero.status, CheckStatus::kNotEvaluated);
  EXPECT_THAT(zero.explanation, HasSubstr("cannot be shown with any number of trials"));
}

// The worst canary decides, not a group's median; and a canary written out verbatim fails whatever its exposure.
TEST(Gate, TheWorstCanaryAndAnyVerbatimCanaryExtractionDecide) {
  const auto canary_check = [](json exposure, size_t extracted) {
    return CheckNamed(EvaluateEdited([&](json&, json&, json&, json& audit) {
                        audit["canaries"]["exposure"] = exposure;
                        audit["canaries"]["extraction"] =
                            json::array({{{"repetitions", 1}, {"exact_match", audit::rate_with_interval(extracted, 8)}}});
                      }),
                      "canary_exposure");
  };
  const json three_of_eight_memorised = {
      {{"repetitions", 1}, {"exposure_bits", {{"count", 8}, {"median", 1.0}, {"max", 25.0}}}},
      {{"repetitions", 16}, {"exposure_bits", {{"count", 8}, {"median", 2.5}, {"max", 6.0}}}}};
  const GateCheck worst = canary_check(three_of_eight_memorised, 0);
  EXPECT_EQ(worst.status, CheckStatus::kFail);
  EXPECT_DOUBLE_EQ(*worst.measured, 25.0);
  EXPECT_THAT(worst.explanation, HasSubstr("most exposed of 16 inserted canaries (inserted once)"));
  EXPECT_THAT(worst.explanation, HasSubstr("never inserted"));

  const json low = {{{"repetitions", 4}, {"exposure_bits", {{"count", 8}, {"median", 1.0}, {"max", 3.0}}}}};
  EXPECT_EQ(canary_check(low, 0).status, CheckStatus::kPass);
  const GateCheck written_out = canary_check(low, 1);
  EXPECT_EQ(written_out.status, CheckStatus::kFail);
  EXPECT_THAT(written_out.explanation, HasSubstr("wrote 1 of 8 inserted canaries' secrets verbatim"));
}

TEST(Gate, ResidualPii) {
  const GateResult left =
      EvaluateEdited([](json&, json& hygiene, json&, json&) { hygiene["scrub"]["residual_total"] = 2; });
  EXPECT_EQ(CheckNamed(left, "residual_pii").status, CheckStatus::kFail);
  EXPECT_DOUBLE_EQ(*CheckNamed(left, "residual_pii").measured, 2.0);

  GateConfig lenient;
  lenient.max_residual_pii = 2;
  EXPECT_EQ(CheckNamed(EvaluateEdited(
                           [](json&, json& hygiene, json&, json&) { hygiene["scrub"]["residual_total"] = 2; }, lenient),
                       "residual_pii")
                .status,
            CheckStatus::kPass);

  const GateResult no_scan =
      EvaluateEdited([](json&, json& hygiene, json&, json&) { hygiene["scrub"]["residual_scan"] = false; });
  EXPECT_EQ(CheckNamed(no_scan, "residual_pii").status, CheckStatus::kNotEvaluated);
  const GateResult no_scrub = EvaluateEdited([](json&, json& hygiene, json&, json&) { hygiene.erase("scrub"); });
  EXPECT_EQ(CheckNamed(no_scrub, "residual_pii").status, CheckStatus::kNotEvaluated);
  EXPECT_THAT(CheckNamed(no_scrub, "residual_pii").explanation, HasSubstr("did not run"));
  // What the hygiene stage writes when scrubbing is switched off.
  const GateResult disabled =
      EvaluateEdited([](json&, json& hygiene, json&, json&) { hygiene["scrub"] = {{"enabled", false}}; });
  EXPECT_EQ(CheckNamed(disabled, "residual_pii").status, CheckStatus::kNotEvaluated);
  EXPECT_THAT(CheckNamed(disabled, "residual_pii").explanation, HasSubstr("did not run"));
}

TEST(Gate, NearDuplicateRateIsMeasuredOnTheTrainingRecords) {
  const GateResult clean = EvaluateGate(Documents(true), GateConfig{});
  const GateCheck& check = CheckNamed(clean, "near_duplicate_rate");
  EXPECT_EQ(check.status, CheckStatus::kPass);
  EXPECT_NEAR(*check.measured, 8.0 / 4000.0, 1e-12);
  // 200 of 4000 training records with a near twin: the check measures that, whatever hygiene claims it removed.
  const GateResult leaky = EvaluateGate(Documents(false), GateConfig{});
  EXPECT_EQ(CheckNamed(leaky, "near_duplicate_rate").status, CheckStatus::kFail);
  EXPECT_NEAR(*CheckNamed(leaky, "near_duplicate_rate").measured, 0.05, 1e-12);
  const GateResult unmeasured = EvaluateEdited([](json&, json&, json&, json& audit) { audit.erase("ground_truth"); });
  EXPECT_EQ(CheckNamed(unmeasured, "near_duplicate_rate").status, CheckStatus::kNotEvaluated);
}

TEST(Gate, AnAucBelowOneHalfCountsInTheOtherDirection) {
  // An attack whose ranking is reversed (members score lower) separates as well as its mirror image.
  const GateResult result = EvaluateEdited([](json&, json&, json&, json& audit) {
    json attack = Attack(0.30, 0.33, 0.0, 0.0, 0.0, 0.0);
    attack["auc_interval"]["lower"] = 0.27;
    audit["membership"] = {{"loss", attack}};
  });
  const GateCheck& auc = CheckNamed(result, "mia_auc");
  EXPECT_EQ(auc.status, CheckStatus::kFail);
  EXPECT_NEAR(*auc.measured, 0.73, 1e-12);
}

TEST(Gate, TprAtAnFprTheSampleCannotResolveIsNotEvaluated) {
  EXPECT_EQ(NonMembersToResolve(0.001, 0.95), 2995.0);
  EXPECT_EQ(NonMembersToResolve(0.01, 0.95), 299.0);
  const auto with_non_members = [](double count) {
    return [count](json&, json&, json&, json& audit) {
      for (auto& [name, attack] : audit["membership"].items()) attack["non_members"] = count;
    };
  };
  // 800 non-members resolve 1% FPR but not 0.1%, however small the measured TPR.
  const GateResult small = EvaluateEdited(with_non_members(800));
  const GateCheck& fine = CheckNamed(small, "mia_tpr_at_0.1pct_fpr");
  EXPECT_EQ(fine.status, CheckStatus::kNotEvaluated);
  EXPECT_THAT(fine.explanation, HasSubstr("800 non-members"));
  EXPECT_THAT(fine.explanation, HasSubstr("2995"));
  EXPECT_EQ(CheckNamed(small, "mia_tpr_at_1pct_fpr").status, CheckStatus::kPass);
  EXPECT_FALSE(small.passed);
  // Accepted explicitly: not applicable, and the report says so.
  GateConfig accepting;
  accepting.accept_unresolvable = true;
  const GateResult accepted = EvaluateEdited(with_non_members(800), accepting);
  EXPECT_EQ(CheckNamed(accepted, "mia_tpr_at_0.1pct_fpr").status, CheckStatus::kNotApplicable);
  EXPECT_THAT(CheckNamed(accepted, "mia_tpr_at_0.1pct_fpr").explanation, HasSubstr("accept_unresolvable"));
  EXPECT_TRUE(accepted.passed);
  // At the boundary the check is evaluated.
  EXPECT_EQ(CheckNamed(EvaluateEdited(with_non_members(2995)), "mia_tpr_at_0.1pct_fpr").status, CheckStatus::kPass);
}

TEST(Gate, AnEmptyRunDirectoryIsNotEvaluatedAndFailsByDefault) {
  const auto dir = testing::FreshDirectory("empty_run");
  const GateResult strict = EvaluateGate(dir, GateConfig{});
  EXPECT_EQ(strict.Count(CheckStatus::kNotEvaluated), 12);
  EXPECT_FALSE(strict.passed);
  EXPECT_THAT(VerdictTable(strict), HasSubstr("gate: FAIL"));

  GateConfig lenient;
  lenient.fail_on_not_evaluated = false;
  const GateResult allowed = EvaluateGate(dir, lenient);
  EXPECT_TRUE(allowed.passed);
  EXPECT_THAT(VerdictTable(allowed), HasSubstr("gate: PASS"));
}

TEST(Gate, NotEvaluatedDoesNotRescueAFailure) {
  GateConfig lenient;
  lenient.fail_on_not_evaluated = false;
  const GateResult result = EvaluateEdited(
      [](json&, json&, json& privacy, json& audit) {
        privacy["epsilon"] = 20.0;
        audit.erase("canaries");
      },
      lenient);
  EXPECT_EQ(CheckNamed(result, "canary_exposure").status, CheckStatus::kNotEvaluated);
  EXPECT_EQ(CheckNamed(result, "epsilon").status, CheckStatus::kFail);
  EXPECT_FALSE(result.passed);
}

TEST(Gate, MalformedDocumentsNameTheFileAndField) {
  try {
    EvaluateEdited([](json&, json&, json&, json& audit) { audit["membership"]["loss"]["auc"] = "high"; });
    FAIL() << "expected common::InputError";
  } catch (const common::InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr("audit.json /membership/loss"));
    EXPECT_THAT(error.what(), HasSubstr("/auc must be a number"));
  }
  EXPECT_THROW(EvaluateEdited([](json&, json&, json& privacy, json&) { privacy.erase("enabled"); }),
               common::InputError);

  const auto dir = testing::FreshDirectory("broken_json");
  std::ofstream(dir / "privacy.json") << "{\"enabled\": tru";
  try {
    EvaluateGate(dir, GateConfig{});
    FAIL() << "expected common::InputError";
  } catch (const common::InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr("privacy.json: is not valid JSON"));
  }
  EXPECT_THROW(EvaluateGate(dir / "missing", GateConfig{}), common::InputError);
}

TEST(Gate, ToJsonCarriesVerdictSummaryAndEveryCheck) {
  const json gate = ToJson(EvaluateGate(Documents(false), GateConfig{}));
  EXPECT_EQ(gate["verdict"], "fail");
  EXPECT_EQ(gate["checks"].size(), 13u);
  EXPECT_EQ(gate["summary"]["fail"].get<int>() + gate["summary"]["pass"].get<int>() +
                gate["summary"]["not_evaluated"].get<int>(),
            12);
  EXPECT_EQ(gate["summary"]["not_applicable"], 1);  // cloning a language model
  EXPECT_TRUE(gate["checks"][0]["measured"].is_null());
  EXPECT_EQ(gate["checks"][0]["status"], "fail");
}

TEST(Gate, ClassifierRunHasNotApplicableChecksThatDoNotFailTheGate) {
  const GateResult result = EvaluateGate(testing::ClassifierDocuments(false), GateConfig{});
  EXPECT_TRUE(result.passed) << VerdictTable(result);
  ASSERT_EQ(result.checks.size(), 13u);
  const GateCheck& extraction = CheckNamed(result, "extraction_rate");
  EXPECT_EQ(extraction.status, CheckStatus::kNotApplicable);
  EXPECT_EQ(extraction.measured_text, "not applicable");
  EXPECT_EQ(extraction.source, "manifest.json");  // decided from the task, not from audit.json's word
  EXPECT_FALSE(extraction.measured.has_value());
  EXPECT_THAT(extraction.explanation, HasSubstr("labels, not text"));
  // A classifier's canaries carry planted labels; its one-run audit and white-box canaries test its claim.
  EXPECT_EQ(CheckNamed(result, "canary_exposure").status, CheckStatus::kPass);
  EXPECT_EQ(CheckNamed(result, "one_run_epsilon").status, CheckStatus::kPass);
  EXPECT_EQ(CheckNamed(result, "clone_advantage").status, CheckStatus::kPass);
  EXPECT_EQ(result.Count(CheckStatus::kNotApplicable), 1);
  EXPECT_EQ(result.Count(CheckStatus::kPass), 12);
  EXPECT_EQ(ToJson(result)["summary"]["not_applicable"], 1);
  EXPECT_THAT(VerdictTable(result), HasSubstr("1 not applicable"));

  // Not applicable does not count as not evaluated, even when that fails the gate.
  GateConfig strict;
  strict.fail_on_not_evaluated = true;
  EXPECT_TRUE(EvaluateGate(testing::ClassifierDocuments(false), strict).passed);

  // The membership checks judge a classifier as they judge a language model.
  const GateResult leaky = EvaluateGate(testing::ClassifierDocuments(true), GateConfig{});
  EXPECT_FALSE(leaky.passed);
  EXPECT_EQ(CheckNamed(leaky, "mia_auc").status, CheckStatus::kFail);
  EXPECT_EQ(CheckNamed(leaky, "extraction_rate").status, CheckStatus::kNotApplicable);
}

// A membership attack the configuration asked for and the audit could not run is named with its reason, so the
// "strongest attack" is read as the strongest of those that ran.
TEST(Gate, MembershipChecksNameRequestedAttacksThatDidNotRun) {
  RunDocuments docs = testing::ClassifierDocuments(false);
  json audit = docs.audit.json();
  audit["not_run"] = {{"lira_online", "no reference models for this task"},
                      {"rmia", "no reference models for this task"},
                      {"clone", "no validation records"}};
  docs.audit = Document(audit, "audit.json");
  const GateResult result = EvaluateGate(docs, GateConfig{});
  for (const char* name : {"mia_auc", "mia_tpr_at_1pct_fpr"}) {
    EXPECT_THAT(CheckNamed(result, name).explanation,
                HasSubstr("Requested but not run: lira_online, rmia (no reference models for this task)"))
        << name;
    EXPECT_THAT(CheckNamed(result, name).explanation, Not(HasSubstr("validation records"))) << name;
  }
}

// Planted labels: the worst repetition group against the never-inserted canaries, with a family confidence.
TEST(Gate, AClassifierThatLearnedItsCanariesPlantedLabelsFails) {
  const GateCheck& honest = CheckNamed(EvaluateGate(testing::ClassifierDocuments(false), GateConfig{}),
                                       "canary_exposure");
  EXPECT_EQ(honest.status, CheckStatus::kPass);
  EXPECT_THAT(honest.explanation, HasSubstr("6 of 16 canaries inserted once, 6 of 16 canaries inserted 16 times, "
                                            "against 16 of 48 never inserted"));
  const GateCheck& leaky = CheckNamed(EvaluateGate(testing::ClassifierDocuments(true), GateConfig{}),
                                      "canary_exposure");
  EXPECT_EQ(leaky.status, CheckStatus::kFail);
  // Clopper-Pearson at 1 - 0.05 / 2 groups per interval: 16 of 16 inserted against 16 of 48 never inserted.
  ASSERT_TRUE(leaky.measured.has_value());
  EXPECT_NEAR(*leaky.measured,
              audit::clopper_pearson(16, 16, 0.975).lower - audit::clopper_pearson(16, 48, 0.975).upper, 1e-12);
  EXPECT_GT(*leaky.measured, 0.2);
  EXPECT_THAT(leaky.explanation, HasSubstr("learned labels it saw only in the canaries"));

  RunDocuments without = testing::ClassifierDocuments(false);
  json audit = without.audit.json();
  audit.erase("canaries");
  without.audit = Document(audit, "audit.json");
  EXPECT_EQ(CheckNamed(EvaluateGate(without, GateConfig{}), "canary_exposure").status, CheckStatus::kNotEvaluated);
}

// Cloning is judged at the serving policy and query budget, against the adversary's own labels of the same queries.
TEST(Gate, CloningIsJudgedAsTheAdvantageTheServedAnswersGiveOverOwnLabels) {
  const GateCheck& label = CheckNamed(EvaluateGate(testing::ClassifierDocuments(false), GateConfig{}),
                                      "clone_advantage");
  EXPECT_EQ(label.status, CheckStatus::kPass) << label.explanation;
  // Label-only at 200 queries: fidelity 0.725 (up to 0.755) against own labels 0.72 (from 0.68).
  EXPECT_NEAR(*label.measured, 0.755 - 0.68, 1e-9);
  EXPECT_THAT(label.explanation, HasSubstr("200 queries answered under 'label'"));
  const GateCheck& probabilities = CheckNamed(EvaluateGate(testing::ClassifierDocuments(true), GateConfig{}),
                                              "clone_advantage");
  EXPECT_EQ(probabilities.status, CheckStatus::kFail);
  EXPECT_NEAR(*probabilities.measured, 0.905 - 0.68, 1e-9);

  const auto edited = [](const std::function<void(json&)>& edit) {
    RunDocuments docs = testing::ClassifierDocuments(false);
    json audit = docs.audit.json();
    edit(audit);
    docs.audit = Document(audit, "audit.json");
    return CheckNamed(EvaluateGate(docs, GateConfig{}), "clone_advantage");
  };
  // A budget the adversary's pool could not supply, a missing baseline, or no cloning at all: not evaluated.
  EXPECT_EQ(edited([](json& audit) { audit["clone"]["serving"]["budget"] = 1000; }).status,
            CheckStatus::kNotEvaluated);
  EXPECT_EQ(edited([](json& audit) { audit["clone"]["baseline"] = json::array(); }).status,
            CheckStatus::kNotEvaluated);
  const GateCheck none = edited([](json& audit) {
    audit.erase("clone");
    audit["not_run"]["clone"] = "no validation records";
  });
  EXPECT_EQ(none.status, CheckStatus::kNotEvaluated);
  EXPECT_THAT(none.explanation, HasSubstr("no validation records"));
}

// The gate decides what applies from the task: a language model's audit.json that calls its extraction, canaries and
// empirical privacy test "not applicable" (and measured none of them) gets no pass for them.
TEST(Gate, ALanguageModelCannotBeExcusedByAuditJson) {
  const GateResult result = EvaluateEdited([](json&, json&, json&, json& audit) {
    for (const char* part : {"extraction", "canaries", "one_run", "gradient_canaries", "reconstruction"}) {
      audit.erase(part);
    }
    audit["not_applicable"] = {{"extraction", "a classifier answers with labels"},
                               {"canaries", "no canaries"},
                               {"one_run", "nothing to guess"}};
  });
  EXPECT_FALSE(result.passed);
  for (const char* name : {"one_run_epsilon", "extraction_rate", "canary_exposure"}) {
    const GateCheck& check = CheckNamed(result, name);
    EXPECT_EQ(check.status, CheckStatus::kNotEvaluated) << name;
    EXPECT_THAT(check.explanation, HasSubstr("which the gate does not accept for a language model")) << name;
  }
}

TEST(Gate, TheVerdictWrittenOnceIsTheVerdictReadBack) {
  // The gate stage writes gate.json; the reports and the run's exit code read it instead of evaluating again.
  for (const bool private_training : {true, false}) {
    const std::string name = private_training ? "gate_read_private" : "gate_read_leaky";
    const std::filesystem::path dir = testing::WriteDocumentsDirectory(name, Documents(private_training));
    GateConfig config;
    const GateResult evaluated = EvaluateGate(dir, config);
    std::ofstream(dir / common::kGateFile) << ToJson(evaluated).dump(2);
    const GateResult read = ReadGateResult(dir, config);
    EXPECT_EQ(ToJson(read), ToJson(evaluated));
    EXPECT_EQ(read.passed, private_training);
    EXPECT_TRUE(read.documents.audit.present());
  }
}

TEST(Gate, AMissingOrMalformedGateFileIsAnInputError) {
  const std::filesystem::path dir = testing::WriteDocumentsDirectory("gate_read_malformed", Documents(true));
  std::filesystem::remove(dir / common::kGateFile);
  EXPECT_THROW(ReadGateResult(dir, GateConfig{}), common::InputError);
  std::ofstream(dir / common::kGateFile) << R"({"verdict": "pass", "checks": [{"name": 3}]})";
  try {
    ReadGateResult(dir, GateConfig{});
    FAIL() << "a malformed gate.json must be an input error";
  } catch (const common::InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr("gate.json"));
  }
}

// A passing private run with a model in it, attacked by the red team of tier `tier` (clone agreement as given).
std::filesystem::path RedTeamedRun(const std::string& name, const std::string& tier, double clone_agreement) {
  const std::filesystem::path dir = testing::WriteRunDirectory(name, true);
  testing::WriteModelFiles(dir, "weights v1");
  std::filesystem::create_directories(dir / common::kRedTeamDir);
  testing::WriteJson(dir / common::RedTeamFile(tier), testing::LanguageModelRedTeamJson(dir, tier, clone_agreement));
  return dir;
}

TEST(Gate, EachRedTeamCheckIsAGateCheckAndAFailedOneFailsTheRelease) {
  const std::filesystem::path passing = RedTeamedRun("gate_redteam_pass", "public", 0.23);
  const GateResult result = EvaluateGate(passing, GateConfig{});
  EXPECT_TRUE(result.passed) << VerdictTable(result);
  ASSERT_EQ(result.checks.size(), 13u + 4u);
  const GateCheck& clone = CheckNamed(result, "redteam.public.clone_agreement");
  EXPECT_EQ(clone.status, CheckStatus::kPass);
  EXPECT_EQ(clone.measured_text, "23%");
  EXPECT_EQ(clone.source, "redteam/redteam-public.json");
  EXPECT_THAT(clone.explanation, HasSubstr("watermarked text, up to 64 tokens"));
  EXPECT_THAT(clone.explanation, HasSubstr("picks the model's next token"));
  EXPECT_EQ(CheckNamed(result, "redteam.public.watermark_in_clone").measured_text, "p = 7.5e-13");
  EXPECT_EQ(CheckNamed(result, "redteam.public.width_hidden:128").measured_text, "no width estimated");
  EXPECT_THAT(CheckNamed(result, "clone_advantage").explanation, HasSubstr("clone_agreement"));

  const std::filesystem::path cloned = RedTeamedRun("gate_redteam_fail", "public", 0.91);
  const GateResult failed = EvaluateGate(cloned, GateConfig{});
  EXPECT_FALSE(failed.passed);
  EXPECT_EQ(CheckNamed(failed, "redteam.public.clone_agreement").status, CheckStatus::kFail);
  EXPECT_EQ(failed.Count(CheckStatus::kFail), 1);

  // A result that calls a clone at 91% agreement a pass is contradicted by its own numbers.
  json lenient = testing::LanguageModelRedTeamJson(cloned, "public", 0.91);
  lenient["checks"][2]["passed"] = true;
  testing::WriteJson(cloned / common::RedTeamFile("public"), lenient);
  const GateCheck& contradicted = CheckNamed(EvaluateGate(cloned, GateConfig{}), "redteam.public.clone_agreement");
  EXPECT_EQ(contradicted.status, CheckStatus::kFail);
  EXPECT_THAT(contradicted.explanation, HasSubstr("its own numbers contradict"));

  // A kind of check the gate does not know cannot pass: it cannot tell what its numbers mean.
  json unknown = testing::LanguageModelRedTeamJson(cloned, "public", 0.2);
  unknown["checks"][0]["name"] = "looks_fine";
  testing::WriteJson(cloned / common::RedTeamFile("public"), unknown);
  const GateResult with_unknown = EvaluateGate(cloned, GateConfig{});
  EXPECT_EQ(CheckNamed(with_unknown, "redteam.public.looks_fine").status, CheckStatus::kFail);
  EXPECT_FALSE(with_unknown.passed);
}

TEST(Gate, ARedTeamOfAnotherModelOrNoneAtAllIsNotEvaluated) {
  const std::filesystem::path dir = RedTeamedRun("gate_redteam_stale", "public", 0.23);
  // Retrained after the red team ran: its result says nothing about the model in the directory now.
  testing::WriteModelFiles(dir, "weights v2");
  const GateResult stale = EvaluateGate(dir, GateConfig{});
  EXPECT_FALSE(stale.passed);
  EXPECT_EQ(stale.Find("redteam.public.clone_agreement"), nullptr);
  EXPECT_EQ(CheckNamed(stale, "redteam.public").status, CheckStatus::kNotEvaluated);
  EXPECT_THAT(CheckNamed(stale, "redteam.public").explanation, HasSubstr("its files differ"));
  // An extra file in the model directory is another model too.
  testing::WriteModelFiles(dir, "weights v1");
  std::ofstream(dir / "model" / "extra.bin") << "x";
  EXPECT_EQ(CheckNamed(EvaluateGate(dir, GateConfig{}), "redteam.public").status, CheckStatus::kNotEvaluated);
  std::filesystem::remove(dir / "model" / "extra.bin");
  EXPECT_TRUE(EvaluateGate(dir, GateConfig{}).passed);

  // Edited serving config: the tier now answers otherwise than the red team saw.
  std::ofstream(dir / "serve.yaml", std::ios::app) << "# top-k for everyone\n";
  EXPECT_THAT(CheckNamed(EvaluateGate(dir, GateConfig{}), "redteam.public").explanation,
              HasSubstr("changed after the red team attacked"));
  testing::WriteJson(dir / common::RedTeamFile("public"), testing::LanguageModelRedTeamJson(dir, "public", 0.23));
  EXPECT_TRUE(EvaluateGate(dir, GateConfig{}).passed);

  // A tier the gate requires that no red team attacked fails the release, whatever fail_on_not_evaluated says; one it
  // does not require is not asked for.
  GateConfig requires_partner;
  requires_partner.redteam_tiers = {"partner"};
  requires_partner.fail_on_not_evaluated = false;
  const GateResult missing = EvaluateGate(dir, requires_partner);
  EXPECT_FALSE(missing.passed);
  EXPECT_EQ(CheckNamed(missing, "redteam.partner").status, CheckStatus::kFail);
  EXPECT_THAT(CheckNamed(missing, "redteam.partner").explanation, HasSubstr("--tier partner"));
  EXPECT_EQ(CheckNamed(missing, "redteam.public.clone_agreement").status, CheckStatus::kPass);
  EXPECT_EQ(EvaluateGate(testing::WriteRunDirectory("gate_redteam_none", true), GateConfig{}).checks.size(), 13u);

  // A result that does not say what it attacked cannot vouch for this model.
  json anonymous = testing::LanguageModelRedTeamJson(dir, "public", 0.23);
  anonymous.erase("model");
  testing::WriteJson(dir / common::RedTeamFile("public"), anonymous);
  EXPECT_THAT(CheckNamed(EvaluateGate(dir, GateConfig{}), "redteam.public").explanation,
              HasSubstr("does not say which model"));
}

TEST(Gate, AMalformedRedTeamResultIsAnInputError) {
  const std::filesystem::path dir = RedTeamedRun("gate_redteam_malformed", "public", 0.23);
  json result = testing::LanguageModelRedTeamJson(dir, "public", 0.23);
  result["checks"][2].erase("passed");
  testing::WriteJson(dir / common::RedTeamFile("public"), result);
  try {
    EvaluateGate(dir, GateConfig{});
    FAIL() << "a check without its verdict must be an input error";
  } catch (const common::InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr("redteam-public.json /checks/2"));
    EXPECT_THAT(error.what(), HasSubstr("/passed"));
  }
  std::ofstream(dir / common::RedTeamFile("public")) << "{\"tier\": ";
  EXPECT_THROW(EvaluateGate(dir, GateConfig{}), common::InputError);

  // A file of one tier cannot stand in for another: redteam-public_old.json naming tier "public".
  testing::WriteJson(dir / common::RedTeamFile("public"), testing::LanguageModelRedTeamJson(dir, "public", 0.23));
  testing::WriteJson(dir / common::RedTeamFile("public_old"), testing::LanguageModelRedTeamJson(dir, "public", 0.23));
  try {
    EvaluateGate(dir, GateConfig{});
    FAIL() << "a result naming another tier than its file must be an input error";
  } catch (const common::InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr("redteam-public_old.json: /tier must be the tier its file is named after"));
  }
}

}  // namespace
}  // namespace leakgate::report
