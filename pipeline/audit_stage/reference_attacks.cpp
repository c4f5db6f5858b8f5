#include "pipeline/audit_stage/reference_attacks.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <fstream>
#include <nlohmann/json.hpp>
#include <numeric>
#include <optional>
#include <random>
#include <system_error>
#include <thread>
#include <unordered_map>

#include "audit/metrics/json.h"
#include "audit/metrics/mia_scores.h"
#include "common/atomic_file.h"
#include "common/digest.h"
#include "common/log.h"
#include "common/memory.h"
#include "common/run_files.h"
#include "common/threads.h"
#include "dp/engine/compute_setup.h"
#include "pipeline/audit_stage/run_inputs.h"
#include "pipeline/train/classifier.h"
#include "pipeline/train/lm.h"
#include "pipeline/train/split.h"
#include "pipeline/train/train_stage.h"

namespace leakgate::pipeline {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The losses of the candidates and of RMIA's population under the target and each reference.
struct Observations {
  audit::ReferenceLosses candidates;
  audit::ReferenceLosses population;
};

Eigen::VectorXd AsVector(const std::vector<double>& losses) {
  return Eigen::Map<const Eigen::VectorXd>(losses.data(), static_cast<Eigen::Index>(losses.size()));
}

bool IsClassifier(const Config& config) { return config.train.task == Task::kClassifier; }

// What the target's training added to its process at the peak (metrics.json's peak_memory_growth_mib), when recorded.
std::optional<uint64_t> TargetTrainingMemory(const std::filesystem::path& run_dir) {
  std::ifstream in(run_dir / common::kMetricsFile);
  const nlohmann::json metrics = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!metrics.is_object() || !metrics.contains("peak_memory_growth_mib") ||
      !metrics["peak_memory_growth_mib"].is_number()) {
    return std::nullopt;
  }
  // Below 16 MiB the figure says more about memory the process had kept for reuse than about the training's need.
  const double mib = metrics["peak_memory_growth_mib"].get<double>();
  if (!(mib >= 16.0)) return std::nullopt;
  return static_cast<uint64_t>(mib * common::kBytesPerMiB);
}

// The losses of a reference model saved in model_dir, of the target's task.
std::pair<Eigen::VectorXd, Eigen::VectorXd> ReferenceLosses(const Config& config,
                                                            const std::filesystem::path& model_dir,
                                                            const ReferenceAttackInputs& inputs) {
  if (IsClassifier(config)) {
    const std::unique_ptr<models::TextClassifierModel> reference = models::LoadTextClassifier(model_dir);
    return {AsVector(reference->ExampleLosses(inputs.candidate_texts, inputs.candidate_labels)),
            AsVector(reference->ExampleLosses(inputs.validation_texts, inputs.validation_labels))};
  }
  const std::unique_ptr<audit::LanguageModel> reference = models::LoadLanguageModel(model_dir);
  return {AsVector(reference->ExampleLosses(inputs.candidate_texts)),
          AsVector(reference->ExampleLosses(inputs.validation_texts))};
}

// A reference model's losses outlive the model: a restarted audit reuses them instead of training it again, which
// would spend more of the dataset's privacy budget (with fresh noise, other losses) and change audit.json.
void SaveLosses(const std::filesystem::path& path, const std::string& key, const Eigen::VectorXd& candidates,
                const Eigen::VectorXd& population) {
  const nlohmann::json saved = {{"key", key},
                                {"candidates", std::vector<double>(candidates.begin(), candidates.end())},
                                {"population", std::vector<double>(population.begin(), population.end())}};
  common::WriteFileAtomically(path, saved.dump() + "\n");
}

