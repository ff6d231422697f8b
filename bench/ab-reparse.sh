#!/usr/bin/env bash
# A/B timing of `newsdb reparse` (every article) by two or more binaries, each
# on an archive it ingested itself from one corpus copy, alternating in every
# round. Prints each binary's median, min and max wall and CPU time (user +
# system) of the ingest and of the reparse. Not a test; see bench/README.md.
#
#   bench/ab-reparse.sh [--rounds N] [--corpus DIR] BINARY BINARY...
#
# Example: bench/ab-reparse.sh --rounds 3 /work/main/build/src/newsdb build/src/newsdb
set -euo pipefail

name=ab-reparse rounds=3 min_bins=1
. "$(dirname "$0")/ab-common.sh"

# A step's exit code 4 is expected: a few corpus files fail to parse.
timed() {  # LABEL BINARY ARGS...
    local label=$1
    shift
    /usr/bin/time -f "$label %e %U %S" -a -o "$work/times" "$@" >/dev/null 2>"$work/err" || [ $? -eq 4 ] || {
        cat "$work/err" >&2
        exit 1
    }
}
for ((r = 1; r <= rounds; r++)); do
    for i in "${!bins[@]}"; do
        rm -f "$work"/a.db*
        timed "ingest$i" "${bins[$i]}" --db "$work/a.db" ingest "$work/corpus"
        timed "reparse$i" "${bins[$i]}" --db "$work/a.db" reparse
        tail -1 "$work/err" >"$work/last$i"
    done
done

articles=$("${bins[${#bins[@]} - 1]}" --db "$work/a.db" stats --format json | python3 -c 'import json, sys; print(json.load(sys.stdin)["articles"])' 2>/dev/null || echo '?')
echo "corpus: $corpus ($articles articles), $rounds rounds"
for i in "${!bins[@]}"; do
    echo "binary $i: ${bins[$i]}"
    ab_summary "$work/times" "ingest$i" "reparse$i"
    echo "  last reparse said: $(cat "$work/last$i")"
done
