// Keeps freed memory in the process for reuse: on the virtual machines this runs on, a page fault costs ~5 us, and
// glibc's defaults return big freed blocks to the kernel only for the next record or tensor to fault them in again.
#pragma once

#include <cstdint>
#include <optional>

namespace leakgate::common {

// Blocks up to 32 MiB come from malloc's heap, and freed heap memory is kept (up to 1 GiB) rather than returned to
// the kernel. The cost is that the resident size stays at its peak.
void RetainFreedMemory();

inline constexpr double kBytesPerMiB = 1024.0 * 1024.0;

// This process's resident memory now (VmRSS) and at its peak so far (VmHWM); nullopt where /proc does not say.
std::optional<uint64_t> ResidentBytes();
std::optional<uint64_t> PeakResidentBytes();
// Memory the kernel could give new work without swapping (MemAvailable), or less when the cgroup's limit is nearer;
// nullopt where /proc does not say.
std::optional<uint64_t> AvailableMemoryBytes();

}  // namespace leakgate::common
