#include "common/memory.h"

#include <malloc.h>

namespace leakgate::common {

void RetainFreedMemory() {
  // 32 MiB is the largest mmap threshold glibc accepts on 64-bit; setting either value also turns off glibc's
  // adaptive threshold, so both are set.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
}

}  // namespace leakgate::common
