#include "pipeline/audit_stage/audit_stage.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <optional>

#include "audit/attacks/lm_audit.h"
#include "audit/attacks/samples.h"
#include "audit/metrics/gradient_canaries.h"
#include "audit/metrics/json.h"
#include "audit/metrics/sampling.h"
#include "audit/metrics/stats.h"
#include "common/atomic_file.h"
#include "common/digest.h"
#include "common/log.h"
#include "common/run_files.h"
#include "corpus/corpus.h"
#include "dp/engine/compute_setup.h"
#include "pipeline/audit_stage/classifier_audit.h"
#include "pipeline/audit_stage/disjoint.h"
#include "pipeline/audit_stage/reference_attacks.h"
#include "pipeline/audit_stage/run_inputs.h"
#include "pipeline/sample_key.h"
#include "pipeline/train/lm.h"
#include "pipeline/train/split.h"
#include "pipeline/train/train_stage.h"

namespace leakgate::pipeline {

namespace {

namespace fs = std::filesystem;

std::vector<fs::path> AuditInputs(const StageContext& context) {
  const fs::path& dir = context.run_dir;
  return {CleanCorpus(dir),         dir / common::kSplitFile,        dir / common::kCanariesFile,
          dir / "model/weights.pt", dir / "model/model.json", dir / common::kPrivacyFile,
          dir / "gradient_canaries.json"};
}

void RequireInputs(const StageContext& context) {
  for (const fs::path& input : AuditInputs(context)) {
    if (!fs::exists(input)) {
      throw common::InputError(input.string() + ": missing (run the train stage first: leakgate train CONFIG)");
    }
  }
}

const std::vector<std::string> kNoIds;

std::vector<std::string> ReferenceAttacks(const AuditConfig& audit) {
  std::vector<std::string> attacks;
  std::copy_if(audit.mia.attacks.begin(), audit.mia.attacks.end(), std::back_inserter(attacks), IsReferenceAttack);
  return attacks;
}


// The audit's tests of the privacy claim (one-run, reconstruction, white-box gradient canaries): the gate reports the
// largest bound among them, so each runs at this family's alpha split between them (Bonferroni) and a correct
// training is refuted by any of them with probability at most kEmpiricalFamilyAlpha.
// Validation records the extraction attack's template index is built from (all of them when fewer).
constexpr std::size_t kTemplateReferenceRecords = 2000;

constexpr double kEmpiricalFamilyAlpha = 0.05;
constexpr int kEmpiricalTests = 3;
constexpr double kEmpiricalTestAlpha = kEmpiricalFamilyAlpha / kEmpiricalTests;

audit::LanguageModelAuditOptions AttackOptions(const AuditSettings& settings, uint64_t seed, double delta) {
  const AuditConfig& config = settings.audit;
  audit::LanguageModelAuditOptions options;
  options.membership.attacks.clear();
  for (const auto& attack : config.mia.attacks) {
    if (audit::IsReferenceFreeAttack(attack)) options.membership.attacks.push_back(attack);
  }
  options.membership.min_k_percent = config.mia.min_k_percent;
  options.membership.metrics.bootstrap_resamples = static_cast<std::size_t>(config.mia.bootstrap_resamples);
  options.membership.metrics.seed = DeriveSeed(seed, "audit-bootstrap");
  options.one_run = std::find(config.mia.attacks.begin(), config.mia.attacks.end(), "one_run") !=
                    config.mia.attacks.end();
  options.one_run_options.delta = delta;
  options.one_run_options.beta = kEmpiricalTestAlpha;  // the reconstruction test takes its alpha from here too
  options.extraction.prefix_tokens = static_cast<std::size_t>(config.extraction.prefix_tokens);
  options.extraction.suffix_tokens = static_cast<std::size_t>(config.extraction.suffix_tokens);
  options.extraction.discovery_samples = static_cast<std::size_t>(config.extraction.discovery_samples);
  options.extraction.discovery_probability = config.extraction.discovery_probability;
  options.extraction.discovery_spans = static_cast<std::size_t>(config.extraction.discovery_spans);
  options.extraction.seed = DeriveSeed(seed, "audit-extraction-spans");
  options.exposure.max_exact_candidates = static_cast<uint64_t>(config.canaries.max_exact_candidates);
  options.exposure.sampled_candidates = static_cast<std::size_t>(config.canaries.candidates);
  options.exposure.seed = DeriveSeed(seed, "audit-canary-candidates");
  options.redact_samples = settings.redact_samples;
  return options;
}

template <class T>
std::vector<T> Joined(std::vector<T> first, const std::vector<T>& second) {
  first.insert(first.end(), second.begin(), second.end());
  return first;
}

// How many member records the extraction attack tries, and why.
struct ExtractionSampleSize {
  std::size_t chosen = 0;
  std::optional<std::size_t> needed;  // for the gate's extraction check to be resolvable (none can for a maximum of 0)
  std::size_t available = 0;
  bool automatic = false;
  nlohmann::json ToJson() const {
    const bool enough = needed && chosen >= *needed;
    std::string why = automatic ? "audit.extraction.samples: auto, " : "audit.extraction.samples, ";
    if (automatic) {
      why += enough ? "what the gate's check needs" : "every member, fewer than the gate's check needs";
    } else {
      why += enough ? "enough for the gate's check" : "fewer than the gate's check needs";
    }
    return {{"chosen", chosen},
            {"needed_for_gate", needed ? nlohmann::json(*needed) : nlohmann::json(nullptr)},
            {"members_available", available},
            {"why", why}};
  }
};

// audit.extraction.samples, or with auto the trials that let the gate bound the extraction excess at
// gate.max_extraction_rate with 95% confidence (audit::trials_to_bound_rate), at most every member.
ExtractionSampleSize ChooseExtractionSamples(const ExtractionConfig& extraction, double max_extraction_rate,
                                             std::size_t members) {
  ExtractionSampleSize size;
  size.available = members;
  size.needed = audit::trials_to_bound_rate(max_extraction_rate);
  size.automatic = extraction.samples == ExtractionConfig::kAutoSamples;
  const std::size_t wanted =
      size.automatic ? size.needed.value_or(members) : static_cast<std::size_t>(extraction.samples);
  size.chosen = std::min(wanted, members);
  return size;
}


// audit.json of a language-model run, without the fields every audit shares.
nlohmann::json AuditLanguageModelRun(StageContext& context, const AuditSettings& settings) {
  const Config& config = context.config;
  if (settings.audit.clone.enabled) {
    throw common::InputError("audit.clone.enabled is true, but the cloning audit needs train.task: classifier (the task is " +
                     TaskName(config.train.task) + ")");
  }
  const uint64_t seed = config.run.seed;
  const AuditConfig& audit_config = settings.audit;
  nlohmann::json ground_truth;
  const Split split = DisjointAuditSplit(ReadAuditSplit(context.run_dir), CleanCorpus(context.run_dir), config,
                                         /*view_bytes=*/0, ground_truth);

  const auto mia_members = SampleIds(split.members, audit_config.mia.members, DeriveSeed(seed, "audit-mia-members"));
  const auto mia_non_members =
      SampleIds(split.nonmembers, audit_config.mia.non_members, DeriveSeed(seed, "audit-mia-non-members"));
  const ExtractionSampleSize extraction_size =
      ChooseExtractionSamples(audit_config.extraction, settings.max_extraction_rate, split.members.size());
  const std::size_t samples = extraction_size.chosen;
  const auto extraction_members = SampleIds(split.members, samples, DeriveSeed(seed, "audit-extraction-members"));
  const auto extraction_non_members =
      SampleIds(split.nonmembers, samples, DeriveSeed(seed, "audit-extraction-non-members"));
  const std::vector<std::string> reference_attacks = ReferenceAttacks(audit_config);
  const std::vector<std::string> rmia_population =
      SampleIds(split.validation, reference_attacks.empty() ? 0 : kRmiaPopulation, DeriveSeed(seed, "audit-rmia-z"));
  // Held-out validation records (neither trained on nor attacked) tell template text from record-specific text.
  const std::vector<std::string> template_reference =
      SampleIds(split.validation, kTemplateReferenceRecords, DeriveSeed(seed, "audit-template-reference"));
  auto [members_read, non_members_read, extraction_members_read, extraction_non_members_read, population_members,
        population_non_members, rmia_read, template_read] =
      ReadRecords(CleanCorpus(context.run_dir), config.CorpusOptions(), mia_members, mia_non_members,
                  extraction_members, extraction_non_members, reference_attacks.empty() ? kNoIds : split.members,
                  reference_attacks.empty() ? kNoIds : split.nonmembers, rmia_population, template_reference);

  audit::LanguageModelAuditInputs inputs;
  inputs.members = std::move(members_read.texts);
  inputs.non_members = std::move(non_members_read.texts);
  inputs.extraction_members = std::move(extraction_members_read.texts);
  inputs.extraction_non_members = std::move(extraction_non_members_read.texts);
  inputs.template_reference = std::move(template_read.texts);
  for (const Canary& canary : split.canaries) {
    inputs.canaries.push_back(
        {canary.prefix, canary.secret, static_cast<std::size_t>(canary.repeats), canary.inserted});
  }
  inputs.secret_format = kCanarySecretFormat;

  dp::SetUpCompute(config.run.threads);
  const std::unique_ptr<audit::LanguageModel> model = models::LoadLanguageModel(context.run_dir / common::kModelDir);
  common::LogInfo("audit: " + std::to_string(inputs.members.size()) + " members vs " +
          std::to_string(inputs.non_members.size()) + " non-members, " + std::to_string(inputs.canaries.size()) +
          " canaries, extraction on " + std::to_string(inputs.extraction_members.size()) + " records");
  audit::LanguageModelAuditOptions options =
      AttackOptions(settings, seed, TrainingDelta(context.run_dir / common::kPrivacyFile));
  options.sample_key = RunSampleKey(context.run_dir);
  // With person-level privacy every canary is one synthetic person: all its copies are one unit (see train_stage).
  options.canary_copies_one_unit = !config.data.user_field.empty();
  nlohmann::json audit = audit::AuditLanguageModel(*model, inputs, options);
  if (!reference_attacks.empty()) {
    ReferenceAttackInputs reference_inputs;
    reference_inputs.population_ids = Joined(split.members, split.nonmembers);
    reference_inputs.population_texts = Joined(std::move(population_members.texts), population_non_members.texts);
    reference_inputs.candidate_ids = Joined(mia_members, mia_non_members);
    reference_inputs.candidate_texts = Joined(inputs.members, inputs.non_members);
    reference_inputs.is_member.assign(reference_inputs.candidate_ids.size(), false);
    std::fill_n(reference_inputs.is_member.begin(), mia_members.size(), true);
    reference_inputs.validation_texts = std::move(rmia_read.texts);
    if (!config.data.user_field.empty()) {
      reference_inputs.population_users = Joined(std::move(population_members.users), population_non_members.users);
      reference_inputs.validation_users = std::move(rmia_read.users);
    }
    AddReferenceAttacks(
        config, context.run_dir, reference_attacks, audit_config.mia,
        [&](const std::vector<std::string>& texts, const std::vector<std::string>&) { return model->ExampleLosses(texts); },
        reference_inputs, options.membership.metrics, audit);
  }
  if (audit.contains("extraction")) audit["extraction"]["sample_size"] = extraction_size.ToJson();
  audit["ground_truth"] = ground_truth;
  if (settings.redact_samples) audit["sample_digest"] = "HMAC-SHA256 keyed with sample.key in the run directory";
  return audit;
}

// Whether the training's sampler drew the canaries as the accountant assumes (Poisson at its q), from their
// participation counts in `canary_result` (gradient_canaries.json's result).
nlohmann::json SamplingSection(const nlohmann::json& canary_result, double accountant_rate) {
  const audit::PoissonSamplingResult test =
      audit::poisson_sampling_test(canary_result.at("participation_histogram").get<std::vector<int64_t>>(),
                                   canary_result.at("steps").get<int64_t>(), accountant_rate);
  nlohmann::json section = test;
  section["method"] = "each canary's participation count against Binomial(steps, q) (Dvoretzky-Kiefer-Wolfowitz "
                      "bound on the largest CDF gap, Massart's constant)";
  return section;
}

// The white-box test of the training's claim from the gradient canaries the train stage ran (gradient_canaries.json),
// at the accountant's delta; null when none ran (with the reason in the file).
nlohmann::json GradientCanarySection(const fs::path& run_dir) {
  const fs::path path = run_dir / "gradient_canaries.json";
  std::ifstream in(path);
  const nlohmann::json file = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (file.is_discarded()) throw common::InputError(path.string() + ": not valid JSON (re-run the train stage)");
  if (!file.value("ran", false)) return {{"ran", false}, {"why", file.value("why", "")}};
  try {
    std::vector<audit::ThresholdCounts> thresholds;
    for (const auto& counts : file.at("result").at("thresholds")) {
      thresholds.push_back({counts.at("threshold"), counts.at("in_total"), counts.at("in_above"),
                            counts.at("out_total"), counts.at("out_above")});
    }
    const double delta = TrainingDelta(run_dir / common::kPrivacyFile);
    const audit::GradientCanaryResult result = audit::gradient_canary_test(thresholds, delta, kEmpiricalTestAlpha);
    nlohmann::json section = {{"ran", true},
            {"method", "white-box canaries on coordinates of their own, clipped and noised by the training's engine; "
                       "TPR <= e^epsilon FPR + delta at thresholds fixed before training (Clopper-Pearson, "
                       "Bonferroni over the thresholds)"},
            {"canaries", file.at("result").at("count")},
            {"delta", delta},
            {"confidence", 1.0 - result.alpha},
            {"epsilon_lower_bound", result.epsilon_lower_bound},
            {"threshold", result.threshold},
            {"power", result.power},
            {"thresholds", file.at("result").at("thresholds")}};
    if (file.at("result").contains("participation_histogram")) {
      section["sampling"] = SamplingSection(file.at("result"), TrainingPlan(run_dir / common::kPrivacyFile).sample_rate);
    }
    return section;
  } catch (const nlohmann::json::exception& error) {
    throw common::InputError(path.string() + ": malformed (" + error.what() + "); re-run the train stage");
  }
}

nlohmann::json RunAudit(StageContext& context, const AuditSettings& settings) {
  const auto start = std::chrono::steady_clock::now();
  RequireInputs(context);
  const AuditConfig& audit_config = settings.audit;
  const audit::OneRunOptions one_run_options{kEmpiricalTestAlpha, TrainingDelta(context.run_dir / common::kPrivacyFile)};
  nlohmann::json audit = context.config.train.task == Task::kClassifier
                             ? AuditClassifierRun(context, settings, one_run_options)
                             : AuditLanguageModelRun(context, settings);
  audit["gradient_canaries"] = GradientCanarySection(context.run_dir);
  audit["empirical_privacy_family"] = {
      {"tests", {"one_run", "reconstruction", "gradient_canaries"}},
      {"alpha", kEmpiricalFamilyAlpha},
      {"alpha_per_test", kEmpiricalTestAlpha},
      {"why", "the gate reports the largest of the tests' bounds, so each runs at the family's alpha split between "
              "them: a correct training is refuted by any of them with probability at most alpha"}};
  audit["task"] = TaskName(context.config.train.task);
  audit["profile"] = AuditProfileName(audit_config.profile);
  audit["samples_redacted"] = settings.redact_samples;
  audit["config"] = AuditConfigToJson(audit_config);
  audit["seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  common::WriteFileAtomically(context.run_dir / common::kAuditFile, audit.dump(2) + "\n");

  nlohmann::json summary = {{"seconds", audit["seconds"]}};
  for (const auto& [attack, metrics] : audit["membership"].items()) summary["auc_" + attack] = metrics["auc"];
  if (audit.contains("one_run")) summary["one_run_epsilon_lower_bound"] = audit["one_run"]["epsilon_lower_bound"];
  if (audit.contains("extraction")) {
    summary["extraction_rate"] = audit["extraction"]["members"]["exact_match"]["rate"];
  }
  if (audit.contains("clone")) {
    for (const auto& point : audit["clone"]["points"]) {
      summary["clone_fidelity_" + point["policy"].get<std::string>()] = point["fidelity"];
    }
  }
  common::LogInfo("audit: " + summary.dump());
  return summary;
}

}  // namespace

Stage MakeAuditStage(AuditSettingsOf settings_of) {
  return Stage{"audit", AuditInputs,
               [settings_of](const Config& config) {
                 const AuditSettings settings = settings_of(config);
                 const auto json = ConfigToJson(config);
                 nlohmann::json key = {{"seed", config.run.seed},
                                       {"data", json["data"]},
                                       {"task", TaskName(config.train.task)},
                                       {"audit", AuditConfigToJson(settings.audit)},
                                       {"redact_samples", settings.redact_samples}};
                 // With samples: auto the gate's threshold decides how many records extraction tries.
                 if (settings.audit.extraction.samples == ExtractionConfig::kAutoSamples) {
                   key["max_extraction_rate"] = settings.max_extraction_rate;
                 }
                 // With serving_policy: auto, the serving config's tier decides what the cloning check judges.
                 if (config.train.task == Task::kClassifier) {
                   key["serving_policy"] = ServingPolicy(config, settings.audit.clone);
                 }
                 return key;
               },
               {common::kAuditFile},
               [settings_of](StageContext& context) { return RunAudit(context, settings_of(context.config)); }};
}

}  // namespace leakgate::pipeline
