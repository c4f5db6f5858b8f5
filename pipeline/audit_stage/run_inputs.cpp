#include "common/run_files.h"
#include "pipeline/audit_stage/run_inputs.h"

#include <algorithm>
#include <fstream>
#include <random>
#include <unordered_map>
#include <utility>

namespace leakgate::pipeline {

namespace fs = std::filesystem;

fs::path CleanCorpus(const fs::path& run_dir) { return run_dir / common::kCleanCorpusFile; }

Split ReadAuditSplit(const fs::path& run_dir) {
  Split split = ReadSplitFiles(run_dir);
  if (split.nonmembers.empty()) {
    throw common::InputError("split.json has no audit non-members, so membership cannot be tested (set "
                     "split.audit_holdout above 0)");
  }
  return split;
}

std::vector<std::string> SampleIds(std::vector<std::string> ids, std::size_t count, uint64_t seed) {
  std::mt19937_64 generator(seed);
  std::shuffle(ids.begin(), ids.end(), generator);
  ids.resize(std::min(count, ids.size()));
  return ids;
}

std::vector<RecordTexts> ReadRecordLists(const fs::path& corpus, const corpus::CorpusOptions& options,
                                     const std::vector<const std::vector<std::string>*>& id_lists) {
  std::unordered_map<std::string, std::vector<std::pair<std::size_t, std::size_t>>> wanted;  // id -> (list, slot)
  std::vector<RecordTexts> records(id_lists.size());
  for (std::size_t list = 0; list < id_lists.size(); ++list) {
    records[list].texts.resize(id_lists[list]->size());
    records[list].labels.resize(id_lists[list]->size());
    records[list].users.resize(id_lists[list]->size());
    for (std::size_t slot = 0; slot < id_lists[list]->size(); ++slot) {
      wanted[(*id_lists[list])[slot]].emplace_back(list, slot);
    }
  }
  corpus::CorpusReader reader(corpus, options);
  corpus::Record record;
  while (reader.Next(record)) {
    const auto places = wanted.find(record.id);
    if (places == wanted.end()) continue;
    for (const auto& [list, slot] : places->second) {
      records[list].texts[slot] = record.text;
      records[list].labels[slot] = record.label;
      records[list].users[slot] = record.user;
    }
    wanted.erase(places);
  }
  if (!wanted.empty()) {
    throw common::InputError(corpus.string() + ": record '" + wanted.begin()->first +
                     "' named in split.json is missing (re-run the split stage)");
  }
  return records;
}

nlohmann::json ReadPrivacyJson(const std::filesystem::path& privacy_file) {
  std::ifstream in(privacy_file);
  const nlohmann::json privacy = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!privacy.is_object()) throw common::InputError(privacy_file.string() + ": not valid JSON (re-run the train stage)");
  return privacy;
}

double TrainingDelta(const std::filesystem::path& privacy_file) {
  const nlohmann::json privacy = ReadPrivacyJson(privacy_file);
  const bool enabled = privacy.value("enabled", false);
  const auto delta = privacy.find("delta");
  return enabled && delta != privacy.end() && delta->is_number() ? delta->get<double>() : 0.0;
}

PrivacyPlan TrainingPlan(const std::filesystem::path& privacy_file) {
  const nlohmann::json privacy = ReadPrivacyJson(privacy_file);
  PrivacyPlan plan;
  try {
    plan.dataset_size = privacy.at("dataset_size").get<int64_t>();
    plan.steps = privacy.at("steps").get<int64_t>();
    plan.sample_rate = privacy.at("sample_rate").get<double>();
    plan.delta = privacy.at("delta").get<double>();
    plan.noise_multiplier = privacy.at("noise_multiplier").get<double>();
    plan.accountant = dp::ParseAccountantKind(privacy.at("accountant").get<std::string>());
  } catch (const nlohmann::json::exception& error) {
    throw common::InputError(privacy_file.string() + ": the training plan is incomplete (" + error.what() +
                     "; re-run the train stage)");
  } catch (const dp::ParameterError& error) {
    throw common::InputError(privacy_file.string() + ": the training plan is incomplete (" + error.what() +
                     "; re-run the train stage)");
  }
  if (!(plan.sample_rate > 0.0 && plan.sample_rate <= 1.0) || plan.steps < 1 || !(plan.noise_multiplier >= 0.0)) {
    throw common::InputError(privacy_file.string() + ": sample_rate, steps or noise_multiplier out of range (re-run the "
                     "train stage)");
  }
  return plan;
}

}  // namespace leakgate::pipeline
