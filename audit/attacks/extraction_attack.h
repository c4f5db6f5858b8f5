// Training-data extraction (k-extractability, Carlini et al. 2023): give the model the first prefix_tokens tokens of
// a record, decode suffix_tokens greedily, and compare with the record's true continuation.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "audit/metrics/extraction.h"
#include "audit/model.h"

namespace leakgate::audit {

struct ExtractionOptions {
  std::size_t prefix_tokens = 32;
  std::size_t suffix_tokens = 32;
};

struct ExtractionAttempt {
  std::size_t text_index = 0;  // into the texts passed in
  std::vector<TokenId> prefix;
  std::vector<TokenId> expected;   // the true suffix
  std::vector<TokenId> generated;  // the greedy continuation (may be shorter if the model ended the text)
  ExtractionRecord score;
};

struct ExtractionRun {
  std::vector<ExtractionAttempt> attempts;  // one per text with at least prefix + suffix tokens
  std::size_t too_short = 0;                // texts skipped for having fewer tokens
};

// Throws AttackInputError when the lengths are zero or prefix + suffix (+ the begin token) exceed the model's
// context.
ExtractionRun RunExtraction(LanguageModel& model, std::span<const std::string> texts,
                            const ExtractionOptions& options);

// The summary of a run's attempts (summarize_extraction); the run must have at least one attempt.
ExtractionSummary SummarizeRun(const ExtractionRun& run);

}  // namespace leakgate::audit
