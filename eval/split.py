#!/usr/bin/env python3
"""Splits PIAF's qrels into two fixed halves by a hash of the question id.

A question goes to half "a" (tuning) when the first byte of SHA-1(qid) is even, else to
half "b" (held out).  The rule depends on the id only, so the halves never change and a
new question lands in a half without looking at its text.

usage: split.py QRELS.jsonl OUT_DIR   ->  OUT_DIR/piaf-a/qrels.jsonl, OUT_DIR/piaf-b/qrels.jsonl
"""
import hashlib
import json
import os
import sys


def half(qid: str) -> str:
    return "a" if hashlib.sha1(qid.encode("utf-8")).digest()[0] % 2 == 0 else "b"


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[-1])
    qrels, out = sys.argv[1], sys.argv[2]
    files = {}
    counts = {"a": 0, "b": 0}
    for h in counts:
        os.makedirs(os.path.join(out, f"piaf-{h}"), exist_ok=True)
        files[h] = open(os.path.join(out, f"piaf-{h}", "qrels.jsonl"), "w", encoding="utf-8")
    with open(qrels, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            h = half(json.loads(line)["qid"])
            files[h].write(line if line.endswith("\n") else line + "\n")
            counts[h] += 1
    for f in files.values():
        f.close()
    print(f"half a: {counts['a']} questions, half b: {counts['b']} questions", file=sys.stderr)


if __name__ == "__main__":
    main()
