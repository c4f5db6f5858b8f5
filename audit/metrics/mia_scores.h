// Membership-inference scores computed from numbers the model interface returns (losses, per-token log-probs,
// reference-model losses). Every score follows the same convention: higher = more likely a training member.
#pragma once

#include <Eigen/Core>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace leakgate::audit {

// Loss attack (Yeom et al. 2018): score = -loss.
std::vector<double> loss_scores(std::span<const double> losses);

// Size in bits of the text compressed by zlib at its default level: a cheap estimate of how predictable the text is
// to a generic compressor.
std::size_t zlib_compressed_bits(std::string_view text);

// zlib-normalised loss (Carlini et al. 2021): score = -loss / zlib_compressed_bits(text), so text that is merely
// easy (repetitive, boilerplate) is not mistaken for memorised text.
std::vector<double> zlib_ratio_scores(std::span<const double> losses, std::span<const std::string> texts);

// Min-k% token probability (Shi et al. 2023): the mean of the lowest k% of an example's token log-probabilities
// (at least one token). k_percent in (0, 100].
double min_k_percent_score(std::span<const double> token_log_probs, double k_percent);

// Min-K%++ (Zhang et al. 2024): each token's log p minus the mean of log p under the model's next-token distribution
// at its place, over that distribution's standard deviation; then the mean of the lowest k% (as min_k_percent_score).
// A token whose distribution has no spread (variance 0) carries no evidence and is left out; an example with no
// token left gets the lowest score. The three spans are parallel.
double min_k_plus_plus_score(std::span<const double> log_probs, std::span<const double> means,
                             std::span<const double> variances, double k_percent);

// The logit-scaled confidence phi = log(p / (1 - p)) of LiRA for p = exp(-loss), computed without cancellation
// as -loss - log(-expm1(-loss)). loss must be >= 0; a loss of 0 is treated as the smallest positive double.
double logit_confidence(double loss);

// What the reference-model attacks see for n examples and K reference models.
struct ReferenceLosses {
  Eigen::VectorXd target;     // n: loss of each example under the audited model
  Eigen::MatrixXd reference;  // n x K: loss of each example under each reference model
  Eigen::Array<bool, Eigen::Dynamic, Eigen::Dynamic> reference_in;  // n x K: reference k was trained on example i
};

struct LiraOptions {
  // One variance for all examples (of every example's deviations from its own median, separately for IN and OUT)
  // instead of one per example; the better choice when there are few reference models.
  bool global_variance = false;
};

// LiRA online (Carlini et al. 2022): fits Gaussians to each example's phi under the reference models that
// trained on it (IN) and those that did not (OUT), centred on the median with the divisor-n standard deviation as
// the authors' code (TF Privacy's compute_score_lira) fits them; score = log N(phi_target; IN) - log N(phi_target;
// OUT), the negative of that code's score (tests/data/audit/reference_mia.json pins the agreement).
// Per-example variances need at least 2 IN and 2 OUT references per example; the global variance needs 1 of each.
std::vector<double> lira_online_scores(const ReferenceLosses& observations, const LiraOptions& options = {});

// LiRA offline: only the OUT Gaussian (fitted as above); the paper's one-sided test of whether phi_target is larger
// than OUT predicts. The score is z = (phi_target - median_out) / sd_out, which orders examples exactly as the
// test's p-value does but does not saturate in the tail where low-FPR decisions are made. (The reference code scores
// the two-sided log density instead, which also ranks high-loss outliers as members.)
std::vector<double> lira_offline_scores(const ReferenceLosses& observations, const LiraOptions& options = {});

struct RmiaOptions {
  bool offline = false;     // use only the reference models that did not train on the example
  double offline_a = 1.0;   // offline: Pr(x) = ((1 + a) Pr_OUT(x) + (1 - a)) / 2; the paper tunes a on references
  double gamma = 1.0;       // a population sample z is dominated when LR(x, z) >= gamma
};

// RMIA (Zarifzadeh et al. 2024): with Pr(x | model) = exp(-loss) and Pr(x) its mean over reference models, the
// score of x is the fraction of population samples z with [Pr(x|target)/Pr(x)] / [Pr(z|target)/Pr(z)] >= gamma.
// Online, Pr(x) averages all reference models; offline, only the OUT ones, rescaled with a. Computed in log space.
std::vector<double> rmia_scores(const ReferenceLosses& candidates, const ReferenceLosses& population,
                                const RmiaOptions& options = {});

}  // namespace leakgate::audit
