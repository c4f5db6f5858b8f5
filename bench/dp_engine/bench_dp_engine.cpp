// Training-step time, private (ghost clipping + noise) vs non-private, on 2 threads, for the two models Opacus was
// timed on (separately, and alternately in one process); the cost of the noise; and the peak memory of a
// virtual-batch step against the logical batch size.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include <ATen/CPUGeneratorImpl.h>
#include <benchmark/benchmark.h>

#include "dp/engine/compute_setup.h"
#include "dp/engine/engine.h"
#include "dp/engine/sampling.h"
#include "models/networks.h"

namespace leakgate::dp {
namespace {

constexpr int kThreads = 2;

// Page faults served without I/O so far: each is a page of freshly mapped memory touched for the first time.
int64_t MinorPageFaults() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_minflt;
}

// A model with its loss on one fixed batch.
struct Workload {
  std::shared_ptr<torch::nn::Module> model;
  std::function<at::Tensor()> loss;
  int64_t batch;
};

Workload MlpWorkload() {
  at::manual_seed(1);
  models::Mlp model(std::vector<int64_t>{128, 256, 256, 2});
  const int64_t batch = 256;
  const at::Tensor x = at::randn({batch, 128});
  const at::Tensor y = at::randint(0, 2, {batch}, at::kLong);
  return {model.ptr(), [model, x, y]() mutable { return at::cross_entropy_loss(model(x), y); }, batch};
}

models::TransformerLmOptions ByteLm() {
  models::TransformerLmOptions options;
  options.vocab_size = 256;
  options.max_seq_len = 128;
  options.d_model = 128;
  options.layers = 2;
  options.heads = 4;
  options.ffn = 512;
  return options;
}

Workload ByteLmWorkload() {
  at::manual_seed(2);
  models::TransformerLm model(ByteLm());
  const int64_t batch = 32;
  const at::Tensor ids = at::randint(0, 256, {batch, 128}, at::kLong);
  return {model.ptr(), [model, ids]() mutable { return models::NextTokenLoss(model(ids), ids); }, batch};
}

// Training steps of one workload with SGD (momentum 0.9): plain, or DP-SGD with sigma 1 and C 1.
class Stepper {
 public:
  Stepper(Workload workload, bool private_step) : workload_(std::move(workload)) {
    OptimizerSettings sgd;
    sgd.learning_rate = 0.01;
    sgd.momentum = 0.9;
    optimizer_ = MakeOptimizer(sgd, workload_.model->parameters());
    if (!private_step) return;
    DpSgdOptions options;
    options.noise_multiplier = 1.0;
    options.max_grad_norm = 1.0;
    options.expected_batch_size = static_cast<double>(workload_.batch);
    options.sample_rate = 0.01;
    engine_ = std::make_unique<DpSgdEngine>(workload_.model, optimizer_, options);
  }

  void Step() {
    if (engine_) {
      workload_.loss().backward();
      engine_->ClipAndAccumulate();
      engine_->Step();
    } else {
      optimizer_->zero_grad();
      workload_.loss().backward();
      optimizer_->step();
    }
  }

