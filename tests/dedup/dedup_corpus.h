// A corpus for the dedup engine's tests: near and exact duplicates, distinct records and bad lines.
#pragma once

#include <random>
#include <string>
#include <vector>

#include "corpus/corpus.h"

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

}  // namespace leakgate::dedup
