#include "pipeline/serve_config.h"

#include <cstdlib>
#include <cstring>
#include <set>

#include "audit/attacks/cloning.h"
#include "audit/attacks/errors.h"
#include "common/errors.h"

namespace leakgate::pipeline {
namespace {

bool IsOutputPolicy(const std::string& text) {
  try {
    audit::ParseOutputPolicy(text);
    return true;
  } catch (const audit::AttackInputError&) {
    return false;
  }
}

void ReadTier(ConfigMap& item, serve::Tier& tier) {
  item.Get("name", tier.name, serve::IsTierName, "letters, digits, '-' and '_'",
           "The tier's name, which keys in the keys file refer to.");
  std::string policy = audit::OutputPolicyName(tier.policy.output);
  item.Get("policy", policy, IsOutputPolicy, "label, top<k>, rounded<d> (d in 0..9) or probabilities",
           "What a caller of this tier sees of each answer: the label alone, the k most probable classes, every "
           "probability rounded to d decimals, or every probability.");
  tier.policy.output = audit::ParseOutputPolicy(policy);
  item.Get("noise", tier.policy.noise_stddev, [](double v) { return v >= 0.0 && v <= 1.0; }, "in [0, 1]",
           "Standard deviation of the Gaussian noise added to each probability before the policy (keyed: the same "
           "question from the same key gets the same noise). 0: none.");
  item.Get("texts_per_second", tier.limit.texts_per_second, [](double v) { return v > 0.0; }, "above 0",
           "Sustained rate per key, in texts (a request of n texts counts n).");
  item.Get("burst", tier.limit.burst, [](double v) { return v >= 1.0; }, "at least 1",
           "Texts a key may send at once before the sustained rate applies.");
  item.Get("daily_quota", tier.limit.daily_quota,
           "Texts per key per UTC day; 0: no daily quota.");
  item.Get("max_tokens", tier.completion.max_tokens, [](std::size_t v) { return v >= 1 && v <= 4096; }, "in 1..4096",
           "Language models: tokens one completion may generate.");
  item.Get("logprobs", tier.completion.top_logprobs, [](std::size_t v) { return v <= 4096; }, "in 0..4096",
           "Language models: the most next-token log-probabilities a caller may ask for per generated token. 0 (the "
           "default): text alone. Many full distributions reveal the model's last layer (Carlini et al. 2024).");
  item.Get("logprob_decimals", tier.completion.logprob_decimals, [](int v) { return v >= -1 && v <= 9; },
           "in -1..9", "Language models: decimals the returned log-probabilities are rounded to; -1: not rounded.");
  item.Get("watermark", tier.completion.watermark,
           "Language models: the completions carry the green-list watermark of the `watermark` section, which "
           "`leakgate watermark detect` finds in copied text and in a model distilled from it.");
  item.Finish();
}

bool IsRate(double v) { return v > 0.0 && v < 1.0; }

void ReadEventRates(ConfigMap& monitor, const std::string& signal, serve::EventRates& rates) {
  monitor.Get(signal + "_benign_rate", rates.benign, IsRate, "in (0, 1)",
              "Share of benign texts that are " + signal + " events, measured on customers' traffic (or held-out "
              "records).");
  monitor.Get(signal + "_attack_rate", rates.attack, IsRate, "in (0, 1)",
              "Share of an attacker's texts that are " + signal + " events: the rate the test is tuned to catch.");
  if (rates.attack <= rates.benign) monitor.Reject(signal + "_attack_rate", "must exceed " + signal + "_benign_rate");
}

void ReadMonitor(ConfigMap monitor, serve::MonitorSettings& settings) {
  monitor.Get("enabled", settings.enabled, "Watch each key's questions for signs of cloning.");
  monitor.Get("benign_texts_per_false_alarm", settings.benign_texts_per_false_alarm,
              [](double v) { return v >= 2.0; }, "at least 2",
              "Mean number of benign texts one key sends before one signal raises a false alarm; the tests' threshold "
              "is its logarithm.");
  monitor.Get("boundary_margin", settings.boundary_margin, [](double v) { return v > 0.0 && v <= 1.0; },
              "in (0, 1]", "An answer whose top probability beats the second by less than this is a boundary event.");
  ReadEventRates(monitor, "boundary", settings.boundary);
  monitor.Get("sweep_jaccard", settings.sweep_jaccard, [](double v) { return v > 0.0 && v <= 1.0; }, "in (0, 1]",
              "A text whose MinHash Jaccard (word 3-grams) with one of the key's recent texts reaches this is a "
              "sweep event.");
  ReadEventRates(monitor, "sweep", settings.sweep);
  monitor.Get("cross_key_history", settings.cross_key_history, [](std::size_t v) { return v <= 1u << 20; },
              "in 0..1048576",
              "Recent distinct texts of all keys compared for cross-key sweeps: a text near one another key sent is "
              "a cross_key event (memory: about 400 bytes per text). 0: no cross-key signal.");
  ReadEventRates(monitor, "cross_key", settings.cross_key);
  monitor.Get("coverage_unseen_share", settings.coverage_unseen_share, [](double v) { return v >= 0.0 && v <= 1.0; },
              "in [0, 1]",
              "A text with at least this share of its words outside the release's training vocabulary is a coverage "
              "event (random, synthetic or other-domain queries). 0: no coverage signal.");
  monitor.Get("coverage_min_people", settings.coverage_min_people,
              [](std::size_t v) { return v >= serve::InputCoverage::kMinPeople; }, "at least 2",
              "People (persons under data.user_field, else training records) a word must come from to belong to the "
              "vocabulary, so that one person's rare words (a name the scrubber missed) stay out.");
  ReadEventRates(monitor, "coverage", settings.coverage);
  monitor.Get("history", settings.history, [](std::size_t v) { return v >= 1 && v <= 65536; }, "in 1..65536",
              "Recent distinct texts per key compared for sweeps (memory: about 260 bytes per text and key).");
  monitor.Get("daily_texts", settings.daily_texts,
              "Texts per key per UTC day above which the key is flagged for volume; 0: no volume signal.");
  monitor.GetChoice("action", settings.action,
                    {serve::MonitorAction::kLog, serve::MonitorAction::kAlert, serve::MonitorAction::kThrottle,
                     serve::MonitorAction::kBlock},
                    serve::MonitorActionName,
                    "What a flag does: log (the request log and /metrics), alert (and a warning on the server's "
                    "log), throttle (and the key's rate and burst times throttle_factor), block (and 403).");
  monitor.Get("throttle_factor", settings.throttle_factor, IsRate, "in (0, 1)",
              "What a throttled key's rate and burst are multiplied by.");
  monitor.Finish();
}

void ReadWatermark(ConfigMap section, ServeConfig& config) {
  watermark::WatermarkParameters& parameters = config.settings.watermark;
  section.Get("key_env", config.watermark_key_env, [](const std::string& v) { return !v.empty(); },
              "a variable name",
              "Environment variable holding the watermark's key (at least 32 characters), needed by tiers that "
              "watermark and by `leakgate watermark detect`. Keep it apart from the server's secret: whoever holds it "
              "can detect the watermark, and also forge or scrub it.");
  section.Get("green_fraction", parameters.green_fraction, IsRate, "in (0, 1)",
              "Share of the vocabulary that is green after each token (gamma). Detection must use the same value.");
  section.Get("bias", parameters.bias, [](double v) { return v >= 0.0 && v <= 20.0; }, "in [0, 20]",
              "Added to the green tokens' logits when generating (delta): larger is detected in fewer tokens and costs "
              "more perplexity.");
  section.Get("context_tokens", parameters.context_tokens, [](std::size_t v) { return v >= 1 && v <= 16; },
              "in 1..16",
              "Tokens before a token that key its green list (h). With 1, a student distilled from the completions "
              "learns the green lists and carries the mark; with more, detection scores more distinct tokens per text "
              "but a student does not learn them. An edit unmarks this many tokens after it.");
  section.Finish();
}

void ReadRedTeamGate(ConfigMap gate, serve::RedTeamGate& settings) {
  gate.Get("max_fidelity_at_flag", settings.max_fidelity_at_flag, [](double v) { return v > 0.0 && v <= 1.0; },
           "in (0, 1]",
           "Every red-team attacker must be flagged while its clone agrees with the model on less than this share of "
           "held-out texts (one never flagged must stay below it for its whole budget).");
  gate.Get("max_false_alarm_rate", settings.max_false_alarm_rate, IsRate, "in (0, 1)",
           "The share of red-team customers flagged, by the upper end of its 95% interval, must not exceed this.");
  gate.Get("max_clone_agreement", settings.max_clone_agreement, [](double v) { return v > 0.0 && v <= 1.0; },
           "in (0, 1]",
           "Language models: the student distilled from a tier's completions must pick the model's most probable "
           "next token on less than this share of held-out positions.");
  gate.Finish();
}

}  // namespace

void ReadServeConfig(ConfigMap& map, ServeConfig& config) {
  serve::ServeSettings& settings = config.settings;
  map.Get("host", settings.host, [](const std::string& v) { return !v.empty(); }, "an address",
          "Address to listen on; 127.0.0.1 serves this machine only.");
  map.Get("port", settings.port, [](int v) { return v >= 0 && v <= 65535; }, "in 0..65535",
          "TCP port to listen on (0: any free port, printed at start).");
  std::string keys = config.keys.string();
  map.Get("keys", keys, [](const std::string& v) { return !v.empty(); }, "a path",
          "The keys file (written by `leakgate serve-keys add`): each key's id, tier and SHA-256, never the key.");
  config.keys = keys;
  map.Get("secret_env", config.secret_env, [](const std::string& v) { return !v.empty(); }, "a variable name",
          "Environment variable holding the server's secret (at least 32 characters): it keys the output noise and "
          "the text hashes in the request log.");
  std::string log = settings.request_log.string();
  map.Get("request_log", log, [](const std::string& v) { return !v.empty(); }, "a path",
          "The request log: one JSON line per request, with keyed hashes of the texts, never the texts.");
  settings.request_log = log;
  map.Get("request_log_max_bytes", settings.request_log_max_bytes, [](uint64_t v) { return v >= 4096; },
          "at least 4096", "Size at which the request log is rotated.");
  map.Get("request_log_keep", settings.request_log_keep, [](int v) { return v >= 0 && v <= 100; }, "in 0..100",
          "Rotated request logs kept (file.1 is the newest).");
  map.Get("max_body_bytes", settings.max_body_bytes, [](uint64_t v) { return v >= 1024; }, "at least 1024",
          "Largest request body accepted; larger ones get 413.");
  map.Get("max_texts", settings.max_texts, [](uint64_t v) { return v >= 1 && v <= 4096; }, "in 1..4096",
          "Texts per request.");
  map.Get("max_text_bytes", settings.max_text_bytes, [](uint64_t v) { return v >= 1; }, "at least 1",
          "Bytes per text.");
  map.List("tiers", settings.tiers, "The tiers keys belong to: each with its output policy and rate limit.",
           [](ConfigMap item, serve::Tier& tier) { ReadTier(item, tier); });
  ReadMonitor(map.Section("monitor", "The extraction monitor: per-key tests for boundary probing, near-duplicate "
                                     "sweeps and volume (serve/README.md)."),
              settings.monitor);
  ReadWatermark(map.Section("watermark", "The green-list watermark (Kirchenbauer et al. 2023) of the tiers with "
                                         "`watermark: true` (serve/README.md)."),
                config);
  ReadRedTeamGate(map.Section("redteam", "What `leakgate redteam` must find to pass (exit 0; 1 otherwise)."),
                  config.red_team_gate);
  std::set<std::string> names;
  for (const serve::Tier& tier : settings.tiers) {
    if (!names.insert(tier.name).second) map.Reject("tiers", "names the tier '" + tier.name + "' twice");
  }
  if (settings.tiers.empty()) map.Reject("tiers", "must define at least one tier");
  map.Finish();
}

std::string SecretFromEnvironment(const std::string& variable, const std::string& purpose) {
  constexpr std::size_t kMinSecretChars = 32;
  const char* secret = std::getenv(variable.c_str());
  if (secret == nullptr || std::strlen(secret) < kMinSecretChars)
    throw common::ConfigError("the environment variable " + variable + " must hold a secret of at least " +
                              std::to_string(kMinSecretChars) + " characters (it keys " + purpose +
                              "; generate one with: openssl rand -hex 32)");
  return secret;
}

ServeConfig LoadServeConfig(const std::filesystem::path& path) {
  ServeConfig config;
  ReadConfigFile(path.string(), [&](ConfigMap& map) { ReadServeConfig(map, config); });
  const std::filesystem::path folder = path.parent_path();
  if (config.keys.is_relative()) config.keys = folder / config.keys;
  if (config.settings.request_log.is_relative()) config.settings.request_log = folder / config.settings.request_log;
  return config;
}

}  // namespace leakgate::pipeline
