// `leakgate dedup` end to end: datasketch-identical results through the binary, and bad input handled as promised.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <zstd.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "tests/e2e/command.h"

namespace leakgate {
namespace {

namespace fs = std::filesystem;
using ::leakgate::testing::ReadWholeFile;
using ::leakgate::testing::RunLeakgate;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;

const std::string kData = LEAKGATE_TEST_DATA_DIR;

using DedupCliTest = ::leakgate::testing::TempDirTest;

std::vector<std::vector<std::string>> SortedClusters(const std::string& clusters_jsonl) {
  std::vector<std::vector<std::string>> clusters;
  std::istringstream lines(clusters_jsonl);
  std::string line;
  while (std::getline(lines, line)) {
    auto ids = nlohmann::json::parse(line).at("ids").get<std::vector<std::string>>();
    std::sort(ids.begin(), ids.end());
    clusters.push_back(ids);
  }
  std::sort(clusters.begin(), clusters.end());
  return clusters;
}

TEST_F(DedupCliTest, ReproducesDatasketchClustersOnFortunes) {
  const auto result = RunLeakgate("dedup run --input " + kData + "/corpora/fortunes.jsonl --output " +
                                  Path("out.jsonl.zst") + " --clusters " + Path("c.jsonl") + " --stats " +
                                  Path("s.json") + " --threshold 0.8 --num-perm 128 --seed 1 --hash xxh32");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto reference = nlohmann::json::parse(ReadWholeFile(kData + "/datasketch/lsh_clusters_fortunes.json"));
  const auto expected = reference.at("clusters").get<std::vector<std::vector<std::string>>>();
  EXPECT_EQ(SortedClusters(ReadWholeFile(Path("c.jsonl"))), expected);

  const auto stats = nlohmann::json::parse(ReadWholeFile(Path("s.json")));
  EXPECT_EQ(stats["records_in"], 15217);
  EXPECT_EQ(stats["clusters"], 161);
  // Every cluster of n records keeps one: 322 clustered records leave 161.
  EXPECT_EQ(stats["records_out"], 15217 - (322 - 161));
  EXPECT_EQ(stats["lsh"]["b"], 9);
  EXPECT_EQ(stats["lsh"]["r"], 13);
}

TEST_F(DedupCliTest, KeptRecordsAreWrittenVerbatimInInputOrder) {
  const std::string a = R"({"id": "a", "text": "the quick brown fox jumps over the lazy dog today", "x": 1})";
  const std::string b = R"({"id": "b", "text": "The  quick brown fox jumps over the lazy dog TODAY"})";
  const std::string c = R"({"id": "c", "text": "an entirely different sentence with nothing in common at all"})";
  const std::string d = R"({"id": "d", "text": "the quick brown fox jumps over the lazy dog today and then some more"})";
  const auto input = Write("in.jsonl", a + "\n" + b + "\n" + c + "\n" + d + "\n");
  auto result = RunLeakgate("dedup run --input " + input + " --output " + Path("first.jsonl") + " --clusters " +
                            Path("c1.jsonl") + " --threshold 0.5");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(ReadWholeFile(Path("first.jsonl")), a + "\n" + c + "\n");
  const auto cluster = nlohmann::json::parse(ReadWholeFile(Path("c1.jsonl")));
  EXPECT_EQ(cluster["kept"], "a");
  EXPECT_EQ(cluster["ids"], nlohmann::json({"a", "b", "d"}));

  result = RunLeakgate("dedup run --input " + input + " --output " + Path("longest.jsonl") +
                       " --threshold 0.5 --keep longest");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(ReadWholeFile(Path("longest.jsonl")), c + "\n" + d + "\n");
}

TEST_F(DedupCliTest, SignaturesMatchDatasketchVectors) {
  const auto vectors = nlohmann::json::parse(ReadWholeFile(kData + "/datasketch/minhash_vectors.json"));
  std::string corpus;
  for (const auto& doc : vectors["docs"]) corpus += nlohmann::json{{"id", doc["id"]}, {"text", doc["text"]}}.dump() + "\n";
  const auto input = Write("docs.jsonl", corpus);
  for (const auto& [hash, key] : {std::pair{"xxh32", "xxh32"}, std::pair{"sha1", "sha1_hash32"}}) {
    const auto result =
        RunLeakgate("dedup signatures --input " + input + " --num-perm 256 --seed 42 --hash " + hash);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    std::istringstream lines(result.out);
    std::string line;
    size_t i = 0;
    while (std::getline(lines, line)) {
      const auto row = nlohmann::json::parse(line);
      ASSERT_LT(i, vectors["docs"].size());
      EXPECT_EQ(row["id"], vectors["docs"][i]["id"]);
      EXPECT_EQ(row["hashvalues"], vectors["docs"][i]["hashvalues"][key]["256_42"]) << row["id"];
      ++i;
    }
    EXPECT_EQ(i, vectors["docs"].size());
  }
}

TEST_F(DedupCliTest, LshParamsMatchDatasketch) {
  const auto reference = nlohmann::json::parse(ReadWholeFile(kData + "/datasketch/lsh_params.json"));
  for (const auto& entry : reference["params"]) {
    char threshold[32];
    std::snprintf(threshold, sizeof threshold, "%.17g", entry["threshold"].get<double>());
    const auto result = RunLeakgate(std::string("dedup lsh-params --threshold ") + threshold + " --num-perm " +
                                    std::to_string(entry["num_perm"].get<int>()));
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const auto params = nlohmann::json::parse(result.out);
    EXPECT_EQ(params["b"], entry["b"]);
    EXPECT_EQ(params["r"], entry["r"]);
  }
  EXPECT_EQ(RunLeakgate("dedup lsh-params --threshold 0.8 --num-perm 128 --weights 0.9,0.3").exit_code, 2);
}

std::string CompressedPrefix(const std::string& plain, double fraction) {
  std::string out(ZSTD_compressBound(plain.size()), '\0');
  out.resize(ZSTD_compress(out.data(), out.size(), plain.data(), plain.size(), 3));
  return out.substr(0, static_cast<size_t>(out.size() * fraction));
}

TEST_F(DedupCliTest, BadInputExitsTwoWithOneLineNamingTheLineAndWritesNothing) {
  std::string good;
  for (int i = 0; i < 2000; ++i) good += "{\"id\": \"r" + std::to_string(i) + "\", \"text\": \"record number " +
                                         std::to_string(i) + " has some words\"}\n";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {Write("truncated.jsonl", good.substr(0, 90) + "\n"), "truncated.jsonl:2: invalid JSON"},
      {Write("utf8.jsonl", "{\"id\": \"a\", \"text\": \"ok\"}\n{\"id\": \"b\", \"text\": \"\xc3\x28\"}\n"),
       "utf8.jsonl:2: invalid UTF-8 at byte 22"},
      {Write("notext.jsonl", "{\"id\": \"a\", \"text\": \"ok\"}\n{\"id\": \"b\"}\n"),
       "notext.jsonl:2: missing text field 'text'"},
      {Write("empty.jsonl", ""), "empty.jsonl: the corpus has no records"},
      {Path("absent.jsonl"), "absent.jsonl: cannot open"},
      {Write("cut.jsonl.zst", CompressedPrefix(good, 0.6)), "cut.jsonl.zst:"},
  };
  for (const auto& [input, expected] : cases) {
    const auto result = RunLeakgate("dedup run --input " + input + " --output " + Path("out.jsonl") +
                                    " --stats " + Path("stats.json"));
    EXPECT_EQ(result.exit_code, 2) << input;
    EXPECT_THAT(result.err, MatchesRegex("leakgate: error: [^\n]*\n")) << "one line";
    EXPECT_THAT(result.err, HasSubstr(expected));
    EXPECT_FALSE(fs::exists(Path("out.jsonl"))) << input;
    EXPECT_FALSE(fs::exists(Path("stats.json"))) << input;
  }
  EXPECT_THAT(RunLeakgate("dedup run --input " + Path("cut.jsonl.zst") + " --output " + Path("o.jsonl")).err,
              HasSubstr("truncated zstd stream"));
  for (const auto& entry : fs::directory_iterator(dir_)) {
    EXPECT_THAT(entry.path().filename().string(), ::testing::Not(HasSubstr(".tmp."))) << "temp file left behind";
  }
}

TEST_F(DedupCliTest, SkipPolicyReportsBadLinesInStats) {
  const auto input = Write("mixed.jsonl", "{\"id\": \"a\", \"text\": \"one two\"}\n{broken\n{\"id\": \"b\", \"text\": \"x\"}\n");
  const auto result = RunLeakgate("dedup run --input " + input + " --output " + Path("o.jsonl") +
                                  " --on-bad-record skip --stats " + Path("s.json"));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto stats = nlohmann::json::parse(ReadWholeFile(Path("s.json")));
  EXPECT_EQ(stats["bad_records"]["count"], 1);
  EXPECT_EQ(stats["bad_records"]["first"][0]["line"], 2);
  EXPECT_EQ(stats["records_out"], 2);
}

// Outputs are renamed into place, which would replace a FIFO, a device or a symlink with a regular file (and fail
// late on a directory): such targets are refused up front with exit 2, and left as they were.
TEST_F(DedupCliTest, OutputsThatAreNotRegularFilesAreRefusedAndLeftAlone) {
  const auto input = Write("in.jsonl", "{\"id\": \"a\", \"text\": \"x\"}\n");
  fs::create_directories(Path("a-directory"));
  const auto into_directory = RunLeakgate("dedup run --input " + input + " --output " + Path("a-directory"));
  EXPECT_EQ(into_directory.exit_code, 2) << into_directory.err;
  EXPECT_THAT(into_directory.err, HasSubstr(Path("a-directory") + ": is a directory"));
  EXPECT_TRUE(fs::is_directory(Path("a-directory")));

  ASSERT_EQ(::mkfifo(Path("a-fifo").c_str(), 0600), 0);
  const auto into_fifo =
      RunLeakgate("dedup run --input " + input + " --output " + Path("o.jsonl") + " --stats " + Path("a-fifo"));
  EXPECT_EQ(into_fifo.exit_code, 2) << into_fifo.err;
  EXPECT_THAT(into_fifo.err, HasSubstr("is a special file"));
  EXPECT_TRUE(fs::is_fifo(Path("a-fifo")));

  fs::create_symlink(Path("elsewhere.jsonl"), Path("a-link"));
  const auto into_link = RunLeakgate("dedup run --input " + input + " --output " + Path("a-link"));
  EXPECT_EQ(into_link.exit_code, 2) << into_link.err;
  EXPECT_THAT(into_link.err, HasSubstr("is a symbolic link"));
  EXPECT_TRUE(fs::is_symlink(Path("a-link")));
  EXPECT_EQ(ReadWholeFile(input), "{\"id\": \"a\", \"text\": \"x\"}\n");
}

// The outputs hold training data: owner-only from the moment they exist, whatever the umask.
TEST_F(DedupCliTest, OutputsAreOwnerOnly) {
  const auto input = Write("in.jsonl", "{\"id\": \"a\", \"text\": \"x\"}\n");
  const auto result = RunLeakgate("dedup run --input " + input + " --output " + Path("o.jsonl.zst") + " --stats " +
                                  Path("s.json") + " --clusters " + Path("c.jsonl"));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  for (const char* name : {"o.jsonl.zst", "s.json", "c.jsonl"}) {
    EXPECT_EQ(fs::status(Path(name)).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write)
        << name;
  }
}

TEST_F(DedupCliTest, UsageErrorsExitTwoAndInputIsNeverOverwritten) {
  const auto input = Write("in.jsonl", "{\"id\": \"a\", \"text\": \"x\"}\n");
  EXPECT_EQ(RunLeakgate("dedup run --input " + input).exit_code, 2);
  EXPECT_EQ(RunLeakgate("dedup run --input " + input + " --output o.jsonl --bogus").exit_code, 2);
  EXPECT_EQ(RunLeakgate("dedup run --input " + input + " --output o.jsonl --shingle lines:2").exit_code, 2);
  const auto same = RunLeakgate("dedup run --input " + input + " --output " + input);
  EXPECT_EQ(same.exit_code, 2);
  EXPECT_THAT(same.err, HasSubstr("would overwrite the input"));
  EXPECT_EQ(ReadWholeFile(input), "{\"id\": \"a\", \"text\": \"x\"}\n");
  // --stats or --clusters naming the input would replace the corpus with a JSON file.
  for (const char* flag : {"--stats", "--clusters"}) {
    const auto over_input = RunLeakgate("dedup run --input " + input + " --output " + Path("o.jsonl") + " " + flag +
                                        " " + input);
    EXPECT_EQ(over_input.exit_code, 2) << flag;
    EXPECT_THAT(over_input.err, HasSubstr(std::string(flag) + " would overwrite the input (--input)"));
  }
  // Two outputs on one path: the deduplicated corpus would be lost under the statistics.
  const auto clash = RunLeakgate("dedup run --input " + input + " --output " + Path("x.jsonl") + " --stats " +
                                 Path("x.jsonl") + " --clusters " + Path("c.jsonl"));
  EXPECT_EQ(clash.exit_code, 2);
  EXPECT_THAT(clash.err, HasSubstr("--stats and --output are the same file"));
  EXPECT_FALSE(fs::exists(Path("x.jsonl")));
  EXPECT_EQ(ReadWholeFile(input), "{\"id\": \"a\", \"text\": \"x\"}\n");
  // The LSH optimisation is quadratic in num_perm: the same cap as dedup run, not an unbounded run.
  EXPECT_EQ(RunLeakgate("dedup lsh-params --threshold 0.8 --num-perm 1000000").exit_code, 2);
  EXPECT_EQ(RunLeakgate("nonsense").exit_code, 2);
  const auto version = RunLeakgate("--version");
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_THAT(version.out, MatchesRegex("leakgate [0-9]+\\.[0-9]+\\.[0-9]+\n"));
}

}  // namespace
}  // namespace leakgate
