#include "audit/attacks/lm_audit.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <numeric>
#include <optional>
#include <set>

#include "audit/attacks/canary_results.h"
#include "audit/attacks/errors.h"
#include "audit/attacks/samples.h"
#include "audit/metrics/exposure.h"
#include "audit/metrics/json.h"
#include "audit/metrics/reconstruction.h"

namespace leakgate::audit {

namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Indices of the `count` largest keys, largest first; ties keep input order.
template <typename Key>
std::vector<std::size_t> TopIndices(std::size_t size, std::size_t count, Key key) {
  std::vector<std::size_t> order(size);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return key(a) > key(b); });
  order.resize(std::min(count, size));
  return order;
}

nlohmann::json MembershipSection(LanguageModel& model, const LanguageModelAuditInputs& inputs,
                                 const LanguageModelAuditOptions& options, nlohmann::json& audit) {
  const MembershipAttackResult result =
      RunMembershipAttacks(model, inputs.members, inputs.non_members, options.membership);
  audit["loss_histogram"] = {{"bin_edges", result.losses.bin_edges},
                             {"members", result.losses.members},
                             {"non_members", result.losses.non_members}};
  nlohmann::json attacks = nlohmann::json::object();
  for (const auto& [name, metrics] : result.attacks) attacks[name] = metrics;
  return attacks;
}

// Records extracted by either attack (greedy at the start, or (n, p)-discoverable at a random span): what an adversary
// with both achieves. Both attacks try the same records (those with prefix + suffix tokens).
Rate ExtractedByEither(const ExtractionRun& greedy, const DiscoveryRun& discovery) {
  std::set<std::size_t> tried, extracted;
  for (const ExtractionAttempt& attempt : greedy.attempts) {
    tried.insert(attempt.text_index);
    if (attempt.score.exact_match) extracted.insert(attempt.text_index);
  }
  for (const DiscoveryRecord& record : discovery.records) {
    tried.insert(record.text_index);
    if (record.discoverable) extracted.insert(record.text_index);
  }
  return rate_with_interval(extracted.size(), tried.size());
}

// (n, p)-discoverable extraction of the same members and non-members as the greedy attack.
nlohmann::json DiscoverySection(const DiscoveryRun& members, const DiscoveryRun& non_members,
                                const ExtractionOptions& options) {
  const auto summary = [](const DiscoveryRun& run) {
    std::size_t discoverable = 0;
    std::vector<double> probabilities;
    for (const DiscoveryRecord& record : run.records) {
      discoverable += record.discoverable ? 1 : 0;
      probabilities.push_back(record.probability);
    }
    nlohmann::json json = {{"too_short", run.too_short}};
    if (!run.records.empty()) {
      json["discoverable"] = rate_with_interval(discoverable, run.records.size());
      json["probability"] = summarize(probabilities);
    }
    return json;
  };
  return {{"samples", options.discovery_samples},
          {"probability", options.discovery_probability},
          {"max_spans", options.discovery_spans},
          {"span_tokens", options.prefix_tokens + options.suffix_tokens},
          {"method", std::string("a record counts when sampling that many continuations (temperature 1) reproduces the "
                                 "suffix of one of its prefix + suffix spans, ") +
                         (options.templates ? "its most record-specific one (see span_choice)"
                                            : "drawn at random among its first max_spans") +
                         ", with at least that probability, computed exactly from the suffix's likelihood inside its "
                         "record (given the text before it, as the model reads the record)"},
          {"members", summary(members)},
          {"non_members", summary(non_members)}};
}

