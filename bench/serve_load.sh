#!/usr/bin/env bash
# `search serve` under load on loopback (issue 16), on the OrangeSum index:
#   1. chart: the five count-by-month URLs of a five-query chart (the server's costly view),
#      first asked at once on the fresh server (as the page does), then by CLIENTS concurrent
#      clients for DURATION (a count asked again is answered from the server's cache);
#   2. mixed: the same clients, URLs drawn at random from a mix of searches, counts,
#      concordances, chart lines and articles (bench/serve_urls.txt);
#   3. rebuild: `search index --rebuild` of the index being served, with the mixed load on
#      it and one query asked every 0.2 s: what the server answers meanwhile.
# Prints, per phase: requests, req/s, p50/p95/p99, slowest, status codes, errors; and the
# server's peak RSS (VmHWM) after each phase. oha's JSON reports stay in WORK.
#
# Usage: bench/serve_load.sh      (≈2 minutes plus the build; oha needed: `cargo install oha`)
# Env:   SHARED    the shared folder (default: ../shared next to the repository)
#        WORK      scratch folder (default: /tmp/search-serve-load; the index goes there)
#        SEARCH    the binary (default: target/fast-release/search, built here)
#        CLIENTS   concurrent clients (default 50);  DURATION  per phase (default 30s)
#        PORT      (default 7709)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=$(realpath "${SHARED:-$ROOT/../shared}")
WORK=${WORK:-/tmp/search-serve-load}
CLIENTS=${CLIENTS:-50}
DURATION=${DURATION:-30s}
PORT=${PORT:-7709}
CORPUS=$SHARED/corpora/orangesum/articles.jsonl
BASE=http://127.0.0.1:$PORT
mkdir -p "$WORK"
command -v oha >/dev/null || { echo "bench/serve_load.sh: needs oha (cargo install oha)" >&2; exit 2; }

if [ -z "${SEARCH:-}" ]; then
  echo "== build (fast-release)" >&2
  (cd "$ROOT" && cargo build --profile fast-release --quiet --bin search)
  SEARCH=$ROOT/target/fast-release/search
fi
IDX=$WORK/idx
if [ ! -f "$IDX/meta.json" ]; then
  echo "== index OrangeSum into $IDX" >&2
  "$SEARCH" index "$CORPUS" --index "$IDX" 2>/dev/null
fi

# The mixed URLs, and the five lines of a chart.
sed "s|^/|$BASE/|" "$ROOT/bench/serve_urls.txt" | grep -v '^#' | grep -v '^\s*$' >"$WORK/urls.txt"
: >"$WORK/chart.txt"
for q in '%22gilets+jaunes%22' confinement Macron gr%C3%A8ve vaccin; do
  echo "$BASE/api/count?q=$q&by=month" >>"$WORK/chart.txt"
done

"$SEARCH" serve --index "$IDX" --addr "127.0.0.1:$PORT" 2>"$WORK/serve.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "$BASE/api/stats" >/dev/null && break; sleep 0.1; done

rss() { awk '/VmHWM/ {printf "%.0f MB", $2 / 1024}' "/proc/$SERVER/status"; }

# oha's JSON report → one line of figures.
report() {
  python3 - "$1" "$2" <<'EOF'
import json, sys
name, path = sys.argv[1], sys.argv[2]
r = json.load(open(path))
s, p = r["summary"], r["latencyPercentiles"]
codes = r.get("statusCodeDistribution", {})
errors = r.get("errorDistribution", {})
total = sum(codes.values()) + sum(errors.values())
ms = lambda x: f"{1000 * x:.1f} ms" if x is not None else "-"
print(f"{name}: {total} requests, {s['requestsPerSec']:.0f} req/s, p50 {ms(p['p50'])}, "
      f"p95 {ms(p['p95'])}, p99 {ms(p['p99'])}, slowest {ms(s['slowest'])}, "
      f"status {dict(sorted(codes.items()))}, errors {errors or 0}")
EOF
}

load() { # name urls-file
  oha -z "$DURATION" -c "$CLIENTS" --no-tui --output-format json --urls-from-file "$2" >"$WORK/$1.json"
  echo "$(report "$1" "$WORK/$1.json"); server peak RSS $(rss)"
}

echo "== $CLIENTS clients, $DURATION a phase, $SEARCH on $IDX"
# The chart seen first: its five counts asked at once, as the page does, none in the cache.
start=$(date +%s.%N)
xargs -P 5 -n 1 curl -s -o /dev/null -w '%{http_code} %{time_total} s\n' <"$WORK/chart.txt" >"$WORK/chart-cold.txt"
echo "chart of five queries by month, first view (five counts at once): $(awk "BEGIN { printf \"%.2f\", $(date +%s.%N) - $start }") s wall; $(sort "$WORK/chart-cold.txt" | tr '\n' ';')"
load chart "$WORK/chart.txt"
load mixed "$WORK/urls.txt"

# A query before, during and after a rebuild of the index served.
probe() { curl -s -o "$WORK/probe.body" -D "$WORK/probe.head" -w '%{http_code}' "$BASE/api/query?q=V%C3%A9ran&limit=3"; }
first() { head -c 200 "$WORK/probe.body" | sed 's/.*"doc_id":"\([^"]*\)".*/\1/'; }
before="$(probe) total $(grep -i '^x-total' "$WORK/probe.head" | tr -d '\r' | cut -d' ' -f2) first $(first)"
echo "query before the rebuild: $before"
"$SEARCH" index "$CORPUS" --index "$IDX" --rebuild 2>/dev/null &
REBUILD=$!
oha -z "$DURATION" -c "$CLIENTS" --no-tui --output-format json --urls-from-file "$WORK/urls.txt" >"$WORK/rebuild.json" &
OHA=$!
same=0 other=0
while kill -0 $REBUILD 2>/dev/null; do
  now="$(probe) total $(grep -i '^x-total' "$WORK/probe.head" | tr -d '\r' | cut -d' ' -f2) first $(first)"
  if [ "$now" = "$before" ]; then same=$((same + 1)); else other=$((other + 1)); echo "  during: $now"; fi
  sleep 0.2
done
wait $REBUILD && rebuilt=ok || rebuilt="failed ($?)"
after="$(probe) total $(grep -i '^x-total' "$WORK/probe.head" | tr -d '\r' | cut -d' ' -f2) first $(first)"
wait $OHA
echo "rebuild $rebuilt; during it, $same answers the same as before and $other other; after it: $after"
echo "$(report "mixed during the rebuild" "$WORK/rebuild.json"); server peak RSS $(rss)"
