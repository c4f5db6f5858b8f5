// The DP text classifier: per-example gradients against per-example autograd, learning with and without DP-SGD,
// the saved model behind the audit interface (top-k answers, losses, padding independence), and label errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <fstream>
#include <iterator>
#include <map>
#include <numeric>
#include <random>
#include <utility>

#include <ATen/Parallel.h>

#include "audit/attacks/cloning.h"
#include "dp/engine/engine.h"
#include "pipeline/train/classifier.h"
#include "pipeline/train/split.h"
#include "tests/dp_engine/tensor_expect.h"
#include "tests/train/keyword_notes.h"

namespace leakgate::pipeline {
namespace {

namespace fs = std::filesystem;

using testing::KeywordNotes;

// The keyword-notes classifier job: 4 epochs, validation every 25 steps.
TrainingJob SmallJob(const fs::path& model_dir, bool private_training) {
  TrainingJob job = testing::KeywordClassifierJob(model_dir, private_training, /*epochs=*/4);
  job.train.eval_every = 25;
  return job;
}

fs::path TempDir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("leakgate-classifier-" + std::to_string(::getpid()) + "-" + name);
  fs::remove_all(dir);
  return dir;
}

std::vector<std::string> TextsOf(const std::vector<ClassifierExample>& examples) {
  std::vector<std::string> texts;
  for (const auto& example : examples) texts.push_back(example.text);
  return texts;
}

// One non-private classifier, trained once for the suite and loaded from its model directory.
class TrainedClassifier : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(TempDir("plain"));
    validation_ = new std::vector<ClassifierExample>(KeywordNotes(200, 2));
    result_ = new TrainingResult(TrainTextClassifier(KeywordNotes(600, 1), *validation_, SmallJob(*dir_, false)));
    model_ = models::LoadTextClassifier(*dir_).release();
  }
  static void TearDownTestSuite() {
    delete model_;
    delete result_;
    delete validation_;
    fs::remove_all(*dir_);
    delete dir_;
  }

  static fs::path* dir_;
  static std::vector<ClassifierExample>* validation_;
  static TrainingResult* result_;
  static models::TextClassifierModel* model_;
};

fs::path* TrainedClassifier::dir_ = nullptr;
std::vector<ClassifierExample>* TrainedClassifier::validation_ = nullptr;
TrainingResult* TrainedClassifier::result_ = nullptr;
models::TextClassifierModel* TrainedClassifier::model_ = nullptr;

TEST_F(TrainedClassifier, LearnsFarAboveTheMajorityBaseline) {
  const auto& metrics = result_->metrics;
  EXPECT_EQ(metrics["task"], "classifier");
  EXPECT_EQ(metrics["majority_baseline"]["label"], "cardiology");
  const double baseline = metrics["majority_baseline"]["validation_accuracy"];
  EXPECT_GT(baseline, 0.35);
  EXPECT_LT(baseline, 0.65);
  EXPECT_GT(metrics["validation_accuracy"].get<double>(), 0.9);
  EXPECT_LT(metrics["validation_loss"].get<double>(), 0.5);
  EXPECT_EQ(metrics["steps"], 75);  // 4 epochs at sample rate 32/600
  EXPECT_FALSE(result_->privacy["enabled"].get<bool>());
  EXPECT_TRUE(result_->privacy["epsilon"].is_null());
  EXPECT_EQ(result_->privacy["sampling"], "shuffled");
}

TEST_F(TrainedClassifier, WritesItsDescription) {
  std::ifstream in(*dir_ / "model.json");
  const auto description = nlohmann::json::parse(in);
  EXPECT_EQ(description["kind"], "text_classifier");
  EXPECT_EQ(description["labels"], (std::vector<std::string>{"cardiology", "neurology", "respiratory"}));
  EXPECT_EQ(description["model"]["embedding_dim"], 32);
  EXPECT_EQ(description["tokenizer"]["max_bytes"], 64);
  EXPECT_EQ(model_->labels(), (std::vector<std::string>{"cardiology", "neurology", "respiratory"}));
}

