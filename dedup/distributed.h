// Pass 1 of dedup across several processes (MPI ranks): each sketches its share of the corpus, the root merges the
// sketches and clusters, so the plan equals the single-process plan for any number of ranks.
#pragma once

#include <cstdint>
#include <exception>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/errors.h"
#include "dedup/dedup.h"

namespace leakgate::dedup {

// The messages the ranks exchange. Implemented over MPI by leakgate-mpi, and over threads by the tests.
class Communicator {
 public:
  virtual ~Communicator() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  // How many of the ranks run on this rank's machine (they share its cores).
  virtual int ranks_on_this_machine() const = 0;
  // Every rank gives one value; every rank receives all of them, indexed by rank.
  virtual std::vector<uint64_t> AllGather(uint64_t value) = 0;
  // Point to point, any length: Send returns once `bytes` may be reused; Receive waits for the next message.
  virtual void Send(int to, std::string_view bytes) = 0;
  virtual std::string Receive(int from) = 0;
  // Ends every rank of the job with `exit_code`: for failures that leave other ranks blocked.
  [[noreturn]] virtual void Abort(common::ExitCode exit_code) = 0;
};

// Thrown on the ranks that did not report a failure another rank reported, so that the failure is printed once.
class PeerFailed : public std::exception {
 public:
  explicit PeerFailed(common::ExitCode exit_code) : exit_code_(exit_code) {}
  common::ExitCode exit_code() const { return exit_code_; }
  const char* what() const noexcept override { return "another rank failed"; }

 private:
  common::ExitCode exit_code_;
};

// Collective: call on every rank. Returns the plan on rank 0 and nullopt elsewhere. A failure on any rank fails all:
// the one met first in input order is thrown on its rank, PeerFailed on the others.
std::optional<DedupPlan> PlanDeduplicationAcrossRanks(Communicator& communicator, const std::filesystem::path& input,
                                                      const corpus::CorpusOptions& corpus,
                                                      const DedupOptions& options,
                                                      const DedupProgressFn& progress = {});

// Orders failures as a single reader meets them: a smaller value comes first in input order (by the InputError's
// line; other errors last); the two low bits hold the exit code. Never 0.
uint64_t FailureOrder(const std::exception_ptr& failure);

// A sketch as bytes and back, for sending between ranks. DecodeSketch throws InternalError on malformed bytes or a
// sketch inconsistent with itself or with `options`.
std::string EncodeSketch(const CorpusSketch& sketch);
CorpusSketch DecodeSketch(std::string_view bytes, const DedupOptions& options);

}  // namespace leakgate::dedup