// The saved losses when they were computed for `key` on as many candidates and population records.
std::optional<std::pair<Eigen::VectorXd, Eigen::VectorXd>> ReadSavedLosses(const std::filesystem::path& path,
                                                                           const std::string& key,
                                                                           std::size_t candidates,
                                                                           std::size_t population) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  const nlohmann::json saved = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!saved.is_object() || saved.value("key", "") != key) return std::nullopt;
  const auto column = [&](const char* name, std::size_t size) -> std::optional<Eigen::VectorXd> {
    const auto found = saved.find(name);
    if (found == saved.end() || !found->is_array() || found->size() != size) return std::nullopt;
    Eigen::VectorXd values(static_cast<Eigen::Index>(size));
    for (std::size_t i = 0; i < size; ++i) {
      if (!(*found)[i].is_number()) return std::nullopt;
      values[static_cast<Eigen::Index>(i)] = (*found)[i].get<double>();
    }
    return values;
  };
  auto candidate_losses = column("candidates", candidates);
  auto population_losses = column("population", population);
  if (!candidate_losses || !population_losses) return std::nullopt;
  return std::make_pair(std::move(*candidate_losses), std::move(*population_losses));
}

// Each pool element's unit (its person, or itself when it names none) numbered densely, and the number of units.
std::pair<std::vector<std::size_t>, std::size_t> UnitsOfPool(const ReferenceAttackInputs& inputs) {
  const std::size_t pool = inputs.population_ids.size() + inputs.validation_texts.size();
  std::unordered_map<std::string, std::size_t> unit_of_user;
  std::vector<std::size_t> unit_of(pool);
  std::size_t units = 0;
  for (std::size_t i = 0; i < pool; ++i) {
    const bool population = i < inputs.population_ids.size();
    const auto& users = population ? inputs.population_users : inputs.validation_users;
    const std::size_t index = population ? i : i - inputs.population_ids.size();
    const std::optional<std::string> user = index < users.size() ? users[index] : std::nullopt;
    unit_of[i] = user ? unit_of_user.emplace(*user, units).first->second : units;
    if (unit_of[i] == units) ++units;
  }
  return {unit_of, units};
}

}  // namespace

std::vector<std::vector<bool>> ReferenceHalves(const std::vector<std::size_t>& unit_of, std::size_t units, int models,
                                               uint64_t seed) {
  std::vector<std::vector<bool>> in(static_cast<std::size_t>(models), std::vector<bool>(unit_of.size(), false));
  std::vector<std::size_t> order(units);
  std::vector<bool> first_half(units);
  for (int pair = 0; pair < models / 2; ++pair) {
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::mt19937_64 generator(DeriveSeed(seed, "audit-reference-halves", static_cast<uint64_t>(pair)));
    std::shuffle(order.begin(), order.end(), generator);
    for (std::size_t rank = 0; rank < units; ++rank) first_half[order[rank]] = rank < units / 2;
    for (std::size_t i = 0; i < unit_of.size(); ++i) {
      in[static_cast<std::size_t>(2 * pair)][i] = first_half[unit_of[i]];
      in[static_cast<std::size_t>(2 * pair + 1)][i] = !first_half[unit_of[i]];
    }
  }
  return in;
}

int ReferencesAtOnce(int threads, std::size_t to_train, std::optional<uint64_t> need_bytes,
                     std::optional<uint64_t> available_bytes) {
  const auto by_cores = static_cast<uint64_t>(std::min<std::size_t>(static_cast<std::size_t>(std::max(1, threads)),
                                                                     std::max<std::size_t>(1, to_train)));
  if (!need_bytes || !available_bytes || by_cores == 1) return 1;
  const uint64_t by_memory = *available_bytes / 4 * 3 / std::max<uint64_t>(1, *need_bytes);
  return static_cast<int>(std::clamp<uint64_t>(by_memory, 1, by_cores));
}

bool IsReferenceAttack(const std::string& name) {
  return name == "lira_online" || name == "lira_offline" || name == "rmia";
}

