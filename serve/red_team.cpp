#include "serve/red_team.h"

#include <httplib.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <thread>
#include <unordered_map>

#include "audit/attacks/cloning.h"
#include "common/errors.h"
#include "common/log.h"
#include "serve/red_team_client.h"

namespace leakgate::serve {
namespace {

constexpr std::size_t kSweepVariants = 10;        // one-word variants of each of the sweeping attacker's texts
constexpr int kLineSearchSteps = 6;               // bisections between two differently labelled texts
constexpr std::size_t kActiveRound = 25;          // texts an active learner asks between retraining its clone
constexpr const char* kRequestLog = "redteam-requests.jsonl";

// Answers each distinct text once: attackers and customers repeat texts, and the server serialises calls anyway.
class RememberingClassifier : public audit::Classifier {
 public:
  explicit RememberingClassifier(audit::Classifier& model) : model_(model) {}

  std::vector<std::vector<audit::ClassProbability>> TopKClasses(std::span<const std::string> texts,
                                                                std::size_t k) override {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<std::string> unseen;
    for (const std::string& text : texts) {
      if (answers_.count(text) == 0 && std::find(unseen.begin(), unseen.end(), text) == unseen.end())
        unseen.push_back(text);
    }
    if (!unseen.empty()) {
      std::vector<std::vector<audit::ClassProbability>> fresh = model_.TopKClasses(unseen, audit::kAllClasses);
      for (std::size_t i = 0; i < unseen.size(); ++i) answers_[unseen[i]] = std::move(fresh.at(i));
    }
    std::vector<std::vector<audit::ClassProbability>> result;
    for (const std::string& text : texts) {
      std::vector<audit::ClassProbability> answer = answers_.at(text);
      answer.resize(std::min(k, answer.size()));
      result.push_back(std::move(answer));
    }
    return result;
  }
  std::size_t distinct_texts() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return answers_.size();
  }

 private:
  audit::Classifier& model_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::vector<audit::ClassProbability>> answers_;
};

// The longest prefix of `text` of at most `bytes` bytes that ends on a UTF-8 character boundary.
std::string Truncated(std::string text, std::size_t bytes) {
  if (text.size() <= bytes) return text;
  text.resize(bytes);
  while (!text.empty() && (static_cast<unsigned char>(text[text.size() - 1]) & 0xC0) == 0x80) text.pop_back();
  if (!text.empty() && (static_cast<unsigned char>(text.back()) & 0x80) != 0) text.pop_back();
  return text;
}

std::vector<std::string> SplitWords(const std::string& text) {
  std::istringstream stream(text);
  std::vector<std::string> words;
  for (std::string word; stream >> word;) words.push_back(word);
  return words;
}

std::string JoinWords(std::span<const std::string> words) {
  std::string text;
  for (const std::string& word : words) text += (text.empty() ? "" : " ") + word;
  return text;
}

// The point `t` of the way from `from` to `to`: the first t of to's words, then from's words after the first t.
std::string Interpolate(const std::vector<std::string>& from, const std::vector<std::string>& to, double t) {
  const auto to_count = static_cast<std::size_t>(t * static_cast<double>(to.size()) + 0.5);
  const auto from_skip = static_cast<std::size_t>(t * static_cast<double>(from.size()) + 0.5);
  std::vector<std::string> words(to.begin(), to.begin() + static_cast<std::ptrdiff_t>(to_count));
  words.insert(words.end(), from.begin() + static_cast<std::ptrdiff_t>(from_skip), from.end());
  return JoinWords(words);
}

// One red-team caller: its keys (used round-robin), the texts answered to it, the simulated time it waited.
class Caller {
 public:
  Caller(httplib::Client& client, std::atomic<double>& clock, std::vector<std::string> keys,
         std::size_t max_text_bytes)
      : client_(client), clock_(clock), keys_(std::move(keys)), blocked_(keys_.size(), false),
        max_text_bytes_(max_text_bytes) {}

