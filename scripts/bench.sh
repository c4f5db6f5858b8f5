#!/usr/bin/env bash
# `make bench`: every Google Benchmark program, then whole-command timings: start-up of the torch-free `leakgate` and
# of `leakgate-torch` (the half with LibTorch), and `leakgate dedup run` on the real corpora (1 thread and all cores).
# Results go to bench-results/<date>/ with the machine description.
set -euo pipefail
build=${1:-build}
corpora=${LEAKGATE_CORPORA:-../shared/corpora}
[[ -d "$corpora" ]] || corpora=tests/data/corpora
out=bench-results/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$out"
{
  echo "date: $(date -u)"
  echo "cpu: $(lscpu | sed -n 's/^Model name: *//p')"
  echo "cores: $(nproc)"
  echo "memory: $(free -g | awk '/Mem:/ {print $2}') GiB"
  echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
} | tee "$out/machine.txt"

while IFS= read -r program; do
  name=$(basename "$program")
  echo "== $name"
  "$program" --benchmark_out="$out/$name.json" --benchmark_out_format=json | tee "$out/$name.txt"
done < <(find "$build/bench" -type f -executable -name 'bench_*' | sort)

# The guarded server against a bare one over loopback (docs/BENCHMARKS.md, "Serving behind the guard").
echo "== serve_load"
"$build/bench/serve/serve_load" 4 5000 6 | tee "$out/serve_load.txt"

leakgate="$build/leakgate"
# Best of 5 wall seconds of a whole command.
best_of_5() {
  local best=""
  for attempt in 1 2 3 4 5; do
    local start=$(date +%s.%N)
    "$@" > /dev/null
    local seconds=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {print b - a}')
    best=$(awk -v s="$seconds" -v b="${best:-1e99}" 'BEGIN {print (s < b) ? s : b}')
  done
  echo "$best"
}
for binary in "$leakgate" "$build/leakgate-torch"; do
  for command in "--version" "privacy epsilon --noise-multiplier 1 --sample-rate 0.01 --steps 1000 --delta 1e-5"; do
    # shellcheck disable=SC2086
    printf "start-up %-16s %-24s best of 5: %.3f s\n" "$(basename "$binary")" "${command%% *}" \
      "$(best_of_5 "$binary" --quiet $command)" | tee -a "$out/startup.txt"
  done
done
# Eight copies of copyrights, each a near duplicate of the first (scripts/grow_corpus.py): 213 MB of text, where
# fixed costs no longer hide how `dedup run` scales with threads.
grown="$out/copyrights-x8.jsonl.zst"
scripts/grow_corpus.py --copies 8 "$corpora/copyrights.jsonl.zst" | zstd -3 -q -o "$grown"
for corpus in "$corpora/fortunes.jsonl" "$corpora/copyrights.jsonl.zst" "$grown"; do
  for threads in 1 2; do
    label="$(basename "$corpus") threads=$threads"
    best=""
    for attempt in 1 2 3; do
      start=$(date +%s.%N)
      "$leakgate" --quiet dedup run --input "$corpus" --output "$out/dedup.out.jsonl.zst" --threads "$threads" \
        --stats "$out/dedup.stats.json"
      seconds=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {print b - a}')
      best=$(awk -v s="$seconds" -v b="${best:-1e99}" 'BEGIN {print (s < b) ? s : b}')
    done
    bytes=$(sed -n 's/^ *"text_bytes": *\([0-9]*\).*/\1/p' "$out/dedup.stats.json")
    awk -v label="$label" -v s="$best" -v b="$bytes" \
      'BEGIN {printf "dedup run %-32s best of 3: %.3f s, %.1f MB/s of text\n", label, s, b / 1e6 / s}' \
      | tee -a "$out/dedup_run.txt"
  done
done
rm -f "$out/dedup.out.jsonl.zst" "$out/dedup.stats.json" "$grown"

# Corpus scale, on request (LEAKGATE_BENCH_SCALE=1; about 14 GB of disk and 3 minutes): 1 million documents, 5 GB of
# text (scripts/scale_corpus.py), deduplicated by one process on 1 and 2 threads and by 2 MPI ranks; wall time and
# peak memory (GNU time), and the outputs compared.
if [[ "${LEAKGATE_BENCH_SCALE:-0}" == 1 ]]; then
  scale="$out/scale.jsonl"
  scripts/scale_corpus.py --documents 1000000 --shared "$corpora" > "$scale"
  # scale_run LABEL THREADS [LAUNCHER...]; THREADS 0: the default (all cores, shared by the ranks on a machine).
  scale_run() {
    local label=$1 threads=$2
    shift 2
    /usr/bin/time -f "dedup run 1M documents $label: %e s wall, %M KB peak" "$@" "$leakgate" --quiet dedup run \
      --input "$scale" --output "$out/scale.$label.jsonl" --clusters "$out/scale.$label.clusters" --threads "$threads" \
      2>&1 | tail -1 | tee -a "$out/scale.txt"
  }
  scale_run threads1 1
  scale_run threads2 2
  OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 scale_run mpi2 0 mpirun -np 2
  for label in threads2 mpi2; do
    cmp "$out/scale.threads1.jsonl" "$out/scale.$label.jsonl"
    cmp "$out/scale.threads1.clusters" "$out/scale.$label.clusters"
  done
  echo "identical outputs and clusters" | tee -a "$out/scale.txt"
  rm -f "$scale" "$out"/scale.*.jsonl "$out"/scale.*.clusters
fi
echo "results: $out"
