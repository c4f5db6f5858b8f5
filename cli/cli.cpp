#include "cli/cli.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/log.h"
#include "common/memory.h"
#include "version.h"

namespace leakgate::cli {

void SetAction(CliContext& context, const CLI::App* command, std::function<int()> action) {
  context.actions[command] = std::move(action);
}

namespace {

// Whether OnInterrupt says that the command was interrupted (see ExitQuietlyAsMpiPeer).
volatile sig_atomic_t announce_interruption = 1;

// The binary `name` beside this one.
std::filesystem::path SiblingBinary(const std::string& name) {
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) throw common::InternalError("cannot locate the leakgate binary (/proc/self/exe: " + error.message() + ")");
  return self.parent_path() / name;
}

[[noreturn]] void ExecBinary(const std::filesystem::path& binary, char** argv) {
  std::fflush(nullptr);
  execv(binary.c_str(), argv);
  throw common::InternalError("cannot start " + binary.string() + ": " + std::strerror(errno));
}

}  // namespace

void ExecTorchBinary(char** argv) {
  const std::filesystem::path torch_binary = SiblingBinary("leakgate-torch");
  if (!std::filesystem::exists(torch_binary)) {
    throw common::InternalError(torch_binary.string() + " is missing: the commands that train need it beside leakgate "
                                "(a build with -DLEAKGATE_WITH_TORCH=OFF has none; rebuild with LibTorch)");
  }
  ExecBinary(torch_binary, argv);
}

int MpiLaunchedRanks() {
  if (MpiLaunchedRank() < 0) return 0;
  for (const char* variable : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "SLURM_NTASKS"}) {
    if (const char* value = std::getenv(variable)) return std::max(1, std::atoi(value));
  }
  return 1;
}

void ExitQuietlyAsMpiPeer() { announce_interruption = 0; }

int MpiLaunchedRank() {
  for (const char* variable : {"OMPI_COMM_WORLD_RANK", "PMI_RANK", "PMIX_RANK"}) {
    if (const char* value = std::getenv(variable)) return std::max(0, std::atoi(value));
  }
  return -1;
}

std::unique_ptr<dedup::Communicator> ExecMpiBinaryIfLaunched(char** argv) {
  if (MpiLaunchedRank() < 0) return nullptr;
  const std::filesystem::path mpi_binary = SiblingBinary("leakgate-mpi");
  if (!std::filesystem::exists(mpi_binary)) {
    throw common::ConfigError("an MPI launcher started `leakgate dedup run`, but " + mpi_binary.string() +
                              " is missing: this leakgate was built with -DLEAKGATE_WITH_MPI=OFF (rebuild with "
                              "libopenmpi-dev, or run without mpirun)");
  }
  ExecBinary(mpi_binary, argv);
}

namespace {

// The same file: one inode (both exist), or the same normalised absolute path (an output not created yet).
bool SameFile(const std::string& a, const std::string& b) {
  std::error_code ec;
  if (std::filesystem::equivalent(a, b, ec)) return true;
  const auto canonical_a = std::filesystem::weakly_canonical(a, ec);
  if (ec) return a == b;
  const auto canonical_b = std::filesystem::weakly_canonical(b, ec);
  return ec ? a == b : canonical_a == canonical_b;
}

}  // namespace

void RefuseOverlappingPaths(const std::vector<FlagPath>& inputs, const std::vector<FlagPath>& outputs) {
  for (size_t o = 0; o < outputs.size(); ++o) {
    const FlagPath& output = outputs[o];
    if (output.path.empty()) continue;
    for (const FlagPath& input : inputs) {
      if (!input.path.empty() && SameFile(input.path, output.path)) {
        throw common::InputError(output.path, 0, output.flag + " would overwrite the input (" + input.flag + ")",
                                "choose another " + output.flag + " path");
      }
    }
    for (size_t other = 0; other < o; ++other) {
      if (!outputs[other].path.empty() && SameFile(outputs[other].path, output.path)) {
        throw common::InputError(output.path, 0, output.flag + " and " + outputs[other].flag + " are the same file",
                                "give each output its own path");
      }
    }
  }
}

