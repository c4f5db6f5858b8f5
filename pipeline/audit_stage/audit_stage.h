// The audit stage: attacks the trained model in model/ with the members, non-members and canaries of split.json
// and writes audit.json (membership inference, one-run epsilon bound, extraction, canary exposure, wall time; for a
// classifier run, train.task: classifier, membership inference and the cloning audit).
#pragma once

#include <functional>

#include "pipeline/audit_config.h"
#include "pipeline/stages.h"

namespace leakgate::pipeline {

// What the stage reads from the run's config besides the run and data sections.
struct AuditSettings {
  AuditConfig audit;
  bool redact_samples = true;         // report.redact_samples
  double max_extraction_rate = 0.001;  // gate.max_extraction_rate, which audit.extraction.samples: auto sizes for
};

// Where the audit: and report: sections live in the Config (they are read by ReadAuditConfig and the report's
// ReadReportConfig), e.g. [](const Config& c) { return AuditSettings{c.audit, c.report.redact_samples,
// c.gate.max_extraction_rate}; }.
using AuditSettingsOf = std::function<AuditSettings(const Config&)>;

// Reads corpus.clean.jsonl.zst, split.json, canaries.jsonl, model/ and privacy.json; writes audit.json atomically.
Stage MakeAuditStage(AuditSettingsOf settings_of);

}  // namespace leakgate::pipeline
