#include "serve/rate_limit.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace leakgate::serve {

Admission RateLimiter::Admit(const std::string& key_id, const RateLimit& limit, double texts, double now_seconds) {
  constexpr double kSecondsPerDay = 86400.0;
  std::lock_guard<std::mutex> lock(mutex_);
  auto [entry, first_call] = states_.try_emplace(key_id);
  State& state = entry->second;
  if (first_call) {
    state.tokens = limit.burst;
    state.updated = now_seconds;
  }
  const double elapsed = std::max(0.0, now_seconds - state.updated);
  state.tokens = std::min(limit.burst, state.tokens + elapsed * limit.texts_per_second);
  state.updated = std::max(state.updated, now_seconds);
  const auto day = static_cast<std::int64_t>(std::floor(now_seconds / kSecondsPerDay));
  // Days only move forward: a clock stepped back, or requests taking the lock out of order around midnight, must not
  // hand out a second quota.
  if (day > state.day) {
    state.day = day;
    state.used_today = 0;
  }
  if (limit.daily_quota > 0 && texts > static_cast<double>(limit.daily_quota))
    return {false, std::numeric_limits<double>::infinity(), "daily_quota"};
  if (limit.daily_quota > 0 && static_cast<double>(state.used_today) + texts > static_cast<double>(limit.daily_quota))
    return {false, static_cast<double>(state.day + 1) * kSecondsPerDay - now_seconds, "daily_quota"};
  if (texts > limit.burst) return {false, std::numeric_limits<double>::infinity(), "rate"};
  if (state.tokens < texts) return {false, (texts - state.tokens) / limit.texts_per_second, "rate"};
  state.tokens -= texts;
  state.used_today += static_cast<std::uint64_t>(texts);
  return {};
}

}  // namespace leakgate::serve
