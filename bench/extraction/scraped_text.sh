#!/usr/bin/env bash
# Plain-text fidelity on real scraped article texts, through the real binary.
# usage: bench/extraction/scraped_text.sh [NEWSDB_BINARY] [CORPUS_DIR] [--per-file]
#   NEWSDB_BINARY  default build/src/newsdb (relative to the repository)
#   CORPUS_DIR     default ../shared/corpus/scraped-text (relative to the repository)
# Runs ../shared/tools/text_score.py: it ingests the folder into a fresh
# temporary archive, then checks per labelled file that the title is the
# headline, that no chrome line is a body paragraph, and that the body starts
# where labelled. --per-file lists each file's failed checks.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
args=()
per_file=()
for a in "$@"; do
    if [[ "$a" == --per-file ]]; then per_file=(--per-file); else args+=("$a"); fi
done
newsdb="$(realpath "${args[0]:-$repo/build/src/newsdb}")"
corpus="$(realpath "${args[1]:-$repo/../shared/corpus/scraped-text}")"
scorer="${TEXT_SCORE:-$(dirname "$corpus")/../tools/text_score.py}"
[[ -x "$newsdb" ]] || { echo "scraped_text.sh: no newsdb binary at $newsdb; build it first" >&2; exit 2; }
[[ -f "$corpus/labels.json" ]] || { echo "scraped_text.sh: no labels.json in $corpus" >&2; exit 2; }
[[ -f "$scorer" ]] || { echo "scraped_text.sh: no scorer at $scorer (set TEXT_SCORE)" >&2; exit 2; }
python3 "$scorer" "$newsdb" "$corpus" "${per_file[@]}"
