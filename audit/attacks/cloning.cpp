#include "audit/attacks/cloning.h"

#include <xxhash.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <map>
#include <optional>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <stdexcept>

#include "audit/attacks/errors.h"
#include "audit/metrics/json.h"

namespace leakgate::audit {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

constexpr int kMaxDecimals = 9;
constexpr std::size_t kLongestNgram = 3;

// The number after `prefix` in text, if text is prefix followed by decimal digits only.
std::optional<std::size_t> NumberAfter(std::string_view text, std::string_view prefix) {
  if (!text.starts_with(prefix) || text.size() == prefix.size()) return std::nullopt;
  const char* first = text.data() + prefix.size();
  const char* last = text.data() + text.size();
  std::size_t value = 0;
  const auto [end, error] = std::from_chars(first, last, value);
  if (error != std::errc() || end != last) return std::nullopt;
  return value;
}

// Hashed byte n-gram vectors of many texts in one compressed sparse row table.
struct SparseRows {
  std::vector<std::size_t> offsets{0};
  std::vector<std::uint32_t> buckets;
  std::vector<float> values;

  std::size_t size() const { return offsets.size() - 1; }
};

// Appends the text's byte 1..3-grams hashed into 2^bits buckets, weighted 1 + log(count) and scaled to unit norm.
void AppendFeatures(std::string_view text, int bits, std::vector<std::uint32_t>& scratch, SparseRows& rows) {
  const std::uint64_t mask = (std::uint64_t{1} << bits) - 1;
  scratch.clear();
  for (std::size_t n = 1; n <= kLongestNgram; ++n) {
    for (std::size_t start = 0; start + n <= text.size(); ++start) {
      scratch.push_back(static_cast<std::uint32_t>(XXH3_64bits(text.data() + start, n) & mask));
    }
  }
  std::sort(scratch.begin(), scratch.end());
  const std::size_t row_start = rows.values.size();
  double squared_norm = 0.0;
  for (std::size_t i = 0; i < scratch.size();) {
    std::size_t count = 1;
    while (i + count < scratch.size() && scratch[i + count] == scratch[i]) ++count;
    const double weight = 1.0 + std::log(static_cast<double>(count));
    rows.buckets.push_back(scratch[i]);
    rows.values.push_back(static_cast<float>(weight));
    squared_norm += weight * weight;
    i += count;
  }
  if (squared_norm > 0.0) {
    const float scale = static_cast<float>(1.0 / std::sqrt(squared_norm));
    for (std::size_t i = row_start; i < rows.values.size(); ++i) rows.values[i] *= scale;
  }
  rows.offsets.push_back(rows.values.size());
}

SparseRows Featurize(std::span<const std::string> texts, int bits) {
  SparseRows rows;
  std::vector<std::uint32_t> scratch;
  for (const auto& text : texts) AppendFeatures(text, bits, scratch, rows);
  return rows;
}

// Multinomial logistic regression over SparseRows, trained by AdaGrad on soft targets.
class SoftmaxRegression {
 public:
  SoftmaxRegression(std::size_t classes, const SubstituteOptions& options)
      : classes_(classes),
        options_(options),
        weights_((std::size_t{1} << options.feature_bits) * classes, 0.0f),
        weight_gradient_squares_(weights_.size(), 0.0f),
        biases_(classes, 0.0f),
        bias_gradient_squares_(classes, 0.0f),
        logits_(classes),
        gradient_(classes) {}

  // targets: one row of `classes` probabilities per example, example i being row i of the table.
  void Train(const SparseRows& rows, std::size_t examples, std::span<const float> targets, std::uint64_t seed) {
    std::vector<std::size_t> order(examples);
    for (std::size_t i = 0; i < examples; ++i) order[i] = i;
    std::mt19937_64 rng(seed);
    for (std::size_t epoch = 0; epoch < options_.epochs; ++epoch) {
      for (std::size_t i = examples; i > 1; --i) std::swap(order[i - 1], order[rng() % i]);
      for (std::size_t example : order) Step(rows, example, targets.subspan(example * classes_, classes_));
    }
  }

