// The prefetcher hands items over in order, once each, ends cleanly, passes errors on after the items made before
// them, and stops its thread when the consumer leaves early; the same with and without a thread.
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>

#include "common/prefetcher.h"

namespace leakgate::common {
namespace {

class PrefetcherTest : public ::testing::TestWithParam<bool> {};

TEST_P(PrefetcherTest, HandsOverEveryItemInOrderThenTheEnd) {
  int made = 0;
  Prefetcher<std::vector<int>> items(
      [&](std::vector<int>& item) {
        if (made == 1000) return false;
        item.assign(3, made++);
        return true;
      },
      GetParam());
  int expected = 0;
  while (const std::vector<int>* item = items.Next()) {
    ASSERT_EQ(*item, std::vector<int>(3, expected));
    ++expected;
  }
  EXPECT_EQ(expected, 1000);
  EXPECT_EQ(items.Next(), nullptr);
}

TEST_P(PrefetcherTest, AnErrorArrivesAfterTheItemsMadeBeforeIt) {
  int made = 0;
  Prefetcher<int> items(
      [&](int& item) {
        if (made == 5) throw std::runtime_error("line 6 is bad");
        item = made++;
        return true;
      },
      GetParam());
  for (int expected = 0; expected < 5; ++expected) {
    const int* item = items.Next();
    ASSERT_NE(item, nullptr);
    EXPECT_EQ(*item, expected);
  }
  EXPECT_THROW(items.Next(), std::runtime_error);
  EXPECT_EQ(items.Next(), nullptr);
}

TEST_P(PrefetcherTest, AConsumerThatLeavesEarlyStopsTheProducer) {
  std::atomic<int> made = 0;
  {
    Prefetcher<int> items(
        [&](int& item) {
          item = made++;
          return true;
        },
        GetParam());
    ASSERT_NE(items.Next(), nullptr);
  }
  // The item handed over and at most one more made ahead of it: there are two slots.
  EXPECT_LE(made.load(), 2);
}

INSTANTIATE_TEST_SUITE_P(AheadOrInline, PrefetcherTest, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "Ahead" : "Inline"; });

}  // namespace
}  // namespace leakgate::common
