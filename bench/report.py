#!/usr/bin/env python3
"""Helpers of bench/run.sh: process timings, scaled corpora, and the summary with ratios.

  report.py process SEARCH WORK        one `search query` process per query vs one `rg` process
  report.py batch SEARCH WORK          `search query --queries-file` throughput
  report.py scale-corpora ARTICLES DIR 10% and 400% (new ids) of a JSON Lines corpus
  report.py summary WORK [PEER ...]    the figures and ratios, as Markdown
"""
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time


def percentile(values, p):
    v = sorted(values)
    if not v:
        return None
    k = (len(v) - 1) * p / 100.0
    lo = int(k)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def queries(work):
    with open(os.path.join(work, "queries.txt"), encoding="utf-8") as fh:
        return [l.strip() for l in fh if l.strip()]


def wall(cmd, **kw):
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
    return time.perf_counter() - t


def rg_command(q, corpus):
    """As ../shared/peers/peers/ripgrep.py: every chunk (word, or "quoted" segment) a -F literal."""
    chunks = [m.group(1) or m.group(2) for m in re.finditer(r'"([^"]*)"|(\S+)', q)]
    chunks = [c.strip() for c in chunks if c and c.strip()]
    cmd = [shutil.which("rg") or "rg", "-i", "-F", "--json", "--glob", "*.txt"]
    for c in chunks:
        cmd += ["-e", c]
    return cmd + [corpus]


def process(search, work, runs=5, rg_runs=3):
    """Per query: median wall time of `search query` (start, open, answer, print 10 hits as
    JSON) and of the rg process over the .txt corpus, run alternately."""
    index = os.path.join(work, "index")
    corpus = os.path.join(work, "orangesum-txt")
    ours_all, rg_all = [], []
    for q in queries(work):
        cmd = [search, "query", "--index", index, "--format", "json", "-n", "10", q]
        wall(cmd)  # warm the page cache
        ours = statistics.median(wall(cmd) for _ in range(runs))
        rg = statistics.median(wall(rg_command(q, corpus)) for _ in range(rg_runs))
        ours_all.append(ours)
        rg_all.append(rg)
        print(json.dumps({"query": q, "search_ms": round(ours * 1e3, 2), "rg_ms": round(rg * 1e3, 2)},
                         ensure_ascii=False))
    print(json.dumps({"summary": True, "queries": len(ours_all),
                      "search_p50_ms": round(percentile(ours_all, 50) * 1e3, 2),
                      "search_p95_ms": round(percentile(ours_all, 95) * 1e3, 2),
                      "rg_p50_ms": round(percentile(rg_all, 50) * 1e3, 2),
                      "rg_p95_ms": round(percentile(rg_all, 95) * 1e3, 2),
                      "median_ratio": round(statistics.median(o / r for o, r in zip(ours_all, rg_all)), 4)}))


def batch(search, work, runs=3):
    qs = queries(work)
    cmd = [search, "query", "--index", os.path.join(work, "index"), "--format", "json", "-n", "10",
           "--queries-file", os.path.join(work, "queries.txt")]
    wall(cmd)
    secs = statistics.median(wall(cmd) for _ in range(runs))
    print(json.dumps({"queries": len(qs), "seconds": round(secs, 3),
                      "queries_per_s": round(len(qs) / secs, 1)}))


