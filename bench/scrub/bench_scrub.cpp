// Scrubber throughput in MB/s of input text: Scrub() (find + rewrite + residual re-scan) and Find() alone on
// one thread, ScrubCorpus-style ordered parallel scrubbing on all cores, and the adversarial floor (megabyte lines).
#include <benchmark/benchmark.h>

#include <string>
#include <thread>
#include <vector>

#include "common/memory.h"
#include "corpus/corpus.h"
#include "scrub/eval/adversarial.h"
#include "scrub/eval/synthetic_notes.h"
#include "scrub/name_tagger.h"
#include "scrub/ordered_parallel.h"
#include "scrub/scrubber.h"

namespace leakgate::scrub {
namespace {

struct Corpus {
  std::vector<std::string> texts;
  int64_t bytes = 0;
};

Corpus LoadCorpus(const std::string& path) {
  Corpus corpus;
  corpus::CorpusReader reader(path, corpus::CorpusOptions{});
  corpus::Record record;
  while (reader.Next(record)) {
    corpus.bytes += static_cast<int64_t>(record.text.size());
    corpus.texts.push_back(std::move(record.text));
  }
  return corpus;
}

Corpus SyntheticCorpus() {
  Corpus corpus;
  SyntheticNoteGenerator generator(SyntheticOptions{});
  for (int i = 0; i < 5000; ++i) {
    corpus.texts.push_back(generator.Next().text);
    corpus.bytes += static_cast<int64_t>(corpus.texts.back().size());
  }
  return corpus;
}

const Corpus& GetCorpus(int which) {
  static const Corpus fortunes = LoadCorpus(std::string(LEAKGATE_CORPORA_DIR) + "/fortunes.jsonl");
  static const Corpus copyrights = LoadCorpus(std::string(LEAKGATE_CORPORA_DIR) + "/copyrights.jsonl.zst");
  static const Corpus synthetic = SyntheticCorpus();
  return which == 0 ? fortunes : which == 1 ? copyrights : synthetic;
}

const char* CorpusName(int which) { return which == 0 ? "fortunes" : which == 1 ? "copyrights" : "synthetic_notes"; }

const Scrubber& DefaultScrubber() {
  static const Scrubber scrubber{ScrubConfig{}};
  return scrubber;
}

void BM_ScrubOneCore(benchmark::State& state) {
  const Corpus& corpus = GetCorpus(static_cast<int>(state.range(0)));
  std::size_t findings = 0;
  for (auto _ : state) {
    for (const std::string& text : corpus.texts) findings += DefaultScrubber().Scrub(text).findings.size();
  }
  benchmark::DoNotOptimize(findings);
  state.SetBytesProcessed(state.iterations() * corpus.bytes);
  state.SetLabel(CorpusName(static_cast<int>(state.range(0))));
}

void BM_FindOneCore(benchmark::State& state) {
  const Corpus& corpus = GetCorpus(static_cast<int>(state.range(0)));
  std::size_t findings = 0;
  for (auto _ : state) {
    for (const std::string& text : corpus.texts) findings += DefaultScrubber().Find(text).size();
  }
  benchmark::DoNotOptimize(findings);
  state.SetBytesProcessed(state.iterations() * corpus.bytes);
  state.SetLabel(CorpusName(static_cast<int>(state.range(0))));
}

// The learned name tagger alone (also part of Find and Scrub above, which run it by default).
void BM_TagNamesOneCore(benchmark::State& state) {
  const Corpus& corpus = GetCorpus(static_cast<int>(state.range(0)));
  std::size_t names = 0;
  for (auto _ : state) {
    for (const std::string& text : corpus.texts) names += NameTagger::Shipped().Tag(text).size();
  }
  benchmark::DoNotOptimize(names);
  state.SetBytesProcessed(state.iterations() * corpus.bytes);
  state.SetLabel(CorpusName(static_cast<int>(state.range(0))));
}

void BM_ScrubAllCores(benchmark::State& state) {
  const Corpus& corpus = GetCorpus(static_cast<int>(state.range(0)));
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::size_t findings = 0;
  for (auto _ : state) {
    std::size_t next = 0;
    OrderedParallelMap<const std::string*, ScrubbedText>(
        [&](const std::string*& item) {
          if (next == corpus.texts.size()) return false;
          item = &corpus.texts[next++];
          return true;
        },
        [](const std::string* const& text) { return DefaultScrubber().Scrub(*text); },
        [&](const std::string*&&, ScrubbedText&& result) { findings += result.findings.size(); }, threads, 2048);
  }
  benchmark::DoNotOptimize(findings);
  state.SetBytesProcessed(state.iterations() * corpus.bytes);
  state.SetLabel(std::string(CorpusName(static_cast<int>(state.range(0)))) + ", " + std::to_string(threads) +
                 " threads");
}

// The adversarial floor: one line of a megabyte of each adversarial kind (issue 17 asks for at least 5 MB/s).
void BM_ScrubAdversarialOneCore(benchmark::State& state) {
  static const std::vector<AdversarialLine> lines = AdversarialLines(std::size_t{1} << 20);
  const AdversarialLine& line = lines.at(static_cast<std::size_t>(state.range(0)));
  std::size_t findings = 0;
  for (auto _ : state) findings += DefaultScrubber().Scrub(line.text).findings.size();
  benchmark::DoNotOptimize(findings);
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(line.text.size()));
  state.SetLabel(line.name);
}

// One core: rates from this thread's CPU time, so a busy machine does not distort them; all cores: wall time.
BENCHMARK(BM_ScrubOneCore)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FindOneCore)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TagNamesOneCore)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ScrubAllCores)->DenseRange(0, 2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ScrubAdversarialOneCore)
    ->DenseRange(0, static_cast<int64_t>(AdversarialLines(0).size()) - 1)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace leakgate::scrub

// Freed memory stays in the process, as in every `leakgate` command: otherwise a megabyte line's buffers are
// returned to the kernel after each pass and page-faulted back in on the next (8,000 faults a pass on this VM).
int main(int argc, char** argv) {
  leakgate::common::RetainFreedMemory();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
