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

name=ab-ingest rounds=8 min_bins=2
. "$(dirname "$0")/ab-common.sh"

for ((r = 1; r <= rounds; r++)); do
    for i in "${!bins[@]}"; do
        rm -f "$work"/a.db*
        /usr/bin/time -f "$i %e %U %S" -o "$work/time" "${bins[$i]}" --db "$work/a.db" ingest "$work/corpus" \
            >/dev/null 2>"$work/err" || [ $? -eq 4 ]  # 4: some corpus files fail to parse, as expected
        cat "$work/time" >>"$work/times"
    done
done

for i in "${!bins[@]}"; do
    echo "binary $i: ${bins[$i]}"
    ab_summary "$work/times" "$i"
done
