#!/usr/bin/env bash
# A/B timing of two or more newsdb binaries: fresh ingests of one corpus copy,
# the binaries alternating in every round so that they share the machine's
# drift. Prints each binary's median, min and max of wall and CPU time (user +
# system) of the whole process. Not a test; see bench/README.md.
#
#   bench/ab-ingest.sh [--rounds N] [--corpus DIR] BINARY BINARY...
#
# Example: bench/ab-ingest.sh --rounds 12 /tmp/newsdb-before build-bench/src/newsdb
set -euo pipefail

rounds=8
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
if [ ${#bins[@]} -lt 2 ]; then
    echo "ab-ingest: give two or more newsdb binaries to compare (see --help)" >&2
    exit 2
fi
[ -d "$corpus" ] || { echo "ab-ingest: no corpus folder at $corpus; give one with --corpus DIR" >&2; exit 2; }
for b in "${bins[@]}"; do [ -x "$b" ] || { echo "ab-ingest: $b is not an executable" >&2; exit 2; }; done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A copy with the timestamps kept: every binary reads the same files from the page cache.
cp -r --preserve=timestamps "$corpus" "$work/corpus"
chmod -R u+w "$work/corpus"

for ((r = 1; r <= rounds; r++)); do
    for i in "${!bins[@]}"; do
        rm -f "$work"/a.db*
        /usr/bin/time -f "$i %e %U %S" -o "$work/time" "${bins[$i]}" --db "$work/a.db" ingest "$work/corpus" \
            >/dev/null 2>"$work/err" || [ $? -eq 4 ]  # 4: some corpus files fail to parse, as expected
        cat "$work/time" >>"$work/times"
    done
done

python3 - "$work/times" "${bins[@]}" <<'EOF'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
for i, name in enumerate(sys.argv[2:]):
    wall = [float(r[1]) for r in rows if r[0] == str(i)]
    cpu = [float(r[2]) + float(r[3]) for r in rows if r[0] == str(i)]
    print(f"{name}: wall {statistics.median(wall):.3f} s ({min(wall):.2f}-{max(wall):.2f}), "
          f"CPU {statistics.median(cpu):.2f} s ({min(cpu):.2f}-{max(cpu):.2f}), {len(wall)} runs")
EOF
