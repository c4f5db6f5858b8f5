#!/usr/bin/env bash
# `make demo`: generate the synthetic clinical-notes corpus, run the pipeline on it and say where the results are.
set -euo pipefail
leakgate=${1:?usage: demo.sh LEAKGATE_BINARY RUN_DIR}
run_dir=${2:?usage: demo.sh LEAKGATE_BINARY RUN_DIR}
# v2: the notes carry a per-patient clinical history, so scrubbed notes do not collapse into duplicates.
corpus=runs/demo-corpus/patient-notes-v2.jsonl.zst

if [[ ! -f "$corpus" ]]; then
  "$leakgate" synth --out "$corpus" --records 3000 --seed 7
fi
# Exit 1 is the gate's verdict, not a crash: the report says why, so say where it is before passing the code on.
status=0
"$leakgate" run configs/demo.yaml --out "$run_dir" || status=$?
if ((status > 1)); then exit "$status"; fi
echo
echo "Demo finished. Run directory: $run_dir"
for file in report.html report.md hygiene.json manifest.json; do
  if [[ -f "$run_dir/$file" ]]; then echo "  $run_dir/$file"; fi
done
if ((status == 1)); then echo "The release gate FAILED: the report says which checks and why."; fi
exit "$status"
