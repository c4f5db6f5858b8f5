#include "serve/monitor.h"

#include <algorithm>
#include <array>
#include <bit>
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
  for (MonitorAction action :
       {MonitorAction::kLog, MonitorAction::kAlert, MonitorAction::kThrottle, MonitorAction::kBlock}) {
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
    case MonitorSignal::kCrossKey: return "cross_key";
    case MonitorSignal::kCoverage: return "coverage";
    case MonitorSignal::kVolume: return "volume";
  }
  return "boundary";
}

std::string MonitorEventsMetric(MonitorSignal signal) {
  return "leakgate_monitor_events_total{signal=\"" + std::string(MonitorSignalName(signal)) + "\"}";
}

// A key's statistics and its last `history` distinct texts (their hashes and MinHash signatures, in a ring).
struct ExtractionMonitor::KeyState {
  mutable std::mutex mutex;
  KeyWatch watch;
  std::uint32_t index = 0;  // the key's number in the cross-key index
  bool flagged[kMonitorSignals] = {};
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

// The last `capacity` distinct texts of all keys (their owner, hash and MinHash signature, in a ring), found by LSH:
// 16 bands of 4 signature values, so that a pair at Jaccard 0.6 shares a band with probability 0.89 (and is then
// compared on all 64 values). The bands' hashes index a fixed table of buckets, allocated once, so that a request
// allocates nothing here. A bucket keeps its newest kBucketSize texts, so that templated traffic, whose texts all
// share some bands, costs a bounded number of comparisons per text. The table has a bucket for every
// kEntriesPerBucket band entries of a full ring, so band hashes rarely share a bucket (one that a crowd of texts fills
// forgets the other hashes in it sooner).
class ExtractionMonitor::CrossKeyIndex {
 public:
  CrossKeyIndex(std::size_t capacity, std::size_t needed_agreement)
      : capacity_(capacity),
        needed_(needed_agreement),
        table_(std::bit_ceil(std::max<std::size_t>(1, capacity * kBands / kEntriesPerBucket))),
        mask_(table_.size() - 1) {}

  // Whether the text near-duplicates one of another key's recent texts without being one of them; then remembers
  // it. A text the index already holds from any key is not remembered again.
  bool Observe(std::uint32_t key, std::size_t text_hash, std::span<const uint32_t> signature) {
    std::lock_guard<std::mutex> lock(mutex_);
    ++query_;
    bool near_other_key = false;
    for (int band = 0; band < kBands; ++band) {
      const std::uint64_t band_hash = BandHash(signature, band);
      const Bucket& bucket = BucketOf(band_hash);
      const std::uint32_t tag = Tag(band_hash);
      for (std::uint32_t i = 0; i < bucket.count; ++i) {
        if (bucket.tags[i] != tag) continue;  // another band hash in the same bucket
        const std::uint32_t slot = bucket.slots[i];
        if (last_query_[slot] == query_) continue;  // met in an earlier band
        last_query_[slot] = query_;
        if (entries_[slot].text_hash == text_hash) return false;  // asked before: nothing new, not remembered again
        if (entries_[slot].key == key || near_other_key) continue;
        std::size_t agree = 0;
        const uint32_t* earlier = &signatures_[std::size_t{slot} * kSignaturePermutations];
        for (int p = 0; p < kSignaturePermutations; ++p) agree += earlier[p] == signature[p];
        near_other_key = agree >= needed_;
      }
    }
    Remember(key, text_hash, signature);
    return near_other_key;
  }

 private:
  static constexpr int kBands = 16;
  static constexpr int kRowsPerBand = kSignaturePermutations / kBands;
  static constexpr std::uint32_t kBucketSize = 32;
  static constexpr std::size_t kEntriesPerBucket = 8;
  struct Entry {
    std::uint32_t key = 0;
    std::size_t text_hash = 0;
  };
  // The ring slots of the texts whose band hash maps here, oldest first, each with the band hash's high half.
  struct Bucket {
    std::uint32_t count = 0;
    std::uint32_t tags[kBucketSize] = {};
    std::uint32_t slots[kBucketSize] = {};
  };

