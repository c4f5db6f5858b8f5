// The audit stage on a classifier run directory (a tiny byte CNN trained without privacy on keyword notes): loss
// membership inference, the cloning audit, the parts that do not apply, and the gate and reports read from it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <random>

#include "common/atomic_file.h"
#include "corpus/corpus.h"
#include "pipeline/audit_stage/audit_stage.h"
#include "pipeline/audit_stage/classifier_audit.h"
#include "pipeline/train/classifier.h"
#include "pipeline/train/split.h"
#include "pipeline/train/train_stage.h"
#include "report/gate.h"
#include "report/reports.h"
#include "tests/report/schema_validator.h"
#include "tests/train/keyword_notes.h"

namespace leakgate::pipeline {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

using testing::KeywordNotes;

class ClassifierAuditTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    run_dir_ = new fs::path(fs::temp_directory_path() / ("leakgate-classifier-audit-" + std::to_string(::getpid())));
    fs::remove_all(*run_dir_);
    fs::create_directories(*run_dir_);
    config_ = new Config();
    config_->data.input = "unused.jsonl";
    config_->data.label_field = "label";
    config_->train.task = Task::kClassifier;
    config_->run.seed = 9;
    config_->run.threads = 1;
    config_->split.audit_holdout = 0.4;
    config_->split.validation = 0.2;

    const auto notes = KeywordNotes(400, 3);
    std::vector<std::string> ids;
    corpus::CorpusWriter writer(*run_dir_ / "corpus.clean.jsonl.zst");
    for (std::size_t i = 0; i < notes.size(); ++i) {
      ids.push_back("n" + std::to_string(i));
      writer.WriteLine(nlohmann::json{{"id", ids.back()}, {"text", notes[i].text}, {"label", notes[i].label}}.dump());
    }
    writer.Commit();
    config_->split.canaries = {.count = 32, .repeats = {1, 16}};
    const TrainingJob job = testing::KeywordClassifierJob(*run_dir_ / "model", /*private_training=*/false, /*epochs=*/8);
    // The reference models of the thorough attacks train as the target did, recorded in a ledger of this suite's
    // own for the corpus it stands for.
    config_->train = job.train;
    config_->privacy = job.privacy;
    config_->privacy.ledger = (*run_dir_ / "privacy-ledger.json").string();
    config_->data.input = (*run_dir_ / "corpus.clean.jsonl.zst").string();
    const Split split = MakeSplit(ids, config_->split, config_->run.seed, {}, job.train.classes);
    WriteSplitFiles(split, *run_dir_);
    std::vector<ClassifierExample> members, validation;
    for (const auto& id : split.members) members.push_back(notes[std::stoul(id.substr(1))]);
    // The inserted canaries with their planted labels, as the train stage adds them.
    for (const Canary& canary : split.canaries) {
      for (int copy = 0; canary.inserted && copy < canary.repeats; ++copy) members.push_back({canary.text(), canary.label});
    }
    for (const auto& id : split.validation) validation.push_back(notes[std::stoul(id.substr(1))]);

    const TrainingResult result = TrainTextClassifier(members, validation, job);
    common::WriteFileAtomically(*run_dir_ / "privacy.json", result.privacy.dump());
    // The gate takes the task from the run's configuration in manifest.json.
    common::WriteFileAtomically(*run_dir_ / "manifest.json",
                               nlohmann::json{{"config", {{"train", {{"task", "classifier"}}}}}}.dump());
    common::WriteFileAtomically(*run_dir_ / "gradient_canaries.json",
                               GradientCanariesDocument(result, "classifier").dump());

    audit_ = new nlohmann::json(RunStage(FullSettings()));
  }
  static void TearDownTestSuite() {
    fs::remove_all(*run_dir_);
    delete run_dir_;
    delete config_;
    delete audit_;
  }

  // The cloning curve over every policy at three budgets.
  static AuditSettings FullSettings() {
    AuditSettings settings;
    settings.audit.mia.bootstrap_resamples = 100;
    settings.audit.mia.non_members = 60;  // leaves the adversary more non-members than its largest budget
    settings.audit.clone.enabled = true;
    settings.audit.clone.budgets = {20, 40, 80};
    settings.audit.clone.query_budget = 80;  // the gated point is on the curve
    settings.audit.clone.evaluation_size = 60;
    return settings;
  }

  static nlohmann::json RunStage(const AuditSettings& settings) {
    StageContext context{*config_, *run_dir_, nlohmann::json::object()};
    MakeAuditStage([&](const Config&) { return settings; }).run(context);
    std::ifstream in(*run_dir_ / "audit.json");
    return nlohmann::json::parse(in);
  }

  static fs::path* run_dir_;
  static Config* config_;
  static nlohmann::json* audit_;
};

