// The split and train stages of `leakgate run` (appended to AvailableStages() after hygiene).
#pragma once

#include "pipeline/stages.h"

namespace leakgate::pipeline {

// Reads corpus.clean.jsonl.zst; writes split.json and canaries.jsonl.
Stage MakeSplitStage();
// Reads the clean corpus, split.json and canaries.jsonl; trains (resuming from model/ checkpoints) and writes
// model/weights.pt, model/model.json, metrics.json and privacy.json.
Stage MakeTrainStage();

}  // namespace leakgate::pipeline
