// `leakgate-mpi`: the same command line, with `dedup run` spread over the ranks of MPI_COMM_WORLD; leakgate runs it
// when an MPI launcher started it (mpirun -np N leakgate dedup run ...).
#include "cli/cli.h"
#include "dedup/mpi/mpi_communicator.h"

int main(int argc, char** argv) {
  return leakgate::cli::RunCli(
      argc, argv,
      [argv](const leakgate::pipeline::RunOptions&) -> int { leakgate::cli::ExecTorchBinary(argv); },
      []() -> std::unique_ptr<leakgate::dedup::Communicator> {
        return std::make_unique<leakgate::dedup::MpiCommunicator>();
      },
      [argv](const leakgate::pipeline::ServeOptions&) -> int { leakgate::cli::ExecTorchBinary(argv); });
}
