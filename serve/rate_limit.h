// Per-key rate limits of `leakgate serve`: a token bucket (a sustained rate with a burst) and a daily quota per UTC
// day, both counted in texts so that batching queries does not buy more of them.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace leakgate::serve {

struct RateLimit {
  double texts_per_second = 10.0;  // sustained refill rate, > 0
  double burst = 50.0;             // bucket size: texts one key may send at once, >= 1
  std::uint64_t daily_quota = 0;   // texts per key per UTC day; 0: no quota
};

struct Admission {
  bool allowed = true;
  double retry_after_seconds = 0.0;  // when refused: how long until the same request would be admitted
  std::string reason;                // when refused: "rate" or "daily_quota"
};

// Thread-safe; one state per key id that has called (the keys file bounds their number).
class RateLimiter {
 public:
  // Admits `texts` texts for `key_id` at time `now_seconds` (Unix time) or says when to retry. A request larger than
  // the burst or the daily quota can never be admitted: its retry_after is infinite.
  Admission Admit(const std::string& key_id, const RateLimit& limit, double texts, double now_seconds);

 private:
  struct State {
    double tokens = 0.0;
    double updated = 0.0;
    std::int64_t day = -1;
    std::uint64_t used_today = 0;
  };
  std::mutex mutex_;
  std::unordered_map<std::string, State> states_;
};

}  // namespace leakgate::serve
