#include "serve/server.h"

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <cmath>
#include <ctime>
#include <map>
#include <optional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <span>
#include <sstream>

#include "common/digest.h"
#include "common/errors.h"
#include "common/log.h"
#include "serve/completion.h"
#include "serve/request_log.h"

namespace leakgate::serve {
namespace {

constexpr std::size_t kConnectionThreads = 64;
constexpr std::size_t kRequestsPerConnection = 100;
constexpr const char* kClassifyEndpoint = "/v1/classify";
constexpr const char* kCompleteEndpoint = "/v1/complete";

double SystemSeconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string UtcTimestamp(double seconds) {
  const auto whole = static_cast<std::time_t>(seconds);
  std::tm parts{};
  gmtime_r(&whole, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &parts);
  char millis[8];
  std::snprintf(millis, sizeof millis, ".%03dZ", static_cast<int>(std::fmod(seconds, 1.0) * 1000.0));
  return std::string(text) + millis;
}

// The key a caller presents: "Authorization: Bearer <key>" or "X-API-Key: <key>".
std::string PresentedKey(const httplib::Request& request) {
  const std::string authorization = request.get_header_value("Authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (authorization.compare(0, kBearer.size(), kBearer) == 0) return authorization.substr(kBearer.size());
  return request.get_header_value("X-API-Key");
}

// " 'name'" for a short identifier, else "": a refusal's reason goes to the request log, which holds no client text.
std::string QuotedName(const std::string& field) {
  constexpr std::size_t kLongestName = 32;
  const bool identifier = !field.empty() && field.size() <= kLongestName &&
                          std::all_of(field.begin(), field.end(), [](char c) {
                            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                                   c == '_' || c == '-';
                          });
  return identifier ? " '" + field + "'" : "";
}

// Why a classify body is refused, or "" when it is a JSON object whose only field, texts, lists 1..max_texts strings
// of at most max_text_bytes bytes each; those are then the texts.
std::string ReadClassifyBody(const nlohmann::json& body, const ServeSettings& settings,
                             std::vector<std::string>& texts) {
  if (!body.is_object()) return "the body must be a JSON object: {\"texts\": [\"...\"]}";
  for (const auto& [field, value] : body.items()) {
    if (field != "texts") return "unknown field" + QuotedName(field) + " (expected only texts)";
  }
  if (!body.contains("texts") || !body["texts"].is_array() || body["texts"].empty())
    return "texts must be a non-empty array of strings";
  if (body["texts"].size() > settings.max_texts)
    return "texts has " + std::to_string(body["texts"].size()) + " entries; at most " +
           std::to_string(settings.max_texts) + " per request";
  for (std::size_t i = 0; i < body["texts"].size(); ++i) {
    const nlohmann::json& text = body["texts"][i];
    if (!text.is_string()) return "texts[" + std::to_string(i) + "] must be a string";
    if (text.get_ref<const std::string&>().size() > settings.max_text_bytes)
      return "texts[" + std::to_string(i) + "] has more than " + std::to_string(settings.max_text_bytes) + " bytes";
  }
  for (const nlohmann::json& text : body["texts"]) texts.push_back(text.get<std::string>());
  return "";
}

// An optional integer field of a completion body, which must lie in [least, most]: why not, or "" (value is set).
std::string ReadCount(const nlohmann::json& body, const std::string& field, std::size_t least, std::size_t most,
                      const std::string& limit, std::size_t& value) {
  if (!body.contains(field)) return "";
  const nlohmann::json& given = body[field];
  if (!given.is_number_integer() || given.get<std::int64_t>() < static_cast<std::int64_t>(least) ||
      given.get<std::uint64_t>() > most)
    return field + " must be an integer in " + std::to_string(least) + ".." + std::to_string(most) + " (" + limit + ")";
  value = given.get<std::size_t>();
  return "";
}

// Why a completion body is refused, or "" when it is {"prompt": string, "max_tokens"?, "temperature"?, "logprobs"?}
// within the tier's policy and the model's context; the prompt is then the one text.
std::string ReadCompleteBody(const nlohmann::json& body, const ServeSettings& settings, const CompletionPolicy& policy,
                             const audit::LanguageModel& model, CompletionRequest& request,
                             std::vector<std::string>& texts) {
  if (!body.is_object()) return "the body must be a JSON object: {\"prompt\": \"...\"}";
  for (const auto& [field, value] : body.items()) {
    if (field != "prompt" && field != "max_tokens" && field != "temperature" && field != "logprobs")
      return "unknown field" + QuotedName(field) + " (expected prompt, max_tokens, temperature, logprobs)";
  }
  if (!body.contains("prompt") || !body["prompt"].is_string()) return "prompt must be a string";
  const std::string& prompt = body["prompt"].get_ref<const std::string&>();
  if (prompt.size() > settings.max_text_bytes)
    return "prompt has more than " + std::to_string(settings.max_text_bytes) + " bytes";
  request.prompt = model.Encode(prompt);
  if (request.prompt.size() + 1 > model.context_length())
    return "prompt has " + std::to_string(request.prompt.size()) + " tokens; the model's context holds at most " +
           std::to_string(model.context_length() - 1);
  request.max_tokens = std::min<std::size_t>(16, policy.max_tokens);
  if (std::string invalid =
          ReadCount(body, "max_tokens", 1, policy.max_tokens, "this tier's limit", request.max_tokens);
      !invalid.empty())
    return invalid;
  if (std::string invalid = ReadCount(body, "logprobs", 0, policy.top_logprobs,
                                      "this tier returns at most " + std::to_string(policy.top_logprobs) +
                                          " log-probabilities per token",
                                      request.top_logprobs);
      !invalid.empty())
    return invalid;
  if (body.contains("temperature")) {
    constexpr double kMostTemperature = 10.0;
    const nlohmann::json& temperature = body["temperature"];
    if (!temperature.is_number() ||
        !(temperature.get<double>() >= 0.0 && temperature.get<double>() <= kMostTemperature))
      return "temperature must be a number in [0, 10] (0: the most probable token each step)";
    // On a grid of tenths: bisecting a continuous temperature against one random draw would read off ratios of the
    // next-token probabilities.
    request.temperature = std::round(temperature.get<double>() * 10.0) / 10.0;
  }
  texts.push_back(prompt);
  return "";
}

// Counters for GET /metrics (Prometheus text format).
class Metrics {
 public:
  void Count(const std::string& endpoint, int status, double seconds, std::size_t texts) {
    std::lock_guard<std::mutex> lock(mutex_);
    ++requests_[{endpoint, status}];
    Latency& latency = latency_[endpoint];
    latency.sum += seconds;
    ++latency.count;
    texts_ += texts;
  }
  void CountGeneratedTokens(std::size_t tokens) {
    std::lock_guard<std::mutex> lock(mutex_);
    tokens_ += tokens;
  }
  void CountRefusal(const std::string& reason) {
    std::lock_guard<std::mutex> lock(mutex_);
    ++refusals_[reason];
  }
  void CountNewFlags(std::span<const std::string> signals) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const std::string& signal : signals) ++flags_[signal];
  }
  // `monitor`: the extraction monitor's totals, when it runs.
  std::string Text(const ExtractionMonitor* monitor) const {
    std::lock_guard<std::mutex> lock(mutex_);
    std::ostringstream out;
    if (monitor != nullptr) {
      const MonitorTotals totals = monitor->Totals();
      out << "# HELP leakgate_monitor_texts_total Texts the extraction monitor has watched.\n"
          << "# TYPE leakgate_monitor_texts_total counter\n"
          << "leakgate_monitor_texts_total " << totals.texts << "\n"
          << "# HELP leakgate_monitor_events_total Texts that were an event of a monitor signal: divided by the texts "
             "watched, the signal's rate in this traffic.\n"
          << "# TYPE leakgate_monitor_events_total counter\n";
      for (MonitorSignal signal : kEventSignalList)
        out << MonitorEventsMetric(signal) << " " << totals.Events(signal) << "\n";
    }
    out << "# HELP leakgate_requests_total Requests answered, by endpoint and HTTP status.\n"
        << "# TYPE leakgate_requests_total counter\n";
    for (const auto& [labels, count] : requests_)
      out << "leakgate_requests_total{endpoint=\"" << labels.first << "\",code=\"" << labels.second << "\"} " << count
          << "\n";
    out << "# HELP leakgate_refusals_total Requests refused by the guard, by reason.\n"
        << "# TYPE leakgate_refusals_total counter\n";
    for (const auto& [reason, count] : refusals_)
      out << "leakgate_refusals_total{reason=\"" << reason << "\"} " << count << "\n";
    out << "# HELP leakgate_monitor_flags_total Keys flagged by the extraction monitor, by signal.\n"
        << "# TYPE leakgate_monitor_flags_total counter\n";
    for (const auto& [signal, count] : flags_)
      out << "leakgate_monitor_flags_total{signal=\"" << signal << "\"} " << count << "\n";
    out << "# HELP leakgate_texts_answered_total Texts answered by the model (classified, or prompts completed).\n"
        << "# TYPE leakgate_texts_answered_total counter\n"
        << "leakgate_texts_answered_total " << texts_ << "\n"
        << "# HELP leakgate_tokens_generated_total Tokens generated for completions.\n"
        << "# TYPE leakgate_tokens_generated_total counter\n"
        << "leakgate_tokens_generated_total " << tokens_ << "\n"
        << "# HELP leakgate_request_seconds Time to answer a request, by endpoint.\n"
        << "# TYPE leakgate_request_seconds summary\n";
    for (const auto& [endpoint, latency] : latency_) {
      out << "leakgate_request_seconds_sum{endpoint=\"" << endpoint << "\"} " << latency.sum << "\n"
          << "leakgate_request_seconds_count{endpoint=\"" << endpoint << "\"} " << latency.count << "\n";
    }
    return out.str();
  }