  static std::uint64_t BandHash(std::span<const uint32_t> signature, int band) {
    std::uint64_t hash = 0x9E3779B97F4A7C15ull * static_cast<std::uint64_t>(band + 1);
    for (int row = 0; row < kRowsPerBand; ++row) {
      hash ^= signature[band * kRowsPerBand + row];
      hash *= 0xBF58476D1CE4E5B9ull;
      hash ^= hash >> 31;
    }
    return hash;
  }
  // The low bits pick the bucket, the high half tells the band hashes in it apart.
  Bucket& BucketOf(std::uint64_t band_hash) { return table_[band_hash & mask_]; }
  static std::uint32_t Tag(std::uint64_t band_hash) { return static_cast<std::uint32_t>(band_hash >> 32); }

  void Forget(std::uint32_t slot) {
    const std::span<const uint32_t> old(&signatures_[std::size_t{slot} * kSignaturePermutations],
                                        kSignaturePermutations);
    for (int band = 0; band < kBands; ++band) {
      const std::uint64_t band_hash = BandHash(old, band);
      Bucket& bucket = BucketOf(band_hash);
      for (std::uint32_t i = 0; i < bucket.count; ++i) {
        if (bucket.slots[i] != slot || bucket.tags[i] != Tag(band_hash)) continue;
        RemoveAt(bucket, i);
        break;
      }
    }
  }

  static void RemoveAt(Bucket& bucket, std::uint32_t i) {
    std::copy(bucket.tags + i + 1, bucket.tags + bucket.count, bucket.tags + i);
    std::copy(bucket.slots + i + 1, bucket.slots + bucket.count, bucket.slots + i);
    --bucket.count;
  }

  void Remember(std::uint32_t key, std::size_t text_hash, std::span<const uint32_t> signature) {
    auto slot = static_cast<std::uint32_t>(entries_.size());
    if (entries_.size() < capacity_) {
      entries_.push_back({key, text_hash});
      signatures_.insert(signatures_.end(), signature.begin(), signature.end());
      last_query_.push_back(0);
    } else {
      slot = static_cast<std::uint32_t>(next_);
      next_ = (next_ + 1) % capacity_;
      Forget(slot);
      entries_[slot] = {key, text_hash};
      std::copy(signature.begin(), signature.end(),
                signatures_.begin() + static_cast<std::ptrdiff_t>(std::size_t{slot} * kSignaturePermutations));
    }
    for (int band = 0; band < kBands; ++band) {
      const std::uint64_t band_hash = BandHash(signature, band);
      Bucket& bucket = BucketOf(band_hash);
      if (bucket.count == kBucketSize) RemoveAt(bucket, 0);
      bucket.tags[bucket.count] = Tag(band_hash);
      bucket.slots[bucket.count] = slot;
      ++bucket.count;
    }
  }

  std::size_t capacity_;
  std::size_t needed_;
  std::mutex mutex_;
  std::vector<Entry> entries_;
  std::vector<uint32_t> signatures_;
  std::vector<std::uint64_t> last_query_;  // per slot: the last Observe that compared it
  std::uint64_t query_ = 0;
  std::size_t next_ = 0;
  std::vector<Bucket> table_;
  std::uint64_t mask_;
};

ExtractionMonitor::ExtractionMonitor(const MonitorSettings& settings, std::span<const std::string> key_ids,
                                     std::shared_ptr<const InputCoverage> coverage)
    : settings_(settings), threshold_(0.0), hasher_(SweepMinHash()) {
  for (MonitorSignal signal : kEventSignalList) CheckRates(Rates(signal), std::string(MonitorSignalName(signal)));
  if (!(settings_.coverage_unseen_share >= 0.0 && settings_.coverage_unseen_share <= 1.0))
    throw common::ConfigError("monitor.coverage_unseen_share: expected a value in [0, 1]");
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
    auto state = std::make_unique<KeyState>();
    state->index = static_cast<std::uint32_t>(keys_.size());
    keys_.emplace(id, std::move(state));
  }
  if (settings_.cross_key_history > 0)
    cross_key_ = std::make_unique<CrossKeyIndex>(settings_.cross_key_history, NeededAgreement());
  if (settings_.coverage_unseen_share > 0.0) coverage_ = std::move(coverage);
}

