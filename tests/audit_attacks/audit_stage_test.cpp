// The audit: config section, and the audit stage end to end on a run directory whose tiny model was trained,
// without privacy, to overfit its members and canaries.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>

#include <fstream>
#include <map>
#include <set>

#include "common/atomic_file.h"
#include "corpus/corpus.h"
#include "pipeline/audit_stage/audit_stage.h"
#include "pipeline/audit_stage/reference_attacks.h"
#include "pipeline/config_reader.h"
#include "pipeline/privacy_ledger.h"
#include "pipeline/train/split.h"
#include "pipeline/train/train_stage.h"
#include "pipeline/train/lm.h"
#include "pipeline/train/trainer.h"
#include "tests/audit_attacks/fake_models.h"

namespace leakgate::pipeline {
namespace {

namespace fs = std::filesystem;

AuditConfig ParseAudit(const std::string& yaml, std::optional<Task> task = std::nullopt) {
  AuditConfig audit;
  ReadConfigText(yaml, "test.yaml", [&](ConfigMap& root) {
    ReadAuditConfig(root.Section("audit", "the audit section"), audit, task);
    root.Finish();
  });
  return audit;
}

// A person's records are IN or OUT of a reference model together, and each person is IN for exactly half of them.
TEST(ReferenceHalvesTest, APersonsRecordsMoveTogether) {
  const std::vector<std::size_t> unit_of = {0, 0, 1, 1, 1, 2, 3, 4, 4, 5};
  const auto halves = ReferenceHalves(unit_of, 6, 8, 17);
  ASSERT_EQ(halves.size(), 8u);
  for (std::size_t i = 0; i < unit_of.size(); ++i) {
    std::size_t in = 0;
    for (const auto& model : halves) {
      in += model[i] ? 1 : 0;
      for (std::size_t j = 0; j < unit_of.size(); ++j) {
        if (unit_of[j] == unit_of[i]) {
          EXPECT_EQ(model[j], model[i]) << i << " and " << j;
        }
      }
    }
    EXPECT_EQ(in, 4u) << i;
  }
  // Each model holds half of the persons, whatever their record counts.
  for (const auto& model : halves) {
    std::set<std::size_t> persons;
    for (std::size_t i = 0; i < unit_of.size(); ++i) {
      if (model[i]) persons.insert(unit_of[i]);
    }
    EXPECT_EQ(persons.size(), 3u);
  }
}

TEST(ReferencesAtOnceTest, OnePerThreadWithinMemoryAndWork) {
  constexpr uint64_t kGiB = uint64_t{1} << 30;
  EXPECT_EQ(ReferencesAtOnce(2, 4, kGiB, 8 * kGiB), 2);
  EXPECT_EQ(ReferencesAtOnce(4, 3, kGiB, 8 * kGiB), 3) << "no more than are left to train";
  EXPECT_EQ(ReferencesAtOnce(8, 8, kGiB, 4 * kGiB), 3) << "three quarters of 4 GiB hold three";
  EXPECT_EQ(ReferencesAtOnce(2, 4, kGiB, kGiB), 1) << "one fits only one at a time";
  EXPECT_EQ(ReferencesAtOnce(2, 4, std::nullopt, 8 * kGiB), 1) << "an unknown need: one at a time";
  EXPECT_EQ(ReferencesAtOnce(2, 4, kGiB, std::nullopt), 1);
  EXPECT_EQ(ReferencesAtOnce(1, 4, kGiB, 8 * kGiB), 1);
  EXPECT_EQ(ReferencesAtOnce(2, 1, kGiB, 8 * kGiB), 1);
}

TEST(AuditConfigTest, DefaultsAndOverrides) {
  EXPECT_EQ(ParseAudit("{}"), AuditConfig{});
  const AuditConfig audit = ParseAudit(
      "audit:\n  mia: {attacks: [loss, one_run], members: 50}\n  extraction: {prefix_tokens: 8, suffix_tokens: 4}\n"
      "  canaries: {candidates: 64}\n");
  EXPECT_EQ(audit.mia.attacks, (std::vector<std::string>{"loss", "one_run"}));
  EXPECT_EQ(audit.mia.members, 50);
  EXPECT_EQ(audit.mia.non_members, 3000);  // enough to resolve TPR at 0.1% FPR
  EXPECT_EQ(audit.extraction.prefix_tokens, 8);
  EXPECT_EQ(audit.canaries.candidates, 64);
  EXPECT_EQ(AuditConfigToJson(audit)["mia"]["attacks"][1], "one_run");
}

// By default extraction tries as many records as the gate's check needs (audit.json says how many it chose).
TEST(AuditConfigTest, ExtractionSamplesAreAutoOrACount) {
  EXPECT_EQ(AuditConfig{}.extraction.samples, ExtractionConfig::kAutoSamples);
  EXPECT_EQ(AuditConfigToJson(AuditConfig{})["extraction"]["samples"], "auto");
  EXPECT_EQ(ParseAudit("audit: {extraction: {samples: auto}}").extraction.samples, ExtractionConfig::kAutoSamples);
  EXPECT_EQ(ParseAudit("audit: {extraction: {samples: 0}}").extraction.samples, 0);
  const AuditConfig counted = ParseAudit("audit: {extraction: {samples: 4000}}");
  EXPECT_EQ(counted.extraction.samples, 4000);
  EXPECT_EQ(AuditConfigToJson(counted)["extraction"]["samples"], 4000);
  for (const char* yaml : {"audit: {extraction: {samples: -1}}", "audit: {extraction: {samples: lots}}",
                           "audit: {extraction: {samples: 1.5}}", "audit: {extraction: {samples: 99999999999}}"}) {
    try {
      ParseAudit(yaml);
      FAIL() << "accepted: " << yaml;
    } catch (const common::ConfigError& error) {
      EXPECT_THAT(error.what(), ::testing::HasSubstr("auto or an integer >= 0")) << yaml;
    }
  }
}

TEST(AuditConfigTest, ThoroughProfileAddsTheReferenceModelAttacks) {
  EXPECT_EQ(ParseAudit("audit: {profile: thorough}").mia.attacks,
            (std::vector<std::string>{"loss", "zlib", "min_k", "min_k_plus_plus", "one_run", "lira_online",
                                      "lira_offline", "rmia"}));
  EXPECT_EQ(ParseAudit("audit: {profile: thorough, mia: {attacks: [loss, rmia]}}").mia.attacks,
            (std::vector<std::string>{"loss", "rmia"}));
  for (const char* yaml : {"audit: {mia: {attacks: [loss, lira_online]}}",
                           "audit: {profile: thorough, mia: {reference_models: 3}}"}) {
    try {
      ParseAudit(yaml);
      FAIL() << "accepted: " << yaml;
    } catch (const common::ConfigError& error) {
      EXPECT_NE(std::string(error.what()).find("audit.mia."), std::string::npos) << error.what();
    }
  }
}

TEST(AuditConfigTest, RejectsUnknownKeysAndPartsNotBuilt) {
  for (const char* yaml : {"audit: {profile: slow}", "audit: {mia: {attacks: [loss, lira]}}",
                           "audit: {mia: {attacks: []}}", "audit: {clone: {budget: [5]}}",
                           "audit: {extraction: {prefix_tokens: 0}}", "audit: {mia: {member: 3}}",
                           // No (or too few) resamples would make the gate's confidence bounds point estimates.
                           "audit: {mia: {bootstrap_resamples: 0}}", "audit: {mia: {bootstrap_resamples: 50}}"}) {
    EXPECT_THROW(ParseAudit(yaml), common::ConfigError) << yaml;
  }
  try {
    ParseAudit("audit:\n  mia:\n    attacks: [loss, lira]\n");
    FAIL() << "lira accepted";
  } catch (const common::ConfigError& error) {
    EXPECT_NE(std::string(error.what()).find("audit.mia.attacks"), std::string::npos) << error.what();
  }
}

TEST(AuditConfigTest, CloneSectionDefaultsOverridesAndErrors) {
  const CloneConfig defaults = ParseAudit("{}").clone;
  EXPECT_FALSE(defaults.enabled);
  EXPECT_EQ(defaults.policies, (std::vector<std::string>{"probabilities", "top1", "rounded1", "label"}));
  EXPECT_EQ(defaults.budgets, (std::vector<int>{50, 100, 200, 400, 800}));
  EXPECT_EQ(defaults.evaluation_size, 500);
  const AuditConfig audit = ParseAudit(
      "audit: {clone: {enabled: true, policies: [top2, rounded3], budgets: [10, 30], evaluation_size: 40}}",
      Task::kClassifier);
  EXPECT_TRUE(audit.clone.enabled);
  EXPECT_EQ(audit.clone.policies, (std::vector<std::string>{"top2", "rounded3"}));
  EXPECT_EQ(audit.clone.budgets, (std::vector<int>{10, 30}));
  EXPECT_EQ(AuditConfigToJson(audit)["clone"]["evaluation_size"], 40);
  EXPECT_TRUE(ClonesClassifier(ParseAudit("audit: {profile: thorough}")));
  EXPECT_FALSE(ClonesClassifier(ParseAudit("{}")));

  const auto error_of = [](const std::string& yaml, std::optional<Task> task) {
    try {
      ParseAudit(yaml, task);
    } catch (const common::ConfigError& error) {
      return std::string(error.what());
    }
    return std::string("accepted");
  };
  EXPECT_THAT(error_of("audit: {clone: {policies: [top0]}}", Task::kClassifier),
              ::testing::HasSubstr("audit.clone.policies"));
  EXPECT_THAT(error_of("audit: {clone: {policies: []}}", Task::kClassifier), ::testing::HasSubstr("audit.clone.policies"));
  EXPECT_THAT(error_of("audit: {clone: {budgets: [10, 0]}}", Task::kClassifier),
              ::testing::HasSubstr("audit.clone.budgets"));
  EXPECT_THAT(error_of("audit: {clone: {evaluation_size: 0}}", Task::kClassifier),
              ::testing::HasSubstr("audit.clone.evaluation_size"));
  EXPECT_THAT(error_of("audit: {clone: {enabled: true}}", Task::kLanguageModel), ::testing::HasSubstr("train.task: classifier"));
  // Without the task the reader cannot tell; the audit stage refuses cloning a language model instead.
  EXPECT_EQ(error_of("audit: {clone: {enabled: true}}", {}), "accepted");
}

// Run directories as the split and train stages leave them: one with a small model trained hard, without privacy,
// on its members, and one trained with DP-SGD at epsilon = 1.
class AuditStageTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const fs::path base = fs::temp_directory_path() / ("leakgate-audit-stage-" + std::to_string(::getpid()));
    fs::remove_all(base);
    config_ = new Config();
    fs::create_directories(base);
    // Reference models are recorded in the dataset's privacy ledger, keyed by the input's hash.
    config_->data.input = (base / "input.jsonl").string();
    std::ofstream(base / "input.jsonl") << "{\"id\": \"r0\", \"text\": \"stands for the audited corpus\"}\n";
    config_->run.seed = 5;
    config_->split.audit_holdout = 0.45;
    config_->split.validation = 0.05;
    config_->split.canaries.count = 8;
    config_->split.canaries.repeats = {16};
    run_dir_ = new fs::path(base / "overfit");
    private_run_dir_ = new fs::path(base / "private");
    PrepareRun(*run_dir_, /*private_training=*/false, 40);
    PrepareRun(*private_run_dir_, /*private_training=*/true, 10);
  }
  static void TearDownTestSuite() {
    fs::remove_all(run_dir_->parent_path());
    delete run_dir_;
    delete private_run_dir_;
    delete config_;
  }

