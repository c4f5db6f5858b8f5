#include "pipeline/audit_stage/audit_config.h"

#include <algorithm>
#include <set>

#include "pipeline/config_reader.h"

namespace leakgate::pipeline {

namespace {

bool KnownAttacks(const std::vector<std::string>& attacks) {
  static const std::set<std::string> known = {"loss", "zlib", "min_k", "one_run"};
  const std::set<std::string> distinct(attacks.begin(), attacks.end());
  return !attacks.empty() && distinct.size() == attacks.size() &&
         std::all_of(attacks.begin(), attacks.end(), [](const std::string& a) { return known.count(a) > 0; });
}

}  // namespace

void ReadAuditConfig(ConfigMap map, AuditConfig& audit) {
  map.Get("profile", audit.profile, [](const std::string& v) { return v == "fast"; },
          "fast (the thorough profile, with reference models, is not implemented yet)");

  ConfigMap mia = map.Section("mia");
  mia.Get("attacks", audit.mia.attacks, KnownAttacks,
          "a non-empty list of distinct attacks among loss, zlib, min_k, one_run (lira and rmia need reference "
          "models, which are not implemented yet)");
  mia.Get("reference_models", audit.mia.reference_models, [](int v) { return v >= 1 && v <= 256; },
          "between 1 and 256");
  mia.Get("members", audit.mia.members, [](int v) { return v >= 1; }, ">= 1");
  mia.Get("non_members", audit.mia.non_members, [](int v) { return v >= 1; }, ">= 1");
  mia.Get("min_k_percent", audit.mia.min_k_percent, [](double v) { return v > 0.0 && v <= 100.0; }, "in (0, 100]");
  mia.Get("bootstrap_resamples", audit.mia.bootstrap_resamples, [](int v) { return v >= 0 && v <= 100000; },
          "between 0 (no confidence intervals) and 100000");
  mia.Finish();

  ConfigMap extraction = map.Section("extraction");
  extraction.Get("prefix_tokens", audit.extraction.prefix_tokens, [](int v) { return v >= 1; }, ">= 1");
  extraction.Get("suffix_tokens", audit.extraction.suffix_tokens, [](int v) { return v >= 1; }, ">= 1");
  extraction.Get("samples", audit.extraction.samples, [](int v) { return v >= 0; }, ">= 0 (0 skips extraction)");
  extraction.Finish();

  ConfigMap canaries = map.Section("canaries");
  canaries.Get("candidates", audit.canaries.candidates, [](int v) { return v >= 2; }, ">= 2");
  canaries.Get("max_exact_candidates", audit.canaries.max_exact_candidates, [](int64_t v) { return v >= 0; },
               ">= 0");
  canaries.Finish();

  ConfigMap clone = map.Section("clone");
  clone.Get("enabled", audit.clone.enabled, [](bool v) { return !v; },
            "false (the cloning audit needs the classifier task, which is not implemented yet)");
  clone.Finish();
  map.Finish();
}

nlohmann::json AuditConfigToJson(const AuditConfig& audit) {
  return {{"profile", audit.profile},
          {"mia", {{"attacks", audit.mia.attacks},
                   {"reference_models", audit.mia.reference_models},
                   {"members", audit.mia.members},
                   {"non_members", audit.mia.non_members},
                   {"min_k_percent", audit.mia.min_k_percent},
                   {"bootstrap_resamples", audit.mia.bootstrap_resamples}}},
          {"extraction", {{"prefix_tokens", audit.extraction.prefix_tokens},
                          {"suffix_tokens", audit.extraction.suffix_tokens},
                          {"samples", audit.extraction.samples}}},
          {"canaries", {{"candidates", audit.canaries.candidates},
                        {"max_exact_candidates", audit.canaries.max_exact_candidates}}},
          {"clone", {{"enabled", audit.clone.enabled}}}};
}

}  // namespace leakgate::pipeline
