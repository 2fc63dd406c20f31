#!/usr/bin/env python3
"""Keyword ranking judged by people (issue 15): runs, judging pools, nDCG@10.

A *run* is one system's top 10 for each query of `queries.tsv`, written as
`runs/NAME.tsv` (qid, rank, key, doc_id, words). A passage's *key* is a hash of its
article id and its text (whitespace folded), so the same passage returned by two systems,
whatever their passage ids, is judged once. `judgments.tsv` holds the grades (qid, key,
grade 0/1/2, doc_id); the passage texts are not stored here (they are the corpus's).

    keyword.py engine NAME BIN INDEX [--ranking SPEC]   run of `search query` (this engine)
    keyword.py peers PEER_OUT TXT_DIR                   runs of ../shared/peers (run_all.sh output)
    keyword.py pool OUT_DIR RUN...                      unjudged passages of these runs, for judges,
                                                        one file per query, in key order (blind)
    keyword.py score [RUN...]                           nDCG@10, judged share, short hits per run

Peers get the query without its `date:`/`source:` filters (they have none) and read it
with their own parser (`AND`, `OR`, `-` where they understand them).
"""
import hashlib
import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
RUNS = HERE / "runs"
JUDGMENTS = HERE / "judgments.tsv"
# A passage shorter than this many words is a heading, caption or one-liner (issue 15).
SHORT = 8


def queries():
    out = []
    for line in open(HERE / "queries.tsv", encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        qid, kind, query, need = line.rstrip("\n").split("\t")
        out.append({"qid": qid, "kind": kind, "query": query, "need": need})
    return out


def peer_query(q):
    return re.sub(r" ?(date|source):\S+", "", q).strip()


def norm(text):
    return " ".join(text.split())


def key(doc_id, text):
    return hashlib.sha1(f"{doc_id}\0{norm(text)}".encode()).hexdigest()[:12]


def write_run(name, rows, texts=None):
    RUNS.mkdir(exist_ok=True)
    with open(RUNS / f"{name}.tsv", "w", encoding="utf-8") as f:
        for qid, rank, doc_id, text in rows:
            f.write(f"{qid}\t{rank}\t{key(doc_id, text)}\t{doc_id}\t{len(text.split())}\n")
    # The texts stay outside the repository, for the pool.
    cache = Path(os.environ.get("KEYWORD_TEXTS", "/tmp/keyword-texts"))
    cache.mkdir(exist_ok=True)
    with open(cache / f"{name}.jsonl", "w", encoding="utf-8") as f:
        for qid, rank, doc_id, text in rows:
            f.write(json.dumps({"qid": qid, "key": key(doc_id, text), "doc_id": doc_id,
                                "text": text, "title": (texts or {}).get(doc_id, ("", ""))[0],
                                "date": (texts or {}).get(doc_id, ("", ""))[1]},
                               ensure_ascii=False) + "\n")


def engine(name, bin_, index, ranking=None):
    rows = []
    meta = {}
    for q in queries():
        cmd = [bin_, "query", q["query"], "--index", index, "--limit", "10", "--format", "json"]
        if ranking:
            cmd += ["--ranking", ranking]
        p = subprocess.run(cmd, capture_output=True, text=True)
        hits = [json.loads(l) for l in p.stdout.splitlines() if l.startswith("{")]
        hits = [h for h in hits if "rank" in h and "text" in h]
        for h in hits:
            rows.append((q["qid"], h["rank"], h["doc_id"], h["text"]))
            meta[h["doc_id"]] = (h.get("title") or "", h.get("date") or "")
    write_run(name, rows, meta)
    print(f"{name}: {len(rows)} hits")


def peers(out_dir, txt_dir):
    qs = queries()
    by_text = {peer_query(q["query"]): q["qid"] for q in qs}
    for f in sorted(Path(out_dir).glob("*.query.jsonl")):
        peer = f.name[: -len(".query.jsonl")]
        rows, meta = [], {}
        for line in open(f, encoding="utf-8"):
            r = json.loads(line)
            if r.get("summary"):
                continue
            qid = by_text.get(r["query"])
            if qid is None:
                continue
            for rank, h in enumerate(r["hits"], 1):
                stem, para = h["id"].rsplit("#", 1)
                lines = (Path(txt_dir) / f"{stem}.txt").read_text(encoding="utf-8").split("\n")
                rows.append((qid, rank, stem, lines[int(para)]))
                meta[stem] = (lines[0], "")
        write_run(f"peer-{peer}", rows, meta)
        print(f"peer-{peer}: {len(rows)} hits")


def judged():
    grades = {}
    if JUDGMENTS.exists():
        for line in open(JUDGMENTS, encoding="utf-8"):
            if line.startswith("#") or not line.strip():
                continue
            qid, k, g = line.split("\t")[:3]
            grades[(qid, k)] = int(g)
    return grades


def pool(out_dir, names):
    cache = Path(os.environ.get("KEYWORD_TEXTS", "/tmp/keyword-texts"))
    grades = judged()
    items = {}
    for name in names:
        for line in open(cache / f"{name}.jsonl", encoding="utf-8"):
            r = json.loads(line)
            if (r["qid"], r["key"]) in grades:
                continue
            old = items.get((r["qid"], r["key"]))
            if old is None or (not old["title"] and r["title"]):
                items[(r["qid"], r["key"])] = r
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    total = 0
    for q in queries():
        mine = sorted((r for (qid, _), r in items.items() if qid == q["qid"]), key=lambda r: r["key"])
        if not mine:
            continue
        total += len(mine)
        with open(Path(out_dir) / f"{q['qid']}.txt", "w", encoding="utf-8") as f:
            f.write(f"QUERY {q['qid']}: {q['query']}\nNEED: {q['need']}\n\n")
            for r in mine:
                f.write(f"=== {r['key']}  [{r['doc_id']}] {r['title']} {r['date']}\n{r['text']}\n\n")
    print(f"{total} passages to judge in {out_dir}")


def ndcg(keys, grades, qid, ideal):
    dcg = sum((2 ** grades.get((qid, k), 0) - 1) / math.log2(i + 2) for i, k in enumerate(keys[:10]))
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal[:10]))
    return dcg / idcg if idcg > 0 else 0.0


