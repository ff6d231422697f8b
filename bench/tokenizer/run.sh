#!/usr/bin/env bash
# Benchmark (not a test): the cost of newsdb's FTS5 tokenizer against SQLite's
# built-in ones, on the passages of a real corpus.
#
#   bench/tokenizer/run.sh [CORPUS]        (default: ../shared/corpus)
#
# Environment: BUILD (default build; a Release build gives the real figures)
# holding src/newsdb and src/libnewsdb_fts5.so; NEWSDB / EXT to name them
# directly; WORK (default: a temporary folder, removed afterwards).
#
# Steps: ingest the corpus with newsdb (only to get its passages and languages),
# copy the passages into a plain table, then fill one contentless FTS5 table
# per tokenizer in the stock sqlite3 shell, timing each INSERT, and compare the
# index sizes (dbstat: the FTS5 shadow tables' pages).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
corpus=${1:-$root/../shared/corpus}
build=${BUILD:-$root/build}
newsdb=${NEWSDB:-$build/src/newsdb}
ext=${EXT:-$build/src/libnewsdb_fts5.so}
command -v sqlite3 >/dev/null || { echo "needs the sqlite3 shell (apt-get install sqlite3)" >&2; exit 2; }
[[ -x $newsdb ]] || { echo "no newsdb binary at $newsdb: build it or set BUILD/NEWSDB" >&2; exit 2; }
[[ -f $ext ]] || { echo "no extension at $ext: build target newsdb_fts5 or set BUILD/EXT" >&2; exit 2; }
[[ -d $corpus ]] || { echo "no corpus at $corpus" >&2; exit 2; }

work=${WORK:-$(mktemp -d)}
[[ -n ${WORK:-} ]] || trap 'rm -rf "$work"' EXIT
load=".load ${ext%.so}"

if [[ ! -f $work/archive.db ]]; then
    echo "ingesting $corpus ..." >&2
    # Some corpus files are not articles (failures are reported, not fatal here).
    "$newsdb" --db "$work/archive.db" -q ingest "$corpus" >/dev/null 2>&1 || true
fi
rm -f "$work/src.db"
sqlite3 "$work/src.db" -cmd "$load" "
ATTACH '$work/archive.db' AS a;
CREATE TABLE src AS SELECT p.id AS id, coalesce(ar.language, '') AS lang, p.text AS text
    FROM a.passages p JOIN a.articles ar ON ar.id = p.article_id ORDER BY p.id;"

read -r rows bytes < <(sqlite3 -separator ' ' "$work/src.db" "SELECT count(*), sum(length(CAST(text AS BLOB))) FROM src")
echo "corpus: $corpus"
echo "passages: $rows, text: $bytes bytes"
sqlite3 "$work/src.db" "SELECT 'languages: ' || group_concat(l, ' ') FROM
    (SELECT (CASE lang WHEN '' THEN '(none)' ELSE lang END) || ' ' || count(*) AS l FROM src GROUP BY lang ORDER BY count(*) DESC LIMIT 8)"

# CPU seconds (user + sys) of the filling, not wall time: the figures stay
# comparable on a busy machine (on an idle one they are close to wall time).
TIMEFORMAT='%U %S %R'

# name | tokenize= | text expression
run() {
    local name=$1 tokenize=$2 expr=$3 db="$work/$1.db"
    rm -f "$db"
    cp "$work/src.db" "$db"
    sqlite3 "$db" -cmd "$load" "CREATE VIRTUAL TABLE fts USING fts5(text, content = '', tokenize = \"$tokenize\");"
    local times
    times=$( { time sqlite3 "$db" -cmd "$load" \
        "INSERT INTO fts(rowid, text) SELECT id, $expr FROM src; INSERT INTO fts(fts) VALUES ('optimize');" ; } 2>&1 )
    local size
    size=$(sqlite3 "$db" "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'fts_%'")
    read -r user sys wall <<<"$times"
    awk -v n="$name" -v u="$user" -v s="$sys" -v w="$wall" -v b="$bytes" -v z="$size" \
        'BEGIN { c = u + s; printf "%-38s %6.2f s CPU (%5.2f s wall)  %6.2f MB/s  index %6.2f MB (%.2f x text)\n", n, c, w, b / c / 1e6, z / 1e6, z / b }'
    rm -f "$db"
}

echo
run "unicode61 remove_diacritics 2" "unicode61 remove_diacritics 2" "text"
run "porter unicode61 remove_diacritics 2" "porter unicode61 remove_diacritics 2" "text"
run "newsdb" "newsdb" "lang || char(31) || text"