ReferenceAttackResult RunReferenceAttacks(const TargetLosses& target, const ReferenceAttackInputs& inputs,
                                          const ReferenceAttackJob& job) {
  const bool classifier = IsClassifier(*job.config);
  if (classifier && (inputs.population_labels.size() != inputs.population_texts.size() ||
                     inputs.candidate_labels.size() != inputs.candidate_texts.size() ||
                     inputs.validation_labels.size() != inputs.validation_texts.size())) {
    throw common::InputError("reference attacks on a classifier need one label per population, candidate and validation "
                     "text");
  }
  const auto models = static_cast<std::size_t>(job.models);
  const std::size_t candidates = inputs.candidate_texts.size();
  std::unordered_map<std::string, std::size_t> population_index;
  for (std::size_t i = 0; i < inputs.population_ids.size(); ++i) population_index.emplace(inputs.population_ids[i], i);

  Observations observed;
  observed.candidates.target = AsVector(target(inputs.candidate_texts, inputs.candidate_labels));
  observed.candidates.reference.resize(static_cast<Eigen::Index>(candidates), static_cast<Eigen::Index>(models));
  observed.candidates.reference_in.resize(static_cast<Eigen::Index>(candidates), static_cast<Eigen::Index>(models));
  observed.population.target = AsVector(target(inputs.validation_texts, inputs.validation_labels));
  observed.population.reference.resize(static_cast<Eigen::Index>(inputs.validation_texts.size()),
                                       static_cast<Eigen::Index>(models));
  observed.population.reference_in.resize(static_cast<Eigen::Index>(inputs.validation_texts.size()),
                                          static_cast<Eigen::Index>(models));

  ReferenceAttackResult result;
  // RMIA's population records join the pool the halves are drawn from: like a candidate, each is IN for half of the
  // references, so its ratio Pr(z|target)/Pr(z) is computed as a candidate's is. (Outside every reference, a record
  // the target did not train on looks more likely under the target, which trained on more data, than under the
  // references: every population record then outranks every candidate.)
  const std::size_t pool = inputs.population_ids.size();
  const auto [unit_of, units] = UnitsOfPool(inputs);
  const auto halves = ReferenceHalves(unit_of, units, job.models, job.seed);
  const bool persons = !inputs.population_users.empty();
  // What reference k's saved losses must have been computed on (and its pool drawn from) to be reused.
  std::string scored_ids = "pool with the RMIA population\n";
  for (const auto* ids : {&inputs.candidate_ids, &inputs.population_ids}) {
    for (const std::string& id : *ids) scored_ids += id + '\n';
    scored_ids += '\n';
  }
  // A reference to train and score: the losses_path its losses are saved to under losses_key.
  struct PendingReference {
    std::size_t k = 0;
    std::string losses_key;
    std::filesystem::path losses_path;
  };
  std::vector<PendingReference> pending;
  for (std::size_t k = 0; k < models; ++k) {
    const std::string losses_key = common::Sha256Hex(job.fingerprint + "/reference/" + std::to_string(k) + "/" +
                                             std::to_string(models) + "/" + common::Sha256Hex(scored_ids));
    const std::filesystem::path losses_path = job.references_dir / (std::to_string(k) + ".losses.json");
    for (std::size_t c = 0; c < candidates; ++c) {
      observed.candidates.reference_in(static_cast<Eigen::Index>(c), static_cast<Eigen::Index>(k)) =
          halves[k][population_index.at(inputs.candidate_ids[c])];
    }
    for (std::size_t z = 0; z < inputs.validation_texts.size(); ++z) {
      observed.population.reference_in(static_cast<Eigen::Index>(z), static_cast<Eigen::Index>(k)) =
          halves[k][pool + z];
    }
    if (auto saved = ReadSavedLosses(losses_path, losses_key, candidates, inputs.validation_texts.size())) {
      common::LogInfo("audit: reference " + std::to_string(k + 1) + "/" + std::to_string(models) +
              " was scored before this audit was interrupted; its losses are reused, not retrained");
      observed.candidates.reference.col(static_cast<Eigen::Index>(k)) = saved->first;
      observed.population.reference.col(static_cast<Eigen::Index>(k)) = saved->second;
      continue;
    }
    pending.push_back({k, losses_key, losses_path});
  }

  // Trains a reference on `threads` intra-op threads, scores it and saves its losses; returns the seconds of each.
  const auto train_and_score = [&](const PendingReference& reference, int threads) {
    const std::size_t k = reference.k;
    std::vector<ClassifierExample> train_examples;  // the label stays empty for a language model
    std::vector<int64_t> unit_of_text;               // dense over this reference's units
    std::unordered_map<std::size_t, int64_t> dense_unit;
    for (std::size_t i = 0; i < pool + inputs.validation_texts.size(); ++i) {
      if (!halves[k][i]) continue;
      if (i < pool) {
        train_examples.push_back({inputs.population_texts[i], classifier ? inputs.population_labels[i] : ""});
      } else {
        train_examples.push_back({inputs.validation_texts[i - pool], classifier ? inputs.validation_labels[i - pool] : ""});
      }
      unit_of_text.push_back(dense_unit.emplace(unit_of[i], static_cast<int64_t>(dense_unit.size())).first->second);
    }
    const std::string name = "reference " + std::to_string(k + 1) + "/" + std::to_string(models);
    common::LogInfo("audit: training " + name + " on " + std::to_string(train_examples.size()) + " records");
    const common::ScopedLogLabel label(name);  // the trainer's messages say which reference they are about
    const auto training_start = Clock::now();
    const std::filesystem::path model_dir = job.references_dir / std::to_string(k);
    TrainWithConfig(*job.config, job.run_dir, model_dir,
                    common::Sha256Hex(job.fingerprint + "/reference/" + std::to_string(k) + "/" + std::to_string(models)),
                    "audit: " + name, [&](TrainingJob training) {
                      // Its own seed: a seeded (not DP) audit must not replay the target's noise and batches.
                      training.seed = DeriveSeed(job.seed, "audit-reference-model", k);
                      training.threads = threads;
                      training.mirrored_plan = job.target_plan;
                      if (persons) {
                        training.unit_name = "person";
                        training.unit_of_example = unit_of_text;
                      }
                      if (!classifier) return TrainLanguageModel(Texts(train_examples), inputs.validation_texts, training);
                      // Its validation records are in its half or out of it like any other; the classifier's
                      // validation loss only reports progress.
                      std::vector<ClassifierExample> validation;
                      for (std::size_t z = 0; z < inputs.validation_texts.size(); ++z) {
                        validation.push_back({inputs.validation_texts[z], inputs.validation_labels[z]});
                      }
                      return TrainTextClassifier(train_examples, validation, training);
                    });
    const double training_seconds = SecondsSince(training_start);

    const auto scoring_start = Clock::now();
    const auto [candidate_losses, population_losses] = ReferenceLosses(*job.config, model_dir, inputs);
    observed.candidates.reference.col(static_cast<Eigen::Index>(k)) = candidate_losses;
    observed.population.reference.col(static_cast<Eigen::Index>(k)) = population_losses;
    SaveLosses(reference.losses_path, reference.losses_key, candidate_losses, population_losses);
    if (!job.keep_models) std::filesystem::remove_all(model_dir);
    return std::make_pair(training_seconds, SecondsSince(scoring_start));
  };

  // The references are independent: with cores and memory to spare, several train at once, each on its share of the
  // threads. Each writes only its own columns and files; the dataset ledger takes its file lock per training.
  const auto wall_start = Clock::now();
  const int threads = common::ResolveThreads(job.config->run.threads);
  if (!pending.empty()) {
    result.trained_at_once =
        ReferencesAtOnce(threads, pending.size(), job.memory_per_training_bytes, common::AvailableMemoryBytes());
    result.threads_each = std::max(1, threads / result.trained_at_once);
    if (result.trained_at_once > 1) {
      common::LogInfo("audit: training " + std::to_string(result.trained_at_once) + " reference models at once, " +
                      std::to_string(result.threads_each) + " thread(s) each");
    }
  }
  std::vector<std::pair<double, double>> seconds(pending.size());
  std::vector<std::exception_ptr> failures(pending.size());
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  const auto work = [&] {
    for (std::size_t i = next++; i < pending.size() && !failed; i = next++) {
      try {
        seconds[i] = train_and_score(pending[i], result.threads_each);
      } catch (...) {
        failures[i] = std::current_exception();
        failed = true;  // the others finish the reference they are training; none starts another
      }
    }
  };
  std::vector<std::thread> workers;
  workers.reserve(static_cast<std::size_t>(result.trained_at_once));
  for (int w = 1; w < result.trained_at_once; ++w) {
    try {
      workers.emplace_back(work);
    } catch (const std::system_error& error) {  // no thread to be had: the ones started share the work
      common::LogWarning(std::string("audit: training fewer reference models at once (") + error.what() + ")");
      break;
    }
  }
  result.trained_at_once = std::min(result.trained_at_once, static_cast<int>(workers.size()) + 1);
  work();
  for (std::thread& worker : workers) worker.join();
  dp::SetUpCompute(job.config->run.threads);  // a concurrent training left the intra-op threads at its share
  for (const std::exception_ptr& failure : failures) {
    if (failure) std::rethrow_exception(failure);
  }
  for (const auto& [training, scoring] : seconds) {
    result.training_seconds += training;
    result.scoring_seconds += scoring;
  }
  result.wall_seconds = SecondsSince(wall_start);

  // A per-example variance needs many references on each side; with few, the pooled variance is the stabler fit.
  const audit::LiraOptions lira{.global_variance = job.models < 32};
  for (const std::string& attack : job.attacks) {
    std::vector<double> scores;
    if (attack == "lira_online") {
      scores = audit::lira_online_scores(observed.candidates, lira);
    } else if (attack == "lira_offline") {
      scores = audit::lira_offline_scores(observed.candidates, lira);
    } else {
      scores = audit::rmia_scores(observed.candidates, observed.population);
    }
    result.attacks[attack] = audit::evaluate_membership(scores, inputs.is_member, job.metrics);
  }
  return result;
}

