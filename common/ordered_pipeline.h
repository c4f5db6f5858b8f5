// Runs produce -> work -> consume over a fixed pool of items: one thread produces items in order, `workers` threads
// each work on whole items side by side, and the caller consumes them in the order they were produced. The work is
// balanced by itself: whichever stage is slow on a given input, every worker takes the next item that is ready.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace leakgate::common {

// produce(item) fills an item and returns false at the end; work(item, worker) runs on worker `worker` in
// [0, workers); consume(item) runs on the caller's thread, items in production order. Items are reused: each keeps
// its allocations from one use to the next. With `workers` 0 everything runs on the caller's thread, one item at a
// time. An exception from produce reaches the caller after the items produced before it are consumed; one from
// work reaches it at that item's turn; one from consume stops the pipeline (the other threads finish what they are
// doing and end) and propagates.
template <typename Item>
void RunOrderedPipeline(std::size_t items, int workers, const std::function<bool(Item&)>& produce,
                        const std::function<void(Item&, int)>& work, const std::function<void(Item&)>& consume) {
  if (workers <= 0) {
    Item item;
    while (produce(item)) {
      work(item, 0);
      consume(item);
    }
    return;
  }
  enum class State { kFree, kProducing, kProduced, kWorking, kDone };
  struct Slot {
    Item item;
    State state = State::kFree;
    std::uint64_t sequence = 0;
    std::exception_ptr error;  // from work, rethrown at the item's turn
  };
  // Enough items that the producer and every worker always have one while the caller consumes another.
  std::vector<Slot> slots(std::max(items, static_cast<std::size_t>(workers) + 2));
  std::mutex mutex;
  std::condition_variable changed;
  std::uint64_t produced = 0;     // the items produced so far, and the next one's sequence number
  bool production_over = false;   // produce returned false or threw
  std::exception_ptr production_error;
  bool stopping = false;          // the caller is leaving early
  auto find = [&](auto&& wanted) -> Slot* {
    Slot* best = nullptr;
    for (Slot& slot : slots) {
      if (wanted(slot) && (best == nullptr || slot.sequence < best->sequence)) best = &slot;
    }
    return best;
  };

  auto producer = [&] {
    while (true) {
      Slot* slot = nullptr;
      {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] {
          return stopping || (slot = find([](const Slot& s) { return s.state == State::kFree; })) != nullptr;
        });
        if (stopping) return;
        slot->state = State::kProducing;
      }
      bool more = false;
      std::exception_ptr error;
      try {
        more = produce(slot->item);
      } catch (...) {
        error = std::current_exception();
      }
      {
        std::lock_guard lock(mutex);
        if (more) {
          slot->sequence = produced++;
          slot->state = State::kProduced;
        } else {
          slot->state = State::kFree;
          production_over = true;
          production_error = error;
        }
      }
      changed.notify_all();
      if (!more) return;
    }
  };
  auto worker = [&](int index) {
    while (true) {
      Slot* slot = nullptr;
      {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] {
          slot = find([](const Slot& s) { return s.state == State::kProduced; });
          return stopping || slot != nullptr || production_over;
        });
        if (stopping || slot == nullptr) return;
        slot->state = State::kWorking;
      }
      try {
        work(slot->item, index);
      } catch (...) {
        slot->error = std::current_exception();
      }
      {
        std::lock_guard lock(mutex);
        slot->state = State::kDone;
      }
      changed.notify_all();
    }
  };

  std::vector<std::thread> threads;
  // Joins the threads however the caller leaves, after telling them to stop early if it leaves with an exception.
  struct Joiner {
    std::vector<std::thread>& threads;
    std::mutex& mutex;
    std::condition_variable& changed;
    bool& stopping;
    ~Joiner() {
      {
        std::lock_guard lock(mutex);
        stopping = true;
      }
      changed.notify_all();
      for (std::thread& thread : threads) thread.join();
    }
  } joiner{threads, mutex, changed, stopping};
  threads.emplace_back(producer);
  for (int w = 0; w < workers; ++w) threads.emplace_back(worker, w);

  for (std::uint64_t next = 0;; ++next) {
    Slot* slot = nullptr;
    {
      std::unique_lock lock(mutex);
      changed.wait(lock, [&] {
        slot = find([&](const Slot& s) { return s.state == State::kDone && s.sequence == next; });
        return slot != nullptr || (production_over && next == produced);
      });
      if (slot == nullptr) break;
    }
    if (slot->error) std::rethrow_exception(slot->error);
    consume(slot->item);
    {
      std::lock_guard lock(mutex);
      slot->state = State::kFree;
    }
    changed.notify_all();
  }
  if (production_error) std::rethrow_exception(production_error);
}

}  // namespace leakgate::common
