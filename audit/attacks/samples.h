// How audit.json quotes training text (memorised records, canaries): as a keyed digest unless the config allows the
// text itself (report.redact_samples: false).
#pragma once

#include <string>
#include <string_view>

namespace leakgate::audit {

// 32 random bytes from the system CSPRNG, hex-encoded: a key for QuoteSample.
std::string NewSampleKey();

// The text itself when redact is false, otherwise "hmac-sha256:" and its digest under key. The digest is keyed
// because a plain hash of a canary drawn from a 10^9 secret space falls to brute force in seconds; whoever holds
// the key (kept beside the training data, never in a report) can still tell which record a sample is.
std::string QuoteSample(std::string_view text, bool redact, std::string_view key);

}  // namespace leakgate::audit
