// Throughput of MinHash signatures (MB/s, docs/s, shingles/s) and of LSH clustering on fortunes and copyrights.
#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>
#include <omp.h>

#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "corpus/corpus.h"
#include "dedup/minhash/lsh.h"
#include "dedup/minhash/minhash.h"

namespace leakgate::dedup {
namespace {

std::vector<std::string> Texts(const std::string& path) {
  std::vector<std::string> texts;
  corpus::CorpusReader reader(path, corpus::CorpusOptions{});
  for (corpus::Record record; reader.Next(record);) texts.push_back(std::move(record.text));
  return texts;
}

const std::vector<std::string>& Corpus(int which) {
  static const std::vector<std::string> fortunes = Texts(LEAKGATE_CORPORA_DIR "/fortunes.jsonl");
  static const std::vector<std::string> copyrights =
      Texts(LEAKGATE_CORPORA_DIR "/copyrights.jsonl.zst");
  return which == 0 ? fortunes : copyrights;
}

// Arguments: corpus (0 fortunes, 1 copyrights), threads (0 = all cores), kernel.
void BM_SignCorpus(benchmark::State& state) {
  const auto& texts = Corpus(static_cast<int>(state.range(0)));
  const int threads = static_cast<int>(state.range(1));
  const auto kernel = static_cast<MinHashKernel>(state.range(2));
  if (!KernelSupported(kernel)) return state.SkipWithError("kernel not supported on this CPU");
  const std::vector<std::string_view> views(texts.begin(), texts.end());
  const MinHasher hasher(MinHashConfig{}, kernel);
  std::vector<uint32_t> signatures(views.size() * 128);
  size_t bytes = 0;
  for (const auto& text : texts) bytes += text.size();
  size_t shingles = 0;
  for (auto _ : state) {
    shingles = hasher.SignBatch(views, signatures, threads);
    benchmark::DoNotOptimize(signatures.data());
  }
  const double iterations = static_cast<double>(state.iterations());
  state.SetBytesProcessed(static_cast<int64_t>(bytes * state.iterations()));
  state.counters["docs/s"] =
      benchmark::Counter(static_cast<double>(views.size()) * iterations, benchmark::Counter::kIsRate);
  state.counters["shingles/s"] =
      benchmark::Counter(static_cast<double>(shingles) * iterations, benchmark::Counter::kIsRate);
  state.counters["threads"] = threads > 0 ? threads : omp_get_max_threads();
  state.SetLabel(std::string(state.range(0) == 0 ? "fortunes " : "copyrights ") +
                 std::string(KernelName(hasher.kernel())));
}

// The permutation step alone: 128 permutations over precomputed 32-bit token hashes.
void BM_UpdateSignature(benchmark::State& state) {
  const auto kernel = static_cast<MinHashKernel>(state.range(0));
  if (!KernelSupported(kernel)) return state.SkipWithError("kernel not supported on this CPU");
  const Permutations permutations = MakePermutations(128, 1);
  std::mt19937_64 random(1);
  std::vector<uint64_t> hashes(4096);
  for (uint64_t& hash : hashes) hash = random() & 0xFFFFFFFFu;
  std::vector<uint32_t> signature(128, 0xFFFFFFFFu);
  for (auto _ : state) {
    UpdateSignature(hashes, permutations, signature, kernel);
    benchmark::DoNotOptimize(signature.data());
  }
  state.counters["shingles/s"] =
      benchmark::Counter(static_cast<double>(hashes.size() * state.iterations()), benchmark::Counter::kIsRate);
  state.SetLabel(std::string(KernelName(kernel)));
}

void BM_ClusterFortunes(benchmark::State& state) {
  const auto& texts = Corpus(0);
  const std::vector<std::string_view> views(texts.begin(), texts.end());
  const std::vector<uint32_t> signatures = MinHasher(MinHashConfig{}).SignBatch(views);
  ClusteringOptions options;
  options.threshold = 0.8;
  options.params = OptimalLshParams(0.8, 128);
  options.threads = static_cast<int>(state.range(0));
  size_t clusters = 0;
  for (auto _ : state) clusters = ClusterNearDuplicates(signatures, views.size(), 128, options).clusters.size();
  state.counters["docs/s"] =
      benchmark::Counter(static_cast<double>(views.size() * state.iterations()), benchmark::Counter::kIsRate);
  state.counters["clusters"] = static_cast<double>(clusters);
}

void BM_OptimalLshParams(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(OptimalLshParams(0.8, static_cast<int>(state.range(0))));
}

constexpr int64_t kScalar = static_cast<int64_t>(MinHashKernel::kScalar);
constexpr int64_t kAvx2 = static_cast<int64_t>(MinHashKernel::kAvx2);
constexpr int64_t kAvx512 = static_cast<int64_t>(MinHashKernel::kAvx512);
constexpr int64_t kAuto = static_cast<int64_t>(MinHashKernel::kAuto);

BENCHMARK(BM_UpdateSignature)->Arg(kScalar)->Arg(kAvx2)->Arg(kAvx512);
// Single-threaded rates use the thread's CPU time (robust on a shared machine); all-core rates need wall time.
BENCHMARK(BM_SignCorpus)
    ->ArgNames({"corpus", "threads", "kernel"})
    ->Args({0, 1, kScalar})
    ->Args({0, 1, kAvx2})
    ->Args({0, 1, kAuto})
    ->Args({1, 1, kAuto})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SignCorpus)
    ->ArgNames({"corpus", "threads", "kernel"})
    ->Args({0, 0, kAuto})
    ->Args({1, 0, kAuto})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_ClusterFortunes)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_OptimalLshParams)->Arg(128)->Arg(256)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace leakgate::dedup

BENCHMARK_MAIN();
