#!/bin/sh
# Runs each fuzz target in turn for the seconds given (default: the split used for the note).
# Usage: ./run_all.sh [target seconds]...   e.g. ./run_all.sh query 600 read_html 240
# Built by cargo-fuzz with debug assertions and overflow checks on in every crate. tantivy's
# own debug assertions trip on valid queries (see ../Cargo.toml: release builds never check
# them), so `query` runs in fork mode and keeps going after a crash; each crash is still
# saved in artifacts/query/ and counted in the log (`oom/timeout/crash: a/b/c`): read its
# stack trace in logs/query.log to tell tantivy's assertion from a bug of ours.
set -e
cd "$(dirname "$0")"
[ $# -eq 0 ] && set -- query 600 decode 150 read_jsonl 180 read_json 180 read_csv 180 read_html 240 read_text 150 read_gz 180
mkdir -p logs
while [ $# -ge 2 ]; do
    t=$1 secs=$2; shift 2
    mkdir -p corpus/$t artifacts/$t
    extra=""
    [ "$t" = query ] && extra="-max_len=12000 -fork=1 -ignore_crashes=1"
    cargo +nightly fuzz run -s none $t corpus/$t seeds/$t -- \
        -max_total_time=$secs -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 $extra \
        > logs/$t.log 2>&1 || echo "$t: stopped with a finding, see logs/$t.log"
done
# The scratch folders of the targets (each process keeps one, with a tiny index).
rm -rf /dev/shm/search-fuzz-*
