// `leakgate privacy epsilon | noise`: the privacy accountant on the command line (see dp/accounting/accounting.h);
// `leakgate privacy ledger`: every training recorded on a config's dataset, composed (pipeline/privacy_ledger.h).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/cli.h"
#include "common/errors.h"
#include "common/log.h"
#include "common/run_files.h"
#include "dp/accounting/accounting.h"
#include "pipeline/config.h"
#include "pipeline/privacy_ledger.h"

namespace leakgate::cli {

namespace {

// Options shared by both commands: the mechanism's length and the accountant.
struct MechanismFlags {
  double delta = 0.0;
  double sample_rate = 0.0;
  int64_t steps = 0;
  double epochs = 0.0;
  CLI::Option* steps_option = nullptr;
  int64_t dataset_size = 0;
  std::string accountant = "prv";
  bool json = false;

  void Add(CLI::App& command) {
    command.add_option("--delta", delta, "Target delta, in (0, 1)")->required();
    command.add_option("--sample-rate", sample_rate, "Poisson sampling rate q = batch size / dataset size, in (0, 1]")
        ->required();
    CLI::Option_group* length = command.add_option_group("length", "How long the mechanism runs (one of)");
    steps_option = length->add_option("--steps", steps, "Number of noisy steps");
    length->add_option("--epochs", epochs, "Epochs; steps = floor(epochs / sample_rate), as Opacus");
    length->require_option(1);
    command.add_option("--dataset-size", dataset_size, "Records in the dataset, to warn when delta >= 1/N");
    command.add_option("--accountant", accountant, "rdp or prv")
        ->check(CLI::IsMember({"rdp", "prv"}))
        ->capture_default_str();
    command.add_flag("--json", json, "Print one JSON object instead of a sentence");
  }

  int64_t Steps() const {
    dp::ValidateSampleRate(sample_rate);
    const int64_t count = steps_option->count() > 0 ? steps : dp::StepsForEpochs(epochs, sample_rate);
    dp::ValidateSteps(count);
    return count;
  }

