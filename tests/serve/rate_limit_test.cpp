#include "serve/rate_limit.h"

#include <gtest/gtest.h>

#include <cmath>

namespace leakgate::serve {
namespace {

constexpr double kDay = 86400.0;

TEST(RateLimiter, BurstThenRetryAfterTheRefillTime) {
  RateLimiter limiter;
  const RateLimit limit{.texts_per_second = 2.0, .burst = 5.0, .daily_quota = 0};
  const double now = 1000 * kDay + 10.0;
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(limiter.Admit("alice", limit, 1.0, now).allowed) << i;
  const Admission refused = limiter.Admit("alice", limit, 1.0, now);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.reason, "rate");
  EXPECT_NEAR(refused.retry_after_seconds, 0.5, 1e-9);
  EXPECT_FALSE(limiter.Admit("alice", limit, 1.0, now + 0.4).allowed);
  EXPECT_TRUE(limiter.Admit("alice", limit, 1.0, now + 0.5).allowed);
  // Another key has its own bucket.
  EXPECT_TRUE(limiter.Admit("bob", limit, 5.0, now).allowed);
}

TEST(RateLimiter, ABatchCostsItsTextsAndOneLargerThanTheBurstIsNeverAdmitted) {
  RateLimiter limiter;
  const RateLimit limit{.texts_per_second = 1.0, .burst = 10.0, .daily_quota = 0};
  EXPECT_TRUE(limiter.Admit("alice", limit, 8.0, 0.0).allowed);
  const Admission refused = limiter.Admit("alice", limit, 4.0, 0.0);
  EXPECT_FALSE(refused.allowed);
  EXPECT_NEAR(refused.retry_after_seconds, 2.0, 1e-9);
  const Admission never = limiter.Admit("alice", limit, 11.0, 100.0);
  EXPECT_FALSE(never.allowed);
  EXPECT_TRUE(std::isinf(never.retry_after_seconds));
}

TEST(RateLimiter, DailyQuotaResetsAtUtcMidnight) {
  RateLimiter limiter;
  const RateLimit limit{.texts_per_second = 100.0, .burst = 100.0, .daily_quota = 3};
  const double morning = 20000 * kDay + 3600.0;
  EXPECT_TRUE(limiter.Admit("alice", limit, 2.0, morning).allowed);
  EXPECT_TRUE(limiter.Admit("alice", limit, 1.0, morning + 1).allowed);
  const Admission refused = limiter.Admit("alice", limit, 1.0, morning + 2);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.reason, "daily_quota");
  EXPECT_NEAR(refused.retry_after_seconds, kDay - 3602.0, 1e-6);
  EXPECT_TRUE(limiter.Admit("alice", limit, 1.0, 20001 * kDay).allowed);
}

TEST(RateLimiter, AClockSteppingBackAcrossMidnightGrantsNoSecondQuota) {
  RateLimiter limiter;
  const RateLimit limit{.texts_per_second = 100.0, .burst = 100.0, .daily_quota = 3};
  const double after_midnight = 20001 * kDay + 5.0;
  EXPECT_TRUE(limiter.Admit("alice", limit, 3.0, after_midnight).allowed);
  EXPECT_FALSE(limiter.Admit("alice", limit, 1.0, after_midnight - 10.0).allowed) << "the day before, again";
  EXPECT_FALSE(limiter.Admit("alice", limit, 1.0, after_midnight + 60.0).allowed) << "and the quota still counts";
}

TEST(RateLimiter, ABatchLargerThanTheDailyQuotaIsNeverAdmitted) {
  RateLimiter limiter;
  const RateLimit limit{.texts_per_second = 100.0, .burst = 100.0, .daily_quota = 3};
  const Admission never = limiter.Admit("alice", limit, 4.0, 20000 * kDay);
  EXPECT_FALSE(never.allowed);
  EXPECT_EQ(never.reason, "daily_quota");
  EXPECT_TRUE(std::isinf(never.retry_after_seconds)) << "waiting for midnight would not help";
}

}  // namespace
}  // namespace leakgate::serve