  std::size_t Predict(const SparseRows& rows, std::size_t row) {
    ComputeLogits(rows, row);
    return static_cast<std::size_t>(std::max_element(logits_.begin(), logits_.end()) - logits_.begin());
  }

  // The most probable class's probability minus the second's (1 with a single class).
  double Margin(const SparseRows& rows, std::size_t row) {
    ComputeLogits(rows, row);
    if (classes_ < 2) return 1.0;
    const float largest = *std::max_element(logits_.begin(), logits_.end());
    double total = 0.0, first = 0.0, second = 0.0;
    for (float logit : logits_) {
      const double weight = std::exp(static_cast<double>(logit - largest));
      total += weight;
      if (weight > first) {
        second = first;
        first = weight;
      } else if (weight > second) {
        second = weight;
      }
    }
    return (first - second) / total;
  }

 private:
  void ComputeLogits(const SparseRows& rows, std::size_t row) {
    std::copy(biases_.begin(), biases_.end(), logits_.begin());
    for (std::size_t entry = rows.offsets[row]; entry < rows.offsets[row + 1]; ++entry) {
      const float* weights = &weights_[rows.buckets[entry] * classes_];
      const float value = rows.values[entry];
      for (std::size_t c = 0; c < classes_; ++c) logits_[c] += value * weights[c];
    }
  }

  void AdaGradUpdate(float& weight, float& gradient_squares, float gradient) const {
    gradient_squares += gradient * gradient;
    weight -= static_cast<float>(options_.learning_rate) * gradient / (std::sqrt(gradient_squares) + 1e-8f);
  }

  // One AdaGrad step on the cross-entropy between softmax(logits) and the target row.
  void Step(const SparseRows& rows, std::size_t row, std::span<const float> target) {
    ComputeLogits(rows, row);
    const float largest = *std::max_element(logits_.begin(), logits_.end());
    float total = 0.0f;
    for (std::size_t c = 0; c < classes_; ++c) total += (gradient_[c] = std::exp(logits_[c] - largest));
    for (std::size_t c = 0; c < classes_; ++c) gradient_[c] = gradient_[c] / total - target[c];
    const auto l2 = static_cast<float>(options_.l2);
    for (std::size_t entry = rows.offsets[row]; entry < rows.offsets[row + 1]; ++entry) {
      const std::size_t base = rows.buckets[entry] * classes_;
      const float value = rows.values[entry];
      for (std::size_t c = 0; c < classes_; ++c) {
        AdaGradUpdate(weights_[base + c], weight_gradient_squares_[base + c],
                      gradient_[c] * value + l2 * weights_[base + c]);
      }
    }
    for (std::size_t c = 0; c < classes_; ++c) AdaGradUpdate(biases_[c], bias_gradient_squares_[c], gradient_[c]);
  }