TEST_F(TrainedClassifier, LoadedModelReproducesTheTrainingRunsValidationFigures) {
  const std::vector<std::string> texts = TextsOf(*validation_);
  const auto answers = model_->TopKClasses(texts, 1);
  ASSERT_EQ(answers.size(), texts.size());
  int correct = 0;
  std::vector<std::string> labels;
  for (size_t i = 0; i < texts.size(); ++i) {
    ASSERT_EQ(answers[i].size(), 1u);
    correct += answers[i][0].label == (*validation_)[i].label;
    labels.push_back((*validation_)[i].label);
  }
  EXPECT_DOUBLE_EQ(correct / static_cast<double>(texts.size()), result_->metrics["validation_accuracy"].get<double>());
  const std::vector<double> losses = model_->ExampleLosses(texts, labels);
  const double mean_loss = std::accumulate(losses.begin(), losses.end(), 0.0) / static_cast<double>(losses.size());
  EXPECT_NEAR(mean_loss, result_->metrics["validation_loss"].get<double>(), 1e-5);
}

TEST_F(TrainedClassifier, AllClassesAreAProbabilityDistributionMostProbableFirst) {
  const std::vector<std::string> texts = {"patient reports seizure today", "cough since week", ""};
  const auto full = model_->TopKClasses(texts, audit::kAllClasses);
  const auto top2 = model_->TopKClasses(texts, 2);
  ASSERT_EQ(full.size(), 3u);
  for (size_t i = 0; i < full.size(); ++i) {
    ASSERT_EQ(full[i].size(), 3u);
    double total = 0.0;
    std::vector<std::string> seen;
    for (size_t rank = 0; rank < full[i].size(); ++rank) {
      total += full[i][rank].probability;
      seen.push_back(full[i][rank].label);
      if (rank > 0) {
        EXPECT_GE(full[i][rank - 1].probability, full[i][rank].probability);
      }
    }
    EXPECT_NEAR(total, 1.0, 1e-9);
    EXPECT_THAT(seen, ::testing::UnorderedElementsAre("cardiology", "neurology", "respiratory"));
    ASSERT_EQ(top2[i].size(), 2u);
    EXPECT_EQ(top2[i][0].label, full[i][0].label);
    EXPECT_EQ(top2[i][1].label, full[i][1].label);
  }
  EXPECT_EQ(full[0][0].label, "neurology");
  EXPECT_EQ(full[1][0].label, "respiratory");
}

TEST_F(TrainedClassifier, LossesAreMinusLogProbabilityOfTheGivenLabel) {
  const std::vector<std::string> texts = {"murmur seen today", "migraine since week"};
  const auto full = model_->TopKClasses(texts, audit::kAllClasses);
  const std::vector<std::string> labels = {full[0][2].label, full[1][0].label};
  const std::vector<double> losses = model_->ExampleLosses(texts, labels);
  EXPECT_NEAR(losses[0], -std::log(full[0][2].probability), 1e-9);
  EXPECT_NEAR(losses[1], -std::log(full[1][0].probability), 1e-9);
  const std::vector<std::string> unknown = {"cardiology", "dermatology"};
  EXPECT_THROW(model_->ExampleLosses(texts, unknown), common::InputError);
}

TEST_F(TrainedClassifier, AnswersDoNotDependOnTheOtherTextsInTheBatch) {
  const std::vector<std::string> alone = {"wheeze"};
  const std::vector<std::string> batched = {std::string(60, 'x') + " seizure", "wheeze"};
  const auto single = model_->TopKClasses(alone, audit::kAllClasses)[0];
  const auto in_batch = model_->TopKClasses(batched, audit::kAllClasses)[1];
  ASSERT_EQ(single.size(), in_batch.size());
  for (size_t rank = 0; rank < single.size(); ++rank) {
    EXPECT_EQ(single[rank].label, in_batch[rank].label);
    EXPECT_NEAR(single[rank].probability, in_batch[rank].probability, 1e-6);
  }
}