  static TrainConfig TinyTraining(double epochs) {
    TrainConfig train;
    train.model = {"transformer", 64, 2, 4, 64, 128};
    train.optimizer.lr = 3e-3;
    train.lr_schedule = LrSchedule::kConstant;
    train.warmup_steps = 2;
    train.epochs = epochs;
    train.batch_size = 32;
    train.physical_batch = 32;
    train.eval_every = 1000;
    train.checkpoint_every = 100000;
    return train;
  }
  static PrivacyConfig TinyPrivacy(bool private_training) {
    PrivacyConfig privacy;
    privacy.ledger = (fs::temp_directory_path() / ("leakgate-audit-stage-" + std::to_string(::getpid())) /
                      "privacy-ledger.json")
                         .string();
    privacy.enabled = private_training;
    privacy.target_epsilon = 1.0;
    privacy.max_noise_multiplier = 100.0;
    return privacy;
  }

  // records_per_person > 0: person-level privacy, record i belongs to person i / records_per_person (field "user").
  static void PrepareRun(const fs::path& run_dir, bool private_training, double epochs,
                         std::size_t records_per_person = 0) {
    fs::create_directories(run_dir);
    const auto texts = audit::testing::RandomTexts(120, 6, 31);
    std::vector<std::string> ids, users;
    corpus::CorpusWriter writer(run_dir / "corpus.clean.jsonl.zst");
    for (std::size_t i = 0; i < texts.size(); ++i) {
      ids.push_back("r" + std::to_string(i));
      nlohmann::json record = {{"id", ids.back()}, {"text", texts[i]}};
      if (records_per_person > 0) {
        users.push_back("p" + std::to_string(i / records_per_person));
        record["user"] = users.back();
      }
      writer.WriteLine(record.dump());
    }
    writer.Commit();
    const Split split = MakeSplit(ids, config_->split, config_->run.seed, users);
    WriteSplitFiles(split, run_dir);

    std::vector<std::string> training;
    std::vector<int64_t> unit_of_example;  // persons, then one unit per canary
    std::map<std::string, int64_t> unit_of_user;
    for (const auto& id : split.members) {
      const std::size_t index = std::stoul(id.substr(1));
      training.push_back(texts[index]);
      if (records_per_person > 0) {
        unit_of_example.push_back(unit_of_user.emplace(users[index], unit_of_user.size()).first->second);
      }
    }
    auto next_unit = static_cast<int64_t>(unit_of_user.size());
    for (const auto& canary : split.canaries) {
      if (!canary.inserted) continue;
      for (int copy = 0; copy < canary.repeats; ++copy) {
        training.push_back(canary.text());
        if (records_per_person > 0) unit_of_example.push_back(next_unit);
      }
      ++next_unit;
    }
    TrainingJob job;
    job.unit_of_example = unit_of_example;
    if (records_per_person > 0) job.unit_name = "person";
    job.train = TinyTraining(epochs);
    job.privacy = TinyPrivacy(private_training);
    job.seed = 5;
    job.threads = 1;
    job.model_dir = run_dir / "model";
    job.fingerprint = "audit-stage-test";
    const TrainingResult result = TrainLanguageModel(training, {texts[0]}, job);
    common::WriteFileAtomically(run_dir / "privacy.json", result.privacy.dump());
    common::WriteFileAtomically(run_dir / "gradient_canaries.json",
                               GradientCanariesDocument(result, "not private").dump());
  }

