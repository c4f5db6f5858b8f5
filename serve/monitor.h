// The extraction monitor of `leakgate serve`: streaming per-key tests that tell a key cloning the model from a key
// asking the questions customers ask, so that the server can log, alert, throttle or block it. Each signal is a
// per-text event whose rate under benign traffic is known; a one-sided CUSUM on the log-likelihood ratio of that
// rate against an attacker's flags the key, with a mean of at least `benign_texts_per_false_alarm` benign texts
// between false alarms per signal. Memory per key is bounded by `history`.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "audit/model.h"
#include "dedup/minhash/minhash.h"
#include "serve/coverage.h"

namespace leakgate::serve {

// A per-text event's rate under benign traffic (measured on it) and under the attacker it is meant to catch.
struct EventRates {
  double benign = 0.05;  // in (0, 1)
  double attack = 0.5;   // in (benign, 1)
};

enum class MonitorAction {
  kLog,       // the request log and /metrics carry the key's flags
  kAlert,     // and a warning line on the server's log when a key is first flagged
  kThrottle,  // and the flagged key's rate and burst are multiplied by throttle_factor
  kBlock,     // and the flagged key gets 403 from then on
};

// "log" | "alert" | "throttle" | "block"; anything else throws common::ConfigError.
MonitorAction ParseMonitorAction(std::string_view text);
std::string_view MonitorActionName(MonitorAction action);

struct MonitorSettings {
  bool enabled = false;
  // Mean number of benign texts one key sends before one signal raises a false alarm (the CUSUM's average run
  // length under the benign rate, at least e^threshold: Lorden 1971); sets the threshold ln of it.
  double benign_texts_per_false_alarm = 1e6;
  // Boundary probing (Tramèr et al. 2016, line search; active learning's uncertainty sampling, Pal et al. 2020):
  // an answer whose top probability exceeds the second by less than boundary_margin.
  double boundary_margin = 0.1;
  EventRates boundary{0.05, 0.5};
  // Near-duplicate sweeps (varying one part of a text and watching the answer, as in Papernot et al. 2017's
  // augmentation and PRADA's distance test, Juuti et al. 2019): a text whose MinHash Jaccard with one of the key's
  // last `history` distinct texts is at least sweep_jaccard. Asking the same text again is not an event.
  double sweep_jaccard = 0.6;
  EventRates sweep{0.05, 0.5};
  std::size_t history = 128;
  // Keys acting as one (a sweep or a line search spread over several keys, Juuti et al. 2019's distributed
  // attacker): a text whose MinHash Jaccard is at least sweep_jaccard with one of the last cross_key_history distinct
  // texts other keys sent. Sending another key's text again exactly is not an event. 0: no cross-key signal.
  std::size_t cross_key_history = 0;
  EventRates cross_key{0.05, 0.5};
  // Coverage (Kesarwani et al. 2018; uniformly random queries, Tramèr et al. 2016, Carlini et al. 2024): a text of
  // which at least coverage_unseen_share of the words are outside the release's training vocabulary (InputCoverage,
  // words of at least coverage_min_people people). 0: no coverage signal; it needs that vocabulary.
  double coverage_unseen_share = 0.5;
  std::size_t coverage_min_people = 5;
  EventRates coverage{0.05, 0.5};
  // Volume: more texts per key per UTC day than a customer sends; 0: no volume signal.
  std::uint64_t daily_texts = 0;
  MonitorAction action = MonitorAction::kLog;
  double throttle_factor = 0.1;  // in (0, 1)
};

// The signals. The first kEventSignals are per-text events watched by a CUSUM; volume counts the day's texts.
enum class MonitorSignal { kBoundary, kSweep, kCrossKey, kCoverage, kVolume };
inline constexpr std::size_t kMonitorSignals = 5;
inline constexpr std::size_t kEventSignals = 4;
inline constexpr MonitorSignal kEventSignalList[kEventSignals] = {MonitorSignal::kBoundary, MonitorSignal::kSweep,
                                                                  MonitorSignal::kCrossKey, MonitorSignal::kCoverage};
std::string_view MonitorSignalName(MonitorSignal signal);
// The /metrics series counting an event signal's events: leakgate_monitor_events_total{signal="<name>"}.
std::string MonitorEventsMetric(MonitorSignal signal);

// What the monitor knows of one key.
struct KeyWatch {
  std::uint64_t texts = 0;                     // observed since the server started
  std::vector<std::string> flags;              // signals that flagged the key, in the order they did
  std::vector<std::uint64_t> texts_at_flag;    // the key's `texts` when each of `flags` fired
  std::array<double, kEventSignals> cusums{};  // per event signal, in MonitorSignal's order

