// End-to-end tests of `leakgate scrub run|eval` and `leakgate synth` through the built binary.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace {

namespace fs = std::filesystem;
const std::string kBinary = LEAKGATE_BINARY;
const std::string kDataDir = LEAKGATE_TEST_DATA_DIR;

struct Result {
  int exit_code;
  std::string out;
  std::string err;
};

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

class ScrubCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) / ("scrub_cli_" + std::to_string(::getpid()) + "_" +
                                             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  Result Run(const std::string& arguments, const std::string& environment = "") {
    std::string command = environment + " " + kBinary + " " + arguments + " > " + (dir_ / "stdout").string() +
                          " 2> " + (dir_ / "stderr").string();
    int status = std::system(command.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, ReadAll(dir_ / "stdout"), ReadAll(dir_ / "stderr")};
  }
  fs::path Write(const std::string& name, const std::string& content) {
    std::ofstream(dir_ / name, std::ios::binary) << content;
    return dir_ / name;
  }
  fs::path dir_;
};

TEST_F(ScrubCli, SynthRegeneratesTheShippedEvaluationSetByteForByte) {
  Result r = Run("synth --out " + (dir_ / "eval.jsonl").string() +
                 " --records 400 --seed 4242 --templates evaluation --labeled");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ReadAll(dir_ / "eval.jsonl"), ReadAll(kDataDir + "/scrub/synthetic_eval.jsonl"));
}

TEST_F(ScrubCli, RunScrubsAndReports) {
  fs::path input = Write("in.jsonl",
                         "{\"id\": 1, \"text\": \"Patient John Smith, MRN 00482913, mail john@example.com\"}\n"
                         "{\"id\": 2, \"text\": \"nothing personal here\"}\n");
  Result r = Run("scrub run --input " + input.string() + " --output " + (dir_ / "out.jsonl").string() +
                 " --report " + (dir_ / "report.json").string() + " --threads 2");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string output = ReadAll(dir_ / "out.jsonl");
  EXPECT_NE(output.find("Patient [NAME], MRN [MRN], mail [EMAIL]"), std::string::npos) << output;
  EXPECT_NE(output.find("nothing personal here"), std::string::npos);
  nlohmann::json report = nlohmann::json::parse(ReadAll(dir_ / "report.json"));
  EXPECT_EQ(report["records_in"], 2);
  EXPECT_EQ(report["findings_per_type"]["EMAIL"], 1);
  EXPECT_EQ(report["residual_total"], 0);
  EXPECT_EQ(report["hipaa_safe_harbor_coverage"].size(), 18u);
}

TEST_F(ScrubCli, BadRecordIsExitTwoAndWritesNothing) {
  fs::path input = Write("in.jsonl", "{\"id\": 1, \"text\": \"ok\"}\n{\"id\": 2, \"text\": \n");
  Result r = Run("scrub run --input " + input.string() + " --output " + (dir_ / "out.jsonl").string() +
                 " --report " + (dir_ / "report.json").string());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("in.jsonl:2"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "out.jsonl"));
  EXPECT_FALSE(fs::exists(dir_ / "report.json"));
}

// As dedup run: an empty corpus is bad input, not a successful scrub of nothing.
TEST_F(ScrubCli, AnEmptyCorpusIsExitTwoAndWritesNothing) {
  fs::path input = Write("empty.jsonl", "");
  Result r = Run("scrub run --input " + input.string() + " --output " + (dir_ / "out.jsonl").string() +
                 " --report " + (dir_ / "report.json").string());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("empty.jsonl: the corpus has no records"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "out.jsonl"));
  EXPECT_FALSE(fs::exists(dir_ / "report.json"));
}

TEST_F(ScrubCli, HmacWithoutItsKeyIsAConfigurationError) {
  fs::path input = Write("in.jsonl", "{\"id\": 1, \"text\": \"mail john@example.com\"}\n");
  std::string args = "scrub run --input " + input.string() + " --output " + (dir_ / "out.jsonl").string() +
                     " --report " + (dir_ / "report.json").string() + " --operator hmac --hmac-key-env LG_TEST_KEY";
  Result missing = Run(args, "env -u LG_TEST_KEY");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("LG_TEST_KEY"), std::string::npos) << missing.err;
  EXPECT_FALSE(fs::exists(dir_ / "out.jsonl"));
  Result with_key = Run(args, "env LG_TEST_KEY=s3cret-value-0123456789abcdef-0123456789");
  ASSERT_EQ(with_key.exit_code, 0) << with_key.err;
  std::string output = ReadAll(dir_ / "out.jsonl");
  std::string report = ReadAll(dir_ / "report.json");
  EXPECT_NE(output.find("[EMAIL:"), std::string::npos) << output;
  EXPECT_EQ(output.find("s3cret-value-0123456789abcdef-0123456789"), std::string::npos);
  EXPECT_EQ(report.find("s3cret-value-0123456789abcdef-0123456789"), std::string::npos) << "the key must never be written";
}