 private:
  struct Latency {
    double sum = 0.0;
    std::uint64_t count = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;
  std::map<std::string, std::uint64_t> refusals_;
  std::map<std::string, std::uint64_t> flags_;
  std::map<std::string, Latency> latency_;
  std::uint64_t texts_ = 0;
  std::uint64_t tokens_ = 0;
};

}  // namespace

struct GuardedServer::Impl {
  ServeSettings settings;
  KeyStore keys;
  audit::Classifier* classifier;           // the served model: one of these two
  audit::LanguageModel* language_model;
  std::mutex model_mutex;
  std::string secret;
  std::function<double()> clock;
  std::map<std::string, Tier> tiers;
  RateLimiter limiter;
  RequestLog log;
  Metrics metrics;
  std::unique_ptr<ExtractionMonitor> monitor;  // when settings.monitor.enabled
  std::optional<watermark::Watermark> watermark;  // when a tier watermarks its completions
  httplib::Server http;
  // Stop() may come before Run() has started listening (httplib's stop() then does nothing) or during it.
  std::atomic<bool> stop_requested{false};
  std::atomic<bool> run_entered{false};
  std::atomic<bool> run_done{false};

  Impl(ServeSettings settings_in, KeyStore keys_in, audit::Classifier* classifier_in,
       audit::LanguageModel* language_model_in, std::string secret_in, std::function<double()> clock_in)
      : settings(std::move(settings_in)),
        keys(std::move(keys_in)),
        classifier(classifier_in),
        language_model(language_model_in),
        secret(std::move(secret_in)),
        clock(clock_in ? std::move(clock_in) : SystemSeconds),
        log(settings.request_log, settings.request_log_max_bytes, settings.request_log_keep) {}

