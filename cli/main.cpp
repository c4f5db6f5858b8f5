// `leakgate`, without LibTorch: every command runs here except the pipeline stages of run, train and audit and the
// model server of serve, which re-execute leakgate-torch with the same arguments, so the other commands start
// without loading LibTorch.
#include "cli/cli.h"

int main(int argc, char** argv) {
  return leakgate::cli::RunCli(
      argc, argv,
      [argv](const leakgate::pipeline::RunOptions&) -> int { leakgate::cli::ExecTorchBinary(argv); },
      [argv] { return leakgate::cli::ExecMpiBinaryIfLaunched(argv); },
      [argv](const leakgate::pipeline::ServeOptions&) -> int { leakgate::cli::ExecTorchBinary(argv); });
}
