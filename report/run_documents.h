// The JSON documents of a run directory that the gate and the reports read, and the fields they rely on.
//
// Any document may be absent (its stage did not run); a present one must be valid JSON with the fields below of the
// stated types, else common::InputError. A JSON null counts as absent.
//
// manifest.json (pipeline/run.cpp): tool.version, config (resolved), config_sha256, seed,
//   inputs {path: sha256}, stages {name: {outputs {file: sha256}, seconds}}.
// hygiene.json (hygiene stage): dedup {records_in, records_out, exact_duplicates_removed, near_duplicates_removed,
//   near_duplicate_rate, clusters, bad_records.count, lsh.b}; scrub (optional, scrub::ScrubReportJson)
//   {findings_total, findings_per_type {TYPE: n}, residual_scan, residual_total, residual_per_type,
//   operators {default, TYPE: op}, entity_types [..]}.
// privacy.json (training stage; the trainer writes exactly these):
//   enabled          bool    false when trained without DP (then epsilon and delta are null or absent)
//   epsilon          number  the accountant's epsilon spent (an upper bound on the true epsilon)
//   delta            number
//   accountant       string  "rdp" or "prv"
//   noise_multiplier number  sigma
//   sample_rate      number  Poisson sampling rate q
//   steps            integer optimiser steps taken
//   max_grad_norm    number  per-sample clipping bound C
//   dataset_size     integer privacy units (records with inserted canary copies, or persons), for the delta rule
//   target_epsilon   number  optional, the configured target
//   secure_rng       bool    optional, noise from a CSPRNG
//   differentially_private bool optional; false for a seeded (reproducible) run: its noise can be rebuilt
//   not_dp_reason    string  optional, why the run is not differentially private
//   privacy_unit     string  optional, "record" or "person"
// dataset_ledger.json (gate stage, from the dataset's privacy ledger, pipeline/privacy_ledger.h): dataset, name,
//   trainings [...], total_epsilon (null when a training was not DP), bounded, delta, accountant, privacy_unit.
// audit.json (audit stage), built from the serialisers in audit/metrics/json.h:
//   membership      {attack name: MembershipMetrics}   e.g. "loss", "min_k", "zlib", "lira_online"
//   loss_histogram  optional {bin_edges [k+1], members [k counts], non_members [k counts]} of per-example losses
//   one_run         optional OneRunResult
//   extraction      optional {members: ExtractionSummary, non_members: ExtractionSummary (the baseline),
//                   prefix_tokens, suffix_tokens, samples: [{prefix, expected, generated}] optional}
//   canaries        optional {exposure: [ExposureByRepetition], candidate_space_bits (optional),
//                   not_inserted_exposure_bits: Distribution (optional, the baseline),
//                   extraction: [{repetitions, exact_match: Rate}] (optional),
//                   samples: [{text, repetitions, exposure_bits}] optional}
//   samples_redacted optional bool: the sample texts above are already hashes or redacted
//   task            optional "lm" or "classifier"
//   not_applicable  optional {part: one plain sentence why}; parts "one_run", "extraction", "canaries" make the
//                   gate's matching checks not applicable (a classifier run)
//   clone           optional audit::CloningResult {labels, pool_size, evaluation_size, target_accuracy, confidence,
//                   points: [{policy, budget, labels_discovered, fidelity, fidelity_interval, accuracy,
//                   accuracy_interval}], adversary_pool (optional text)}
// redteam/redteam-<tier>.json (`leakgate redteam RUN --tier T`, one per serving tier attacked through the guarded
//   server): tier, kind ("classifier" or "language_model"), policy (text), passed, seconds,
//   model {file under the run: sha256} (the model attacked), serve_config {path, sha256},
//   checks [{name, passed, measured, threshold, detail}]; the rest is the red team's own figures (serve/red_team.h,
//   serve/lm_red_team.h).
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "common/errors.h"

namespace leakgate::report {

// Typed lookups by JSON pointer ("/dedup/records_in") in one document; a wrong type throws common::InputError naming
// the file and the pointer. Missing values (absent, or null) come back as std::nullopt / nullptr.
class Document {
 public:
  Document() = default;
  Document(nlohmann::json json, std::string file) : json_(std::move(json)), file_(std::move(file)) {}

  bool present() const { return json_.is_object(); }
  const nlohmann::json& json() const { return json_; }
  const std::string& file() const { return file_; }

  const nlohmann::json* Find(std::string_view pointer) const;
  std::optional<double> Number(std::string_view pointer) const;
  std::optional<bool> Bool(std::string_view pointer) const;
  std::optional<std::string> String(std::string_view pointer) const;
  // Like Number, but a missing value is an error too.
  double RequiredNumber(std::string_view pointer) const;
  [[noreturn]] void Fail(std::string_view pointer, std::string_view expected) const;

 private:
  nlohmann::json json_;  // null when the file is absent
  std::string file_;
};

struct RunDocuments {
  std::filesystem::path run_dir;
  Document manifest;
  Document hygiene;
  Document privacy;
  Document audit;
  Document ledger;
  std::vector<Document> redteam;  // one per tier, ordered by file name
};

// Reads manifest.json, hygiene.json, privacy.json, audit.json, dataset_ledger.json and the red team's results from
// run_dir (each optional).
RunDocuments LoadRunDocuments(const std::filesystem::path& run_dir);

}  // namespace leakgate::report