  void Respond(httplib::Response& response, int status, const nlohmann::ordered_json& body) {
    response.status = status;
    // A completion's bytes need not be valid UTF-8: invalid sequences are sent as U+FFFD.
    response.set_content(body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace),
                         "application/json");
  }

  // One request log line: the caller, the outcome, and each text as a keyed hash (which ties repeated questions
  // together without revealing them).
  void Log(const std::string& endpoint, const ApiKey* caller, const Tier* tier, int status,
           const std::vector<std::string>& texts, double started, const std::string& detail,
           const std::vector<std::string>& monitor_flags) {
    nlohmann::ordered_json line = {{"time", UtcTimestamp(started)},
                                   {"endpoint", endpoint},
                                   {"key_id", caller ? nlohmann::ordered_json(caller->id) : nlohmann::ordered_json()},
                                   {"status", status}};
    if (tier != nullptr)
      line["policy"] = tier->name + ": " +
                       (endpoint == kCompleteEndpoint ? tier->completion.Describe() : tier->policy.Describe());
    line["texts"] = texts.size();
    nlohmann::ordered_json hashes = nlohmann::ordered_json::array();
    for (const std::string& text : texts) {
      hashes.push_back(common::HmacSha256Hex(secret, "request-log\n" + text).substr(0, 32));
    }
    line["text_hmacs"] = std::move(hashes);
    if (!detail.empty()) line["detail"] = detail;
    if (!monitor_flags.empty()) line["monitor_flags"] = monitor_flags;
    line["seconds"] = clock() - started;
    log.Append(line);
  }