def scale_corpora(articles, out):
    os.makedirs(out, exist_ok=True)
    with open(articles, encoding="utf-8") as fh:
        lines = fh.readlines()
    with open(os.path.join(out, "orangesum-10.jsonl"), "w", encoding="utf-8") as fh:
        fh.writelines(lines[: len(lines) // 10])
    with open(os.path.join(out, "orangesum-400.jsonl"), "w", encoding="utf-8") as fh:
        for copy in range(4):
            for line in lines:
                a = json.loads(line)
                if copy:
                    a["id"] = f"{a['id']}-copy{copy}"
                fh.write(json.dumps(a, ensure_ascii=False) + "\n")
    print(f"wrote 10% ({len(lines) // 10} articles) and 400% ({4 * len(lines)}) into {out}")


def last_json(path, pred=lambda o: True):
    found = None
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            line = line.strip()
            if line.startswith("{"):
                o = json.loads(line)
                if pred(o):
                    found = o
    return found


def peak_rss_kb(time_file):
    if os.path.exists(time_file):
        for line in open(time_file):
            if "Maximum resident set size" in line:
                return int(line.split()[-1])
    return None


def mb(n):
    return f"{n / 1e6:.1f} MB"


def summary(work, peers):
    out = []
    idx = last_json(os.path.join(work, "ours.index.json"))
    q = last_json(os.path.join(work, "ours.query.jsonl"), lambda o: o.get("bench") == "query-summary")
    proc = last_json(os.path.join(work, "process.jsonl"), lambda o: o.get("summary"))
    bat = last_json(os.path.join(work, "batch.json"))
    inc = last_json(os.path.join(work, "incremental.json"))
    rss = peak_rss_kb(os.path.join(work, "ours.index.time"))
    out.append(f"## search on OrangeSum ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
               f"{os.cpu_count()} cores)\n")
    out.append("| measure | search |")
    out.append("|---|---:|")
    if idx:
        out.append(f"| indexing | {idx['seconds']:.2f} s, {idx['mb_per_s']:.1f} MB/s of input "
                   f"({idx['articles']} articles, {idx['passages']} passages) |")
        out.append(f"| index size | {mb(idx['index_bytes'])} |")
        out.append(f"| peak RSS while indexing | {(rss or idx['peak_rss_kb']) / 1024:.0f} MiB |")
    if q:
        out.append(f"| query in-process p50 / p95 / p99 / max ({q['queries']} queries, highlights, "
                   f"JSON) | {q['p50_ms']:.3f} / {q['p95_ms']:.3f} / {q['p99_ms']:.3f} / "
                   f"{q['max_ms']:.2f} ms |")
        out.append(f"| index open (in-process) | {q['open_ms']:.2f} ms |")
    if proc:
        out.append(f"| `search query` process p50 / p95 | {proc['search_p50_ms']} / "
                   f"{proc['search_p95_ms']} ms |")
        out.append(f"| `rg` process p50 / p95 (same queries) | {proc['rg_p50_ms']} / {proc['rg_p95_ms']} ms |")
    if bat:
        out.append(f"| `--queries-file` ({bat['queries']} queries, JSON, 10 hits each) | "
                   f"{bat['seconds']} s, {bat['queries_per_s']} queries/s |")
    if inc:
        out.append(f"| `search index` full build, then re-run with nothing changed | {inc['full_s']} s, "
                   f"{inc['unchanged_s']} s ({inc['ratio'] * 100:.1f}%) |")
    out.append("")
    rows = []
    for p in peers:
        pi = last_json(os.path.join(work, "peers", f"{p}.index.json"))
        pq = last_json(os.path.join(work, "peers", f"{p}.query.jsonl"), lambda o: o.get("summary"))
        rows.append((p, pi, pq))
    if rows and idx and q:
        out.append("| peer | index s | ours/theirs | index size | ours/theirs | p50 ms | ours/theirs "
                   "| p95 ms | ours/theirs |")
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for p, pi, pq in rows:
            def ratio(a, b):
                return f"{a / b:.2f}" if a is not None and b else "-"
            isec = pi["seconds"] if pi else None
            isize = pi["index_bytes"] if pi else None
            p50 = pq["p50_ms"] if pq else None
            p95 = pq["p95_ms"] if pq else None
            out.append(f"| {p} | {isec if isec is not None else '-'} | "
                       f"{ratio(idx['seconds'], isec) if isec else '-'} | "
                       f"{mb(isize) if isize else '-'} | {ratio(idx['index_bytes'], isize) if isize else '-'} | "
                       f"{p50 if p50 is not None else '-'} | {ratio(q['p50_ms'], p50)} | "
                       f"{p95 if p95 is not None else '-'} | {ratio(q['p95_ms'], p95)} |")
        out.append("")
    # Targets of issue 7.
    tf = dict((p, (pi, pq)) for p, pi, pq in rows).get("tantivy-py-fr")
    corpus = 87_371_983
    out.append("| target | measured | met |")
    out.append("|---|---:|:--:|")
    if idx and tf and tf[0]:
        r = idx["seconds"] / tf[0]["seconds"]
        out.append(f"| indexing ≤ 0.8 × tantivy-py-fr | {r:.2f} × | {'yes' if r <= 0.8 else 'no'} |")
    if q and tf and tf[1]:
        r50, r95 = q["p50_ms"] / tf[1]["p50_ms"], q["p95_ms"] / tf[1]["p95_ms"]
        out.append(f"| query p50 ≤ tantivy-py-fr p50 | {r50:.2f} × | {'yes' if r50 <= 1 else 'no'} |")
        out.append(f"| query p95 ≤ tantivy-py-fr p95 | {r95:.2f} × | {'yes' if r95 <= 1 else 'no'} |")
    if proc:
        r = proc["median_ratio"]
        out.append(f"| `search query` process ≤ 1/15 of rg (median of per-query ratios) | 1/{1 / r:.1f} | "
                   f"{'yes' if r <= 1 / 15 else 'no'} |")
    if idx:
        r = idx["index_bytes"] / corpus
        out.append(f"| index size ≤ 1.2 × corpus (87.4 MB) | {r:.2f} × | {'yes' if r <= 1.2 else 'no'} |")
        peak = (rss or idx["peak_rss_kb"]) / 1024
        out.append(f"| peak indexing RSS ≤ 600 MB | {peak:.0f} MiB | {'yes' if peak * 1.048576 <= 600 else 'no'} |")
    out.append("")
    scale = os.path.join(work, "scale")
    if os.path.isdir(scale):
        out.append("| corpus | articles | indexing s | MB/s | index size | peak RSS | query p50 / p95 ms |")
        out.append("|---|---:|---:|---:|---:|---:|---:|")
        for s in ("10", "100", "400"):
            if s == "100":
                si, sq, srss = idx, q, rss
            else:
                si = last_json(os.path.join(scale, f"index-{s}.json"))
                sq = last_json(os.path.join(scale, f"query-{s}.jsonl"), lambda o: o.get("bench") == "query-summary")
                srss = peak_rss_kb(os.path.join(scale, f"index-{s}.time"))
            if si and sq:
                out.append(f"| {s}% | {si['articles']} | {si['seconds']:.2f} | {si['mb_per_s']:.1f} | "
                           f"{mb(si['index_bytes'])} | {(srss or si['peak_rss_kb']) / 1024:.0f} MiB | "
                           f"{sq['p50_ms']:.3f} / {sq['p95_ms']:.3f} |")
        out.append("")
    print("\n".join(out))


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "process":
        process(*args)
    elif cmd == "batch":
        batch(*args)
    elif cmd == "scale-corpora":
        scale_corpora(*args)
    elif cmd == "summary":
        summary(args[0], args[1:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
