#include "tests/report/fixtures.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <fstream>
#include <random>
#include <sstream>
#include <vector>

#include "audit/attacks/canary_results.h"
#include "audit/attacks/cloning.h"
#include "common/digest.h"
#include "audit/metrics/exposure.h"
#include "audit/metrics/extraction.h"
#include "audit/metrics/json.h"
#include "audit/metrics/one_run.h"
#include "audit/metrics/roc.h"
#include "audit/metrics/sampling.h"
#include "audit/metrics/stats.h"

namespace leakgate::testing {

namespace {

using nlohmann::json;

const std::string kSha(64, 'a');

// Scores of `count` members and `count` non-members; members are shifted by `shift` standard deviations.
std::pair<std::vector<double>, std::vector<bool>> MembershipScores(size_t count, double shift, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  std::vector<double> scores;
  std::vector<bool> is_member;
  for (size_t i = 0; i < 2 * count; ++i) {
    const bool member = i % 2 == 0;
    scores.push_back(normal(rng) + (member ? shift : 0.0));
    is_member.push_back(member);
  }
  return {scores, is_member};
}

json Membership(double shift, uint64_t seed) {
  // 3200 non-members: enough to resolve TPR at 0.1% FPR (2995 needed).
  const auto [scores, is_member] = MembershipScores(3200, shift, seed);
  audit::MembershipOptions options;
  options.bootstrap_resamples = 200;
  options.seed = seed;
  return audit::evaluate_membership(scores, is_member, options);
}

json Extraction(size_t exact, size_t total) {
  std::vector<audit::ExtractionRecord> records(total);
  for (size_t i = 0; i < total; ++i) {
    records[i].suffix_length = 32;
    records[i].exact_match = i < exact;
    records[i].common_prefix = i < exact ? 32 : i % 7;
    records[i].edit_similarity = i < exact ? 1.0 : 0.1 + 0.01 * static_cast<double>(i % 20);
  }
  return audit::summarize_extraction(records);
}

}  // namespace

json ManifestJson() {
  return {{"tool", {{"name", "leakgate"}, {"version", "0.1.0"}}},
          {"config_path", "configs/demo.yaml"},
          {"config",
           {{"run", {{"name", "synthetic-fixture"}, {"seed", 1234}}},
            {"hygiene", {{"near_dedup", {{"enabled", true}, {"threshold", 0.8}}}}}}},
          {"config_sha256", kSha},
          {"seed", 1234},
          {"inputs", {{"data/demo.jsonl.zst", std::string(64, 'b')}}},
          {"stages",
           {{"hygiene", {{"outputs", {{"hygiene.json", std::string(64, 'c')}}}, {"seconds", 1.5}}},
            {"train", {{"outputs", {{"model/weights.pt", std::string(64, 'd')}}}, {"seconds", 90.0}}}}}};
}

json HygieneJson() {
  return {{"input", "data/demo.jsonl.zst"},
          {"dedup",
           {{"records_in", 5000},
            {"records_out", 4400},
            {"exact_duplicates_removed", 350},
            {"near_duplicates_removed", 250},
            {"clusters", 120},
            {"near_duplicate_rate", 0.05},
            {"bad_records", {{"count", 0}, {"first", json::array()}}},
            {"lsh", {{"b", 9}, {"r", 13}}}}},
          {"scrub",
           {{"records_in", 4400},
            {"findings_total", 1234},
            {"findings_per_type", {{"NAME", 600}, {"DATE", 400}, {"PHONE", 134}, {"MRN", 100}}},
            {"residual_scan", true},
            {"residual_total", 0},
            {"residual_per_type", json::object()},
            {"operators", {{"default", "placeholder"}}},
            {"entity_types", {"NAME", "DATE", "AGE", "PHONE", "MRN", "EMAIL", "SSN"}}}}};
}

json PrivacyJson(bool private_training) {
  if (!private_training) {
    return {{"enabled", false}, {"epsilon", nullptr},  {"delta", nullptr},    {"accountant", nullptr},
            {"steps", 300},     {"sample_rate", 0.05}, {"dataset_size", 4400}};
  }
  return {{"enabled", true},         {"epsilon", 3.97},       {"delta", 1e-5},      {"accountant", "prv"},
          {"noise_multiplier", 1.1}, {"sample_rate", 0.05},   {"steps", 300},       {"max_grad_norm", 1.0},
          {"dataset_size", 4400},    {"target_epsilon", 4.0}, {"secure_rng", true},
          {"differentially_private", true}, {"not_dp_reason", nullptr}, {"privacy_unit", "record"}};
}

json LedgerJson(bool private_training) {
  const json phase = {{"noise_multiplier", 1.1}, {"sample_rate", 0.05}, {"steps", 300}};
  const auto training = [&](const char* id, const char* purpose, bool dp) {
    return json{{"training_id", id},     {"run", "fixture"},          {"purpose", purpose},
                {"differentially_private", dp}, {"privacy_unit", "record"}, {"ledger", {{"phases", {phase}}}},
                {"recorded_at", "2026-12-01T10:00:00Z"}};
  };
  return {{"dataset", kSha},
          {"name", "fixture-notes"},
          {"trainings", {training("a1", "train", true), training("b2", "train", private_training)}},
          {"total_epsilon", private_training ? json(5.2) : json(nullptr)},
          {"bounded", private_training},
          {"delta", 1e-5},
          {"accountant", "prv"},
          {"privacy_unit", "record"}};
}

// audit.json's sampler record for 200000 canaries over 35 steps at q = 0.17, drawn as Poisson sampling would
// (Binomial counts, rounded) or as a shuffled fixed-size sampler does (every canary in 5 or 6 steps).
json SamplingJson(bool poisson) {
  std::vector<std::int64_t> histogram(36, 0);
  if (poisson) {
    for (std::size_t k = 0; k < histogram.size(); ++k) {
      histogram[k] = std::llround(200000.0 * audit::binomial_pmf(k, 35, 0.17));
    }
  } else {
    histogram[5] = 33333;
    histogram[6] = 166667;
  }
  return audit::poisson_sampling_test(histogram, 35, 0.17);
}

json AuditJson(bool leaky) {
  const double shift = leaky ? 1.5 : 0.0;
  json audit = {{"membership", {{"loss", Membership(shift, 11)}, {"min_k", Membership(shift * 0.8, 12)}}}};
  // Per-example losses: members lower when the model leaks.
  std::vector<double> edges, members, non_members;
  for (int i = 0; i <= 20; ++i) edges.push_back(0.5 + 0.15 * i);
  for (int i = 0; i < 20; ++i) {
    const double center = 10.0, spread = 4.0;
    non_members.push_back(400.0 * std::exp(-(i - center) * (i - center) / (2 * spread * spread)));
    const double member_center = leaky ? 5.0 : 10.0;
    members.push_back(400.0 * std::exp(-(i - member_center) * (i - member_center) / (2 * spread * spread)));
  }
  audit["loss_histogram"] = {{"bin_edges", edges}, {"members", members}, {"non_members", non_members}};
  audit["ground_truth"] = {{"training_near_duplicates", {{"members", 4000}, {"with_near_duplicate", leaky ? 200 : 8}}}};

  const auto [canary_scores, included] = MembershipScores(500, leaky ? 3.0 : 0.0, 13);
  audit["one_run"] = audit::one_run_audit(canary_scores, included, audit::default_abstention_levels(1000));
  audit["gradient_canaries"] = {
      {"ran", true}, {"epsilon_lower_bound", leaky ? 12.0 : 1.2}, {"power", 9.76}, {"confidence", 0.95},
      {"sampling", SamplingJson(/*poisson=*/true)}};
  audit["empirical_privacy_family"] = {
      {"tests", {"one_run", "reconstruction", "gradient_canaries"}}, {"alpha", 0.05}, {"alpha_per_test", 0.05 / 3}};

  audit["extraction"] = {{"members", Extraction(leaky ? 160 : 0, 4000)},
                         {"non_members", Extraction(1, 4000)},
                         {"discoverable", {{"samples", 100}, {"probability", 0.5}, {"max_spans", 4}}},
                         {"combined",
                          {{"members", audit::rate_with_interval(leaky ? 170 : 0, 4000)},
                           {"non_members", audit::rate_with_interval(1, 4000)}}},
                         {"prefix_tokens", 32},
                         {"suffix_tokens", 32},
                         {"samples",
                          {{{"prefix", "Patient Jane Roe, MRN 1234567, seen on"},
                            {"expected", " 03/04/2021"},
                            {"generated", " 03/04/2021"}}}}};
  std::vector<audit::CanaryExposure> canaries;
  for (size_t repetitions : {1, 4, 16}) {
    for (int i = 0; i < 20; ++i) {
      const double memorised = leaky ? 2.0 * static_cast<double>(repetitions) : 0.0;
      canaries.push_back({repetitions, memorised + 0.1 * i});
    }
  }
  audit["canaries"] = {
      {"exposure", audit::exposure_by_repetition(canaries)},
      {"not_inserted_exposure_bits", audit::summarize(std::vector<double>{0.2, 0.9, 1.4, 2.2})},
      {"extraction", {{{"repetitions", 16}, {"exact_match", audit::rate_with_interval(leaky ? 18 : 0, 20)}}}},
      {"candidate_space_bits", 29.9},
      {"samples", {{{"text", kSecretCanary}, {"repetitions", 16}, {"exposure_bits", 1.3}}}}};
  return audit;
}

json ClassifierAuditJson(bool leaky) {
  const json lm = AuditJson(leaky);
  json audit = {{"task", "classifier"},
                {"membership", {{"loss", lm["membership"]["loss"]}}},
                {"gradient_canaries", lm["gradient_canaries"]},
                {"loss_histogram", lm["loss_histogram"]},
                {"ground_truth", lm["ground_truth"]},
                {"one_run", lm["one_run"]},
                {"not_applicable",
                 {{"extraction", "A classifier answers with labels, not text."},
                  {"zlib", "The zlib attack needs a language model's loss on text."}}}};
  // Planted-label canaries among 3 classes, 16 inserted per repetition count and 48 never inserted (16 of them get
  // their planted label by chance); the leaky model gives every inserted canary its planted label.
  std::vector<audit::CanaryOutcome> canaries;
  for (const std::size_t repetitions : {1, 16}) {
    for (int i = 0; i < 16; ++i) canaries.push_back({repetitions, true, 0.0, leaky || i < 6});
    for (int i = 0; i < 24; ++i) canaries.push_back({repetitions, false, 0.0, i < 8});
  }
  audit["canaries"] = {{"classes", 3}, {"candidate_space_bits", std::log2(3.0)}, {"samples", json::array()}};
  audit::AddCanaryOutcomes(canaries, audit["canaries"]);
  audit::CloningResult clone;
  clone.labels = {"cardiology", "neurology", "respiratory"};
  clone.pool_size = 800;
  clone.evaluation_size = 500;
  clone.target_accuracy = 0.93;
  // Fidelity grows with the budget; label-only answers reveal least, so the adversary clones worst with them.
  const std::vector<std::pair<std::string, double>> ceilings = {{"probabilities", 0.95}, {"top1", 0.9}, {"label", 0.8}};
  for (const auto& [policy, ceiling] : ceilings) {
    for (const std::size_t budget : {50, 200, 800}) {
      audit::CloningPoint point;
      point.policy = policy;
      point.budget = budget;
      point.labels_discovered = budget >= 200 ? 3 : 2;
      point.fidelity = ceiling - 0.3 * 50.0 / static_cast<double>(budget);
      point.fidelity_interval = {point.fidelity - 0.04, point.fidelity + 0.03};
      point.accuracy = point.fidelity - 0.05;
      point.accuracy_interval = {point.accuracy - 0.04, point.accuracy + 0.03};
      clone.points.push_back(point);
    }
  }
  // The adversary's own labels teach its substitute about as much as label-only answers.
  for (const std::size_t budget : {50, 200, 800}) {
    audit::CloningPoint own = clone.points[6 + (budget == 50 ? 0 : budget == 200 ? 1 : 2)];
    own.policy = audit::kOwnLabels;
    own.fidelity -= 0.005;
    own.fidelity_interval = {own.fidelity - 0.04, own.fidelity + 0.03};
    clone.baseline.push_back(own);
  }
  audit["clone"] = clone;
  audit["clone"]["adversary_pool"] = "audit non-members not sampled for membership inference";
  // Served with every probability, the leaky model is cloned far better than its own labels would allow.
  audit["clone"]["serving"] = {{"policy", leaky ? "probabilities" : "label"}, {"budget", 200}};
  return audit;
}

report::RunDocuments ClassifierDocuments(bool leaky) {
  report::RunDocuments docs = Documents(true);
  json manifest = docs.manifest.json();
  manifest["config"]["train"]["task"] = "classifier";
  docs.manifest = report::Document(manifest, "manifest.json");
  docs.audit = report::Document(ClassifierAuditJson(leaky), "audit.json");
  return docs;
}

report::RunDocuments Documents(bool private_training) {
  report::RunDocuments docs;
  docs.run_dir = "runs/fixture";
  docs.manifest = report::Document(ManifestJson(), "manifest.json");
  docs.hygiene = report::Document(HygieneJson(), "hygiene.json");
  docs.privacy = report::Document(PrivacyJson(private_training), "privacy.json");
  docs.audit = report::Document(AuditJson(!private_training), "audit.json");
  docs.ledger = report::Document(LedgerJson(private_training), "dataset_ledger.json");
  return docs;
}

namespace {

std::filesystem::path ProcessDirectory() {
  return std::filesystem::temp_directory_path() / ("leakgate_report_test_" + std::to_string(::getpid()));
}

// Removes this process's run directories after the last test.
class RemoveRunDirectories : public ::testing::Environment {
 public:
  void TearDown() override { std::filesystem::remove_all(ProcessDirectory()); }
};
const ::testing::Environment* const kCleanUp = ::testing::AddGlobalTestEnvironment(new RemoveRunDirectories);

}  // namespace

std::filesystem::path FreshDirectory(const std::string& name) {
  const auto dir = ProcessDirectory() / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

void WriteJson(const std::filesystem::path& path, const json& document) { std::ofstream(path) << document.dump(2); }

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void WriteModelFiles(const std::filesystem::path& run_dir, const std::string& weights) {
  std::filesystem::create_directories(run_dir / "model");
  WriteJson(run_dir / "model" / "model.json", {{"format", "leakgate-byte-lm-1"}, {"d_model", 64}});
  std::ofstream(run_dir / "model" / "weights.pt", std::ios::binary) << weights;
}

json LanguageModelRedTeamJson(const std::filesystem::path& run_dir, const std::string& tier, double clone_agreement) {
  const std::filesystem::path serving = run_dir / "serve.yaml";
  if (!std::filesystem::exists(serving)) {
    std::ofstream(serving) << "tiers:\n  - {name: " << tier << ", policy: label}\n";
  }
  auto check = [](const char* name, bool passed, double measured, double threshold, const char* detail) {
    return json{{"name", name}, {"passed", passed}, {"measured", measured}, {"threshold", threshold},
                {"detail", detail}};
  };
  return {{"tier", tier},
          {"kind", "language_model"},
          {"policy", "watermarked text, up to 64 tokens"},
          {"passed", clone_agreement < 0.8},
          {"seconds", 97.0},
          {"model", common::Sha256OfFilesUnder(run_dir, "model")},
          {"serve_config", {{"path", serving.string()}, {"sha256", common::Sha256OfFile(serving)}}},
          {"true_width", 64},
          {"extractions",
           {{{"budget", 128}, {"answered", 0}, {"width_recovered", false}, {"width", nullptr},
             {"reason", "no answer revealed a log-probability"}}}},
          {"watermark",
           {{"completions", 127}, {"detected", 39}, {"false_positive_rate", 1e-6}, {"median_tokens_to_detect", 48},
            {"perplexity_served", 89.8}, {"perplexity_unwatermarked", 78.2}, {"unwatermarked", 254},
            {"unwatermarked_detected", 0}, {"pooled", {{"p_value", 1.27e-37}}}}},
          {"clone",
           {{"queries", 400}, {"agreement", clone_agreement}, {"baseline_agreement", 0.165}, {"positions", 4032},
            {"curve",
             {{{"queries", 100}, {"agreement", 0.18}},
              {{"queries", 200}, {"agreement", 0.2}},
              {{"queries", 400}, {"agreement", clone_agreement}}}},
            {"student_watermark", {{"p_value", 7.5e-13}}}}},
          {"checks",
           {check("width_hidden:128", true, 0, 64, "128 prompts: no answer revealed a log-probability"),
            check("watermark_detected", true, 1.27e-37, 1e-6, "127 served completions pooled: p = 1.27e-37"),
            check("clone_agreement", clone_agreement < 0.8, clone_agreement, 0.8,
                  "a student distilled from 400 completions picks the model's next token"),
            check("watermark_in_clone", true, 7.5e-13, 1e-6, "the student's 64 completions pooled: p = 7.5e-13")}}};
}

std::filesystem::path WriteDocumentsDirectory(const std::string& name, const report::RunDocuments& docs) {
  const auto dir = FreshDirectory(name);
  WriteJson(dir / "manifest.json", docs.manifest.json());
  WriteJson(dir / "hygiene.json", docs.hygiene.json());
  WriteJson(dir / "privacy.json", docs.privacy.json());
  WriteJson(dir / "audit.json", docs.audit.json());
  WriteJson(dir / "dataset_ledger.json", docs.ledger.json());
  return dir;
}

std::filesystem::path WriteRunDirectory(const std::string& name, bool private_training) {
  return WriteDocumentsDirectory(name, Documents(private_training));
}

std::filesystem::path WriteClassifierRunDirectory(const std::string& name, bool leaky) {
  return WriteDocumentsDirectory(name, ClassifierDocuments(leaky));
}

}  // namespace leakgate::testing
