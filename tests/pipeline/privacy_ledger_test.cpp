// The dataset privacy ledger: composition of every training on a dataset, replacement of a resumed training,
// unbounded totals when one training was not DP, concurrent writers, and a damaged file as an input error.
#include "pipeline/privacy_ledger.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include "common/errors.h"

namespace leakgate::pipeline {
namespace {

namespace fs = std::filesystem;

class PrivacyLedgerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("leakgate-ledger-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static LedgerTraining Training(const std::string& id, int64_t steps, bool differentially_private = true) {
    LedgerTraining training;
    training.training_id = id;
    training.run = "run-" + id;
    training.purpose = "train";
    training.differentially_private = differentially_private;
    training.ledger.Record(1.0, 0.1, steps);
    return training;
  }

  fs::path dir_;
};

TEST_F(PrivacyLedgerTest, TwoTrainingsComposeLikeOneTrainingOfBothLengths) {
  const DatasetLedgerFile file(dir_ / "ledger.json");
  file.Record("sha-a", "notes", Training("first", 50));
  file.Record("sha-a", "notes", Training("second", 70));
  const DatasetLedgerSummary summary = file.Summarize("sha-a", 1e-5, dp::AccountantKind::kRdp);
  ASSERT_EQ(summary.trainings.size(), 2u);
  EXPECT_EQ(summary.name, "notes");
  ASSERT_TRUE(summary.total_epsilon.has_value());
  // The same mechanism run 50 and then 70 times is the mechanism run 120 times.
  const double expected = dp::ComputeEpsilon({{1.0, 0.1, 120}}, 1e-5, dp::AccountantKind::kRdp).epsilon;
  EXPECT_NEAR(*summary.total_epsilon, expected, 1e-9 * expected);
  EXPECT_GT(*summary.total_epsilon, dp::ComputeEpsilon({{1.0, 0.1, 70}}, 1e-5, dp::AccountantKind::kRdp).epsilon);
}

TEST_F(PrivacyLedgerTest, AResumedTrainingReplacesItsEntryAndDatasetsStayApart) {
  const DatasetLedgerFile file(dir_ / "ledger.json");
  file.Record("sha-a", "notes", Training("first", 20));
  file.Record("sha-a", "notes", Training("first", 50));
  file.Record("sha-b", "other", Training("elsewhere", 500));
  const DatasetLedgerSummary summary = file.Summarize("sha-a", 1e-5, dp::AccountantKind::kRdp);
  ASSERT_EQ(summary.trainings.size(), 1u);
  EXPECT_EQ(summary.trainings[0].ledger.total_steps(), 50);
  EXPECT_FALSE(summary.trainings[0].recorded_at.empty());
  EXPECT_EQ(file.Datasets().size(), 2u);
  const DatasetLedgerSummary empty = file.Summarize("sha-unknown", 1e-5, dp::AccountantKind::kRdp);
  EXPECT_TRUE(empty.trainings.empty());
  EXPECT_EQ(empty.total_epsilon, 0.0);
}

TEST_F(PrivacyLedgerTest, OneTrainingWithoutDpMakesTheTotalUnbounded) {
  const DatasetLedgerFile file(dir_ / "ledger.json");
  LedgerTraining person = Training("private", 50);
  person.privacy_unit = "person";
  file.Record("sha-a", "notes", person);
  EXPECT_EQ(file.Summarize("sha-a", 1e-5, dp::AccountantKind::kRdp).privacy_unit, "person");
  file.Record("sha-a", "notes", Training("seeded", 50, /*differentially_private=*/false));
  const DatasetLedgerSummary summary = file.Summarize("sha-a", 1e-5, dp::AccountantKind::kRdp);
  EXPECT_FALSE(summary.total_epsilon.has_value());
  EXPECT_EQ(summary.privacy_unit, "record") << "a person-level guarantee holds only if every training gave one";
  EXPECT_EQ(ToJson(summary)["bounded"], false);
}

TEST_F(PrivacyLedgerTest, ConcurrentRunsLoseNoEntry) {
  const DatasetLedgerFile file(dir_ / "ledger.json");
  std::vector<std::thread> writers;
  for (int writer = 0; writer < 4; ++writer) {
    writers.emplace_back([&, writer] {
      for (int i = 0; i < 10; ++i) file.Record("sha-a", "notes", Training(std::to_string(writer * 100 + i), 5));
    });
  }
  for (auto& thread : writers) thread.join();
  EXPECT_EQ(file.Summarize("sha-a", 1e-5, dp::AccountantKind::kRdp).trainings.size(), 40u);
}

TEST_F(PrivacyLedgerTest, ADamagedLedgerIsAnInputErrorNotAFreshStart) {
  fs::create_directories(dir_);
  std::ofstream(dir_ / "ledger.json") << "{\"version\": 1}";
  const DatasetLedgerFile file(dir_ / "ledger.json");
  EXPECT_THROW(file.Summarize("sha-a", 1e-5, dp::AccountantKind::kRdp), common::InputError);
  EXPECT_THROW(file.Record("sha-a", "notes", Training("first", 5)), common::InputError);
}

}  // namespace
}  // namespace leakgate::pipeline
