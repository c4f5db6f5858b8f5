// The red team against a served language model: the last-layer extraction attack (audit/attacks/last_layer.h) sent
// through the guarded server's POST /v1/complete with a key of the tier under test, so that it receives what that
// tier's callers receive: one next token per prompt, with as many log-probabilities as the tier returns, rounded as
// it rounds them. With full log-probabilities a little more than the model's width in prompts recovers that width
// (Carlini et al. 2024); a tier that protects it must hold at 2 and at 40 times the width. When the tier watermarks its
// completions, customers' prompts completed through the door are tested for the watermark, against completions of the
// same prompts without it and the held-out texts themselves, and the watermark's cost in perplexity is measured.
// With a student trainer, an attacker distils a student from the tier's completions (Gu et al. 2024's sampling-based
// distillation), and from their top-k log-probabilities when the tier returns them: its next-token agreement with the
// model on held-out text and, when the tier watermarks, whether the student's own text carries the watermark.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "audit/model.h"
#include "serve/completion.h"
#include "serve/red_team.h"
#include "serve/server.h"

namespace leakgate::serve {

struct LanguageModelRedTeamOptions {
  std::string tier;  // the extraction's keys belong to this tier of the serving settings
  std::uint64_t seed = 0;
  std::vector<std::size_t> width_multiples{2, 40};  // the budgets, in prompts per unit of the model's width
  // The watermark measurement: prompts (held-out texts' first prompt_bytes bytes) sent by customers of the tier, each
  // completion sampled at `temperature` and as long as the tier allows, and the false-positive rate detection is
  // held to.
  std::size_t watermark_prompts = 200;
  // The distillation clone: prompts (prompt_bytes-long windows of the first half of the held-out texts) completed
  // through the door, on which the student trains; 0: no clone. Scored on the second half.
  std::size_t distillation_queries = 400;
  // Smaller budgets at which students also train, on the first completions, for the clone's fidelity against queries.
  std::vector<std::size_t> distillation_curve{100, 200};
  double max_clone_agreement = 0.8;  // the check's threshold (RedTeamGate::max_clone_agreement)
  std::size_t prompt_bytes = 32;
  double temperature = 1.0;
  double false_positive_rate = 1e-6;
};

// The model's true output layer, which the extraction is scored against: for each token id, the head's weights and
// bias (`columns` values per row, row-major), and the hidden width.
struct TrueOutputLayer {
  std::span<const double> values;
  std::size_t columns = 0;
  std::size_t width = 0;
};

struct WidthExtraction {
  std::size_t budget = 0;               // prompts asked
  std::size_t answered = 0;             // answers that revealed log-probabilities
  std::size_t most_revealed = 0;        // the most log-probabilities one answer revealed
  std::size_t stacked_tokens = 0;       // tokens in every answer: the columns the attack could stack
  std::optional<std::size_t> width;     // the attack's estimate of the hidden width
  double gap = 0.0;                     // the singular-value drop it read the estimate from
  std::vector<double> singular_values;  // the largest, up to twice the true width (where the drop should be)
  bool width_recovered = false;         // the estimate is the true width
  std::optional<double> subspace_error; // sine of the largest angle to the true output layer's span
  double seconds_waited = 0.0;          // simulated time the rate limits made the attacker wait
  std::string reason;                   // why the attack had nothing to stack, when it had not
  std::optional<std::size_t> prompts_until_flag;  // answered up to the one the monitor first flagged, if any
  std::string flagged_by;                         // that flag's signal
};

// The watermark of a tier, measured on what its customers receive.
struct WatermarkMeasurement {
  double false_positive_rate = 0.0;
  std::size_t completions = 0;         // served completions tested
  double mean_tokens = 0.0;            // their mean length in tokens
  std::size_t detected = 0;            // of them, watermarked at the false-positive rate on their own
  std::optional<double> median_tokens_to_detect;  // over those detected: the tokens each needed
  watermark::Detection pooled;         // all of them tested as one text
  std::optional<std::size_t> pooled_tokens_to_detect;  // tokens of the completions, in order, the pooled test needed
  std::size_t unwatermarked = 0;       // texts written without the watermark (the model's own completions of the
                                       // same prompts, and the held-out texts) tested
  std::size_t unwatermarked_detected = 0;  // of them, called watermarked: false positives
  double perplexity_served = 0.0;      // of the served completions' tokens under the model without the watermark
  double perplexity_unwatermarked = 0.0;  // of the model's own completions of the same prompts
};

// A text the attacker's student trains on: a prompt (prompt_tokens of the model's tokens) and the door's completion of
// it, or the prompt alone. When the tier returns log-probabilities, `revealed` holds, for each generated step, the
// most probable next tokens the answer named, in the model's token ids: step i's distribution is that of token
// prompt_tokens + i of Encode(text) (the end of text when that is its length).
struct StudentText {
  std::string text;
  std::size_t prompt_tokens = 0;
  std::vector<std::vector<TokenLogProb>> revealed;
  bool cut = false;  // the text stops short of its end (a completion at the token limit, a prompt alone)
};

// Trains a new language model on `texts` and returns it: the attacker's student. It learns each text's tokens after
// its prompt (the prompt is context: the attacker's own text is not what the API teaches), and where a text has
// revealed distributions, the distribution rather than the token drawn (distillation from top-k log-probabilities).
// It sees nothing else: what it validates on comes out of `texts`, as an attacker's would.
using StudentTrainer = std::function<std::unique_ptr<audit::LanguageModel>(const std::vector<StudentText>& texts)>;

// A student trained on the first `queries` completions, scored like the clone.
struct CloneCurvePoint {
  std::size_t queries = 0;
  double agreement = 0.0;
  double kl = 0.0;
  double student_loss = 0.0;
  // With revealed distributions: a student of the same completions' text alone, which shows what they add.
  std::optional<double> text_only_agreement;
};

// A student distilled from a tier's completions, scored against the model on held-out text.
struct DistillationClone {
  // What the student learnt from: "text" (the completions' tokens), or "top-<k> log-probabilities" when the tier
  // returns them (each generated step's revealed distribution).
  std::string targets = "text";
  std::size_t queries = 0;          // prompts completed through the door
  std::size_t training_bytes = 0;   // prompt and completion bytes the student trained on
  std::size_t positions = 0;        // held-out positions scored: each a prefix of a held-out text
  double agreement = 0.0;           // share of them where student and model pick the same most probable next token
  double kl = 0.0;                  // mean KL(model || student) of the next-token distributions there, in nats
  double model_loss = 0.0;          // mean next-token loss of the model on those positions, in nats
  double student_loss = 0.0;        // the same for the student
  // A student trained on the attacker's prompts alone, with no completions: what the attacker's own text teaches
  // without the API, against which the clone's agreement is an advantage.
  double baseline_agreement = 0.0;
  double baseline_loss = 0.0;
  double seconds_waited = 0.0;      // simulated time the rate limits made the attacker wait
  std::size_t keys = 0;             // the attacker's keys, one per 50 prompts
  std::optional<std::size_t> queries_until_flag;  // answered over all its keys up to the one first flagged, if any
  std::string flagged_by;                         // that flag's signal
  std::size_t keys_flagged = 0;
  // Fidelity against queries: a student per budget of distillation_curve below `queries`, then the clone itself.
  std::vector<CloneCurvePoint> curve;
  // When the tier watermarks: the student's own completions of the held-out prompts, tested pooled and one by one.
  std::size_t student_completions = 0;
  std::size_t student_completions_detected = 0;
  std::optional<watermark::Detection> student_watermark;
};

struct LanguageModelRedTeamResult {
  std::string tier;
  std::string policy;
  std::size_t true_width = 0;
  std::vector<WidthExtraction> extractions;
  std::optional<WatermarkMeasurement> watermark;  // when the tier watermarks
  std::optional<DistillationClone> clone;         // when a student trainer was given
  // "width_hidden:<budget>": the attack did not recover the true width; with a watermark, "watermark_detected": the
  // served completions pooled carry it, and "watermark_false_positives": no unwatermarked text is called watermarked;
  // with a clone, "clone_agreement": its curve's best point below max_clone_agreement, and with both,
  // "watermark_in_clone": the text of the student of all queries carries the watermark (the team can prove the theft).
  std::vector<RedTeamCheck> checks;
  bool passed = false;
  double seconds = 0.0;
};

// Runs the extraction at each budget, each with a key of its own, against a GuardedServer built from `settings` on an
// ephemeral loopback port (its request log in `work_dir`, time simulated), and the watermark measurement on
// `held_out` (texts the model was not trained on) when the tier watermarks, under a key the red team makes. Throws
// common::InputError for an unknown tier, an output layer that does not match the model's vocabulary, or a
// watermarking tier or a clone with no held-out text. `train_student` may be empty: no clone.
LanguageModelRedTeamResult RunLanguageModelRedTeam(ServeSettings settings, audit::LanguageModel& model,
                                                   const TrueOutputLayer& truth, std::span<const std::string> held_out,
                                                   const LanguageModelRedTeamOptions& options,
                                                   const std::filesystem::path& work_dir,
                                                   const StudentTrainer& train_student = {});

void to_json(nlohmann::json& j, const WidthExtraction& extraction);
void to_json(nlohmann::json& j, const WatermarkMeasurement& measurement);
void to_json(nlohmann::json& j, const DistillationClone& clone);
void to_json(nlohmann::json& j, const LanguageModelRedTeamResult& result);

}  // namespace leakgate::serve
