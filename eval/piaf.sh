#!/usr/bin/env bash
# Ranking quality on PIAF, on two fixed halves of the questions (see EVALUATION.md).
#
#   eval/piaf.sh engine [TAG [-- SEARCH ARGS...]]   this engine, release build, both halves
#   eval/piaf.sh peers [PEER...]                    the peers (default: all that run here)
#   eval/piaf.sh table                              a markdown table of every run so far
#
# Environment: SHARED (default ../shared beside the repo), WORK (default /tmp/search-eval),
# HALVES (default "a b"), PY (the peers' python, default /tmp/peers/venv/bin/python).
# The peers must be installed first: bash $SHARED/peers/install.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SHARED=${SHARED:-$ROOT/../shared}
WORK=${WORK:-/tmp/search-eval}
HALVES=${HALVES:-a b}
RETRIEVAL=$SHARED/eval/retrieval.py
PASSAGES=$SHARED/eval/piaf/passages.jsonl
[ -f "$RETRIEVAL" ] || { echo "piaf.sh: $RETRIEVAL not found (set SHARED)" >&2; exit 2; }
mkdir -p "$WORK"
python3 "$ROOT/eval/split.py" "$SHARED/eval/piaf/qrels.jsonl" "$WORK/halves"

run() { # half engine tag [retrieval args...]
    local half=$1 engine=$2 tag=$3
    shift 3
    python3 "$RETRIEVAL" --passages "$PASSAGES" --qrels "$WORK/halves/piaf-$half/qrels.jsonl" \
        --set "piaf-$half" --engine "$engine" --work "$WORK/$engine" ${tag:+--tag "$tag"} "$@" |
        tail -n 1
}

case "${1:-}" in
engine)
    tag=${2:-default}
    shift $(( $# >= 2 ? 2 : 1 ))
    [ "${1:-}" = "--" ] && shift
    cargo build --release --quiet
    bin=$ROOT/target/release/search
    # The index is rebuilt for each tag (a variant may change indexing); the halves share it.
    rm -rf "$WORK/command/state"
    # --per-article 1 and no passage field: a hit is the PIAF paragraph (one file) whose best
    # passage matched; long paragraphs are cut into several passages by the engine.
    batch="{bin} query --any --per-article 1 $* --index {index} --format json --limit {k} --queries-file {queries_file}"
    for h in $HALVES; do
        run "$h" command "$tag" --reuse-index --cmd-bin "$bin" --cmd-batch "$batch" \
            --cmd-passage-field none
    done
    ;;
peers)
    shift
    peers=${*:-lucene bm25s tantivy-py-fr sqlite-fts5 xapian tantivy-py postgres}
    for p in $peers; do
        rm -rf "$WORK/$p/state"
        for h in $HALVES; do
            run "$h" "$p" "" --reuse-index
        done
    done
    ;;
table)
    python3 "$RETRIEVAL" --table $(ls "$WORK"/*/results/*.summary.json | sort)
    ;;
*)
    sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