fs::path* ClassifierAuditTest::run_dir_ = nullptr;
Config* ClassifierAuditTest::config_ = nullptr;
nlohmann::json* ClassifierAuditTest::audit_ = nullptr;

TEST_F(ClassifierAuditTest, LossAttackScoresMembersAgainstLabelledNonMembers) {
  const nlohmann::json& audit = *audit_;
  EXPECT_EQ(audit["task"], "classifier");
  EXPECT_EQ(audit["classes"], (nlohmann::json{"cardiology", "neurology", "respiratory"}));
  ASSERT_EQ(audit["membership"].size(), 1u) << audit["membership"].dump();
  const auto& loss = audit["membership"]["loss"];
  EXPECT_GT(loss["members"].get<int>(), 120);
  EXPECT_EQ(loss["non_members"].get<int>(), 60);
  EXPECT_GE(loss["auc"].get<double>(), 0.0);
  EXPECT_LE(loss["auc"].get<double>(), 1.0);
  EXPECT_LE(loss["auc_interval"]["lower"].get<double>(), loss["auc"].get<double>());
  const auto& histogram = audit["loss_histogram"];
  ASSERT_EQ(histogram["bin_edges"].size(), 21u);
  int members = 0;
  for (const auto& count : histogram["members"]) members += count.get<int>();
  EXPECT_EQ(members, loss["members"].get<int>());
}

TEST_F(ClassifierAuditTest, LanguageModelPartsAreNotApplicableAndNotRun) {
  const nlohmann::json& audit = *audit_;
  for (const char* part : {"extraction", "zlib", "min_k"}) {
    ASSERT_TRUE(audit["not_applicable"].contains(part)) << part;
    EXPECT_GT(audit["not_applicable"][part].get<std::string>().size(), 20u) << part;
    EXPECT_FALSE(audit.contains(part)) << part;
  }
}

TEST_F(ClassifierAuditTest, PlantedLabelCanariesAreAuditedWithTheOneRunTest) {
  const nlohmann::json& canaries = (*audit_)["canaries"];
  const Split split = ReadSplitFiles(*run_dir_);
  std::size_t inserted = 0;
  for (const Canary& canary : split.canaries) inserted += canary.inserted ? 1 : 0;
  EXPECT_EQ(canaries["inserted"].get<std::size_t>(), inserted);
  EXPECT_EQ(canaries["not_inserted"].get<std::size_t>(), 64 - inserted);
  EXPECT_DOUBLE_EQ(canaries["candidate_space_bits"].get<double>(), std::log2(3.0));
  ASSERT_EQ(canaries["extraction"].size(), 2u);
  // Trained without privacy for 8 epochs, the model learned the labels it saw only in the canaries: its top class is
  // the planted label for at least 80% of the inserted canaries, against about a third by chance.
  for (const auto& group : canaries["extraction"]) EXPECT_GE(group["exact_match"]["rate"].get<double>(), 0.8);
  EXPECT_LE(canaries["not_inserted_extraction"]["rate"].get<double>(), 0.6);
  // Without person-level privacy only the 32 canaries inserted once are one privacy unit each.
  EXPECT_EQ((*audit_)["one_run"]["counts"]["canaries"], 32);
  EXPECT_EQ((*audit_)["one_run"]["score"], "planted-label log-probability");
}

