// Golden scores: leakgate's LiRA and RMIA against the reference implementations (TF Privacy's compute_score_lira,
// privacy_meter's run_rmia) run unmodified on the same signal arrays by scripts/gen_reference_mia_fixtures.py.
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "audit/metrics/mia_scores.h"
#include "audit/metrics/roc.h"
#include "fixtures.h"

namespace leakgate::audit {
namespace {

using testing::load_fixture;

ReferenceLosses Observations(const nlohmann::json& fixture, const std::string& prefix) {
  const std::vector<double> target = fixture[prefix + "target_loss"];
  const std::vector<std::vector<double>> reference = fixture[prefix + "reference_loss"];
  const std::vector<std::vector<bool>> reference_in = fixture[prefix + "reference_in"];
  const auto n = static_cast<Eigen::Index>(target.size());
  const auto k = static_cast<Eigen::Index>(reference.at(0).size());
  ReferenceLosses observations;
  observations.target = Eigen::Map<const Eigen::VectorXd>(target.data(), n);
  observations.reference.resize(n, k);
  observations.reference_in.resize(n, k);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < k; ++j) {
      observations.reference(i, j) = reference[i][j];
      observations.reference_in(i, j) = reference_in[i][j];
    }
  }
  return observations;
}

// Agreement to 1e-6 relative to the magnitude (absolute near zero); `sign` turns the reference's orientation into ours.
void ExpectScoresMatch(const std::vector<double>& ours, const std::vector<double>& reference, double sign = 1.0) {
  ASSERT_EQ(ours.size(), reference.size());
  for (std::size_t i = 0; i < ours.size(); ++i) {
    EXPECT_NEAR(ours[i], sign * reference[i], 1e-6 * (1.0 + std::fabs(reference[i]))) << "example " << i;
  }
}

std::vector<bool> Members(const nlohmann::json& fixture) { return fixture["is_member"].get<std::vector<bool>>(); }

double Auc(const std::vector<double>& scores, const std::vector<bool>& is_member) {
  return roc_auc(roc_curve(scores, is_member));
}

class ReferenceMia : public ::testing::Test {
 protected:
  const nlohmann::json fixture_ = load_fixture("reference_mia");
  const ReferenceLosses candidates_ = Observations(fixture_, "");
  const ReferenceLosses population_ = Observations(fixture_, "population_");
};

TEST_F(ReferenceMia, LiraOnlineIsTheNegatedReferenceScore) {
  // The reference scores log Pr(OUT) - log Pr(IN), low for members; ours is its negative.
  const std::vector<double> online = lira_online_scores(candidates_);
  ExpectScoresMatch(online, fixture_["lira"]["both"], -1.0);
  EXPECT_NEAR(Auc(online, Members(fixture_)), fixture_["auc"]["lira_both"].get<double>(), 1e-12);
  const std::vector<double> global = lira_online_scores(candidates_, {.global_variance = true});
  ExpectScoresMatch(global, fixture_["lira"]["both_fix_variance"], -1.0);
  EXPECT_NEAR(Auc(global, Members(fixture_)), fixture_["auc"]["lira_both_fix_variance"].get<double>(), 1e-12);
}

TEST_F(ReferenceMia, LiraOfflineStandardisesByTheReferencesOutFit) {
  // The reference's offline score is the two-sided log N(phi; OUT) = -log(sd sqrt(2 pi)) - z^2 / 2; ours is the
  // one-sided z. With one variance for all examples, log N + z^2 / 2 is the same for every example exactly when our
  // centres and spread are the reference's (it would vary with (phi - centre)^2 otherwise). Per-example offline
  // scores use the same per-example fit as the online ones checked above.
  const std::vector<double> z = lira_offline_scores(candidates_, {.global_variance = true});
  const std::vector<double> log_density = fixture_["lira"]["out_fix_variance"];
  const double constant = log_density[0] + z[0] * z[0] / 2.0;
  for (std::size_t i = 0; i < z.size(); ++i) {
    EXPECT_NEAR(log_density[i] + z[i] * z[i] / 2.0, constant, 1e-6) << "example " << i;
  }
}

TEST_F(ReferenceMia, RmiaMatchesPrivacyMeterOfflineAndOnline) {
  for (double a : {0.3, 0.7, 1.0}) {
    const std::string name = "offline_a_" + std::string(a == 1.0 ? "1.0" : (a == 0.3 ? "0.3" : "0.7"));
    const std::vector<double> scores =
        rmia_scores(candidates_, population_, {.offline = true, .offline_a = a, .gamma = 1.0});
    ExpectScoresMatch(scores, fixture_["rmia"][name]);
    EXPECT_NEAR(Auc(scores, Members(fixture_)), fixture_["auc"]["rmia_" + name].get<double>(), 1e-12) << name;
  }
  const std::vector<double> online = rmia_scores(candidates_, population_);
  ExpectScoresMatch(online, fixture_["rmia"]["online"]);
  EXPECT_NEAR(Auc(online, Members(fixture_)), fixture_["auc"]["rmia_online"].get<double>(), 1e-12);
}

}  // namespace
}  // namespace leakgate::audit