  std::size_t classes_;
  SubstituteOptions options_;
  std::vector<float> weights_;  // bucket-major: the classes of one bucket are adjacent
  std::vector<float> weight_gradient_squares_;
  std::vector<float> biases_;
  std::vector<float> bias_gradient_squares_;
  std::vector<float> logits_;
  std::vector<float> gradient_;
};

// The soft target of one revealed answer over the adversary's known labels: the revealed probabilities, the mass
// they leave spread evenly over the known labels the answer did not name, normalised to sum to 1; an answer whose
// probabilities are all zero (rounded away) counts as its first label.
void FillTarget(std::span<const ClassProbability> answer, const std::map<std::string, std::size_t>& label_index,
                std::span<float> target) {
  std::fill(target.begin(), target.end(), 0.0f);
  std::vector<bool> named(target.size(), false);
  double revealed_mass = 0.0;
  for (const auto& entry : answer) {
    const std::size_t c = label_index.at(entry.label);
    target[c] = static_cast<float>(entry.probability);
    named[c] = true;
    revealed_mass += entry.probability;
  }
  const auto unnamed = static_cast<std::size_t>(std::count(named.begin(), named.end(), false));
  if (revealed_mass < 1.0 && unnamed > 0) {
    const auto share = static_cast<float>((1.0 - revealed_mass) / static_cast<double>(unnamed));
    for (std::size_t c = 0; c < target.size(); ++c) {
      if (!named[c]) target[c] = share;
    }
  }
  float total = 0.0f;
  for (float value : target) total += value;
  if (total <= 0.0f) {
    target[label_index.at(answer.front().label)] = 1.0f;
    return;
  }
  for (float& value : target) value /= total;
}

// A substitute trained on the first `count` answers, and the labels they named (sorted): its classes.
struct FittedSubstitute {
  std::vector<std::string> labels;
  SoftmaxRegression model;
};

FittedSubstitute Fit(const SparseRows& features, std::span<const std::vector<ClassProbability>> answers,
                     std::size_t count, const SubstituteOptions& options, std::uint64_t seed) {
  std::set<std::string> discovered;
  for (std::size_t i = 0; i < count; ++i) {
    for (const auto& entry : answers[i]) discovered.insert(entry.label);
  }
  std::vector<std::string> labels(discovered.begin(), discovered.end());
  std::map<std::string, std::size_t> label_index;
  for (std::size_t c = 0; c < labels.size(); ++c) label_index[labels[c]] = c;
  std::vector<float> targets(count * labels.size());
  for (std::size_t i = 0; i < count; ++i) {
    FillTarget(answers[i], label_index, std::span(targets).subspan(i * labels.size(), labels.size()));
  }
  SoftmaxRegression model(labels.size(), options);
  model.Train(features, count, targets, seed);
  return {std::move(labels), std::move(model)};
}

std::vector<std::vector<ClassProbability>> QueryInBatches(Classifier& target, std::span<const std::string> texts,
                                                          std::size_t k, std::size_t batch) {
  std::vector<std::vector<ClassProbability>> answers;
  answers.reserve(texts.size());
  for (std::size_t start = 0; start < texts.size(); start += batch) {
    const auto chunk = texts.subspan(start, std::min(batch, texts.size() - start));
    auto chunk_answers = target.TopKClasses(chunk, k);
    if (chunk_answers.size() != chunk.size()) {
      throw std::runtime_error("cloning audit: the classifier answered " + std::to_string(chunk_answers.size()) +
                               " of " + std::to_string(chunk.size()) + " texts");
    }
    for (auto& answer : chunk_answers) {
      if (answer.empty()) throw std::runtime_error("cloning audit: the classifier returned no class for a text");
      for (const auto& entry : answer) {
        if (!(entry.probability >= 0.0 && entry.probability <= 1.0 + 1e-6)) {
          throw std::runtime_error("cloning audit: the classifier returned probability " +
                                   std::to_string(entry.probability) + " for label '" + entry.label + "'");
        }
      }
      answers.push_back(std::move(answer));
    }
  }
  return answers;
}

void ValidateInputs(std::span<const std::string> adversary_pool, std::span<const std::string> evaluation_texts,
                    std::span<const std::string> evaluation_labels, const CloningOptions& options) {
  if (adversary_pool.empty()) throw AttackInputError("clone: the adversary's pool of query texts is empty");
  if (evaluation_texts.empty()) throw AttackInputError("clone: there are no evaluation texts");
  if (evaluation_labels.size() != evaluation_texts.size()) {
    throw AttackInputError("clone: " + std::to_string(evaluation_labels.size()) + " evaluation labels for " +
                           std::to_string(evaluation_texts.size()) + " evaluation texts (expected one per text)");
  }
  if (options.policies.empty()) throw AttackInputError("clone.policies is empty (expected at least one policy)");
  for (std::size_t i = 0; i < options.policies.size(); ++i) {
    const OutputPolicy& policy = options.policies[i];
    if (policy.kind == OutputPolicyKind::kTopK && policy.top_k == 0) {
      throw AttackInputError("clone.policies[" + std::to_string(i) + "] is top0 (expected top<k> with k >= 1)");
    }
    if (policy.kind == OutputPolicyKind::kRounded && (policy.decimals < 0 || policy.decimals > kMaxDecimals)) {
      throw AttackInputError("clone.policies[" + std::to_string(i) + "] rounds to " +
                             std::to_string(policy.decimals) + " decimals (expected 0.." +
                             std::to_string(kMaxDecimals) + ")");
    }
  }
  if (options.budgets.empty()) throw AttackInputError("clone.budgets is empty (expected at least one budget)");
  for (std::size_t i = 0; i < options.budgets.size(); ++i) {
    if (options.budgets[i] == 0) {
      throw AttackInputError("clone.budgets[" + std::to_string(i) + "] is 0 (expected a number of queries > 0)");
    }
  }
  if (options.query_batch == 0) throw AttackInputError("clone.query_batch is 0 (expected texts per call > 0)");
  if (!(options.confidence > 0.0 && options.confidence < 1.0)) {
    throw AttackInputError("clone.confidence is " + std::to_string(options.confidence) + " (expected in (0, 1))");
  }
  const SubstituteOptions& substitute = options.substitute;
  if (substitute.feature_bits < 8 || substitute.feature_bits > 24) {
    throw AttackInputError("clone.substitute.feature_bits is " + std::to_string(substitute.feature_bits) +
                           " (expected 8..24)");
  }
  if (substitute.epochs == 0) throw AttackInputError("clone.substitute.epochs is 0 (expected >= 1)");
  if (!(substitute.learning_rate > 0.0 && std::isfinite(substitute.learning_rate))) {
    throw AttackInputError("clone.substitute.learning_rate is " + std::to_string(substitute.learning_rate) +
                           " (expected a finite number > 0)");
  }
  if (!(substitute.l2 >= 0.0 && std::isfinite(substitute.l2))) {
    throw AttackInputError("clone.substitute.l2 is " + std::to_string(substitute.l2) +
                           " (expected a finite number >= 0)");
  }
}

// The requested budgets clamped to the pool size, ascending, each once.
std::vector<std::size_t> EffectiveBudgets(std::vector<std::size_t> budgets, std::size_t pool_size) {
  for (auto& budget : budgets) budget = std::min(budget, pool_size);
  std::sort(budgets.begin(), budgets.end());
  budgets.erase(std::unique(budgets.begin(), budgets.end()), budgets.end());
  return budgets;
}

// The first `count` pool indices of a seeded Fisher-Yates shuffle.
std::vector<std::size_t> ChooseQueries(std::size_t pool_size, std::size_t count, std::uint64_t seed) {
  std::vector<std::size_t> order(pool_size);
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::mt19937_64 rng(seed);
  for (std::size_t i = 0; i < count; ++i) std::swap(order[i], order[i + rng() % (order.size() - i)]);
  order.resize(count);
  return order;
}

}  // namespace

