// `leakgate serve`: the released classifier or language model behind an HTTP/1.1 JSON API with the defences the
// model-extraction literature calls for at the door: API keys (401), per-key rate limits and daily quotas (429 with
// Retry-After), a per-tier output policy (label only, top k, rounded, keyed noise; for completions text alone unless
// the tier allows capped, rounded log-probabilities), an extraction monitor that logs, alerts on, throttles or blocks
// keys whose questions look like cloning, and a request log that never holds the texts.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "audit/model.h"
#include "serve/completion.h"
#include "serve/keys.h"
#include "serve/monitor.h"
#include "serve/rate_limit.h"
#include "serve/tier_policy.h"
#include "watermark/watermark.h"

namespace leakgate::serve {

struct Tier {
  std::string name;
  TierPolicy policy;             // what a classifier's caller sees
  RateLimit limit;
  CompletionPolicy completion;   // what a language model's caller sees
};

struct ServeSettings {
  std::string host = "127.0.0.1";
  int port = 8080;                        // 0: any free port (tests)
  std::size_t max_body_bytes = 1 << 20;   // larger bodies get 413
  std::size_t max_texts = 64;             // texts per request
  std::size_t max_text_bytes = 16384;     // bytes per text
  std::vector<Tier> tiers;
  std::filesystem::path request_log = "serve-requests.jsonl";
  std::uint64_t request_log_max_bytes = 100u << 20;
  int request_log_keep = 5;
  MonitorSettings monitor;  // the extraction monitor, when enabled
  // The release's training vocabulary, for the monitor's coverage signal (none without it).
  std::shared_ptr<const InputCoverage> coverage;
  // The watermark of the tiers whose completions carry one, and its key (from the environment, never the config
  // file; required when a tier watermarks).
  watermark::WatermarkParameters watermark;
  std::string watermark_key;
};

// Whether a tier of `settings` watermarks its completions (the server then needs settings.watermark_key).
bool WatermarksAnyTier(const ServeSettings& settings);

class GuardedServer {
 public:
  // Every key's tier must be one of settings.tiers (common::ConfigError otherwise). Calls to `model` are serialised.
  // `secret` keys the output noise and the hashes in the request log. `clock` gives Unix time in seconds (the rate
  // limits' time); empty: the system clock.
  GuardedServer(ServeSettings settings, KeyStore keys, audit::Classifier& model, std::string secret,
                std::function<double()> clock = {});
  // The same for a language model, answered on POST /v1/complete (a prompt counts as one text).
  GuardedServer(ServeSettings settings, KeyStore keys, audit::LanguageModel& model, std::string secret,
                std::function<double()> clock = {});
  ~GuardedServer();
  GuardedServer(const GuardedServer&) = delete;
  GuardedServer& operator=(const GuardedServer&) = delete;

  // Binds settings.host:settings.port and returns the port bound; throws common::InputError when it cannot.
  int Bind();
  // Answers requests until Stop(); requires Bind().
  void Run();
  // Thread-safe; Run() returns once the requests in flight are answered.
  void Stop();

 private:
  GuardedServer(ServeSettings settings, KeyStore keys, audit::Classifier* classifier,
                audit::LanguageModel* language_model, std::string secret, std::function<double()> clock);

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace leakgate::serve
