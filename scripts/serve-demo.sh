#!/usr/bin/env bash
# `make serve-demo`: train the classifier demo (configs/demo-classifier.yaml) if needed, make one API key per tier of
# configs/serving/serve.yaml, print a curl command per tier, and serve the model until Ctrl-C.
set -euo pipefail
leakgate=${1:?usage: serve-demo.sh LEAKGATE_BINARY RUN_DIR}
run_dir=${2:?usage: serve-demo.sh LEAKGATE_BINARY RUN_DIR}
corpus=runs/demo-corpus/patient-notes-v2.jsonl.zst
serve_dir=$run_dir/serve
if [[ ! -f "$corpus" ]]; then
  "$leakgate" synth --out "$corpus" --records 3000 --seed 7
fi
# Stages whose inputs are unchanged are skipped; exit 1 (the gate's verdict) does not stop the demo server.
"$leakgate" run configs/demo-classifier.yaml --out "$run_dir" --stages hygiene,split,train

mkdir -p "$serve_dir"
sed -e 's/^keys: .*/keys: keys.json/' -e 's/^request_log: .*/request_log: requests.jsonl/' configs/serving/serve.yaml \
  >"$serve_dir/serve.yaml"
rm -f "$serve_dir/keys.json"
export LEAKGATE_SERVE_SECRET=${LEAKGATE_SERVE_SECRET:-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d " \n")}
port=$(sed -n 's/^port: *\([0-9]*\).*/\1/p' "$serve_dir/serve.yaml")
echo
for tier in public partner; do
  key=$("$leakgate" -q serve-keys add --keys "$serve_dir/keys.json" --id "demo-$tier" --tier "$tier")
  echo "Tier $tier:"
  echo "  curl -s -H 'Authorization: Bearer $key' -d '{\"texts\": [\"Patient called about a prescription refill.\"]}' http://127.0.0.1:$port/v1/classify"
done
echo "Request log: $serve_dir/requests.jsonl   Metrics: curl -s http://127.0.0.1:$port/metrics"
echo "Red team (in another shell): $leakgate redteam $run_dir --config $serve_dir/serve.yaml --tier public"
echo
exec "$leakgate" serve "$run_dir" --config "$serve_dir/serve.yaml"
