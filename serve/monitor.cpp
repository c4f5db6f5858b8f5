#include "serve/monitor.h"

#include <algorithm>
#include <cmath>
#include <functional>

#include "common/errors.h"

namespace leakgate::serve {
namespace {

constexpr int kSignaturePermutations = 64;
constexpr double kSecondsPerDay = 86400.0;

dedup::MinHashConfig SweepMinHash() {
  dedup::MinHashConfig config;
  config.num_perm = kSignaturePermutations;
  config.shingle = dedup::ShingleSpec{dedup::ShingleSpec::Unit::kWords, 3};
  return config;
}

void CheckRates(const EventRates& rates, const std::string& name) {
  if (!(rates.benign > 0.0 && rates.benign < rates.attack && rates.attack < 1.0))
    throw common::ConfigError("monitor." + name + ": expected 0 < benign_rate < attack_rate < 1");
}

// One CUSUM step (Page 1954) on the log-likelihood ratio of a Bernoulli event under the attack rate against the
// benign rate; the statistic never goes below 0, so a key that behaved for a long time is caught as fast as a new one.
double CusumStep(double statistic, bool event, const EventRates& rates) {
  const double ratio =
      event ? std::log(rates.attack / rates.benign) : std::log((1.0 - rates.attack) / (1.0 - rates.benign));
  return std::max(0.0, statistic + ratio);
}

}  // namespace

MonitorAction ParseMonitorAction(std::string_view text) {
  for (MonitorAction action : {MonitorAction::kLog, MonitorAction::kAlert, MonitorAction::kThrottle,
                               MonitorAction::kBlock}) {
    if (text == MonitorActionName(action)) return action;
  }
  throw common::ConfigError("monitor action '" + std::string(text) + "': expected log, alert, throttle or block");
}

std::string_view MonitorActionName(MonitorAction action) {
  switch (action) {
    case MonitorAction::kLog: return "log";
    case MonitorAction::kAlert: return "alert";
    case MonitorAction::kThrottle: return "throttle";
    case MonitorAction::kBlock: return "block";
  }
  return "log";
}

std::string_view MonitorSignalName(MonitorSignal signal) {
  switch (signal) {
    case MonitorSignal::kBoundary: return "boundary";
    case MonitorSignal::kSweep: return "sweep";
    case MonitorSignal::kVolume: return "volume";
  }
  return "boundary";
}

// A key's statistics and its last `history` distinct texts (their hashes and MinHash signatures, in a ring).
struct ExtractionMonitor::KeyState {
  mutable std::mutex mutex;
  KeyWatch watch;
  bool flagged[kMonitorSignals] = {false, false, false};
  std::int64_t day = -1;
  std::uint64_t texts_today = 0;
  std::vector<std::size_t> text_hashes;
  std::vector<uint32_t> signatures;
  std::size_t ring_next = 0;