nlohmann::json ExtractionSection(LanguageModel& model, const LanguageModelAuditInputs& inputs,
                                 const LanguageModelAuditOptions& options) {
  const ExtractionRun members = RunExtraction(model, inputs.extraction_members, options.extraction);
  if (members.attempts.empty()) {
    throw AttackInputError("extraction: none of the " + std::to_string(inputs.extraction_members.size()) +
                           " member records has prefix_tokens + suffix_tokens = " +
                           std::to_string(options.extraction.prefix_tokens + options.extraction.suffix_tokens) +
                           " tokens; lower audit.extraction.prefix_tokens or suffix_tokens");
  }
  nlohmann::json section = {{"prefix_tokens", options.extraction.prefix_tokens},
                            {"suffix_tokens", options.extraction.suffix_tokens},
                            {"members", SummarizeRun(members)},
                            {"members_too_short", members.too_short}};
  const ExtractionRun non_members = RunExtraction(model, inputs.extraction_non_members, options.extraction);
  if (!non_members.attempts.empty()) section["non_members"] = SummarizeRun(non_members);
  section["non_members_too_short"] = non_members.too_short;
  const DiscoveryRun discovered_members = RunDiscovery(model, inputs.extraction_members, options.extraction);
  const DiscoveryRun discovered_non_members = RunDiscovery(model, inputs.extraction_non_members, options.extraction);
  section["discoverable"] = DiscoverySection(discovered_members, discovered_non_members, options.extraction);
  if (const TemplateIndex* templates = options.extraction.templates) {
    section["span_choice"] = {
        {"method", "each record's most record-specific prefix + suffix span: the one whose suffix has the most byte "
                   "n-grams that do not occur in two or more reference records (held-out text, neither trained on "
                   "nor attacked); greedy and sampled extraction both use it"},
        {"ngram_bytes", templates->ngram_bytes()},
        {"reference_records", templates->reference_records()},
        {"template_ngrams", templates->template_ngrams()}};
  }
  section["combined"] = {{"definition", options.extraction.templates
                                            ? "extracted by greedy decoding or (n, p)-discoverable, at the record's "
                                              "most record-specific span"
                                            : "extracted by greedy decoding from the record's start or (n, p)-"
                                              "discoverable at a span drawn at random"},
                         {"members", ExtractedByEither(members, discovered_members)}};
  if (!non_members.attempts.empty() || !discovered_non_members.records.empty()) {
    section["combined"]["non_members"] = ExtractedByEither(non_members, discovered_non_members);
  }

  nlohmann::json samples = nlohmann::json::array();
  const auto& attempts = members.attempts;
  for (std::size_t i : TopIndices(attempts.size(), options.report_samples,
                                  [&](std::size_t a) { return attempts[a].score.common_prefix; })) {
    const ExtractionAttempt& attempt = attempts[i];
    const auto quote = [&](const std::vector<TokenId>& tokens) {
      return QuoteSample(model.Decode(tokens), options.redact_samples, options.sample_key);
    };
    samples.push_back({{"prefix", quote(attempt.prefix)},
                       {"expected", quote(attempt.expected)},
                       {"generated", quote(attempt.generated)},
                       {"common_prefix", attempt.score.common_prefix},
                       {"edit_similarity", attempt.score.edit_similarity},
                       {"exact_match", attempt.score.exact_match ? 1 : 0}});
  }
  section["samples"] = samples;
  return section;
}

// Greedy extraction of the inserted canaries, grouped by how many privacy units a canary is, tested against the
// (epsilon, delta) that would make such reproductions unlikely.
template <typename UnitsOf>
nlohmann::json ReconstructionSection(std::span<const CanaryProbe> canaries, const std::vector<bool>& extracted,
                                     UnitsOf units_of, const SecretFormat& space,
                                     const LanguageModelAuditOptions& options) {
  std::map<std::size_t, ReconstructionGroup> by_units;
  for (std::size_t i = 0; i < canaries.size(); ++i) {
    if (!canaries[i].inserted) continue;
    ReconstructionGroup& group = by_units[units_of(i)];
    group.units = units_of(i);
    ++group.canaries;
    group.reconstructed += extracted[i] ? 1 : 0;
  }
  std::vector<ReconstructionGroup> groups;
  nlohmann::json groups_json = nlohmann::json::array();
  for (const auto& [units, group] : by_units) {
    groups.push_back(group);
    groups_json.push_back({{"units", group.units}, {"canaries", group.canaries}, {"reconstructed", group.reconstructed}});
  }
  ReconstructionOptions test;
  test.secret_space = static_cast<double>(space.size());
  test.delta = options.one_run_options.delta;
  test.alpha = options.one_run_options.beta;
  const ReconstructionResult result = reconstruction_test(groups, test);
  return {{"method", "greedy decoding of the secret from the canary's prefix; a reproduction must match exactly"},
          {"secret_space", test.secret_space},
          {"delta", test.delta},
          {"confidence", 1.0 - result.alpha},
          {"groups", groups_json},
          {"epsilon_lower_bound", result.epsilon_lower_bound},
          {"power", result.power}};
}

