// The ordered pipeline consumes every item once, in production order, whatever order the workers finish in; passes
// errors on at their item's turn; and stops its threads when the consumer fails; the same with no worker threads.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "common/ordered_pipeline.h"

namespace leakgate::common {
namespace {

struct Item {
  int value = -1;
  int squared = -1;
  int worker = -1;
};

class OrderedPipelineTest : public ::testing::TestWithParam<int> {};

// Counts to `count`, then ends; optionally throws instead of producing item `throw_at`.
std::function<bool(Item&)> CountTo(int count, int throw_at = -1) {
  auto made = std::make_shared<int>(0);
  return [=](Item& item) {
    if (*made == throw_at) throw std::runtime_error("source failed at " + std::to_string(throw_at));
    if (*made == count) return false;
    item.value = (*made)++;
    item.squared = -1;
    return true;
  };
}

TEST_P(OrderedPipelineTest, ConsumesEveryItemOnceInProductionOrder) {
  const int workers = GetParam();
  std::vector<int> consumed;
  std::set<int> workers_seen;
  RunOrderedPipeline<Item>(
      4, workers, CountTo(500),
      [](Item& item, int worker) {
        // Uneven work, so that later items often finish first.
        if (item.value % 7 == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));
        item.squared = item.value * item.value;
        item.worker = worker;
      },
      [&](Item& item) {
        ASSERT_EQ(item.squared, item.value * item.value) << "consumed before its work was done";
        consumed.push_back(item.value);
        workers_seen.insert(item.worker);
      });
  ASSERT_EQ(consumed.size(), 500u);
  for (int i = 0; i < 500; ++i) ASSERT_EQ(consumed[static_cast<std::size_t>(i)], i);
  for (int worker : workers_seen) EXPECT_TRUE(worker >= 0 && worker < std::max(workers, 1));
  if (workers >= 2) {
    EXPECT_GE(workers_seen.size(), 2u) << "the work is shared between the workers";
  }
}

TEST_P(OrderedPipelineTest, AProducerErrorArrivesAfterTheItemsMadeBeforeIt) {
  std::vector<int> consumed;
  try {
    RunOrderedPipeline<Item>(
        3, GetParam(), CountTo(100, 5), [](Item& item, int) { item.squared = item.value * item.value; },
        [&](Item& item) { consumed.push_back(item.value); });
    FAIL() << "the producer's error was lost";
  } catch (const std::runtime_error& error) {
    EXPECT_STREQ(error.what(), "source failed at 5");
  }
  EXPECT_EQ(consumed, (std::vector<int>{0, 1, 2, 3, 4}));
}

TEST_P(OrderedPipelineTest, AWorkErrorArrivesAtItsItemsTurn) {
  std::vector<int> consumed;
  EXPECT_THROW(RunOrderedPipeline<Item>(
                   3, GetParam(), CountTo(100),
                   [](Item& item, int) {
                     if (item.value == 7) throw std::invalid_argument("item 7 is bad");
                   },
                   [&](Item& item) { consumed.push_back(item.value); }),
               std::invalid_argument);
  EXPECT_EQ(consumed, (std::vector<int>{0, 1, 2, 3, 4, 5, 6}));
}

TEST_P(OrderedPipelineTest, AConsumerErrorStopsTheOtherThreads) {
  std::atomic<int> produced{0};
  auto count = CountTo(1000000);
  EXPECT_THROW(RunOrderedPipeline<Item>(
                   3, GetParam(),
                   [&](Item& item) {
                     ++produced;
                     return count(item);
                   },
                   [](Item&, int) {},
                   [](Item& item) {
                     if (item.value == 10) throw std::runtime_error("the sketch is full");
                   }),
               std::runtime_error);
  EXPECT_LT(produced.load(), 100) << "the producer went on after the consumer failed";
}

INSTANTIATE_TEST_SUITE_P(Workers, OrderedPipelineTest, ::testing::Values(0, 1, 2, 4));

}  // namespace
}  // namespace leakgate::common
