// The accounting's one form of parallelism: a loop over a large grid or transform split between two threads.
#pragma once

#include <cstddef>
#include <thread>

namespace leakgate::dp {

// Runs body(begin, end) over [0, count): as two halves on two threads when `parallel`, else in one call.
template <typename Body>
void ForRange(size_t count, bool parallel, const Body& body) {
  if (!parallel || count < 2) {
    body(0, count);
    return;
  }
  std::thread helper([&] { body(count / 2, count); });
  body(0, count / 2);
  helper.join();
}

}  // namespace leakgate::dp