  // Feeds the monitor the answered texts and the model's full answers; counts and announces the flags they raised.
  void FeedMonitor(const ApiKey& caller, const std::vector<std::string>& texts,
             const std::vector<std::vector<audit::ClassProbability>>& answers, double now,
             std::vector<std::string>& flags) {
    ExtractionMonitor::Verdict verdict = monitor->Observe(caller.id, texts, answers, now);
    flags = std::move(verdict.flags);
    if (verdict.new_flags == 0) return;
    const std::span<const std::string> raised(flags.end() - static_cast<std::ptrdiff_t>(verdict.new_flags),
                                              flags.end());
    metrics.CountNewFlags(raised);
    if (monitor->settings().action == MonitorAction::kLog) return;
    std::string signals;
    for (const std::string& signal : raised) signals += (signals.empty() ? "" : ", ") + signal;
    common::LogWarning("serve: the extraction monitor flagged key '" + caller.id + "' (" + signals + ") after " +
                       std::to_string(monitor->Watch(caller.id).texts) + " texts; action: " +
                       std::string(MonitorActionName(monitor->settings().action)));
  }

  // The guard every model endpoint shares, in the order a request meets it: the key (401), the body (400:
  // read(body, tier, texts, units) says why it is refused, or "" and fills the texts and what they cost in texts of
  // the rate limit, 0 for one per text), the monitor's block (403) or throttle, the rate limit (429). Then
  // answer(caller, tier, texts, full_answers) returns the 200 body and fills the model's full answer per text for the
  // monitor (an empty answer shows it the text alone).
  template <typename Read, typename Answer>
  void Guard(const std::string& endpoint, const httplib::Request& request, httplib::Response& response, Read read,
             Answer answer) {
    const double started = clock();
    const auto wall_start = std::chrono::steady_clock::now();
    const ApiKey* caller = keys.Authenticate(PresentedKey(request));
    std::vector<std::string> texts;
    const Tier* tier = nullptr;
    std::vector<std::string> monitor_flags;
    auto finish = [&](int status, const nlohmann::ordered_json& body, const std::string& detail) {
      Respond(response, status, body);
      Log(endpoint, caller, tier, status, texts, started, detail, monitor_flags);
      metrics.Count(endpoint, status,
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count(),
                    status == 200 ? texts.size() : 0);
    };
    if (caller == nullptr) {
      metrics.CountRefusal("unauthorized");
      response.set_header("WWW-Authenticate", "Bearer");
      return finish(401, {{"error", "missing or unknown API key (send Authorization: Bearer <key>)"}}, "");
    }
    tier = &tiers.at(caller->tier);
    nlohmann::json body;
    try {
      body = nlohmann::json::parse(request.body);
    } catch (const nlohmann::json::exception&) {
      metrics.CountRefusal("bad_request");
      return finish(400, {{"error", "the body is not valid JSON (UTF-8)"}}, "invalid JSON");
    }
    double units = 0.0;
    if (const std::string invalid = read(body, *tier, texts, units); !invalid.empty()) {
      texts.clear();
      metrics.CountRefusal("bad_request");
      return finish(400, {{"error", invalid}}, invalid);
    }
    RateLimit limit = tier->limit;
    if (monitor && monitor->Flagged(caller->id)) {
      monitor_flags = monitor->Watch(caller->id).flags;
      if (monitor->settings().action == MonitorAction::kBlock) {
        metrics.CountRefusal("monitor_block");
        return finish(403, {{"error", "this key is blocked by the extraction monitor; contact the operator"}},
                      "blocked by the monitor");
      }
      if (monitor->settings().action == MonitorAction::kThrottle) {
        limit.texts_per_second *= monitor->settings().throttle_factor;
        limit.burst = std::max(1.0, limit.burst * monitor->settings().throttle_factor);
      }
    }
    if (units == 0.0) units = static_cast<double>(texts.size());
    const Admission admission = limiter.Admit(caller->id, limit, units, started);
    if (!admission.allowed) {
      metrics.CountRefusal(admission.reason);
      const bool never = std::isinf(admission.retry_after_seconds);
      if (!never) {
        // A wait beyond a day (a tiny configured rate) is announced as a day: asking again then says more.
        constexpr double kLongestRetry = 86400.0;
        const auto seconds = static_cast<long long>(std::ceil(std::min(admission.retry_after_seconds, kLongestRetry)));
        response.set_header("Retry-After", std::to_string(seconds));
      }
      const std::string why =
          never ? (admission.reason == "daily_quota" ? "more texts in one request than this key's daily quota"
                                                     : "more texts in one request than this key's burst allows; send "
                                                       "fewer per request")
          : admission.reason == "daily_quota" ? "daily quota of this key used up"
                                              : "rate limit of this key exceeded";
      return finish(429, {{"error", why}}, admission.reason);
    }
    std::vector<std::vector<audit::ClassProbability>> full_answers(texts.size());
    nlohmann::ordered_json answered;
    try {
      answered = answer(*caller, *tier, texts, full_answers);
    } catch (const std::exception& error) {
      // The operator's log gets the model's error (it names no text); the request log and the caller a 500.
      common::LogWarning(std::string("serve: the model failed to answer a request: ") + error.what());
      return finish(500, {{"error", "internal error"}}, "internal error");
    }
    if (monitor) FeedMonitor(*caller, texts, full_answers, started, monitor_flags);
    finish(200, answered, "");
  }

