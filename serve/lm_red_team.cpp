#include "serve/lm_red_team.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "audit/attacks/last_layer.h"
#include "audit/metrics/stats.h"
#include "common/errors.h"
#include "common/log.h"
#include "serve/red_team_client.h"

namespace leakgate::serve {
namespace {

RedTeamCheck WidthHidden(const WidthExtraction& extraction, std::size_t true_width) {
  RedTeamCheck check;
  check.name = "width_hidden:" + std::to_string(extraction.budget);
  check.passed = !extraction.width_recovered;
  check.measured = extraction.width ? static_cast<double>(*extraction.width) : 0.0;
  check.threshold = static_cast<double>(true_width);
  if (extraction.width_recovered) {
    char error[32];
    std::snprintf(error, sizeof error, "%.2g", extraction.subspace_error.value_or(1.0));
    check.detail = std::to_string(extraction.budget) + " prompts recovered the hidden width " +
                   std::to_string(true_width) + " and the output layer's span (largest angle's sine " + error + ")";
  } else if (extraction.width) {
    check.detail = std::to_string(extraction.budget) + " prompts gave a width estimate of " +
                   std::to_string(*extraction.width) + ", not the true " + std::to_string(true_width) + " (" +
                   std::to_string(extraction.stacked_tokens) + " tokens stackable)";
  } else {
    check.detail = std::to_string(extraction.budget) + " prompts: " + extraction.reason;
  }
  return check;
}

// The first `bytes` bytes of `text`, shortened to end on a UTF-8 character boundary.
std::string Opening(const std::string& text, std::size_t bytes) {
  std::size_t end = std::min(bytes, text.size());
  while (end > 0 && end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

// `text` as a client receives it in a JSON answer: invalid UTF-8 sequences replaced by U+FFFD.
std::string AsServed(const std::string& text) {
  const std::string encoded =
      nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return nlohmann::json::parse(encoded).get<std::string>();
}

// The door's answer to a completion of `prompt` as `key`, up to `max_tokens` tokens at the red team's temperature,
// with `logprobs` log-probabilities per step when above 0; nullopt when refused for good.
std::optional<nlohmann::json> CompleteThroughDoor(httplib::Client& client, std::atomic<double>& clock,
                                                  const std::string& key, const std::string& prompt,
                                                  std::size_t max_tokens, std::size_t logprobs,
                                                  const LanguageModelRedTeamOptions& options, double& waited) {
  nlohmann::json body = {{"prompt", prompt}, {"max_tokens", max_tokens}, {"temperature", options.temperature}};
  if (logprobs > 0) body["logprobs"] = logprobs;
  const httplib::Result answer = PostWaitingOutLimits(client, clock, key, "/v1/complete", body.dump(), waited);
  if (answer->status != 200) return std::nullopt;
  return nlohmann::json::parse(answer->body);
}

// The distilling attacker's answer to `prompt` through the door, as a text for its student: with `logprobs` > 0 it asks
// for that many log-probabilities per step and as many tokens as one request of the tier can be admitted for (each
// costs a text per token), and reads the completion from the answer's token ids, which the served text (whose cut
// UTF-8 characters are replaced) may not spell. Nullopt when refused for good.
std::optional<StudentText> AnswerToDistil(httplib::Client& client, std::atomic<double>& clock, const std::string& key,
                                          const std::string& prompt, const Tier& tier,
                                          const LanguageModelRedTeamOptions& options, std::size_t logprobs,
                                          const audit::LanguageModel& model, double& waited) {
  const std::size_t admissible = static_cast<std::size_t>(std::max(1.0, std::floor(tier.limit.burst)));
  const std::size_t max_tokens =
      logprobs > 0 ? std::min(tier.completion.max_tokens, admissible) : tier.completion.max_tokens;
  const std::optional<nlohmann::json> answer =
      CompleteThroughDoor(client, clock, key, prompt, max_tokens, logprobs, options, waited);
  if (!answer) return std::nullopt;
  const nlohmann::json& reply = *answer;
  StudentText student;
  student.text = prompt;
  student.prompt_tokens = model.Encode(prompt).size();
  student.cut = reply.at("finish_reason").get<std::string>() != "stop";
  if (logprobs == 0) {
    student.text += reply.at("completion").get<std::string>();
    return student;
  }
  std::vector<audit::TokenId> generated;
  for (const nlohmann::json& step : reply.at("logprobs")) {
    const audit::TokenId drawn = step.at("token_id").get<audit::TokenId>();
    if (drawn != model.end_token()) generated.push_back(drawn);
    std::vector<TokenLogProb>& revealed = student.revealed.emplace_back();
    for (const nlohmann::json& entry : step.at("top")) {
      revealed.push_back({entry.at("token_id").get<audit::TokenId>(), entry.at("logprob").get<double>()});
    }
  }
  student.text += model.Decode(generated);
  return student;
}

// `model`'s own completion of `prompt` without the watermark, drawn as the tier would draw it, as served. Byte-level
// completions may end inside a UTF-8 character, which a served answer replaces: both sides are compared as served.
std::string OwnCompletion(audit::LanguageModel& model, const std::string& prompt, const Tier& tier,
                          const LanguageModelRedTeamOptions& options, std::uint64_t seed) {
  CompletionPolicy unwatermarked = tier.completion;
  unwatermarked.watermark = false;
  CompletionRequest request;
  request.prompt = model.Encode(prompt);
  request.max_tokens = tier.completion.max_tokens;
  request.temperature = options.temperature;
  return AsServed(model.Decode(Complete(model, request, unwatermarked, seed).tokens));
}

// "N <texts> pooled (S distinct scored tokens, G% green): p = P; A carry it alone".
std::string PooledDetail(const std::string& texts, const watermark::Detection& pooled, std::size_t alone) {
  const double green_share =
      static_cast<double>(pooled.green) / static_cast<double>(std::max<std::size_t>(1, pooled.scored));
  char line[200];
  std::snprintf(line, sizeof line, " pooled (%zu distinct scored tokens, %.0f%% green): p = %.3g; %zu carry it alone",
                pooled.scored, 100.0 * green_share, pooled.p_value, alone);
  return texts + line;
}

// Perplexity of each continuation (its tokens after its prompt's) under `model`, all pooled.
double ContinuationPerplexity(audit::LanguageModel& model, const std::vector<std::string>& prompts,
                              const std::vector<std::string>& continuations) {
  std::vector<std::string> texts;
  for (std::size_t i = 0; i < prompts.size(); ++i) texts.push_back(prompts[i] + continuations[i]);
  const std::vector<std::vector<double>> log_probs = model.TokenLogProbs(texts);
  double total = 0.0;
  std::size_t tokens = 0;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    for (std::size_t t = model.Encode(prompts[i]).size(); t < log_probs[i].size(); ++t) {
      total -= log_probs[i][t];
      ++tokens;
    }
  }
  return tokens == 0 ? 0.0 : std::exp(total / static_cast<double>(tokens));
}

// The watermark as the tier's customers receive it: held-out openings completed through the door by customer keys
// (a key per 50 prompts, under the volume a monitor expects of a customer), then the same prompts completed by the
// model without the watermark, and the held-out texts, as text that must not verify.
WatermarkMeasurement MeasureWatermark(httplib::Client& client, std::atomic<double>& clock,
                                      const std::vector<std::string>& customer_keys, audit::LanguageModel& model,
                                      const Tier& tier, const watermark::Watermark& mark,
                                      std::span<const std::string> held_out,
                                      const LanguageModelRedTeamOptions& options) {
  WatermarkMeasurement measurement;
  measurement.false_positive_rate = options.false_positive_rate;
  std::vector<std::string> prompts, served, own;
  watermark::Detector pooled(mark);
  std::vector<double> tokens_to_detect;
  std::size_t served_tokens = 0;
  double waited = 0.0;
  for (const std::string& text : held_out) {
    if (prompts.size() == options.watermark_prompts) break;
    const std::string prompt = Opening(text, options.prompt_bytes);
    if (prompt.empty() || prompt.size() == text.size()) continue;
    const std::optional<nlohmann::json> answer = CompleteThroughDoor(
        client, clock, customer_keys[prompts.size() / 50], prompt, tier.completion.max_tokens, 0, options, waited);
    if (!answer) continue;
    const std::string completion = answer->at("completion").get<std::string>();
    const std::vector<audit::TokenId> tokens = model.Encode(completion);
    const watermark::Detection detection = mark.Detect(tokens);
    measurement.detected += detection.p_value <= options.false_positive_rate;
    if (const auto needed = mark.TokensToDetect(tokens, options.false_positive_rate)) {
      tokens_to_detect.push_back(static_cast<double>(*needed));
    }
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      pooled.AddToken(tokens, i);
      ++served_tokens;
      if (!measurement.pooled_tokens_to_detect && pooled.Result().p_value <= options.false_positive_rate)
        measurement.pooled_tokens_to_detect = served_tokens;
    }
    own.push_back(OwnCompletion(model, prompt, tier, options, options.seed + prompts.size()));
    measurement.unwatermarked_detected +=
        mark.Detect(model.Encode(own.back())).p_value <= options.false_positive_rate;
    prompts.push_back(prompt);
    served.push_back(completion);
  }
  measurement.completions = served.size();
  measurement.mean_tokens = served.empty() ? 0.0 : static_cast<double>(served_tokens) / served.size();
  measurement.pooled = pooled.Result();
  if (!tokens_to_detect.empty()) {
    std::sort(tokens_to_detect.begin(), tokens_to_detect.end());
    measurement.median_tokens_to_detect = audit::quantile_of_sorted(tokens_to_detect, 0.5);
  }
  for (const std::string& text : held_out) {
    measurement.unwatermarked_detected += mark.Detect(model.Encode(text)).p_value <= options.false_positive_rate;
  }
  measurement.unwatermarked = own.size() + held_out.size();
  measurement.perplexity_served = ContinuationPerplexity(model, prompts, served);
  measurement.perplexity_unwatermarked = ContinuationPerplexity(model, prompts, own);
  return measurement;
}

// Consecutive windows of about `bytes` bytes of `text`, each on UTF-8 character boundaries and each with text after
// it: the prompts an attacker cuts from text of its own.
std::vector<std::string> Windows(const std::string& text, std::size_t bytes) {
  std::vector<std::string> windows;
  std::size_t begin = 0;
  while (begin + bytes < text.size()) {
    std::string window = Opening(text.substr(begin), bytes);
    if (window.empty()) break;
    begin += window.size();
    windows.push_back(std::move(window));
  }
  return windows;
}

struct StudentScore {
  std::size_t positions = 0;
  double agreement = 0.0;
  double kl = 0.0;
  double model_loss = 0.0;
  double student_loss = 0.0;
};

// Scores the student against the model at every position of the held-out texts after their first prompt_bytes
// tokens (as far as the context reaches): the same most probable next token, the KL divergence, and both losses.
StudentScore ScoreStudent(audit::LanguageModel& model, audit::LanguageModel& student,
                          std::span<const std::string> evaluation, std::size_t prompt_bytes) {
  std::vector<std::vector<audit::TokenId>> prefixes;
  std::vector<audit::TokenId> next;
  for (const std::string& text : evaluation) {
    const std::vector<audit::TokenId> tokens = model.Encode(text);
    const std::size_t end = std::min(tokens.size(), std::min(model.context_length(), student.context_length()) - 1);
    for (std::size_t t = prompt_bytes; t < end; ++t) {
      prefixes.emplace_back(tokens.begin(), tokens.begin() + static_cast<std::ptrdiff_t>(t));
      next.push_back(tokens[t]);
    }
  }
  constexpr std::size_t kBatch = 256;
  std::size_t agreed = 0;
  double kl = 0.0, model_loss = 0.0, student_loss = 0.0;
  for (std::size_t begin = 0; begin < prefixes.size(); begin += kBatch) {
    const std::span<const std::vector<audit::TokenId>> batch =
        std::span(prefixes).subspan(begin, std::min(kBatch, prefixes.size() - begin));
    const std::vector<std::vector<double>> target = model.NextTokenLogProbs(batch);
    const std::vector<std::vector<double>> copy = student.NextTokenLogProbs(batch);
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const auto& p = target[i];
      const auto& q = copy[i];
      agreed += std::max_element(p.begin(), p.end()) - p.begin() == std::max_element(q.begin(), q.end()) - q.begin();
      for (std::size_t token = 0; token < p.size() && token < q.size(); ++token) {
        if (std::isfinite(p[token])) kl += std::exp(p[token]) * (p[token] - q[token]);
      }
      model_loss -= p[static_cast<std::size_t>(next[begin + i])];
      student_loss -= q[static_cast<std::size_t>(next[begin + i])];
    }
  }
  const double positions = static_cast<double>(std::max<std::size_t>(1, prefixes.size()));
  return {prefixes.size(), static_cast<double>(agreed) / positions, kl / positions, model_loss / positions,
          student_loss / positions};
}

// The distillation clone: an attacker's keys (a key per 50 prompts) complete windows of the first half of the held-out
// texts through the door; the student learns the completions given their prompts; it is scored on the second half,
// and, when `mark` is given, its own completions of the second half's openings are tested for the watermark.
DistillationClone Distil(httplib::Client& client, std::atomic<double>& clock, const std::vector<std::string>& keys,
                         audit::LanguageModel& model, const Tier& tier, std::span<const std::string> held_out,
                         const LanguageModelRedTeamOptions& options, const StudentTrainer& train_student,
                         const watermark::Watermark* mark) {
  DistillationClone clone;
  // The attacker asks for every log-probability the tier returns: a distribution per step teaches more than a token.
  const std::size_t logprobs = std::min(tier.completion.top_logprobs, model.vocab_size());
  if (logprobs > 0) clone.targets = "top-" + std::to_string(logprobs) + " log-probabilities";
  const std::size_t half = held_out.size() / 2;
  std::vector<StudentText> prompts, texts;
  std::vector<std::size_t> answered_within;  // [q]: completions among the first q + 1 queries
  for (std::size_t i = 0; i < half && clone.queries < options.distillation_queries; ++i) {
    for (const std::string& prompt : Windows(held_out[i], options.prompt_bytes)) {
      if (clone.queries == options.distillation_queries) break;
      std::optional<StudentText> answered = AnswerToDistil(client, clock, keys[clone.queries / 50], prompt, tier,
                                                           options, logprobs, model, clone.seconds_waited);
      ++clone.queries;
      if (answered) {
        prompts.push_back({prompt, 0, {}, true});  // all of it learnt, but for an end: what the attacker's text teaches
        clone.training_bytes += answered->text.size();
        texts.push_back(std::move(*answered));
      }
      answered_within.push_back(texts.size());
    }
  }
  if (texts.empty()) return clone;
  const std::vector<std::string> evaluation(held_out.begin() + static_cast<std::ptrdiff_t>(half), held_out.end());
  common::LogInfo("redteam: distilling a student from " + std::to_string(texts.size()) + " completions (" +
                  std::to_string(clone.training_bytes) + " bytes; learning the " + clone.targets + ")");
  const StudentScore baseline = ScoreStudent(model, *train_student(prompts), evaluation,
                                            options.prompt_bytes);
  clone.baseline_agreement = baseline.agreement;
  clone.baseline_loss = baseline.student_loss;
  // With revealed distributions, each budget's student of the same completions' text alone shows what they add.
  const auto text_only_agreement = [&](std::span<const StudentText> students) -> std::optional<double> {
    if (logprobs == 0) return std::nullopt;
    std::vector<StudentText> text_only;
    for (const StudentText& student : students) {
      text_only.push_back({student.text, student.prompt_tokens, {}, student.cut});
    }
    return ScoreStudent(model, *train_student(text_only), evaluation, options.prompt_bytes).agreement;
  };
  for (const std::size_t budget : options.distillation_curve) {
    if (budget == 0 || budget >= clone.queries || answered_within[budget - 1] == 0) continue;
    const std::vector<StudentText> first(texts.begin(),
                                         texts.begin() + static_cast<std::ptrdiff_t>(answered_within[budget - 1]));
    const StudentScore point = ScoreStudent(model, *train_student(first), evaluation, options.prompt_bytes);
    clone.curve.push_back({budget, point.agreement, point.kl, point.student_loss, text_only_agreement(first)});
  }
  const std::optional<double> text_only = text_only_agreement(texts);
  const std::unique_ptr<audit::LanguageModel> student = train_student(texts);
  const StudentScore score = ScoreStudent(model, *student, evaluation, options.prompt_bytes);
  clone.curve.push_back({clone.queries, score.agreement, score.kl, score.student_loss, text_only});
  clone.positions = score.positions;
  clone.agreement = score.agreement;
  clone.kl = score.kl;
  clone.model_loss = score.model_loss;
  clone.student_loss = score.student_loss;
  if (mark == nullptr) return clone;
  watermark::Detector pooled(*mark);
  for (const std::string& text : evaluation) {
    const std::string prompt = Opening(text, options.prompt_bytes);
    if (prompt.empty() || prompt.size() == text.size()) continue;
    if (student->Encode(prompt).size() + 1 > student->context_length()) continue;
    const std::vector<audit::TokenId> tokens = student->Encode(
        OwnCompletion(*student, prompt, tier, options, options.seed + clone.student_completions));
    ++clone.student_completions;
    clone.student_completions_detected += mark->Detect(tokens).p_value <= options.false_positive_rate;
    pooled.AddText(tokens);
  }
  clone.student_watermark = pooled.Result();
  return clone;
}

std::vector<RedTeamCheck> CloneChecks(const DistillationClone& clone, const LanguageModelRedTeamOptions& options) {
  char line[512];
  RedTeamCheck agreement;
  agreement.name = "clone_agreement";
  agreement.threshold = options.max_clone_agreement;
  if (clone.curve.empty()) {
    // Nothing to distil: a tier that answered none of the queries defends; no query at all measured nothing.
    agreement.passed = clone.queries > 0;
    agreement.detail = clone.queries > 0 ? "the tier completed none of the " + std::to_string(clone.queries) +
                                               " prompts sent: no student to train"
                                         : "no prompt of " + std::to_string(options.prompt_bytes) +
                                               " bytes could be cut from the held-out texts: nothing measured";
    return {agreement};
  }
  // The attacker keeps whichever student came closest: the best point of the curve, not necessarily the last.
  const CloneCurvePoint best = *std::max_element(
      clone.curve.begin(), clone.curve.end(),
      [](const CloneCurvePoint& a, const CloneCurvePoint& b) { return a.agreement < b.agreement; });
  agreement.passed = best.agreement < options.max_clone_agreement;
  agreement.measured = best.agreement;
  std::snprintf(line, sizeof line,
                "the closest student, distilled from the %s of the first %zu of %zu queries, picks the "
                "model's next token at %.1f%% of %zu held-out positions; the one of all %zu queries (%zu bytes): "
                "%.1f%% (%.1f%% from the prompts alone; KL %.3f nats; loss %.3f against the model's %.3f)",
                clone.targets == "text" ? "completions" : clone.targets.c_str(), best.queries, clone.queries,
                100.0 * best.agreement, clone.positions, clone.queries, clone.training_bytes,
                100.0 * clone.agreement, 100.0 * clone.baseline_agreement, clone.kl, clone.student_loss,
                clone.model_loss);
  agreement.detail = line;
  if (best.text_only_agreement) {
    std::snprintf(line, sizeof line, "; from the text alone of the same %zu completions: %.1f%%", best.queries,
                  100.0 * *best.text_only_agreement);
    agreement.detail += line;
  }
  if (!clone.student_watermark) return {agreement};
  RedTeamCheck carried;
  carried.name = "watermark_in_clone";
  carried.passed = clone.student_watermark->p_value <= options.false_positive_rate;
  carried.measured = clone.student_watermark->p_value;
  carried.threshold = options.false_positive_rate;
  carried.detail = PooledDetail("the student of all " + std::to_string(clone.queries) + " queries: its " +
                                    std::to_string(clone.student_completions) + " completions",
                                *clone.student_watermark, clone.student_completions_detected);
  return {agreement, carried};
}

std::vector<RedTeamCheck> WatermarkChecks(const WatermarkMeasurement& measurement) {
  RedTeamCheck detected;
  detected.name = "watermark_detected";
  detected.passed = measurement.completions > 0 && measurement.pooled.p_value <= measurement.false_positive_rate;
  detected.measured = measurement.pooled.p_value;
  detected.threshold = measurement.false_positive_rate;
  detected.detail = PooledDetail(std::to_string(measurement.completions) + " served completions", measurement.pooled,
                                 measurement.detected);
  char line[256];
  RedTeamCheck false_positives;
  false_positives.name = "watermark_false_positives";
  false_positives.passed = measurement.unwatermarked_detected == 0;
  false_positives.measured = static_cast<double>(measurement.unwatermarked_detected);
  false_positives.threshold = 0.0;
  std::snprintf(line, sizeof line, "%zu of %zu texts written without the watermark called watermarked at p <= %.3g",
                measurement.unwatermarked_detected, measurement.unwatermarked, measurement.false_positive_rate);
  false_positives.detail = line;
  return {detected, false_positives};
}

}  // namespace

