// Keeps freed memory in the process for reuse: on the virtual machines this runs on, a page fault costs ~5 us, and
// glibc's defaults return big freed blocks to the kernel only for the next record or tensor to fault them in again.
#pragma once

namespace leakgate::common {

// Blocks up to 32 MiB come from malloc's heap, and freed heap memory is kept (up to 1 GiB) rather than returned to
// the kernel. The cost is that the resident size stays at its peak.
void RetainFreedMemory();

}  // namespace leakgate::common
