// Random and adversarial input: the scrubber must not crash, must return sane spans, and its work must grow linearly
// with an adversarial line's length (CPU time of this thread).
#include <gtest/gtest.h>

#include <limits>
#include <time.h>

#include <random>
#include <string>
#include <vector>

#include "common/memory.h"
#include "scrub/eval/adversarial.h"
#include "scrub/scrubber.h"

namespace leakgate::scrub {
namespace {

double ThreadCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + 1e-9 * static_cast<double>(now.tv_nsec);
}

void ExpectSaneFindings(const std::vector<Finding>& findings, std::size_t size) {
  std::size_t previous_end = 0;
  for (const Finding& f : findings) {
    ASSERT_LT(f.start, f.end);
    ASSERT_LE(f.end, size);
    ASSERT_GE(f.start, previous_end) << "findings overlap or are unsorted";
    previous_end = f.end;
  }
}

TEST(Robustness, RandomBytesAndRandomTokens) {
  const Scrubber scrubber(ScrubConfig{});
  std::mt19937_64 rng(12345);
  const std::string tokens[] = {"@", ".", "-", " ", "\n", "(", ")", "Dr. ", "John ", "Smith", "123", "4111",
                                "://", "www.", ":", "/", "MRN ", "IBAN ", "DE89", "\xC3\xA9", "\xFF", "\0"};
  for (int i = 0; i < 2000; ++i) {
    std::string text;
    std::size_t length = rng() % 400;
    while (text.size() < length) {
      if (rng() % 2) text.push_back(static_cast<char>(rng() % 256));
      else text += tokens[rng() % std::size(tokens)];
    }
    ScrubbedText out = scrubber.Scrub(text);
    ExpectSaneFindings(out.findings, text.size());
  }
}

// The work an adversarial line causes grows linearly with its length: two megabytes take about twice as long as one,
// where a quadratic step would take four times. The ratio, unlike a throughput, does not depend on how fast the
// machine is that day (this VM's speed drifts by a third within minutes); the throughput of the one-megabyte line is
// printed, and the 5 MB/s floor the issue asks for is measured by bench_scrub (BM_ScrubAdversarialOneCore).
TEST(Robustness, AdversarialMegabyteLinesScaleLinearly) {
#ifdef __SANITIZE_ADDRESS__
  constexpr bool kSanitized = true;  // ASan/UBSan builds run 3-10x slower: check for crashes only
#else
  constexpr bool kSanitized = false;
#endif
  // Freed memory stays in the process, as the CLI and bench_scrub keep it: otherwise each run faults its buffers in
  // again, and on some VMs (a 2-vCPU AMD EPYC, 2026-12-07) those faults grew faster than the line (dotted digits: 3.1x
  // the time for twice the bytes, with the scrubber of the day before as with this one).
  common::RetainFreedMemory();
  const Scrubber scrubber(ScrubConfig{});
  constexpr std::size_t kMegabyte = 1 << 20;
  const std::vector<AdversarialLine> one = AdversarialLines(kMegabyte), two = AdversarialLines(2 * kMegabyte);
  for (std::size_t i = 0; i < one.size(); ++i) {
    // The fastest of five runs of each length, taken in turn: a first run also pays the page faults of its buffers,
    // and both lengths meet the same moment of the machine (with three, one of six test runs on this VM read dotted
    // digits at 2.9).
    double seconds_one = std::numeric_limits<double>::infinity(), seconds_two = seconds_one;
    ScrubbedText out_one, out_two;
    for (int run = 0; run < 5; ++run) {
      double start = ThreadCpuSeconds();
      out_one = scrubber.Scrub(one[i].text);
      seconds_one = std::min(seconds_one, ThreadCpuSeconds() - start);
      start = ThreadCpuSeconds();
      out_two = scrubber.Scrub(two[i].text);
      seconds_two = std::min(seconds_two, ThreadCpuSeconds() - start);
    }
    ExpectSaneFindings(out_one.findings, one[i].text.size());
    ExpectSaneFindings(out_two.findings, two[i].text.size());
    const double mb_per_s = static_cast<double>(one[i].text.size()) / 1e6 / std::max(seconds_one, 1e-9);
    const double growth = seconds_two / std::max(seconds_one, 1e-9);
    std::printf("%-20s %8.1f MB/s  %zu findings  2 MB / 1 MB time %.2f\n", one[i].name.c_str(), mb_per_s,
                out_one.findings.size(), growth);
    if (!kSanitized) {
      EXPECT_LT(growth, 3.0) << one[i].name;
    }
  }
}

}  // namespace
}  // namespace leakgate::scrub