  static nlohmann::json RunStage(const AuditSettings& settings, const fs::path& run_dir = *run_dir_) {
    StageContext context{*config_, run_dir, nlohmann::json::object()};
    const Stage stage = MakeAuditStage([&](const Config&) { return settings; });
    EXPECT_EQ(stage.name, "audit");
    stage.run(context);
    std::ifstream in(run_dir / "audit.json");
    return nlohmann::json::parse(in);
  }

  static AuditSettings SmallAudit() {
    AuditSettings settings;
    settings.audit.mia.bootstrap_resamples = 200;
    settings.audit.extraction = {8, 8, 100};
    settings.audit.canaries.candidates = 100;
    return settings;
  }

  static fs::path* run_dir_;
  static fs::path* private_run_dir_;
  static Config* config_;
};

fs::path* AuditStageTest::run_dir_ = nullptr;
fs::path* AuditStageTest::private_run_dir_ = nullptr;
Config* AuditStageTest::config_ = nullptr;

TEST_F(AuditStageTest, OverfitModelIsDetectedAndItsCanariesExposed) {
  const nlohmann::json audit = RunStage(SmallAudit());

  EXPECT_EQ(audit["profile"], "fast");
  EXPECT_GT(audit["seconds"].get<double>(), 0.0);
  const auto& loss = audit["membership"]["loss"];
  EXPECT_GT(loss["members"].get<int>(), 40);
  EXPECT_GT(loss["non_members"].get<int>(), 30);
  EXPECT_GT(loss["auc"].get<double>(), 0.8);
  // The overfit model continues its members' text more faithfully than unseen text. Whole-suffix exact matches
  // of ordinary records are rare and their count depends on the rounding of training (0 vs 0 on some CPUs), so
  // the property is tested on the edit similarity of the continuations, which every record contributes to.
  const auto& extraction = audit["extraction"];
  // 100 records asked for, fewer members than that; the gate's 0.1% would need 3688.
  const auto& size = extraction["sample_size"];
  EXPECT_EQ(size["needed_for_gate"], 3688);
  EXPECT_EQ(size["chosen"], std::min<std::size_t>(100, size["members_available"].get<std::size_t>()));
  EXPECT_THAT(size["why"].get<std::string>(), ::testing::HasSubstr("fewer than the gate's check needs"));
  EXPECT_GE(extraction["members"]["exact_match"]["rate"].get<double>(),
            extraction["non_members"]["exact_match"]["rate"].get<double>());
  EXPECT_GT(extraction["members"]["edit_similarity"]["mean"].get<double>(),
            extraction["non_members"]["edit_similarity"]["mean"].get<double>() + 0.05);
  const auto& canaries = audit["canaries"];
  ASSERT_EQ(canaries["exposure"].size(), 1u);
  EXPECT_EQ(canaries["method"], "skew-normal");
  EXPECT_GT(canaries["exposure"][0]["exposure_bits"]["median"].get<double>(),
            canaries["not_inserted_exposure_bits"]["median"].get<double>() + 5.0);
  EXPECT_GT(canaries["extraction"][0]["exact_match"]["rate"].get<double>(), 0.5);
  // Canaries inserted 16 times as 16 records are 16 privacy units: they test 16 epsilon, not epsilon, so the one-run
  // audit (which tests epsilon) leaves them out, and the reconstruction test counts them with group privacy.
  EXPECT_FALSE(audit.contains("one_run"));
  const auto& reconstruction = audit["reconstruction"];
  ASSERT_EQ(reconstruction["groups"].size(), 1u);
  EXPECT_EQ(reconstruction["groups"][0]["units"], 16);
  EXPECT_GT(reconstruction["groups"][0]["reconstructed"].get<int>(), 0);
  EXPECT_GT(reconstruction["epsilon_lower_bound"].get<double>(), 0.0);
  EXPECT_GE(reconstruction["power"].get<double>(), reconstruction["epsilon_lower_bound"].get<double>());
  EXPECT_TRUE(audit["samples_redacted"].get<bool>());
}

