#!/bin/sh
# Runs each fuzz target in turn for the seconds given (default: the split used for the note).
# Usage: ./run_all.sh [target seconds]...   e.g. ./run_all.sh query 600 read_html 240
# The readers are built with debug assertions and overflow checks everywhere (cargo-fuzz's
# default); `query` with `-O` and its own target folder, so that tantivy's debug assertions,
# which trip on valid queries (see ../Cargo.toml), stay off as in every build of `search`.
set -e
cd "$(dirname "$0")"
[ $# -eq 0 ] && set -- query 600 decode 150 read_jsonl 180 read_json 180 read_csv 180 read_html 240 read_text 150 read_gz 180
mkdir -p logs
while [ $# -ge 2 ]; do
    t=$1 secs=$2; shift 2
    mkdir -p corpus/$t artifacts/$t
    build="" len=""
    [ "$t" = query ] && build="-O --target-dir target-o" && len="-max_len=12000"
    cargo +nightly fuzz run -s none $build $t corpus/$t seeds/$t -- \
        -max_total_time=$secs -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 $len \
        > logs/$t.log 2>&1 || echo "$t: stopped with a finding, see logs/$t.log"
done
