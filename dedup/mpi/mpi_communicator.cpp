#include "dedup/mpi/mpi_communicator.h"

#include <mpi.h>

#include <algorithm>
#include <cstdlib>

namespace leakgate::dedup {

namespace {

// MPI counts are ints: longer messages go in pieces.
constexpr uint64_t kPieceBytes = uint64_t{1} << 30;
constexpr int kSizeTag = 1;
constexpr int kBytesTag = 2;

}  // namespace

MpiCommunicator::MpiCommunicator() {
  int initialised = 0;
  MPI_Initialized(&initialised);
  if (initialised) throw common::InternalError("MPI is already initialised in this process");
  // The ranks call MPI from their main thread only; OpenMP threads do not.
  int provided = 0;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  MPI_Comm machine;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank_, MPI_INFO_NULL, &machine);
  MPI_Comm_size(machine, &ranks_on_this_machine_);
  MPI_Comm_free(&machine);
}

MpiCommunicator::~MpiCommunicator() { MPI_Finalize(); }

std::vector<uint64_t> MpiCommunicator::AllGather(uint64_t value) {
  std::vector<uint64_t> values(static_cast<size_t>(size_));
  MPI_Allgather(&value, 1, MPI_UINT64_T, values.data(), 1, MPI_UINT64_T, MPI_COMM_WORLD);
  return values;
}

void MpiCommunicator::Send(int to, std::string_view bytes) {
  uint64_t size = bytes.size();
  MPI_Send(&size, 1, MPI_UINT64_T, to, kSizeTag, MPI_COMM_WORLD);
  for (uint64_t at = 0; at < size; at += kPieceBytes) {
    const auto piece = static_cast<int>(std::min(kPieceBytes, size - at));
    MPI_Send(bytes.data() + at, piece, MPI_BYTE, to, kBytesTag, MPI_COMM_WORLD);
  }
}

std::string MpiCommunicator::Receive(int from) {
  uint64_t size = 0;
  MPI_Recv(&size, 1, MPI_UINT64_T, from, kSizeTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  std::string bytes(size, '\0');
  for (uint64_t at = 0; at < size; at += kPieceBytes) {
    const auto piece = static_cast<int>(std::min(kPieceBytes, size - at));
    MPI_Recv(bytes.data() + at, piece, MPI_BYTE, from, kBytesTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  }
  return bytes;
}

void MpiCommunicator::Abort(common::ExitCode exit_code) {
  MPI_Abort(MPI_COMM_WORLD, static_cast<int>(exit_code));
  std::abort();
}

}  // namespace leakgate::dedup
