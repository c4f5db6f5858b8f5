#!/usr/bin/env python3
"""Grows a JSONL corpus for scale benchmarks by documented mutation (Python standard library and the zstd command).

Copy 0 is the input as is; every further copy k renames each record's id to "<id>-<k>" and appends the digit k to
about one word in 50 of its text (at least one), chosen by a generator seeded with --seed. Copies of one record are
therefore near duplicates of each other (estimated Jaccard ~0.9 on 5-word shingles), and the grown corpus has the
input's mix of record lengths. Reads .jsonl or .jsonl.zst; writes plain JSONL to stdout.

    scripts/grow_corpus.py --copies 8 ../shared/corpora/copyrights.jsonl.zst | zstd -3 -q -o big.jsonl.zst
"""
import argparse
import json
import random
import subprocess
import sys


def records(path):
    if path.endswith(".zst"):
        data = subprocess.run(["zstd", "-dc", path], check=True, capture_output=True).stdout
    else:
        with open(path, "rb") as file:
            data = file.read()
    for line in data.decode("utf-8").splitlines():
        if line.strip():
            yield json.loads(line)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input")
    parser.add_argument("--copies", type=int, default=8, help="copies of the input, the first unchanged")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    originals = list(records(args.input))
    generator = random.Random(args.seed)
    out = sys.stdout
    for copy in range(args.copies):
        for record in originals:
            text = record["text"]
            if copy:
                words = text.split(" ")
                for _ in range(max(1, len(words) // 50)):
                    i = generator.randrange(len(words))
                    words[i] += str(copy)
                text = " ".join(words)
            out.write(json.dumps({"id": f"{record['id']}-{copy}", "text": text}) + "\n")


if __name__ == "__main__":
    main()
