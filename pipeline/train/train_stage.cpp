#include "pipeline/train/train_stage.h"

#include "pipeline/train/classifier.h"

#include <cstdio>
#include <unordered_map>

#include "dedup/io/atomic_file.h"
#include "dedup/io/corpus.h"
#include "pipeline/digest.h"
#include "pipeline/log.h"
#include "pipeline/train/split.h"
#include "pipeline/train/trainer.h"

namespace leakgate::pipeline {

namespace {

namespace fs = std::filesystem;

fs::path CleanCorpus(const StageContext& context) { return context.run_dir / "corpus.clean.jsonl.zst"; }

void RequireCleanCorpus(const StageContext& context) {
  if (!fs::exists(CleanCorpus(context))) {
    throw TrainError(CleanCorpus(context).string() +
                     ": missing (run the hygiene stage first: leakgate run CONFIG --stages hygiene)");
  }
}

nlohmann::json SplitConfigSlice(const Config& config) {
  const auto json = ConfigToJson(config);
  return {{"seed", config.run.seed}, {"split", json["split"]}, {"data", json["data"]}};
}


nlohmann::json RunSplit(StageContext& context) {
  RequireCleanCorpus(context);
  std::vector<std::string> ids;
  dedup::CorpusReader reader(CleanCorpus(context), context.config.CorpusOptions());
  dedup::Record record;
  while (reader.Next(record)) ids.push_back(record.id);
  const Split split = MakeSplit(ids, context.config.split, context.config.run.seed);
  WriteSplitFiles(split, context.run_dir);
  size_t inserted = 0;
  for (const auto& canary : split.canaries) inserted += canary.inserted ? 1 : 0;
  LogInfo("split: " + std::to_string(split.members.size()) + " members, " + std::to_string(split.nonmembers.size()) +
          " audit non-members, " + std::to_string(split.validation.size()) + " validation, " +
          std::to_string(split.canaries.size()) + " canaries (" + std::to_string(inserted) + " inserted)");
  return {{"members", split.members.size()},
          {"nonmembers", split.nonmembers.size()},
          {"validation", split.validation.size()},
          {"canaries", split.canaries.size()},
          {"canaries_inserted", inserted}};
}

std::vector<std::string> Texts(const std::vector<ClassifierExample>& examples) {
  std::vector<std::string> texts;
  texts.reserve(examples.size());
  for (const auto& example : examples) texts.push_back(example.text);
  return texts;
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
  const bool classifier = config.train.task == "classifier";
  dedup::CorpusReader reader(CleanCorpus(context), config.CorpusOptions());
  dedup::Record record;
  while (reader.Next(record)) {
    const auto role = roles.find(record.id);
    if (role == roles.end()) continue;
    if (classifier && !record.label) {
      throw TrainError(CleanCorpus(context).string() + ":" + std::to_string(record.line) + ": record '" + record.id +
                       "' has no class in data.label_field '" + config.data.label_field + "'");
    }
    (role->second == Role::kMember ? train_examples : validation_examples)
        .push_back({std::move(record.text), record.label.value_or("")});
  }

  const std::string fingerprint = Sha256Hex(TrainConfigSlice(config).dump() + Sha256OfFile(CleanCorpus(context)) +
                                            Sha256OfFile(context.run_dir / "split.json") +
                                            Sha256OfFile(context.run_dir / "canaries.jsonl"));
  const TrainingResult result = TrainWithConfig(
      config, context.run_dir / "model", fingerprint, "train", [&](const TrainingJob& job) {
        if (classifier) return TrainTextClassifier(train_examples, validation_examples, job);
        // The language model also learns the inserted canaries, each as often as its repetition count.
        std::vector<std::string> train_texts = Texts(train_examples);
        for (const auto& canary : split.canaries) {
          for (int copy = 0; canary.inserted && copy < canary.repeats; ++copy) train_texts.push_back(canary.text());
        }
        return TrainLanguageModel(train_texts, Texts(validation_examples), job);
      });
  dedup::WriteFileAtomically(context.run_dir / "metrics.json", result.metrics.dump(2) + "\n");
  dedup::WriteFileAtomically(context.run_dir / "privacy.json", result.privacy.dump(2) + "\n");
  const std::string privacy = config.privacy.enabled ? ", epsilon " + result.privacy["epsilon"].dump() + " at delta " +
                                                           result.privacy["delta"].dump()
                                                     : ", not private";
  if (classifier) {
    LogInfo("train: validation accuracy " + result.metrics["validation_accuracy"].dump() + " (majority class " +
            result.metrics["majority_baseline"]["validation_accuracy"].dump() + ")" + privacy);
  } else {
    LogInfo("train: validation loss " + std::to_string(result.metrics["validation_loss"].get<double>()) +
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
  const auto json = ConfigToJson(config);
  return {{"seed", config.run.seed}, {"data", json["data"]}, {"train", json["train"]}, {"privacy", json["privacy"]}};
}

TrainingResult TrainWithConfig(const Config& config, const std::filesystem::path& model_dir,
                               const std::string& fingerprint, const std::string& label,
                               const std::function<TrainingResult(const TrainingJob&)>& train) {
  TrainingJob job;
  job.train = config.train;
  job.privacy = config.privacy;
  job.seed = config.run.seed;
  job.threads = config.run.threads;
  job.model_dir = model_dir;
  job.fingerprint = fingerprint;
  ProgressLine progress;
  job.on_step = [&](const TrainingProgress& p) {
    char line[200];
    std::snprintf(line, sizeof line, "%s: step %lld/%lld  loss %.4f  epsilon %.3f  %.0f examples/s", label.c_str(),
                  static_cast<long long>(p.step), static_cast<long long>(p.steps), p.loss, p.epsilon,
                  p.examples_per_second);
    progress.Update(line);
  };
  TrainingResult result = train(job);
  progress.Finish();
  return result;
}

Stage MakeSplitStage() {
  return Stage{"split", [](const StageContext& context) { return std::vector<fs::path>{CleanCorpus(context)}; },
               SplitConfigSlice, {"split.json", "canaries.jsonl"}, RunSplit};
}

Stage MakeTrainStage() {
  return Stage{"train",
               [](const StageContext& context) {
                 return std::vector<fs::path>{CleanCorpus(context), context.run_dir / "split.json",
                                              context.run_dir / "canaries.jsonl"};
               },
               TrainConfigSlice,
               {"model/weights.pt", "model/model.json", "metrics.json", "privacy.json"},
               RunTrain};
}

}  // namespace leakgate::pipeline
