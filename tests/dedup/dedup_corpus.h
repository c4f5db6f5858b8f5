// For the dedup engine's tests: a corpus of near and exact duplicates, distinct records and bad lines, and the
// comparison of two plans that must be the same.
#pragma once

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "corpus/corpus.h"
#include "dedup/dedup.h"

namespace leakgate::dedup {

// Groups of near duplicates (a word changed), exact duplicates, distinct records and bad lines, over more records than
// one batch holds.
inline std::string CorpusWithDuplicates() {
  std::mt19937 random(11);
  const std::vector<std::string> words = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
                                          "india", "juliet", "kilo", "lima", "mike", "november", "oscar", "papa"};
  std::string corpus;
  for (int i = 0; i < 20000; ++i) {
    if (i % 997 == 5) {
      corpus += "{\"id\": \"broken" + std::to_string(i) + "\", \"text\": \n";
      continue;
    }
    const int group = i % 3 == 0 ? i / 3 % 500 : 1000 + i;  // a third of the records fall into 500 groups
    std::mt19937 group_random(static_cast<unsigned>(group));
    std::string text;
    for (int w = 0; w < 40; ++w) text += words[group_random() % words.size()] + std::to_string(group_random() % 50) + " ";
    if (random() % 2) text += words[random() % words.size()];  // half of a group's copies differ in their last word
    corpus += "{\"id\": \"r" + std::to_string(i) + "\", \"text\": \"" + text + "\"}\n";
  }
  return corpus;
}

inline corpus::CorpusOptions Skipping() {
  corpus::CorpusOptions options;
  options.on_bad_record = corpus::BadRecordPolicy::kSkip;
  return options;
}

// Every record's fate, every cluster and every count of `plan` equal `expected`'s (timings aside).
inline void ExpectSamePlan(const DedupPlan& plan, const DedupPlan& expected) {
  EXPECT_EQ(plan.ids, expected.ids);
  EXPECT_EQ(plan.keep, expected.keep);
  EXPECT_EQ(plan.lines, expected.lines);
  EXPECT_EQ(plan.line_hashes, expected.line_hashes);
  ASSERT_EQ(plan.clusters.size(), expected.clusters.size());
  for (size_t c = 0; c < plan.clusters.size(); ++c) {
    EXPECT_EQ(plan.clusters[c].kept, expected.clusters[c].kept);
    EXPECT_EQ(plan.clusters[c].members, expected.clusters[c].members);
    EXPECT_EQ(plan.clusters[c].jaccard_to_kept, expected.clusters[c].jaccard_to_kept);
  }
  EXPECT_EQ(plan.stats.exact_duplicates, expected.stats.exact_duplicates);
  EXPECT_EQ(plan.stats.near_duplicates, expected.stats.near_duplicates);
  EXPECT_EQ(plan.stats.shingles, expected.stats.shingles);
  EXPECT_EQ(plan.stats.text_bytes, expected.stats.text_bytes);
  EXPECT_EQ(plan.stats.candidate_pairs, expected.stats.candidate_pairs);
  EXPECT_EQ(plan.stats.bad_records, expected.stats.bad_records);
}

}  // namespace leakgate::dedup
