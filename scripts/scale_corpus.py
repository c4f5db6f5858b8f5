#!/usr/bin/env python3
"""Generates a large JSONL corpus with known duplicates, for the corpus-scale dedup benchmark (Python standard library).

Pieces: the fortunes, and the distinct blank-line-separated paragraphs of the copyright files (../shared/corpora).
Each document is a run of pieces drawn at random (about 5 kB of text on average). Among the documents, about 5% are
exact copies of an earlier one (with its words' spacing changed, which deduplication ignores) and about 10% near
copies of an earlier one (one word in 100 suffixed with a digit: estimated Jaccard ~0.9 on 5-word shingles). The rest
share only the odd piece, far below any duplicate threshold. Everything follows from --seed; writes JSONL to stdout.

    scripts/scale_corpus.py --documents 1000000 > /tmp/scale.jsonl        # ~5 GB, about 4 minutes
"""
import argparse
import json
import random
import sys

from grow_corpus import records

SHARED = __file__.rsplit("/", 2)[0] + "/../shared/corpora"


def pieces(shared):
    pool = [record["text"] for record in records(shared + "/fortunes.jsonl")]
    for text in (record["text"] for record in records(shared + "/copyrights.jsonl.zst")):
        pool += [paragraph for paragraph in text.split("\n\n") if paragraph.strip()]
    return sorted(set(pool))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1_000_000)
    parser.add_argument("--mean-bytes", type=int, default=5000, help="mean text length of a document")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--shared", default=SHARED, help="the shared corpora folder")
    args = parser.parse_args()
    pool = pieces(args.shared)
    mean_piece = sum(len(piece) for piece in pool) / len(pool)
    per_document = max(1, round(args.mean_bytes / (mean_piece + 1)))
    generator = random.Random(args.seed)
    kept = []  # earlier documents that later ones may copy: a bounded reservoir
    out = sys.stdout
    for i in range(args.documents):
        draw = generator.random()
        if kept and draw < 0.05:
            text = "  ".join(generator.choice(kept).split(" "))
        elif kept and draw < 0.15:
            words = generator.choice(kept).split(" ")
            for _ in range(max(1, len(words) // 100)):
                at = generator.randrange(len(words))
                words[at] += str(generator.randrange(10))
            text = " ".join(words)
        else:
            count = generator.randint(max(1, per_document // 4), per_document * 7 // 4)
            text = "\n".join(generator.choices(pool, k=count))
            if len(kept) < 10_000:
                kept.append(text)
            else:
                kept[generator.randrange(len(kept))] = text
        out.write(json.dumps({"id": f"doc-{i}", "text": text}) + "\n")


if __name__ == "__main__":
    main()