OutputPolicy ParseOutputPolicy(std::string_view text) {
  if (text == "probabilities") return {OutputPolicyKind::kProbabilities};
  if (text == "label") return {OutputPolicyKind::kLabelOnly};
  if (const auto k = NumberAfter(text, "top"); k && *k >= 1) return {OutputPolicyKind::kTopK, *k};
  if (const auto d = NumberAfter(text, "rounded"); d && *d <= kMaxDecimals) {
    return {OutputPolicyKind::kRounded, 1, static_cast<int>(*d)};
  }
  throw AttackInputError("clone: '" + std::string(text) +
                         "' is not an output policy (expected probabilities, top<k> with k >= 1, rounded<d> with d "
                         "in 0.." + std::to_string(kMaxDecimals) + ", or label)");
}

std::string OutputPolicyName(const OutputPolicy& policy) {
  switch (policy.kind) {
    case OutputPolicyKind::kProbabilities: return "probabilities";
    case OutputPolicyKind::kTopK: return "top" + std::to_string(policy.top_k);
    case OutputPolicyKind::kRounded: return "rounded" + std::to_string(policy.decimals);
    case OutputPolicyKind::kLabelOnly: return "label";
  }
  throw std::logic_error("OutputPolicyName: unknown policy kind");
}

std::vector<ClassProbability> RevealAnswer(const OutputPolicy& policy, std::span<const ClassProbability> full_answer) {
  switch (policy.kind) {
    case OutputPolicyKind::kProbabilities: return {full_answer.begin(), full_answer.end()};
    case OutputPolicyKind::kTopK:
      return {full_answer.begin(), full_answer.begin() + std::min(policy.top_k, full_answer.size())};
    case OutputPolicyKind::kRounded: {
      const double scale = std::pow(10.0, policy.decimals);
      std::vector<ClassProbability> rounded(full_answer.begin(), full_answer.end());
      for (auto& entry : rounded) entry.probability = std::round(entry.probability * scale) / scale;
      return rounded;
    }
    case OutputPolicyKind::kLabelOnly:
      if (full_answer.empty()) return {};
      return {{full_answer.front().label, 1.0}};
  }
  throw std::logic_error("RevealAnswer: unknown policy kind");
}

