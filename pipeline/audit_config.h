// The `audit:` config section: which attacks run, on how many records, with which extraction lengths and how many
// candidate secrets per canary.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/task.h"
namespace leakgate::pipeline {

class ConfigMap;

struct MiaConfig {
  std::vector<std::string> attacks = {"loss", "zlib", "min_k", "min_k_plus_plus", "one_run"};
  int reference_models = 4;  // for lira_online, lira_offline, rmia (the thorough profile)
  // Reference models are trained on member data: deleted once scored unless kept (they count in the ledger anyway).
  bool keep_reference_models = false;
  int members = 1000;        // training records scored (at most as many as there are)
  // Held-out records scored (at most as many as there are): 3000 resolve TPR at 0.1% FPR (2995 needed).
  int non_members = 3000;
  double min_k_percent = 20.0;
  int bootstrap_resamples = 1000;
  bool operator==(const MiaConfig&) const = default;
};

struct ExtractionConfig {
  int prefix_tokens = 32;
  int suffix_tokens = 32;
  // Member records tried, and as many non-members for the baseline; kAutoSamples: as many as the gate's extraction
  // check needs to resolve its maximum (audit::trials_to_bound_rate), at most every member.
  static constexpr int kAutoSamples = -1;
  int samples = kAutoSamples;
  // (n, p)-discoverable extraction of the same records: n sampled continuations, probability p, up to this many
  // prefix + suffix spans per record.
  int discovery_samples = 100;
  double discovery_probability = 0.5;
  int discovery_spans = 4;
  bool operator==(const ExtractionConfig&) const = default;
};

struct CanaryAuditConfig {
  int candidates = 1000;               // sampled secrets per canary when the space is too large to enumerate
  int64_t max_exact_candidates = 10000;  // spaces up to this size are enumerated
  bool operator==(const CanaryAuditConfig&) const = default;
};

// The cloning audit of a classifier run: substitutes trained on what each serving policy reveals. The serving policy
// at the query budget is always measured for a classifier (the gate judges it); the curve over all policies and
// budgets when enabled.
struct CloneConfig {
  bool enabled = false;  // the thorough profile draws the curve even when false
  // What the released model's endpoint returns (audit::ParseOutputPolicy), or kAutoPolicy: the policy of the first
  // tier the run red-teams (pipeline::ServingPolicy).
  static constexpr const char* kAutoPolicy = "auto";
  std::string serving_policy = kAutoPolicy;
  int query_budget = 200;                // queries the adversary is assumed to get through it
  std::vector<std::string> policies = {"probabilities", "top1", "rounded1", "label"};  // audit::ParseOutputPolicy
  std::vector<int> budgets = {50, 100, 200, 400, 800};  // queries per substitute
  int evaluation_size = 500;                            // validation records fidelity and accuracy are measured on
  bool operator==(const CloneConfig&) const = default;
};

// fast: the attacks that need no other model; thorough: also the reference-model attacks, for release candidates.
enum class AuditProfile { kFast, kThorough };
constexpr std::string_view AuditProfileName(AuditProfile profile) {
  return profile == AuditProfile::kFast ? "fast" : "thorough";
}

struct AuditConfig {
  AuditProfile profile = AuditProfile::kFast;
  MiaConfig mia;
  ExtractionConfig extraction;
  CanaryAuditConfig canaries;
  CloneConfig clone;
  bool operator==(const AuditConfig&) const = default;
};

// Declares the audit section's keys (ConfigMap): read strictly (unknown keys, wrong types, out-of-range values and
// parts not built yet are ConfigErrors naming the key), echoed or described. The thorough profile adds lira_online,
// lira_offline and rmia to mia.attacks unless the list already names one of them; the fast profile refuses them.
// `task` is train.task when known: clone.enabled on a task other than a classifier is then a common::ConfigError
// (nullopt: the audit stage checks it).
void ReadAuditConfig(ConfigMap map, AuditConfig& audit, std::optional<Task> task = std::nullopt);

// Whether the audit stage draws the cloning curve over every policy and budget: clone.enabled, or the thorough
// profile.
bool ClonesClassifier(const AuditConfig& audit);
// The section as JSON, through its declarations (for audit.json).
nlohmann::json AuditConfigToJson(const AuditConfig& audit);

}  // namespace leakgate::pipeline