  void Classify(const httplib::Request& request, httplib::Response& response) {
    auto read = [&](const nlohmann::json& body, const Tier&, std::vector<std::string>& texts, double&) {
      return ReadClassifyBody(body, settings, texts);
    };
    auto answer = [&](const ApiKey& caller, const Tier& tier, const std::vector<std::string>& texts,
                      std::vector<std::vector<audit::ClassProbability>>& full_answers) {
      {
        std::lock_guard<std::mutex> lock(model_mutex);
        full_answers = classifier->TopKClasses(texts, audit::kAllClasses);
      }
      nlohmann::ordered_json results = nlohmann::ordered_json::array();
      const bool label_only = tier.policy.output.kind == audit::OutputPolicyKind::kLabelOnly;
      for (std::size_t i = 0; i < texts.size(); ++i) {
        nlohmann::ordered_json classes = nlohmann::ordered_json::array();
        for (const audit::ClassProbability& entry :
             ServeAnswer(tier.policy, full_answers[i], secret, caller.id, texts[i])) {
          if (label_only) classes.push_back({{"label", entry.label}});
          else classes.push_back({{"label", entry.label}, {"probability", entry.probability}});
        }
        results.push_back(std::move(classes));
      }
      return nlohmann::ordered_json{{"results", std::move(results)}, {"tier", tier.name}};
    };
    Guard(kClassifyEndpoint, request, response, read, answer);
  }