  void Flag(MonitorSignal signal) {
    bool& already = flagged[static_cast<std::size_t>(signal)];
    if (already) return;
    already = true;
    watch.flags.emplace_back(MonitorSignalName(signal));
    watch.texts_at_flag.push_back(watch.texts);
  }
};

ExtractionMonitor::ExtractionMonitor(const MonitorSettings& settings, std::span<const std::string> key_ids)
    : settings_(settings), threshold_(0.0), hasher_(SweepMinHash()) {
  CheckRates(settings_.boundary, "boundary");
  CheckRates(settings_.sweep, "sweep");
  if (!(settings_.boundary_margin > 0.0 && settings_.boundary_margin <= 1.0))
    throw common::ConfigError("monitor.boundary_margin: expected a value in (0, 1]");
  if (!(settings_.sweep_jaccard > 0.0 && settings_.sweep_jaccard <= 1.0))
    throw common::ConfigError("monitor.sweep_jaccard: expected a value in (0, 1]");
  if (settings_.history == 0) throw common::ConfigError("monitor.history: expected at least 1");
  if (!(settings_.throttle_factor > 0.0 && settings_.throttle_factor < 1.0))
    throw common::ConfigError("monitor.throttle_factor: expected a value in (0, 1)");
  if (!(settings_.benign_texts_per_false_alarm >= 2.0))
    throw common::ConfigError("monitor.benign_texts_per_false_alarm: expected at least 2");
  threshold_ = std::log(settings_.benign_texts_per_false_alarm);
  for (const std::string& id : key_ids) {
    keys_.emplace(id, std::make_unique<KeyState>());
  }
}

ExtractionMonitor::~ExtractionMonitor() = default;

bool ExtractionMonitor::IsSweep(KeyState& state, std::string_view text, std::span<uint32_t> signature) const {
  const std::size_t text_hash = std::hash<std::string_view>{}(text);
  for (std::size_t earlier_hash : state.text_hashes) {
    if (earlier_hash == text_hash) return false;  // a repeat tells the caller nothing new
  }
  if (hasher_.Sign(text, signature) == 0) return false;  // too short to compare
  const auto needed = static_cast<std::size_t>(std::ceil(settings_.sweep_jaccard * kSignaturePermutations));
  bool near = false;
  for (std::size_t i = 0; i < state.text_hashes.size() && !near; ++i) {
    const uint32_t* earlier = &state.signatures[i * kSignaturePermutations];
    std::size_t agree = 0;
    for (int p = 0; p < kSignaturePermutations; ++p) agree += earlier[p] == signature[p];
    near = agree >= needed;
  }
  // The ring grows to `history` texts as the key sends them, so idle keys cost no memory.
  if (state.text_hashes.size() < settings_.history) {
    state.text_hashes.push_back(text_hash);
    state.signatures.insert(state.signatures.end(), signature.begin(), signature.end());
  } else {
    state.text_hashes[state.ring_next] = text_hash;
    std::copy(signature.begin(), signature.end(),
              state.signatures.begin() + static_cast<std::ptrdiff_t>(state.ring_next * kSignaturePermutations));
  }
  state.ring_next = (state.ring_next + 1) % settings_.history;
  return near;
}

ExtractionMonitor::Verdict ExtractionMonitor::Observe(const std::string& key_id,
                                                     std::span<const std::string> texts,
                                                     std::span<const std::vector<audit::ClassProbability>> answers,
                                                     double now_seconds) {
  const auto found = keys_.find(key_id);
  if (found == keys_.end()) return {};
  KeyState& state = *found->second;
  uint32_t signature[kSignaturePermutations];
  std::lock_guard<std::mutex> lock(state.mutex);
  const auto day = static_cast<std::int64_t>(std::floor(now_seconds / kSecondsPerDay));
  if (day > state.day) {  // days only move forward (see RateLimiter::Admit)
    state.day = day;
    state.texts_today = 0;
  }
  const std::size_t flags_before = state.watch.flags.size();
  for (std::size_t i = 0; i < texts.size(); ++i) {
    ++state.watch.texts;
    ++state.texts_today;
    const std::vector<audit::ClassProbability>& answer = answers[i];
    const double top = answer.empty() ? 1.0 : answer[0].probability;
    const double second = answer.size() > 1 ? answer[1].probability : 0.0;
    const bool boundary = top - second < settings_.boundary_margin;
    const bool sweep = IsSweep(state, texts[i], signature);
    texts_.fetch_add(1, std::memory_order_relaxed);
    boundary_events_.fetch_add(boundary, std::memory_order_relaxed);
    sweep_events_.fetch_add(sweep, std::memory_order_relaxed);
    state.watch.boundary_cusum = CusumStep(state.watch.boundary_cusum, boundary, settings_.boundary);
    if (state.watch.boundary_cusum >= threshold_) state.Flag(MonitorSignal::kBoundary);
    state.watch.sweep_cusum = CusumStep(state.watch.sweep_cusum, sweep, settings_.sweep);
    if (state.watch.sweep_cusum >= threshold_) state.Flag(MonitorSignal::kSweep);
    if (settings_.daily_texts > 0 && state.texts_today > settings_.daily_texts) state.Flag(MonitorSignal::kVolume);
  }
  return {state.watch.flags, state.watch.flags.size() - flags_before};
}

bool ExtractionMonitor::Flagged(const std::string& key_id) const {
  const auto found = keys_.find(key_id);
  if (found == keys_.end()) return false;
  std::lock_guard<std::mutex> lock(found->second->mutex);
  return !found->second->watch.flags.empty();
}

KeyWatch ExtractionMonitor::Watch(const std::string& key_id) const {
  const auto found = keys_.find(key_id);
  if (found == keys_.end()) return {};
  std::lock_guard<std::mutex> lock(found->second->mutex);
  return found->second->watch;
}

MonitorTotals ExtractionMonitor::Totals() const {
  return {texts_.load(std::memory_order_relaxed), boundary_events_.load(std::memory_order_relaxed),
          sweep_events_.load(std::memory_order_relaxed)};
}

}  // namespace leakgate::serve
