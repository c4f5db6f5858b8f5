// The hygiene.scrub config section: whether and how the hygiene stage scrubs personal data.
#pragma once

#include <nlohmann/json.hpp>

#include "pipeline/config_reader.h"
#include "scrub/scrubber.h"

namespace leakgate::pipeline {

// hygiene.scrub.residual_sweep: the independent sweep of the scrubbed corpus for names the recognizers left.
struct ResidualSweepSection {
  bool enabled = true;
  std::size_t max_run_records = 5;  // see scrub::ResidueSweepOptions
  bool drop_records = true;         // action drop_record: flagged records are left out of the clean corpus; keep: counted
  bool operator==(const ResidualSweepSection&) const = default;
};

struct ScrubSection {
  bool enabled = true;
  scrub::ScrubConfig settings;
  ResidualSweepSection residual_sweep;
  bool operator==(const ScrubSection&) const = default;
};

// Declares the section's keys (ConfigMap): read strictly (unknown keys, wrong types and bad values name the key with
// line:column), echoed or described.
void ReadScrubSection(ConfigMap map, ScrubSection& scrub);

}  // namespace leakgate::pipeline
