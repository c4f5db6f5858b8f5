// Run-directory documents for the gate and report tests: a private run that passes every check and a non-private
// run that leaks, built with the audit metrics' own serialisers so the reader is tested against the real shapes.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "report/run_documents.h"

namespace leakgate::testing {

// The canary text the fixtures put in audit.json samples; reports must not show it when samples are redacted.
inline const std::string kSecretCanary = "the access code of Jane Roe is 493-21-8876";

nlohmann::json ManifestJson();
nlohmann::json HygieneJson();
nlohmann::json PrivacyJson(bool private_training);
// leaky: members score clearly higher than non-members, canaries and suffixes are reproduced.
nlohmann::json AuditJson(bool leaky);
// audit.json's gradient_canaries.sampling: counts as Poisson sampling draws them, or as a shuffled sampler does.
nlohmann::json SamplingJson(bool poisson);

// audit.json of a classifier run as the audit stage writes it: loss membership inference (leaky or not), the
// language-model parts listed as not applicable, and a cloning audit where label-only answers clone worst.
nlohmann::json ClassifierAuditJson(bool leaky);

// The documents of a private classifier run (its audit: ClassifierAuditJson(leaky)).
report::RunDocuments ClassifierDocuments(bool leaky);

// The five documents of a private, passing run (or a non-private, leaking one), in memory.
report::RunDocuments Documents(bool private_training);

// Writes the documents of Documents(private_training) into a fresh directory `name` under the test temp dir.
std::filesystem::path WriteRunDirectory(const std::string& name, bool private_training);
// Writes `docs` as the JSON files of a fresh run directory `name`.
std::filesystem::path WriteDocumentsDirectory(const std::string& name, const report::RunDocuments& docs);

// Writes the documents of ClassifierDocuments(leaky) into a fresh directory `name`.
std::filesystem::path WriteClassifierRunDirectory(const std::string& name, bool leaky);

// Writes a model (model/model.json, and model/weights.pt holding `weights`) into run_dir.
void WriteModelFiles(const std::filesystem::path& run_dir, const std::string& weights);

// redteam/redteam-<tier>.json of a language model's red team as `leakgate redteam` writes it, having attacked the
// model files now under run_dir/model through run_dir/serve.yaml (written when missing): the width stays hidden, the watermark is found, and the distilled clone agrees
// on `clone_agreement` of the positions (its check passes below 0.8).
nlohmann::json LanguageModelRedTeamJson(const std::filesystem::path& run_dir, const std::string& tier,
                                        double clone_agreement);

// A fresh, empty directory under the system temp dir, unique to this process.
std::filesystem::path FreshDirectory(const std::string& name);

void WriteJson(const std::filesystem::path& path, const nlohmann::json& json);
std::string ReadFile(const std::filesystem::path& path);

}  // namespace leakgate::testing
