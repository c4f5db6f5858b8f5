#include "pipeline/train/train_stage.h"

#include "pipeline/train/classifier.h"

#include <algorithm>
#include <cstdio>
#include <unordered_map>

#include "common/atomic_file.h"
#include "common/digest.h"
#include "common/log.h"
#include "common/memory.h"
#include "common/run_files.h"
#include "corpus/corpus.h"
#include "pipeline/privacy_ledger.h"
#include "pipeline/train/lm.h"
#include "pipeline/train/split.h"
#include "pipeline/train/trainer.h"

namespace leakgate::pipeline {

namespace {

namespace fs = std::filesystem;

fs::path CleanCorpus(const StageContext& context) { return context.run_dir / common::kCleanCorpusFile; }

void RequireCleanCorpus(const StageContext& context) {
  if (!fs::exists(CleanCorpus(context))) {
    throw common::InputError(CleanCorpus(context).string() +
                     ": missing (run the hygiene stage first: leakgate run CONFIG --stages hygiene)");
  }
}

// A classifier's canaries carry labels drawn from its classes, so those decide the split too.
std::vector<std::string> CanaryClasses(const Config& config) {
  return config.train.task == Task::kClassifier ? config.train.classes : std::vector<std::string>{};
}

nlohmann::json SplitConfigSlice(const Config& config) {
  const auto json = ConfigToJson(config);
  return {{"seed", config.run.seed},
          {"split", json["split"]},
          {"data", json["data"]},
          {"canary_classes", CanaryClasses(config)}};
}


nlohmann::json RunSplit(StageContext& context) {
  RequireCleanCorpus(context);
  std::vector<std::string> ids;
  std::vector<std::string> users;
  corpus::CorpusReader reader(CleanCorpus(context), context.config.CorpusOptions());
  corpus::Record record;
  while (reader.Next(record)) {
    ids.push_back(record.id);
    if (record.user) users.push_back(*record.user);
  }
  const Split split = MakeSplit(ids, context.config.split, context.config.run.seed, users, CanaryClasses(context.config));
  WriteSplitFiles(split, context.run_dir);
  size_t inserted = 0;
  for (const auto& canary : split.canaries) inserted += canary.inserted ? 1 : 0;
  common::LogInfo("split: " + std::to_string(split.members.size()) + " members, " + std::to_string(split.nonmembers.size()) +
          " audit non-members, " + std::to_string(split.validation.size()) + " validation, " +
          std::to_string(split.canaries.size()) + " canaries (" + std::to_string(inserted) + " inserted)");
  return {{"members", split.members.size()},
          {"nonmembers", split.nonmembers.size()},
          {"validation", split.validation.size()},
          {"canaries", split.canaries.size()},
          {"canaries_inserted", inserted}};
}


nlohmann::json RunTrain(StageContext& context) {
  RequireCleanCorpus(context);
  const Config& config = context.config;
  const Split split = ReadSplitFiles(context.run_dir);
  enum class Role { kMember, kValidation };
  std::unordered_map<std::string, Role> roles;
  for (const auto& id : split.members) roles.emplace(id, Role::kMember);
  for (const auto& id : split.validation) roles.emplace(id, Role::kValidation);

  std::vector<ClassifierExample> train_examples;
  std::vector<ClassifierExample> validation_examples;
  const bool classifier = config.train.task == Task::kClassifier;
  const auto& classes = config.train.classes;
  // Person-level privacy: the unit of each training example, numbered in order of first appearance.
  std::unordered_map<std::string, int64_t> unit_of_user;
  std::vector<int64_t> unit_of_example;
  corpus::CorpusReader reader(CleanCorpus(context), config.CorpusOptions());
  corpus::Record record;
  while (reader.Next(record)) {
    const auto role = roles.find(record.id);
    if (role == roles.end()) continue;
    const std::string where = CleanCorpus(context).string() + ":" + std::to_string(record.line) + ": record '" +
                              record.id + "'";
    if (classifier && !record.label) {
      throw common::InputError(where + " has no class in data.label_field '" + config.data.label_field + "'");
    }
    if (classifier && std::find(classes.begin(), classes.end(), *record.label) == classes.end()) {
      throw common::InputError(where + " has class '" + *record.label + "' in data.label_field '" + config.data.label_field +
                       "', which is not among train.classes (add it to the config, or fix the record)");
    }
    if (role->second == Role::kMember && record.user) {
      unit_of_example.push_back(
          unit_of_user.emplace(*record.user, static_cast<int64_t>(unit_of_user.size())).first->second);
    }
    (role->second == Role::kMember ? train_examples : validation_examples)
        .push_back({std::move(record.text), record.label.value_or("")});
  }

  const std::string fingerprint = common::Sha256Hex(TrainConfigSlice(config).dump() + common::Sha256OfFile(CleanCorpus(context)) +
                                            common::Sha256OfFile(context.run_dir / common::kSplitFile) +
                                            common::Sha256OfFile(context.run_dir / common::kCanariesFile));
  const bool persons = !config.data.user_field.empty();
  int max_canary_copies = 0;
  const TrainingResult result = TrainWithConfig(
      config, context.run_dir, context.run_dir / common::kModelDir, fingerprint, "train", [&](TrainingJob job) {
        if (persons) {
          job.unit_name = "person";
          job.unit_of_example = unit_of_example;
        }
        // The model also learns the inserted canaries, each as often as its repetition count (a classifier with the
        // canary's planted label). With person-level privacy each canary is one synthetic person: its copies are
        // clipped together.
        std::vector<ClassifierExample> examples = train_examples;
        int64_t next_unit = static_cast<int64_t>(unit_of_user.size());
        for (const auto& canary : split.canaries) {
          if (!canary.inserted) continue;
          max_canary_copies = std::max(max_canary_copies, canary.repeats);
          for (int copy = 0; copy < canary.repeats; ++copy) {
            examples.push_back({canary.text(), canary.label});
            if (persons) job.unit_of_example.push_back(next_unit);
          }
          ++next_unit;
        }
        if (classifier) return TrainTextClassifier(examples, validation_examples, job);
        return TrainLanguageModel(Texts(examples), Texts(validation_examples), job);
      });
  nlohmann::json privacy_json = result.privacy;
  privacy_json["canary_copies"] = {
      {"max_copies", max_canary_copies},
      {"counted_as", persons ? "one person per canary: its copies are sampled and clipped together"
                             : "one training example per copy: a canary with r copies is protected only by group "
                               "privacy, (r epsilon, r e^((r-1) epsilon) delta)"}};
  common::WriteFileAtomically(context.run_dir / common::kMetricsFile, result.metrics.dump(2) + "\n");
  common::WriteFileAtomically(context.run_dir / common::kPrivacyFile, privacy_json.dump(2) + "\n");
  const std::string why_not = !config.privacy.enabled ? "training was not private"
                              : config.privacy.gradient_canaries == 0
                                  ? "privacy.gradient_canaries is 0"
                                  : "the training resumed from a checkpoint written without them, and the canaries "
                                    "need every step";
  common::WriteFileAtomically(context.run_dir / "gradient_canaries.json",
                             GradientCanariesDocument(result, why_not).dump(2) + "\n");
  const std::string privacy = config.privacy.enabled ? ", epsilon " + result.privacy["epsilon"].dump() + " at delta " +
                                                           result.privacy["delta"].dump()
                                                     : ", not private";
  if (classifier) {
    common::LogInfo("train: validation accuracy " + result.metrics["validation_accuracy"].dump() + " (majority class " +
            result.metrics["majority_baseline"]["validation_accuracy"].dump() + ")" + privacy);
  } else {
    common::LogInfo("train: validation loss " + std::to_string(result.metrics["validation_loss"].get<double>()) +
            " nats/token (unigram baseline " +
            std::to_string(result.metrics["unigram_baseline"]["validation_loss"].get<double>()) + ")" + privacy);
  }
  return {{"steps", result.metrics["steps"]},
          {"validation_loss", result.metrics["validation_loss"]},
          {"epsilon", result.privacy["epsilon"]},
          {"resumed_from_step", result.resumed_from_step}};
}

}  // namespace

nlohmann::json TrainConfigSlice(const Config& config) {
  auto json = ConfigToJson(config);
  // Where the ledger lives and what the dataset is called do not change the model: editing them must not retrain
  // (and spend budget again).
  json["privacy"].erase("ledger");
  json["privacy"].erase("dataset_name");
  return {{"seed", config.run.seed}, {"data", json["data"]}, {"train", json["train"]}, {"privacy", json["privacy"]}};
}

TrainingResult TrainWithConfig(const Config& config, const std::filesystem::path& run_dir,
                               const std::filesystem::path& model_dir,
                               const std::string& fingerprint, const std::string& label,
                               const std::function<TrainingResult(TrainingJob)>& train) {
  TrainingJob job;
  job.train = config.train;
  job.privacy = config.privacy;
  job.seed = config.run.seed;
  job.threads = config.run.threads;
  job.model_dir = model_dir;
  job.fingerprint = fingerprint;
  common::ProgressLine progress;
  job.on_step = [&](const TrainingProgress& p) {
    char line[200];
    std::snprintf(line, sizeof line, "%s: step %lld/%lld  epsilon %.3f  %.2f s/step", label.c_str(),
                  static_cast<long long>(p.step), static_cast<long long>(p.steps), p.epsilon, p.seconds_per_step);
    progress.Update(line);
  };
  const std::optional<uint64_t> resident_before = common::ResidentBytes();
  TrainingResult result = train(job);
  progress.Finish();
  // What this training added to the process at its peak (an over-estimate when the process peaked higher before): an
  // audit reads the target's to decide how many reference models fit in memory at once.
  if (const std::optional<uint64_t> peak = common::PeakResidentBytes(); peak && resident_before) {
    const uint64_t growth = *peak - std::min(*peak, *resident_before);
    result.metrics["peak_memory_growth_mib"] = static_cast<double>(growth) / common::kBytesPerMiB;
  }
  RecordInDatasetLedger(config, run_dir, label == "train" ? "train" : "reference", result);
  return result;
}

void RecordInDatasetLedger(const Config& config, const std::filesystem::path& run_dir, const std::string& purpose,
                           const TrainingResult& result) {
  LedgerTraining training;
  training.training_id = result.training_id;
  training.run = config.run.name;
  training.purpose = purpose;
  training.differentially_private = result.privacy.value("differentially_private", false);
  training.privacy_unit = result.privacy.value("privacy_unit", "record");
  training.ledger = dp::PrivacyLedger::FromJson(result.privacy.at("ledger"));
  DatasetLedgerFile(config.LedgerPath(run_dir)).Record(DatasetKey(config), DatasetName(config), training);
}

Stage MakeSplitStage() {
  return Stage{"split", [](const StageContext& context) { return std::vector<fs::path>{CleanCorpus(context)}; },
               SplitConfigSlice, {common::kSplitFile, common::kCanariesFile}, RunSplit};
}

nlohmann::json GradientCanariesDocument(const TrainingResult& result, const std::string& why_not) {
  if (result.gradient_canaries.is_null()) return {{"ran", false}, {"why", why_not}};
  return {{"ran", true}, {"result", result.gradient_canaries}};
}

Stage MakeTrainStage() {
  return Stage{"train",
               [](const StageContext& context) {
                 return std::vector<fs::path>{CleanCorpus(context), context.run_dir / common::kSplitFile,
                                              context.run_dir / common::kCanariesFile};
               },
               TrainConfigSlice,
               {"model/weights.pt", "model/model.json", common::kMetricsFile, common::kPrivacyFile,
                "gradient_canaries.json"},
               RunTrain};
}

}  // namespace leakgate::pipeline