std::vector<std::vector<ClassProbability>> ServedClassifier::Query(std::span<const std::string> texts) {
  std::size_t k = kAllClasses;
  if (policy_.kind == OutputPolicyKind::kTopK) k = policy_.top_k;
  if (policy_.kind == OutputPolicyKind::kLabelOnly) k = 1;
  std::vector<std::vector<ClassProbability>> answers = target_.TopKClasses(texts, k);
  for (auto& answer : answers) answer = RevealAnswer(policy_, answer);
  return answers;
}

std::vector<CloningPoint> FitSubstitutes(const std::string& policy, std::span<const std::string> queries,
                                         std::span<const std::vector<ClassProbability>> answers,
                                         std::span<const std::size_t> budgets,
                                         std::span<const std::string> evaluation_texts,
                                         std::span<const std::string> target_labels,
                                         std::span<const std::string> evaluation_labels,
                                         const CloningOptions& options) {
  const int bits = options.substitute.feature_bits;
  const SparseRows query_features = Featurize(queries, bits);
  const SparseRows evaluation_features = Featurize(evaluation_texts, bits);
  std::vector<CloningPoint> points;
  for (std::size_t budget : budgets) {
    FittedSubstitute fitted = Fit(query_features, answers, budget, options.substitute, options.seed);
    const std::vector<std::string>& labels = fitted.labels;
    SoftmaxRegression& substitute = fitted.model;

    std::size_t agreements = 0;
    std::size_t correct = 0;
    for (std::size_t i = 0; i < evaluation_texts.size(); ++i) {
      const std::string& predicted = labels[substitute.Predict(evaluation_features, i)];
      agreements += predicted == target_labels[i];
      if (!evaluation_labels.empty()) correct += predicted == evaluation_labels[i];
    }
    const Rate fidelity = rate_with_interval(agreements, evaluation_texts.size(), options.confidence);
    const Rate accuracy = rate_with_interval(correct, evaluation_texts.size(), options.confidence);
    points.push_back(
        {policy, budget, labels.size(), fidelity.value, fidelity.interval, accuracy.value, accuracy.interval});
  }
  return points;
}

