// `leakgate run` end to end: run directory and manifest, stage caching, protection of a run made from another
// config, and exit code 2 for bad configs.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/e2e/command.h"

namespace leakgate {
namespace {

namespace fs = std::filesystem;
using ::leakgate::testing::ReadWholeFile;
using ::leakgate::testing::RunLeakgate;
using ::testing::HasSubstr;

class RunCliTest : public ::leakgate::testing::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    std::string corpus;
    for (int i = 0; i < 300; ++i) {
      corpus += "{\"id\": \"n" + std::to_string(i) + "\", \"text\": \"note " + std::to_string(i % 250) +
                " about the weather in a small town near the river\"}\n";
    }
    Write("corpus.jsonl", corpus);
  }
  // Only the hygiene stage: these tests are about the orchestration, not about training.
  static std::string Run(const std::string& arguments) { return "run --stages hygiene " + arguments; }
  std::string Config(const std::string& extra = "") const {
    return Write("c.yaml", "run: {name: e2e}\ndata: {input: " + Path("corpus.jsonl") + "}\n" + extra);
  }
};

TEST_F(RunCliTest, HygieneStageWritesTheRunDirectoryAndIsSkippedWhenUnchanged) {
  const auto config = Config();
  auto result = RunLeakgate(Run(config + " --out " + Path("run")));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto manifest = nlohmann::json::parse(ReadWholeFile(Path("run/manifest.json")));
  EXPECT_EQ(manifest["tool"]["name"], "leakgate");
  EXPECT_EQ(manifest["inputs"][Path("corpus.jsonl")].get<std::string>().size(), 64u);
  EXPECT_EQ(manifest["stages"]["hygiene"]["summary"]["records_in"], 300);
  // Ids 250..299 repeat the texts of 0..49 exactly.
  EXPECT_EQ(manifest["stages"]["hygiene"]["summary"]["records_out"], 250);
  const auto hygiene = nlohmann::json::parse(ReadWholeFile(Path("run/hygiene.json")));
  EXPECT_EQ(hygiene["dedup"]["exact_duplicates_removed"], 50);

  result = RunLeakgate(Run(config + " --out " + Path("run")));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.err, HasSubstr("hygiene: unchanged since"));

  // A changed output file is not trusted: the stage runs again.
  Write("run/hygiene.json", "{}");
  result = RunLeakgate(Run(config + " --out " + Path("run")));
  EXPECT_THAT(result.err, HasSubstr("hygiene: running"));
}

TEST_F(RunCliTest, ADifferentConfigNeedsForce) {
  ASSERT_EQ(RunLeakgate(Run(Config() + " --out " + Path("run"))).exit_code, 0);
  const auto changed = Config("hygiene: {near_dedup: {threshold: 0.5}}\n");
  auto result = RunLeakgate(Run(changed + " --out " + Path("run")));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("holds a run made from a different config"));
  result = RunLeakgate(Run(changed + " --out " + Path("run") + " --force"));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.err, HasSubstr("hygiene: running"));
}

TEST_F(RunCliTest, BadConfigsAndStagesExitTwo) {
  auto result = RunLeakgate(Run(Config("hygiene: {near_dedup: {thresold: 0.5}}\n") + " --out " + Path("run")));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("c.yaml:3:24: unknown key 'hygiene.near_dedup.thresold'"));
  EXPECT_FALSE(fs::exists(Path("run")));
  EXPECT_EQ(RunLeakgate(Run(Path("missing.yaml"))).exit_code, 2);
  EXPECT_EQ(RunLeakgate(Run(Config() + " --out " + Path("run") + " --stages hygene")).exit_code, 2);
  Write("corpus.jsonl", "{\"id\": \"a\", \"text\": \"fine\"}\n{\"id\": \"b\", \"text\": \"cut");
  result = RunLeakgate(Run(Config() + " --out " + Path("run")));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("corpus.jsonl:2: invalid JSON"));
}

}  // namespace
}  // namespace leakgate