TEST(ClassifierFiles, SaveAndLoadGiveIdenticalAnswers) {
  at::manual_seed(3);
  models::TextClassifier module(models::TextClassifierOptions{
      .pad_token = 256, .embedding_dim = 8, .channels = 8, .kernel_size = 5, .hidden = 8, .classes = 4});
  const std::vector<std::string> labels = {"a", "b", "c", "d"};
  models::TextClassifierModel in_memory(module, labels, 16);
  const fs::path dir = TempDir("roundtrip");
  models::SaveTextClassifier(module, labels, 16, dir);
  const auto loaded = models::LoadTextClassifier(dir);
  fs::remove_all(dir);
  EXPECT_EQ(loaded->labels(), labels);
  EXPECT_EQ(loaded->max_bytes(), 16u);
  // The second text differs from the first only after byte 16, which neither model reads.
  const std::vector<std::string> texts = {"abcdefghijklmnopqrst", "abcdefghijklmnopXYZ", "zz", "\xff\x01 bytes"};
  const auto expected = in_memory.TopKClasses(texts, audit::kAllClasses);
  const auto actual = loaded->TopKClasses(texts, audit::kAllClasses);
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < texts.size(); ++i) {
    ASSERT_EQ(actual[i].size(), 4u);
    for (size_t rank = 0; rank < 4; ++rank) {
      EXPECT_EQ(actual[i][rank].label, expected[i][rank].label);
      EXPECT_EQ(actual[i][rank].probability, expected[i][rank].probability);
    }
  }
  for (size_t rank = 0; rank < 4; ++rank) EXPECT_EQ(actual[0][rank].probability, actual[1][rank].probability);
  EXPECT_THROW(models::SaveTextClassifier(module, {"a", "b"}, 16, dir), common::InputError);
}

TEST(ClassifierFiles, LoadingALanguageModelDirectoryIsRefused) {
  const fs::path dir = TempDir("not-a-classifier");
  fs::create_directories(dir);
  std::ofstream(dir / "model.json") << R"({"format": "leakgate-byte-lm-1"})";
  EXPECT_THROW(models::LoadTextClassifier(dir), common::InputError);
  EXPECT_THROW(models::LoadTextClassifier(dir / "missing"), common::InputError);
  fs::remove_all(dir);
}

TEST(ClassifierTraining, PrivateTrainingLearnsWithinItsEpsilon) {
  const fs::path dir = TempDir("private");
  TrainingJob job = SmallJob(dir, true);
  job.train.epochs = 8;
  job.train.batch_size = 100;
  job.train.physical_batch = 50;
  int64_t progress_calls = 0;
  job.on_step = [&](const TrainingProgress& progress) {
    ++progress_calls;
    EXPECT_EQ(progress.steps, 80);
  };
  const TrainingResult result = TrainTextClassifier(KeywordNotes(1000, 3), KeywordNotes(300, 4), job);
  fs::remove_all(dir);
  EXPECT_EQ(progress_calls, 80);
  const auto& privacy = result.privacy;
  EXPECT_TRUE(privacy["enabled"].get<bool>());
  EXPECT_EQ(privacy["sampling"], "poisson");
  EXPECT_DOUBLE_EQ(privacy["sample_rate"].get<double>(), 0.1);
  EXPECT_DOUBLE_EQ(privacy["delta"].get<double>(), 1e-5);
  EXPECT_GT(privacy["noise_multiplier"].get<double>(), 0.5);
  EXPECT_LE(privacy["epsilon"].get<double>(), 8.0);
  EXPECT_GT(privacy["epsilon"].get<double>(), 7.5);
  EXPECT_EQ(privacy["ledger"]["phases"][0]["steps"], 80);
  const double baseline = result.metrics["majority_baseline"]["validation_accuracy"];
  EXPECT_GT(result.metrics["validation_accuracy"].get<double>(), baseline + 0.15);
}

