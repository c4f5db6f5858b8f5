// Times of an epsilon query and of a noise calibration for both accountants (Opacus 1.5.4 on this machine class,
// median: RDP epsilon 11 ms, PRV epsilon 100 ms (up to 8 s), RDP calibration 160 ms, PRV calibration 1.1 s), and a
// sweep of the PRV accountant over every reference grid row Opacus computed.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "dp/accounting/accounting.h"

namespace leakgate::dp {
namespace {

void BM_RdpEpsilon(benchmark::State& state) {
  const std::vector<MechanismPhase> phases{{1.1, 0.01, 10000}};
  for (auto _ : state) benchmark::DoNotOptimize(ComputeEpsilon(phases, 1e-5, AccountantKind::kRdp).epsilon);
}
BENCHMARK(BM_RdpEpsilon)->Unit(benchmark::kMicrosecond);

// PRV epsilon for grid rows of increasing discretisation size: (q, sigma, steps) with Opacus's time in the label.
void BM_PrvEpsilon(benchmark::State& state, double q, double sigma, int64_t steps) {
  const std::vector<MechanismPhase> phases{{sigma, q, steps}};
  for (auto _ : state) benchmark::DoNotOptimize(ComputeEpsilon(phases, 1e-5, AccountantKind::kPrv).epsilon);
}
BENCHMARK_CAPTURE(BM_PrvEpsilon, q0.01_s1.1_T1000_opacus75ms, 0.01, 1.1, 1000)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_PrvEpsilon, q0.004_s1.0_T10000_median_grid_opacus99ms, 0.004, 1.0, 10000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_PrvEpsilon, q0.01_s1.0_T100000_opacus6.2s, 0.01, 1.0, 100000)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);
BENCHMARK_CAPTURE(BM_PrvEpsilon, q0.256_s0.5_T1000_largest_opacus7.5s, 0.256, 0.5, 1000)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);

void BM_RdpCalibration(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(GetNoiseMultiplier(3.0, 1e-5, 0.01, state.range(0), AccountantKind::kRdp));
}
BENCHMARK(BM_RdpCalibration)->Arg(100)->Arg(1000)->Arg(5000)->Unit(benchmark::kMillisecond);

void BM_PrvCalibration(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(GetNoiseMultiplier(3.0, 1e-5, 0.01, state.range(0), AccountantKind::kPrv));
}
BENCHMARK(BM_PrvCalibration)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);

// One PRV epsilon per reference row with prv_status "ok" (222 rows); reports the median and maximum wall time per
// query and the median ratio to Opacus's time for the same row.
void BM_PrvEpsilonOpacusGrid(benchmark::State& state) {
  std::ifstream file(std::string(LEAKGATE_TEST_DATA_DIR) + "/opacus/accountants.json");
  const nlohmann::json reference = nlohmann::json::parse(file);
  std::vector<double> seconds;
  std::vector<double> speedups;
  for (auto _ : state) {
    seconds.clear();
    speedups.clear();
    for (const auto& row : reference.at("grid")) {
      if (row.at("prv_status") != "ok") continue;
      const std::vector<MechanismPhase> phases{{row.at("sigma"), row.at("q"), row.at("steps")}};
      const auto start = std::chrono::steady_clock::now();
      benchmark::DoNotOptimize(ComputeEpsilon(phases, row.at("delta"), AccountantKind::kPrv).epsilon);
      const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      seconds.push_back(elapsed);
      speedups.push_back(row.at("prv_time_s").get<double>() / elapsed);
    }
  }
  const auto median = [](std::vector<double> values) {
    std::nth_element(values.begin(), values.begin() + values.size() / 2, values.end());
    return values[values.size() / 2];
  };
  state.counters["rows"] = static_cast<double>(seconds.size());
  state.counters["median_ms"] = 1e3 * median(seconds);
  state.counters["max_ms"] = 1e3 * *std::max_element(seconds.begin(), seconds.end());
  state.counters["median_speedup_vs_opacus"] = median(speedups);
}
BENCHMARK(BM_PrvEpsilonOpacusGrid)->Unit(benchmark::kSecond)->Iterations(1);

}  // namespace
}  // namespace leakgate::dp

BENCHMARK_MAIN();
