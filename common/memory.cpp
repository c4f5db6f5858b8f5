#include "common/memory.h"

#include <malloc.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <string>

namespace leakgate::common {
namespace {

// The value of a "Name:   1234 kB" line of a /proc file, in bytes.
std::optional<uint64_t> ProcKilobytes(const char* file, const std::string& name) {
  std::ifstream in(file);
  const std::string prefix = name + ":";
  for (std::string line; std::getline(in, line);) {
    if (line.compare(0, prefix.size(), prefix) != 0) continue;
    const std::size_t digits = line.find_first_of("0123456789", prefix.size());
    uint64_t kilobytes = 0;
    if (digits == std::string::npos ||
        std::from_chars(line.data() + digits, line.data() + line.size(), kilobytes).ec != std::errc()) {
      return std::nullopt;
    }
    return kilobytes * 1024;
  }
  return std::nullopt;
}

}  // namespace

void RetainFreedMemory() {
  // 32 MiB is the largest mmap threshold glibc accepts on 64-bit; setting either value also turns off glibc's
  // adaptive threshold, so both are set.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
}

std::optional<uint64_t> ResidentBytes() { return ProcKilobytes("/proc/self/status", "VmRSS"); }

std::optional<uint64_t> PeakResidentBytes() { return ProcKilobytes("/proc/self/status", "VmHWM"); }

std::optional<uint64_t> AvailableMemoryBytes() {
  std::optional<uint64_t> available = ProcKilobytes("/proc/meminfo", "MemAvailable");
  // In a container the cgroup's limit binds first (cgroup v2: memory.max, "max" when unlimited).
  std::ifstream limit_file("/sys/fs/cgroup/memory.max");
  std::ifstream current_file("/sys/fs/cgroup/memory.current");
  uint64_t limit = 0;
  uint64_t current = 0;
  if (available && (limit_file >> limit) && (current_file >> current)) {
    available = std::min(*available, limit - std::min(limit, current));
  }
  return available;
}

}  // namespace leakgate::common
