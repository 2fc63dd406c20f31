#!/usr/bin/env python3
"""For every word of the 71 bench queries typed as a variant (`mot~`): does the first hit mark
the word as typed (case ignored), whenever the index holds that form?  (issue 14)

usage: eval/variants_first.py SEARCH_BIN INDEX [QUERY_FILES...]"""
import json, re, subprocess, sys, unicodedata

def fold(w):
    return "".join(c for c in unicodedata.normalize("NFD", w.lower()) if unicodedata.category(c) != "Mn")

bin_, idx = sys.argv[1:3]
files = sys.argv[3:] or ["../shared/peers/news-queries.txt", "bench/queries.txt"]
words = []
for f in files:
    for line in open(f, encoding="utf-8"):
        if line.lstrip().startswith("#"):
            continue
        for w in re.findall(r"[^\W\d_][\w'’-]*", line):
            w = w.split("'")[-1].split("’")[-1]
            if len(w) >= 4 and w not in ("AND", "OR", "NOT") and "-" not in w and w not in words:
                words.append(w)
first = held = folded = 0
missed = []
for w in words:
    def run(*args):
        p = subprocess.run([bin_, *args, "--index", idx], capture_output=True, text=True)
        return [json.loads(l) for l in p.stdout.splitlines() if l.startswith("{")]
    c = run("count", "=" + w, "--format", "json")
    if not c or c[0]["occurrences"] == 0:
        continue
    held += 1
    hits = [h for h in run("query", w + "~", "--limit", "1", "--format", "json") if h.get("type") == "hit"]
    marked = [hits[0]["text"].encode()[h["start"]:h["end"]].decode().lower() for h in hits[0]["highlights"]] if hits else []
    if w.lower() in marked:
        first += 1
    elif fold(w) in {fold(m) for m in marked}:
        folded += 1
        missed.append(f"{w}: {marked[:3]} (the same word, another accent)")
    else:
        missed.append(f"{w}: {marked[:3]}")
print(f"{first} of {held} words held by the index rank a passage with the typed form first, "
      f"{folded} more the same word with other accents ({len(words)} words in the queries)")
for m in missed:
    print("  not first:", m)
