// Training-step time, private (ghost clipping + noise) vs non-private, on 2 threads, for the two
// models Opacus was timed on, and the peak memory of a virtual-batch step against the logical batch size.
#include <sys/resource.h>

#include <fstream>
#include <string>

#include <benchmark/benchmark.h>

#include "dp/engine/engine.h"
#include "dp/engine/models.h"
#include "dp/engine/compute_setup.h"

namespace leakgate::dp {
namespace {

constexpr int kThreads = 2;

// Page faults served without I/O so far: each is a page of freshly mapped memory touched for the first time.
int64_t MinorPageFaults() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_minflt;
}

// One training step of `model` on (x, y): plain SGD when `private_step` is false, else DP-SGD.
template <typename Model, typename LossFn>
void RunSteps(benchmark::State& state, Model& model, const LossFn& loss, int64_t batch) {
  const bool private_step = state.range(0) != 0;
  OptimizerSettings sgd;
  sgd.learning_rate = 0.01;
  sgd.momentum = 0.9;
  auto optimizer = MakeOptimizer(sgd, model->parameters());
  std::unique_ptr<DpSgdEngine> engine;
  if (private_step) {
    DpSgdOptions options;
    options.noise_multiplier = 1.0;
    options.max_grad_norm = 1.0;
    options.expected_batch_size = static_cast<double>(batch);
    options.sample_rate = 0.01;
    engine = std::make_unique<DpSgdEngine>(model.ptr(), optimizer, options);
  }
  const int64_t faults_before = MinorPageFaults();
  for (auto _ : state) {
    if (private_step) {
      loss().backward();
      engine->ClipAndAccumulate();
      engine->Step();
    } else {
      optimizer->zero_grad();
      loss().backward();
      optimizer->step();
    }
  }
  state.counters["page_faults_per_step"] =
      static_cast<double>(MinorPageFaults() - faults_before) / static_cast<double>(state.iterations());
  state.SetLabel(private_step ? "private (ghost clipping, noise)" : "non-private");
}

void BM_MlpStep(benchmark::State& state) {
  SetUpCompute(kThreads);
  at::manual_seed(1);
  Mlp model(std::vector<int64_t>{128, 256, 256, 2});
  const int64_t batch = 256;
  const at::Tensor x = at::randn({batch, 128});
  const at::Tensor y = at::randint(0, 2, {batch}, at::kLong);
  RunSteps(state, model, [&] { return at::cross_entropy_loss(model(x), y); }, batch);
}
BENCHMARK(BM_MlpStep)->ArgName("private")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->MinTime(2.0);

TransformerLmOptions ByteLm() {
  TransformerLmOptions options;
  options.vocab_size = 256;
  options.max_seq_len = 128;
  options.d_model = 128;
  options.layers = 2;
  options.heads = 4;
  options.ffn = 512;
  return options;
}

void BM_TransformerLmStep(benchmark::State& state) {
  SetUpCompute(kThreads);
  at::manual_seed(2);
  TransformerLm model(ByteLm());
  const int64_t batch = 32;
  const at::Tensor ids = at::randint(0, 256, {batch, 128}, at::kLong);
  RunSteps(state, model, [&] { return NextTokenLoss(model(ids), ids); }, batch);
}
BENCHMARK(BM_TransformerLmStep)->ArgName("private")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->MinTime(5.0);

int64_t ReadStatusKb(const std::string& key) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(key + ":", 0) == 0) return std::stoll(line.substr(key.size() + 1));
  }
  return -1;
}

// Resets the peak-RSS mark (Linux: writing 5 to clear_refs) so each step's peak can be read.
void ResetPeakRss() {
  std::ofstream clear_refs("/proc/self/clear_refs");
  clear_refs << "5";
}

// Peak resident memory of one logical step of the byte LM, processed in physical batches: with
// virtual batches it stays flat as the logical batch grows; the last case (physical = logical)
// shows what the same logical batch costs without them. Cases run from small to large in one
// process, so a later case's peak includes what earlier ones left in the allocator.
void BM_VirtualBatchPeakMemory(benchmark::State& state) {
  SetUpCompute(kThreads);
  at::manual_seed(3);
  const int64_t logical = state.range(0);
  const int64_t physical = state.range(1);
  TransformerLm model(ByteLm());
  const at::Tensor data = at::randint(0, 256, {logical, 128}, at::kLong);
  DpSgdOptions options;
  options.noise_multiplier = 1.0;
  options.expected_batch_size = static_cast<double>(logical);
  options.sample_rate = 0.01;
  DpSgdEngine engine(model.ptr(), MakeOptimizer({}, model->parameters()), options);
  std::vector<int64_t> indices(static_cast<size_t>(logical));
  for (int64_t i = 0; i < logical; ++i) indices[static_cast<size_t>(i)] = i;
  const auto physical_loss = [&](const std::vector<int64_t>& chunk) {
    const at::Tensor ids = data.index_select(0, at::tensor(chunk, at::kLong));
    return NextTokenLoss(model(ids), ids);
  };
  int64_t peak_kb = 0;
  for (auto _ : state) {
    ResetPeakRss();
    engine.TrainLogicalBatch(indices, physical, physical_loss);
    peak_kb = std::max(peak_kb, ReadStatusKb("VmHWM"));
  }
  state.counters["peak_rss_MB"] = static_cast<double>(peak_kb) / 1024.0;
}
BENCHMARK(BM_VirtualBatchPeakMemory)
    ->ArgNames({"logical", "physical"})
    ->Args({16, 16})
    ->Args({64, 16})
    ->Args({256, 16})
    ->Args({256, 256})
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace leakgate::dp

BENCHMARK_MAIN();