  // The top label answered for `text`, or nothing once every key is blocked.
  std::optional<std::string> Ask(const std::string& text) {
    const std::string body = nlohmann::json({{"texts", {Truncated(text, max_text_bytes_)}}}).dump();
    while (std::count(blocked_.begin(), blocked_.end(), false) > 0) {
      const std::size_t key = next_ % keys_.size();
      if (blocked_[key]) {
        ++next_;
        continue;
      }
      const httplib::Result result = PostWaitingOutLimits(client_, clock_, keys_[key], "/v1/classify", body, waited_);
      if (result->status == 403) {
        blocked_[key] = true;
        ++next_;
        continue;
      }
      if (result->status != 200)
        throw common::InternalError("red team: the server answered " + std::to_string(result->status) + ": " +
                                    result->body);
      ++next_;
      ++answered_;
      const nlohmann::json reply = nlohmann::json::parse(result->body);
      std::vector<audit::ClassProbability> answer;
      for (const nlohmann::json& entry : reply["results"][0]) {
        answer.push_back({entry["label"].get<std::string>(), entry.value("probability", 1.0)});
      }
      texts_.push_back(text);
      answers_.push_back(answer);
      return answer.front().label;
    }
    return std::nullopt;
  }

  std::size_t answered() const { return answered_; }
  const std::vector<std::string>& texts() const { return texts_; }
  const std::vector<std::vector<audit::ClassProbability>>& answers() const { return answers_; }
  double waited() const { return waited_; }
  bool all_blocked() const { return std::count(blocked_.begin(), blocked_.end(), false) == 0; }

