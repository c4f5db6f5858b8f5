// What a scrub run reports: counts per entity type, residual findings after scrubbing, and the HIPAA
// Safe Harbor coverage table so nobody mistakes what is detected.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "scrub/scrubber.h"

namespace leakgate::scrub {

struct SafeHarborIdentifier {
  int number;                       // 1..18 as listed in 45 CFR 164.514(b)(2)(i)
  std::string identifier;           // "(A) Names", ...
  std::string coverage;             // "auto" | "partial" | "not detected"
  std::vector<std::string> types;   // entity types that cover it
  std::string note;                 // one sentence: what is and is not found
};

const std::vector<SafeHarborIdentifier>& SafeHarborCoverage();

struct ScrubStats {
  uint64_t records_in = 0;
  uint64_t records_out = 0;
  uint64_t records_dropped = 0;
  uint64_t records_with_findings = 0;
  uint64_t bytes_in = 0;
  std::map<std::string, uint64_t> findings_per_type;
  std::map<std::string, uint64_t> residual_per_type;

  void Add(std::size_t input_bytes, const ScrubbedText& result);
  uint64_t residual_total() const;
  uint64_t findings_total() const;
};

// The report: counts, residual (what the release gate checks as max_residual_pii), the operators used
// (never the HMAC key, only the name of its environment variable) and the Safe Harbor coverage table.
nlohmann::ordered_json ScrubReportJson(const ScrubStats& stats, const Scrubber& scrubber);

}  // namespace leakgate::scrub
