#!/usr/bin/env bash
# Article-body extraction benchmark through the real binary.
# usage: bench/extraction/run.sh [NEWSDB_BINARY] [CORPUS_DIR]
#   NEWSDB_BINARY  default build/src/newsdb (relative to the repository)
#   CORPUS_DIR     default ../shared/corpus/extraction-dev (relative to the repository,
#                  else to its parent folder, as for a git worktree)
# Ingests CORPUS_DIR/html into a fresh temporary archive, prints each page with
# `show --format plain`, drops the title line (the reference bodies leave the
# headline out), and scores the bodies with extract_f1.py.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
newsdb="$(realpath "${1:-$repo/build/src/newsdb}")"
default_corpus="$repo/../shared/corpus/extraction-dev"
[[ -d "$default_corpus" ]] || default_corpus="$repo/../../shared/corpus/extraction-dev"  # a git worktree
corpus="$(realpath -m "${2:-$default_corpus}")"
scorer="${EXTRACT_F1:-$(dirname "$corpus")/../tools/extract_f1.py}"
[[ -x "$newsdb" ]] || { echo "run.sh: no newsdb binary at $newsdb; build it first" >&2; exit 2; }
[[ -f "$corpus/ground-truth.json" ]] || { echo "run.sh: no ground-truth.json in $corpus" >&2; exit 2; }
[[ -f "$scorer" ]] || { echo "run.sh: no scorer at $scorer (set EXTRACT_F1)" >&2; exit 2; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
db="$tmp/bench.db"
start=$(date +%s.%N)
"$newsdb" --db "$db" -q ingest --format html "$corpus/html" >"$tmp/ingest.log" 2>&1 || true
end=$(date +%s.%N)
mkdir -p "$tmp/out"
for page in "$corpus"/html/*.html; do
    id="$(basename "$page" .html)"
    "$newsdb" --db "$db" show "$page" --format plain >"$tmp/out/$id.txt" 2>/dev/null || : >"$tmp/out/$id.txt"
done
python3 - "$tmp/out" "$tmp/pred.json" <<'PY'
import json, os, sys
out, pred = sys.argv[1], {}
for name in sorted(os.listdir(out)):
    text = open(os.path.join(out, name), encoding="utf-8").read()
    # plain format: title, blank line, paragraphs separated by blank lines
    body = text.split("\n\n", 1)[1] if "\n\n" in text else ""
    pred[name[:-4]] = {"articleBody": body}
json.dump(pred, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
python3 "$scorer" "$corpus/ground-truth.json" "$tmp/pred.json"
printf 'ingest of %s pages: %.1f s\n' "$(ls "$corpus"/html/*.html | wc -l)" "$(echo "$end - $start" | bc)"
