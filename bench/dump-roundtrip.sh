#!/usr/bin/env bash
# Dump and restore on the developer corpus: sizes, times and peak RSS of
# `newsdb dump` (plain and zstd) and `newsdb restore`, the byte-for-byte
# round trip, and a second restore of the same dump (a merge that adds nothing).
# Usage: bench/dump-roundtrip.sh [BUILD_DIR] [CORPUS]
set -euo pipefail
build="${1:-build}"
corpus="${2:-/work/shared/corpus}"
newsdb="$(cd "$build" && pwd)/src/newsdb"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
timed() {  # label, command...: wall seconds and peak RSS (GNU time)
  local label="$1"; shift
  /usr/bin/time -f "$label: %e s, peak RSS %M KB" "$@" >/dev/null
}
"$newsdb" --db "$work/a.db" -q ingest "$corpus/bbc" "$corpus/reuters21578/reut2-000" \
  "$corpus/markdown/digitalgov" "$corpus/html/readability" "$corpus/jsonl/saudinewsnet-sample.jsonl" 2>/dev/null || true  # 75 items fail: exit 4
echo "archive: $(stat -c %s "$work/a.db") bytes"
timed "dump (JSON Lines)" "$newsdb" --db "$work/a.db" -q dump -o "$work/d.jsonl"
timed "dump (.zst)" "$newsdb" --db "$work/a.db" -q dump -o "$work/d.jsonl.zst"
echo "dump sizes: $(stat -c %s "$work/d.jsonl") bytes plain, $(stat -c %s "$work/d.jsonl.zst") bytes zstd"
timed "restore (.zst, new archive)" "$newsdb" --db "$work/b.db" -q restore "$work/d.jsonl.zst"
"$newsdb" --db "$work/b.db" -q dump -o "$work/e.jsonl"
cmp "$work/d.jsonl" "$work/e.jsonl" && echo "round trip: dump of the restored archive is byte-identical"
timed "restore again (all present)" "$newsdb" --db "$work/b.db" -q restore "$work/d.jsonl"
"$newsdb" --db "$work/b.db" check
