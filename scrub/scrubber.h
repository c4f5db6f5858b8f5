// PII scrubber: finds personal identifiers in one text (RE2 patterns, validators, context cues, a name
// gazetteer and a learned name tagger), resolves overlaps and rewrites the text with the configured operator per entity type.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "common/errors.h"

namespace leakgate::scrub {

// The fixed entity type names; user patterns may add their own.
const std::vector<std::string>& BuiltinEntityTypes();

// One recognised identifier: UTF-8 byte span [start, end) in the scanned text.
struct Finding {
  std::string type;
  std::size_t start = 0;
  std::size_t end = 0;
  double score = 0.0;
  std::string recognizer;
};

enum class OperatorKind { kPlaceholder, kMask, kHmac, kDropRecord };
// Parses "placeholder" | "mask" | "hmac" | "drop_record"; throws common::ConfigError naming `where`.
OperatorKind ParseOperator(std::string_view name, std::string_view where);
std::string_view OperatorName(OperatorKind kind);

struct OperatorSpec {
  OperatorKind kind = OperatorKind::kPlaceholder;
  int mask_keep_last = 4;  // mask: alphanumeric characters left visible at the end
  char mask_char = '*';
  bool operator==(const OperatorSpec&) const = default;
};

// A pattern added from the configuration. If the regex has a capture group, group 1 is the span.
struct UserPattern {
  std::string name;
  std::string type;                  // an existing type or a new one (upper case by convention)
  std::string regex;                 // RE2 syntax, matched over bytes (Latin-1 mode)
  std::string validator;             // "" or one of the built-in validator names
  std::vector<std::string> context;  // words that raise the score when found just before the match
  double score = 0.8;
  bool operator==(const UserPattern&) const = default;
};

// The shortest key operator hmac accepts: 32 characters (128 bits as hex), so pseudonyms cannot be recomputed
// from a guessed key and a list of names or SSNs.
inline constexpr std::size_t kMinHmacKeyChars = 32;

// What hygiene.scrub in the YAML config maps to.
struct ScrubConfig;

// True when some entity type is replaced by operator hmac (so a key is needed).
bool NeedsHmacKey(const ScrubConfig& config);
// Names the HMAC key without revealing it (HMAC of a fixed label under the key, 128 bits in hex), so a rotated key
// re-runs hygiene; "" when no hmac operator is configured or the key is not set.
std::string HmacKeyFingerprint(const ScrubConfig& config);

struct ScrubConfig {
  std::vector<std::string> entities;  // types to detect; empty or {"all"} means every type
  OperatorSpec default_operator;
  std::map<std::string, OperatorSpec> operator_overrides;  // per entity type
  std::string hmac_key_env = "LEAKGATE_SCRUB_KEY";         // name of the environment variable
  double min_score = 0.5;                                  // findings below are ignored
  double context_boost = 0.35;                             // added when a context word is near
  std::size_t context_window = 40;                         // bytes before a match searched for cues
  std::vector<UserPattern> user_patterns;
  bool residual_scan = true;  // re-scan the scrubbed text and count what is still found
  bool name_model = true;     // also run the learned name tagger (name_tagger.h) beside the gazetteer
  bool operator==(const ScrubConfig&) const = default;
};

struct ScrubbedText {
  std::string text;               // rewritten text (empty when dropped)
  std::vector<Finding> findings;  // in the input, sorted by start
  bool dropped = false;
  std::vector<Finding> residual;  // findings in the rewritten text (none when dropped or scan disabled)
};

class Scrubber {
 public:
  // Compiles every pattern once; reads the HMAC key if any operator needs it.
  explicit Scrubber(ScrubConfig config);
  ~Scrubber();
  Scrubber(const Scrubber&) = delete;
  Scrubber& operator=(const Scrubber&) = delete;

  // Non-overlapping findings sorted by start. Thread-safe.
  std::vector<Finding> Find(std::string_view text) const;
  // Find() then rewrite; thread-safe.
  ScrubbedText Scrub(std::string_view text) const;
  // The replacement `operator` would write for one finding's text (exposed for tests and reports).
  std::string Replacement(const Finding& finding, std::string_view value) const;

  // The operator configured for one entity type (its override, else the default).
  const OperatorSpec& OperatorFor(const std::string& type) const;
  const ScrubConfig& config() const { return config_; }
  // Every type the compiled scrubber can report (built-in after filtering, plus user types).
  std::vector<std::string> ActiveTypes() const;

 private:
  struct Engine;
  ScrubConfig config_;
  // Find(), with or without the learned name tagger.
  std::vector<Finding> FindWith(std::string_view text, bool name_tagger) const;
  // FindWith() on a text whose decimal digits are all ASCII ones.
  std::vector<Finding> FindInAsciiDigits(std::string_view text, bool name_tagger) const;
  std::string hmac_key_;
  std::unique_ptr<Engine> engine_;
};

}  // namespace leakgate::scrub