 private:
  Workload workload_;
  std::shared_ptr<torch::optim::Optimizer> optimizer_;
  std::unique_ptr<DpSgdEngine> engine_;
};

// Steps of one kind per process run: argument 0 non-private, 1 private.
void RunSteps(benchmark::State& state, Workload workload) {
  const bool private_step = state.range(0) != 0;
  Stepper stepper(std::move(workload), private_step);
  const int64_t faults_before = MinorPageFaults();
  for (auto _ : state) stepper.Step();
  state.counters["page_faults_per_step"] =
      static_cast<double>(MinorPageFaults() - faults_before) / static_cast<double>(state.iterations());
  state.SetLabel(private_step ? "private (ghost clipping, noise)" : "non-private");
}

void BM_MlpStep(benchmark::State& state) {
  SetUpCompute(kThreads);
  RunSteps(state, MlpWorkload());
}
BENCHMARK(BM_MlpStep)->ArgName("private")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->MinTime(2.0);

void BM_TransformerLmStep(benchmark::State& state) {
  SetUpCompute(kThreads);
  RunSteps(state, ByteLmWorkload());
}
BENCHMARK(BM_TransformerLmStep)->ArgName("private")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->MinTime(5.0);

// The steps with the opposite split of the two cores: ATen's elementwise work on one thread and OpenBLAS's
// own pool of 2 for every matrix product, so that the baseline is not only measured in the configuration
// SetUpCompute chooses. (Alternating the two configurations in one process slows both: each pool's idle
// threads spin while the other works.)
void RunStepsOnBlasThreads(benchmark::State& state, Workload workload) {
  SetUpCompute(1);
  SetBlasThreads(kThreads);
  RunSteps(state, std::move(workload));
  SetUpCompute(kThreads);
  state.SetLabel(state.range(0) != 0 ? "private, ATen 1 thread, OpenBLAS 2" : "non-private, ATen 1 thread, OpenBLAS 2");
}

void BM_MlpStepOnBlasThreads(benchmark::State& state) { RunStepsOnBlasThreads(state, MlpWorkload()); }
BENCHMARK(BM_MlpStepOnBlasThreads)->ArgName("private")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->MinTime(2.0);

void BM_TransformerLmStepOnBlasThreads(benchmark::State& state) { RunStepsOnBlasThreads(state, ByteLmWorkload()); }
BENCHMARK(BM_TransformerLmStepOnBlasThreads)
    ->ArgName("private")
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->MinTime(5.0);

double Median(std::vector<double> values) {
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2), values.end());
  return values[values.size() / 2];
}

// A non-private and a private step of the same model, alternately, each timed: both see the same
// machine conditions, which on this shared 2-vCPU VM drift by up to 1.5x between process runs.
// Counters: median milliseconds of each and the ratio of the medians.
void RunPairedSteps(benchmark::State& state, const std::function<Workload()>& make_workload) {
  SetUpCompute(kThreads);
  Stepper plain(make_workload(), /*private_step=*/false);
  Stepper private_stepper(make_workload(), /*private_step=*/true);
  std::vector<double> plain_ms;
  std::vector<double> private_ms;
  const auto timed_ms = [](Stepper& stepper) {
    const auto start = std::chrono::steady_clock::now();
    stepper.Step();
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  };
  for (auto _ : state) {
    plain_ms.push_back(timed_ms(plain));
    private_ms.push_back(timed_ms(private_stepper));
  }
  const double plain_median = Median(plain_ms);
  const double private_median = Median(private_ms);
  state.counters["non_private_ms"] = plain_median;
  state.counters["private_ms"] = private_median;
  state.counters["ratio"] = private_median / plain_median;
}

void BM_MlpPairedSteps(benchmark::State& state) { RunPairedSteps(state, MlpWorkload); }
BENCHMARK(BM_MlpPairedSteps)->Unit(benchmark::kMillisecond)->MinTime(4.0);

void BM_TransformerLmPairedSteps(benchmark::State& state) { RunPairedSteps(state, ByteLmWorkload); }
BENCHMARK(BM_TransformerLmPairedSteps)->Unit(benchmark::kMillisecond)->MinTime(10.0);

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
  models::TransformerLm model(ByteLm());
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
    return models::NextTokenLoss(model(ids), ids);
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

// Gaussian noise for n parameters. Argument 1: ATen's normal with its mt19937 generator (what the engine used
// before, 0), the engine's seeded source (1) or its OpenSSL source for secure_rng (2). 99,330 and 478,976 are
// the MLP's and the byte LM's parameter counts.
void BM_Gaussian(benchmark::State& state) {
  SetUpCompute(kThreads);
  const int64_t count = state.range(0);
  const int64_t kind = state.range(1);
  auto source = kind == 2 ? MakeSecureRandomSource() : MakeSeededRandomSource(1);
  at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(1);
  for (auto _ : state) {
    benchmark::DoNotOptimize(kind == 0 ? at::normal(0.0, 1.0, {count}, generator, at::TensorOptions().dtype(at::kFloat))
                                       : source->Gaussian({count}, 1.0));
  }
  state.SetItemsProcessed(state.iterations() * count);
  state.SetLabel(kind == 0 ? "at::normal" : kind == 1 ? "engine's seeded source" : "engine's secure source");
}
BENCHMARK(BM_Gaussian)
    ->ArgNames({"n", "source"})
    ->ArgsProduct({{99330, 478976}, {0, 1, 2}})
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace leakgate::dp

BENCHMARK_MAIN();