  void WarnAboutDelta() const {
    const std::string warning = dp::DeltaWarning(delta, dataset_size);
    if (!warning.empty()) common::LogWarning(warning);
  }
};

struct EpsilonFlags {
  MechanismFlags mechanism;
  double noise_multiplier = 0.0;
};

struct NoiseFlags {
  MechanismFlags mechanism;
  double target_epsilon = 0.0;
  double epsilon_tolerance = 0.01;
};

int RunEpsilon(const EpsilonFlags& flags) {
  const MechanismFlags& mechanism = flags.mechanism;
  const int64_t steps = mechanism.Steps();
  mechanism.WarnAboutDelta();
  const dp::AccountantKind kind = dp::ParseAccountantKind(mechanism.accountant);
  const dp::EpsilonReport report =
      dp::ComputeEpsilon({{flags.noise_multiplier, mechanism.sample_rate, steps}}, mechanism.delta, kind);
  if (mechanism.json) {
    nlohmann::json out{{"epsilon", report.epsilon}, {"delta", report.delta}, {"accountant", mechanism.accountant}};
    if (report.alpha) out["alpha"] = *report.alpha;
    std::printf("%s\n", out.dump().c_str());
    return 0;
  }
  std::string detail = mechanism.accountant + " accountant";
  if (report.alpha) detail += ", optimal order alpha = " + nlohmann::json(*report.alpha).dump();
  if (report.eps_error) detail += ", upper estimate within " + nlohmann::json(*report.eps_error).dump();
  std::printf("epsilon = %.6g at delta = %g (%s) for %lld steps at noise multiplier %g and sample rate %g.\n",
              report.epsilon, report.delta, detail.c_str(), static_cast<long long>(steps), flags.noise_multiplier,
              mechanism.sample_rate);
  return 0;
}

int RunNoise(const NoiseFlags& flags) {
  const MechanismFlags& mechanism = flags.mechanism;
  const int64_t steps = mechanism.Steps();
  mechanism.WarnAboutDelta();
  const dp::AccountantKind kind = dp::ParseAccountantKind(mechanism.accountant);
  const double sigma = dp::GetNoiseMultiplier(flags.target_epsilon, mechanism.delta, mechanism.sample_rate, steps,
                                              kind, flags.epsilon_tolerance);
  const double achieved = dp::ComputeEpsilon({{sigma, mechanism.sample_rate, steps}}, mechanism.delta, kind).epsilon;
  if (mechanism.json) {
    std::printf("%s\n", nlohmann::json{{"noise_multiplier", sigma}, {"epsilon", achieved}}.dump().c_str());
    return 0;
  }
  std::printf("noise multiplier %.10g gives epsilon = %.6g (target %g) at delta = %g (%s accountant) for %lld steps "
              "at sample rate %g.\n",
              sigma, achieved, flags.target_epsilon, mechanism.delta, mechanism.accountant.c_str(),
              static_cast<long long>(steps), mechanism.sample_rate);
  return 0;
}

// The accountant checks its parameters; here they are the user's flags, so a rejected one is bad input (exit 2).
int WithFlagsChecked(const std::function<int()>& run) {
  try {
    return run();
  } catch (const dp::ParameterError& error) {
    throw common::InputError("command line", 0, error.what_only(), "see --help");
  }
}

struct LedgerFlags {
  std::string config;
  std::string out_dir;
  double delta = 0.0;
  bool json = false;
};

// δ to compose at: --delta, else the δ of the config's last training (its privacy.json).
double LedgerDelta(const LedgerFlags& flags, const pipeline::Config& config) {
  if (flags.delta > 0.0) return flags.delta;
  const std::filesystem::path privacy_path =
      std::filesystem::path(flags.out_dir.empty() ? config.OutDir() : flags.out_dir) / common::kPrivacyFile;
  std::ifstream in(privacy_path);
  const nlohmann::json privacy = in ? nlohmann::json::parse(in, nullptr, false) : nlohmann::json();
  if (privacy.is_object() && privacy.value("delta", nlohmann::json()).is_number()) return privacy["delta"];
  throw common::InputError(privacy_path.string(), 0, "holds no delta (the run has not trained yet)",
                          "pass --delta to compose the ledger at a delta of your choice");
}

int RunLedger(const LedgerFlags& flags) {
  const pipeline::Config config = pipeline::LoadConfig(flags.config);
  const double delta = LedgerDelta(flags, config);
  const pipeline::DatasetLedgerFile file(config.LedgerPath(flags.out_dir.empty() ? config.OutDir() : flags.out_dir));
  const pipeline::DatasetLedgerSummary summary =
      file.Summarize(pipeline::DatasetKey(config), delta, config.privacy.accountant);
  if (flags.json) {
    nlohmann::json out = pipeline::ToJson(summary);
    out["ledger_file"] = file.path().string();
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  std::printf("Privacy ledger %s, dataset %s (sha256 %s):\n", file.path().string().c_str(),
              summary.name.empty() ? pipeline::DatasetName(config).c_str() : summary.name.c_str(), summary.dataset.c_str());
  for (const pipeline::LedgerTraining& training : summary.trainings) {
    const dp::PrivacyLedger& ledger = training.ledger;
    std::printf("  %-20s %-9s run %-16s %-6s %-7s %lld steps\n", training.recorded_at.c_str(),
                training.purpose.c_str(), training.run.c_str(), training.privacy_unit.c_str(),
                training.differentially_private ? "DP" : "NOT DP", static_cast<long long>(ledger.total_steps()));
  }
  if (summary.trainings.empty()) std::printf("  (no training recorded yet)\n");
  if (summary.total_epsilon) {
    std::printf("Composed: epsilon = %.6g at delta = %g (%s accountant) over %zu trainings, per %s.\n",
                *summary.total_epsilon, summary.delta, summary.accountant.c_str(), summary.trainings.size(),
                summary.privacy_unit.c_str());
  } else {
    std::printf("Composed: epsilon is UNBOUNDED: at least one training was not differentially private.\n");
  }
  return 0;
}

}  // namespace

void AddPrivacyCommands(CLI::App& root, CliContext& context) {
  CLI::App* privacy = root.add_subcommand("privacy", "Privacy accounting for DP-SGD (RDP and PRV accountants)");
  privacy->require_subcommand(1);

  CLI::App* epsilon = privacy->add_subcommand("epsilon", "Epsilon spent by a run of the subsampled Gaussian");
  auto epsilon_flags = std::make_shared<EpsilonFlags>();
  epsilon->add_option("--noise-multiplier", epsilon_flags->noise_multiplier, "Noise std / clipping norm, > 0")
      ->required();
  epsilon_flags->mechanism.Add(*epsilon);
  SetAction(context, epsilon, [=] { return WithFlagsChecked([&] { return RunEpsilon(*epsilon_flags); }); });

  CLI::App* noise = privacy->add_subcommand("noise", "Smallest noise multiplier reaching a target epsilon");
  auto noise_flags = std::make_shared<NoiseFlags>();
  noise->add_option("--target-epsilon", noise_flags->target_epsilon, "Epsilon to reach, > 0")->required();
  noise->add_option("--epsilon-tolerance", noise_flags->epsilon_tolerance,
                    "Bisection stops once epsilon is in [target - tolerance, target]")
      ->capture_default_str();
  noise_flags->mechanism.Add(*noise);
  SetAction(context, noise, [=] { return WithFlagsChecked([&] { return RunNoise(*noise_flags); }); });

  CLI::App* ledger = privacy->add_subcommand(
      "ledger", "Every training recorded on a config's dataset (retries, other configs, reference models), composed");
  auto ledger_flags = std::make_shared<LedgerFlags>();
  ledger->add_option("config", ledger_flags->config, "A run's YAML config (names the dataset and the ledger file)")
      ->required()
      ->check(CLI::ExistingFile);
  ledger->add_option("--out", ledger_flags->out_dir, "Run directory whose privacy.json gives delta");
  ledger->add_option("--delta", ledger_flags->delta, "Compose at this delta instead of the run's");
  ledger->add_flag("--json", ledger_flags->json, "Print the composition as JSON");
  SetAction(context, ledger, [=] { return RunLedger(*ledger_flags); });
}

}  // namespace leakgate::cli
