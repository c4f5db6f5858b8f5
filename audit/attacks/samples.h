// How audit.json quotes training text (memorised records, canaries): as "sha256:<hex>" unless the config allows
// the text itself (report.redact_samples: false).
#pragma once

#include <string>
#include <string_view>

namespace leakgate::audit {

std::string Sha256Hex(std::string_view bytes);

// The text itself when redact is false, otherwise "sha256:" followed by its hex digest.
std::string QuoteSample(std::string_view text, bool redact);

}  // namespace leakgate::audit