TEST(ClassifierTraining, ValidationLabelUnseenInTrainingIsAnError) {
  std::vector<ClassifierExample> validation = KeywordNotes(20, 5);
  validation[13].label = "dermatology";
  try {
    TrainTextClassifier(KeywordNotes(50, 6), validation, SmallJob(TempDir("unseen"), false));
    FAIL() << "expected common::InputError";
  } catch (const common::InputError& error) {
    EXPECT_THAT(error.what(), ::testing::HasSubstr("'dermatology'"));
    EXPECT_THAT(error.what(), ::testing::HasSubstr("validation record 13"));
  }
}

TEST(ClassifierTraining, FewerThanTwoConfiguredClassesIsAnError) {
  TrainingJob job = SmallJob(TempDir("single"), false);
  job.train.classes = {"cardiology"};
  EXPECT_THROW(TrainTextClassifier(KeywordNotes(30, 8), {}, job), common::InputError);
}

// A record whose label no other record carries must leave no trace in what is published besides the weights: the
// classes, the output layer and model.json come from train.classes, so they are the same with and without it.
TEST(ClassifierTraining, ARecordWithAUniqueLabelDoesNotShapeThePublishedModel) {
  const std::vector<std::string> classes = {"cardiology", "neurology", "respiratory", "dermatology"};
  std::vector<ClassifierExample> without = KeywordNotes(60, 9);
  std::vector<ClassifierExample> with = without;
  with.push_back({"patient reports rash since week", "dermatology"});
  const fs::path dir_without = TempDir("unique-without"), dir_with = TempDir("unique-with");
  for (const auto& [examples, dir] : {std::pair{&without, dir_without}, std::pair{&with, dir_with}}) {
    TrainingJob job = SmallJob(dir, /*private_training=*/true);
    job.train.classes = classes;
    job.train.epochs = 1;
    TrainTextClassifier(*examples, KeywordNotes(20, 10), job);
  }
  const auto read = [](const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  EXPECT_EQ(read(dir_with / "model.json"), read(dir_without / "model.json"));
  const auto model_with = models::LoadTextClassifier(dir_with), model_without = models::LoadTextClassifier(dir_without);
  EXPECT_EQ(model_with->labels(), classes);
  EXPECT_EQ(model_without->labels(), classes);
  const std::vector<std::string> probe = {"patient reports rash"};
  const auto answers = model_without->TopKClasses(probe, audit::kAllClasses);
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(answers[0].size(), classes.size()) << "the output layer has one unit per configured class";
  // The classes keep their configured (unsorted) order: every one of them has a loss.
  const std::vector<std::string> texts(classes.size(), "patient reports rash");
  const std::vector<double> losses = model_with->ExampleLosses(texts, classes);
  ASSERT_EQ(losses.size(), classes.size());
  for (double loss : losses) EXPECT_TRUE(std::isfinite(loss) && loss > 0.0);
  fs::remove_all(dir_with);
  fs::remove_all(dir_without);
}

// d(loss of example i) / d(parameter), one autograd pass per example on a model without an engine.
std::map<std::string, at::Tensor> PerExampleAutograd(models::TextClassifier& model, const at::Tensor& ids,
                                                     const at::Tensor& targets) {
  std::vector<std::string> names;
  std::vector<at::Tensor> parameters;
  for (const auto& item : model->named_parameters()) {
    names.push_back(item.key());
    parameters.push_back(item.value());
  }
  std::vector<std::vector<at::Tensor>> per_parameter(parameters.size());
  for (int64_t i = 0; i < ids.size(0); ++i) {
    const at::Tensor loss = at::cross_entropy_loss(model->forward(ids.narrow(0, i, 1)), targets.narrow(0, i, 1), {},
                                                   at::Reduction::Sum);
    const auto grads = torch::autograd::grad({loss}, parameters);
    for (size_t p = 0; p < parameters.size(); ++p) per_parameter[p].push_back(grads[p]);
  }
  std::map<std::string, at::Tensor> stacked;
  for (size_t p = 0; p < parameters.size(); ++p) stacked[names[p]] = at::stack(per_parameter[p]);
  return stacked;
}

TEST(TextClassifierModule, EnginePerSampleGradientsMatchPerExampleAutograd) {
  at::set_num_threads(1);
  at::manual_seed(11);
  const models::TextClassifierOptions options{
      .pad_token = 256, .embedding_dim = 6, .channels = 5, .kernel_size = 3, .hidden = 4, .classes = 3};
  models::TextClassifier model(options);
  std::vector<std::string> layer_names;
  for (const auto& [name, layer] : dp::CollectDpLayers(*model)) layer_names.push_back(name);
  EXPECT_EQ(layer_names, (std::vector<std::string>{"emb", "conv", "fc1", "fc2"}));

  // Five texts of 9, 6, 1, 4 and 9 bytes from a small alphabet (repeated bytes), PAD after each.
  at::Tensor ids = at::randint(0, 12, {5, 9}, at::kLong);
  const int64_t lengths[] = {9, 6, 1, 4, 9};
  for (int64_t i = 0; i < 5; ++i) ids[i].narrow(0, lengths[i], 9 - lengths[i]).fill_(options.pad_token);
  const at::Tensor targets = at::tensor(std::vector<int64_t>{0, 2, 1, 2, 0}, at::kLong);
  const auto expected = PerExampleAutograd(model, ids, targets);
  EXPECT_EQ(expected.at("emb.weight")[1][options.pad_token].abs().sum().item<double>(), 0.0);

  for (const dp::GradSampleMode mode : {dp::GradSampleMode::kMaterialized, dp::GradSampleMode::kGhost}) {
    dp::DpSgdOptions engine_options;
    engine_options.noise_multiplier = 0.0;
    engine_options.max_grad_norm = 0.01;  // below the norms, so every example is clipped
    engine_options.grad_sample_mode = mode;
    engine_options.loss_reduction = dp::LossReduction::kSum;
    dp::DpSgdEngine engine(model.ptr(), dp::MakeOptimizer({}, model->parameters()), engine_options);
    at::cross_entropy_loss(model->forward(ids), targets, {}, at::Reduction::Sum).backward();
    const auto per_sample = engine.PerSampleGradients();
    ASSERT_EQ(per_sample.size(), expected.size());
    at::Tensor squared_norms = at::zeros({5}, at::kDouble);
    for (const auto& [name, grads] : expected) {
      EXPECT_TRUE(dp::testing::RelativeClose(per_sample.at(name), grads, 1e-5)) << name;
      squared_norms += grads.reshape({5, -1}).to(at::kDouble).square().sum(1);
    }
    engine.ClipAndAccumulate();
    EXPECT_TRUE(dp::testing::RelativeClose(engine.LastPerSampleNorms(), squared_norms.sqrt(), 1e-5));
    // Clipped sum = sum_i g_i * min(1, C / ||g_i||), from the autograd gradients.
    const at::Tensor factors = (0.01 / squared_norms.sqrt()).clamp_max(1.0);
    const auto clipped = engine.AccumulatedClippedGradients();
    for (const auto& [name, grads] : expected) {
      const at::Tensor weights = factors.to(at::kFloat).reshape({5, 1}).expand({5, grads[0].numel()});
      const at::Tensor reference = (grads.reshape({5, -1}) * weights).sum(0).reshape(grads[0].sizes());
      EXPECT_TRUE(dp::testing::RelativeClose(clipped.at(name), reference, 1e-5)) << name;
    }
    engine.DiscardBatch();
  }
}

}  // namespace
}  // namespace leakgate::pipeline
