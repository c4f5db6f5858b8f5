#!/usr/bin/env bash
# Retrains the shipped name tagger (scrub/models/name_tagger.lgnt) from its generator, bit-reproducibly.
#   scripts/name_tagger/retrain.sh           writes the model in place and prints its SHA-256
#   scripts/name_tagger/retrain.sh --check   retrains into a temporary file and fails unless it equals the shipped one
# Needs build/leakgate (make build) and the Debian packages below, which it installs when missing. `make test` never
# runs this: the weights are shipped.
set -euo pipefail
cd "$(dirname "$0")/../.."

# The generator also reads the message catalogs of apt, bash, coreutils, diffutils, dpkg, findutils, grep, sed, tar and
# wget: all but wget are on every Debian system.
packages=(python3-fake-factory python3-unidecode python3-yaml ruby-faker php-faker wamerican wbritish wngerman wfrench
          wspanish witalian wpolish wportuguese wdutch wswedish wdanish wnorwegian wget)
missing=()
for p in "${packages[@]}"; do
  [[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" == "install ok installed" ]] || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "retrain: installing ${missing[*]}" >&2
  sudo_cmd=()
  if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 scripts/name_tagger/generate_training.py --fortunes tests/data/corpora/fortunes.jsonl \
  --records 60000 --seed 17 --word-lists-out "$work/word_lists.tsv" > "$work/train.jsonl"
shipped=scrub/models/name_tagger.lgnt
out=$shipped
if [[ "${1:-}" == "--check" ]]; then out=$work/name_tagger.lgnt; fi
build/leakgate scrub train-names --data "$work/train.jsonl" --word-lists "$work/word_lists.tsv" \
  --epochs 6 --seed 17 --hash-bits 18 --out "$out"
if [[ "${1:-}" == "--check" ]]; then
  if cmp -s "$out" "$shipped"; then
    echo "retrain: the retrained model is byte-identical to $shipped"
  else
    echo "retrain: the retrained model differs from $shipped ($(sha256sum < "$out" | cut -c1-16) against" \
         "$(sha256sum < "$shipped" | cut -c1-16))" >&2
    exit 1
  fi
else
  echo "retrain: wrote $shipped, sha256 $(sha256sum < "$shipped" | cut -d' ' -f1); rebuild to compile it in"
fi
