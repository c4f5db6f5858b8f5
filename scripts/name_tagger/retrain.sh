#!/usr/bin/env bash
# Retrains the shipped name tagger (scrub/models/name_tagger.lgnt) from its generator and the hand-written tuning
# sets, bit-reproducibly.
#   retrain.sh                   writes the model in place and prints its SHA-256
#   retrain.sh --check           retrains into a temporary file and fails unless it equals the shipped one
#   retrain.sh --cross-validate  trains on the generator and one half of the hand-written sets and scores NAME on the
#                                other half, both ways, beside a model of the generator alone. This is the honest
#                                figure for a change: the shipped model has seen every tuning set.
# Needs build/leakgate (make build) and the Debian packages below, which it installs when missing. `make test` never
# runs this: the weights are shipped.
set -euo pipefail
cd "$(dirname "$0")/../.."

# The hand-written sets the tagger learns from, in two halves for cross-validation (tests/data/scrub/README.md says who
# wrote each). Every *_heldout set stays out: those measure the shipped model.
half_a=(names_independent names_second_tuning phones_dates_tuning phones_dates_tuning_english phones_dates_fifth_tuning
        phones_dates_sixth_tuning names_sixth_tuning)
half_b=(names_third_tuning names_fourth_tuning phones_dates_third_tuning phones_dates_fourth_tuning
        phones_dates_fifth_tuning_clinical names_fifth_tuning names_seventh_tuning)
# Tuning sets the model does not learn from yet. Trained on (names_eighth_tuning in half A,
# phones_dates_seventh_tuning in half B), they moved cross-validation by under 0.01, left the fresh held-out set
# names_seventh_heldout where it was (NAME 0.850 / 0.931 -> 0.843 / 0.923) and changed two tested choices of the
# model ("Sprechstunde Mo–Fr", "von Anna Freitag"): docs/BENCHMARKS.md, issue 17, nineteenth session. On
# names_ninth_tuning, written later in other genres and never learnt from, such a model scored no better than the
# shipped one (NAME precision / recall 0.798 / 0.854 -> 0.793 / 0.849; twentieth session).
# phones_dates_ninth_tuning (twenty-first session) was written for phone and date patterns and is set aside with them;
# names_tenth_tuning (twenty-second session) is set aside until a model is shown to learn from it.
not_learnt=(names_eighth_tuning phones_dates_seventh_tuning names_ninth_tuning phones_dates_eighth_tuning
            phones_dates_ninth_tuning names_tenth_tuning)
# Each hand-written record is visited this many times per epoch, against 60,000 generated ones.
repeats=12
# Every tuning set is in one half or set aside above, and no held-out set is in either half.
listed=" ${half_a[*]} ${half_b[*]} "
for file in tests/data/scrub/names_independent.jsonl tests/data/scrub/*_tuning*.jsonl; do
  set=$(basename "$file" .jsonl)
  [[ "$listed ${not_learnt[*]} " == *" $set "* ]] ||
    { echo "retrain: $set is a tuning set in neither half" >&2; exit 2; }
done
[[ "$listed" != *heldout* ]] || { echo "retrain: a held-out set is listed for training" >&2; exit 2; }
duplicated=$(printf '%s\n' "${half_a[@]}" "${half_b[@]}" | sort | uniq -d)
[[ -z "$duplicated" ]] || { echo "retrain: $duplicated is in both halves" >&2; exit 2; }

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
  --records 60000 --seed 17 --word-lists-out "$work/word_lists.tsv" > "$work/generated.jsonl"

# train OUT SET... : the generated records, then each named hand-written set `repeats` times.
train() {
  local out=$1 set i; shift
  cp "$work/generated.jsonl" "$work/train.jsonl"
  for ((i = 0; i < repeats; ++i)); do
    for set in "$@"; do cat "tests/data/scrub/$set.jsonl" >> "$work/train.jsonl"; done
  done
  build/leakgate scrub train-names --data "$work/train.jsonl" --word-lists "$work/word_lists.tsv" \
    --epochs 6 --seed 17 --hash-bits 18 --out "$out"
}

# score MODEL SET... : NAME precision and recall (overlap) pooled over the sets.
score() {
  local model=$1; shift
  local set
  for set in "$@"; do
    build/leakgate scrub eval --json --name-model "$model" --input "tests/data/scrub/$set.jsonl"
  done | /usr/bin/python3 -c '
import json, sys
decoder, text, pos = json.JSONDecoder(), sys.stdin.read(), 0
found = correct = support = recalled = 0
while text[pos:].strip():
    pos += len(text[pos:]) - len(text[pos:].lstrip())
    result, pos = decoder.raw_decode(text, pos)
    name = result["per_type"].get("NAME", {"predicted": 0, "precision": 1, "support": 0, "recall": 1})
    found += name["predicted"]; correct += name["precision"] * name["predicted"]
    support += name["support"]; recalled += name["recall"] * name["support"]
print(f"NAME P {correct / max(found, 1):.3f} R {recalled / max(support, 1):.3f} ({support:.0f} names)")'
}

shipped=scrub/models/name_tagger.lgnt
case "${1:-}" in
  --cross-validate)
    train "$work/generated_only.lgnt"
    train "$work/half_a.lgnt" "${half_a[@]}"
    train "$work/half_b.lgnt" "${half_b[@]}"
    echo "retrain: scored on half B: generator alone $(score "$work/generated_only.lgnt" "${half_b[@]}"); with half A" \
         "$(score "$work/half_a.lgnt" "${half_b[@]}")"
    echo "retrain: scored on half A: generator alone $(score "$work/generated_only.lgnt" "${half_a[@]}"); with half B" \
         "$(score "$work/half_b.lgnt" "${half_a[@]}")"
    ;;
  --check)
    train "$work/name_tagger.lgnt" "${half_a[@]}" "${half_b[@]}"
    if cmp -s "$work/name_tagger.lgnt" "$shipped"; then
      echo "retrain: the retrained model is byte-identical to $shipped"
    else
      echo "retrain: the retrained model differs from $shipped ($(sha256sum < "$work/name_tagger.lgnt" | cut -c1-16)" \
           "against $(sha256sum < "$shipped" | cut -c1-16))" >&2
      exit 1
    fi
    ;;
  "")
    train "$shipped" "${half_a[@]}" "${half_b[@]}"
    echo "retrain: wrote $shipped, sha256 $(sha256sum < "$shipped" | cut -d' ' -f1); rebuild to compile it in"
    ;;
  *) echo "usage: $0 [--check | --cross-validate]" >&2; exit 2 ;;
esac