// The reference models train with the run's own settings: those of the overfit target.
TEST_F(AuditStageTest, ThoroughProfileTrainsReferenceModelsAndTheirAttacksDetectTheOverfitModel) {
  config_->train = TinyTraining(40);
  config_->privacy = TinyPrivacy(false);
  config_->run.threads = 1;
  AuditSettings settings = SmallAudit();
  settings.audit.profile = AuditProfile::kThorough;
  settings.audit.mia.attacks = {"loss", "lira_online", "lira_offline", "rmia"};
  settings.audit.mia.reference_models = 4;
  settings.audit.extraction.samples = 0;
  const nlohmann::json audit = RunStage(settings);

  EXPECT_EQ(audit["profile"], "thorough");
  EXPECT_EQ(audit["reference_models"]["count"], 4);
  EXPECT_GT(audit["reference_models"]["training_seconds"].get<double>(), 0.0);
  // Scored, then deleted (they were trained on member data), and every one of them recorded in the ledger.
  EXPECT_EQ(audit["reference_models"]["kept"], false);
  for (int k = 0; k < 4; ++k) EXPECT_FALSE(fs::exists(*run_dir_ / "reference" / std::to_string(k)));
  const DatasetLedgerSummary ledger = DatasetLedgerFile(config_->LedgerPath(*run_dir_))
                                          .Summarize(DatasetKey(*config_), 1e-5, dp::AccountantKind::kRdp);
  EXPECT_EQ(std::count_if(ledger.trainings.begin(), ledger.trainings.end(),
                          [](const LedgerTraining& training) { return training.purpose == "reference"; }),
            4);
  EXPECT_FALSE(ledger.total_epsilon.has_value()) << "non-private reference models make the composition unbounded";
  for (const char* attack : {"lira_online", "lira_offline", "rmia"}) {
    ASSERT_TRUE(audit["membership"].contains(attack)) << attack;
    EXPECT_EQ(audit["membership"][attack]["members"], audit["membership"]["loss"]["members"]) << attack;
    EXPECT_GT(audit["membership"][attack]["auc"].get<double>(), 0.8) << attack;
  }
}

