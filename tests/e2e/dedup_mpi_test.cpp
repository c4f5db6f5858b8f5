// `mpirun -np N leakgate dedup run` on loopback: the same output, clusters and statistics as one process, for 1, 2 and
// 4 ranks; a bad record fails the job once with its line; other commands refuse to run across ranks.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/e2e/command.h"

namespace leakgate {
namespace {

using ::leakgate::testing::ReadWholeFile;
using ::leakgate::testing::RunCommand;
using ::leakgate::testing::RunLeakgate;
using ::testing::HasSubstr;

const std::string kData = LEAKGATE_TEST_DATA_DIR;

using DedupMpiTest = ::leakgate::testing::TempDirTest;

// mpirun as root (CI containers) and with more ranks than cores, on this machine only. Under `make test-asan`, leak
// checks are off for these processes alone: Open MPI's plug-ins leak at exit from code unloaded by then, which
// LeakSanitizer cannot name to suppress; test_dedup_ranks runs the same dedup code with leak checks on.
std::string Mpirun(int ranks) {
  return "ASAN_OPTIONS=\"${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0\" "
         "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_btl=self,vader " +
         std::string(LEAKGATE_MPIEXEC) + " -np " + std::to_string(ranks) + " --oversubscribe " + LEAKGATE_BINARY;
}

// The statistics without the timings, which differ from run to run.
nlohmann::json StatsWithoutTimings(const std::string& path) {
  nlohmann::json stats = nlohmann::json::parse(ReadWholeFile(path));
  stats.erase("seconds");
  stats.erase("mb_per_second");
  return stats;
}

TEST_F(DedupMpiTest, AnyNumberOfRanksWritesWhatOneProcessWrites) {
  for (const std::string corpus : {"fortunes.jsonl", "copyrights.jsonl.zst"}) {
    const std::string arguments = " -q dedup run --input " + kData + "/corpora/" + corpus + " --threshold 0.7";
    const auto single = RunLeakgate(arguments + " --output " + Path("single.jsonl.zst") + " --clusters " +
                                    Path("single.clusters") + " --stats " + Path("single.json"));
    ASSERT_EQ(single.exit_code, 0) << single.err;
    const nlohmann::json single_stats = StatsWithoutTimings(Path("single.json"));
    ASSERT_GT(single_stats.at("clusters").get<int>(), 10) << corpus;
    for (const int ranks : {1, 2, 4}) {
      SCOPED_TRACE(corpus + " on " + std::to_string(ranks) + " ranks");
      const std::string prefix = "ranks" + std::to_string(ranks);
      const auto result = RunCommand(Mpirun(ranks) + arguments + " --output " + Path(prefix + ".jsonl.zst") +
                                     " --clusters " + Path(prefix + ".clusters") + " --stats " +
                                     Path(prefix + ".json"));
      ASSERT_EQ(result.exit_code, 0) << result.err;
      EXPECT_EQ(ReadWholeFile(Path(prefix + ".jsonl.zst")), ReadWholeFile(Path("single.jsonl.zst")));
      EXPECT_EQ(ReadWholeFile(Path(prefix + ".clusters")), ReadWholeFile(Path("single.clusters")));
      EXPECT_EQ(StatsWithoutTimings(Path(prefix + ".json")), single_stats);
    }
  }
}

TEST_F(DedupMpiTest, ABadRecordFailsTheJobOnceWithItsLineAndWritesNothing) {
  std::string corpus;
  for (int i = 0; i < 30000; ++i) {
    corpus += i == 20000 ? "{\"id\": 1, \"text\": }\n"
                         : "{\"id\": " + std::to_string(i) + ", \"text\": \"record number " + std::to_string(i) +
                               " of a corpus too large for one block\"}\n";
  }
  const std::string input = Write("bad.jsonl", corpus);
  // Line 20001 starts in the second 1 MiB block: rank 1 meets it and reports it; the others stay silent.
  for (const int ranks : {2, 4}) {
    SCOPED_TRACE(std::to_string(ranks) + " ranks");
    const auto result = RunCommand(Mpirun(ranks) + " dedup run --input " + input + " --output " + Path("out.jsonl"));
    EXPECT_EQ(result.exit_code, 2) << result.err;
    EXPECT_THAT(result.err, HasSubstr("bad.jsonl:20001: invalid JSON"));
    EXPECT_EQ(result.err.find("leakgate: "), result.err.rfind("leakgate: ")) << "said more than once:\n" << result.err;
    EXPECT_FALSE(std::filesystem::exists(Path("out.jsonl")));
  }
  // A check every rank fails alike is reported by rank 0 alone.
  const auto result = RunCommand(Mpirun(2) + " dedup run --input " + input + " --output " + Path("out.jsonl") +
                                 " --threshold 1.5");
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_EQ(result.err.find("leakgate: "), result.err.rfind("leakgate: ")) << "said more than once:\n" << result.err;
}

TEST_F(DedupMpiTest, OtherCommandsRefuseToRunAcrossRanks) {
  const auto result = RunCommand(Mpirun(2) + " dedup signatures --input " + kData + "/corpora/fortunes.jsonl");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("`leakgate dedup signatures` does not run across MPI ranks"));
  EXPECT_EQ(result.err.find("leakgate: "), result.err.rfind("leakgate: ")) << "said more than once:\n" << result.err;
  EXPECT_EQ(result.out, "");
}

}  // namespace
}  // namespace leakgate
