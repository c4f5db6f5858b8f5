// Applies a function to a stream of items on several threads and hands the results back in input order,
// one batch at a time, so memory stays bounded by the batch size whatever the stream's length.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "common/threads.h"

namespace leakgate::scrub {

// next(Item&) -> bool fills the next item (false at the end); work(const Item&) -> Result runs on any
// thread; emit(Item&&, Result&&) runs on the calling thread in input order. threads 0 = all cores. The
// first exception thrown by work is rethrown here after the batch's threads have stopped.
template <typename Item, typename Result, typename Next, typename Work, typename Emit>
void OrderedParallelMap(Next&& next, Work&& work, Emit&& emit, unsigned threads, std::size_t batch_size) {
  threads = static_cast<unsigned>(common::ResolveThreads(static_cast<int>(threads)));
  batch_size = std::max<std::size_t>(batch_size, 1);
  std::vector<Item> items;
  std::vector<Result> results;
  bool more = true;
  while (more) {
    items.clear();
    while (items.size() < batch_size) {
      Item item;
      if (!next(item)) {
        more = false;
        break;
      }
      items.push_back(std::move(item));
    }
    if (items.empty()) break;
    results.clear();
    results.resize(items.size());
    std::atomic<std::size_t> cursor{0};
    std::exception_ptr error;
    std::mutex error_mutex;
    auto worker = [&] {
      for (std::size_t i = cursor.fetch_add(1); i < items.size(); i = cursor.fetch_add(1)) {
        try {
          results[i] = work(items[i]);
        } catch (...) {
          std::lock_guard<std::mutex> lock(error_mutex);
          if (!error) error = std::current_exception();
          cursor = items.size();
        }
      }
    };
    std::size_t helpers = std::min<std::size_t>(threads, items.size()) - 1;
    {
      std::vector<std::jthread> pool;
      for (std::size_t t = 0; t < helpers; ++t) pool.emplace_back(worker);
      worker();
    }
    if (error) std::rethrow_exception(error);
    for (std::size_t i = 0; i < items.size(); ++i) emit(std::move(items[i]), std::move(results[i]));
  }
}

}  // namespace leakgate::scrub