TEST_F(ScrubCli, ConfigSectionWithUserPatternAndUnknownKey) {
  fs::path input = Write("in.jsonl", "{\"id\": 1, \"text\": \"badge EMP-123456 issued\"}\n");
  fs::path good = Write("good.yaml",
                        "run: {name: x}\n"
                        "hygiene:\n"
                        "  scrub:\n"
                        "    entities: all\n"
                        "    operator: placeholder\n"
                        "    user_patterns:\n"
                        "      - {name: badge, type: BADGE, regex: 'EMP-\\d{6}', context: [badge], score: 0.9}\n");
  Result r = Run("scrub run --config " + good.string() + " --input " + input.string() + " --output " +
                 (dir_ / "out.jsonl").string() + " --report " + (dir_ / "report.json").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(ReadAll(dir_ / "out.jsonl").find("badge [BADGE] issued"), std::string::npos);
  fs::path bad = Write("bad.yaml", "hygiene:\n  scrub:\n    entities: all\n    operater: mask\n");
  Result e = Run("scrub run --config " + bad.string() + " --input " + input.string() + " --output " +
                 (dir_ / "out2.jsonl").string() + " --report " + (dir_ / "report2.json").string());
  EXPECT_EQ(e.exit_code, 2);
  EXPECT_NE(e.err.find("bad.yaml:4"), std::string::npos) << e.err;
  EXPECT_NE(e.err.find("operater"), std::string::npos) << e.err;
  // The whole file is checked as `run` checks it: a mistake outside hygiene.scrub is not silently ignored
  // (the same file given to `run` would fail), and a scrub-only config needs no data.input.
  fs::path elsewhere = Write("elsewhere.yaml",
                             "hygiene:\n  scrub: {entities: all}\nprivacy:\n  target_epsilon: 8\n  enabeld: false\n");
  Result other = Run("scrub run --config " + elsewhere.string() + " --input " + input.string() + " --output " +
                     (dir_ / "out3.jsonl").string() + " --report " + (dir_ / "report3.json").string());
  EXPECT_EQ(other.exit_code, 2) << other.err;
  EXPECT_NE(other.err.find("elsewhere.yaml:5"), std::string::npos) << other.err;
  EXPECT_NE(other.err.find("enabeld"), std::string::npos) << other.err;
  EXPECT_FALSE(fs::exists(dir_ / "out3.jsonl"));
}

TEST_F(ScrubCli, EvalPrintsJsonScores) {
  Result r = Run("scrub eval --json --input " + kDataDir + "/scrub/handwritten.jsonl");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json json = nlohmann::json::parse(r.out);
  EXPECT_TRUE(json["per_type"].contains("EMAIL"));
  EXPECT_GT(json["overall"]["recall"].get<double>(), 0.9);
  EXPECT_EQ(json["overall"]["support"], 130);
  Result table = Run("scrub eval --input " + kDataDir + "/scrub/handwritten.jsonl");
  EXPECT_NE(table.out.find("overall"), std::string::npos);
}

TEST_F(ScrubCli, TrainNamesReadsWithheldWordsAndNamesABadWordListLine) {
  std::string data;
  for (int i = 0; i < 20; ++i) {
    data += R"({"id": )" + std::to_string(i) +
            R"(, "text": "I met Agnes Okafor today.", "spans": [{"start": 6, "end": 18, "type": "NAME"}]})" + "\n";
  }
  fs::path examples = Write("train.jsonl", data);
  fs::path lists = Write("lists.tsv", "first-withheld\tAgnes\nsurname\tOkafor\nword\ttoday\n");
  Result r = Run("scrub train-names --data " + examples.string() + " --word-lists " + lists.string() +
                 " --epochs 2 --hash-bits 10 --out " + (dir_ / "model.lgnt").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(dir_ / "model.lgnt"));
  fs::path bad = Write("bad.tsv", "first\tAgnes\nsurname\tOkafor\nwithheld-first\tBruno\n");
  r = Run("scrub train-names --data " + examples.string() + " --word-lists " + bad.string() + " --out " +
          (dir_ / "bad.lgnt").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(bad.string() + ":3"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("-withheld"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "bad.lgnt"));
}

// A retrained model is scored before it ships: --name-model replaces the compiled-in tagger for that run only.
TEST_F(ScrubCli, EvalScoresTheNameModelItIsGiven) {
  const std::string text = "I met Zorblat Quux today.";
  std::string unlabelled;
  for (int i = 0; i < 20; ++i) {
    unlabelled += R"({"id": )" + std::to_string(i) + R"(, "text": ")" + text + R"(", "spans": []})" + "\n";
  }
  fs::path no_names = Write("train.jsonl", unlabelled);
  fs::path lists = Write("lists.tsv", "word\ttoday\n");
  Result trained = Run("scrub train-names --data " + no_names.string() + " --word-lists " + lists.string() +
                       " --epochs 2 --hash-bits 10 --out " + (dir_ / "none.lgnt").string());
  ASSERT_EQ(trained.exit_code, 0) << trained.err;
  fs::path labeled = Write("labeled.jsonl", R"({"id": "a", "text": ")" + text +
                                                R"(", "spans": [{"start": 6, "end": 18, "type": "NAME"}]})" + "\n");
  auto name_recall = [&](const std::string& extra) {
    Result r = Run("scrub eval --json --input " + labeled.string() + extra);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out)["per_type"]["NAME"]["recall"].get<double>();
  };
  EXPECT_EQ(name_recall(""), 1.0);
  EXPECT_EQ(name_recall(" --name-model " + (dir_ / "none.lgnt").string()), 0.0);
  Result bad = Run("scrub eval --input " + labeled.string() + " --name-model " + lists.string());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find(lists.string()), std::string::npos) << bad.err;
}

}  // namespace
