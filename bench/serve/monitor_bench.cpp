// The extraction monitor's cost per text, in-process (no HTTP): the per-key signals alone and with the cross-key
// index, on templated short texts that all share words (the worst case for the index's buckets) and on note-length
// texts, from one key and from 1,000 keys in turn.
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

#include "serve/monitor.h"

namespace {

using leakgate::serve::ExtractionMonitor;
using leakgate::serve::MonitorSettings;

std::vector<std::string> TemplatedTexts(std::size_t count) {
  std::vector<std::string> texts;
  for (std::size_t i = 0; i < count; ++i)
    texts.push_back("note " + std::to_string(i % 7) + " " + std::to_string(i) + ": patient called about a refill");
  return texts;
}

std::vector<std::string> NoteTexts(std::size_t count) {
  std::mt19937_64 random(3);
  std::vector<std::string> texts;
  for (std::size_t i = 0; i < count; ++i) {
    std::string text;
    for (int w = 0; w < 60; ++w) text += (w ? " w" : "w") + std::to_string(random() % 5000);
    texts.push_back(text);
  }
  return texts;
}

constexpr std::size_t kTexts = 100000;  // each iteration sends a text no key sent before

// Arguments: cross-key history (0: off), texts kind (0 templated, 1 notes), keys.
void BM_Observe(benchmark::State& state) {
  MonitorSettings settings;
  settings.enabled = true;
  settings.cross_key_history = static_cast<std::size_t>(state.range(0));
  static const std::vector<std::string> templated = TemplatedTexts(kTexts), notes = NoteTexts(kTexts);
  const std::vector<std::string>& texts = state.range(1) == 0 ? templated : notes;
  std::vector<std::string> keys;
  for (int k = 0; k < state.range(2); ++k) keys.push_back("key" + std::to_string(k));
  ExtractionMonitor monitor(settings, keys);
  const std::vector<std::vector<leakgate::audit::ClassProbability>> answer = {{{"a", 0.9}, {"b", 0.1}}};
  std::size_t i = 0;
  for (auto _ : state) {
    const std::span<const std::string> one(&texts[i], 1);
    benchmark::DoNotOptimize(monitor.Observe(keys[i % keys.size()], one, answer, 1.0e9));
    ++i;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Observe)
    ->Iterations(kTexts)
    ->ArgNames({"cross_key", "notes", "keys"})
    ->Args({0, 0, 1})
    ->Args({4096, 0, 1})
    ->Args({4096, 0, 4})
    ->Args({0, 1, 1})
    ->Args({4096, 1, 1})
    ->Args({0, 1, 1000})
    ->Args({4096, 1, 1000});

}  // namespace

BENCHMARK_MAIN();
