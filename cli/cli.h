// The `leakgate` command line: each command group registers its subcommands on the root app.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "dedup/distributed.h"
#include "pipeline/run.h"
#include "pipeline/serve_config.h"

namespace leakgate::cli {

// Runs the pipeline stages of `run`, `train` and `audit`: pipeline::RunPipeline in leakgate-torch, and in the
// torch-free leakgate a re-execution of leakgate-torch with the same arguments (ExecTorchBinary).
using PipelineRunner = std::function<int(const pipeline::RunOptions&)>;

// Serves a run's model (`leakgate serve`): pipeline::ServeModel in leakgate-torch, and in the torch-free leakgate a
// re-execution of leakgate-torch with the same arguments.
using ModelServer = std::function<int(const pipeline::ServeOptions&)>;

// Connects `dedup run` to the other ranks when an MPI launcher started this process: over MPI in leakgate-mpi, and in
// the other binaries by re-executing leakgate-mpi (ExecMpiBinaryIfLaunched). nullptr: a single process.
using RankConnector = std::function<std::unique_ptr<dedup::Communicator>()>;

// The global options, and what each leaf command does once the whole command line is parsed.
struct CliContext {
  bool quiet = false;
  bool json_log = false;
  // An action returns the exit code: 0 success, 1 gate failed. Errors are exceptions (see RunCli).
  std::map<const CLI::App*, std::function<int()>> actions;
  PipelineRunner run_pipeline;
  RankConnector connect_ranks;
  ModelServer serve_model;
};

// Registers `action` to run when `command` is the subcommand chosen on the command line.
void SetAction(CliContext& context, const CLI::App* command, std::function<int()> action);

// A file named on the command line, with the flag that named it ("--output", ...).
struct FlagPath {
  std::string flag;
  std::string path;  // empty: the flag was not given
};

// Throws common::InputError (exit 2) when an output is the same file as an input, or as another output: writing it
// would replace the input corpus, or one output would silently overwrite another.
void RefuseOverlappingPaths(const std::vector<FlagPath>& inputs, const std::vector<FlagPath>& outputs);

// One function per command group, each in its own cli/cli_<group>.cpp.
void AddDedupCommands(CLI::App& root, CliContext& context);
void AddRunCommands(CLI::App& root, CliContext& context);
void AddScrubCommands(CLI::App& root, CliContext& context);
void AddSynthCommands(CLI::App& root, CliContext& context);
void AddPrivacyCommands(CLI::App& root, CliContext& context);
void AddTrainCommands(CLI::App& root, CliContext& context);
void AddAuditCommands(CLI::App& root, CliContext& context);
void AddGateCommands(CLI::App& root, CliContext& context);
void AddConfigCommands(CLI::App& root, CliContext& context);
void AddServeCommands(CLI::App& root, CliContext& context);
void AddWatermarkCommands(CLI::App& root, CliContext& context);

// Parses the arguments, runs the chosen command and maps errors to exit codes: 2 for bad input, config or usage
// (common::InputError, common::ConfigError, CLI parse errors), 3 for anything else.
// Under an MPI launcher with more than one rank, only `dedup run` is allowed.
int RunCli(int argc, char** argv, PipelineRunner run_pipeline, RankConnector connect_ranks, ModelServer serve_model);

// Replaces this process with leakgate-torch from this binary's directory, given the same arguments; returns only by
// throwing (common::InternalError when it is missing: a build without LibTorch, or an incomplete install).
[[noreturn]] void ExecTorchBinary(char** argv);

// This process's rank when an MPI launcher (mpirun of Open MPI, MPICH or Intel MPI, a PMIx launcher such as srun)
// started it, read from the environment the launcher sets; -1 otherwise.
int MpiLaunchedRank();
// How many ranks that launcher started: 0 when none did, 1 when the environment does not say.
int MpiLaunchedRanks();

// For a rank that leaves the reporting of a failure to another: once one rank exits non-zero, mpirun ends the rest
// with SIGTERM, and this rank, with no outputs of its own, then ends without a word.
void ExitQuietlyAsMpiPeer();

// When an MPI launcher started this process, replaces it with leakgate-mpi from this binary's directory, given the
// same arguments (common::ConfigError when it is missing: a build without MPI); otherwise returns nullptr.
std::unique_ptr<dedup::Communicator> ExecMpiBinaryIfLaunched(char** argv);

// Runs one command's action (`command` as typed: "dedup run") and turns what it throws into an exit code and one
// line on stderr: a common::Error by its kind; any other exception is an internal error named with the command.
int RunAction(const std::function<int()>& action, const std::string& command);

}  // namespace leakgate::cli
