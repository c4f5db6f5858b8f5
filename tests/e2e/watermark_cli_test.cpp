// `leakgate watermark detect`: texts written under the key are found, one by one and pooled; human text and text
// written under another key are not; a missing key, an empty file or a bad line is exit 2, naming what is wrong.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "tests/e2e/command.h"
#include "tests/support/fortunes.h"
#include "tests/support/temp_dir.h"
#include "watermark/watermark.h"

namespace leakgate::testing {
namespace {

const std::string kKey = "e2e-watermark-key-0123456789abcdef0123";

// A text of `length` printable ASCII characters drawn uniformly, tilted towards the green ones under `key`.
std::string WatermarkedText(const std::string& key, std::size_t length, std::mt19937_64& generator) {
  const watermark::Watermark mark(key, {});
  std::vector<watermark::TokenId> tokens = {'T', 'h', 'e', ' '};
  while (tokens.size() < length) {
    std::vector<double> log_probs(256, -INFINITY);
    for (int c = 32; c < 127; ++c) log_probs[c] = -std::log(95.0);
    mark.Embed(tokens, log_probs);
    std::vector<double> weights;
    for (const double value : log_probs) weights.push_back(std::exp(value));
    tokens.push_back(std::discrete_distribution<int>(weights.begin(), weights.end())(generator));
  }
  return std::string(tokens.begin(), tokens.end());
}

class WatermarkCli : public TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    ::setenv("E2E_WATERMARK_KEY", kKey.c_str(), 1);
  }
  std::string WriteTexts(const std::string& name, const std::vector<std::string>& texts) {
    std::ofstream out(dir_ / name);
    for (const std::string& text : texts) out << nlohmann::json({{"text", text}}).dump() << "\n";
    return (dir_ / name).string();
  }
  nlohmann::json Detect(const std::string& file, const std::string& flags = "") {
    const CommandResult result =
        RunLeakgate("-q watermark detect --key-env E2E_WATERMARK_KEY " + file + " " + flags);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return nlohmann::json::parse(result.out);
  }
};

TEST_F(WatermarkCli, FindsTheWatermarkOnlyUnderItsKey) {
  std::mt19937_64 generator(5);
  std::vector<std::string> marked, foreign;
  for (int i = 0; i < 20; ++i) marked.push_back(WatermarkedText(kKey, 200, generator));
  for (int i = 0; i < 20; ++i) foreign.push_back(WatermarkedText(kKey + "-other", 200, generator));
  const std::string out = (dir_ / "tests.jsonl").string();
  const nlohmann::json found = Detect(WriteTexts("marked.jsonl", marked), "--out " + out);
  EXPECT_EQ(found["texts"], 20);
  EXPECT_EQ(found["watermarked"], 20);
  EXPECT_TRUE(found["pooled"]["watermarked"].get<bool>());
  std::ifstream lines(out);
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    const nlohmann::json test = nlohmann::json::parse(line);
    EXPECT_EQ(test["line"], ++count);
    EXPECT_FALSE(test.contains("text")) << "the results never repeat the texts";
  }
  EXPECT_EQ(count, 20);

  const nlohmann::json other = Detect(WriteTexts("foreign.jsonl", foreign));
  EXPECT_EQ(other["watermarked"], 0);
  EXPECT_FALSE(other["pooled"]["watermarked"].get<bool>());
  const nlohmann::json human = Detect(WriteTexts("human.jsonl", Fortunes(500, 32)));
  EXPECT_EQ(human["texts"], 500);
  EXPECT_EQ(human["watermarked"], 0);
  EXPECT_FALSE(human["pooled"]["watermarked"].get<bool>());
  // The same texts read with another context width are a different test: the mark is not found.
  EXPECT_EQ(Detect(WriteTexts("marked.jsonl", marked), "--context-tokens 2")["watermarked"], 0);
}

TEST_F(WatermarkCli, BadInputIsExitTwoNamingTheProblem) {
  const std::string texts = WriteTexts("texts.jsonl", {"some text to test"});
  const CommandResult unset = RunLeakgate("watermark detect --key-env E2E_NO_SUCH_VARIABLE " + texts);
  EXPECT_EQ(unset.exit_code, 2);
  EXPECT_NE(unset.err.find("E2E_NO_SUCH_VARIABLE"), std::string::npos) << unset.err;
  const std::string detect = "watermark detect --key-env E2E_WATERMARK_KEY ";
  const CommandResult empty = RunLeakgate(detect + WriteTexts("none.jsonl", {}));
  EXPECT_EQ(empty.exit_code, 2);
  EXPECT_NE(empty.err.find("no texts"), std::string::npos) << empty.err;
  std::ofstream(dir_ / "bad.jsonl") << "{\"text\": \"fine\"}\n{\"text\": 3}\n";
  const CommandResult bad = RunLeakgate(detect + (dir_ / "bad.jsonl").string());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find(":2"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace leakgate::testing
