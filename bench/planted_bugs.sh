#!/usr/bin/env bash
# The planted-bug and false-alarm matrix of issue 15: the demo pipeline once per planted DP-SGD bug (test-only
# LEAKGATE_TEST_PLANT_DP_BUG) and several honest runs at each epsilon; one line per run with the gate's verdict,
# whether it reports a DP implementation failure, the white-box bounds and the wall time.
# Usage: bench/planted_bugs.sh LEAKGATE WORK_DIR HONEST_RUNS_PER_EPSILON [BUG...]
set -euo pipefail
leakgate=${1:?usage: planted_bugs.sh LEAKGATE WORK_DIR HONEST_RUNS_PER_EPSILON [BUG...]}
work=${2:?work directory}
honest=${3:?honest runs per epsilon}
shift 3
bugs=("$@")
if ((${#bugs[@]} == 0)); then
  bugs=(no_noise no_clipping batch_clipping noise_over_batch_twice shuffled_sampler)
fi
corpus=runs/demo-corpus/patient-notes-v2.jsonl.zst
[[ -f "$corpus" ]] || "$leakgate" synth --out "$corpus" --records 3000 --seed 7
mkdir -p "$work"

# One pipeline run in a directory of its own (its own dataset ledger), summarised from gate.json and audit.json.
run_one() {
  local label=$1 bug=$2 epsilon=$3
  local dir="$work/$label"
  rm -rf "$dir" && mkdir -p "$dir"
  sed "s/target_epsilon: 8.0/target_epsilon: $epsilon/" configs/demo.yaml > "$dir/config.yaml"
  local start end status=0
  start=$(date +%s.%N)
  LEAKGATE_TEST_PLANT_DP_BUG=$bug "$leakgate" run "$dir/config.yaml" --out "$dir/run" > "$dir/log.txt" 2>&1 || status=$?
  end=$(date +%s.%N)
  python3 - "$dir/run" "$label" "$bug" "$epsilon" "$status" "$start" "$end" <<'PY'
import json, sys
run, label, bug, epsilon, status, start, end = sys.argv[1:]
def load(name):
    try:
        with open(f"{run}/{name}") as f: return json.load(f)
    except OSError: return {}
gate, audit = load("gate.json"), load("audit.json")
checks = {c["name"]: c for c in gate.get("checks", [])}
canaries = audit.get("gradient_canaries", {})
sampling = canaries.get("sampling", {})
failed = [name for name, c in checks.items() if c["status"] in ("fail", "not_evaluated")]
print(f"{label}\tbug={bug}\teps={epsilon}\texit={status}\tverdict={gate.get('verdict')}"
      f"\tdp_failure={gate.get('dp_implementation_failure')}"
      f"\twhitebox={canaries.get('epsilon_lower_bound', float('nan')):.2f}/{canaries.get('power', float('nan')):.2f}"
      f"\tsampling_gap={sampling.get('distance', float('nan')):.4f}/{sampling.get('critical_distance', float('nan')):.4f}"
      f"\tfailed={','.join(failed) or '-'}\tseconds={float(end) - float(start):.0f}", flush=True)
PY
}

for bug in "${bugs[@]}"; do run_one "planted-$bug" "$bug" 8.0; done
for ((i = 1; i <= honest; ++i)); do
  for epsilon in 1.0 4.0 8.0; do run_one "honest-eps$epsilon-$i" none "$epsilon"; done
done