LanguageModelRedTeamResult RunLanguageModelRedTeam(ServeSettings settings, audit::LanguageModel& model,
                                                   const TrueOutputLayer& truth, std::span<const std::string> held_out,
                                                   const LanguageModelRedTeamOptions& options,
                                                   const std::filesystem::path& work_dir,
                                                   const StudentTrainer& train_student) {
  const auto started = std::chrono::steady_clock::now();
  const auto tier = std::find_if(settings.tiers.begin(), settings.tiers.end(),
                                 [&](const Tier& candidate) { return candidate.name == options.tier; });
  if (tier == settings.tiers.end())
    throw common::InputError("redteam: the serving config has no tier '" + options.tier + "'");
  if (truth.columns == 0 || truth.values.size() != model.vocab_size() * truth.columns)
    throw common::InputError("redteam: the output layer has " + std::to_string(truth.values.size()) +
                             " values, not one row per token of the model's " + std::to_string(model.vocab_size()) +
                             "-token vocabulary");
  const bool watermarks = tier->completion.watermark;
  if (watermarks && held_out.empty())
    throw common::InputError("redteam: tier '" + options.tier + "' watermarks its completions, and measuring the "
                             "watermark needs held-out texts; none were given");
  const bool distils = train_student && options.distillation_queries > 0;
  if (distils && held_out.size() < 2)
    throw common::InputError("redteam: the distillation clone needs held-out texts to query with and to score on");
  // The red team's own key, for any tier that watermarks (the server needs it): detection needs it, and the operator's
  // is not the red team's to hold. Fixed by the seed, as the server's secret is: under one byte of context, how many
  // single completions verify depends much on the key, and a rerun must measure the same.
  if (WatermarksAnyTier(settings))
    settings.watermark_key = "leakgate-red-team-watermark-" + std::to_string(options.seed) + "-0123456789abcdef";
  LanguageModelRedTeamResult result;
  result.tier = options.tier;
  result.policy = tier->completion.Describe();
  result.true_width = truth.width;
  // As many log-probabilities per answer as the tier returns: the most an attacker with its key can see.
  const std::size_t asked_logprobs = std::min(tier->completion.top_logprobs, model.vocab_size());

  KeyStore keys;
  std::vector<std::string> extractor_keys;
  for (std::size_t b = 0; b < options.width_multiples.size(); ++b) {
    extractor_keys.push_back(keys.Add("extractor" + std::to_string(b), options.tier));
  }
  std::vector<std::string> customer_keys;
  for (std::size_t c = 0; watermarks && c * 50 < options.watermark_prompts; ++c) {
    customer_keys.push_back(keys.Add("customer" + std::to_string(c), options.tier));
  }
  std::vector<std::string> distiller_keys;
  for (std::size_t c = 0; distils && c * 50 < options.distillation_queries; ++c) {
    distiller_keys.push_back(keys.Add("distiller" + std::to_string(c), options.tier));
  }
  std::filesystem::create_directories(work_dir);
  settings.host = "127.0.0.1";
  settings.port = 0;
  settings.request_log = work_dir / "redteam-lm-requests.jsonl";
  settings.request_log_max_bytes = std::uint64_t{1} << 40;  // one file: the monitor's flags are read back from it
  std::filesystem::remove(settings.request_log);
  std::atomic<double> clock{kSimulatedStart};
  const std::string secret = "leakgate-red-team-secret-" + std::to_string(options.seed) + "-0123456789abcdef";
  Door door(settings, keys, model, secret, clock);
  httplib::Client& client = door.client;

  // A watermarking tier biases the next token once the prompt fills the watermark's context: that context-dependent
  // term would blur the singular-value drop, so the attacker, like a real one, keeps its prompts shorter.
  const std::size_t extraction_prompt_tokens =
      watermarks ? std::clamp<std::size_t>(settings.watermark.context_tokens - 1, 1, 12) : 12;
  for (std::size_t b = 0; b < options.width_multiples.size(); ++b) {
    WidthExtraction extraction;
    extraction.budget = options.width_multiples[b] * truth.width;
    const audit::LogProbOracle api = [&](const std::vector<audit::TokenId>& prompt) {
      nlohmann::json body = {{"prompt", model.Decode(prompt)}, {"max_tokens", 1}};
      if (asked_logprobs > 0) body["logprobs"] = asked_logprobs;
      const httplib::Result answer = PostWaitingOutLimits(client, clock, extractor_keys[b], "/v1/complete",
                                                          body.dump(), extraction.seconds_waited);
      audit::RevealedLogProbs revealed;
      if (answer->status != 200) return revealed;  // refused for good (403, or a request no wait can admit)
      const nlohmann::json reply = nlohmann::json::parse(answer->body);
      if (!reply.contains("logprobs") || reply["logprobs"].empty()) return revealed;
      for (const nlohmann::json& entry : reply["logprobs"][0]["top"]) {
        revealed.emplace_back(entry["token_id"].get<audit::TokenId>(), entry["logprob"].get<double>());
      }
      return revealed;
    };
    const audit::LastLayerResult attack = audit::ExtractLastLayer(
        api, {.queries = extraction.budget, .prompt_tokens = extraction_prompt_tokens, .seed = options.seed + b});
    extraction.answered = attack.answered;
    extraction.most_revealed = attack.most_revealed;
    extraction.stacked_tokens = attack.columns.size();
    extraction.width = attack.width;
    extraction.gap = attack.gap;
    extraction.singular_values.assign(
        attack.singular_values.begin(),
        attack.singular_values.begin() +
            static_cast<std::ptrdiff_t>(std::min(attack.singular_values.size(), 2 * truth.width)));
    extraction.reason = attack.reason;
    extraction.width_recovered = attack.width == truth.width;
    if (attack.width) extraction.subspace_error = audit::SubspaceError(attack, truth.values, truth.columns);
    common::LogInfo("redteam: last-layer extraction with " + std::to_string(extraction.budget) + " prompts: " +
                    (attack.width ? "width estimate " + std::to_string(*attack.width) + " (true " +
                                        std::to_string(truth.width) + ")"
                                  : attack.reason));
    result.extractions.push_back(std::move(extraction));
  }
  for (const WidthExtraction& extraction : result.extractions) {
    result.checks.push_back(WidthHidden(extraction, truth.width));
  }
  std::optional<watermark::Watermark> mark;
  if (watermarks) {
    mark.emplace(settings.watermark_key, settings.watermark);
    result.watermark = MeasureWatermark(client, clock, customer_keys, model, *tier, *mark, held_out, options);
    for (RedTeamCheck& check : WatermarkChecks(*result.watermark)) result.checks.push_back(std::move(check));
    common::LogInfo("redteam: watermark: " + result.checks.end()[-2].detail + "; " + result.checks.back().detail);
  }
  if (distils) {
    result.clone = Distil(client, clock, distiller_keys, model, *tier, held_out, options, train_student,
                          mark ? &*mark : nullptr);
    for (RedTeamCheck& check : CloneChecks(*result.clone, options)) {
      common::LogInfo("redteam: " + check.name + ": " + check.detail);
      result.checks.push_back(std::move(check));
    }
  }
  // What the operator's monitor made of each attacker, read from the request log as the operator would.
  std::map<std::string, std::string> owner_of_key;
  for (std::size_t b = 0; b < result.extractions.size(); ++b) {
    owner_of_key["extractor" + std::to_string(b)] = "extraction" + std::to_string(b);
  }
  for (std::size_t c = 0; c < distiller_keys.size(); ++c) owner_of_key["distiller" + std::to_string(c)] = "distiller";
  const std::map<std::string, FlagHistory> flags = FlagHistories(ReadRequestLog(settings.request_log), owner_of_key);
  for (std::size_t b = 0; b < result.extractions.size(); ++b) {
    if (const auto found = flags.find("extraction" + std::to_string(b)); found != flags.end()) {
      result.extractions[b].prompts_until_flag = found->second.texts_until_flag;
      result.extractions[b].flagged_by = found->second.first_flag;
    }
  }
  if (result.clone) {
    result.clone->keys = distiller_keys.size();
    if (const auto found = flags.find("distiller"); found != flags.end()) {
      result.clone->queries_until_flag = found->second.texts_until_flag;
      result.clone->flagged_by = found->second.first_flag;
      result.clone->keys_flagged = found->second.keys_flagged;
    }
  }
  result.passed = std::all_of(result.checks.begin(), result.checks.end(),
                              [](const RedTeamCheck& check) { return check.passed; });
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

void to_json(nlohmann::json& j, const WidthExtraction& extraction) {
  j = {{"budget", extraction.budget},
       {"answered", extraction.answered},
       {"most_revealed", extraction.most_revealed},
       {"stacked_tokens", extraction.stacked_tokens},
       {"width", extraction.width ? nlohmann::json(*extraction.width) : nlohmann::json()},
       {"gap", extraction.gap},
       {"singular_values", extraction.singular_values},
       {"width_recovered", extraction.width_recovered},
       {"subspace_error", extraction.subspace_error ? nlohmann::json(*extraction.subspace_error) : nlohmann::json()},
       {"seconds_waited", extraction.seconds_waited},
       {"prompts_until_flag",
        extraction.prompts_until_flag ? nlohmann::json(*extraction.prompts_until_flag) : nlohmann::json()},
       {"flagged_by", extraction.flagged_by}};
  if (!extraction.reason.empty()) j["reason"] = extraction.reason;
}

void to_json(nlohmann::json& j, const WatermarkMeasurement& measurement) {
  const auto optional = [](const auto& value) { return value ? nlohmann::json(*value) : nlohmann::json(); };
  j = {{"false_positive_rate", measurement.false_positive_rate},
       {"completions", measurement.completions},
       {"mean_tokens", measurement.mean_tokens},
       {"detected", measurement.detected},
       {"median_tokens_to_detect", optional(measurement.median_tokens_to_detect)},
       {"pooled", {{"scored", measurement.pooled.scored},
                   {"green", measurement.pooled.green},
                   {"z", measurement.pooled.z},
                   {"p_value", measurement.pooled.p_value}}},
       {"pooled_tokens_to_detect", optional(measurement.pooled_tokens_to_detect)},
       {"unwatermarked", measurement.unwatermarked},
       {"unwatermarked_detected", measurement.unwatermarked_detected},
       {"perplexity_served", measurement.perplexity_served},
       {"perplexity_unwatermarked", measurement.perplexity_unwatermarked}};
}

void to_json(nlohmann::json& j, const DistillationClone& clone) {
  j = {{"targets", clone.targets},
       {"queries", clone.queries},
       {"training_bytes", clone.training_bytes},
       {"positions", clone.positions},
       {"agreement", clone.agreement},
       {"kl", clone.kl},
       {"model_loss", clone.model_loss},
       {"student_loss", clone.student_loss},
       {"baseline_agreement", clone.baseline_agreement},
       {"baseline_loss", clone.baseline_loss},
       {"seconds_waited", clone.seconds_waited},
       {"keys", clone.keys},
       {"queries_until_flag", clone.queries_until_flag ? nlohmann::json(*clone.queries_until_flag) : nlohmann::json()},
       {"flagged_by", clone.flagged_by},
       {"keys_flagged", clone.keys_flagged},
       {"curve", nlohmann::json::array()}};
  for (const CloneCurvePoint& point : clone.curve) {
    j["curve"].push_back({{"queries", point.queries},
                          {"agreement", point.agreement},
                          {"kl", point.kl},
                          {"student_loss", point.student_loss},
                          {"text_only_agreement",
                           point.text_only_agreement ? nlohmann::json(*point.text_only_agreement) : nullptr}});
  }
  if (clone.student_watermark) {
    j["student_watermark"] = {{"completions", clone.student_completions},
                              {"detected", clone.student_completions_detected},
                              {"scored", clone.student_watermark->scored},
                              {"green", clone.student_watermark->green},
                              {"z", clone.student_watermark->z},
                              {"p_value", clone.student_watermark->p_value}};
  }
}

void to_json(nlohmann::json& j, const LanguageModelRedTeamResult& result) {
  j = {{"tier", result.tier},
       {"policy", result.policy},
       {"attack", "last-layer extraction (Carlini et al. 2024)"},
       {"true_width", result.true_width},
       {"extractions", result.extractions},
       {"watermark", result.watermark ? nlohmann::json(*result.watermark) : nlohmann::json()},
       {"clone", result.clone ? nlohmann::json(*result.clone) : nlohmann::json()},
       {"checks", result.checks},
       {"passed", result.passed},
       {"seconds", result.seconds}};
}

}  // namespace leakgate::serve
