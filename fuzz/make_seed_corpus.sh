#!/usr/bin/env bash
# Builds the fuzzers' seed corpora from the test fixtures into OUT (default
# build-fuzz/corpus): OUT/<target>/ for parse_input, plain_text, translate_query,
# html_scripts.
# Usage: fuzz/make_seed_corpus.sh [OUT]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/build-fuzz/corpus}"
mkdir -p "$out/parse_input" "$out/plain_text" "$out/translate_query" "$out/html_scripts" "$out/web_routes" "$out/dump_reader" "$out/warc"

# parse_input reads its first byte as a selector: format (low bits, 0 = automatic)
# and file name (bits 3-5). Each fixture is seeded as "automatic, by its extension".
name_index() {
  case "$1" in
    *.txt|*.text) echo 0 ;; *.html|*.htm|*.xhtml) echo 1 ;; *.md|*.markdown) echo 2 ;;
    *.json) echo 3 ;; *.jsonl|*.ndjson) echo 4 ;; *.sgm|*.sgml|*.xml) echo 5 ;; *.gz) echo 7 ;; *) echo 6 ;;
  esac
}
n=0
while IFS= read -r -d '' f; do
  n=$((n + 1))
  sel=$(( $(name_index "$f") << 3 ))
  { printf "\\$(printf %03o "$sel")"; cat "$f"; } > "$out/parse_input/fixture-$n"
  case "$f" in
    *.txt|*.text) cp "$f" "$out/plain_text/fixture-$n" ;;
    *.html|*.htm) cp "$f" "$out/html_scripts/fixture-$n" ;;
  esac
done < <(find "$root/tests/fixtures" -type f -size -1048576c -print0 | sort -z)
cp "$root"/fuzz/seeds/translate_query/* "$out/translate_query/"
cp "$root"/fuzz/seeds/html_scripts/* "$out/html_scripts/"
cp "$root"/fuzz/seeds/web_routes/* "$out/web_routes/"
cp "$root"/fuzz/seeds/dump_reader/* "$out/dump_reader/"
cp "$root"/fuzz/seeds/warc/* "$out/warc/"
echo "seed corpora in $out: $(ls "$out/parse_input" | wc -l) parse_input, $(ls "$out/plain_text" | wc -l) plain_text, $(ls "$out/translate_query" | wc -l) translate_query, $(ls "$out/html_scripts" | wc -l) html_scripts, $(ls "$out/web_routes" | wc -l) web_routes"
