#!/usr/bin/env bash
# WARC ingest: throughput (MB/s of WARC, articles/s) and peak RSS of
# `newsdb ingest` on a WARC of the developer corpus's HTML pages, three
# copies (~250 MB; bench/make-warc.py), plain or (GZIP=1) as a .warc.gz.
# Usage: bench/warc-ingest.sh [BUILD_DIR] [CORPUS] [WORK_DIR]
set -euo pipefail
build="${1:-build}"
corpus="${2:-/work/shared/corpus}"
newsdb="$(cd "$build" && pwd)/src/newsdb"
work="${3:-$(mktemp -d)}"
ext=warc; [ "${GZIP:-0}" = 1 ] && ext=warc.gz
warc="$work/corpus.$ext"
[ -f "$warc" ] || python3 "$(dirname "$0")/make-warc.py" "$corpus" "$warc" --copies "${COPIES:-3}" \
  $([ "${GZIP:-0}" = 1 ] && echo --gzip)
rm -f "$work/w.db" "$work/w.db-wal" "$work/w.db-shm"
bytes=$(stat -c %s "$warc")
start=$(date +%s.%N)
/usr/bin/time -f "%M" -o "$work/rss" "$newsdb" --db "$work/w.db" -q ingest "$warc" >"$work/out" 2>&1 || true
end=$(date +%s.%N)
articles=$("$newsdb" --db "$work/w.db" stats | awk '/^articles/ {gsub(",", "", $2); print $2; exit}')
awk -v b="$bytes" -v s="$start" -v e="$end" -v a="$articles" -v r="$(cat "$work/rss")" 'BEGIN {
  t = e - s; printf "WARC %.0f MB: %.1f s, %.1f MB/s, %d articles, %.0f articles/s, peak RSS %.0f MB\n",
  b / 1e6, t, b / 1e6 / t, a, a / t, r / 1024 }'
tail -n 3 "$work/out"
