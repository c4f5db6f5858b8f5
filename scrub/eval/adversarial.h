// Adversarial lines for the scrubber's throughput floor: floods of digits, '@', brackets, names, dates and
// addresses, each one line of a given size. The robustness test checks their work grows linearly; bench_scrub
// measures their MB/s.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace leakgate::scrub {

struct AdversarialLine {
  std::string name;
  std::string text;
};

// Every adversarial line, each about `bytes` bytes long.
std::vector<AdversarialLine> AdversarialLines(std::size_t bytes);

}  // namespace leakgate::scrub
