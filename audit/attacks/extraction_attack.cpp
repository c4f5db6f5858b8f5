#include "audit/attacks/extraction_attack.h"

#include <algorithm>
#include <random>

#include "audit/attacks/errors.h"

namespace leakgate::audit {

namespace {

void RequireLengthsFit(const LanguageModel& model, const ExtractionOptions& options) {
  if (options.prefix_tokens == 0 || options.suffix_tokens == 0) {
    throw AttackInputError("extraction: prefix_tokens and suffix_tokens must be >= 1");
  }
  if (1 + options.prefix_tokens + options.suffix_tokens > model.context_length()) {
    throw AttackInputError("extraction: prefix_tokens + suffix_tokens = " +
                           std::to_string(options.prefix_tokens + options.suffix_tokens) +
                           " do not fit the model's context of " + std::to_string(model.context_length()) +
                           " tokens (begin token included); lower them");
  }
}

// The span (index of a consecutive prefix + suffix run of tokens) whose suffix has the most n-grams outside
// options.templates; the earliest on a tie. The text must hold at least one span.
std::size_t MostSpecificSpan(LanguageModel& model, const std::vector<TokenId>& tokens, const ExtractionOptions& options) {
  const std::size_t span_tokens = options.prefix_tokens + options.suffix_tokens;
  std::size_t best = 0, best_specific = 0;
  for (std::size_t span = 0; (span + 1) * span_tokens <= tokens.size(); ++span) {
    const TokenId* suffix = tokens.data() + span * span_tokens + options.prefix_tokens;
    const std::size_t specific =
        options.templates->SpecificNgrams(model.Decode(std::span<const TokenId>(suffix, options.suffix_tokens)));
    if (span == 0 || specific > best_specific) {
      best = span;
      best_specific = specific;
    }
  }
  return best;
}

}  // namespace

ExtractionRun RunExtraction(LanguageModel& model, std::span<const std::string> texts,
                            const ExtractionOptions& options) {
  RequireLengthsFit(model, options);
  const std::size_t span_tokens = options.prefix_tokens + options.suffix_tokens;
  ExtractionRun run;
  std::vector<std::vector<TokenId>> prefixes;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const std::vector<TokenId> tokens = model.Encode(texts[i]);
    if (tokens.size() < span_tokens) {
      ++run.too_short;
      continue;
    }
    ExtractionAttempt attempt;
    attempt.text_index = i;
    attempt.span = options.templates ? MostSpecificSpan(model, tokens, options) : 0;
    // Past the record's start the prompt is all the text before the suffix the context holds (at least the span's
    // prefix): what the model read before that text in training, as far as it can see.
    const std::size_t suffix_at = attempt.span * span_tokens + options.prefix_tokens;
    const std::size_t prompt_tokens =
        std::min(suffix_at, std::max(options.prefix_tokens, model.context_length() - 1 - options.suffix_tokens));
    const auto suffix_begin = tokens.begin() + static_cast<std::ptrdiff_t>(suffix_at);
    const auto prefix_begin = suffix_begin - static_cast<std::ptrdiff_t>(prompt_tokens);
    attempt.prefix.assign(prefix_begin, suffix_begin);
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

DiscoveryRun RunDiscovery(LanguageModel& model, std::span<const std::string> texts, const ExtractionOptions& options) {
  RequireLengthsFit(model, options);
  if (options.discovery_samples == 0 || options.discovery_spans == 0 ||
      !(options.discovery_probability > 0.0 && options.discovery_probability <= 1.0)) {
    throw AttackInputError("extraction: discovery needs samples >= 1, offsets >= 1 and a probability in (0, 1]");
  }
  const std::size_t span_tokens = options.prefix_tokens + options.suffix_tokens;
  std::mt19937_64 generator(options.seed);
  DiscoveryRun run;
  std::vector<std::string> scored_texts;  // every record with a span, up to its suffix's end, scored in one pass
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const std::vector<TokenId> tokens = model.Encode(texts[i]);
    const std::size_t count =
        options.templates ? tokens.size() / span_tokens : std::min(tokens.size() / span_tokens, options.discovery_spans);
    if (count == 0) {
      ++run.too_short;
      continue;
    }
    const std::size_t span = options.templates
                                  ? MostSpecificSpan(model, tokens, options)
                                  : std::uniform_int_distribution<std::size_t>(0, count - 1)(generator);
    // The text after the suffix changes nothing before it, so scoring stops there.
    scored_texts.push_back(model.Decode(std::span<const TokenId>(tokens.data(), (span + 1) * span_tokens)));
    run.records.push_back({.text_index = i, .spans = count, .span = span});
  }
  // The suffix is scored inside its record, as the model reads the record (and was trained on it): given the text
  // before it, not the span's prefix alone on a fresh context.
  const std::vector<std::vector<double>> log_probs = model.TokenLogProbs(scored_texts);
  for (std::size_t r = 0; r < run.records.size(); ++r) {
    DiscoveryRecord& record = run.records[r];
    const std::vector<double>& scored = log_probs[r];
    const std::size_t scored_tokens = (record.span + 1) * span_tokens;
    if (scored.size() != scored_tokens) {
      throw AttackInputError("extraction: the model scored a " + std::to_string(scored_tokens) + "-token text as " +
                             std::to_string(scored.size()) + " tokens (its Decode and Encode do not round-trip)");
    }
    const std::size_t suffix_begin = record.span * span_tokens + options.prefix_tokens;
    for (std::size_t t = suffix_begin; t < suffix_begin + options.suffix_tokens; ++t) record.log_likelihood += scored[t];
    record.probability = discovery_probability(std::min(0.0, record.log_likelihood), options.discovery_samples);
    record.discoverable = record.probability >= options.discovery_probability;
  }
  return run;
}

}  // namespace leakgate::audit