// Under person-level privacy a reference model trains on whole persons, clipped together, as the target did.
TEST_F(AuditStageTest, UnderPersonLevelPrivacyReferenceModelsTrainOnWholePersons) {
  const fs::path run_dir = run_dir_->parent_path() / "persons";
  config_->train = TinyTraining(10);
  config_->privacy = TinyPrivacy(false);
  config_->run.threads = 1;
  config_->data.user_field = "user";
  PrepareRun(run_dir, /*private_training=*/false, 10, /*records_per_person=*/3);
  AuditSettings settings = SmallAudit();
  settings.audit.profile = AuditProfile::kThorough;
  settings.audit.mia.attacks = {"loss", "lira_offline"};
  settings.audit.mia.reference_models = 4;
  settings.audit.extraction.samples = 0;
  const nlohmann::json audit = RunStage(settings, run_dir);
  const DatasetLedgerSummary ledger = DatasetLedgerFile(config_->LedgerPath(run_dir))
                                          .Summarize(DatasetKey(*config_), 1e-5, dp::AccountantKind::kRdp);
  config_->data.user_field.clear();
  EXPECT_EQ(audit["reference_models"]["count"], 4);
  EXPECT_EQ(std::count_if(ledger.trainings.begin(), ledger.trainings.end(),
                          [](const LedgerTraining& training) {
                            return training.purpose == "reference" && training.privacy_unit == "person";
                          }),
            4);
}