 private:
  httplib::Client& client_;
  std::atomic<double>& clock_;
  std::vector<std::string> keys_;
  std::vector<bool> blocked_;
  std::size_t max_text_bytes_;
  std::size_t next_ = 0;
  std::size_t answered_ = 0;
  double waited_ = 0.0;
  std::vector<std::string> texts_;  // what was answered, in order, with what the tier revealed
  std::vector<std::vector<audit::ClassProbability>> answers_;
};

std::vector<std::size_t> Shuffled(std::size_t count, std::mt19937_64& random) {
  std::vector<std::size_t> order(count);
  for (std::size_t i = 0; i < count; ++i) order[i] = i;
  std::shuffle(order.begin(), order.end(), random);
  return order;
}

void RandomPoolAttack(Caller& caller, std::span<const std::string> pool, std::size_t budget, std::mt19937_64& random) {
  const std::vector<std::size_t> order = Shuffled(pool.size(), random);
  for (std::size_t i = 0; caller.answered() < budget; ++i) {
    if (!caller.Ask(pool[order[i % order.size()]])) return;
  }
}

void SweepAttack(Caller& caller, std::span<const std::string> pool, std::size_t budget, std::mt19937_64& random) {
  const std::vector<std::size_t> order = Shuffled(pool.size(), random);
  for (std::size_t i = 0; caller.answered() < budget; ++i) {
    const std::string& seed = pool[order[i % order.size()]];
    if (!caller.Ask(seed)) return;
    const std::vector<std::string> words = SplitWords(seed);
    if (words.empty()) continue;
    for (std::size_t v = 0; v < kSweepVariants && caller.answered() < budget; ++v) {
      const std::vector<std::string> donor = SplitWords(pool[random() % pool.size()]);
      std::vector<std::string> variant = words;
      variant[random() % variant.size()] = donor.empty() ? "x" : donor[random() % donor.size()];
      if (!caller.Ask(JoinWords(variant))) return;
    }
  }
}

void BoundaryProbeAttack(Caller& caller, std::span<const std::string> pool, std::size_t budget,
                         std::mt19937_64& random) {
  const std::vector<std::size_t> order = Shuffled(pool.size(), random);
  for (std::size_t i = 0; caller.answered() < budget; i += 2) {
    const std::string& from = pool[order[i % order.size()]];
    const std::string& to = pool[order[(i + 1) % order.size()]];
    const std::optional<std::string> from_label = caller.Ask(from);
    const std::optional<std::string> to_label = from_label ? caller.Ask(to) : std::nullopt;
    if (!to_label) return;
    if (*from_label == *to_label) continue;
    const std::vector<std::string> from_words = SplitWords(from);
    const std::vector<std::string> to_words = SplitWords(to);
    double low = 0.0, high = 1.0;
    for (int step = 0; step < kLineSearchSteps && caller.answered() < budget; ++step) {
      const double middle = 0.5 * (low + high);
      const std::optional<std::string> label = caller.Ask(Interpolate(from_words, to_words, middle));
      if (!label) return;
      (*label == *from_label ? low : high) = middle;
    }
  }
}

// Texts of 20-60 words of 2-9 random lower-case letters: uniform over a space customers do not ask about.
void RandomTextAttack(Caller& caller, std::size_t budget, std::mt19937_64& random) {
  std::uniform_int_distribution<std::size_t> word_count(20, 60), word_length(2, 9);
  std::uniform_int_distribution<int> letter('a', 'z');
  while (caller.answered() < budget) {
    std::string text;
    for (std::size_t w = word_count(random); w > 0; --w) {
      if (!text.empty()) text.push_back(' ');
      for (std::size_t c = word_length(random); c > 0; --c) text.push_back(static_cast<char>(letter(random)));
    }
    if (!caller.Ask(text)) return;
  }
}

// The clone's fidelity at 5, 10, 25, 50, 100, ... texts, at `flagged_at` and at all answered texts.
std::vector<ClonePoint> CloneCurve(const Caller& caller, std::optional<std::size_t> flagged_at,
                                   std::span<const std::string> evaluation_texts,
                                   std::span<const std::string> target_labels, std::uint64_t seed) {
  const std::size_t answered = caller.answered();
  if (answered == 0) return {};
  std::vector<std::size_t> budgets;
  for (std::size_t budget : {5, 10}) {
    if (budget < answered) budgets.push_back(budget);
  }
  for (std::size_t budget = 25; budget < answered; budget *= 2) budgets.push_back(budget);
  budgets.push_back(answered);
  if (flagged_at && *flagged_at > 0) budgets.push_back(std::min(*flagged_at, answered));
  std::sort(budgets.begin(), budgets.end());
  budgets.erase(std::unique(budgets.begin(), budgets.end()), budgets.end());
  audit::CloningOptions options;
  options.seed = seed;
  std::vector<ClonePoint> curve;
  for (const audit::CloningPoint& point : audit::FitSubstitutes("served", caller.texts(), caller.answers(), budgets,
                                                                evaluation_texts, target_labels, {}, options)) {
    curve.push_back({point.budget, point.fidelity, point.fidelity_interval});
  }
  return curve;
}

// A first round of random texts, then rounds of the unasked texts its clone (retrained on every answer so far) is
// least sure of, until the budget or the pool is spent.
void ActiveLearningAttack(Caller& caller, std::span<const std::string> pool, std::size_t budget,
                          std::mt19937_64& random) {
  const std::vector<std::size_t> order = Shuffled(pool.size(), random);
  std::vector<std::size_t> unasked(order.begin() + static_cast<std::ptrdiff_t>(std::min(kActiveRound, order.size())),
                                   order.end());
  std::vector<std::size_t> round(order.begin(), order.end() - static_cast<std::ptrdiff_t>(unasked.size()));
  const std::uint64_t seed = random();
  while (!round.empty()) {
    for (std::size_t index : round) {
      if (caller.answered() >= budget || !caller.Ask(pool[index])) return;
    }
    if (unasked.empty()) return;
    audit::Substitute clone(caller.texts(), caller.answers(), audit::SubstituteOptions{}, seed);
    std::vector<std::string> candidates;
    for (std::size_t index : unasked) candidates.push_back(pool[index]);
    const std::vector<double> margins = clone.Margins(candidates);
    std::vector<std::size_t> by_margin(unasked.size());
    for (std::size_t i = 0; i < by_margin.size(); ++i) by_margin[i] = i;
    const std::size_t take = std::min(kActiveRound, by_margin.size());
    std::partial_sort(by_margin.begin(), by_margin.begin() + static_cast<std::ptrdiff_t>(take), by_margin.end(),
                      [&](std::size_t a, std::size_t b) { return margins[a] < margins[b]; });
    round.clear();
    std::vector<bool> chosen(unasked.size(), false);
    for (std::size_t i = 0; i < take; ++i) {
      round.push_back(unasked[by_margin[i]]);
      chosen[by_margin[i]] = true;
    }
    std::vector<std::size_t> rest;
    for (std::size_t i = 0; i < unasked.size(); ++i) {
      if (!chosen[i]) rest.push_back(unasked[i]);
    }
    unasked = std::move(rest);
  }
}

double MetricValue(const std::string& metrics, const std::string& series) {
  std::istringstream lines(metrics);
  for (std::string line; std::getline(lines, line);) {
    if (line.compare(0, series.size() + 1, series + " ") == 0) return std::stod(line.substr(series.size() + 1));
  }
  return 0.0;
}

struct TrafficTotals {
  double texts = 0.0;
  std::array<double, kEventSignals> events{};  // per event signal, in MonitorSignal's order
};

TrafficTotals MonitorTotalsOver(httplib::Client& client) {
  const httplib::Result result = client.Get("/metrics");
  if (!result || result->status != 200) throw common::InternalError("red team: GET /metrics failed");
  TrafficTotals totals;
  totals.texts = MetricValue(result->body, "leakgate_monitor_texts_total");
  for (std::size_t s = 0; s < kEventSignals; ++s)
    totals.events[s] = MetricValue(result->body, MonitorEventsMetric(kEventSignalList[s]));
  return totals;
}

// Flagged while the clone is still below the gate's fidelity: the best fidelity at or before the flag (or over the
// whole budget when never flagged) must stay under it.
RedTeamCheck FlaggedBeforeClone(const AttackerOutcome& attacker, std::size_t index, double max_fidelity) {
  double best = 0.0;
  for (const ClonePoint& point : attacker.clone) {
    if (!attacker.texts_until_flag || point.texts <= *attacker.texts_until_flag) best = std::max(best, point.fidelity);
  }
  RedTeamCheck check;
  check.name = "flagged_before_clone:" + std::to_string(index) + ":" + attacker.attack;
  check.measured = best;
  check.threshold = max_fidelity;
  check.passed = best < max_fidelity;
  char fidelity[32];
  std::snprintf(fidelity, sizeof fidelity, "%.2f", best);
  check.detail = attacker.attack + " over " + std::to_string(attacker.keys) + " key(s): " +
                 (attacker.texts_until_flag
                      ? "flagged after " + std::to_string(*attacker.texts_until_flag) + " texts, its clone at " +
                            fidelity + " fidelity by then"
                      : "never flagged in " + std::to_string(attacker.texts_answered) + " texts, its clone reaching " +
                            fidelity + " fidelity");
  return check;
}

RedTeamCheck CustomerFalseAlarms(const BenignOutcome& benign, double max_rate) {
  RedTeamCheck check;
  check.name = "customer_false_alarms";
  check.measured = benign.false_alarms.interval.upper;
  check.threshold = max_rate;
  check.passed = check.measured <= max_rate;
  char bound[32];
  std::snprintf(bound, sizeof bound, "%.4f", check.measured);
  check.detail = std::to_string(benign.false_alarms.successes) + " of " + std::to_string(benign.users) +
                 " customers flagged; the 95% upper bound on the rate is " + bound;
  return check;
}

constexpr double kQuotaMargin = 0.10;  // a clone at the advised quota stays this far below max_fidelity_at_flag

// The single-key attackers of `options` alone, with `budget` texts each, one customer and no quota runs of their
// own: the runs that fit and re-check the advised quota.
RedTeamOptions SingleKeyRun(const RedTeamOptions& options, std::size_t budget, std::uint64_t seed) {
  RedTeamOptions run = options;
  run.attackers.clear();
  for (const AttackerPlan& plan : options.attackers) {
    if (plan.keys == 1) run.attackers.push_back(plan);
  }
  run.attack_budget = budget;
  run.benign_users = 1;
  run.quota_fit_seeds = 1;
  run.quota_recheck_seeds = 0;
  run.seed = seed;
  return run;
}

void Validate(const ServeSettings& settings, std::span<const std::string> pool,
              std::span<const std::string> benign_texts, const RedTeamOptions& options) {
  if (std::none_of(settings.tiers.begin(), settings.tiers.end(),
                   [&](const Tier& tier) { return tier.name == options.tier; }))
    throw common::InputError("redteam: the serving config has no tier '" + options.tier + "'");
  if (pool.empty()) throw common::InputError("redteam: the adversary's pool of texts is empty");
  if (benign_texts.empty()) throw common::InputError("redteam: there are no texts for the benign customers");
  if (options.attack_budget == 0) throw common::InputError("redteam: the attack budget must be at least 1 text");
  if (!(options.gate.max_fidelity_at_flag > 0.0 && options.gate.max_fidelity_at_flag <= 1.0))
    throw common::InputError("redteam: max_fidelity_at_flag must be in (0, 1]");
  if (!(options.gate.max_false_alarm_rate > 0.0 && options.gate.max_false_alarm_rate < 1.0))
    throw common::InputError("redteam: max_false_alarm_rate must be in (0, 1)");
  if (!(options.benign_texts_per_user >= 1.0))
    throw common::InputError("redteam: customers send at least 1 text each on average");
  for (const AttackerPlan& plan : options.attackers) {
    if (plan.keys == 0) throw common::InputError("redteam: an attacker needs at least 1 key");
  }
  if (options.quota_fit_seeds == 0) throw common::InputError("redteam: the quota is fitted on at least 1 seed");
}

}  // namespace

