// Training: privacy planning and refusal, learning beyond the unigram baseline, exact epsilon accounting, and
// bit-identical resumption from checkpoints (after an exception, a SIGKILL, and a torn checkpoint file).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <chrono>
#include <fstream>
#include <iterator>
#include <limits>
#include <sstream>
#include <thread>

#include <torch/serialize/input-archive.h>

#include "common/errors.h"
#include "dp/accounting/accounting.h"
#include "pipeline/train/split.h"
#include "tests/train/tiny_job.h"

extern char** environ;

namespace leakgate::pipeline {
namespace {

namespace fs = std::filesystem;
using testing::TinyJob;
using testing::TinyTexts;

class TrainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("leakgate-train-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::string Bytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
  }

  static TrainingResult Train(const TrainingJob& job) { return TrainLanguageModel(TinyTexts(120), TinyTexts(30, 500), job); }

  fs::path dir_;
};

TEST_F(TrainTest, PlanUsesAutoDeltaAndCalibratesToTheTarget) {
  TrainConfig train;
  train.batch_size = 100;
  train.epochs = 2;
  PrivacyConfig privacy;
  const PrivacyPlan plan = PlanPrivacy(train, privacy, 1000);
  EXPECT_DOUBLE_EQ(plan.delta, 1e-5);  // 1 / (100 N)
  EXPECT_DOUBLE_EQ(plan.sample_rate, 0.1);
  EXPECT_EQ(plan.steps, 20);
  const double epsilon =
      dp::ComputeEpsilon({{plan.noise_multiplier, plan.sample_rate, plan.steps}}, plan.delta, dp::AccountantKind::kRdp)
          .epsilon;
  EXPECT_LE(epsilon, 8.0);
  EXPECT_GE(epsilon, 8.0 - 0.011);
  privacy.delta = 1e-6;
  EXPECT_DOUBLE_EQ(PlanPrivacy(train, privacy, 1000).delta, 1e-6);
}

TEST_F(TrainTest, UnreachableEpsilonIsRefusedWithAFeasibleSuggestion) {
  TrainConfig train;
  train.batch_size = 100;
  train.epochs = 100;
  PrivacyConfig privacy;
  privacy.target_epsilon = 1.0;
  privacy.max_noise_multiplier = 2.0;
  try {
    PlanPrivacy(train, privacy, 1000);
    FAIL() << "expected common::InputError";
  } catch (const common::InputError& error) {
    const std::string message = error.what();
    EXPECT_THAT(message, ::testing::HasSubstr("privacy.target_epsilon 1 is unreachable"));
    EXPECT_THAT(message, ::testing::HasSubstr("lower train.epochs to at most"));
    // The suggested epochs must actually fit the budget at the noise cap.
    const double epochs = std::stod(message.substr(message.find("at most ") + 8));
    const int64_t steps = dp::StepsForEpochs(epochs, 0.1);
    EXPECT_GE(steps, 1);
    EXPECT_LE(dp::ComputeEpsilon({{2.0, 0.1, steps}}, 1e-5, dp::AccountantKind::kRdp).epsilon, 1.0);
  }
}

TEST_F(TrainTest, NonPrivateTrainingBeatsTheUnigramBaseline) {
  TrainingJob job = TinyJob(dir_ / "model", /*private_training=*/false);
  job.train.epochs = 16;
  job.train.lr_schedule = LrSchedule::kConstant;
  const TrainingResult result = Train(job);
  const double loss = result.metrics["validation_loss"];
  const double unigram = result.metrics["unigram_baseline"]["validation_loss"];
  EXPECT_LT(loss, 0.8 * unigram) << result.metrics.dump(1);
  EXPECT_EQ(result.privacy["enabled"], false);
  EXPECT_TRUE(result.privacy["epsilon"].is_null());
  EXPECT_TRUE(fs::exists(dir_ / "model" / "weights.pt"));
  EXPECT_TRUE(fs::exists(dir_ / "model" / "model.json"));
}

// Distilling from revealed distributions: where a served answer revealed the next-token distribution, the student
// learns that distribution rather than the byte the text holds, in the first window of a text and in a later one
// (windows overlap by a token, so a position's window and offset are easy to get wrong by one).
TEST_F(TrainTest, DistillingLearnsTheRevealedDistributionWhereTheTextSaysOtherwise) {
  std::vector<std::string> texts;
  std::vector<std::vector<RevealedNext>> revealed;
  for (const std::string& note : TinyTexts(120)) {
    const std::string text = note + " and resting. dr visit " + note.substr(note.find("day ") + 4, 1) + " ok.";
    const std::size_t day = text.find("day ") + 4;        // within the first 31 bytes: the first window
    const std::size_t visit = text.find("visit ") + 6;    // beyond them: the second window (32-token windows)
    ASSERT_LT(day, 31u);
    ASSERT_GT(visit, 31u);
    texts.push_back(text);
    revealed.push_back({{day, {{'Z', std::log(0.7)}, {text[day], std::log(0.2)}}}, {visit, {{'Q', std::log(0.8)}}}});
  }
  TrainingJob job = TinyJob(dir_ / "model", /*private_training=*/false);
  job.train.epochs = 48;
  job.train.lr_schedule = LrSchedule::kConstant;
  TrainLanguageModel(texts, TinyTexts(30, 500), job, {.revealed = revealed});
  const std::unique_ptr<audit::LanguageModel> student = models::LoadLanguageModel(dir_ / "model");
  const auto next = [&](const std::string& prefix) {
    const std::vector<std::vector<audit::TokenId>> prefixes{student->Encode(prefix)};
    std::vector<double> probabilities = student->NextTokenLogProbs(prefixes)[0];
    for (double& p : probabilities) p = std::exp(p);
    return probabilities;
  };
  const std::vector<double> after_day = next("pt ada day ");
  // Measured: 0.73 and 0.77 for targets of 0.7 and 0.8 (0.19 and 0.58 after a third of the epochs).
  EXPECT_NEAR(after_day['Z'], 0.7, 0.15) << "the revealed 0.2 on the digit and the rest are part of the target";
  EXPECT_NEAR(next("resting. dr visit ")['Q'], 0.8, 0.15);
  // The positions next to them keep the text's own next byte.
  EXPECT_LT(next("pt ada day")['Z'], 0.1);
  EXPECT_LT(next("resting. dr visit")['Q'], 0.1);
  EXPECT_GT(next("resting. dr visit")[' '], 0.5);
}

// Early stopping: a model that overfits 6 texts for 60 epochs gets worse on held-out texts after its best
// evaluation; keeping the best, the saved model is that evaluation's, checked on the loaded model itself.
TEST_F(TrainTest, KeepingTheBestValidationSavesTheEvaluationWithTheLowestLoss) {
  TrainingJob job = TinyJob(dir_ / "model", /*private_training=*/false);
  job.train.epochs = 60;
  job.train.batch_size = 2;
  job.train.physical_batch = 2;
  job.train.eval_every = 10;
  job.train.optimizer.lr = 1e-2;
  job.train.lr_schedule = LrSchedule::kConstant;
  job.keep_best_validation = true;
  const std::vector<std::string> validation = TinyTexts(40, 300);
  const TrainingResult result = TrainLanguageModel(TinyTexts(6), validation, job);
  double lowest = std::numeric_limits<double>::infinity();
  int64_t lowest_step = 0;
  for (const auto& point : result.metrics["curve"]) {
    if (point["validation_loss"].get<double>() < lowest) {
      lowest = point["validation_loss"];
      lowest_step = point["step"];
    }
  }
  const int64_t last_step = result.metrics["curve"].back()["step"];
  ASSERT_LT(lowest_step, last_step) << "the test needs a run that overfits: " << result.metrics["curve"].dump();
  EXPECT_GT(result.metrics["curve"].back()["validation_loss"].get<double>(), lowest + 0.05);
  EXPECT_EQ(result.metrics["kept_step"], lowest_step);
  EXPECT_NEAR(result.metrics["validation_loss"].get<double>(), lowest, 1e-6);
  // The saved weights, loaded and scored through the model interface (the held-out texts' mean loss per byte), against
  // the same training's last weights.
  const auto held_out_loss = [&](const fs::path& model_dir) {
    double loss = 0.0, tokens = 0.0;
    for (const std::vector<double>& log_probs : models::LoadLanguageModel(model_dir)->TokenLogProbs(validation)) {
      for (double log_prob : log_probs) loss -= log_prob;
      tokens += static_cast<double>(log_probs.size());
    }
    return loss / tokens;
  };
  job.keep_best_validation = false;
  job.model_dir = dir_ / "last";
  TrainLanguageModel(TinyTexts(6), validation, job);
  // Measured: 2.72 kept against 3.96 last (2.61 and 3.78 with the end of text the evaluation also scores).
  EXPECT_LT(held_out_loss(dir_ / "model"), held_out_loss(dir_ / "last") - 0.5);

  job.keep_best_validation = true;
  job.privacy.enabled = true;
  EXPECT_THROW(TrainLanguageModel(TinyTexts(6), validation, job), common::InputError) << "not for private training";
}

// A student learns a text only after its context bytes (an attacker's own prompt) and, when the text was cut short,
// not its end: a run of z's before every note, given as context, is not learnt, while the note after it is.
TEST_F(TrainTest, ContextBytesAndACutEndAreNotLearnt) {
  std::vector<std::string> texts;
  std::vector<std::size_t> context;
  for (const std::string& note : TinyTexts(120)) {
    texts.push_back("zzzzzzzzzzzz " + note);
    context.push_back(13);
  }
  TrainingJob job = TinyJob(dir_ / "model", /*private_training=*/false);
  job.train.epochs = 16;
  job.train.lr_schedule = LrSchedule::kConstant;
  TrainLanguageModel(texts, TinyTexts(30, 500), job, {.context_bytes = context, .cut = std::vector<bool>(120, true)});
  const std::unique_ptr<audit::LanguageModel> student = models::LoadLanguageModel(dir_ / "model");
  const auto probability = [&](const std::string& prefix, char next) {
    const std::vector<std::vector<audit::TokenId>> prefixes{student->Encode(prefix)};
    return std::exp(student->NextTokenLogProbs(prefixes)[0][static_cast<unsigned char>(next)]);
  };
  EXPECT_LT(probability("zzzzzz", 'z'), 0.2) << "the context is never a target";
  EXPECT_GT(probability("zzzzzzzzzzzz p", 't'), 0.5) << "what follows it is learnt";
  // The boundary: the 13th byte (a space) is context, the 14th ('p') the first target. Measured: 0.25 and 0.88; a
  // boundary one byte late or early would learn the space after the z's, or leave the 'p' after it unlearnt.
  EXPECT_LT(probability("zzzzzzzzzzzz", ' '), 0.6);
  EXPECT_GT(probability("zzzzzzzzzzzz ", 'p'), 0.6);
  const std::vector<std::vector<audit::TokenId>> whole_note{student->Encode("pt ada day 0: stable.")};
  // Every text was cut short, so the end of text after a note (in its second window) is not learnt. Measured: 0.0005,
  // and 0.96 with the same texts not cut.
  EXPECT_LT(std::exp(student->NextTokenLogProbs(whole_note)[0][models::kEosToken]), 0.2);
}

TEST_F(TrainTest, DistillationTargetsThatDoNotFitTheTextsAreRefused) {
  const TrainingJob job = TinyJob(dir_ / "model", /*private_training=*/false);
  const std::vector<std::string> texts{"pt ada", "pt bo"};
  EXPECT_THROW(TrainLanguageModel(texts, texts, job, {.revealed = {{}}}), common::InputError) << "one list per text";
  EXPECT_THROW(TrainLanguageModel(texts, texts, job, {.context_bytes = {1}}), common::InputError)
      << "one count per text";
  EXPECT_THROW(TrainLanguageModel(texts, texts, job, {.cut = {true}}), common::InputError) << "one flag per text";
  EXPECT_THROW(TrainLanguageModel(texts, texts, job, {.context_bytes = {1, 6}}), common::InputError)
      << "context beyond the text";
  EXPECT_THROW(TrainLanguageModel(texts, texts, job, {.revealed = {{}, {{6, {{'x', -0.1}}}}}}), common::InputError)
      << "beyond the text";
  EXPECT_THROW(TrainLanguageModel(texts, texts, job, {.revealed = {{{1, {{models::kPadToken, -0.1}}}}, {}}}),
               common::InputError)
      << "padding is never a next token";
  EXPECT_THROW(TrainLanguageModel(texts, texts, job, {.revealed = {{{1, {{'x', 0.5}}}}, {}}}), common::InputError)
      << "a log-probability above 0";
  EXPECT_THROW(TrainLanguageModel(texts, texts, job,
                                  {.revealed = {{{1, {{'x', -std::numeric_limits<double>::infinity()}}}}, {}}}),
               common::InputError)
      << "a log-probability that is not finite";
  EXPECT_THROW(TrainLanguageModel(texts, texts, job, {.revealed = {{{1, {{'x', -0.1}, {'x', -0.2}}}}, {}}}),
               common::InputError)
      << "a token twice";
  EXPECT_THROW(TrainLanguageModel(texts, texts, job, {.revealed = {{{1, {{'x', -0.1}}}, {1, {{'y', -0.1}}}}, {}}}),
               common::InputError)
      << "a position twice";
}

TEST_F(TrainTest, PrivateTrainingSpendsExactlyTheCalibratedEpsilon) {
  const TrainingJob job = TinyJob(dir_ / "model", /*private_training=*/true);
  const TrainingResult result = Train(job);
  const PrivacyPlan plan = PlanPrivacy(job.train, job.privacy, 120);
  EXPECT_EQ(result.privacy["steps"], plan.steps);
  EXPECT_EQ(dp::PrivacyLedger::FromJson(result.privacy["ledger"]).total_steps(), plan.steps);
  EXPECT_DOUBLE_EQ(result.privacy["noise_multiplier"].get<double>(), plan.noise_multiplier);
  const double epsilon = result.privacy["epsilon"];
  EXPECT_LE(epsilon, 8.0);
  EXPECT_GE(epsilon, 8.0 - 0.011);
  EXPECT_DOUBLE_EQ(result.privacy["delta"].get<double>(), 1.0 / 12000.0);
  for (const char* field : {"accountant", "sample_rate", "max_grad_norm", "enabled"}) {
    EXPECT_TRUE(result.privacy.contains(field)) << field;
  }
  EXPECT_TRUE(std::isfinite(result.metrics["validation_loss"].get<double>()));
}

TEST_F(TrainTest, PersonLevelTrainingSamplesAndAccountsPersons) {
  TrainingJob job = TinyJob(dir_ / "model", /*private_training=*/true);
  job.unit_name = "person";
  for (int i = 0; i < 120; ++i) job.unit_of_example.push_back(i / 3);  // 40 persons, 3 records each
  const TrainingResult result = Train(job);
  EXPECT_EQ(result.privacy["privacy_unit"], "person");
  EXPECT_EQ(result.privacy["dataset_size"], 40);
  EXPECT_EQ(result.privacy["training_records"], 120);
  // q is the chance that a person is in a batch: expected batch 24 of 40 persons.
  EXPECT_DOUBLE_EQ(result.privacy["sample_rate"].get<double>(), 24.0 / 40.0);
  EXPECT_DOUBLE_EQ(result.privacy["delta"].get<double>(), 1.0 / (100.0 * 40.0));
  const PrivacyPlan plan = PlanPrivacy(job.train, job.privacy, 40);
  EXPECT_EQ(result.privacy["steps"], plan.steps);
  const dp::PrivacyLedger ledger = dp::PrivacyLedger::FromJson(result.privacy["ledger"]);
  EXPECT_DOUBLE_EQ(ledger.Epsilon(plan.delta, dp::AccountantKind::kRdp).epsilon, result.privacy["epsilon"].get<double>());
  EXPECT_LE(result.privacy["epsilon"].get<double>(), 8.0);
}

TEST_F(TrainTest, TheDpLinterRefusesSettingsThatVoidTheAccounting) {
  TrainConfig train;
  train.batch_size = 200;
  PrivacyConfig privacy;
  EXPECT_THROW(PlanPrivacy(train, privacy, 100), common::InputError) << "a logical batch larger than the dataset";
  train.batch_size = 10;
  privacy.delta = 0.002;  // above 1 / (10 * 100)
  EXPECT_THROW(PlanPrivacy(train, privacy, 100), common::InputError);
  privacy.delta = 0.0005;
  EXPECT_NO_THROW(PlanPrivacy(train, privacy, 100));
  EXPECT_THROW(ExamplesByUnit({0, 2}, 2), common::InputError) << "unit 1 has no examples";
  EXPECT_THROW(ExamplesByUnit({0, 1}, 3), common::InputError) << "one unit per example";
}

TEST_F(TrainTest, ResumeAfterACrashIsBitIdentical) {
  const TrainingJob reference = TinyJob(dir_ / "reference", /*private_training=*/true);
  const TrainingResult uninterrupted = Train(reference);

  TrainingJob crashing = TinyJob(dir_ / "crashing", /*private_training=*/true);
  crashing.on_step = [](const TrainingProgress& progress) {
    if (progress.step == 10) throw std::runtime_error("simulated crash");
  };
  EXPECT_THROW(Train(crashing), std::runtime_error);
  EXPECT_FALSE(fs::exists(dir_ / "crashing" / "weights.pt"));
  crashing.on_step = nullptr;
  const TrainingResult resumed = Train(crashing);
  EXPECT_EQ(resumed.resumed_from_step, 8);  // checkpoints every 4 steps
  EXPECT_EQ(resumed.privacy["epsilon"], uninterrupted.privacy["epsilon"]);
  EXPECT_EQ(resumed.privacy["ledger"], uninterrupted.privacy["ledger"]);
  EXPECT_EQ(resumed.metrics["curve"], uninterrupted.metrics["curve"]);
  // The white-box canaries travel in the checkpoint: every count (participations included) as if never interrupted.
  ASSERT_FALSE(uninterrupted.gradient_canaries.is_null());
  EXPECT_EQ(resumed.gradient_canaries, uninterrupted.gradient_canaries);
  EXPECT_EQ(Bytes(dir_ / "crashing" / "weights.pt"), Bytes(dir_ / "reference" / "weights.pt"));
}

TEST_F(TrainTest, TornCheckpointFallsBackToThePreviousGoodOne) {
  const TrainingJob reference = TinyJob(dir_ / "reference", /*private_training=*/false);
  Train(reference);

  TrainingJob torn = TinyJob(dir_ / "torn", /*private_training=*/false);
  torn.on_step = [](const TrainingProgress& progress) {
    if (progress.step == 13) throw std::runtime_error("simulated crash");
  };
  EXPECT_THROW(Train(torn), std::runtime_error);
  // A kill while the newest checkpoint was being written (on a file system without atomic rename).
  const fs::path newest = dir_ / "torn" / "checkpoint.pt";
  ASSERT_TRUE(fs::exists(dir_ / "torn" / "checkpoint.prev.pt"));
  fs::resize_file(newest, fs::file_size(newest) / 2);
  torn.on_step = nullptr;
  const TrainingResult resumed = Train(torn);
  EXPECT_EQ(resumed.resumed_from_step, 8);  // the step-12 checkpoint is torn; step 8 is the previous good one
  EXPECT_EQ(Bytes(dir_ / "torn" / "weights.pt"), Bytes(dir_ / "reference" / "weights.pt"));
}

TEST_F(TrainTest, ACheckpointOfOtherSettingsIsNotResumed) {
  TrainingJob job = TinyJob(dir_ / "model", /*private_training=*/false);
  job.train.epochs = 1;
  Train(job);
  job.fingerprint = "other inputs";
  EXPECT_EQ(Train(job).resumed_from_step, 0);
}

TEST_F(TrainTest, PrivateRunsDrawSecretNoiseAndWriteNoSeed) {
  constexpr uint64_t kSeed = 918273645546372819ULL;
  const auto private_job = [&](const char* name) {
    TrainingJob job = TinyJob(dir_ / name, /*private_training=*/true);
    job.privacy.secure_rng = true;
    job.seed = kSeed;
    return job;
  };
  const TrainingResult first = Train(private_job("first"));
  const TrainingResult second = Train(private_job("second"));
  // Same config, same seed: only secret noise and sampling tell the two models apart.
  EXPECT_NE(Bytes(dir_ / "first" / "weights.pt"), Bytes(dir_ / "second" / "weights.pt"));
  EXPECT_EQ(first.privacy["differentially_private"], true);
  EXPECT_EQ(first.privacy["randomness"], "csprng");
  EXPECT_NE(first.training_id, second.training_id);
  // Neither the run seed nor any seed derived from it for noise or sampling appears in any file the run wrote.
  const uint64_t dp_sgd_seed = DeriveSeed(kSeed, "dp-sgd");
  const std::vector<std::string> seeds{std::to_string(kSeed), std::to_string(dp_sgd_seed),
                                       std::to_string(dp_sgd_seed ^ 0x5DEECE66DULL)};
  // No random stream's position either: a CSPRNG has none to keep, and a seeded stream's would give the noise away.
  torch::serialize::InputArchive archive;
  archive.load_from((dir_ / "first" / "checkpoint.pt").string());
  c10::IValue state;
  archive.read("state", state);
  const auto checkpoint = nlohmann::json::parse(state.toStringRef());
  EXPECT_EQ(checkpoint.at("engine").at("noise_stream"), "");
  EXPECT_EQ(checkpoint.at("sampler"), "");
  for (const auto& entry : fs::recursive_directory_iterator(dir_ / "first")) {
    if (!entry.is_regular_file()) continue;
    const std::string bytes = Bytes(entry.path());
    for (const std::string& seed : seeds) EXPECT_EQ(bytes.find(seed), std::string::npos) << entry.path();
  }
}

TEST_F(TrainTest, ASeededPrivateRunIsLabelledNotDifferentiallyPrivate) {
  const TrainingResult result = Train(TinyJob(dir_ / "model", /*private_training=*/true));
  EXPECT_EQ(result.privacy["differentially_private"], false);
  EXPECT_EQ(result.privacy["randomness"], "seeded");
  EXPECT_THAT(result.privacy["not_dp_reason"].get<std::string>(), ::testing::HasSubstr("secure_rng is false"));
}

// Runs train_worker for `task` into a reference directory, then again SIGKILLed right after its first checkpoint
// and restarted: the restarted run must end with the reference's weights, ledger, epsilon and evaluation curve.
void ExpectSigkilledRunResumesExactly(const fs::path& dir, const char* task) {
  const fs::path reference = dir / "reference";
  const fs::path killed = dir / "killed";
  const auto spawn = [task](const fs::path& model_dir, const char* delay_ms) {
    const std::string model = model_dir.string();
    char* argv[] = {const_cast<char*>(LEAKGATE_TRAIN_WORKER), const_cast<char*>(task),
                    const_cast<char*>(model.c_str()), const_cast<char*>(delay_ms), nullptr};
    pid_t pid = 0;
    EXPECT_EQ(posix_spawn(&pid, LEAKGATE_TRAIN_WORKER, nullptr, nullptr, argv, environ), 0);
    return pid;
  };
  const auto wait_for = [](pid_t pid) {
    int status = 0;
    waitpid(pid, &status, 0);
    return status;
  };
  ASSERT_EQ(wait_for(spawn(reference, "0")), 0);

  // Slow steps (40 ms) so the kill lands mid-run: right after the first checkpoint appears.
  const pid_t victim = spawn(killed, "40");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!fs::exists(killed / "checkpoint.pt") && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ASSERT_EQ(kill(victim, SIGKILL), 0);
  const int status = wait_for(victim);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  ASSERT_FALSE(fs::exists(killed / "weights.pt")) << "the run finished before it was killed";

  ASSERT_EQ(wait_for(spawn(killed, "0")), 0);
  const auto json = [](const fs::path& path) {
    std::ifstream in(path);
    return nlohmann::json::parse(in);
  };
  const nlohmann::json resumed_metrics = json(killed / "metrics.json");
  EXPECT_GT(resumed_metrics["resumed_from_step"].get<int64_t>(), 0);
  EXPECT_EQ(resumed_metrics["curve"], json(reference / "metrics.json")["curve"]);
  EXPECT_EQ(json(killed / "privacy.json")["epsilon"], json(reference / "privacy.json")["epsilon"]);
  EXPECT_EQ(json(killed / "privacy.json")["ledger"], json(reference / "privacy.json")["ledger"]);
  std::ifstream killed_weights(killed / "weights.pt", std::ios::binary);
  std::ifstream reference_weights(reference / "weights.pt", std::ios::binary);
  EXPECT_TRUE(std::equal(std::istreambuf_iterator<char>(killed_weights), std::istreambuf_iterator<char>(),
                         std::istreambuf_iterator<char>(reference_weights), std::istreambuf_iterator<char>()))
      << "the resumed " << task << " differs from the uninterrupted one";
}

TEST_F(TrainTest, SigkilledRunResumesToTheSameModelAndEpsilon) { ExpectSigkilledRunResumesExactly(dir_, "lm"); }

TEST_F(TrainTest, SigkilledClassifierRunResumesToTheSameModelAndEpsilon) {
  ExpectSigkilledRunResumesExactly(dir_, "classifier");
}

}  // namespace
}  // namespace leakgate::pipeline
