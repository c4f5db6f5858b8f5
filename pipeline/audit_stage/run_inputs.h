// What the language-model and classifier audits both read from a run directory: seeded samples of split.json's
// ids, and the texts (and labels) of the records they name in the clean corpus.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "dedup/io/corpus.h"
#include "pipeline/train/split.h"

namespace leakgate::pipeline {

std::filesystem::path CleanCorpus(const std::filesystem::path& run_dir);

// split.json and canaries.jsonl; a split without audit non-members throws TrainError (membership is untestable).
Split ReadAuditSplit(const std::filesystem::path& run_dir);

// Up to `count` ids in an order fixed by the seed (the ids' own order does not bias the sample).
std::vector<std::string> SampleIds(std::vector<std::string> ids, std::size_t count, uint64_t seed);

// The records of one id list, in the list's order; a label is absent when the record has none (or the corpus
// options name no label field).
struct RecordTexts {
  std::vector<std::string> texts;
  std::vector<std::optional<std::string>> labels;
  std::vector<std::optional<std::string>> users;  // the person (data.user_field), when configured
};

// One RecordTexts per id list, read in a single pass over the corpus. An id the corpus lacks throws TrainError.
std::vector<RecordTexts> ReadRecords(const std::filesystem::path& corpus, const dedup::CorpusOptions& options,
                                     const std::vector<const std::vector<std::string>*>& id_lists);

}  // namespace leakgate::pipeline