void AddReferenceAttacks(const Config& config, const std::filesystem::path& run_dir,
                         const std::vector<std::string>& attacks, const MiaConfig& mia, const TargetLosses& target,
                         const ReferenceAttackInputs& inputs, const audit::MembershipOptions& metrics,
                         nlohmann::json& audit) {
  ReferenceAttackJob job;
  job.config = &config;
  job.run_dir = run_dir;
  job.references_dir = run_dir / "reference";
  job.fingerprint = common::Sha256Hex(TrainConfigSlice(config).dump() + common::Sha256OfFile(CleanCorpus(run_dir)) +
                              common::Sha256OfFile(run_dir / common::kSplitFile));
  job.models = mia.reference_models;
  job.attacks = attacks;
  job.metrics = metrics;
  job.seed = config.run.seed;
  job.keep_models = mia.keep_reference_models;
  job.target_plan = TrainingPlan(run_dir / common::kPrivacyFile);
  job.memory_per_training_bytes = TargetTrainingMemory(run_dir);
  const ReferenceAttackResult result = RunReferenceAttacks(target, inputs, job);
  for (const auto& [attack, attack_metrics] : result.attacks) audit["membership"][attack] = attack_metrics;
  audit["reference_models"] = {{"count", job.models},
                               {"trained_on",
                                "complementary random halves of members, audit non-members and RMIA's population"},
                               {"rmia_population", inputs.validation_texts.size()},
                               {"kept", job.keep_models},
                               {"in_privacy_ledger", true},
                               {"mechanism",
                                {{"sample_rate", job.target_plan.sample_rate},
                                 {"steps", job.target_plan.steps},
                                 {"noise_multiplier", job.target_plan.noise_multiplier},
                                 {"from", "the target's privacy.json: each reference repeats the target's sampling "
                                          "rate, steps and noise on its half"}}},
                               {"training_seconds", result.training_seconds},
                               {"scoring_seconds", result.scoring_seconds},
                               {"wall_seconds", result.wall_seconds},
                               {"trained_at_once", result.trained_at_once},
                               {"threads_each", result.threads_each}};
  audit["seconds_by_part"]["reference_models"] = result.wall_seconds;
}

}  // namespace leakgate::pipeline
