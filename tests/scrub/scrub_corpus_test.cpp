#include "scrub/scrub_corpus.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "scrub/ordered_parallel.h"

namespace leakgate::scrub {
namespace {

TEST(OrderedParallelMap, KeepsInputOrderWithManyThreads) {
  int next_value = 0;
  std::vector<int> emitted;
  OrderedParallelMap<int, long>(
      [&](int& item) {
        if (next_value == 1000) return false;
        item = next_value++;
        return true;
      },
      [](const int& item) { return static_cast<long>(item) * item; },
      [&](int&& item, long&& result) {
        EXPECT_EQ(result, static_cast<long>(item) * item);
        emitted.push_back(item);
      },
      4, 64);
  ASSERT_EQ(emitted.size(), 1000u);
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(emitted[i], i);
}

TEST(OrderedParallelMap, RethrowsTheWorkersException) {
  int next_value = 0;
  auto run = [&] {
    OrderedParallelMap<int, int>(
        [&](int& item) {
          item = next_value++;
          return item < 100;
        },
        [](const int& item) -> int {
          if (item == 37) throw std::runtime_error("bad item");
          return item;
        },
        [](int&&, int&&) {}, 3, 16);
  };
  EXPECT_THROW(run(), std::runtime_error);
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

TEST(ScrubCorpus, SameOutputWithOneOrFourThreadsAndDropsRecords) {
  const std::string dir = ::testing::TempDir();
  const std::string input = dir + "/scrub_corpus_in.jsonl";
  {
    std::ofstream out(input);
    for (int i = 0; i < 500; ++i) {
      if (i % 50 == 7) out << R"({"id": )" << i << R"(, "text": "SSN 123-45-6789 must go"})" << "\n";
      else out << R"({"id": )" << i << R"(, "text": "note )" << i << R"( mail p)" << i << R"(@example.com"})" << "\n";
    }
  }
  ScrubConfig config;
  config.operator_overrides["SSN"] = {OperatorKind::kDropRecord, 4, '*'};
  const Scrubber scrubber(config);
  std::string outputs[2];
  for (unsigned threads : {1u, 4u}) {
    const std::string output = dir + "/scrub_corpus_out_" + std::to_string(threads) + ".jsonl";
    corpus::CorpusReader reader(input, corpus::CorpusOptions{});
    corpus::CorpusWriter writer(output);
    ScrubCorpusOptions options;
    options.threads = threads;
    options.batch_records = 32;
    ScrubStats stats = ScrubCorpus(reader, writer, scrubber, options);
    writer.Commit();
    EXPECT_EQ(stats.records_in, 500u);
    EXPECT_EQ(stats.records_dropped, 10u);
    EXPECT_EQ(stats.records_out, 490u);
    EXPECT_EQ(stats.findings_per_type["EMAIL"], 490u);
    EXPECT_EQ(stats.residual_total(), 0u);
    outputs[threads == 1 ? 0 : 1] = ReadAll(output);
  }
  EXPECT_EQ(outputs[0], outputs[1]);
  EXPECT_EQ(outputs[0].find("@example.com"), std::string::npos);
  EXPECT_EQ(outputs[0].find("123-45-6789"), std::string::npos);
  EXPECT_NE(outputs[0].find(R"("note 0 mail [EMAIL]")"), std::string::npos) << outputs[0].substr(0, 200);
}

}  // namespace
}  // namespace leakgate::scrub