// References trained two at once, one thread each, score exactly as when trained one after the other on one thread.
TEST_F(AuditStageTest, ReferencesTrainedAtOnceScoreAsTheyDoOneAtATime) {
  const fs::path run_dir = run_dir_->parent_path() / "at-once";
  config_->train = TinyTraining(10);
  config_->privacy = TinyPrivacy(false);
  config_->privacy.ledger = (run_dir / "privacy-ledger.json").string();
  PrepareRun(run_dir, /*private_training=*/false, 10);
  // What the target's training added at its peak, as the train stage records it: room for two references here.
  std::ofstream(run_dir / "metrics.json") << R"({"peak_memory_growth_mib": 64})";
  AuditSettings settings = SmallAudit();
  settings.audit.profile = AuditProfile::kThorough;
  settings.audit.mia.attacks = {"loss", "lira_offline"};
  settings.audit.mia.reference_models = 4;
  settings.audit.extraction.samples = 0;
  const auto audit_with_threads = [&](int threads) {
    config_->run.threads = threads;
    fs::remove_all(run_dir / "reference");
    fs::remove(run_dir / "audit.json");
    const nlohmann::json audit = RunStage(settings, run_dir);
    std::vector<nlohmann::json> losses;
    for (int k = 0; k < 4; ++k) {
      std::ifstream in(run_dir / "reference" / (std::to_string(k) + ".losses.json"));
      losses.push_back(nlohmann::json::parse(in));
    }
    return std::make_pair(audit, losses);
  };
  const auto [one_at_a_time, expected_losses] = audit_with_threads(1);
  const auto [at_once, losses] = audit_with_threads(2);
  config_->run.threads = 1;

  EXPECT_EQ(one_at_a_time["reference_models"]["trained_at_once"], 1);
  EXPECT_EQ(at_once["reference_models"]["trained_at_once"], 2);
  EXPECT_EQ(at_once["reference_models"]["threads_each"], 1);
  for (int k = 0; k < 4; ++k) {
    for (const char* column : {"candidates", "population"}) {
      const auto& expected = expected_losses[static_cast<std::size_t>(k)][column];
      const auto& actual = losses[static_cast<std::size_t>(k)][column];
      ASSERT_EQ(actual.size(), expected.size());
      ASSERT_GT(actual.size(), 0u);
      for (std::size_t i = 0; i < actual.size(); ++i) {
        const double want = expected[i].get<double>();
        EXPECT_NEAR(actual[i].get<double>(), want, 1e-6 * (1.0 + std::abs(want))) << "reference " << k << " " << column
                                                                                   << " " << i;
      }
    }
  }
  EXPECT_NEAR(at_once["membership"]["lira_offline"]["auc"].get<double>(),
              one_at_a_time["membership"]["lira_offline"]["auc"].get<double>(), 1e-6);
  const DatasetLedgerSummary ledger = DatasetLedgerFile(config_->LedgerPath(run_dir))
                                          .Summarize(DatasetKey(*config_), 1e-5, dp::AccountantKind::kRdp);
  EXPECT_EQ(std::count_if(ledger.trainings.begin(), ledger.trainings.end(),
                          [](const LedgerTraining& training) { return training.purpose == "reference"; }),
            8)
      << "every reference of both audits recorded, those trained at once included";
  config_->privacy = TinyPrivacy(false);
}