namespace {

// SIGINT, SIGTERM, SIGHUP: remove the outputs still being written, say so, then die of the signal as usual (so the
// shell sees the interruption). Only async-signal-safe calls.
void OnInterrupt(int signal_number) {
  common::RemoveUnfinishedOutputs();
  static const char kMessage[] = "leakgate: interrupted; unfinished outputs removed, finished stages kept\n";
  if (announce_interruption) {
    const ssize_t ignored = ::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
    (void)ignored;
  }
  ::signal(signal_number, SIG_DFL);
  ::raise(signal_number);
}

void HandleInterruptions() {
  struct sigaction action;
  std::memset(&action, 0, sizeof action);
  action.sa_handler = OnInterrupt;
  sigemptyset(&action.sa_mask);
  for (int signal_number : {SIGINT, SIGTERM, SIGHUP}) ::sigaction(signal_number, &action, nullptr);
}

void PrintError(const std::string& message) {
  common::Log(common::LogLevel::kError, message);
}

// "dedup run": the subcommand names from the root down to `command`.
std::string CommandPath(const CLI::App& command) {
  std::string path;
  for (const CLI::App* app = &command; app != nullptr && app->get_parent() != nullptr; app = app->get_parent()) {
    path = path.empty() ? app->get_name() : app->get_name() + " " + path;
  }
  return path;
}

const CLI::App* ChosenCommand(const CLI::App& app) {
  const CLI::App* leaf = &app;
  while (!leaf->get_subcommands().empty()) leaf = leaf->get_subcommands().front();
  return leaf;
}

}  // namespace

int RunCli(int argc, char** argv, PipelineRunner run_pipeline, RankConnector connect_ranks, ModelServer serve_model) {
  HandleInterruptions();
  // Records, batches and tensors come and go in blocks of megabytes; each would be faulted in afresh.
  common::RetainFreedMemory();
  CLI::App app{"leakgate: train on sensitive text, measure how much of it the model leaks, and gate the release.\n"
               "Exit codes: 0 success or gate passed, 1 gate failed, 2 bad input, config or usage, 3 internal error.",
               "leakgate"};
  app.set_version_flag("--version", std::string("leakgate ") + pipeline::kVersion);
  CliContext context;
  context.run_pipeline = std::move(run_pipeline);
  context.connect_ranks = std::move(connect_ranks);
  context.serve_model = std::move(serve_model);
  app.add_flag("-q,--quiet", context.quiet, "Print only warnings, errors and results");
  app.add_flag("--json-log", context.json_log, "Write log messages on stderr as one JSON object per line");
  app.require_subcommand(1);

  AddRunCommands(app, context);
  AddDedupCommands(app, context);
  AddScrubCommands(app, context);
  AddPrivacyCommands(app, context);
  AddTrainCommands(app, context);
  AddAuditCommands(app, context);
  AddGateCommands(app, context);
  AddSynthCommands(app, context);
  AddConfigCommands(app, context);
  AddServeCommands(app, context);
  AddWatermarkCommands(app, context);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    if (error.get_exit_code() == 0) return app.exit(error);  // --help, --version
    // Every rank of an MPI job parses the same arguments: rank 0 alone says what is wrong (see RunAction).
    if (MpiLaunchedRank() > 0) {
      ExitQuietlyAsMpiPeer();
      return 0;
    }
    common::ConfigureLogging(context.quiet, context.json_log);
    PrintError(std::string(error.what()) + " (see leakgate --help)");
    return 2;
  }
  common::ConfigureLogging(context.quiet, context.json_log);
  const CLI::App* command = ChosenCommand(app);
  const auto action = context.actions.find(command);
  if (action == context.actions.end()) {
    std::fputs(command->help().c_str(), stderr);
    return 2;
  }
  const std::string command_path = CommandPath(*command);
  if (MpiLaunchedRanks() > 1 && command_path != "dedup run") {
    if (MpiLaunchedRank() > 0) {
      ExitQuietlyAsMpiPeer();
      return 0;
    }
    PrintError("`leakgate " + command_path + "` does not run across MPI ranks (only `dedup run` does): run it " +
               "without mpirun");
    return static_cast<int>(common::ExitCode::kBadInput);
  }
  return RunAction(action->second, command_path);
}

int RunAction(const std::function<int()>& action, const std::string& command) {
  constexpr const char* kReport = " (please report this with the command line)";
  try {
    return action();
  } catch (const common::InternalError& error) {
    PrintError(error.what() + std::string(kReport));
    return static_cast<int>(common::ExitCode::kInternal);
  } catch (const common::Error& error) {
    PrintError(error.what());
    return static_cast<int>(error.exit_code());
  } catch (const std::exception& error) {
    PrintError("internal error in `leakgate " + command + "`: " + error.what() + kReport);
    return static_cast<int>(common::ExitCode::kInternal);
  }
}

}  // namespace leakgate::cli
