#!/usr/bin/env bash
# Benchmark `search` on OrangeSum against the peers of ../shared/peers, in one run.
#
# Usage: bench/run.sh            (from anywhere; takes ≈2–3 minutes on 2 cores, ≈2 more with SCALE=1,
#                                 plus ≈3 minutes to build in release, optimised across crates, the first time)
# Env:   SHARED      the shared folder (default: ../shared next to the repository)
#        WORK        scratch folder (default: /tmp/search-bench; indexes and peer outputs go there)
#        PEERS       peers to run (default: "tantivy-py-fr tantivy-py sqlite-fts5"; "all" for
#                    every peer of run_all.sh, "none" to skip them; rg is timed anyway, process
#                    against process, by the `search query` step)
#        PEERS_HOME  where ../shared/peers/install.sh put the peers (default: /tmp/peers)
#        REPEAT      runs per query, median kept (default 5; the peers get the same)
#        SCALE=1     also index 10% and 400% of the corpus (made in WORK, never in the repo)
#
# Prints a summary with the ratios ours/theirs and the targets of issue 7; every figure it
# prints is also in WORK/*.json* for a closer look.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=$(realpath "${SHARED:-$ROOT/../shared}")
WORK=${WORK:-/tmp/search-bench}
PEERS_HOME=${PEERS_HOME:-/tmp/peers}
REPEAT=${REPEAT:-5}
PEERS=${PEERS:-"tantivy-py-fr tantivy-py sqlite-fts5"}
[ "$PEERS" = all ] && PEERS="postgres xapian sqlite-fts5 tantivy-py tantivy-py-fr ripgrep lucene bm25s"
[ "$PEERS" = none ] && PEERS=""
CORPUS=$SHARED/corpora/orangesum/articles.jsonl
mkdir -p "$WORK"

echo "== build (release)" >&2
(cd "$ROOT" && cargo build --release --quiet --bin search --example bench)
SEARCH=$ROOT/target/release/search
BENCH=$ROOT/target/release/examples/bench

# The queries: the peers' news queries, then ours (bench/queries.txt), comments dropped.
cat "$SHARED/peers/news-queries.txt" "$ROOT/bench/queries.txt" | grep -v '^#' | grep -v '^\s*$' >"$WORK/queries.txt"
# The peers read one .txt per article (title line + paragraphs).
if [ ! -f "$WORK/orangesum-txt/.done" ]; then
  echo "== corpus as .txt files for the peers" >&2
  rm -rf "$WORK/orangesum-txt"
  python3 "$SHARED/peers/make_orangesum_txt.py" "$CORPUS" "$WORK/orangesum-txt" >&2
  touch "$WORK/orangesum-txt/.done"
fi

echo "== search: index" >&2
rm -rf "$WORK/index"
/usr/bin/time -v "$BENCH" index "$CORPUS" "$WORK/index" >"$WORK/ours.index.json" 2>"$WORK/ours.index.time"
cat "$WORK/ours.index.json" >&2
"$BENCH" space "$WORK/index" >"$WORK/ours.space.jsonl"

echo "== search: queries in-process" >&2
"$BENCH" query "$WORK/index" "$WORK/queries.txt" --repeat "$REPEAT" >"$WORK/ours.query.jsonl"
tail -1 "$WORK/ours.query.jsonl" >&2

echo "== search query processes vs rg processes" >&2
python3 "$ROOT/bench/report.py" process "$SEARCH" "$WORK" >"$WORK/process.jsonl"
tail -1 "$WORK/process.jsonl" >&2

echo "== search query --queries-file" >&2
python3 "$ROOT/bench/report.py" batch "$SEARCH" "$WORK" >"$WORK/batch.json"
cat "$WORK/batch.json" >&2

echo "== search index (CLI): full build, then a re-run with nothing changed" >&2
rm -rf "$WORK/cli-index"
t0=$(date +%s.%N); "$SEARCH" index "$CORPUS" --index "$WORK/cli-index" --quiet; t1=$(date +%s.%N)
"$SEARCH" index "$CORPUS" --index "$WORK/cli-index" --quiet; t2=$(date +%s.%N)
python3 -c "import json,sys; f,u=float(sys.argv[2])-float(sys.argv[1]),float(sys.argv[3])-float(sys.argv[2]); print(json.dumps({'full_s': round(f,2), 'unchanged_s': round(u,2), 'ratio': round(u/f,3)}))" \
  "$t0" "$t1" "$t2" >"$WORK/incremental.json"
cat "$WORK/incremental.json" >&2
rm -rf "$WORK/cli-index"

if [ -n "$PEERS" ]; then
  echo "== peers: $PEERS" >&2
  rm -rf "$WORK/peers"
  PY="$PEERS_HOME/venv/bin/python" PEERS="$PEERS" REPEAT="$REPEAT" \
    bash "$SHARED/peers/peers/run_all.sh" "$WORK/orangesum-txt" "$WORK/queries.txt" "$WORK/peers"
fi

if [ "${SCALE:-0}" = 1 ]; then
  echo "== scale: 10%, 100%, 400%" >&2
  python3 "$ROOT/bench/report.py" scale-corpora "$CORPUS" "$WORK/scale" >&2
  for s in 10 400; do
    rm -rf "$WORK/scale/index-$s"
    /usr/bin/time -v "$BENCH" index "$WORK/scale/orangesum-$s.jsonl" "$WORK/scale/index-$s" \
      >"$WORK/scale/index-$s.json" 2>"$WORK/scale/index-$s.time"
    cat "$WORK/scale/index-$s.json" >&2
    "$BENCH" query "$WORK/scale/index-$s" "$WORK/queries.txt" --repeat "$REPEAT" >"$WORK/scale/query-$s.jsonl"
    rm -rf "$WORK/scale/index-$s"
  done
fi

python3 "$ROOT/bench/report.py" summary "$WORK" $PEERS