std::optional<std::size_t> AdvisedDailyQuota(std::span<const AttackerOutcome> attackers, double max_fidelity) {
  std::map<std::size_t, std::pair<std::size_t, bool>> at;  // text count -> (clones measured there, all safe)
  std::size_t single_key_attackers = 0;
  for (const AttackerOutcome& attacker : attackers) {
    if (attacker.keys != 1) continue;
    ++single_key_attackers;
    for (const ClonePoint& point : attacker.clone) {
      auto& [measured, safe] = at.try_emplace(point.texts, 0, true).first->second;
      ++measured;
      safe = safe && point.interval.upper <= max_fidelity - kQuotaMargin;
    }
  }
  std::optional<std::size_t> quota;
  for (const auto& [texts, state] : at) {
    if (state.first != single_key_attackers) continue;
    if (!state.second) break;
    quota = texts;
  }
  return quota;
}

std::string_view AttackKindName(AttackKind kind) {
  switch (kind) {
    case AttackKind::kRandomPool: return "random_pool";
    case AttackKind::kSweep: return "sweep";
    case AttackKind::kBoundaryProbe: return "boundary_probe";
    case AttackKind::kActiveLearning: return "active_learning";
    case AttackKind::kRandomText: return "random_text";
  }
  return "random_pool";
}