nlohmann::json CanarySection(LanguageModel& model, const LanguageModelAuditInputs& inputs,
                             const LanguageModelAuditOptions& options, nlohmann::json& audit) {
  const SecretFormat space(inputs.secret_format);
  const ExposureMeasurement measurement = MeasureCanaryExposure(model, inputs.canaries, space, options.exposure);
  const auto& canaries = inputs.canaries;

  const std::vector<bool> extracted = ExtractCanaries(model, canaries);
  std::vector<CanaryOutcome> outcomes;
  std::vector<bool> included;
  for (std::size_t i = 0; i < canaries.size(); ++i) {
    outcomes.push_back({canaries[i].repetitions, canaries[i].inserted, measurement.exposure_bits[i], extracted[i]});
    included.push_back(canaries[i].inserted);
  }
  nlohmann::json section = {{"secret_format", space.format()},
                            {"candidate_space_bits", space.bits()},
                            {"method", measurement.exact ? "exact" : "skew-normal"},
                            {"candidates_per_canary", measurement.candidates_per_canary}};
  AddCanaryOutcomes(outcomes, section);
  const auto units_of = [&](std::size_t canary) {
    return options.canary_copies_one_unit ? std::size_t{1} : std::max<std::size_t>(1, canaries[canary].repetitions);
  };
  audit["reconstruction"] = ReconstructionSection(canaries, extracted, units_of, space, options);

  nlohmann::json samples = nlohmann::json::array();
  for (std::size_t i : TopIndices(canaries.size(), options.report_samples, [&](std::size_t a) {
         return canaries[a].inserted ? measurement.exposure_bits[a] : -1.0;
       })) {
    if (!canaries[i].inserted) break;
    const std::string text = canaries[i].prefix + canaries[i].secret;
    samples.push_back({{"text", QuoteSample(text, options.redact_samples, options.sample_key)},
                       {"repetitions", canaries[i].repetitions},
                       {"exposure_bits", measurement.exposure_bits[i]}});
  }
  section["samples"] = samples;

  if (options.one_run) {
    // The guesses rank canaries by exposure: the model's preference for the canary's secret over its alternatives,
    // which does not depend on how easy the canary's prefix is.
    std::vector<std::size_t> units;
    for (std::size_t i = 0; i < canaries.size(); ++i) units.push_back(units_of(i));
    nlohmann::json one_run = OneRunOverSingleUnits(measurement.exposure_bits, included, units,
                                                   options.one_run_options, "canary exposure");
    if (!one_run.is_null()) audit["one_run"] = std::move(one_run);
  }
  return section;
}

}  // namespace

nlohmann::json AuditLanguageModel(LanguageModel& model, const LanguageModelAuditInputs& inputs,
                                  const LanguageModelAuditOptions& caller_options) {
  LanguageModelAuditOptions options = caller_options;
  if (options.redact_samples && options.sample_key.empty()) options.sample_key = NewSampleKey();
  nlohmann::json audit = nlohmann::json::object();
  nlohmann::json seconds = nlohmann::json::object();

  auto start = Clock::now();
  audit["membership"] = MembershipSection(model, inputs, options, audit);
  seconds["membership"] = SecondsSince(start);

  if (!inputs.extraction_members.empty()) {
    start = Clock::now();
    std::optional<TemplateIndex> templates;
    if (inputs.template_reference.size() >= 2) {
      templates.emplace(inputs.template_reference);
      options.extraction.templates = &*templates;
    }
    audit["extraction"] = ExtractionSection(model, inputs, options);
    options.extraction.templates = nullptr;
    seconds["extraction"] = SecondsSince(start);
  }
  if (!inputs.canaries.empty()) {
    start = Clock::now();
    audit["canaries"] = CanarySection(model, inputs, options, audit);
    seconds["canaries"] = SecondsSince(start);
  }
  audit["seconds_by_part"] = seconds;
  return audit;
}

}  // namespace leakgate::audit
