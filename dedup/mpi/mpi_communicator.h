// The ranks of MPI_COMM_WORLD as a dedup::Communicator: what `mpirun -np N leakgate dedup run` runs on.
#pragma once

#include "dedup/distributed.h"

namespace leakgate::dedup {

// Initialises MPI on construction and finalises it on destruction: one per process.
class MpiCommunicator : public Communicator {
 public:
  MpiCommunicator();
  ~MpiCommunicator() override;
  MpiCommunicator(const MpiCommunicator&) = delete;
  MpiCommunicator& operator=(const MpiCommunicator&) = delete;

  int rank() const override { return rank_; }
  int size() const override { return size_; }
  int ranks_on_this_machine() const override { return ranks_on_this_machine_; }
  std::vector<uint64_t> AllGather(uint64_t value) override;
  void Send(int to, std::string_view bytes) override;
  std::string Receive(int from) override;
  [[noreturn]] void Abort(common::ExitCode exit_code) override;

 private:
  int rank_ = 0;
  int size_ = 1;
  int ranks_on_this_machine_ = 1;
};

}  // namespace leakgate::dedup
