#include "dp/accounting/accounting.h"

#include <cmath>
#include <sstream>

#include "dp/accounting/prv.h"
#include "dp/accounting/rdp.h"

namespace leakgate::dp {
namespace {

std::string Format(double value) {
  std::ostringstream text;
  text.precision(10);
  text << value;
  return text.str();
}

}  // namespace

void ValidateSampleRate(double sample_rate) {
  if (!(sample_rate > 0.0 && sample_rate <= 1.0)) {
    throw ParameterError("sample_rate must be in (0, 1], got " + Format(sample_rate));
  }
}

void ValidateNoiseMultiplier(double noise_multiplier) {
  if (!(noise_multiplier > 0.0) || std::isinf(noise_multiplier)) {
    throw ParameterError("noise_multiplier must be a finite number > 0, got " + Format(noise_multiplier));
  }
}

void ValidateSteps(int64_t steps) {
  if (steps < 0) throw ParameterError("steps must be >= 0, got " + std::to_string(steps));
}

void ValidateDelta(double delta) {
  if (!(delta > 0.0 && delta < 1.0)) throw ParameterError("delta must be in (0, 1), got " + Format(delta));
}

void ValidateEpsilon(double epsilon, std::string_view parameter_name) {
  if (!(epsilon > 0.0) || std::isinf(epsilon)) {
    throw ParameterError(std::string(parameter_name) + " must be a finite number > 0, got " + Format(epsilon));
  }
}

AccountantKind ParseAccountantKind(std::string_view name) {
  if (name == "rdp") return AccountantKind::kRdp;
  if (name == "prv") return AccountantKind::kPrv;
  throw ParameterError("accountant must be \"rdp\" or \"prv\", got \"" + std::string(name) + "\"");
}

std::string_view AccountantName(AccountantKind kind) { return kind == AccountantKind::kRdp ? "rdp" : "prv"; }

void PrivacyLedger::Record(double noise_multiplier, double sample_rate, int64_t steps) {
  ValidateNoiseMultiplier(noise_multiplier);
  ValidateSampleRate(sample_rate);
  ValidateSteps(steps);
  if (steps == 0) return;
  if (!phases_.empty() && phases_.back().noise_multiplier == noise_multiplier &&
      phases_.back().sample_rate == sample_rate) {
    phases_.back().steps += steps;
    return;
  }
  phases_.push_back({noise_multiplier, sample_rate, steps});
}

void PrivacyLedger::Compose(const PrivacyLedger& other) {
  for (const MechanismPhase& phase : other.phases_) Record(phase.noise_multiplier, phase.sample_rate, phase.steps);
}

int64_t PrivacyLedger::total_steps() const {
  int64_t total = 0;
  for (const MechanismPhase& phase : phases_) total += phase.steps;
  return total;
}

EpsilonReport PrivacyLedger::Epsilon(double delta, AccountantKind kind) const {
  return ComputeEpsilon(phases_, delta, kind);
}

nlohmann::json PrivacyLedger::ToJson() const {
  nlohmann::json phases = nlohmann::json::array();
  for (const MechanismPhase& phase : phases_) {
    phases.push_back(
        {{"noise_multiplier", phase.noise_multiplier}, {"sample_rate", phase.sample_rate}, {"steps", phase.steps}});
  }
  return {{"version", 1}, {"phases", phases}};
}

PrivacyLedger PrivacyLedger::FromJson(const nlohmann::json& json) {
  if (!json.is_object() || !json.contains("phases") || !json.at("phases").is_array()) {
    throw ParameterError("privacy ledger JSON must be an object with a \"phases\" array");
  }
  if (json.contains("version") && json.at("version") != 1) {
    throw ParameterError("privacy ledger JSON version must be 1, got " + json.at("version").dump());
  }
  PrivacyLedger ledger;
  for (const nlohmann::json& phase : json.at("phases")) {
    const bool well_formed = phase.is_object() && phase.contains("noise_multiplier") &&
                             phase.at("noise_multiplier").is_number() && phase.contains("sample_rate") &&
                             phase.at("sample_rate").is_number() && phase.contains("steps") &&
                             phase.at("steps").is_number_integer();
    if (!well_formed) {
      throw ParameterError("privacy ledger phase must be {\"noise_multiplier\": number, \"sample_rate\": number, "
                           "\"steps\": integer}, got " + phase.dump());
    }
    const double noise_multiplier = phase.at("noise_multiplier").get<double>();
    const double sample_rate = phase.at("sample_rate").get<double>();
    const int64_t steps = phase.at("steps").get<int64_t>();
    ValidateNoiseMultiplier(noise_multiplier);
    ValidateSampleRate(sample_rate);
    ValidateSteps(steps);
    ledger.phases_.push_back({noise_multiplier, sample_rate, steps});  // kept as written, unmerged
  }
  return ledger;
}

EpsilonReport ComputeEpsilon(const std::vector<MechanismPhase>& phases, double delta, AccountantKind kind) {
  ValidateDelta(delta);
  int64_t total_steps = 0;
  for (const MechanismPhase& phase : phases) {
    ValidateNoiseMultiplier(phase.noise_multiplier);
    ValidateSampleRate(phase.sample_rate);
    ValidateSteps(phase.steps);
    total_steps += phase.steps;
  }
  EpsilonReport report{0.0, delta, kind, std::nullopt, std::nullopt, std::nullopt};
  if (kind == AccountantKind::kRdp) {
    const RdpConversion rdp = RdpEpsilon(phases, delta);
    report.epsilon = rdp.epsilon;
    if (!std::isnan(rdp.alpha)) report.alpha = rdp.alpha;
    return report;
  }
  const PrvBounds bounds;
  report.eps_error = bounds.eps_error;
  report.delta_error = delta / 1000.0;
  if (total_steps == 0) return report;
  const PrvEpsilon prv = PrvEpsilonUpper(phases, delta, bounds);
  report.epsilon = prv.epsilon_upper;
  return report;
}

int64_t StepsForEpochs(double epochs, double sample_rate) {
  ValidateSampleRate(sample_rate);
  if (!(epochs >= 0.0) || std::isinf(epochs)) throw ParameterError("epochs must be a finite number >= 0, got " + Format(epochs));
  const double steps = std::floor(epochs / sample_rate);
  if (steps > 9e15) throw ParameterError("epochs / sample_rate is too large: " + Format(steps) + " steps");
  return static_cast<int64_t>(steps);
}

double SampleRateForBatch(int64_t batch_size, int64_t dataset_size) {
  if (dataset_size <= 0) throw ParameterError("dataset_size must be > 0, got " + std::to_string(dataset_size));
  if (batch_size <= 0 || batch_size > dataset_size) {
    throw ParameterError("batch_size must be in [1, dataset_size=" + std::to_string(dataset_size) + "], got " +
                         std::to_string(batch_size));
  }
  return static_cast<double>(batch_size) / static_cast<double>(dataset_size);
}

std::string DeltaWarning(double delta, int64_t dataset_size) {
  if (dataset_size <= 0 || delta < 1.0 / static_cast<double>(dataset_size)) return "";
  return "delta=" + Format(delta) + " is >= 1/N for N=" + std::to_string(dataset_size) +
         " records: a mechanism that publishes one record in full satisfies it; use delta well below 1/N";
}

}  // namespace leakgate::dp
