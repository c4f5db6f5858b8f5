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

bool KnownAttacks(const std::vector<std::string>& attacks) {
  static const std::set<std::string> known = {"loss",    "zlib",        "min_k",        "min_k_plus_plus",
                                              "one_run", "lira_online", "lira_offline", "rmia"};
  const std::set<std::string> distinct(attacks.begin(), attacks.end());
  return !attacks.empty() && distinct.size() == attacks.size() &&
         std::all_of(attacks.begin(), attacks.end(), [](const std::string& a) { return known.count(a) > 0; });
}

}  // namespace

void ReadAuditConfig(ConfigMap map, AuditConfig& audit, std::optional<Task> task) {
  map.GetChoice("profile", audit.profile, {AuditProfile::kFast, AuditProfile::kThorough}, AuditProfileName,
      "fast: the attacks below, extraction and canary exposure; for every CI run. thorough: also "
      "trains reference models for lira_online, lira_offline and rmia; for release candidates.");

  ConfigMap mia = map.Section("mia",
      "Membership inference: which attacks, on how many members and non-members.");
  mia.Get("attacks", audit.mia.attacks, KnownAttacks,
          "a non-empty list of distinct attacks among loss, zlib, min_k, min_k_plus_plus, one_run, lira_online, "
          "lira_offline, rmia",
      "Attacks among loss, zlib, min_k, min_k_plus_plus, one_run, and (thorough only) lira_online, "
      "lira_offline, rmia; thorough adds all three when none is listed. min_k_plus_plus (Min-K%++) "
      "standardises each token's log p by the mean and spread of log p over the model's whole next-"
      "token distribution at that place.");
  const bool lists_reference_attack =
      std::any_of(audit.mia.attacks.begin(), audit.mia.attacks.end(), IsReferenceAttackName);
  if (audit.profile == AuditProfile::kFast && lists_reference_attack) {
    mia.Reject("attacks", "lists a reference-model attack (lira_online, lira_offline, rmia), which runs only with "
                        "audit.profile: thorough");
  }
  if (audit.profile == AuditProfile::kThorough && !lists_reference_attack) {
    audit.mia.attacks.insert(audit.mia.attacks.end(), kReferenceAttacks.begin(), kReferenceAttacks.end());
  }
  mia.Get("reference_models", audit.mia.reference_models, [](int v) { return v >= 2 && v <= 256 && v % 2 == 0; },
          "an even number between 2 and 256 (the reference models train on complementary halves, in pairs)",
      "Reference models for the thorough profile, trained on complementary random halves (even) with "
      "the target's sampling rate, steps and noise multiplier (privacy.json), so each repeats the "
      "target's mechanism on its half.");
  mia.Get("keep_reference_models", audit.mia.keep_reference_models,
      "Reference models are trained on member data: they are deleted once scored unless this is true."
      " Either way every reference training is recorded in the dataset's privacy ledger.");
  mia.Get("members", audit.mia.members, [](int v) { return v >= 1; }, ">= 1",
      "Training records scored by the membership attacks (at most all members).");
  mia.Get("non_members", audit.mia.non_members, [](int v) { return v >= 1; }, ">= 1",
      "Held-out records scored as non-members (at most all audit non-members). The gate's TPR checks "
      "need enough of them: 2995 for 0.1% FPR, 299 for 1% FPR; with fewer the check is \"not "
      "resolvable\".");
  mia.Get("min_k_percent", audit.mia.min_k_percent, [](double v) { return v > 0.0 && v <= 100.0; }, "in (0, 100]",
      "min_k: mean of the lowest k% of a record's token log-probabilities (min_k_plus_plus: of its "
      "standardised ones).");
  // The gate compares upper confidence bounds: with no (or too few) resamples they would be point estimates while the
  // reports still speak of 95% confidence.
  mia.Get("bootstrap_resamples", audit.mia.bootstrap_resamples, [](int v) { return v >= 100 && v <= 100000; },
          "between 100 and 100000 (the gate compares 95% confidence bounds, which fewer resamples cannot give)",
      "Bootstrap resamples for the AUC and TPR@FPR confidence intervals (100 to 100000: the gate "
      "compares the bounds).");
  mia.Finish();

  ConfigMap extraction = map.Section("extraction",
      "Extraction asks each record for its most record-specific prefix + suffix span: the one whose "
      "suffix has the most byte 8-grams that no two held-out validation records share (template text "
      "such as a form's headings is set aside, for members and non-members alike). Without two "
      "validation records: greedy from the record's start, and sampled extraction at a span drawn "
      "among the first discovery_spans.");
  extraction.Get("prefix_tokens", audit.extraction.prefix_tokens, [](int v) { return v >= 1; }, ">= 1",
      "Tokens of a record given to the model (bytes for the byte-level LM).");
  extraction.Get("suffix_tokens", audit.extraction.suffix_tokens, [](int v) { return v >= 1; }, ">= 1",
      "Tokens decoded greedily and compared with the record's true continuation.");
  std::optional<int> samples;
  if (audit.extraction.samples != ExtractionConfig::kAutoSamples) samples = audit.extraction.samples;
  extraction.GetNumberOrAuto<int>("samples", samples, [](int v) { return v >= 0; },
                                  "auto or an integer >= 0 (0 skips extraction)",
      "Member records tried, and as many non-members as the baseline (0 skips extraction). The gate "
      "bounds the excess over the baseline with 95% confidence: showing it is at most "
      "gate.max_extraction_rate takes at least ln(0.025) / ln(1 - max) member records (3688 for 0.1%,"
      " 368 for 1%); with fewer the check is \"not resolvable\". auto: that many, at most every member;"
      " audit.json says what was chosen (extraction.sample_size).");
  audit.extraction.samples = samples.value_or(ExtractionConfig::kAutoSamples);
  extraction.Get("discovery_samples", audit.extraction.discovery_samples, [](int v) { return v >= 1; }, ">= 1",
      "(n, p)-discoverable extraction of the same records (Hayes et al. 2024), computed exactly from "
      "the suffix's likelihood inside its record (given the text before it, as the model reads it): a"
      " record counts when discovery_samples continuations sampled at temperature 1 reproduce its "
      "suffix with probability at least discovery_probability, at the span chosen as above. The gate "
      "counts a record extracted by this or by greedy decoding. n: continuations an attacker samples "
      "per prefix.");
  extraction.Get("discovery_probability", audit.extraction.discovery_probability,
                 [](double v) { return v > 0.0 && v <= 1.0; }, "in (0, 1]",
      "p: the chance of reproducing the suffix that makes a record count as discoverable.");
  extraction.Get("discovery_spans", audit.extraction.discovery_spans, [](int v) { return v >= 1; }, ">= 1",
      "Without a template index: consecutive prefix + suffix spans of each record the span is drawn "
      "from (1: its start).");
  extraction.Finish();

  ConfigMap canaries = map.Section("canaries",
      "Canary exposure: how the secret space of the planted canaries is ranked.");
  canaries.Get("candidates", audit.canaries.candidates, [](int v) { return v >= 2; }, ">= 2",
      "Secrets sampled per canary when the secret space is too large to enumerate (skew-normal fit).");
  canaries.Get("max_exact_candidates", audit.canaries.max_exact_candidates, [](int64_t v) { return v >= 0; },
               ">= 0",
      "Secret spaces up to this size are enumerated exactly.");
  canaries.Finish();

  ConfigMap clone = map.Section(
      "clone", "Cloning (model extraction) through the outputs a served classifier returns.");
  clone.Get("enabled", audit.clone.enabled,
      "Cloning (model-extraction) curve of a classifier run over every policy and budget below "
      "(train.task: classifier only; the thorough profile draws it even when false): an adversary "
      "queries the model with its own texts and trains a substitute on the answers. The serving "
      "policy at the query budget is measured for every classifier.");
  if (audit.clone.enabled && task && *task != Task::kClassifier) {
    clone.Reject("enabled", "is true, but the cloning audit needs train.task: classifier (the task is " +
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
  clone.Get("policies", audit.clone.policies,
      "What the serving endpoint returns per query: probabilities (all classes), top<k> (the k most "
      "probable), rounded<d> (all, rounded to d decimals, d in 0..9) or label (the most probable "
      "label alone).");
  if (audit.clone.policies.empty()) clone.Reject("policies", "must list at least one output policy");
  for (const std::string& policy : audit.clone.policies) {
    if (!is_policy(policy)) {
      clone.Reject("policies", "'" + policy + "' is not an output policy (expected " + kPolicies + ")");
    }
  }
  clone.Get(
      "serving_policy", audit.clone.serving_policy,
      [&](const std::string& policy) { return policy == CloneConfig::kAutoPolicy || is_policy(policy); },
      std::string("auto or an output policy: ") + kPolicies,
      "What the released model's endpoint returns, which the gate's cloning check judges: auto takes the "
      "policy of the first tier in redteam.tiers from redteam.serve_config (label without a red team), so "
      "the audit and the server share one definition.");
  clone.Get("query_budget", audit.clone.query_budget, [](int v) { return v >= 1; }, "a number of queries >= 1",
      "Queries an adversary is assumed to get through that endpoint (at most the adversary's texts: "
      "audit non-members).");
  clone.Get("budgets", audit.clone.budgets,
            [](const std::vector<int>& v) {
              return !v.empty() && std::all_of(v.begin(), v.end(), [](int b) { return b >= 1; });
            },
            "a non-empty list of query budgets, each >= 1",
      "Queries per substitute (each >= 1); larger budgets than the adversary's texts are clamped to "
      "them.");
  clone.Get("evaluation_size", audit.clone.evaluation_size, [](int v) { return v >= 1; }, ">= 1",
      "Validation records on which the substitute's agreement with the model (fidelity) and accuracy "
      "are measured.");
  clone.Finish();
  map.Finish();
}

nlohmann::json AuditConfigToJson(const AuditConfig& audit) {
  nlohmann::json json = nlohmann::json::object();
  AuditConfig echoed = audit;
  ReadAuditConfig(ConfigMap::Echo(&json), echoed, std::nullopt);
  return json;
}

bool ClonesClassifier(const AuditConfig& audit) { return audit.clone.enabled || audit.profile == AuditProfile::kThorough; }

}  // namespace leakgate::pipeline