  // The monitor sees the prompt: its boundary signal, which reads class probabilities, stays silent here.
  void Complete(const httplib::Request& request, httplib::Response& response) {
    CompletionRequest completion_request;
    // Each generated step reveals another next-token distribution, so a request for log-probabilities costs one text
    // per step it may generate: its max_tokens.
    auto read = [&](const nlohmann::json& body, const Tier& tier, std::vector<std::string>& texts, double& units) {
      std::string invalid =
          ReadCompleteBody(body, settings, tier.completion, *language_model, completion_request, texts);
      if (completion_request.top_logprobs > 0) units = static_cast<double>(completion_request.max_tokens);
      return invalid;
    };
    auto answer = [&](const ApiKey& caller, const Tier& tier, const std::vector<std::string>& texts,
                      std::vector<std::vector<audit::ClassProbability>>&) {
      // Sampling is seeded by the caller, the prompt and the temperature on a grid of tenths (the one ReadCompleteBody
      // rounds to): asking again draws the same completion, so repeats cannot be averaged into the distribution, and
      // one prompt has at most 101 temperatures whose draws could be compared.
      const std::uint64_t seed =
          KeyedSeed(secret, "completion " + std::to_string(std::lround(completion_request.temperature * 10.0)),
                    caller.id, texts[0]);
      Completion completion;
      std::string text;
      {
        std::lock_guard<std::mutex> lock(model_mutex);
        completion = serve::Complete(*language_model, completion_request, tier.completion, seed,
                                     watermark ? &*watermark : nullptr);
        text = language_model->Decode(completion.tokens);
      }
      metrics.CountGeneratedTokens(completion.tokens.size());
      nlohmann::ordered_json answered = {{"completion", text},
                                         {"finish_reason", completion.ended ? "stop" : "length"},
                                         {"tier", tier.name}};
      if (completion_request.top_logprobs > 0) {
        nlohmann::ordered_json steps = nlohmann::ordered_json::array();
        for (std::size_t step = 0; step < completion.top_logprobs.size(); ++step) {
          nlohmann::ordered_json top = nlohmann::ordered_json::array();
          for (const TokenLogProb& entry : completion.top_logprobs[step]) {
            top.push_back({{"token_id", entry.token}, {"logprob", entry.log_prob}});
          }
          const audit::TokenId drawn =
              step < completion.tokens.size() ? completion.tokens[step] : language_model->end_token();
          steps.push_back({{"token_id", drawn}, {"top", std::move(top)}});
        }
        answered["logprobs"] = std::move(steps);
      }
      return answered;
    };
    Guard(kCompleteEndpoint, request, response, read, answer);
  }
};

bool WatermarksAnyTier(const ServeSettings& settings) {
  return std::any_of(settings.tiers.begin(), settings.tiers.end(),
                     [](const Tier& tier) { return tier.completion.watermark; });
}

GuardedServer::GuardedServer(ServeSettings settings, KeyStore keys, audit::Classifier& model, std::string secret,
                             std::function<double()> clock)
    : GuardedServer(std::move(settings), std::move(keys), &model, nullptr, std::move(secret), std::move(clock)) {}

GuardedServer::GuardedServer(ServeSettings settings, KeyStore keys, audit::LanguageModel& model, std::string secret,
                             std::function<double()> clock)
    : GuardedServer(std::move(settings), std::move(keys), nullptr, &model, std::move(secret), std::move(clock)) {}

