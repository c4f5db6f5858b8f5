// How many threads a "threads" setting means: a positive count as given, 0 (or less) for every core.
#pragma once

#include <algorithm>
#include <thread>

namespace leakgate::common {

inline int ResolveThreads(int requested) {
  if (requested > 0) return requested;
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

}  // namespace leakgate::common
