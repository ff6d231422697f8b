#!/usr/bin/env bash
# The newsdb benchmark suite (not a test): ingest, the SQLite engine limit,
# recoll and omindex, query latency, re-ingest and growth, on a copy of a
# corpus; writes a Markdown report (default bench/RESULTS.md).
#
#   bench/run.sh [CORPUS_DIR] [--runs N] [--query-runs N] [--build DIR] [--out FILE]
#                [--quick] [--skip-peers] [--skip-growth] [--keep-work] [--no-build]
#
# CORPUS_DIR defaults to ../shared/corpus (beside the checkout). --build
# defaults to build-bench (configured Release when new); the targets newsdb and
# newsdb_fts5 are built there first (incremental) unless --no-build. See
# bench/README.md.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
corpus=""
build="$root/build-bench"
build_it=1
args=()
while (($#)); do
    case $1 in
        --build) [[ $# -ge 2 ]] || { echo "bench: --build needs a folder" >&2; exit 2; }
                 build=$2; shift 2 ;;
        --build=*) build=${1#--build=}; shift ;;
        --no-build) build_it=0; shift ;;
        --runs|--query-runs|--out)
                 [[ $# -ge 2 ]] || { echo "bench: $1 needs a value" >&2; exit 2; }
                 args+=("$1" "$2"); shift 2 ;;
        --quick|--skip-peers|--skip-growth|--keep-work|--runs=*|--query-runs=*|--out=*)
                 args+=("$1"); shift ;;
        -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "bench: unknown option $1 (see bench/run.sh --help)" >&2; exit 2 ;;
        *) [[ -z $corpus ]] || { echo "bench: give one corpus folder, not '$corpus' and '$1'" >&2; exit 2; }
           corpus=$1; shift ;;
    esac
done

if [[ -z $corpus ]]; then
    corpus="$root/../shared/corpus"
    [[ -d $corpus ]] || { echo "bench: no corpus given and no default corpus at $corpus;" \
        "pass a folder of articles, e.g. bench/run.sh data --quick" >&2; exit 2; }
fi
[[ -d $corpus ]] || { echo "bench: corpus folder not found: $corpus" >&2; exit 2; }
[[ $build = /* ]] || build="$root/$build"

for tool in python3 sqlite3 cmake ninja; do
    command -v "$tool" >/dev/null || { echo "bench: needs $tool (see bench/README.md)" >&2; exit 2; }
done

if ((build_it)); then
    if [[ ! -f $build/CMakeCache.txt ]]; then
        echo "bench: configuring $build (Release)" >&2
        # A measuring build: new compiler warnings stay visible but do not stop it.
        cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DNEWSDB_WERROR=OFF >&2
    fi
    # Incremental: measures the current sources (nothing to do when up to date).
    echo "bench: building newsdb and the tokenizer extension in $build" >&2
    cmake --build "$build" -j2 --target newsdb newsdb_fts5 >&2
fi
[[ -x $build/src/newsdb && -f $build/src/libnewsdb_fts5.so ]] || {
    echo "bench: no newsdb binary or libnewsdb_fts5.so under $build/src: build them or drop --no-build" >&2; exit 2; }
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build/CMakeCache.txt" 2>/dev/null || true)

exec python3 "$root/bench/suite/bench.py" "$corpus" --build "$build" --build-type "${build_type:-?}" ${args[@]+"${args[@]}"}
