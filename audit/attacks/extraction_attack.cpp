#include "audit/attacks/extraction_attack.h"

#include "audit/attacks/errors.h"

namespace leakgate::audit {

ExtractionRun RunExtraction(LanguageModel& model, std::span<const std::string> texts,
                            const ExtractionOptions& options) {
  if (options.prefix_tokens == 0 || options.suffix_tokens == 0) {
    throw AttackInputError("extraction: prefix_tokens and suffix_tokens must be >= 1");
  }
  if (1 + options.prefix_tokens + options.suffix_tokens > model.context_length()) {
    throw AttackInputError("extraction: prefix_tokens + suffix_tokens = " +
                           std::to_string(options.prefix_tokens + options.suffix_tokens) +
                           " do not fit the model's context of " + std::to_string(model.context_length()) +
                           " tokens (begin token included); lower them");
  }
  ExtractionRun run;
  std::vector<std::vector<TokenId>> prefixes;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const std::vector<TokenId> tokens = model.Encode(texts[i]);
    if (tokens.size() < options.prefix_tokens + options.suffix_tokens) {
      ++run.too_short;
      continue;
    }
    ExtractionAttempt attempt;
    attempt.text_index = i;
    const auto suffix_begin = tokens.begin() + static_cast<std::ptrdiff_t>(options.prefix_tokens);
    attempt.prefix.assign(tokens.begin(), suffix_begin);
    attempt.expected.assign(suffix_begin, suffix_begin + static_cast<std::ptrdiff_t>(options.suffix_tokens));
    prefixes.push_back(attempt.prefix);
    run.attempts.push_back(std::move(attempt));
  }
  if (prefixes.empty()) return run;
  std::vector<std::vector<TokenId>> generated = model.GreedyContinuations(prefixes, options.suffix_tokens);
  for (std::size_t i = 0; i < run.attempts.size(); ++i) {
    ExtractionAttempt& attempt = run.attempts[i];
    attempt.generated = std::move(generated[i]);
    attempt.score = score_extraction<TokenId>(attempt.generated, attempt.expected);
  }
  return run;
}

ExtractionSummary SummarizeRun(const ExtractionRun& run) {
  std::vector<ExtractionRecord> records;
  for (const auto& attempt : run.attempts) records.push_back(attempt.score);
  return summarize_extraction(records);
}

}  // namespace leakgate::audit
