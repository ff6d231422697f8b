# Sourced by the A/B scripts (ab-ingest.sh, ab-reparse.sh): their shared option
# parsing, checks, corpus copy and summary. Set before sourcing:
#   name (the script's name in messages), rounds (default), min_bins.
# Leaves: rounds, corpus, bins (absolute paths), work (a temporary folder,
# removed on exit, holding corpus/, a copy with the timestamps kept so that every
# binary reads the same files from the page cache).
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
if [ ${#bins[@]} -lt "$min_bins" ]; then
    echo "$name: give at least $min_bins newsdb binaries to time (see --help)" >&2
    exit 2
fi
[ -d "$corpus" ] || { echo "$name: no corpus folder at $corpus; give one with --corpus DIR" >&2; exit 2; }
for b in "${bins[@]}"; do [ -x "$b" ] || { echo "$name: $b is not an executable" >&2; exit 2; }; done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r --preserve=timestamps "$corpus" "$work/corpus"
chmod -R u+w "$work/corpus"

# ab_summary TIMES LABEL...: median, min and max wall and CPU (user + system) of
# the rows of TIMES ("LABEL wall user system") with each LABEL.
ab_summary() {
    python3 - "$@" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1]) if line.strip()]
for label in sys.argv[2:]:
    mine = [r for r in rows if r[0] == label]
    wall = [float(r[1]) for r in mine]
    cpu = [float(r[2]) + float(r[3]) for r in mine]
    print(f"  {label:10} wall {statistics.median(wall):7.2f} s ({min(wall):.2f}-{max(wall):.2f}), "
          f"CPU {statistics.median(cpu):7.2f} s ({min(cpu):.2f}-{max(cpu):.2f}), {len(wall)} runs")
PY
}
