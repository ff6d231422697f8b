#!/usr/bin/env bash
# Article-body extraction scored by snippets (trafilatura's evaluation pages),
# through the real binary, plus a check that no page's text is mojibake.
# usage: bench/extraction/snippets.sh [NEWSDB_BINARY] [CORPUS_DIR] [--per-page FILE]
#   NEWSDB_BINARY  default build/src/newsdb (relative to the repository)
#   CORPUS_DIR     default ../shared/corpus/extraction-snippets (relative to the
#                  repository, else to its parent folder, as for a git worktree)
#   --per-page     write snippet_score.py's per-page TSV (found, leaked, missing) to FILE
# Prints snippet_score.py's line (F1, precision, recall, failed pages), the
# pages whose text holds mojibake (UTF-8 read as Windows-1252: "Ã©", "â€™"),
# and the ingest time.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
per_page=()
args=()
while [[ $# -gt 0 ]]; do
    case "$1" in
    --per-page) per_page=(--per-page "$(realpath -m "$2")"); shift 2 ;;
    -h | --help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) args+=("$1"); shift ;;
    esac
done
default_corpus="$repo/../shared/corpus/extraction-snippets"
[[ -d "$default_corpus" ]] || default_corpus="$repo/../../shared/corpus/extraction-snippets"
newsdb="$(realpath "${args[0]:-$repo/build/src/newsdb}")"
corpus="$(realpath -m "${args[1]:-$default_corpus}")"
scorer="${SNIPPET_SCORE:-$(dirname "$corpus")/../tools/snippet_score.py}"
[[ -x "$newsdb" ]] || { echo "snippets.sh: no newsdb binary at $newsdb; build it first" >&2; exit 2; }
[[ -f "$corpus/evaldata.json" ]] || { echo "snippets.sh: no evaldata.json in $corpus" >&2; exit 2; }
[[ -f "$scorer" ]] || { echo "snippets.sh: no scorer at $scorer (set SNIPPET_SCORE)" >&2; exit 2; }

python3 "$scorer" "$newsdb" "$corpus" "${per_page[@]}" 2>/dev/null

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
start=$(date +%s.%N)
"$newsdb" --db "$tmp/bench.db" -q ingest --format html "$corpus/html" >"$tmp/ingest.log" 2>&1 || true
end=$(date +%s.%N)
python3 - "$newsdb" "$tmp/bench.db" "$corpus" <<'PY'
import json, os, re, subprocess, sys
newsdb, db, corpus = sys.argv[1:4]
# Two-byte UTF-8 sequences read as Windows-1252 and written out again as UTF-8.
mojibake = re.compile("Ã[\u0080-\u00bf\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u0152\u0153\u0160\u0161\u0178\u017d\u017e]|â€|Â[\u00a0-\u00bf]")
pages = sorted(json.load(open(os.path.join(corpus, "evaldata.json"), encoding="utf-8")))
bad = []
for name in pages:
    r = subprocess.run([newsdb, "--db", db, "show", os.path.join(corpus, "html", name), "--format", "plain"],
                       capture_output=True)
    if r.returncode == 0 and mojibake.search(r.stdout.decode("utf-8", errors="replace")):
        bad.append(name)
print(f"mojibake: {len(bad)} of {len(pages)} pages" + (": " + ", ".join(bad) if bad else ""))
PY
printf 'ingest of %s pages: %.1f s\n' "$(ls "$corpus"/html/*.html | wc -l)" "$(echo "$end - $start" | bc)"
