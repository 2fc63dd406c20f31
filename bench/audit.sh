#!/usr/bin/env bash
# What a batch of audits costs on the full OrangeSum corpus: one index open for the whole
# batch, then the matching passages it reads. Prints wall and CPU seconds.
#
#   bench/audit.sh [INDEX_DIR]     (from the repository root, with ../shared beside it)
set -euo pipefail
cd "$(dirname "$0")/.."
idx=${1:-/tmp/audit-idx}
corpus=../shared/corpora/orangesum/articles.jsonl
cargo build --release -q
bin=target/release/search
if ! "$bin" stats --index "$idx" > /dev/null 2>&1; then
    echo "== index $corpus"
    "$bin" index "$corpus" --index "$idx"
fi
absent=$(mktemp)
trap 'rm -f "$absent"' EXIT
for i in $(seq 1 100); do echo "=absent$i"; done > "$absent"
TIMEFORMAT='%R s wall, %U s user'

echo "== 100 queries that match nothing: one batch, then 100 runs"
time "$bin" count --queries-file "$absent" --index "$idx" --format csv > /dev/null || true
time (while IFS= read -r q; do "$bin" count "$q" --index "$idx" --format csv > /dev/null || true; done < "$absent")

echo "== bench/audit-queries.txt (100 common words and phrases): one batch, then 100 runs"
time "$bin" count --queries-file bench/audit-queries.txt --index "$idx" --format csv > /dev/null
time (while IFS= read -r q; do "$bin" count "$q" --index "$idx" --format csv > /dev/null || true; done < bench/audit-queries.txt)

echo "== the same batch as a concordance"
time "$bin" kwic --queries-file bench/audit-queries.txt --index "$idx" --format csv > /dev/null
