// The red team of `leakgate redteam`: extraction attackers and benign customers, each with their own API keys, talk
// to the guarded server over loopback and receive what customers receive. It measures how many texts each attacker
// sends before the monitor flags it, how many customers the monitor flags, and how long the rate limits make an
// attacker wait. Time is simulated: the server's clock jumps ahead by each Retry-After, so hours of rate-limited
// traffic take the model's time only.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "audit/metrics/stats.h"
#include "audit/model.h"
#include "serve/server.h"

namespace leakgate::serve {

enum class AttackKind {
  kRandomPool,     // the adversary's own texts in random order (Knockoff Nets' random strategy, Orekondy et al. 2019)
  kSweep,          // each of its texts, then variants with one word replaced (Papernot et al. 2017's augmentation)
  kBoundaryProbe,  // two texts the model labels differently, then a line search between them (Tramèr et al. 2016)
  kActiveLearning,  // rounds of the texts its own clone is least sure of (ActiveThief's uncertainty, Pal et al. 2020)
  kRandomText,  // texts of uniformly random words, spread over the input space (Tramèr et al. 2016's uniform queries)
};
std::string_view AttackKindName(AttackKind kind);

struct AttackerPlan {
  AttackKind kind = AttackKind::kRandomPool;
  std::size_t keys = 1;  // the attack's texts go round-robin over this many keys
};

// The red team's pass/fail checks.
struct RedTeamGate {
  // Every attacker must be flagged while its clone agrees with the model on less than this share of the customers'
  // texts (an attacker never flagged passes only if its clone stays below it for the whole budget).
  double max_fidelity_at_flag = 0.8;
  // The share of customers flagged, by the upper end of its 95% interval (so too few customers cannot pass).
  double max_false_alarm_rate = 0.01;
  // A language model's distillation clone must agree with it on fewer than this share of next tokens of held-out text.
  double max_clone_agreement = 0.8;
};

struct RedTeamOptions {
  std::string tier;  // every red-team key belongs to this tier of the serving settings
  RedTeamGate gate;
  std::vector<AttackerPlan> attackers{{AttackKind::kRandomPool, 1},
                                      {AttackKind::kSweep, 1},
                                      {AttackKind::kBoundaryProbe, 1},
                                      {AttackKind::kRandomPool, 10},
                                      {AttackKind::kBoundaryProbe, 10},
                                      {AttackKind::kActiveLearning, 1},
                                      {AttackKind::kRandomText, 1}};
  std::size_t attack_budget = 500;     // texts each attacker sends, over all of its keys
  std::size_t benign_users = 1000;     // customers, one key each
  double benign_texts_per_user = 8.0;  // mean texts a customer sends (1 + a geometric count), >= 1
  std::uint64_t seed = 0;
  // Seeds whose single-key clone curves the advised quota is fitted on: this run's, and seed + 1, ..., seed +
  // quota_fit_seeds - 1, where the single-key attackers attack again with the whole budget. At least 1.
  std::size_t quota_fit_seeds = 3;
  // Seeds of the re-check, after the fitting seeds: the single-key attackers attack again with the advised quota as
  // their budget.
  std::size_t quota_recheck_seeds = 5;
};

// A substitute the attacker trains on its first `texts` answers (the cloning audit's substitute), measured on the
// customers' texts: the share on which it agrees with the model's top label, with a 95% interval.
struct ClonePoint {
  std::size_t texts = 0;
  double fidelity = 0.0;
  audit::Interval interval;
};

struct AttackerOutcome {
  std::string attack;
  std::size_t keys = 0;
  std::size_t texts_answered = 0;
  bool blocked = false;         // every key of the attacker got 403 before the budget was spent
  double seconds_waited = 0.0;  // simulated time the rate limits made it wait
  // Texts answered to all of its keys up to and including the one that raised the monitor's first flag.
  std::optional<std::size_t> texts_until_flag;
  std::string flagged_by;  // that flag's signal
  std::size_t keys_flagged = 0;
  // The clone's fidelity at 5, 10, 25, 50, 100, 200, ... texts, at the flag and at the end of the budget.
  std::vector<ClonePoint> clone;
  std::optional<double> fidelity_at_flag;
};

struct BenignOutcome {
  std::size_t users = 0;
  std::size_t texts = 0;
  std::size_t most_texts_by_one = 0;                   // the busiest customer's texts (all in one simulated day)
  audit::Rate false_alarms;                           // flagged customers of all customers, with an interval
  std::map<std::string, std::size_t> flags_by_signal;  // each flagged customer's first signal
  // The event signals' rates in the customers' texts (the monitor's totals), in MonitorSignal's order: what each
  // signal's benign_rate should be.
  std::array<double, kEventSignals> event_rates{};

  double EventRate(MonitorSignal signal) const { return event_rates[static_cast<std::size_t>(signal)]; }
};

struct RedTeamCheck {
  std::string name;    // "flagged_before_clone:<n>:<attack>", "customer_false_alarms" or "advised_quota_holds"
  bool passed = false;
  double measured = 0.0;
  double threshold = 0.0;
  std::string detail;  // one line in plain words
};

struct RedTeamResult {
  std::string tier;
  std::string policy;
  bool monitor_enabled = false;
  std::string monitor_action;
  std::vector<AttackerOutcome> attackers;
  BenignOutcome benign;
  // AdvisedDailyQuota over the single-key attackers of all quota_fit_seeds seeds.
  std::optional<std::size_t> advised_daily_quota;
  std::size_t quota_fit_seeds = 0;
  // The re-check: seeds (of quota_recheck_seeds) in which a single-key clone at the quota came within 10 points of
  // max_fidelity_at_flag, and the highest fidelity any reached.
  std::size_t quota_breaches = 0;
  double quota_worst_fidelity = 0.0;
  // The trivial clone's fidelity: always the model's most frequent top label on the customers' texts.
  double majority_fidelity = 0.0;
  std::size_t model_texts = 0;  // distinct texts the model answered (repeats are answered from memory)
  std::vector<RedTeamCheck> checks;
  bool passed = false;  // every check passed
  double seconds = 0.0;
};

// The largest texts per key per day at which every single-key attacker's clone (of every seed given) stays at least
// 10 points below max_fidelity, by the upper end of its 95% interval, among the counts where all of them were
// measured (5, 10, 25, 50, ...), counting up until one is not; none when even the smallest is above.
std::optional<std::size_t> AdvisedDailyQuota(std::span<const AttackerOutcome> attackers, double max_fidelity);

// Runs the attackers (one after another, each with fresh keys) and then the customers against a GuardedServer built
// from `settings` (listening on an ephemeral loopback port, its request log in `work_dir`). The attackers draw from
// `pool` (texts the adversary owns); the customers replay `benign_texts` (records the model never trained on,
// disjoint from the pool), on which the attackers' clones are also measured. Throws common::InputError for an
// unknown tier, an empty pool or benign set, or options out of range.
RedTeamResult RunRedTeam(ServeSettings settings, audit::Classifier& model, std::span<const std::string> pool,
                         std::span<const std::string> benign_texts, const RedTeamOptions& options,
                         const std::filesystem::path& work_dir);

void to_json(nlohmann::json& j, const RedTeamCheck& check);
void to_json(nlohmann::json& j, const AttackerOutcome& outcome);
void to_json(nlohmann::json& j, const BenignOutcome& outcome);
void to_json(nlohmann::json& j, const RedTeamResult& result);

}  // namespace leakgate::serve
