// The cloning (model-extraction) audit: an adversary who may query the served classifier a limited number of times,
// and sees only what the serving policy returns, trains a substitute on its own texts; fidelity and accuracy versus
// query budget, per output policy, show which policy keeps cloning expensive.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "audit/metrics/stats.h"
#include "audit/model.h"

namespace leakgate::audit {

// The k to pass to Classifier::TopKClasses for "every class": implementations return min(k, classes) entries.
inline constexpr std::size_t kAllClasses = std::numeric_limits<std::size_t>::max();

enum class OutputPolicyKind { kProbabilities, kTopK, kRounded, kLabelOnly };

// What a serving endpoint returns per query: all class probabilities, the top k of them, all of them rounded to
// `decimals` decimals, or the most probable label alone.
struct OutputPolicy {
  OutputPolicyKind kind = OutputPolicyKind::kProbabilities;
  std::size_t top_k = 1;  // kTopK only, >= 1
  int decimals = 2;       // kRounded only, 0..9
};

// "probabilities" | "top<k>" (k >= 1) | "rounded<d>" (d in 0..9) | "label"; anything else throws AttackInputError.
OutputPolicy ParseOutputPolicy(std::string_view text);
// The inverse of ParseOutputPolicy.
std::string OutputPolicyName(const OutputPolicy& policy);

// What the adversary sees of one full answer (every class, most probable first) under the policy: the same
// entries; the first top_k; every probability rounded to the policy's decimals (order and zeros kept); or the first
// label alone with probability 1.
std::vector<ClassProbability> RevealAnswer(const OutputPolicy& policy, std::span<const ClassProbability> full_answer);

// A classifier as an adversary reaches it through a serving endpoint with an output policy.
class ServedClassifier {
 public:
  ServedClassifier(Classifier& target, OutputPolicy policy) : target_(target), policy_(policy) {}

  // One revealed answer per text, from a single batched TopKClasses call asking only for the classes the policy
  // can reveal.
  std::vector<std::vector<ClassProbability>> Query(std::span<const std::string> texts);
  const OutputPolicy& policy() const { return policy_; }

 private:
  Classifier& target_;
  OutputPolicy policy_;
};

// The adversary's substitute: multinomial logistic regression over hashed byte 1..3-gram features (sublinear term
// frequency, each text's vector scaled to unit L2 norm), trained by AdaGrad on the cross-entropy to the soft targets
// the answers reveal (a partial answer's missing mass is spread over the labels the adversary has seen but this
// answer did not name), with L2 weight decay.
struct SubstituteOptions {
  int feature_bits = 18;  // 2^bits hash buckets; memory is 2 * 4 bytes * 2^bits * classes
  std::size_t epochs = 10;
  double learning_rate = 0.2;
  double l2 = 1e-6;
};

struct CloningOptions {
  std::vector<OutputPolicy> policies{{OutputPolicyKind::kProbabilities},
                                     {OutputPolicyKind::kTopK, 1},
                                     {OutputPolicyKind::kRounded, 1, 1},
                                     {OutputPolicyKind::kLabelOnly}};
  // Queries per substitute, each > 0; budgets above the pool size are clamped to it (and then counted once).
  std::vector<std::size_t> budgets{50, 100, 200, 400, 800};
  std::uint64_t seed = 0;         // shuffles the pool (the queries) and the substitute's training order
  double confidence = 0.95;       // of the Clopper-Pearson intervals
  std::size_t query_batch = 256;  // texts per TopKClasses call
  SubstituteOptions substitute;
};

// The policy name of the baseline substitutes, trained on the adversary's own labels rather than the model's answers.
inline constexpr const char* kOwnLabels = "own_labels";

// One substitute: trained on the first `budget` queries of the shuffled pool under `policy`.
struct CloningPoint {
  std::string policy;
  std::size_t budget = 0;
  std::size_t labels_discovered = 0;  // distinct labels the answers named: the substitute can predict only these
  double fidelity = 0.0;              // share of evaluation texts where substitute and target agree on the top label
  Interval fidelity_interval;
  double accuracy = 0.0;              // share of evaluation texts where the substitute predicts the true label
  Interval accuracy_interval;
};

struct CloningResult {
  std::vector<std::string> labels;  // every label the target named on the queried texts, sorted
  std::size_t pool_size = 0;
  std::size_t evaluation_size = 0;
  double target_accuracy = 0.0;     // the target's own top label against the true labels
  double confidence = 0.95;
  std::uint64_t seed = 0;
  std::vector<CloningPoint> points;  // policies in the options' order, budgets ascending within a policy
  // Substitutes trained on the adversary's own labels of the same queries, one per budget (policy kOwnLabels): what
  // cloning achieves without the model, against which its answers are an advantage. Empty without adversary labels.
  std::vector<CloningPoint> baseline;
  double query_seconds = 0.0;        // spent in the target's TopKClasses
  double seconds = 0.0;              // the whole audit
};

// A substitute trained on all of `answers` (revealed answers to `queries`, each non-empty): what an active-learning
// adversary (ActiveThief, Pal et al. 2020) uses to choose its next queries.
class Substitute {
 public:
  Substitute(std::span<const std::string> queries, std::span<const std::vector<ClassProbability>> answers,
             const SubstituteOptions& options, std::uint64_t seed);
  ~Substitute();
  // For each text, the substitute's most probable label's probability minus the second's (1 with one label known).
  std::vector<double> Margins(std::span<const std::string> texts);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// One substitute per budget (ascending, each at most queries.size()), trained on the first `budget` queries and their
// answers as revealed under `policy` (every answer non-empty), then measured on the evaluation texts: fidelity
// against `target_labels` (the target's top label of each), accuracy against `evaluation_labels` (0 when empty).
std::vector<CloningPoint> FitSubstitutes(const std::string& policy, std::span<const std::string> queries,
                                         std::span<const std::vector<ClassProbability>> answers,
                                         std::span<const std::size_t> budgets,
                                         std::span<const std::string> evaluation_texts,
                                         std::span<const std::string> target_labels,
                                         std::span<const std::string> evaluation_labels,
                                         const CloningOptions& options);

// Queries the target once with the largest budget's texts (the first of a seeded shuffle of the pool, so a larger
// budget extends a smaller one) and once with the evaluation texts, in TopKClasses calls of query_batch texts; then
// applies each policy to the answers and trains one substitute per policy and budget. With `adversary_labels` (the
// pool's true labels, one per text), also the baseline substitutes on those labels of the same queries.
// Throws AttackInputError for an empty pool or evaluation set, evaluation or adversary labels that do not match the
// texts in number, no policies or one out of range (top0, rounding beyond 9 decimals), no budgets or a budget of 0, a
// query_batch of 0, or substitute options out of range.
CloningResult AuditCloning(Classifier& target, std::span<const std::string> adversary_pool,
                           std::span<const std::string> evaluation_texts,
                           std::span<const std::string> evaluation_labels, const CloningOptions& options,
                           std::span<const std::string> adversary_labels = {});

// audit.json's "clone" section: every CloningResult field, points and baseline as objects with "policy", "budget",
// "labels_discovered", "fidelity", "fidelity_interval" {lower, upper}, "accuracy", "accuracy_interval".
void to_json(nlohmann::json& j, const CloningPoint& point);
void to_json(nlohmann::json& j, const CloningResult& result);

}  // namespace leakgate::audit
