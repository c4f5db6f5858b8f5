// Random and adversarial input: the scrubber must not crash, must return sane spans and must keep a
// throughput floor of 5 MB/s (CPU time of this thread, so a busy machine does not fail the test).
#include <gtest/gtest.h>

#include <limits>
#include <time.h>

#include <random>
#include <string>

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

struct Adversarial {
  std::string name;
  std::string text;
};

std::string Repeat(std::string_view unit, std::size_t bytes) {
  std::string out;
  out.reserve(bytes + unit.size());
  while (out.size() < bytes) out.append(unit);
  return out;
}

TEST(Robustness, AdversarialMegabyteLinesStayAboveFiveMegabytesPerSecond) {
#ifdef __SANITIZE_ADDRESS__
  constexpr bool kSanitized = true;  // ASan/UBSan builds run 3-10x slower: check for crashes only
#else
  constexpr bool kSanitized = false;
#endif
  const Scrubber scrubber(ScrubConfig{});
  constexpr std::size_t kMegabyte = 1 << 20;
  std::string brackets = std::string(kMegabyte / 2, '(') + std::string(kMegabyte / 2, ')');
  const Adversarial cases[] = {
      {"digit flood", Repeat("0123456789", kMegabyte)},
      {"spaced digits", Repeat("4 1 1 1 ", kMegabyte)},
      {"dotted digits", Repeat("1.2.", kMegabyte)},
      {"many @", Repeat("@", kMegabyte)},
      {"a@ chains", Repeat("a@b.c", kMegabyte)},
      {"nested brackets", brackets},
      {"colons", Repeat("a1:", kMegabyte)},
      {"capitalised words", Repeat("Mary Ann Smith Jones ", kMegabyte)},
      {"titles", Repeat("Dr. Dr. Mr. ", kMegabyte)},
      {"one huge url", "https://example.com/" + Repeat("a", kMegabyte)},
      {"dates everywhere", Repeat("March 3, 2021 ", kMegabyte)},
      {"cue words", Repeat("MRN account serial license plate ", kMegabyte)},
      {"street addresses", Repeat("12 Main St, Leeds LS6 2QT; ", kMegabyte)},
      {"continental streets", Repeat("Calle de Alcalá 50, 28014 Madrid. ", kMegabyte)},
      {"postcode look-alikes", Repeat("Ward B2 2BB ", kMegabyte)},
      // Numbers with no cue after one phone, far from it: the gap to the phone is not copied each time.
      {"uncued phones", "Tel +44 20 7946 0018 " + Repeat("lasku (09) 123 4567 ", kMegabyte)},
  };
  for (const Adversarial& c : cases) {
    // The fastest of three runs: the floor is about the work an input causes (linear, not quadratic), as a corpus
    // stream meets it with memory already mapped. A first run also pays the page faults of its first megabyte
    // buffers, and a neighbour test on the other core can slow one run by half on these 2-core machines.
    double seconds = std::numeric_limits<double>::infinity();
    ScrubbedText out;
    for (int run = 0; run < 3; ++run) {
      double start = ThreadCpuSeconds();
      out = scrubber.Scrub(c.text);
      seconds = std::min(seconds, ThreadCpuSeconds() - start);
    }
    ExpectSaneFindings(out.findings, c.text.size());
    double mb_per_s = static_cast<double>(c.text.size()) / 1e6 / std::max(seconds, 1e-9);
    std::printf("%-18s %8.1f MB/s  %zu findings\n", c.name.c_str(), mb_per_s, out.findings.size());
    if (!kSanitized) {
      EXPECT_GE(mb_per_s, 5.0) << c.name;
    }
  }
}

}  // namespace
}  // namespace leakgate::scrub
