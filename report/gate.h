// The release gate: the run directory's documents measured against GateConfig, one check per threshold, and the
// verdict (pass only when every check passes, is not applicable, or is not evaluated while fail_on_not_evaluated is
// false).
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/run_files.h"
#include "report/gate_config.h"
#include "report/run_documents.h"

namespace leakgate::report {

// kNotApplicable: the check measures something the run's task does not have (extraction and canaries of a
// classifier); it never fails the gate.
enum class CheckStatus { kPass, kFail, kNotEvaluated, kNotApplicable };

// "pass", "fail", "not_evaluated", "not_applicable".
const char* StatusName(CheckStatus status);

struct GateCheck {
  std::string name;                 // stable id, e.g. "mia_auc"; also the JUnit test case name
  std::string title;                // what is measured, for people
  std::optional<double> measured;   // absent when not evaluated or not finite (training without DP)
  std::optional<double> threshold;  // the measured value must be <= threshold
  std::string measured_text;        // measured value as shown in reports, e.g. "0.582" or "infinite (no DP)"
  std::string threshold_text;
  CheckStatus status = CheckStatus::kNotEvaluated;
  std::string explanation;  // one plain sentence
  std::string source;       // the document the value comes from, e.g. "audit.json"
};

struct GateResult {
  bool passed = false;
  // The one-run audit proved a larger epsilon than the accountant claims: the DP implementation is broken.
  bool dp_implementation_failure = false;
  std::vector<GateCheck> checks;
  GateConfig config;
  RunDocuments documents;  // what the reports draw their figures from

  int Count(CheckStatus status) const;
  // A GateCheck by name, or nullptr.
  const GateCheck* Find(const std::string& name) const;
};

// Reads the run directory's documents (LoadRunDocuments) and evaluates every check. Malformed documents throw
// common::InputError (exit code 2); a failed gate is a result, not an exception.
GateResult EvaluateGate(const std::filesystem::path& run_dir, const GateConfig& config);

// The fewest non-members with which a false-positive rate of `fpr` can be resolved: with zero false positives among
// n, the one-sided upper bound at `confidence` is 1 - (1 - confidence)^(1/n), at most fpr only from this n on.
double NonMembersToResolve(double fpr, double confidence);
GateResult EvaluateGate(RunDocuments documents, const GateConfig& config);

// Why a red team's result (RunDocuments::redteam) says nothing about the run now, or nullopt when it attacked the model
// files under run_dir/model as they are and the serving config it names as it is. Relative serving-config paths are
// resolved against the working directory, as `leakgate redteam` wrote them.
std::optional<std::string> RedTeamStaleReason(const std::filesystem::path& run_dir, const Document& result);

// {"verdict", "dp_implementation_failure", "summary" {pass, fail, not_evaluated, not_applicable}, "checks" [..]}.
nlohmann::json ToJson(const GateResult& result);

// The result the gate stage wrote (ToJson) with the run's documents for the reports' figures, so the gate is
// evaluated once per run and everything after it shares that verdict. `config` is the gate: section it was evaluated
// with. Throws common::InputError when gate.json is missing or malformed.
GateResult ReadGateResult(const std::filesystem::path& run_dir, const GateConfig& config);

// A few plain-text lines for stderr at the end of a run: one line per check and the verdict.
std::string VerdictTable(const GateResult& result);

}  // namespace leakgate::report
