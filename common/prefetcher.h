// Runs a producer one item ahead of its consumer on a thread of its own (double buffering), so that producing the
// next item (reading and parsing a batch, say) overlaps what the caller does with this one.
#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <stop_token>
#include <thread>

namespace leakgate::common {

template <typename Item>
class Prefetcher {
 public:
  // produce(Item&) fills an item and returns false at the end. With `ahead` false it runs on the caller's thread
  // inside Next, and nothing runs in the background.
  Prefetcher(std::function<bool(Item&)> produce, bool ahead) : produce_(std::move(produce)) {
    if (ahead) thread_ = std::jthread([this](std::stop_token stop) { ProduceAhead(stop); });
  }
  // The thread, destroyed first, stops the producer after the item it is making: a consumer that fails mid-stream
  // leaves through here.
  ~Prefetcher() = default;
  Prefetcher(const Prefetcher&) = delete;
  Prefetcher& operator=(const Prefetcher&) = delete;

  // The next item, or nullptr at the end; valid until the next call. An exception the producer threw is rethrown
  // here, after the items made before it.
  Item* Next() {
    if (finished_) return nullptr;
    if (!thread_.joinable()) {
      finished_ = true;  // until the producer returns an item
      finished_ = !produce_(items_[0]);
      return finished_ ? nullptr : &items_[0];
    }
    Slot slot;
    {
      std::unique_lock lock(mutex_);
      if (lent_ != nullptr) {
        free_.push_back(lent_);
        lent_ = nullptr;
        changed_.notify_all();
      }
      changed_.wait(lock, [&] { return !filled_.empty(); });
      slot = filled_.front();
      filled_.pop_front();
    }
    finished_ = slot.item == nullptr;
    if (slot.error) std::rethrow_exception(slot.error);
    lent_ = slot.item;
    return slot.item;
  }

 private:
  struct Slot {
    Item* item = nullptr;  // nullptr: the end, or the error below
    std::exception_ptr error;
  };

  void ProduceAhead(std::stop_token stop) {
    while (true) {
      Item* item = nullptr;
      {
        std::unique_lock lock(mutex_);
        if (!changed_.wait(lock, stop, [&] { return !free_.empty(); })) return;
        item = free_.front();
        free_.pop_front();
      }
      Slot slot;
      try {
        if (produce_(*item)) slot.item = item;
      } catch (...) {
        slot.error = std::current_exception();
      }
      {
        std::lock_guard lock(mutex_);
        filled_.push_back(slot);
      }
      changed_.notify_all();
      if (slot.item == nullptr) return;
    }
  }

  std::function<bool(Item&)> produce_;
  Item items_[2];
  std::mutex mutex_;
  std::condition_variable_any changed_;
  std::deque<Item*> free_{&items_[0], &items_[1]};  // guarded by mutex_, as are filled_ and lent_
  std::deque<Slot> filled_;
  Item* lent_ = nullptr;  // the item the consumer holds
  bool finished_ = false;  // the end or an error reached the consumer
  std::jthread thread_;  // last: starts after everything it uses exists, stops before it goes
};

}  // namespace leakgate::common
