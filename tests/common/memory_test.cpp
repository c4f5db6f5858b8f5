#include "common/memory.h"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>

namespace leakgate::common {
namespace {

TEST(MemoryTest, ThePeakCountsMemoryTouchedAndFreed) {
  const std::optional<uint64_t> before = ResidentBytes();
  ASSERT_TRUE(before.has_value());
  EXPECT_GT(*before, 0u);
  ASSERT_TRUE(PeakResidentBytes().has_value());
  EXPECT_GE(*PeakResidentBytes(), *before);
  constexpr std::size_t kTouched = std::size_t{96} << 20;
  {
    const auto block = std::make_unique<char[]>(kTouched);
    std::memset(block.get(), 1, kTouched);
    asm volatile("" : : "r"(block.get()) : "memory");  // the writes happen: the compiler may not drop them
    EXPECT_GE(*ResidentBytes(), *before + kTouched / 2);
  }
  EXPECT_GE(*PeakResidentBytes(), *before + kTouched / 2) << "the peak outlives the block";
}

TEST(MemoryTest, TheKernelReportsAvailableMemory) {
  const std::optional<uint64_t> available = AvailableMemoryBytes();
  ASSERT_TRUE(available.has_value());
  EXPECT_GT(*available, uint64_t{16} << 20);
}

}  // namespace
}  // namespace leakgate::common
