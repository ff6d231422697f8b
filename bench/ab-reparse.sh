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

rounds=3
corpus="$(cd "$(dirname "$0")/.." && pwd)/../shared/corpus"
bins=()
while [ $# -gt 0 ]; do
    case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --corpus) corpus="$2"; shift 2 ;;
    -h | --help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) bins+=("$(realpath "$1")"); shift ;;
    esac
done
if [ ${#bins[@]} -lt 1 ]; then
    echo "ab-reparse: give one or more newsdb binaries to time (see --help)" >&2
    exit 2
fi
[ -d "$corpus" ] || { echo "ab-reparse: no corpus folder at $corpus; give one with --corpus DIR" >&2; exit 2; }
for b in "${bins[@]}"; do [ -x "$b" ] || { echo "ab-reparse: $b is not an executable" >&2; exit 2; }; done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r --preserve=timestamps "$corpus" "$work/corpus"
chmod -R u+w "$work/corpus"

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
    for step in ingest reparse; do
        python3 - "$step$i" "$work/times" <<'PY'
import statistics, sys
label, path = sys.argv[1], sys.argv[2]
rows = [l.split() for l in open(path) if l.split()[0] == label]
wall = [float(r[1]) for r in rows]
cpu = [float(r[2]) + float(r[3]) for r in rows]
print(f"  {label[:-1]:8} wall {statistics.median(wall):6.1f} s ({min(wall):.1f}-{max(wall):.1f}), "
      f"cpu {statistics.median(cpu):6.1f} s ({min(cpu):.1f}-{max(cpu):.1f})")
PY
    done
    echo "  last reparse said: $(cat "$work/last$i")"
done
