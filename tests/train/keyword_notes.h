// Labelled keyword notes shared by the classifier's training and audit tests.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/train/classifier.h"

namespace leakgate::pipeline::testing {

// Short notes whose class is given by one keyword among filler words; 50% / 30% / 20% of the notes are
// cardiology / neurology / respiratory, so always answering the majority class scores about 0.5.
inline std::vector<ClassifierExample> KeywordNotes(int count, uint64_t seed) {
  const std::vector<std::string> filler = {"patient", "reports", "seen", "today", "follow", "up",   "stable",
                                           "home",    "plan",    "review", "mild", "since", "week", "denies"};
  const std::vector<std::pair<std::string, std::vector<std::string>>> classes = {
      {"cardiology", {"chest pain", "palpitations", "murmur"}},
      {"neurology", {"seizure", "migraine", "numbness"}},
      {"respiratory", {"wheeze", "cough", "dyspnea"}}};
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::vector<ClassifierExample> notes;
  for (int i = 0; i < count; ++i) {
    const double draw = uniform(random);
    const auto& [label, keywords] = classes[draw < 0.5 ? 0 : draw < 0.8 ? 1 : 2];
    std::vector<std::string> words;
    for (int w = 0; w < 6; ++w) words.push_back(filler[random() % filler.size()]);
    words.insert(words.begin() + static_cast<std::ptrdiff_t>(random() % (words.size() + 1)),
                 keywords[random() % keywords.size()]);
    std::string text;
    for (const auto& word : words) text += (text.empty() ? "" : " ") + word;
    notes.push_back({text, label});
  }
  return notes;
}

}  // namespace leakgate::pipeline::testing
