#!/usr/bin/env bash
# Runs every fuzzer for SECONDS each (default 60) from the seed corpora, then
# replays every saved reproducer in fuzz/regressions/<target>/. Exits non-zero
# on any crash, leak, sanitizer report or timeout. New crash inputs are written
# to BUILD/artifacts/.
# Usage: fuzz/run_fuzzers.sh BUILD_DIR [SECONDS]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$1"
seconds="${2:-60}"
targets=(parse_input translate_query plain_text html_scripts web_routes dump_reader warc)
export ASAN_OPTIONS="${ASAN_OPTIONS:-halt_on_error=1:abort_on_error=1:detect_leaks=1:detect_stack_use_after_return=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
"$root/fuzz/make_seed_corpus.sh" "$build/corpus" >/dev/null
mkdir -p "$build/artifacts"
status=0
for t in "${targets[@]}"; do
  bin="$build/fuzz/fuzz_$t"
  mapfile -t repros < <(find "$root/fuzz/regressions/$t" -type f ! -name '.keep' 2>/dev/null | sort)
  if [ ${#repros[@]} -gt 0 ]; then
    echo "== fuzz_$t: replaying ${#repros[@]} saved reproducer(s)"
    "$bin" -rss_limit_mb=2048 "${repros[@]}" || { echo "FAILED: fuzz_$t reproducer" >&2; status=1; }
  fi
  echo "== fuzz_$t: ${seconds}s"
  mkdir -p "$build/corpus/$t.run"
  # A fixed seed and run count make the run reproducible: CI replays exactly
  # what was run before submitting. Longer or random runs: see fuzz/README.md.
  if ! "$bin" -seed="${NEWSDB_FUZZ_SEED:-1}" -runs="${NEWSDB_FUZZ_RUNS:-100000}" -max_total_time="$seconds" \
      -rss_limit_mb=2048 -timeout=10 -max_len=65536 \
      -artifact_prefix="$build/artifacts/$t-" -print_final_stats=1 \
      "$build/corpus/$t.run" "$build/corpus/$t" 2>"$build/fuzz-$t.log"; then
    tail -n 60 "$build/fuzz-$t.log" >&2
    echo "FAILED: fuzz_$t found a crash: see $build/artifacts/ (save it in fuzz/regressions/$t/)" >&2
    status=1
  fi
  grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb" "$build/fuzz-$t.log" | sed "s/^/  fuzz_$t /" || true
done
exit $status
