#include "pipeline/audit_stage/classifier_audit.h"

#include <algorithm>
#include <chrono>
#include <set>

#include "audit/attacks/cloning.h"
#include "audit/attacks/membership.h"
#include "audit/attacks/planted_labels.h"
#include "audit/metrics/json.h"
#include "audit/metrics/mia_scores.h"
#include "common/log.h"
#include "common/run_files.h"
#include "dp/engine/compute_setup.h"
#include "pipeline/audit_stage/disjoint.h"
#include "pipeline/audit_stage/reference_attacks.h"
#include "pipeline/audit_stage/run_inputs.h"
#include "pipeline/serve_config.h"
#include "pipeline/train/classifier.h"

namespace leakgate::pipeline {

namespace {

constexpr std::size_t kHistogramBins = 20;

bool Lists(const std::vector<std::string>& attacks, const std::string& attack) {
  return std::find(attacks.begin(), attacks.end(), attack) != attacks.end();
}

// Why the language-model parts of the audit say nothing about a classifier, for audit.json and the gate.
nlohmann::json NotApplicable(const std::vector<std::string>& attacks) {
  // Canaries and the empirical privacy checks stay: a classifier's canaries carry planted labels, and the white-box
  // gradient canaries test its DP-SGD as any other.
  nlohmann::json parts = {
      {"extraction",
       "A classifier answers with labels, not text, so it cannot be prompted to repeat its training records."}};
  if (Lists(attacks, "zlib")) {
    parts["zlib"] = "The zlib attack compares a language model's loss on a text with how well the text compresses; "
                    "a classifier's loss is over its label, not the text.";
  }
  for (const char* attack : {"min_k", "min_k_plus_plus"}) {
    if (Lists(attacks, attack)) {
      parts[attack] = "Min-k% and Min-K%++ score a language model's per-token probabilities, which a classifier "
                      "does not have.";
    }
  }
  return parts;
}

// The labels of `records`, which must all have one.
std::vector<std::string> RequiredLabels(const RecordTexts& records, const std::vector<std::string>& ids,
                                        const Config& config) {
  std::vector<std::string> labels;
  labels.reserve(records.labels.size());
  for (std::size_t i = 0; i < records.labels.size(); ++i) {
    if (!records.labels[i]) {
      throw common::InputError("corpus.clean.jsonl.zst: record '" + ids[i] + "' has no label in field '" +
                       config.data.label_field + "' (data.label_field), which the classifier audit needs");
    }
    labels.push_back(*records.labels[i]);
  }
  return labels;
}

// The audit non-members the adversary owns: those not sampled for membership inference when they cover the
// largest query budget, otherwise all of them.
std::vector<std::string> AdversaryPoolIds(const std::vector<std::string>& non_members,
                                          const std::vector<std::string>& mia_non_members, std::size_t largest_budget,
                                          std::string& description) {
  const std::set<std::string> sampled(mia_non_members.begin(), mia_non_members.end());
  std::vector<std::string> rest;
  std::copy_if(non_members.begin(), non_members.end(), std::back_inserter(rest),
               [&](const std::string& id) { return sampled.count(id) == 0; });
  if (rest.size() >= largest_budget) {
    description = "audit non-members not sampled for membership inference";
    return rest;
  }
  description = "all audit non-members (those outside the membership-inference sample are fewer than the largest "
                "budget)";
  return non_members;
}

// Members and the audit non-members whose label the classifier knows (a class it never saw has no loss), as the
// membership attacks score them.
struct LabelledCandidates {
  std::vector<std::string> ids, texts, labels;
  std::vector<bool> is_member;
  std::size_t members = 0;
  std::size_t unknown = 0;  // non-members left out for their label
};

LabelledCandidates Candidates(const models::TextClassifierModel& model, const std::vector<std::string>& member_ids,
                              const RecordTexts& members, const std::vector<std::string>& member_labels,
                              const std::vector<std::string>& non_member_ids, const RecordTexts& non_members,
                              const std::vector<std::string>& non_member_labels) {
  LabelledCandidates candidates;
  for (std::size_t i = 0; i < members.texts.size(); ++i) {
    candidates.ids.push_back(member_ids[i]);
    candidates.texts.push_back(members.texts[i]);
    candidates.labels.push_back(member_labels[i]);
  }
  candidates.members = candidates.texts.size();
  for (std::size_t i = 0; i < non_members.texts.size(); ++i) {
    if (!model.Knows(non_member_labels[i])) {
      ++candidates.unknown;
      continue;
    }
    candidates.ids.push_back(non_member_ids[i]);
    candidates.texts.push_back(non_members.texts[i]);
    candidates.labels.push_back(non_member_labels[i]);
  }
  if (candidates.members == 0 || candidates.texts.size() == candidates.members) {
    throw common::InputError("membership inference needs members and audit non-members with a label the classifier knows (" +
                     std::to_string(candidates.members) + " members, " +
                     std::to_string(candidates.texts.size() - candidates.members) + " non-members)");
  }
  candidates.is_member.assign(candidates.texts.size(), false);
  std::fill_n(candidates.is_member.begin(), candidates.members, true);
  return candidates;
}

// The loss attack on the candidates, with its loss histogram.
void MembershipSection(models::TextClassifierModel& model, const LabelledCandidates& candidates,
                       const audit::MembershipOptions& metrics, nlohmann::json& audit) {
  const std::vector<double> losses = model.ExampleLosses(candidates.texts, candidates.labels);
  const std::span<const double> all(losses);
  const audit::LossHistogram histogram =
      audit::loss_histogram(all.first(candidates.members), all.subspan(candidates.members), kHistogramBins);
  audit["membership"]["loss"] = audit::evaluate_membership(audit::loss_scores(losses), candidates.is_member, metrics);
  audit["loss_histogram"] = {
      {"bin_edges", histogram.bin_edges}, {"members", histogram.members}, {"non_members", histogram.non_members}};
}

// The planted-label canaries of the split, as the audit knows them; a canary without a label was split for a
// language model.
std::vector<audit::PlantedLabelCanary> PlantedLabelCanaries(const Split& split, const Config& config) {
  std::vector<audit::PlantedLabelCanary> canaries;
  for (const Canary& canary : split.canaries) {
    if (canary.label.empty()) {
      throw common::InputError("canaries.jsonl: canary '" + canary.id + "' has no planted label, which a classifier's "
                       "canary needs (re-run the split stage)");
    }
    const auto repetitions = static_cast<std::size_t>(canary.repeats);
    // With person-level privacy every canary is one synthetic person: all its copies are one unit (see train_stage).
    const std::size_t units = config.data.user_field.empty() ? std::max<std::size_t>(1, repetitions) : 1;
    canaries.push_back({canary.text(), canary.label, repetitions, units, canary.inserted});
  }
  return canaries;
}

// The serving policy at the query budget, which the gate judges; with `full_curve` every configured policy and budget
// as well.
audit::CloningOptions CloningOptionsOf(const CloneConfig& clone, const std::string& serving_policy, bool full_curve,
                                       uint64_t seed) {
  std::vector<std::string> policies = full_curve ? clone.policies : std::vector<std::string>{};
  if (std::find(policies.begin(), policies.end(), serving_policy) == policies.end()) {
    policies.push_back(serving_policy);
  }
  audit::CloningOptions options;
  options.policies.clear();
  for (const std::string& policy : policies) options.policies.push_back(audit::ParseOutputPolicy(policy));
  if (full_curve) options.budgets.assign(clone.budgets.begin(), clone.budgets.end());
  else options.budgets.clear();
  options.budgets.push_back(static_cast<std::size_t>(clone.query_budget));
  options.seed = DeriveSeed(seed, "audit-clone");
  return options;
}

}  // namespace

std::string ServingPolicy(const Config& config, const CloneConfig& clone) {
  if (clone.serving_policy != CloneConfig::kAutoPolicy) return clone.serving_policy;
  if (config.redteam.tiers.empty()) return "label";
  const std::string& name = config.redteam.tiers.front();
  const ServeConfig serving = LoadServeConfig(config.redteam.serve_config);
  for (const serve::Tier& tier : serving.settings.tiers) {
    if (tier.name == name) return audit::OutputPolicyName(tier.policy.output);
  }
  throw common::ConfigError(config.redteam.serve_config + ": no tier '" + name +
                            "', the first of redteam.tiers, whose policy audit.clone.serving_policy: auto takes");
}

nlohmann::json AuditClassifierRun(StageContext& context, const AuditSettings& settings,
                                  const audit::OneRunOptions& one_run_options) {
  const Config& config = context.config;
  const AuditConfig& audit_config = settings.audit;
  const uint64_t seed = config.run.seed;
  // The classifier reads the first seq_len bytes of a text: that is what must differ between members and non-members.
  nlohmann::json ground_truth;
  const Split split = DisjointAuditSplit(ReadAuditSplit(context.run_dir), CleanCorpus(context.run_dir), config,
                                         static_cast<std::size_t>(config.train.model.seq_len), ground_truth);
  const bool full_curve = ClonesClassifier(audit_config);
  if (full_curve && split.validation.empty()) {
    throw common::InputError("split.json has no validation records, on which the cloning audit measures fidelity (set "
                     "split.validation above 0, or audit.clone.enabled: false)");
  }
  // The serving policy at the query budget is measured whenever there are validation records to measure it on.
  const bool clones = !split.validation.empty();

  const auto mia_members = SampleIds(split.members, audit_config.mia.members, DeriveSeed(seed, "audit-mia-members"));
  const auto mia_non_members =
      SampleIds(split.nonmembers, audit_config.mia.non_members, DeriveSeed(seed, "audit-mia-non-members"));
  const std::string serving_policy = ServingPolicy(config, audit_config.clone);
  const audit::CloningOptions cloning_options = CloningOptionsOf(audit_config.clone, serving_policy, full_curve, seed);
  const std::size_t largest_budget =
      *std::max_element(cloning_options.budgets.begin(), cloning_options.budgets.end());
  std::string pool_description;
  const std::vector<std::string> pool_ids =
      clones ? AdversaryPoolIds(split.nonmembers, mia_non_members, largest_budget, pool_description)
             : std::vector<std::string>{};
  const std::vector<std::string> evaluation_ids =
      clones ? SampleIds(split.validation, static_cast<std::size_t>(audit_config.clone.evaluation_size),
                         DeriveSeed(seed, "audit-clone-evaluation"))
             : std::vector<std::string>{};
  std::vector<std::string> reference_attacks;
  std::copy_if(audit_config.mia.attacks.begin(), audit_config.mia.attacks.end(), std::back_inserter(reference_attacks),
               IsReferenceAttack);
  const std::vector<std::string> no_ids;
  const std::vector<std::string> rmia_population =
      SampleIds(split.validation, reference_attacks.empty() ? 0 : kRmiaPopulation, DeriveSeed(seed, "audit-rmia-z"));
  const auto [members_read, non_members_read, pool_read, evaluation_read, population_members, population_non_members,
              rmia_read] =
      ReadRecords(CleanCorpus(context.run_dir), config.CorpusOptions(), mia_members, mia_non_members, pool_ids,
                  evaluation_ids, reference_attacks.empty() ? no_ids : split.members,
                  reference_attacks.empty() ? no_ids : split.nonmembers, rmia_population);

  dp::SetUpCompute(config.run.threads);
  const std::unique_ptr<models::TextClassifierModel> model = models::LoadTextClassifier(context.run_dir / common::kModelDir);
  nlohmann::json audit = {{"membership", nlohmann::json::object()},
                          {"classes", model->labels()},
                          {"not_applicable", NotApplicable(audit_config.mia.attacks)}};
  const LabelledCandidates candidates =
      Candidates(*model, mia_members, members_read, RequiredLabels(members_read, mia_members, config),
                 mia_non_members, non_members_read, RequiredLabels(non_members_read, mia_non_members, config));
  audit["non_members_with_unknown_label"] = candidates.unknown;
  audit::MembershipOptions metrics;
  metrics.bootstrap_resamples = static_cast<std::size_t>(audit_config.mia.bootstrap_resamples);
  metrics.seed = DeriveSeed(seed, "audit-bootstrap");
  if (Lists(audit_config.mia.attacks, "loss")) {
    const auto start = std::chrono::steady_clock::now();
    common::LogInfo("audit: classifier loss attack on " + std::to_string(candidates.members) + " members vs " +
            std::to_string(candidates.texts.size() - candidates.members) + " non-members");
    MembershipSection(*model, candidates, metrics, audit);
    audit["seconds_by_part"]["membership"] =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  if (!reference_attacks.empty()) {
    ReferenceAttackInputs inputs;
    for (const auto& [ids, records] : {std::pair{&split.members, &population_members},
                                       std::pair{&split.nonmembers, &population_non_members}}) {
      const std::vector<std::string> labels = RequiredLabels(*records, *ids, config);
      inputs.population_ids.insert(inputs.population_ids.end(), ids->begin(), ids->end());
      inputs.population_texts.insert(inputs.population_texts.end(), records->texts.begin(), records->texts.end());
      inputs.population_labels.insert(inputs.population_labels.end(), labels.begin(), labels.end());
      if (!config.data.user_field.empty()) {
        inputs.population_users.insert(inputs.population_users.end(), records->users.begin(), records->users.end());
      }
    }
    inputs.candidate_ids = candidates.ids;
    inputs.candidate_texts = candidates.texts;
    inputs.candidate_labels = candidates.labels;
    inputs.is_member = candidates.is_member;
    // RMIA's population: validation records whose label the classifier knows.
    const std::vector<std::string> validation_labels = RequiredLabels(rmia_read, rmia_population, config);
    for (std::size_t z = 0; z < rmia_population.size(); ++z) {
      if (!model->Knows(validation_labels[z])) continue;
      inputs.validation_texts.push_back(rmia_read.texts[z]);
      inputs.validation_labels.push_back(validation_labels[z]);
      if (!config.data.user_field.empty()) inputs.validation_users.push_back(rmia_read.users[z]);
    }
    AddReferenceAttacks(
        config, context.run_dir, reference_attacks, audit_config.mia,
        [&](const std::vector<std::string>& texts, const std::vector<std::string>& labels) {
          return model->ExampleLosses(texts, labels);
        },
        inputs, metrics, audit);
  }

  if (!split.canaries.empty()) {
    const auto start = std::chrono::steady_clock::now();
    const std::vector<audit::PlantedLabelCanary> canaries = PlantedLabelCanaries(split, config);
    audit::PlantedLabelOptions options;
    options.one_run = Lists(audit_config.mia.attacks, "one_run");
    options.one_run_options = one_run_options;
    common::LogInfo("audit: " + std::to_string(canaries.size()) + " planted-label canaries");
    audit["canaries"] = audit::AuditPlantedLabels(*model, canaries, options, audit);
    audit["seconds_by_part"]["canaries"] =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }

  if (clones) {
    common::LogInfo("audit: cloning with " + std::to_string(pool_ids.size()) + " adversary texts, fidelity on " +
            std::to_string(evaluation_ids.size()) + " validation records");
    const audit::CloningResult result = audit::AuditCloning(
        *model, pool_read.texts, evaluation_read.texts, RequiredLabels(evaluation_read, evaluation_ids, config),
        cloning_options, RequiredLabels(pool_read, pool_ids, config));
    audit["clone"] = result;
    audit["clone"]["adversary_pool"] = pool_description;
    audit["clone"]["evaluation"] = "validation records with their labels";
    audit["clone"]["serving"] = {{"policy", serving_policy},
                                 {"budget", audit_config.clone.query_budget}};
    audit["clone"]["baseline_definition"] =
        "substitutes trained on the adversary's own (true) labels of the same queries: what cloning achieves "
        "without the model's answers";
    audit["seconds_by_part"]["clone"] = result.seconds;
  } else {
    audit["not_run"]["clone"] = "split.json has no validation records, on which cloning fidelity is measured";
  }
  audit["ground_truth"] = ground_truth;
  return audit;
}

}  // namespace leakgate::pipeline