TEST_F(AuditStageTest, PrivateModelAtEpsilonOneLeaksWithinNoise) {
  const nlohmann::json audit = RunStage(SmallAudit(), *private_run_dir_);
  std::ifstream in(*private_run_dir_ / "privacy.json");
  const double epsilon = nlohmann::json::parse(in)["epsilon"].get<double>();
  ASSERT_LE(epsilon, 1.0 + 1e-9);
  for (const auto& [attack, metrics] : audit["membership"].items()) {
    EXPECT_NEAR(metrics["auc"].get<double>(), 0.5, 0.2) << attack;
  }
  EXPECT_LT(audit["reconstruction"]["epsilon_lower_bound"].get<double>(), epsilon);
  // The white-box canaries had the power to refute epsilon 1 and did not (an honest engine).
  ASSERT_TRUE(audit["gradient_canaries"]["ran"].get<bool>());
  EXPECT_LT(audit["gradient_canaries"]["epsilon_lower_bound"].get<double>(), epsilon);
  EXPECT_GT(audit["gradient_canaries"]["power"].get<double>(), epsilon);
  EXPECT_GT(audit["reconstruction"]["delta"].get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(audit["extraction"]["members"]["exact_match"]["rate"].get<double>(), 0.0);
}

TEST_F(AuditStageTest, MissingModelIsAnInputError) {
  const fs::path moved = *run_dir_ / "model.away";
  fs::rename(*run_dir_ / "model", moved);
  EXPECT_THROW(RunStage(AuditSettings{}), common::InputError);
  fs::rename(moved, *run_dir_ / "model");
}

// The key behind the digests of redacted samples must be the owner's alone: one others can read is refused.
TEST_F(AuditStageTest, ASampleKeyOthersCanReadIsRefused) {
  const fs::path key = *run_dir_ / "sample.key";
  fs::remove(key);
  std::ofstream(key) << "a key someone else may have read\n";
  fs::permissions(key, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read);
  try {
    RunStage(SmallAudit());
    ADD_FAILURE() << "expected an input error";
  } catch (const common::InputError& error) {
    EXPECT_THAT(error.what(), ::testing::HasSubstr("sample.key: is not an owner-only regular file"));
  }
  fs::remove(key);
  RunStage(SmallAudit());
  EXPECT_EQ(fs::status(key).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
}

}  // namespace
}  // namespace leakgate::pipeline
