// What the language-model and classifier audits both read from a run directory: seeded samples of split.json's
// ids, and the texts (and labels) of the records they name in the clean corpus.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "corpus/corpus.h"
#include "pipeline/train/split.h"
#include "pipeline/train/trainer.h"

namespace leakgate::pipeline {

std::filesystem::path CleanCorpus(const std::filesystem::path& run_dir);

// split.json and canaries.jsonl; a split without audit non-members throws common::InputError (membership is untestable).
Split ReadAuditSplit(const std::filesystem::path& run_dir);

// Validation records scored as RMIA's population z (never trained on by the target or the references).
inline constexpr std::size_t kRmiaPopulation = 1000;

// Up to `count` ids in an order fixed by the seed (the ids' own order does not bias the sample).
std::vector<std::string> SampleIds(std::vector<std::string> ids, std::size_t count, uint64_t seed);

// The records of one id list, in the list's order; a label is absent when the record has none (or the corpus
// options name no label field).
struct RecordTexts {
  std::vector<std::string> texts;
  std::vector<std::optional<std::string>> labels;
  std::vector<std::optional<std::string>> users;  // the person (data.user_field), when configured
};

// privacy.json as written by the train stage; not valid JSON throws common::InputError.
nlohmann::json ReadPrivacyJson(const std::filesystem::path& privacy_file);
// The delta the accountant reports (0 when training was not private): the empirical tests are run at it.
double TrainingDelta(const std::filesystem::path& privacy_file);
// The target's sample rate, steps, noise multiplier and delta, which its reference models repeat; an incomplete or
// out-of-range plan throws common::InputError.
PrivacyPlan TrainingPlan(const std::filesystem::path& privacy_file);

// One RecordTexts per id list, read in a single pass over the corpus. An id the corpus lacks throws common::InputError.
std::vector<RecordTexts> ReadRecordLists(const std::filesystem::path& corpus, const corpus::CorpusOptions& options,
                                         const std::vector<const std::vector<std::string>*>& id_lists);

// ReadRecordLists for a fixed set of lists, for structured bindings that name each result:
// `auto [members, non_members] = ReadRecords(corpus, options, member_ids, non_member_ids);`
template <typename... IdLists>
std::array<RecordTexts, sizeof...(IdLists)> ReadRecords(const std::filesystem::path& corpus,
                                                        const corpus::CorpusOptions& options,
                                                        const IdLists&... id_lists) {
  std::vector<RecordTexts> read = ReadRecordLists(corpus, options, {&id_lists...});
  std::array<RecordTexts, sizeof...(IdLists)> lists;
  std::move(read.begin(), read.end(), lists.begin());
  return lists;
}

}  // namespace leakgate::pipeline
