#!/usr/bin/env bash
# Retrains the shipped name tagger (scrub/models/name_tagger.lgnt) from its generator, and rebuilds the ordinary-word
# automaton its veto reads (scrub/models/ordinary_words.lgow), bit-reproducibly.
#   scripts/name_tagger/retrain.sh           writes both in place and prints their SHA-256
#   scripts/name_tagger/retrain.sh --check   builds both into temporary files, fails unless they equal the shipped ones
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
shipped_words=scrub/models/ordinary_words.lgow
out_words=$shipped_words
if [[ "${1:-}" == "--check" ]]; then out_words=$work/ordinary_words.lgow; fi
/usr/bin/python3 scripts/name_tagger/build_ordinary_words.py --out "$out_words"
status=0
for pair in "$out:$shipped" "$out_words:$shipped_words"; do
  built=${pair%%:*} shipped_file=${pair#*:}
  if [[ "${1:-}" == "--check" ]]; then
    if cmp -s "$built" "$shipped_file"; then
      echo "retrain: the rebuilt $(basename "$shipped_file") is byte-identical to $shipped_file"
    else
      echo "retrain: the rebuilt $(basename "$shipped_file") differs from $shipped_file" \
           "($(sha256sum < "$built" | cut -c1-16) against $(sha256sum < "$shipped_file" | cut -c1-16))" >&2
      status=1
    fi
  else
    echo "retrain: wrote $shipped_file, sha256 $(sha256sum < "$shipped_file" | cut -d' ' -f1); rebuild to compile it in"
  fi
done
exit $status
