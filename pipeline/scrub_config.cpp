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
  map.Get("enabled", sweep.enabled,
      "Set false to skip it (the residual-PII check then counts only what the recognizers find "
      "again).");
  map.Get("max_run_records", sweep.max_run_records, [](size_t v) { return v <= 1000000; }, "at most 1000000",
      "A run of capitalised words in more records than this is taken for a brand or a place, not a "
      "person.");
  std::string action = sweep.drop_records ? "drop_record" : "keep";
  map.Get("action", action, [](const std::string& v) { return v == "drop_record" || v == "keep"; },
          "drop_record or keep",
      "drop_record: flagged records are withheld from training; keep: they are trained on and their "
      "residues count in the residual PII the gate checks.");
  sweep.drop_records = action == "drop_record";
  map.Finish();
}

}  // namespace

void ReadScrubSection(ConfigMap map, ScrubSection& scrub) {
  scrub::ScrubConfig& settings = scrub.settings;
  map.Get("enabled", scrub.enabled,
      "Set false to keep the text as it is (the residual-PII gate check then reports what is left).");
  std::vector<std::string> entities = settings.entities.empty() ? std::vector<std::string>{"all"} : settings.entities;
  map.Get("entities", entities, [](const std::vector<std::string>& v) { return !v.empty(); },
          "'all' or a list of entity types",
      "Entity types to find: all, or a list of NAME, ADDRESS, ZIP, DATE, AGE, PHONE, EMAIL, SSN, MRN,"
      " HEALTH_PLAN, ACCOUNT, LICENSE, VIN, PLATE, DEVICE_ID, URL, IP_ADDRESS, CREDIT_CARD, IBAN and "
      "user pattern types.");
  settings.entities = entities == std::vector<std::string>{"all"} ? std::vector<std::string>{} : entities;
  std::string operator_name = std::string(scrub::OperatorName(settings.default_operator.kind));
  map.Get("operator", operator_name,
      "What replaces a finding: placeholder ([EMAIL]), mask (****1234), hmac (keyed pseudonym), "
      "drop_record.");
  settings.default_operator.kind = OperatorOf(map, "operator", operator_name);
  map.Get("mask_keep_last", settings.default_operator.mask_keep_last, [](int v) { return v >= 0 && v <= 64; },
          "between 0 and 64",
      "mask: characters left visible at the end.");
  std::map<std::string, std::string> overrides;
  for (const auto& [type, spec] : settings.operator_overrides) overrides[type] = scrub::OperatorName(spec.kind);
  map.Get("operators", overrides,
      "Per entity type operator, e.g. {NAME: hmac, SSN: drop_record}.");
  settings.operator_overrides.clear();
  for (const auto& [type, name] : overrides) {
    scrub::OperatorSpec spec = settings.default_operator;
    spec.kind = OperatorOf(map, "operators", name);
    settings.operator_overrides[type] = spec;
  }
  map.Get("hmac_key_env", settings.hmac_key_env, [](const std::string& v) { return !v.empty(); },
          "the name of an environment variable",
      "hmac: the environment variable holding the key (the key itself is never written anywhere): at "
      "least 32 random characters, e.g. from `openssl rand -hex 32`.");
  map.Get("min_score", settings.min_score, [](double v) { return v >= 0 && v <= 1; }, "in [0, 1]",
      "Findings scoring below this are ignored (context words raise a score).");
  map.Get("context_window", settings.context_window, [](size_t v) { return v <= 4096; }, "at most 4096 bytes",
      "Bytes before a match searched for context words (\"Dr.\", \"patient\", \"MRN\", ...).");
  map.Get("name_model", settings.name_model,
      "Also find names with the learned name tagger (names without cues, in ALL CAPS or lower case, "
      "\"Last, First\", diacritics, in scripts other than Latin); false: the gazetteer and cue words alone.");
  map.Get("residual_scan", settings.residual_scan,
      "Re-scan the scrubbed text; what is still found is the residual PII count the gate checks.");
  ReadResidualSweep(map.Section("residual_sweep",
      "A second look for names, independent of the recognizers: capitalised words the corpus never "
      "writes in lower case, beside a scrubbed name (\"[NAME] Ferreira\") or in a run of capitalised "
      "words (\"Radomir Adebayo\"). hygiene.json lists what it cannot see."), scrub.residual_sweep);
  map.List("user_patterns", settings.user_patterns,
      "Own patterns: list of {name, type, regex (RE2), validator (luhn, iban, ...), context: [words],"
      " score}.",
      [](ConfigMap item, scrub::UserPattern& pattern) {
      for (const char* required : {"name", "type", "regex"}) {
        if (!item.Has(required)) item.Fail(required, "is required for a user pattern");
      }
      item.Get("name", pattern.name,
          "The recognizer name findings are reported under.");
      item.Get("type", pattern.type,
          "The entity type (placeholder) a match becomes, e.g. EMPLOYEE_ID.");
      item.Get("regex", pattern.regex,
          "The pattern, in RE2 syntax (linear time). It reads digits of other scripts (Arabic-Indic, Devanagari, "
          "full-width, ...) as ASCII ones, and full-width ( ) + , - . / : as theirs: \\d matches them, a class of "
          "their own bytes does not.");
      item.Get("validator", pattern.validator,
          "A check a match must pass (luhn, iban, ...); empty: none.");
      item.Get("context", pattern.context,
          "Words that raise a match's score when they appear just before it.");
      item.Get("score", pattern.score, [](double v) { return v >= 0 && v <= 1; }, "in [0, 1]",
          "The score of a match before context words raise it.");
      item.Finish();
      });
  map.Finish();
}

}  // namespace leakgate::pipeline
