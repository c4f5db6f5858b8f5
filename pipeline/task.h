// What a run trains, read once from train.task (ConfigMap::GetChoice) and passed on as a type, never as its spelling.
#pragma once

#include <string>
#include <string_view>

namespace leakgate::pipeline {

enum class Task { kLanguageModel, kClassifier };

// "lm" | "classifier": the spelling in the config, its JSON echo, the manifest and audit.json.
inline std::string TaskName(Task task) { return task == Task::kClassifier ? "classifier" : "lm"; }

}  // namespace leakgate::pipeline
