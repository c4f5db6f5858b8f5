// The two passes of `dedup run`: the plan does not depend on the thread count (from two threads on, workers sketch
// batches side by side), bad records are met in input order, and pass 2 yields exactly the kept lines and refuses a
// corpus that changed in between.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <filesystem>

#include "common/errors.h"
#include "dedup/dedup.h"
#include "tests/dedup/dedup_corpus.h"
#include "tests/support/temp_dir.h"

namespace leakgate::dedup {
namespace {

using DedupPlanTest = ::leakgate::testing::TempDirTest;

TEST_F(DedupPlanTest, ThePlanIsTheSameOnAnyNumberOfThreads) {
  const std::string input = Write("c.jsonl", CorpusWithDuplicates());
  DedupOptions options;
  options.threads = 1;
  const DedupPlan serial = PlanDeduplication(input, Skipping(), options);
  ASSERT_EQ(serial.stats.bad_records.count, 21u);
  ASSERT_GT(serial.stats.exact_duplicates, 1000u);
  ASSERT_GT(serial.stats.near_duplicates, 1000u);
  for (int threads : {2, 3, 4}) {
    SCOPED_TRACE(threads);
    options.threads = threads;
    ExpectSamePlan(PlanDeduplication(input, Skipping(), options), serial);
  }
}

TEST_F(DedupPlanTest, ABadRecordMetWhileReadingAheadFailsThePlanWithItsLine) {
  const std::string input = Write("c.jsonl", CorpusWithDuplicates());
  DedupOptions options;
  for (int threads : {1, 2}) {
    options.threads = threads;
    try {
      PlanDeduplication(input, corpus::CorpusOptions{}, options);
      FAIL() << "the bad record on line 6 went unreported with " << threads << " threads";
    } catch (const common::InputError& error) {
      EXPECT_THAT(error.what(), ::testing::HasSubstr("c.jsonl:6: invalid JSON"));
    }
  }
}

TEST_F(DedupPlanTest, TheFirstBadRecordInInputOrderFailsThePlanWhicheverWorkerMeetsItFirst) {
  // Two bad lines in different batches: with several workers, the later batch is often parsed first.
  std::string corpus;
  for (int line = 1; line <= 20000; ++line) {
    corpus += line == 12001 || line == 15001 ? "{\"id\": \"broken\", \"text\": \n"
                                             : "{\"id\": \"r" + std::to_string(line) + "\", \"text\": \"note " +
                                                   std::to_string(line) + " of the day, nothing else to say\"}\n";
  }
  const std::string input = Write("c.jsonl", corpus);
  DedupOptions options;
  for (int threads : {1, 2, 4}) {
    options.threads = threads;
    try {
      PlanDeduplication(input, corpus::CorpusOptions{}, options);
      FAIL() << "the bad record on line 12001 went unreported with " << threads << " threads";
    } catch (const common::InputError& error) {
      EXPECT_THAT(error.what(), ::testing::HasSubstr("c.jsonl:12001: invalid JSON")) << threads << " threads";
    }
  }
}

TEST_F(DedupPlanTest, PassTwoYieldsExactlyTheKeptLinesAndTheirRecords) {
  const std::string input = Write("c.jsonl", CorpusWithDuplicates());
  DedupOptions options;
  options.threads = 2;
  const DedupPlan plan = PlanDeduplication(input, Skipping(), options);
  std::vector<std::string> expected;
  corpus::CorpusReader reader(input, Skipping());
  uint64_t ordinal = 0;
  for (corpus::Record record; reader.Next(record); ++ordinal) {
    if (plan.keep[ordinal]) expected.push_back(record.raw);
  }
  ASSERT_EQ(ordinal, plan.keep.size());
  ASSERT_EQ(expected.size(), plan.stats.records_out);

  KeptRecordReader lines(input, Skipping(), plan);
  std::vector<std::string> got;
  for (std::string_view line; lines.NextLine(line);) got.emplace_back(line);
  EXPECT_EQ(got, expected);

  KeptRecordReader records(input, Skipping(), plan);
  size_t i = 0;
  for (corpus::Record record; records.Next(record); ++i) {
    ASSERT_LT(i, expected.size());
    EXPECT_EQ(record.raw, expected[i]);
  }
  EXPECT_EQ(i, expected.size());
}

TEST_F(DedupPlanTest, PassTwoRefusesACorpusThatChangedAfterPassOne) {
  const std::string original = CorpusWithDuplicates();
  const std::string input = Write("c.jsonl", original);
  DedupOptions options;
  options.threads = 1;
  const DedupPlan plan = PlanDeduplication(input, Skipping(), options);
  const auto read_all = [&] {
    KeptRecordReader kept(input, Skipping(), plan);
    for (std::string_view line; kept.NextLine(line);) {
    }
  };
  // The same length and line count, one letter of one record's text changed: only the line's hash tells.
  std::string edited = original;
  const size_t at = edited.find("\"id\": \"r12345\"");
  ASSERT_NE(at, std::string::npos);
  const size_t letter = edited.find("\"text\": \"", at) + 9;
  edited[letter] = edited[letter] == 'a' ? 'b' : 'a';
  Write("c.jsonl", edited);
  try {
    read_all();
    FAIL() << "an edited record went unnoticed";
  } catch (const common::InputError& error) {
    EXPECT_THAT(error.what(), ::testing::HasSubstr("c.jsonl:12346: the corpus changed"));
  }
  // A record gone from the end.
  Write("c.jsonl", original.substr(0, original.rfind('\n', original.size() - 2) + 1));
  EXPECT_THROW(read_all(), common::InputError);
  Write("c.jsonl", original);
  EXPECT_NO_THROW(read_all());
}

}  // namespace
}  // namespace leakgate::dedup