CloningResult AuditCloning(Classifier& target, std::span<const std::string> adversary_pool,
                           std::span<const std::string> evaluation_texts,
                           std::span<const std::string> evaluation_labels, const CloningOptions& options,
                           std::span<const std::string> adversary_labels) {
  const auto start = Clock::now();
  ValidateInputs(adversary_pool, evaluation_texts, evaluation_labels, options);
  if (!adversary_labels.empty() && adversary_labels.size() != adversary_pool.size()) {
    throw AttackInputError("clone: " + std::to_string(adversary_labels.size()) + " adversary labels for " +
                           std::to_string(adversary_pool.size()) + " pool texts (expected one per text, or none)");
  }
  CloningResult result;
  result.pool_size = adversary_pool.size();
  result.evaluation_size = evaluation_texts.size();
  result.confidence = options.confidence;
  result.seed = options.seed;

  const std::vector<std::size_t> budgets = EffectiveBudgets(options.budgets, adversary_pool.size());
  const std::vector<std::size_t> chosen = ChooseQueries(adversary_pool.size(), budgets.back(), options.seed);
  std::vector<std::string> queries;
  for (std::size_t index : chosen) queries.push_back(adversary_pool[index]);
  const auto query_start = Clock::now();
  const auto full_answers = QueryInBatches(target, queries, kAllClasses, options.query_batch);
  const auto target_top = QueryInBatches(target, evaluation_texts, 1, options.query_batch);
  result.query_seconds = SecondsSince(query_start);

  std::set<std::string> target_labels;
  for (const auto& answer : full_answers) {
    for (const auto& entry : answer) target_labels.insert(entry.label);
  }
  result.labels.assign(target_labels.begin(), target_labels.end());
  std::size_t target_correct = 0;
  for (std::size_t i = 0; i < evaluation_texts.size(); ++i) {
    target_correct += target_top[i].front().label == evaluation_labels[i];
  }
  result.target_accuracy = static_cast<double>(target_correct) / static_cast<double>(evaluation_texts.size());

  std::vector<std::string> target_top_labels;
  for (const auto& answer : target_top) target_top_labels.push_back(answer.front().label);
  const auto substitutes = [&](const std::string& name, const std::vector<std::vector<ClassProbability>>& answers) {
    return FitSubstitutes(name, queries, answers, budgets, evaluation_texts, target_top_labels, evaluation_labels,
                          options);
  };
  for (const auto& policy : options.policies) {
    std::vector<std::vector<ClassProbability>> revealed;
    revealed.reserve(full_answers.size());
    for (const auto& answer : full_answers) revealed.push_back(RevealAnswer(policy, answer));
    for (CloningPoint& point : substitutes(OutputPolicyName(policy), revealed)) {
      result.points.push_back(std::move(point));
    }
  }
  if (!adversary_labels.empty()) {
    std::vector<std::vector<ClassProbability>> own;
    for (std::size_t index : chosen) own.push_back({{adversary_labels[index], 1.0}});
    result.baseline = substitutes(kOwnLabels, own);
  }
  result.seconds = SecondsSince(start);
  return result;
}

struct Substitute::Impl {
  int bits;
  FittedSubstitute fitted;
};

Substitute::Substitute(std::span<const std::string> queries, std::span<const std::vector<ClassProbability>> answers,
                       const SubstituteOptions& options, std::uint64_t seed)
    : impl_(std::make_unique<Impl>(
          Impl{options.feature_bits, Fit(Featurize(queries, options.feature_bits), answers, queries.size(), options,
                                         seed)})) {}

Substitute::~Substitute() = default;

std::vector<double> Substitute::Margins(std::span<const std::string> texts) {
  const SparseRows features = Featurize(texts, impl_->bits);
  std::vector<double> margins;
  for (std::size_t i = 0; i < texts.size(); ++i) margins.push_back(impl_->fitted.model.Margin(features, i));
  return margins;
}

void to_json(nlohmann::json& j, const CloningPoint& point) {
  j = {{"policy", point.policy},
       {"budget", point.budget},
       {"labels_discovered", point.labels_discovered},
       {"fidelity", point.fidelity},
       {"fidelity_interval", point.fidelity_interval},
       {"accuracy", point.accuracy},
       {"accuracy_interval", point.accuracy_interval}};
}

void to_json(nlohmann::json& j, const CloningResult& result) {
  j = {{"labels", result.labels},
       {"pool_size", result.pool_size},
       {"evaluation_size", result.evaluation_size},
       {"target_accuracy", result.target_accuracy},
       {"confidence", result.confidence},
       {"interval_method", "clopper-pearson"},
       {"seed", result.seed},
       {"points", result.points},
       {"baseline", result.baseline},
       {"query_seconds", result.query_seconds},
       {"seconds", result.seconds}};
}

}  // namespace leakgate::audit
