// The watermark's cost: Embed on one step's 259-token distribution (what `leakgate serve` adds to each generated
// token), and Detect on texts of 256 bytes to 64 KiB (what `leakgate watermark detect` spends per text), for one and
// four bytes of context.
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "watermark/watermark.h"

namespace {

using leakgate::watermark::TokenId;
using leakgate::watermark::Watermark;

const std::string kKey = "bench-watermark-key-0123456789abcdef0123";

// Argument: context tokens.
void BM_Embed(benchmark::State& state) {
  const Watermark mark(kKey, {.context_tokens = static_cast<std::size_t>(state.range(0))});
  std::vector<double> base(259, -std::log(257.0));
  base[256] = base[258] = -INFINITY;
  std::vector<TokenId> context = {'t', 'h', 'e', ' '};
  std::vector<double> log_probs(base.size());
  TokenId step = 0;
  for (auto _ : state) {
    log_probs = base;
    context.back() = step++ % 256;
    mark.Embed(context, log_probs);
    benchmark::DoNotOptimize(log_probs.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Embed)->ArgName("context")->Arg(1)->Arg(4);

// Arguments: text bytes, context tokens. Printable random bytes: almost every (context, token) pair is distinct.
void BM_Detect(benchmark::State& state) {
  const Watermark mark(kKey, {.context_tokens = static_cast<std::size_t>(state.range(1))});
  std::mt19937_64 random(5);
  std::vector<TokenId> text(static_cast<std::size_t>(state.range(0)));
  for (TokenId& token : text) token = static_cast<TokenId>(32 + random() % 95);
  for (auto _ : state) benchmark::DoNotOptimize(mark.Detect(text));
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Detect)->ArgNames({"bytes", "context"})->Args({256, 1})->Args({256, 4})->Args({65536, 1})->Args({65536, 4});

}  // namespace

BENCHMARK_MAIN();