  double Cusum(MonitorSignal signal) const { return cusums[static_cast<std::size_t>(signal)]; }
};

// Events over every key since the server started: their share of the texts is what benign traffic's rates are
// measured from (GET /metrics).
struct MonitorTotals {
  std::uint64_t texts = 0;
  std::array<std::uint64_t, kEventSignals> events{};  // per event signal, in MonitorSignal's order

  std::uint64_t Events(MonitorSignal signal) const { return events[static_cast<std::size_t>(signal)]; }
};

// Thread-safe: one lock per key, and one for the cross-key index, always taken after a key's; a key id the monitor
// was not built with is never flagged.
class ExtractionMonitor {
 public:
  // Throws common::ConfigError for settings out of range (rates outside 0 < benign < attack < 1, a margin or Jaccard
  // outside (0, 1], history 0, throttle_factor outside (0, 1), benign_texts_per_false_alarm below 2,
  // coverage_unseen_share outside [0, 1]). `coverage`: the release's training vocabulary; without it (or with
  // coverage_unseen_share 0) there is no coverage signal.
  ExtractionMonitor(const MonitorSettings& settings, std::span<const std::string> key_ids,
                    std::shared_ptr<const InputCoverage> coverage = nullptr);
  ~ExtractionMonitor();

  const MonitorSettings& settings() const { return settings_; }
  // The CUSUM threshold: ln(benign_texts_per_false_alarm).
  double threshold() const { return threshold_; }

  // What one request did to its key: every flag the key carries after it, and how many of them it raised.
  struct Verdict {
    std::vector<std::string> flags;
    std::size_t new_flags = 0;
  };
  // Feeds one answered request: each text with the model's full answer (every class, most probable first), at
  // `now_seconds` (Unix time, for the daily volume).
  Verdict Observe(const std::string& key_id, std::span<const std::string> texts,
                  std::span<const std::vector<audit::ClassProbability>> answers, double now_seconds);
  bool Flagged(const std::string& key_id) const;
  KeyWatch Watch(const std::string& key_id) const;
  MonitorTotals Totals() const;

 private:
  struct KeyState;
  class CrossKeyIndex;
  // Whether a text (its hash, and its MinHash signature: empty when too short to shingle) is new to the key and
  // near one of its recent texts; a new signed text is then kept among them. Needs the key's lock.
  bool IsSweep(KeyState& state, std::size_t text_hash, std::span<const uint32_t> signature) const;
  // Signature values two texts must share to be near duplicates: sweep_jaccard of them.
  std::size_t NeededAgreement() const;
  // Whether the signal runs (cross-key, coverage and volume can be off), and an event signal's rates.
  bool Watches(MonitorSignal signal) const;
  const EventRates& Rates(MonitorSignal signal) const;

  MonitorSettings settings_;
  double threshold_;
  dedup::MinHasher hasher_;
  std::unordered_map<std::string, std::unique_ptr<KeyState>> keys_;
  std::unique_ptr<CrossKeyIndex> cross_key_;       // when settings_.cross_key_history > 0
  std::shared_ptr<const InputCoverage> coverage_;  // when the coverage signal runs
  std::atomic<std::uint64_t> texts_{0};
  std::array<std::atomic<std::uint64_t>, kEventSignals> events_{};
};

}  // namespace leakgate::serve