ExtractionMonitor::~ExtractionMonitor() = default;

bool ExtractionMonitor::Watches(MonitorSignal signal) const {
  switch (signal) {
    case MonitorSignal::kCrossKey: return cross_key_ != nullptr;
    case MonitorSignal::kCoverage: return coverage_ != nullptr;
    case MonitorSignal::kVolume: return settings_.daily_texts > 0;
    default: return true;
  }
}

const EventRates& ExtractionMonitor::Rates(MonitorSignal signal) const {
  switch (signal) {
    case MonitorSignal::kSweep: return settings_.sweep;
    case MonitorSignal::kCrossKey: return settings_.cross_key;
    case MonitorSignal::kCoverage: return settings_.coverage;
    default: return settings_.boundary;
  }
}

std::size_t ExtractionMonitor::NeededAgreement() const {
  return static_cast<std::size_t>(std::ceil(settings_.sweep_jaccard * kSignaturePermutations));
}

bool ExtractionMonitor::IsSweep(KeyState& state, std::size_t text_hash, std::span<const uint32_t> signature) const {
  for (std::size_t earlier_hash : state.text_hashes) {
    if (earlier_hash == text_hash) return false;  // a repeat tells the caller nothing new
  }
  if (signature.empty()) return false;  // too short to compare
  const std::size_t needed = NeededAgreement();
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

ExtractionMonitor::Verdict ExtractionMonitor::Observe(const std::string& key_id, std::span<const std::string> texts,
                                                      std::span<const std::vector<audit::ClassProbability>> answers,
                                                      double now_seconds) {
  const auto found = keys_.find(key_id);
  if (found == keys_.end()) return {};
  KeyState& state = *found->second;
  // Outside the key's lock, so that a key's requests wait for each other only on the cheap part: each text's hash,
  // MinHash signature (none when too short to shingle) and cross-key event (the index has a lock of its own).
  struct Probe {
    std::size_t hash = 0;
    bool signed_text = false, cross_key = false, uncovered = false;
    std::array<uint32_t, kSignaturePermutations> signature;
  };
  std::vector<Probe> probes(texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) {
    Probe& probe = probes[i];
    probe.hash = std::hash<std::string_view>{}(texts[i]);
    probe.signed_text = hasher_.Sign(texts[i], probe.signature) > 0;
    probe.cross_key = cross_key_ && probe.signed_text && cross_key_->Observe(state.index, probe.hash, probe.signature);
    probe.uncovered = coverage_ && coverage_->UnseenShare(texts[i]) >= settings_.coverage_unseen_share;
  }
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
    const Probe& probe = probes[i];
    const bool sweep =
        IsSweep(state, probe.hash,
                probe.signed_text ? std::span<const uint32_t>(probe.signature) : std::span<const uint32_t>());
    const bool events[kEventSignals] = {boundary, sweep, probe.cross_key, probe.uncovered};
    texts_.fetch_add(1, std::memory_order_relaxed);
    for (MonitorSignal signal : kEventSignalList) {
      const auto s = static_cast<std::size_t>(signal);
      events_[s].fetch_add(events[s], std::memory_order_relaxed);
      if (!Watches(signal)) continue;
      state.watch.cusums[s] = CusumStep(state.watch.cusums[s], events[s], Rates(signal));
      if (state.watch.cusums[s] >= threshold_) state.Flag(signal);
    }
    if (Watches(MonitorSignal::kVolume) && state.texts_today > settings_.daily_texts)
      state.Flag(MonitorSignal::kVolume);
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
  MonitorTotals totals;
  totals.texts = texts_.load(std::memory_order_relaxed);
  for (std::size_t s = 0; s < kEventSignals; ++s) totals.events[s] = events_[s].load(std::memory_order_relaxed);
  return totals;
}

}  // namespace leakgate::serve
