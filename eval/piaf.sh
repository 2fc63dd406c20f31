#!/usr/bin/env bash
# Ranking quality on PIAF, on two fixed halves of the questions (see EVALUATION.md).
#
#   eval/piaf.sh engine          this engine (release build, default ranking), both halves
#   eval/piaf.sh ablations       the engine with each ranking change undone, both halves
#   eval/piaf.sh variant TAG SPEC one ranking variant (search query --ranking SPEC)
#   eval/piaf.sh distractors     half b with OrangeSum's articles added: default, core, Lucene
#   eval/piaf.sh latency         time per question, core ranking vs default, three runs each
#   eval/piaf.sh peers [PEER...] the peers (default: all of them; ripgrep and postgres are slow)
#   eval/piaf.sh table           a markdown table of every run so far
#
# Environment: SHARED (default ../shared beside the repo), WORK (default /tmp/search-eval),
# HALVES (default "a b"), BIN (a binary to measure instead of building this checkout), PY (the peers' python, default /tmp/peers/venv/bin/python).
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

# One engine run on every half: engine TAG JUDGE [SEARCH ARGS...]; JUDGE is "paragraph"
# (--per-article 1, a hit is the PIAF paragraph whose best passage matched: the engine cuts
# paragraphs of more than 120 words into several passages) or "strict" (only the first passage
# of the paragraph counts, as the harness does by default).
engine() {
    local tag=$1 judge=$2
    shift 2
    local bin=${BIN:-$ROOT/target/release/search} batch
    if [ "$judge" = paragraph ]; then
        batch="{bin} query --any --per-article 1 $* --index {index} --format json --limit {k} --queries-file {queries_file}"
        set -- --cmd-passage-field none
    else
        batch="{bin} query --any $* --index {index} --format json --limit {k} --queries-file {queries_file}"
        set --
    fi
    for h in $HALVES; do
        run "$h" command "$tag" --reuse-index --cmd-bin "$bin" --cmd-batch "$batch" "$@"
    done
}

build() {
    # BIN=path measures that binary instead of building this checkout (a before/after pair).
    [ -n "${BIN:-}" ] || cargo build --release --quiet "$@"
    # A fresh index for this build; every variant below only changes the queries.
    rm -rf "$WORK/command/state"
}

case "${1:-}" in
engine)
    build
    engine default paragraph
    ;;
ablations)
    # The rows of EVALUATION.md whose switch was deleted once rejected (focus_names,
    # function_max_df, bm25f, max_df, far, skip, plain_exact, compounds, any_order) are gone.
    build
    engine default paragraph
    engine strict strict
    engine core paragraph --ranking bm25=0,function_words=1,proximity=0,respell=0,inverted=0,best_stem=0,names=1,numbers=1,focus=1
    engine main-before paragraph --ranking bm25=0,inverted=0,best_stem=0,names=1,numbers=1,focus=1
    engine rank2 paragraph --ranking bm25=0,names=1.3,numbers=1,focus=1
    engine rank3 paragraph --ranking focus=1,delta=0
    engine no-focus paragraph --ranking focus=1
    engine focus-after-quel-only paragraph --ranking focus_after=1
    engine focus-after-qui-que-anywhere paragraph --ranking focus_after=3
    engine focus-after-ou-opening paragraph --ranking focus_after=5
    engine focus-next-word-only paragraph --ranking focus_skip=0
    engine no-bm25-plus paragraph --ranking delta=0
    engine tantivy-bm25 paragraph --ranking bm25=0
    engine k1-1.2-b-0.75 paragraph --ranking k1=1.2,b=0.75
    engine k1-0.9-b-0.4 paragraph --ranking k1=0.9,b=0.4
    engine function-words-left-out paragraph --ranking function_weight=0
    engine function-words-1 paragraph --ranking function_weight=1
    engine names-1.3 paragraph --ranking names=1.3
    engine numbers-1 paragraph --ranking numbers=1
    engine question-exact-0.6 paragraph --ranking question_exact=0.6
    engine keep-inverted-subjects paragraph --ranking inverted=0
    engine sum-of-stems paragraph --ranking best_stem=0
    engine names-1 paragraph --ranking names=1
    engine keep-function-words paragraph --ranking function_words=1
    engine keep-question-words paragraph --ranking question_words=0
    engine no-proximity paragraph --ranking proximity=0
    engine proximity-0.5 paragraph --ranking proximity=0.5
    engine no-respell paragraph --ranking respell=0
    engine exact-0 paragraph --ranking question_exact=0
    engine exact-0.3 paragraph --ranking question_exact=0.3
    engine exact-1 paragraph --ranking question_exact=1
    ;;
variant)
    build
    engine "$2" paragraph --ranking "$3"
    ;;
distractors)
    # Half b with OrangeSum's 34,029 articles added (313k passages that are never relevant):
    # this engine (default and core ranking) and Lucene.
    build
    articles=$SHARED/corpora/orangesum/articles.jsonl
    bin=$ROOT/target/release/search
    for variant in default core; do
        spec=""
        [ $variant = core ] && spec="--ranking bm25=0,function_words=1,proximity=0,respell=0,inverted=0,best_stem=0,names=1,numbers=1,focus=1"
        python3 "$RETRIEVAL" --passages "$PASSAGES" --qrels "$WORK/halves/piaf-b/qrels.jsonl" \
            --set piaf-b-distractors --distractors "$articles" --engine command \
            --work "$WORK/distractors" --reuse-index --tag $variant --cmd-bin "$bin" \
            --cmd-passage-field none \
            --cmd-batch "{bin} query --any --per-article 1 $spec --index {index} --format json --limit {k} --queries-file {queries_file}" |
            tail -n 1
    done
    python3 "$RETRIEVAL" --passages "$PASSAGES" --qrels "$WORK/halves/piaf-b/qrels.jsonl" \
        --set piaf-b-distractors --distractors "$articles" --engine lucene \
        --work "$WORK/distractors" --reuse-index | tail -n 1
    ;;
latency)
    # Mean time per question of one batch run over all questions (process start and index
    # opening included), core ranking and default ranking alternately, three times each.
    build
    bin=$ROOT/target/release/search
    "$bin" index "$WORK/command/corpus" --index "$WORK/command/state/command" >/dev/null 2>&1 ||
        { echo "piaf.sh: run 'eval/piaf.sh engine' first (it builds the corpus)" >&2; exit 2; }
    python3 -c 'import json,sys; [print(" ".join(json.loads(l)["query"].split())) for l in open(sys.argv[1])]' \
        "$SHARED/eval/piaf/qrels.jsonl" >"$WORK/questions.txt"
    n=$(wc -l <"$WORK/questions.txt")
    for i in 1 2 3; do
        for variant in core default; do
            spec=""
            [ $variant = core ] && spec="--ranking bm25=0,function_words=1,proximity=0,respell=0,inverted=0,best_stem=0,names=1,numbers=1,focus=1"
            t0=$(date +%s%N)
            "$bin" query --any --per-article 1 $spec --index "$WORK/command/state/command" \
                --format json --limit 10 --queries-file "$WORK/questions.txt" >/dev/null
            t1=$(date +%s%N)
            echo "$variant run $i: $(( (t1 - t0) / n / 1000 )) µs per question ($n questions)"
        done
    done
    ;;
peers)
    shift
    peers=${*:-lucene bm25s tantivy-py-fr sqlite-fts5 xapian tantivy-py ripgrep postgres}
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
    sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