// LiRA and RMIA on a classifier: reference classifiers trained by the target's trainer on halves of the population,
// each record's loss with its label. The target memorised its keyword notes no more than its references did, but
// every attack must score the same candidates as the loss attack, and all of them must run.
TEST_F(ClassifierAuditTest, ReferenceModelAttacksRunOnAClassifier) {
  AuditSettings settings = FullSettings();
  settings.audit.clone.enabled = false;
  settings.audit.mia.attacks = {"loss", "lira_online", "lira_offline", "rmia"};
  settings.audit.mia.reference_models = 4;  // LiRA needs two references IN and two OUT of each record
  const nlohmann::json audit = RunStage(settings);
  EXPECT_FALSE(audit.contains("not_run")) << audit["not_run"].dump();
  for (const char* attack : {"lira_online", "lira_offline", "rmia"}) {
    ASSERT_TRUE(audit["membership"].contains(attack)) << attack;
    EXPECT_EQ(audit["membership"][attack]["members"], audit["membership"]["loss"]["members"]) << attack;
    EXPECT_EQ(audit["membership"][attack]["non_members"], audit["membership"]["loss"]["non_members"]) << attack;
    const double auc = audit["membership"][attack]["auc"].get<double>();
    EXPECT_GE(auc, 0.0);
    EXPECT_LE(auc, 1.0);
  }
  EXPECT_EQ(audit["reference_models"]["count"], 4);
  EXPECT_GT(audit["reference_models"]["rmia_population"].get<int>(), 0);
  RunStage(FullSettings());  // the tests after this one read the full audit from the run directory
}

TEST_F(ClassifierAuditTest, CloningMeasuresFidelityPerPolicyAndBudget) {
  const nlohmann::json& clone = (*audit_)["clone"];
  ASSERT_EQ(clone["points"].size(), 4u * 3u);
  EXPECT_EQ(clone["evaluation_size"], 60);
  EXPECT_THAT(clone["adversary_pool"].get<std::string>(), HasSubstr("not sampled for membership inference"));
  EXPECT_EQ(clone["pool_size"].get<std::size_t>(), ReadSplitFiles(*run_dir_).nonmembers.size() - 60);
  const std::vector<std::string> policies = {"probabilities", "top1", "rounded1", "label"};
  const std::vector<int> budgets = {20, 40, 80};
  for (std::size_t i = 0; i < clone["points"].size(); ++i) {
    const auto& point = clone["points"][i];
    EXPECT_EQ(point["policy"], policies[i / 3]);
    EXPECT_EQ(point["budget"], budgets[i % 3]);
    const double fidelity = point["fidelity"].get<double>();
    EXPECT_GE(fidelity, 0.0);
    EXPECT_LE(fidelity, 1.0);
    EXPECT_LE(point["fidelity_interval"]["lower"].get<double>(), fidelity);
    EXPECT_GE(point["fidelity_interval"]["upper"].get<double>(), fidelity);
  }
  // The model learnt its keywords, so it beats always answering the majority class (about 50%).
  EXPECT_GT(clone["target_accuracy"].get<double>(), 0.7);
  // The adversary's own labels of the same queries, one substitute per budget, and the point the gate judges.
  ASSERT_EQ(clone["baseline"].size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(clone["baseline"][i]["policy"], "own_labels");
    EXPECT_EQ(clone["baseline"][i]["budget"], budgets[i]);
  }
  EXPECT_EQ(clone["serving"], (nlohmann::json{{"policy", "label"}, {"budget", 80}}));
}

TEST_F(ClassifierAuditTest, WithoutTheCurveTheServingPolicyIsStillMeasuredForTheGate) {
  AuditSettings settings;
  settings.audit.mia.bootstrap_resamples = 100;
  settings.audit.mia.non_members = 60;
  settings.audit.clone.serving_policy = "top1";
  settings.audit.clone.query_budget = 50;
  settings.audit.clone.evaluation_size = 60;
  const nlohmann::json audit = RunStage(settings);
  ASSERT_EQ(audit["clone"]["points"].size(), 1u);
  EXPECT_EQ(audit["clone"]["points"][0]["policy"], "top1");
  EXPECT_EQ(audit["clone"]["points"][0]["budget"], 50);
  ASSERT_EQ(audit["clone"]["baseline"].size(), 1u);
  const report::GateCheck* check = report::EvaluateGate(*run_dir_, report::GateConfig{}).Find("clone_advantage");
  ASSERT_NE(check, nullptr);
  EXPECT_TRUE(check->status == report::CheckStatus::kPass || check->status == report::CheckStatus::kFail) << check->explanation;
  EXPECT_THAT(check->explanation, HasSubstr("50 queries answered under 'top1'"));
  RunStage(FullSettings());  // the tests after this one read the full audit from the run directory
}

