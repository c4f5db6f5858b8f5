#include "audit/attacks/samples.h"

#include "common/digest.h"

namespace leakgate::audit {

std::string NewSampleKey() { return common::RandomHexKey(32); }

std::string QuoteSample(std::string_view text, bool redact, std::string_view key) {
  return redact ? "hmac-sha256:" + common::HmacSha256Hex(key, text) : std::string(text);
}

}  // namespace leakgate::audit