RedTeamResult RunRedTeam(ServeSettings settings, audit::Classifier& model, std::span<const std::string> pool,
                         std::span<const std::string> benign_texts, const RedTeamOptions& options,
                         const std::filesystem::path& work_dir) {
  const auto started = std::chrono::steady_clock::now();
  Validate(settings, pool, benign_texts, options);
  const ServeSettings server_settings = settings;  // for the runs that fit and re-check the quota
  RedTeamResult result;
  result.tier = options.tier;
  for (const Tier& tier : settings.tiers) {
    if (tier.name == options.tier) result.policy = tier.policy.Describe();
  }
  result.monitor_enabled = settings.monitor.enabled;
  result.monitor_action = MonitorActionName(settings.monitor.action);

  // Fresh keys for every attacker and customer, all of the tier under test.
  KeyStore keys;
  std::vector<std::vector<std::string>> attacker_keys(options.attackers.size());
  std::vector<std::string> customer_keys;
  std::map<std::string, std::string> owner_of_key;
  for (std::size_t a = 0; a < options.attackers.size(); ++a) {
    for (std::size_t k = 0; k < options.attackers[a].keys; ++k) {
      const std::string id = "attacker" + std::to_string(a) + "-key" + std::to_string(k);
      attacker_keys[a].push_back(keys.Add(id, options.tier));
      owner_of_key[id] = "attacker" + std::to_string(a);
    }
  }
  for (std::size_t u = 0; u < options.benign_users; ++u) {
    const std::string id = "customer" + std::to_string(u);
    customer_keys.push_back(keys.Add(id, options.tier));
    owner_of_key[id] = id;
  }

  std::filesystem::create_directories(work_dir);
  settings.host = "127.0.0.1";
  settings.port = 0;
  settings.request_log = work_dir / kRequestLog;
  settings.request_log_max_bytes = std::uint64_t{1} << 40;  // one file: the red team reads it back whole
  std::filesystem::remove(settings.request_log);
  std::atomic<double> clock{kSimulatedStart};
  RememberingClassifier remembering(model);
  const std::string secret = "leakgate-red-team-secret-" + std::to_string(options.seed) + "-0123456789abcdef";
  const std::size_t max_text_bytes = settings.max_text_bytes;
  std::mt19937_64 random(options.seed);
  std::vector<Caller> attackers;
  attackers.reserve(options.attackers.size());
  for (std::size_t a = 0; a < options.attackers.size(); ++a) {
    const AttackerPlan& plan = options.attackers[a];
    Door door(settings, keys, remembering, secret, clock);
    Caller& caller = attackers.emplace_back(door.client, clock, attacker_keys[a], max_text_bytes);
    switch (plan.kind) {
      case AttackKind::kRandomPool: RandomPoolAttack(caller, pool, options.attack_budget, random); break;
      case AttackKind::kSweep: SweepAttack(caller, pool, options.attack_budget, random); break;
      case AttackKind::kBoundaryProbe: BoundaryProbeAttack(caller, pool, options.attack_budget, random); break;
      case AttackKind::kActiveLearning: ActiveLearningAttack(caller, pool, options.attack_budget, random); break;
      case AttackKind::kRandomText: RandomTextAttack(caller, options.attack_budget, random); break;
    }
    AttackerOutcome outcome;
    outcome.attack = AttackKindName(plan.kind);
    outcome.keys = plan.keys;
    outcome.texts_answered = caller.answered();
    outcome.blocked = caller.all_blocked();
    outcome.seconds_waited = caller.waited();
    result.attackers.push_back(std::move(outcome));
    common::LogInfo("redteam: attacker " + std::to_string(a + 1) + "/" + std::to_string(options.attackers.size()) +
                    " (" + std::string(AttackKindName(plan.kind)) + ", " + std::to_string(plan.keys) + " keys) sent " +
                    std::to_string(caller.answered()) + " texts");
  }

  Door customers_door(settings, keys, remembering, secret, clock);
  httplib::Client& client = customers_door.client;
  std::geometric_distribution<std::size_t> extra_texts(1.0 / options.benign_texts_per_user);
  for (std::size_t u = 0; u < customer_keys.size(); ++u) {
    Caller customer(client, clock, {customer_keys[u]}, max_text_bytes);
    const std::size_t count = 1 + extra_texts(random);
    for (std::size_t t = 0; t < count; ++t) {
      if (!customer.Ask(benign_texts[random() % benign_texts.size()])) break;
    }
    result.benign.texts += customer.answered();
    result.benign.most_texts_by_one = std::max(result.benign.most_texts_by_one, customer.answered());
    if ((u + 1) % 250 == 0 || u + 1 == customer_keys.size())
      common::LogInfo("redteam: " + std::to_string(u + 1) + "/" + std::to_string(customer_keys.size()) +
                      " customers replayed");
  }
  const TrafficTotals benign = MonitorTotalsOver(client);
  result.model_texts = remembering.distinct_texts();
  customers_door.client.stop();
  customers_door.running.Stop();

  const std::map<std::string, FlagHistory> histories =
      FlagHistories(ReadRequestLog(work_dir / kRequestLog), owner_of_key);
  for (std::size_t a = 0; a < result.attackers.size(); ++a) {
    const auto found = histories.find("attacker" + std::to_string(a));
    if (found == histories.end()) continue;
    result.attackers[a].texts_until_flag = found->second.texts_until_flag;
    result.attackers[a].flagged_by = found->second.first_flag;
    result.attackers[a].keys_flagged = found->second.keys_flagged;
  }
  // The auditor's view of the model on the customers' texts, and each attacker's clone measured against it.
  std::vector<std::string> target_labels;
  std::map<std::string, std::size_t> label_counts;
  for (const auto& answer : remembering.TopKClasses(benign_texts, 1)) {
    target_labels.push_back(answer.front().label);
    ++label_counts[answer.front().label];
  }
  std::size_t majority = 0;
  for (const auto& [label, count] : label_counts) majority = std::max(majority, count);
  result.majority_fidelity = static_cast<double>(majority) / static_cast<double>(benign_texts.size());
  for (std::size_t a = 0; a < result.attackers.size(); ++a) {
    AttackerOutcome& outcome = result.attackers[a];
    outcome.clone = CloneCurve(attackers[a], outcome.texts_until_flag, benign_texts, target_labels, options.seed);
    for (const ClonePoint& point : outcome.clone) {
      if (outcome.texts_until_flag && point.texts == *outcome.texts_until_flag)
        outcome.fidelity_at_flag = point.fidelity;
    }
  }
  std::size_t flagged_customers = 0;
  for (std::size_t u = 0; u < customer_keys.size(); ++u) {
    const auto found = histories.find("customer" + std::to_string(u));
    if (found == histories.end() || !found->second.texts_until_flag) continue;
    ++flagged_customers;
    ++result.benign.flags_by_signal[found->second.first_flag];
  }
  result.benign.users = customer_keys.size();
  result.benign.false_alarms = audit::rate_with_interval(flagged_customers, customer_keys.size());
  if (benign.texts > 0.0) {
    for (std::size_t s = 0; s < kEventSignals; ++s) result.benign.event_rates[s] = benign.events[s] / benign.texts;
  }
  // The quota is fitted on several seeds' clone curves, then re-checked on seeds it was not fitted on.
  std::vector<AttackerOutcome> fitted = result.attackers;
  const std::size_t fit_seeds = options.quota_fit_seeds;
  for (std::size_t s = 1; s < fit_seeds; ++s) {
    const RedTeamResult again =
        RunRedTeam(server_settings, remembering, pool, benign_texts,
                   SingleKeyRun(options, options.attack_budget, options.seed + s),
                   work_dir / ("quota-fit-" + std::to_string(s)));
    fitted.insert(fitted.end(), again.attackers.begin(), again.attackers.end());
  }
  result.quota_fit_seeds = fit_seeds;
  result.advised_daily_quota = AdvisedDailyQuota(fitted, options.gate.max_fidelity_at_flag);
  if (result.advised_daily_quota && options.quota_recheck_seeds > 0) {
    for (std::size_t s = 1; s <= options.quota_recheck_seeds; ++s) {
      const RedTeamResult again =
          RunRedTeam(server_settings, remembering, pool, benign_texts,
                     SingleKeyRun(options, *result.advised_daily_quota, options.seed + fit_seeds - 1 + s),
                     work_dir / ("quota-recheck-" + std::to_string(s)));
      bool breached = false;
      for (const AttackerOutcome& attacker : again.attackers) {
        if (attacker.clone.empty()) continue;
        const double fidelity = attacker.clone.back().fidelity;
        result.quota_worst_fidelity = std::max(result.quota_worst_fidelity, fidelity);
        breached = breached || fidelity > options.gate.max_fidelity_at_flag - kQuotaMargin;
      }
      result.quota_breaches += breached;
    }
    common::LogInfo("redteam: the advised quota of " + std::to_string(*result.advised_daily_quota) +
                    " texts (fitted over " + std::to_string(fit_seeds) + " seeds) re-checked over " +
                    std::to_string(options.quota_recheck_seeds) + " other seeds: " +
                    std::to_string(result.quota_breaches) + " breached");
  }
  for (std::size_t a = 0; a < result.attackers.size(); ++a) {
    result.checks.push_back(FlaggedBeforeClone(result.attackers[a], a, options.gate.max_fidelity_at_flag));
  }
  result.checks.push_back(CustomerFalseAlarms(result.benign, options.gate.max_false_alarm_rate));
  if (result.advised_daily_quota && options.quota_recheck_seeds > 0) {
    RedTeamCheck quota;
    quota.name = "advised_quota_holds";
    quota.measured = static_cast<double>(result.quota_breaches);
    quota.threshold = 1.0;
    quota.passed = result.quota_breaches <= 1;
    quota.detail = "attacking again with " + std::to_string(*result.advised_daily_quota) + " texts per key, " +
                   std::to_string(result.quota_breaches) + " of " + std::to_string(options.quota_recheck_seeds) +
                   " seeds brought a clone within 10 points of max_fidelity_at_flag (at most 1 allowed)";
    result.checks.push_back(quota);
  }
  result.passed = std::all_of(result.checks.begin(), result.checks.end(),
                              [](const RedTeamCheck& check) { return check.passed; });
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

void to_json(nlohmann::json& j, const RedTeamCheck& check) {
  j = {{"name", check.name},
       {"passed", check.passed},
       {"measured", check.measured},
       {"threshold", check.threshold},
       {"detail", check.detail}};
}

void to_json(nlohmann::json& j, const AttackerOutcome& outcome) {
  j = {{"attack", outcome.attack},
       {"keys", outcome.keys},
       {"texts_answered", outcome.texts_answered},
       {"blocked", outcome.blocked},
       {"seconds_waited", outcome.seconds_waited},
       {"texts_until_flag", outcome.texts_until_flag ? nlohmann::json(*outcome.texts_until_flag) : nlohmann::json()},
       {"flagged_by", outcome.flagged_by},
       {"keys_flagged", outcome.keys_flagged},
       {"fidelity_at_flag", outcome.fidelity_at_flag ? nlohmann::json(*outcome.fidelity_at_flag) : nlohmann::json()}};
  nlohmann::json& clone = j["clone"] = nlohmann::json::array();
  for (const ClonePoint& point : outcome.clone) {
    clone.push_back({{"texts", point.texts},
                     {"fidelity", point.fidelity},
                     {"interval", {{"lower", point.interval.lower}, {"upper", point.interval.upper}}}});
  }
}

void to_json(nlohmann::json& j, const BenignOutcome& outcome) {
  j = {{"users", outcome.users},
       {"texts", outcome.texts},
       {"most_texts_by_one", outcome.most_texts_by_one},
       {"false_alarms", outcome.false_alarms.successes},
       {"false_alarm_rate", outcome.false_alarms.value},
       {"false_alarm_interval", {{"lower", outcome.false_alarms.interval.lower},
                                 {"upper", outcome.false_alarms.interval.upper}}},
       {"flags_by_signal", outcome.flags_by_signal}};
  for (MonitorSignal signal : kEventSignalList)
    j[std::string(MonitorSignalName(signal)) + "_event_rate"] = outcome.EventRate(signal);
}

void to_json(nlohmann::json& j, const RedTeamResult& result) {
  j = {{"tier", result.tier},
       {"policy", result.policy},
       {"monitor", {{"enabled", result.monitor_enabled}, {"action", result.monitor_action}}},
       {"attackers", result.attackers},
       {"benign", result.benign},
       {"passed", result.passed},
       {"checks", result.checks},
       {"advised_daily_quota",
        result.advised_daily_quota ? nlohmann::json(*result.advised_daily_quota) : nlohmann::json()},
       {"quota_fit_seeds", result.quota_fit_seeds},
       {"quota_breaches", result.quota_breaches},
       {"quota_worst_fidelity", result.quota_worst_fidelity},
       {"majority_fidelity", result.majority_fidelity},
       {"model_texts", result.model_texts},
       {"seconds", result.seconds}};
}

}  // namespace leakgate::serve