// serving_policy: auto takes the policy of the first tier the run red-teams, from the serving config the server reads.
TEST_F(ClassifierAuditTest, AnAutoServingPolicyIsTheRedTeamedTiersPolicy) {
  const fs::path serving = *run_dir_ / "serve.yaml";
  std::ofstream(serving) << "tiers:\n  - {name: public, policy: label}\n"
                            "  - {name: partner, policy: top3, noise: 0.02}\n";
  Config config;
  CloneConfig clone;
  EXPECT_EQ(ServingPolicy(config, clone), "label") << "no red team: the label alone";
  config.redteam = {serving.string(), {"partner", "public"}};
  EXPECT_EQ(ServingPolicy(config, clone), "top3");
  clone.serving_policy = "rounded2";
  EXPECT_EQ(ServingPolicy(config, clone), "rounded2") << "a policy written in the config stands";
  clone.serving_policy = CloneConfig::kAutoPolicy;
  config.redteam.tiers = {"gold"};
  EXPECT_THROW(ServingPolicy(config, clone), common::ConfigError);
}

TEST_F(ClassifierAuditTest, GateMarksLanguageModelChecksNotApplicableAndJudgesTheRest) {
  report::GateConfig lenient;
  lenient.max_mia_auc = 1.0;
  lenient.max_tpr_at_0_1pct_fpr = 1.0;
  lenient.max_tpr_at_1pct_fpr = 1.0;
  lenient.fail_on_not_evaluated = false;
  const report::GateResult result = report::EvaluateGate(*run_dir_, lenient);
  ASSERT_NE(result.Find("extraction_rate"), nullptr);
  EXPECT_EQ(result.Find("extraction_rate")->status, report::CheckStatus::kNotApplicable);
  // The canaries apply to a classifier, and this one learned their planted labels.
  EXPECT_EQ(result.Find("canary_exposure")->status, report::CheckStatus::kFail) << result.Find("canary_exposure")->explanation;
  EXPECT_THAT(result.Find("canary_exposure")->explanation, HasSubstr("never inserted (chance)"));
  // The empirical privacy check applies to a classifier too (white-box gradient canaries); this one made no claim.
  EXPECT_EQ(result.Find("one_run_epsilon")->status, report::CheckStatus::kPass);
  EXPECT_THAT(result.Find("one_run_epsilon")->explanation, HasSubstr("no privacy claim"));
  EXPECT_EQ(result.Find("mia_auc")->status, report::CheckStatus::kPass);
  EXPECT_EQ(result.Find("epsilon")->status, report::CheckStatus::kFail) << "trained without DP";

  report::GateConfig strict = lenient;
  strict.max_mia_auc = 0.5;
  EXPECT_EQ(report::EvaluateGate(*run_dir_, strict).Find("mia_auc")->status, report::CheckStatus::kFail);
}

TEST_F(ClassifierAuditTest, ReportsShowTheCloningSectionAndValidate) {
  const report::GateResult result = report::EvaluateGate(*run_dir_, report::GateConfig{});
  report::WriteReports(*run_dir_, result, report::ReportConfig{});
  std::ifstream html_in(*run_dir_ / "report.html");
  const std::string html((std::istreambuf_iterator<char>(html_in)), std::istreambuf_iterator<char>());
  EXPECT_THAT(html, HasSubstr("<h2>Model cloning</h2>"));
  EXPECT_THAT(html, HasSubstr("aria-label=\"Cloning fidelity against the query budget"));
  EXPECT_THAT(html, HasSubstr("not applicable"));

  std::ifstream json_in(*run_dir_ / "report.json");
  const nlohmann::json report = nlohmann::json::parse(json_in);
  std::ifstream schema_in(LEAKGATE_REPORT_SCHEMA);
  const auto problems = leakgate::testing::ValidateAgainstSchema(report, nlohmann::json::parse(schema_in));
  EXPECT_TRUE(problems.empty()) << problems.front();
  ASSERT_EQ(report["clone"]["policies"].size(), 5u);  // four serving policies and the own-label baseline
  EXPECT_THAT(report["clone"]["sentence"].get<std::string>(), HasSubstr("with the largest budget of 80 queries"));
  EXPECT_EQ(report["summary"]["not_applicable"], 1);
}

TEST_F(ClassifierAuditTest, CloningALanguageModelIsAnInputError) {
  Config lm = *config_;
  lm.train.task = Task::kLanguageModel;
  AuditSettings settings;
  settings.audit.clone.enabled = true;
  StageContext context{lm, *run_dir_, nlohmann::json::object()};
  try {
    MakeAuditStage([&](const Config&) { return settings; }).run(context);
    FAIL() << "a cloning audit of a language model ran";
  } catch (const common::InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr("train.task: classifier"));
  }
}

}  // namespace
}  // namespace leakgate::pipeline
