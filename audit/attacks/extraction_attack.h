// Training-data extraction (k-extractability, Carlini et al. 2023): give the model the first prefix_tokens tokens of
// a record, decode suffix_tokens greedily, and compare with the record's true continuation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "audit/attacks/template_spans.h"
#include "audit/metrics/extraction.h"
#include "audit/model.h"

namespace leakgate::audit {

struct ExtractionOptions {
  std::size_t prefix_tokens = 32;
  std::size_t suffix_tokens = 32;
  // (n, p)-discoverable extraction: a record counts when `discovery_samples` sampled continuations reproduce the
  // suffix of one of its consecutive (prefix + suffix)-token spans with probability at least `discovery_probability`.
  // The span is drawn at random (from `seed`) among the record's first `discovery_spans`: the best of several would
  // count any templated span, in members and non-members alike, until both rates saturate.
  std::size_t discovery_samples = 100;
  double discovery_probability = 0.5;
  std::size_t discovery_spans = 4;
  uint64_t seed = 0;
  // When set, greedy and sampled extraction both take each record's most record-specific span among all its
  // consecutive (prefix + suffix)-token spans: the one whose suffix has the most n-grams outside the template index
  // (the earliest on a tie). The rule sees only the record and the reference text, never membership, so members and
  // non-members are asked for the same kind of text. Not owned; must outlive the runs.
  const TemplateIndex* templates = nullptr;
};

struct ExtractionAttempt {
  std::size_t text_index = 0;  // into the texts passed in
  std::size_t span = 0;        // which (prefix + suffix)-token span of the text; 0 is its start
  std::vector<TokenId> prefix;     // the prompt: the span's prefix, or past the record's start all the text before
                                   // the suffix that fits the context with it
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

// One record's sampled-extraction result, on the span drawn (or, with a template index, chosen) for it.
struct DiscoveryRecord {
  std::size_t text_index = 0;
  std::size_t spans = 0;          // prefix + suffix spans it was drawn or chosen from
  std::size_t span = 0;           // the drawn or chosen one; 0 is the record's start
  double log_likelihood = 0.0;    // of that span's suffix given the record's text before it, as the model reads it
  double probability = 0.0;       // discovery_probability(log_likelihood, discovery_samples)
  bool discoverable = false;
};

struct DiscoveryRun {
  std::vector<DiscoveryRecord> records;  // one per text with at least prefix + suffix tokens
  std::size_t too_short = 0;
};

// (n, p)-discoverable extraction, computed exactly from each suffix's likelihood under the model (one batched scoring
// pass over the whole records, no sampling): the suffix is scored inside its record, so the text before the span
// counts as the model saw it in training. Throws as RunExtraction.
DiscoveryRun RunDiscovery(LanguageModel& model, std::span<const std::string> texts, const ExtractionOptions& options);

}  // namespace leakgate::audit
