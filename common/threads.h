// How many threads a "threads" setting means: a positive count as given, 0 (or less) for every core this process may
// run on (its CPU affinity: a container's cpuset or an MPI rank's binding, not the machine's core count).
#pragma once

#include <sched.h>

#include <algorithm>
#include <thread>

namespace leakgate::common {

inline int UsableCores() {
  cpu_set_t cpus;
  if (sched_getaffinity(0, sizeof cpus, &cpus) == 0) return std::max(1, CPU_COUNT(&cpus));
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

inline int ResolveThreads(int requested) { return requested > 0 ? requested : UsableCores(); }

}  // namespace leakgate::common
