#!/usr/bin/env python3
"""Turns handwritten.txt (id<TAB>text with [[TYPE|value]] marks and \\n for newlines) into labeled JSONL."""
import json
import re
import sys

MARK = re.compile(r"\[\[([A-Z_]+)\|(.*?)\]\]", re.DOTALL)

for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    if not line:
        continue
    record_id, marked = line.split("\t", 1)
    marked = marked.replace("\\n", "\n")
    text, spans, cursor = b"", [], 0
    for match in MARK.finditer(marked):
        text += marked[cursor:match.start()].encode("utf-8")
        value = match.group(2).encode("utf-8")
        spans.append({"start": len(text), "end": len(text) + len(value), "type": match.group(1)})
        text += value
        cursor = match.end()
    text += marked[cursor:].encode("utf-8")
    print(json.dumps({"id": record_id, "text": text.decode("utf-8"), "spans": spans}, ensure_ascii=False))
