#include "pipeline/serve_model.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <nlohmann/json.hpp>
#include <thread>

#include "common/atomic_file.h"
#include "common/digest.h"
#include "common/errors.h"
#include "common/file_lock.h"
#include "common/log.h"
#include "common/run_files.h"
#include "common/threads.h"
#include "dp/engine/compute_setup.h"
#include "models/byte_lm.h"
#include "models/text_classifier.h"
#include "pipeline/audit_stage/run_inputs.h"
#include "pipeline/config.h"
#include "pipeline/train/lm.h"
#include "report/reports.h"
#include "serve/keys.h"
#include "serve/lm_red_team.h"
#include "serve/red_team.h"
#include "serve/server.h"

namespace leakgate::pipeline {
namespace {

enum class ServedKind { kClassifier, kLanguageModel };

// What model/model.json says the run trained: a text classifier (its "kind") or the byte-level LM (its "format").
ServedKind ReadServedKind(const std::filesystem::path& model_dir) {
  const std::filesystem::path path = model_dir / "model.json";
  std::ifstream file(path);
  if (!file)
    throw common::InputError(path.string() + ": no trained model in this run directory (run `leakgate train CONFIG` "
                             "first)");
  nlohmann::json description;
  try {
    description = nlohmann::json::parse(file);
  } catch (const nlohmann::json::exception& error) {
    throw common::InputError(path.string() + ": not JSON (" + error.what() + ")");
  }
  if (description.is_object() && description.value("kind", "") == "text_classifier") return ServedKind::kClassifier;
  if (description.is_object() && description.value("format", "") == "leakgate-byte-lm-1")
    return ServedKind::kLanguageModel;
  throw common::InputError(path.string() + ": neither a text classifier nor a leakgate-byte-lm-1 language model");
}

// The config the run was made with, as its manifest recorded it: it says how to read the run's corpus.
Config RunConfig(const std::filesystem::path& run_dir) {
  const std::filesystem::path path = run_dir / common::kManifestFile;
  std::ifstream file(path);
  if (!file) throw common::InputError(path.string() + ": no manifest in this run directory");
  nlohmann::json manifest;
  try {
    manifest = nlohmann::json::parse(file);
  } catch (const nlohmann::json::exception& error) {
    throw common::InputError(path.string() + ": not JSON (" + error.what() + ")");
  }
  if (!manifest.contains("config") || !manifest["config"].is_object())
    throw common::InputError(path.string() + ": config: missing (the run was not made by `leakgate run`)");
  return ParseConfig(manifest["config"].dump(), path.string());
}

// Gives the monitor's coverage signal its reference: the vocabulary of the run's training records (the first
// InputCoverage::kMaxRecords). Logs the share of validation records, held out as customers' questions are, that would
// be coverage events; above the configured benign rate, on which the false-alarm bound rests, the signal stays off.
void AttachCoverage(const std::filesystem::path& run_dir, serve::ServeSettings& settings) {
  const serve::MonitorSettings& monitor = settings.monitor;
  if (!monitor.enabled || monitor.coverage_unseen_share <= 0.0) return;
  if (!std::filesystem::exists(run_dir / common::kSplitFile)) {
    common::LogWarning("serve: no coverage signal: " + run_dir.string() + " has no " + common::kSplitFile +
                       " (a model trained outside `leakgate run`), so its training vocabulary is unknown");
    return;
  }
  const Split split = ReadSplitFiles(run_dir);
  const std::vector<std::string> member_ids(
      split.members.begin(),
      split.members.begin() + static_cast<std::ptrdiff_t>(std::min(split.members.size(),
                                                                    serve::InputCoverage::kMaxRecords)));
  const auto [members, validation] =
      ReadRecords(CleanCorpus(run_dir), RunConfig(run_dir).CorpusOptions(), member_ids, split.validation);
  auto coverage = std::make_shared<serve::InputCoverage>(members.texts, monitor.coverage_min_people, members.users);
  std::size_t events = 0;
  for (const std::string& text : validation.texts) {
    events += coverage->UnseenShare(text) >= monitor.coverage_unseen_share;
  }
  const double rate =
      validation.texts.empty() ? 0.0 : static_cast<double>(events) / static_cast<double>(validation.texts.size());
  common::LogInfo("serve: coverage signal: " + std::to_string(coverage->vocabulary_size()) + " words from " +
                  std::to_string(coverage->records_read()) + " training records; " + std::to_string(events) + " of " +
                  std::to_string(validation.texts.size()) + " validation records are coverage events (benign rate " +
                  std::to_string(monitor.coverage.benign) + " configured)");
  if (rate > monitor.coverage.benign) {
    common::LogWarning("serve: no coverage signal: " + std::to_string(rate) + " of the validation records are "
                       "coverage events, more than monitor.coverage_benign_rate, so customers' keys would be flagged "
                       "more often than benign_texts_per_false_alarm says");
    return;
  }
  settings.coverage = std::move(coverage);
}

// The model's files by SHA-256 as the red team loads them, which the gate compares with the run's model.
using ModelFiles = std::map<std::string, std::string>;

// Writes redteam/redteam-<tier>.json: `result` with what was attacked (`attacked`, and the serving config) and logs
// each check. Then the run's gate and reports are evaluated again to include it, when the run was made by
// `leakgate run` and options.refresh_reports says so. Returns the result's path.
std::filesystem::path WriteRedTeamResult(const ServeOptions& options, const ModelFiles& attacked, const char* kind,
                                         nlohmann::ordered_json result,
                                         const std::vector<serve::RedTeamCheck>& checks) {
  const std::filesystem::path run_dir = options.run_dir;
  result["kind"] = kind;
  result["model"] = attacked;
  result["serve_config"] = {{"path", options.config_path}, {"sha256", common::Sha256OfFile(options.config_path)}};
  const std::filesystem::path out = run_dir / common::RedTeamFile(result["tier"].get<std::string>());
  common::WriteFileAtomically(out, result.dump(2) + "\n");
  for (const serve::RedTeamCheck& check : checks) {
    common::LogInfo(std::string("redteam: ") + (check.passed ? "pass" : "FAIL") + " " + check.name + ": " +
                    check.detail);
  }
  if (options.refresh_reports && std::filesystem::exists(run_dir / common::kManifestFile)) {
    const report::GateResult gate = report::RefreshGateAndReports(run_dir);
    common::LogInfo("redteam: the run's gate and reports now include this result (gate: " +
                    std::string(gate.passed ? "pass" : "fail") + ", " + (run_dir / common::kReportHtmlFile).string() +
                    ")");
  }
  return out;
}

// Attacks the loaded model through the guarded server: the adversary owns the audit non-members, the customers
// replay the validation records (neither was trained on, and they are disjoint).
int RedTeam(const ServeOptions& options, const ModelFiles& attacked, const ServeConfig& config,
            audit::Classifier& model) {
  const std::filesystem::path run_dir = options.run_dir;
  const Split split = ReadAuditSplit(run_dir);
  if (split.validation.empty())
    throw common::InputError((run_dir / common::kSplitFile).string() +
                             ": validation: empty (the red team's customers replay the validation records)");
  const auto [pool, customers] =
      ReadRecords(CleanCorpus(run_dir), RunConfig(run_dir).CorpusOptions(), split.nonmembers, split.validation);
  serve::RedTeamOptions red_team = *options.red_team;
  red_team.gate = config.red_team_gate;
  common::LogInfo("redteam: tier " + red_team.tier + "; " + std::to_string(red_team.attackers.size()) +
                  " attackers with " + std::to_string(pool.texts.size()) + " audit non-members, " +
                  std::to_string(red_team.benign_users) + " customers replaying " +
                  std::to_string(customers.texts.size()) + " validation records");
  const std::filesystem::path out_dir = run_dir / common::kRedTeamDir;
  const serve::RedTeamResult result =
      serve::RunRedTeam(config.settings, model, pool.texts, customers.texts, red_team, out_dir);
  nlohmann::ordered_json report = {{"pool", "audit non-members (" + std::to_string(pool.texts.size()) + " records)"},
                                   {"customers", "validation records (" + std::to_string(customers.texts.size()) +
                                                     " records)"},
                                   {"seed", red_team.seed},
                                   {"attack_budget", red_team.attack_budget}};
  report.update(nlohmann::ordered_json(nlohmann::json(result)));
  const std::filesystem::path out =
      WriteRedTeamResult(options, attacked, "classifier", std::move(report), result.checks);
  common::LogInfo(result.advised_daily_quota
                      ? "redteam: advised daily quota per key: " + std::to_string(*result.advised_daily_quota) +
                            " texts (every single-key clone stays 10 points under max_fidelity_at_flag there)"
                      : "redteam: no advised quota: every single-key clone is within 10 points of "
                        "max_fidelity_at_flag at the smallest count measured (5 texts)");
  common::LogInfo("redteam: " + std::string(result.passed ? "passed" : "failed") + "; " +
                  std::to_string(result.benign.false_alarms.successes) + " of " +
                  std::to_string(result.benign.users) + " customers flagged; results in " + out.string());
  return result.passed ? 0 : 1;
}

// The attacker's student for the distillation clone: the run's architecture and optimiser, trained without DP for up
// to 20 epochs on each text after its prompt and before a cut end (the byte-level student shares the model's token
// ids), on the revealed distributions where the tier returned them, and stopped early as an attacker would: every
// tenth answer is held back, and the weights with the lowest loss on those answers (scored as texts of their own,
// without their prompts) are kept. Its texts are windows of validation records (the attacker's prompts, private text)
// and the served completions, so its files are deleted once the red team is done: nothing of it is released, and it
// is not recorded in the dataset's privacy ledger.
serve::StudentTrainer DistillationStudent(const Config& run_config, const std::filesystem::path& model_dir) {
  return [run_config, model_dir](const std::vector<serve::StudentText>& students) {
    constexpr std::size_t kHeldBackEvery = 10;
    std::vector<std::string> texts, held_back;
    DistillationTargets distillation;
    bool any_revealed = false;
    std::string all_texts;
    for (std::size_t i = 0; i < students.size(); ++i) {
      const serve::StudentText& student = students[i];
      all_texts += student.text + '\n';
      if (students.size() >= kHeldBackEvery && i % kHeldBackEvery == kHeldBackEvery - 1) {
        held_back.push_back(student.text.substr(std::min(student.prompt_tokens, student.text.size())));
        continue;
      }
      texts.push_back(student.text);
      distillation.context_bytes.push_back(student.prompt_tokens);
      distillation.cut.push_back(student.cut);
      std::vector<RevealedNext>& of_text = distillation.revealed.emplace_back();
      for (std::size_t step = 0; step < student.revealed.size(); ++step) {
        RevealedNext& next = of_text.emplace_back();
        next.position = student.prompt_tokens + step;
        for (const serve::TokenLogProb& entry : student.revealed[step]) {
          next.log_probs.emplace_back(entry.token, entry.log_prob);
        }
        any_revealed = true;
      }
    }
    if (!any_revealed) distillation.revealed.clear();
    TrainingJob job;
    job.train = run_config.train;
    job.train.batch_size = std::min(job.train.batch_size, 32);
    job.train.physical_batch = std::min(job.train.physical_batch, job.train.batch_size);
    job.train.epochs = 20;
    job.train.eval_every = 10;
    job.keep_best_validation = true;
    job.privacy.enabled = false;
    job.seed = run_config.run.seed + 1;
    job.threads = run_config.run.threads;
    job.model_dir = model_dir;
    job.fingerprint = common::Sha256Hex(all_texts);
    common::ProgressLine progress;
    job.on_step = [&](const TrainingProgress& p) {
      progress.Update("redteam: student step " + std::to_string(p.step) + "/" + std::to_string(p.steps));
    };
    std::filesystem::remove_all(model_dir);  // the previous student's checkpoints: never this one's to resume
    TrainLanguageModel(texts, held_back, job, distillation);
    progress.Finish();
    return models::LoadLanguageModel(model_dir);
  };
}

// Attacks a language model's last layer through the guarded server with the tier's answers; with the run's split,
// also measures the tier's watermark and distils a student from its completions.
int RedTeamLanguageModel(const ServeOptions& options, const ModelFiles& attacked, const ServeConfig& config,
                         audit::LanguageModel& model, const models::OutputLayer& output_layer) {
  serve::LanguageModelRedTeamOptions red_team;
  red_team.tier = options.red_team->tier;
  red_team.seed = options.red_team->seed;
  red_team.max_clone_agreement = config.red_team_gate.max_clone_agreement;
  common::LogInfo("redteam: tier " + red_team.tier + "; last-layer extraction of the " +
                  std::to_string(output_layer.width) + "-wide language model through POST /v1/complete");
  const std::filesystem::path run_dir = options.run_dir;
  const std::filesystem::path out_dir = run_dir / common::kRedTeamDir;
  const std::filesystem::path student_dir = out_dir / ("student-" + red_team.tier);
  // The students learnt private text without DP: their files go however the red team ends.
  struct RemovedOnExit {
    std::filesystem::path dir;
    ~RemovedOnExit() {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    }
  } students{student_dir};
  // The watermark's customers and the distilling attacker prompt with the validation records, which the model was not
  // trained on. A model trained outside `leakgate run` has no split: only the extraction runs.
  std::vector<std::string> held_out;
  serve::StudentTrainer student;
  if (std::filesystem::exists(run_dir / common::kSplitFile)) {
    const Config run_config = RunConfig(run_dir);
    const Split split = ReadAuditSplit(run_dir);
    auto [validation] = ReadRecords(CleanCorpus(run_dir), run_config.CorpusOptions(), split.validation);
    held_out = std::move(validation.texts);
    student = DistillationStudent(run_config, student_dir);
    common::LogInfo("redteam: " + std::to_string(held_out.size()) + " validation records prompt the watermark's "
                    "customers and the distilling attacker");
  }
  const serve::LanguageModelRedTeamResult result = serve::RunLanguageModelRedTeam(
      config.settings, model, {output_layer.values, output_layer.columns, output_layer.width}, held_out, red_team,
      out_dir, student);
  const std::filesystem::path out =
      WriteRedTeamResult(options, attacked, "language_model", nlohmann::ordered_json(nlohmann::json(result)),
                         result.checks);
  common::LogInfo("redteam: " + std::string(result.passed ? "passed" : "failed") + "; results in " + out.string());
  return result.passed ? 0 : 1;
}

int g_stop_pipe[2] = {-1, -1};

std::atomic<int> g_stop_signals{0};

// The first SIGINT or SIGTERM stops the server gracefully; a second one ends the process at once (a graceful stop
// waits for connections in flight, which clients that never finish sending can hold). Called with 0 from the main
// thread only to wake the waiter.
void OnStopSignal(int signal_number) {
  if (signal_number != 0 && g_stop_signals.fetch_add(1) >= 1) ::_exit(128 + signal_number);
  const char byte = 1;
  [[maybe_unused]] const auto written = ::write(g_stop_pipe[1], &byte, 1);
}

// Serves until SIGINT or SIGTERM: requests in flight are answered and every answered request is already in the log.
// The handler only writes to a pipe, which any thread may do; a waiting thread reads it and stops the server.
int ServeUntilStopped(serve::GuardedServer& server, const ServeConfig& config, const std::string& run_dir,
                      ServedKind kind) {
  const int port = server.Bind();
  if (::pipe(g_stop_pipe) != 0) throw common::InternalError("serve: cannot create a pipe for the stop signals");
  struct sigaction on_stop {};
  on_stop.sa_handler = OnStopSignal;
  sigemptyset(&on_stop.sa_mask);
  struct sigaction previous_int {}, previous_term {};
  ::sigaction(SIGINT, &on_stop, &previous_int);
  ::sigaction(SIGTERM, &on_stop, &previous_term);
  std::string tiers;
  for (const serve::Tier& tier : config.settings.tiers) {
    tiers += (tiers.empty() ? "" : "; ") + tier.name + ": " +
             (kind == ServedKind::kClassifier ? tier.policy.Describe() : tier.completion.Describe());
  }
  common::LogInfo("serve: " + run_dir + " (" +
                  (kind == ServedKind::kClassifier ? "classifier, POST /v1/classify"
                                                   : "language model, POST /v1/complete") +
                  ") on http://" + config.settings.host + ":" + std::to_string(port) + " (tiers " + tiers +
                  "); request log " + config.settings.request_log.string() + "; stop with Ctrl-C or SIGTERM");
  std::thread waiter([&server] {
    char byte = 0;
    while (::read(g_stop_pipe[0], &byte, 1) < 0 && errno == EINTR) {
    }
    server.Stop();
  });
  server.Run();
  OnStopSignal(0);  // wakes the waiter when the server stopped on its own
  waiter.join();
  ::sigaction(SIGINT, &previous_int, nullptr);
  ::sigaction(SIGTERM, &previous_term, nullptr);
  ::close(g_stop_pipe[0]);
  ::close(g_stop_pipe[1]);
  common::LogInfo("serve: stopped");
  return 0;
}

}  // namespace

int ServeModel(const ServeOptions& options) {
  ServeConfig config = LoadServeConfig(options.config_path);
  if (options.port >= 0) config.settings.port = options.port;
  const std::filesystem::path model_dir = std::filesystem::path(options.run_dir) / common::kModelDir;
  const ServedKind kind = ReadServedKind(model_dir);
  // The red team makes its own keys and secret.
  const std::string secret =
      options.red_team ? "" : SecretFromEnvironment(config.secret_env, "the output noise and the request log's hashes");
  if (serve::WatermarksAnyTier(config.settings) && !options.red_team && kind == ServedKind::kLanguageModel)
    config.settings.watermark_key = SecretFromEnvironment(config.watermark_key_env, "the completions' watermark");
  serve::KeyStore keys = options.red_team ? serve::KeyStore() : serve::KeyStore::Read(config.keys);
  // `leakgate redteam` rewrites the run's gate.json and reports: it takes the run directory as `leakgate run` does
  // (whose red-team stage already holds it). The model is hashed before it is loaded, so a retraining meanwhile cannot
  // lend its files to this attack.
  const bool takes_run_dir = options.red_team && options.refresh_reports;
  const std::optional<common::FileLock> lock =
      takes_run_dir ? common::FileLock::TryAcquire(std::filesystem::path(options.run_dir) / common::kRunLockFile)
                    : std::nullopt;
  if (takes_run_dir && !lock) {
    throw common::ConfigError(options.run_dir + ": another leakgate command is running in this run directory "
                              "(wait for it)");
  }
  const ModelFiles attacked = common::Sha256OfFilesUnder(options.run_dir, common::kModelDir);
  AttachCoverage(options.run_dir, config.settings);
  dp::SetUpCompute(common::ResolveThreads(0));
  if (kind == ServedKind::kLanguageModel) {
    const std::unique_ptr<audit::LanguageModel> model = models::LoadLanguageModel(model_dir);
    if (options.red_team) {
      return RedTeamLanguageModel(options, attacked, config, *model, models::LoadOutputLayer(model_dir));
    }
    serve::GuardedServer server(config.settings, std::move(keys), *model, secret);
    return ServeUntilStopped(server, config, options.run_dir, kind);
  }
  const std::unique_ptr<models::TextClassifierModel> model = models::LoadTextClassifier(model_dir);
  if (options.red_team) return RedTeam(options, attacked, config, *model);
  serve::GuardedServer server(config.settings, std::move(keys), *model, secret);
  return ServeUntilStopped(server, config, options.run_dir, kind);
}

}  // namespace leakgate::pipeline
