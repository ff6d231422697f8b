#!/usr/bin/env bash
# Archive identity of two newsdb binaries: each ingests the same corpus into a
# fresh archive, then every table is compared row by row, ordered by all its
# columns. Not a test; for a change meant to store exactly what was stored
# before (see bench/README.md).
#
#   bench/compare-archives.sh [--corpus DIR] [--jobs N] [--keep DIR] BINARY_A BINARY_B
#
# Each binary's libnewsdb_fts5.so (the tokenizer, for the stock sqlite3 shell)
# is looked for beside it. Left out, as wall-clock times of the run:
# articles.ingested_at and article_paths.first_seen. The search index's
# segment tables (passages_fts_data, passages_fts_idx) depend on where the
# time-based batches committed, so they differ between two runs of one binary:
# they are compared by what they index instead (fts5vocab 'instance': every
# term, passage and offset), and each archive must pass FTS5's integrity-check.
# sqlite_schema is compared whole (the triggers' text included). Exits 1 when
# anything differs.
set -euo pipefail

corpus="$(cd "$(dirname "$0")/.." && pwd)/../shared/corpus"
jobs=2
keep=""
bins=()
while [ $# -gt 0 ]; do
    case "$1" in
    --corpus) corpus="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --keep) keep="$2"; shift 2 ;;
    -h | --help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) bins+=("$(realpath "$1")"); shift ;;
    esac
done
if [ ${#bins[@]} -ne 2 ]; then
    echo "compare-archives: give two newsdb binaries (see --help)" >&2
    exit 2
fi
[ -d "$corpus" ] || { echo "compare-archives: no corpus folder at $corpus; give one with --corpus DIR" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "compare-archives: needs the sqlite3 shell (apt-get install sqlite3)" >&2; exit 2; }
for b in "${bins[@]}"; do
    [ -x "$b" ] || { echo "compare-archives: $b is not an executable" >&2; exit 2; }
    [ -f "$(dirname "$b")/libnewsdb_fts5.so" ] || { echo "compare-archives: no libnewsdb_fts5.so beside $b" >&2; exit 2; }
done

work=${keep:-$(mktemp -d)}
mkdir -p "$work"
[ -n "$keep" ] || trap 'rm -rf "$work"' EXIT

# Columns left out of the comparison, as table.column.
excluded=" articles.ingested_at article_paths.first_seen "

for i in 0 1; do
    rm -f "$work/$i.db"*
    "${bins[$i]}" --db "$work/$i.db" ingest "$corpus" -j"$jobs" >"$work/$i.out" 2>"$work/$i.err" ||
        [ $? -eq 4 ]  # 4: some corpus files fail to parse, as expected
    tail -n 1 "$work/$i.err"
done

# Runs SQL on archive $1 with the tokenizer of binary $1 loaded.
query() {
    local i=$1
    shift
    sqlite3 -batch -noheader -cmd ".load $(dirname "${bins[$i]}")/libnewsdb_fts5" "$work/$i.db" "$@"
}

# The SELECT that lists table $2 of archive $1: every column but the
# excluded ones, quoted (blobs as hex), ordered by all of them.
table_sql() {
    local i=$1 table=$2 cols=() col
    while IFS= read -r col; do
        case "$excluded" in *" $table.$col "*) continue ;; esac
        cols+=("quote(\"$col\")")
    done < <(query "$i" "SELECT name FROM pragma_table_info('$table') ORDER BY cid")
    local list
    list=$(IFS=,; echo "${cols[*]}")
    echo "SELECT $list FROM \"$table\" ORDER BY $list"
}

status=0
compare() {  # label, SQL for archive 0, SQL for archive 1
    local a b rows
    query 0 "$2" >"$work/rows.0"
    query 1 "$3" >"$work/rows.1"
    a=$(md5sum <"$work/rows.0" | cut -c1-32)
    b=$(md5sum <"$work/rows.1" | cut -c1-32)
    rows=$(wc -l <"$work/rows.0")
    rm -f "$work/rows.0" "$work/rows.1"
    if [ "$a" = "$b" ]; then
        printf '%-24s %8s lines  same       %s\n' "$1" "$rows" "$a"
    else
        printf '%-24s %8s lines  DIFFERENT  %s %s\n' "$1" "$rows" "$a" "$b"
        status=1
    fi
}

compare sqlite_schema "SELECT * FROM sqlite_schema ORDER BY type, name" "SELECT * FROM sqlite_schema ORDER BY type, name"
tables=$(query 0 "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                  AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'
                  AND name NOT IN ('passages_fts_data', 'passages_fts_idx') ORDER BY name")
for t in $tables; do
    compare "$t" "$(table_sql 0 "$t")" "$(table_sql 1 "$t")"
done
vocab="CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, passages_fts, instance);
       SELECT term, doc, col, offset FROM temp.v ORDER BY term, doc, col, offset"
compare "passages_fts (indexed)" "$vocab" "$vocab"
for i in 0 1; do
    if query "$i" "INSERT INTO passages_fts(passages_fts, rank) VALUES ('integrity-check', 1)"; then
        echo "integrity-check ${bins[$i]}: ok"
    else
        echo "integrity-check ${bins[$i]}: FAILED"
        status=1
    fi
done
for t in passages_fts_data passages_fts_idx; do
    echo "$t (segment layout, not compared): $(query 0 "SELECT count(*) FROM $t") / $(query 1 "SELECT count(*) FROM $t") rows"
done
[ $status -eq 0 ] && echo "archives identical" || echo "archives DIFFER"
exit $status
