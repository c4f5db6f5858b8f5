// What a run trains, parsed once from train.task and passed on as a type, never as its spelling.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace leakgate::pipeline {

enum class Task { kLanguageModel, kClassifier };

// "lm" | "classifier": the spelling in the config, its JSON echo, the manifest and audit.json.
inline std::string TaskName(Task task) { return task == Task::kClassifier ? "classifier" : "lm"; }

inline std::optional<Task> ParseTask(std::string_view name) {
  if (name == "lm") return Task::kLanguageModel;
  if (name == "classifier") return Task::kClassifier;
  return std::nullopt;
}

}  // namespace leakgate::pipeline