GuardedServer::GuardedServer(ServeSettings settings, KeyStore keys, audit::Classifier* classifier,
                             audit::LanguageModel* language_model, std::string secret, std::function<double()> clock)
    : impl_(std::make_unique<Impl>(std::move(settings), std::move(keys), classifier, language_model, std::move(secret),
                                   std::move(clock))) {
  Impl& impl = *impl_;
  for (const Tier& tier : impl.settings.tiers) impl.tiers[tier.name] = tier;
  std::vector<std::string> key_ids;
  for (const ApiKey& key : impl.keys.keys()) {
    if (impl.tiers.count(key.tier) == 0)
      throw common::ConfigError("keys file: key '" + key.id + "' has tier '" + key.tier +
                                "', which the serving config does not define");
    key_ids.push_back(key.id);
  }
  if (impl.language_model != nullptr && WatermarksAnyTier(impl.settings)) {
    if (impl.settings.watermark_key.empty())
      throw common::ConfigError("tiers: a tier watermarks its completions but no watermark key was given");
    impl.watermark.emplace(impl.settings.watermark_key, impl.settings.watermark);
  }
  if (impl.settings.monitor.enabled)
    impl.monitor = std::make_unique<ExtractionMonitor>(impl.settings.monitor, key_ids, impl.settings.coverage);
  impl.http.set_payload_max_length(impl.settings.max_body_bytes);
  // Small JSON answers on kept-alive connections would otherwise wait for the peer's delayed ACK (Nagle).
  impl.http.set_tcp_nodelay(true);
  // Each connection holds a worker thread until it is answered or idle past the read timeout: enough workers that a
  // few slow or idle clients (slowloris) cannot starve the rest.
  impl.http.new_task_queue = [] { return new httplib::ThreadPool(kConnectionThreads); };
  impl.http.set_read_timeout(5, 0);
  impl.http.set_write_timeout(5, 0);
  // A kept-alive connection answers this many requests before it is closed (httplib's default is 5, which makes a busy
  // client reconnect every fifth request), then queues again behind the other connections for a worker.
  impl.http.set_keep_alive_max_count(kRequestsPerConnection);
  impl.http.Get("/healthz", [&impl](const httplib::Request&, httplib::Response& response) {
    impl.Respond(response, 200, {{"status", "ok"}});
  });
  impl.http.Get("/metrics", [&impl](const httplib::Request&, httplib::Response& response) {
    response.set_content(impl.metrics.Text(impl.monitor.get()), "text/plain; version=0.0.4");
  });
  impl.http.Post(kClassifyEndpoint, [&impl](const httplib::Request& request, httplib::Response& response) {
    if (impl.classifier != nullptr) return impl.Classify(request, response);
    impl.Respond(response, 404, {{"error", "this server serves a language model: POST /v1/complete"}});
  });
  impl.http.Post(kCompleteEndpoint, [&impl](const httplib::Request& request, httplib::Response& response) {
    if (impl.language_model != nullptr) return impl.Complete(request, response);
    impl.Respond(response, 404, {{"error", "this server serves a classifier: POST /v1/classify"}});
  });
  // What Guard does not catch: the request log failing to write. The caller gets a bare 500, the operator a warning.
  impl.http.set_exception_handler([&impl](const httplib::Request&, httplib::Response& response,
                                          std::exception_ptr failure) {
    try {
      std::rethrow_exception(failure);
    } catch (const std::exception& error) {
      common::LogWarning(std::string("serve: a request failed: ") + error.what());
    } catch (...) {
      common::LogWarning("serve: a request failed");
    }
    response.headers.clear();
    impl.Respond(response, 500, {{"error", "internal error"}});
  });
}

GuardedServer::~GuardedServer() { Stop(); }

int GuardedServer::Bind() {
  Impl& impl = *impl_;
  if (impl.settings.port == 0) {
    const int port = impl.http.bind_to_any_port(impl.settings.host);
    if (port > 0) return port;
  } else if (impl.http.bind_to_port(impl.settings.host, impl.settings.port)) {
    return impl.settings.port;
  }
  throw common::InputError("serve: cannot listen on " + impl.settings.host + ":" + std::to_string(impl.settings.port) +
                           " (in use, or not an address of this machine)");
}

void GuardedServer::Run() {
  Impl& impl = *impl_;
  impl.run_entered = true;
  if (!impl.stop_requested) impl.http.listen_after_bind();
  impl.run_done = true;
}

void GuardedServer::Stop() {
  Impl& impl = *impl_;
  impl.stop_requested = true;
  if (!impl.run_entered) return;  // Run() will see the request before it listens
  bool stopped = false;
  while (!impl.run_done) {
    if (!stopped && impl.http.is_running()) {
      impl.http.stop();
      stopped = true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

}  // namespace leakgate::serve