def score(names):
    grades = judged()
    qs = queries()
    ideal = {q["qid"]: sorted((g for (qid, _), g in grades.items() if qid == q["qid"]), reverse=True) for q in qs}
    names = names or sorted(p.stem for p in RUNS.glob("*.tsv"))
    no_filter = {q["qid"] for q in qs if q["kind"] not in ("filter",)}
    odd = {q["qid"] for q in qs if int(q["qid"][1:]) % 2 == 1}
    print("| system | nDCG@10 | odd queries | even queries | without filter queries | hits | judged "
          "| under 8 words | 0-graded in top 10 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name in names:
        run = {}
        words = {}
        for line in open(RUNS / f"{name}.tsv", encoding="utf-8"):
            qid, rank, k, _doc, n = line.rstrip("\n").split("\t")
            run.setdefault(qid, []).append((int(rank), k))
            words[(qid, k)] = int(n)
        per = {}
        for q in qs:
            keys = [k for _, k in sorted(run.get(q["qid"], []))]
            per[q["qid"]] = (ndcg(keys, grades, q["qid"], ideal[q["qid"]]), keys)
        hits = sum(len(k) for _, k in per.values())
        judged_n = sum(1 for qid, (_, ks) in per.items() for k in ks if (qid, k) in grades)
        short = sum(1 for qid, (_, ks) in per.items() for k in ks if words[(qid, k)] < SHORT)
        zero = sum(1 for qid, (_, ks) in per.items() for k in ks if grades.get((qid, k)) == 0)
        mean = sum(v for v, _ in per.values()) / len(qs)
        mean_nf = sum(per[q][0] for q in no_filter) / len(no_filter)
        half = lambda ids: sum(per[q][0] for q in ids) / len(ids)
        even = set(per) - odd
        print(f"| {name} | {mean:.4f} | {half(odd):.4f} | {half(even):.4f} | {mean_nf:.4f} | {hits} | "
              f"{judged_n / max(hits, 1):.1%} | "
              f"{short / max(hits, 1):.1%} | {zero} |")


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    cmd = argv[1]
    if cmd == "engine":
        ranking = None
        if "--ranking" in argv:
            i = argv.index("--ranking")
            ranking = argv[i + 1]
            argv = argv[:i] + argv[i + 2:]
        engine(argv[2], argv[3], argv[4], ranking)
    elif cmd == "peers":
        peers(argv[2], argv[3])
    elif cmd == "pool":
        pool(argv[2], argv[3:])
    elif cmd == "score":
        score(argv[2:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
