// Labelled keyword notes, and a classifier job sized for them, shared by the classifier's training and audit tests.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/train/classifier.h"
#include "tests/train/tiny_job.h"

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

// The shared tiny job as a classifier with a constant learning rate, sized for the keyword notes.
inline TrainingJob KeywordClassifierJob(const std::filesystem::path& model_dir, bool private_training, double epochs) {
  TrainingJob job = TinyJob(model_dir, private_training);
  job.train.task = Task::kClassifier;
  job.train.classes = {"cardiology", "neurology", "respiratory"};
  job.train.model.seq_len = 64;
  job.train.optimizer.lr = 1e-2;
  job.train.lr_schedule = LrSchedule::kConstant;
  job.train.warmup_steps = 0;
  job.train.epochs = epochs;
  job.train.batch_size = 32;
  job.train.physical_batch = 32;
  return job;
}

}  // namespace leakgate::pipeline::testing
