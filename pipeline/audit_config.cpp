#include "pipeline/audit_config.h"

#include <algorithm>
#include <set>

#include "audit/attacks/cloning.h"
#include "audit/attacks/errors.h"
#include "pipeline/config_reader.h"

namespace leakgate::pipeline {

namespace {

const std::vector<std::string> kReferenceAttacks = {"lira_online", "lira_offline", "rmia"};

bool IsReferenceAttackName(const std::string& attack) {
  return std::find(kReferenceAttacks.begin(), kReferenceAttacks.end(), attack) != kReferenceAttacks.end();
}

// A non-negative integer that fits an int, written in decimal digits only.
bool IsCount(const std::string& text) {
  return !text.empty() && text.size() <= 9 && std::all_of(text.begin(), text.end(), [](char c) {
    return c >= '0' && c <= '9';
  });
}

bool KnownAttacks(const std::vector<std::string>& attacks) {
  static const std::set<std::string> known = {"loss",    "zlib",        "min_k",        "min_k_plus_plus",
                                              "one_run", "lira_online", "lira_offline", "rmia"};
  const std::set<std::string> distinct(attacks.begin(), attacks.end());
  return !attacks.empty() && distinct.size() == attacks.size() &&
         std::all_of(attacks.begin(), attacks.end(), [](const std::string& a) { return known.count(a) > 0; });
}

}  // namespace

void ReadAuditConfig(ConfigMap map, AuditConfig& audit, std::optional<Task> task) {
  map.Get("profile", audit.profile, [](const std::string& v) { return v == "fast" || v == "thorough"; },
          "fast or thorough");

  ConfigMap mia = map.Section("mia");
  mia.Get("attacks", audit.mia.attacks, KnownAttacks,
          "a non-empty list of distinct attacks among loss, zlib, min_k, min_k_plus_plus, one_run, lira_online, "
          "lira_offline, rmia");
  const bool lists_reference_attack =
      std::any_of(audit.mia.attacks.begin(), audit.mia.attacks.end(), IsReferenceAttackName);
  if (audit.profile == "fast" && lists_reference_attack) {
    mia.Fail("attacks", "lists a reference-model attack (lira_online, lira_offline, rmia), which runs only with "
                        "audit.profile: thorough");
  }
  if (audit.profile == "thorough" && !lists_reference_attack) {
    audit.mia.attacks.insert(audit.mia.attacks.end(), kReferenceAttacks.begin(), kReferenceAttacks.end());
  }
  mia.Get("reference_models", audit.mia.reference_models, [](int v) { return v >= 2 && v <= 256 && v % 2 == 0; },
          "an even number between 2 and 256 (the reference models train on complementary halves, in pairs)");
  mia.Get("keep_reference_models", audit.mia.keep_reference_models);
  mia.Get("members", audit.mia.members, [](int v) { return v >= 1; }, ">= 1");
  mia.Get("non_members", audit.mia.non_members, [](int v) { return v >= 1; }, ">= 1");
  mia.Get("min_k_percent", audit.mia.min_k_percent, [](double v) { return v > 0.0 && v <= 100.0; }, "in (0, 100]");
  // The gate compares upper confidence bounds: with no (or too few) resamples they would be point estimates while the
  // reports still speak of 95% confidence.
  mia.Get("bootstrap_resamples", audit.mia.bootstrap_resamples, [](int v) { return v >= 100 && v <= 100000; },
          "between 100 and 100000 (the gate compares 95% confidence bounds, which fewer resamples cannot give)");
  mia.Finish();

  ConfigMap extraction = map.Section("extraction");
  extraction.Get("prefix_tokens", audit.extraction.prefix_tokens, [](int v) { return v >= 1; }, ">= 1");
  extraction.Get("suffix_tokens", audit.extraction.suffix_tokens, [](int v) { return v >= 1; }, ">= 1");
  std::string samples =
      audit.extraction.samples == ExtractionConfig::kAutoSamples ? "auto" : std::to_string(audit.extraction.samples);
  extraction.Get("samples", samples, [](const std::string& v) { return v == "auto" || IsCount(v); },
                 "auto or an integer >= 0 (0 skips extraction)");
  audit.extraction.samples = samples == "auto" ? ExtractionConfig::kAutoSamples : std::stoi(samples);
  extraction.Get("discovery_samples", audit.extraction.discovery_samples, [](int v) { return v >= 1; }, ">= 1");
  extraction.Get("discovery_probability", audit.extraction.discovery_probability,
                 [](double v) { return v > 0.0 && v <= 1.0; }, "in (0, 1]");
  extraction.Get("discovery_spans", audit.extraction.discovery_spans, [](int v) { return v >= 1; }, ">= 1");
  extraction.Finish();

  ConfigMap canaries = map.Section("canaries");
  canaries.Get("candidates", audit.canaries.candidates, [](int v) { return v >= 2; }, ">= 2");
  canaries.Get("max_exact_candidates", audit.canaries.max_exact_candidates, [](int64_t v) { return v >= 0; },
               ">= 0");
  canaries.Finish();

  ConfigMap clone = map.Section("clone");
  clone.Get("enabled", audit.clone.enabled);
  if (audit.clone.enabled && task && *task != Task::kClassifier) {
    clone.Fail("enabled", "is true, but the cloning audit needs train.task: classifier (the task is " +
                              TaskName(*task) + ")");
  }
  const auto is_policy = [](const std::string& policy) {
    try {
      audit::ParseOutputPolicy(policy);
      return true;
    } catch (const audit::AttackInputError&) {
      return false;
    }
  };
  const char* kPolicies = "probabilities, top<k> with k >= 1, rounded<d> with d in 0..9, or label";
  clone.Get("policies", audit.clone.policies);
  if (audit.clone.policies.empty()) clone.Fail("policies", "must list at least one output policy");
  for (const std::string& policy : audit.clone.policies) {
    if (!is_policy(policy)) {
      clone.Fail("policies", "'" + policy + "' is not an output policy (expected " + kPolicies + ")");
    }
  }
  clone.Get("serving_policy", audit.clone.serving_policy, is_policy, std::string("an output policy: ") + kPolicies);
  clone.Get("query_budget", audit.clone.query_budget, [](int v) { return v >= 1; }, "a number of queries >= 1");
  clone.Get("budgets", audit.clone.budgets,
            [](const std::vector<int>& v) {
              return !v.empty() && std::all_of(v.begin(), v.end(), [](int b) { return b >= 1; });
            },
            "a non-empty list of query budgets, each >= 1");
  clone.Get("evaluation_size", audit.clone.evaluation_size, [](int v) { return v >= 1; }, ">= 1");
  clone.Finish();
  map.Finish();
}

nlohmann::json AuditConfigToJson(const AuditConfig& audit) {
  return {{"profile", audit.profile},
          {"mia", {{"attacks", audit.mia.attacks},
                   {"reference_models", audit.mia.reference_models},
                   {"keep_reference_models", audit.mia.keep_reference_models},
                   {"members", audit.mia.members},
                   {"non_members", audit.mia.non_members},
                   {"min_k_percent", audit.mia.min_k_percent},
                   {"bootstrap_resamples", audit.mia.bootstrap_resamples}}},
          {"extraction", {{"prefix_tokens", audit.extraction.prefix_tokens},
                          {"suffix_tokens", audit.extraction.suffix_tokens},
                          {"samples", audit.extraction.samples == ExtractionConfig::kAutoSamples
                                          ? nlohmann::json("auto")
                                          : nlohmann::json(audit.extraction.samples)},
                          {"discovery_samples", audit.extraction.discovery_samples},
                          {"discovery_probability", audit.extraction.discovery_probability},
                          {"discovery_spans", audit.extraction.discovery_spans}}},
          {"canaries", {{"candidates", audit.canaries.candidates},
                        {"max_exact_candidates", audit.canaries.max_exact_candidates}}},
          {"clone", {{"enabled", audit.clone.enabled},
                     {"serving_policy", audit.clone.serving_policy},
                     {"query_budget", audit.clone.query_budget},
                     {"policies", audit.clone.policies},
                     {"budgets", audit.clone.budgets},
                     {"evaluation_size", audit.clone.evaluation_size}}}};
}

bool ClonesClassifier(const AuditConfig& audit) { return audit.clone.enabled || audit.profile == "thorough"; }

}  // namespace leakgate::pipeline
