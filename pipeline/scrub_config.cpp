#include "pipeline/scrub_config.h"

#include <map>

namespace leakgate::pipeline {

namespace {

scrub::OperatorKind OperatorOf(ConfigMap& map, const std::string& key, const std::string& name) {
  try {
    return scrub::ParseOperator(name, map.Name(key));
  } catch (const common::ConfigError&) {
    map.Fail(key, "must be placeholder, mask, hmac or drop_record, got '" + name + "'");
  }
}

void ReadResidualSweep(ConfigMap map, ResidualSweepSection& sweep) {
  map.Get("enabled", sweep.enabled);
  map.Get("max_run_records", sweep.max_run_records, [](size_t v) { return v <= 1000000; }, "at most 1000000");
  std::string action = sweep.drop_records ? "drop_record" : "keep";
  map.Get("action", action, [](const std::string& v) { return v == "drop_record" || v == "keep"; },
          "drop_record or keep");
  sweep.drop_records = action == "drop_record";
  map.Finish();
}

}  // namespace

void ReadScrubSection(ConfigMap map, ScrubSection& scrub) {
  scrub::ScrubConfig& settings = scrub.settings;
  map.Get("enabled", scrub.enabled);
  std::vector<std::string> entities = {"all"};
  map.Get("entities", entities, [](const std::vector<std::string>& v) { return !v.empty(); },
          "'all' or a list of entity types");
  settings.entities = entities == std::vector<std::string>{"all"} ? std::vector<std::string>{} : entities;
  std::string operator_name = std::string(scrub::OperatorName(settings.default_operator.kind));
  map.Get("operator", operator_name);
  settings.default_operator.kind = OperatorOf(map, "operator", operator_name);
  map.Get("mask_keep_last", settings.default_operator.mask_keep_last, [](int v) { return v >= 0 && v <= 64; },
          "between 0 and 64");
  std::map<std::string, std::string> overrides;
  map.Get("operators", overrides);
  settings.operator_overrides.clear();
  for (const auto& [type, name] : overrides) {
    scrub::OperatorSpec spec = settings.default_operator;
    spec.kind = OperatorOf(map, "operators", name);
    settings.operator_overrides[type] = spec;
  }
  map.Get("hmac_key_env", settings.hmac_key_env, [](const std::string& v) { return !v.empty(); },
          "the name of an environment variable");
  map.Get("min_score", settings.min_score, [](double v) { return v >= 0 && v <= 1; }, "in [0, 1]");
  map.Get("context_window", settings.context_window, [](size_t v) { return v <= 4096; }, "at most 4096 bytes");
  map.Get("residual_scan", settings.residual_scan);
  ReadResidualSweep(map.Section("residual_sweep"), scrub.residual_sweep);
  settings.user_patterns.clear();
  for (ConfigMap item : map.SectionList("user_patterns")) {
    scrub::UserPattern pattern;
    for (const char* required : {"name", "type", "regex"}) {
      if (!item.Has(required)) item.Fail(required, "is required for a user pattern");
    }
    item.Get("name", pattern.name);
    item.Get("type", pattern.type);
    item.Get("regex", pattern.regex);
    item.Get("validator", pattern.validator);
    item.Get("context", pattern.context);
    item.Get("score", pattern.score, [](double v) { return v >= 0 && v <= 1; }, "in [0, 1]");
    item.Finish();
    settings.user_patterns.push_back(std::move(pattern));
  }
  map.Finish();
}

nlohmann::json ScrubSectionToJson(const ScrubSection& scrub) {
  const auto& settings = scrub.settings;
  nlohmann::json overrides = nlohmann::json::object();
  for (const auto& [type, spec] : settings.operator_overrides) overrides[type] = scrub::OperatorName(spec.kind);
  nlohmann::json patterns = nlohmann::json::array();
  for (const auto& pattern : settings.user_patterns) {
    patterns.push_back({{"name", pattern.name}, {"type", pattern.type}, {"regex", pattern.regex},
                        {"validator", pattern.validator}, {"context", pattern.context}, {"score", pattern.score}});
  }
  return {{"enabled", scrub.enabled},
          {"entities", settings.entities.empty() ? nlohmann::json("all") : nlohmann::json(settings.entities)},
          {"operator", scrub::OperatorName(settings.default_operator.kind)},
          {"mask_keep_last", settings.default_operator.mask_keep_last},
          {"operators", overrides},
          {"hmac_key_env", settings.hmac_key_env},
          {"min_score", settings.min_score},
          {"context_window", settings.context_window},
          {"residual_scan", settings.residual_scan},
          {"residual_sweep", {{"enabled", scrub.residual_sweep.enabled},
                              {"max_run_records", scrub.residual_sweep.max_run_records},
                              {"action", scrub.residual_sweep.drop_records ? "drop_record" : "keep"}}},
          {"user_patterns", patterns}};
}

}  // namespace leakgate::pipeline
