// The split and train stages of `leakgate run` (appended to AvailableStages() after hygiene).
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "pipeline/stages.h"
#include "pipeline/train/trainer.h"

namespace leakgate::pipeline {

// The config keys training depends on (seed, data, train, privacy): the train stage's cache key.
nlohmann::json TrainConfigSlice(const Config& config);

// Calls `train` with a TrainingJob made of the config's train, privacy and run settings, writing into model_dir
// (resuming a run with the same fingerprint), and draws a progress line labelled `label` on stderr. The training is
// recorded in the dataset's privacy ledger (of the run in run_dir): label "train" as the released model, any other
// as an audit's reference.
TrainingResult TrainWithConfig(const Config& config, const std::filesystem::path& run_dir,
                               const std::filesystem::path& model_dir,
                               const std::string& fingerprint, const std::string& label,
                               const std::function<TrainingResult(TrainingJob)>& train);

// Adds (or, for a resumed training, updates) `result`'s training in the ledger at config.LedgerPath(run_dir).
void RecordInDatasetLedger(const Config& config, const std::filesystem::path& run_dir, const std::string& purpose,
                           const TrainingResult& result);

// Reads corpus.clean.jsonl.zst; writes split.json and canaries.jsonl.
Stage MakeSplitStage();
// gradient_canaries.json: the white-box canaries' counts when they ran, otherwise `why_not`.
nlohmann::json GradientCanariesDocument(const TrainingResult& result, const std::string& why_not);

// Reads the clean corpus, split.json and canaries.jsonl; trains (resuming from model/ checkpoints) and writes
// model/weights.pt, model/model.json, metrics.json, privacy.json and gradient_canaries.json.
Stage MakeTrainStage();

}  // namespace leakgate::pipeline
