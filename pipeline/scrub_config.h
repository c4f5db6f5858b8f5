// The hygiene.scrub config section: whether and how the hygiene stage scrubs personal data.
#pragma once

#include <nlohmann/json.hpp>

#include "dedup/scrub/scrubber.h"
#include "pipeline/config_reader.h"

namespace leakgate::pipeline {

struct ScrubSection {
  bool enabled = true;
  dedup::ScrubConfig settings;
  bool operator==(const ScrubSection&) const = default;
};

// Reads the mapping strictly (unknown keys, wrong types and bad values name the key with line:column).
void ReadScrubSection(ConfigMap map, ScrubSection& scrub);
nlohmann::json ScrubSectionToJson(const ScrubSection& scrub);

}  // namespace leakgate::pipeline
