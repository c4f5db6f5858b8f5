// Privacy accounting for DP-SGD (the Poisson-subsampled Gaussian mechanism): epsilon from the RDP or PRV
// accountant, noise calibration for a target epsilon, and the serialisable ledger a training run checkpoints.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "common/errors.h"

namespace leakgate::dp {

// A problem with the caller's parameters (range, format); what() names the parameter and the expected value.
class ParameterError : public common::InternalError {
 public:
  using common::InternalError::InternalError;
};

// One phase of the Poisson-subsampled Gaussian mechanism: `steps` steps at (noise_multiplier, sample_rate).
struct MechanismPhase {
  double noise_multiplier;
  double sample_rate;
  int64_t steps;
  bool operator==(const MechanismPhase&) const = default;
};

enum class AccountantKind { kRdp, kPrv };

// "rdp" | "prv"; anything else throws ParameterError.
AccountantKind ParseAccountantKind(std::string_view name);
std::string_view AccountantName(AccountantKind kind);

struct EpsilonReport {
  double epsilon;
  double delta;
  AccountantKind accountant;
  std::optional<double> alpha;        // RDP: the order that attains the minimum
  std::optional<double> eps_error;    // PRV: the reported epsilon is an upper bound, at most this much too high
  std::optional<double> delta_error;  // PRV: slack on delta used for that bound
};

// Serialisable accountant state: what the trainer checkpoints and resumes; ledgers of several runs on the same
// dataset compose.
class PrivacyLedger {
 public:
  // Adds `steps` steps; merges with the last phase if it has the same noise multiplier and sample rate.
  void Record(double noise_multiplier, double sample_rate, int64_t steps = 1);
  // Appends every phase of `other` (the privacy spent by another run on the same dataset).
  void Compose(const PrivacyLedger& other);
  const std::vector<MechanismPhase>& phases() const { return phases_; }
  int64_t total_steps() const;
  EpsilonReport Epsilon(double delta, AccountantKind kind) const;
  // {"version": 1, "phases": [{"noise_multiplier": .., "sample_rate": .., "steps": ..}, ...]}; round-trips
  // exactly (doubles are written with 17 significant digits by nlohmann_json).
  nlohmann::json ToJson() const;
  static PrivacyLedger FromJson(const nlohmann::json& json);

 private:
  std::vector<MechanismPhase> phases_;
};

// Epsilon spent by the composition of `phases` at `delta`. RDP: Opacus's RDPAccountant with its 151 default
// orders and the Balle et al. 2020 conversion. PRV: Opacus's PRVAccountant (eps_error 0.01, delta_error delta/1000),
// the reported epsilon is its upper estimate.
EpsilonReport ComputeEpsilon(const std::vector<MechanismPhase>& phases, double delta, AccountantKind kind);

// Opacus get_noise_multiplier contract: smallest sigma found by bisection with eps in [target - tol, target].
double GetNoiseMultiplier(double target_epsilon, double delta, double sample_rate, int64_t steps,
                          AccountantKind kind, double epsilon_tolerance = 0.01);

// floor(epochs / q), as Opacus (int(epochs / sample_rate)).
int64_t StepsForEpochs(double epochs, double sample_rate);

// Sample rate of Poisson sampling with expected batch `batch_size` out of `dataset_size` records.
double SampleRateForBatch(int64_t batch_size, int64_t dataset_size);

// A warning sentence when delta >= 1/dataset_size (such a delta allows releasing a record outright), else "".
std::string DeltaWarning(double delta, int64_t dataset_size);

// Parameter checks shared by every entry point; each throws ParameterError naming the parameter and its value.
void ValidateSampleRate(double sample_rate);
void ValidateNoiseMultiplier(double noise_multiplier);
void ValidateSteps(int64_t steps);
void ValidateDelta(double delta);
void ValidateEpsilon(double epsilon, std::string_view parameter_name = "target_epsilon");

}  // namespace leakgate::dp
