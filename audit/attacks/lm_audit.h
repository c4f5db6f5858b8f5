// The fast-profile leakage audit of a language model — membership inference, extraction, canary exposure and the
// one-run epsilon lower bound — assembled into the audit.json document (shapes from audit/metrics/json.h).
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "audit/attacks/canaries.h"
#include "audit/attacks/extraction_attack.h"
#include "audit/attacks/membership.h"
#include "audit/metrics/one_run.h"
#include "audit/model.h"

namespace leakgate::audit {

struct LanguageModelAuditInputs {
  std::vector<std::string> members;      // membership-inference sample of training records
  std::vector<std::string> non_members;  // and of held-out records from the same distribution
  std::vector<std::string> extraction_members;
  std::vector<std::string> extraction_non_members;  // the baseline: what the model "extracts" from unseen text
  // Held-out text that is neither a member nor attacked: n-grams shared by two of its records are template, and
  // extraction then asks each record for its most record-specific span (TemplateIndex). Fewer than two: the spans
  // ExtractionOptions gives without an index.
  std::vector<std::string> template_reference;
  std::vector<CanaryProbe> canaries;                // inserted and never-inserted, for exposure and the one-run audit
  std::string secret_format;                        // the canaries' secret space (see SecretFormat)
};

struct LanguageModelAuditOptions {
  MembershipAttackOptions membership;
  bool one_run = true;
  OneRunOptions one_run_options;  // its delta is also the delta the reconstruction test assumes
  // The copies of a canary are one privacy unit (person-level privacy: each canary is its own person); otherwise a
  // canary inserted r times is r units, protected only by group privacy.
  bool canary_copies_one_unit = false;
  ExtractionOptions extraction;
  ExposureOptions exposure;
  bool redact_samples = true;      // quote memorised text and canaries only as keyed digests (see QuoteSample)
  std::string sample_key;          // the digests' key (NewSampleKey()); empty: a fresh key, so nobody can check them
  std::size_t report_samples = 5;  // most-extracted records and most-exposed canaries quoted in the document
};

// audit.json without the caller's fields (profile, total seconds): "membership" (attack -> MembershipMetrics),
// "loss_histogram", "one_run" (OneRunResult over the canaries that are one privacy unit; score = canary exposure;
// with its power), "reconstruction" (ReconstructionResult of greedy canary extraction), "extraction" ("members" and "non_members"
// ExtractionSummary, lengths, samples), "canaries" ("exposure": ExposureByRepetition of the inserted canaries,
// the never-inserted baseline, samples) and "seconds_by_part". Sections without inputs (no canaries, no
// extraction texts) are left out.
nlohmann::json AuditLanguageModel(LanguageModel& model, const LanguageModelAuditInputs& inputs,
                                  const LanguageModelAuditOptions& options);

}  // namespace leakgate::audit
