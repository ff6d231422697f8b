#!/usr/bin/env bash
# newsdb publish and --server on the developer corpus, beside the local
# archive: publish throughput (articles/s, MB/s of passage text), a
# re-publish that sends nothing, and search latency (median wall time of the
# whole `newsdb search` process, local archive vs server) for a fixed set of
# queries. A throwaway server from tests/pg/server.sh (Unix socket, fsync off:
# the figures are the indexing work, not the disk's).
# Usage: bench/pg-publish.sh [BUILD_DIR] [CORPUS] [RUNS]
set -euo pipefail
build="${1:-build}"
corpus="${2:-/work/shared/corpus}"
runs="${3:-7}"
here="$(cd "$(dirname "$0")/.." && pwd)"
newsdb="$(cd "$build" && pwd)/src/newsdb"
work="$(mktemp -d)"
trap 'bash "$here/tests/pg/server.sh" stop "$work/pg"; rm -rf "$work"' EXIT
bash "$here/tests/pg/server.sh" start "$work/pg"
admin=$(cat "$work/pg/conninfo")
server="postgresql:///newsdb_bench${admin#postgresql:///postgres}"
/usr/lib/postgresql/15/bin/psql "$admin" -qc "CREATE DATABASE newsdb_bench"
"$newsdb" --db "$work/a.db" -q ingest --no-originals "$corpus" 2>/dev/null || true  # some items fail: exit 4
articles=$("$newsdb" --db "$work/a.db" stats | awk '/^articles/ {gsub(",", "", $2); print $2; exit}')
echo "local archive: $articles articles, $(stat -c %s "$work/a.db") bytes"
t0=$(date +%s.%N)
"$newsdb" --db "$work/a.db" publish "$server" 2>"$work/publish.out"
t1=$(date +%s.%N)
cat "$work/publish.out"
"$newsdb" --db "$work/a.db" publish "$server" 2>&1 | sed 's/^/again: /'
python3 - "$newsdb" "$work/a.db" "$server" "$runs" "$t0" "$t1" "$work/publish.out" <<'PY'
import re, statistics, subprocess, sys, time
newsdb, db, server, runs, t0, t1, out = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6]), sys.argv[7]
text = open(out).read()
sent = int(re.search(r"(\d+) sent", text).group(1))
size = re.search(r"\(([\d.]+) (KB|MB|GB) of text", text)
mb = float(size.group(1)) * {"KB": 1e-3, "MB": 1.0, "GB": 1e3}[size.group(2)]
secs = t1 - t0
print(f"publish: {sent} articles in {secs:.1f} s: {sent / secs:.0f} articles/s, {mb / secs:.2f} MB/s of passage text")
queries = ["government", '"prime minister"', "oil prices", "elect*", "bank -england", "wheat OR corn",
           "=markets", "date:1987 coffee", "title:football"]
def median_ms(args):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)
print(f"{'query':<22} {'local ms':>9} {'server ms':>10}")
local_all, server_all = [], []
for q in queries:
    l = median_ms([newsdb, "--db", db, "search", q])
    s = median_ms([newsdb, "search", "--server", server, q])
    local_all.append(l); server_all.append(s)
    print(f"{q:<22} {l:9.1f} {s:10.1f}")
print(f"median over queries: local {statistics.median(local_all):.1f} ms, server {statistics.median(server_all):.1f} ms")
PY
