#include "pipeline/audit_stage/audit_config.h"

#include <algorithm>
#include <set>

#include "pipeline/config_reader.h"

namespace leakgate::pipeline {

namespace {

const std::vector<std::string> kReferenceAttacks = {"lira_online", "lira_offline", "rmia"};

bool IsReferenceAttackName(const std::string& attack) {
  return std::find(kReferenceAttacks.begin(), kReferenceAttacks.end(), attack) != kReferenceAttacks.end();
}

bool KnownAttacks(const std::vector<std::string>& attacks) {
  static const std::set<std::string> known = {"loss",        "zlib",         "min_k", "one_run",
                                              "lira_online", "lira_offline", "rmia"};
  const std::set<std::string> distinct(attacks.begin(), attacks.end());
  return !attacks.empty() && distinct.size() == attacks.size() &&
         std::all_of(attacks.begin(), attacks.end(), [](const std::string& a) { return known.count(a) > 0; });
}

}  // namespace

void ReadAuditConfig(ConfigMap map, AuditConfig& audit) {
  map.Get("profile", audit.profile, [](const std::string& v) { return v == "fast" || v == "thorough"; },
          "fast or thorough");

  ConfigMap mia = map.Section("mia");
  mia.Get("attacks", audit.mia.attacks, KnownAttacks,
          "a non-empty list of distinct attacks among loss, zlib, min_k, one_run, lira_online, lira_offline, rmia");
  const bool lists_reference_attack =
      std::any_of(audit.mia.attacks.begin(), audit.mia.attacks.end(), IsReferenceAttackName);
  if (audit.profile == "fast" && lists_reference_attack) {
    mia.Fail("attacks", "lists a reference-model attack (lira_online, lira_offline, rmia), which runs only with "
                        "audit.profile: thorough");
  }
  if (audit.profile == "thorough" && !lists_reference_attack) {
    audit.mia.attacks.insert(audit.mia.attacks.end(), kReferenceAttacks.begin(), kReferenceAttacks.end());
  }
  mia.Get("reference_models", audit.mia.reference_models, [](int v) { return v >= 2 && v <= 256 && v % 2 == 0; },
          "an even number between 2 and 256 (the reference models train on complementary halves, in pairs)");
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
