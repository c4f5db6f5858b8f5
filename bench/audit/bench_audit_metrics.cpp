// How long the audit metrics take at the sizes a release audit uses: 100k membership scores (ROC, AUC, TPR@FPR,
// and the stratified bootstrap) and the one-run epsilon bound over 10k canaries.
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "audit/metrics/one_run.h"
#include "audit/metrics/roc.h"

namespace {

using namespace leakgate::audit;

// Half members ~ N(0.5, 1), half non-members ~ N(0, 1).
void shifted_scores(std::size_t n, std::vector<double>& scores, std::vector<bool>& is_member) {
  std::mt19937_64 rng(1);
  std::normal_distribution<double> normal;
  scores.resize(n);
  is_member.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    is_member[i] = i % 2 == 0;
    scores[i] = normal(rng) + (is_member[i] ? 0.5 : 0.0);
  }
}

void BM_RocCurveAndAuc(benchmark::State& state) {
  std::vector<double> scores;
  std::vector<bool> is_member;
  shifted_scores(static_cast<std::size_t>(state.range(0)), scores, is_member);
  for (auto _ : state) {
    const RocCurve roc = roc_curve(scores, is_member);
    benchmark::DoNotOptimize(roc_auc(roc));
    benchmark::DoNotOptimize(tpr_at_fpr(roc, 0.001));
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_RocCurveAndAuc)->Arg(100000)->Unit(benchmark::kMillisecond);

void BM_EvaluateMembershipWithBootstrap(benchmark::State& state) {
  std::vector<double> scores;
  std::vector<bool> is_member;
  shifted_scores(100000, scores, is_member);
  MembershipOptions options;
  options.bootstrap_resamples = static_cast<std::size_t>(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(evaluate_membership(scores, is_member, options));
  state.counters["resamples"] = static_cast<double>(state.range(0));
}
BENCHMARK(BM_EvaluateMembershipWithBootstrap)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);

void BM_OneRunAudit(benchmark::State& state) {
  const std::size_t canaries = 10000;
  std::vector<double> scores;
  std::vector<bool> included;
  shifted_scores(canaries, scores, included);
  OneRunOptions options;
  options.delta = static_cast<double>(state.range(0)) * 1e-6;
  for (auto _ : state) {
    benchmark::DoNotOptimize(one_run_audit(scores, included, default_abstention_levels(canaries), options));
  }
  state.SetLabel(state.range(0) == 0 ? "pure epsilon" : "delta 1e-6");
}
BENCHMARK(BM_OneRunAudit)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
