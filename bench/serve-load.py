#!/usr/bin/env python3
"""Load test of `newsdb serve` (issue 23): requests per second and p50/p99
latency of search pages at 1, 8 and 32 connections (wrk, from Debian), while
an ingest writes to the same archive beside it. Every response must be a 200:
any error, timeout or non-2xx response fails the run.

Usage: bench/serve-load.py [--corpus DIR] [--build DIR] [--seconds N] [--out FILE]
  --corpus   the developer corpus (default ../shared/corpus); a fresh archive of it is built
  --build    where src/newsdb is (default build)
  --seconds  per connection count (default 10)
The queries are the newsdb column of bench/suite/queries.tsv, as /search?q=... pages
(their options as the page's filters), cycled through by every connection.
"""
import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OPTION_PARAMS = {"--since": "since", "--until": "until", "--source": "source", "--kind": "kind",
                 "--lang": "lang", "--author": "author", "--sort": "sort"}


def search_paths():
    paths = []
    with open(os.path.join(ROOT, "bench", "suite", "queries.tsv")) as f:
        for line in f:
            if line.startswith("#") or line.startswith("name\t") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            params = [("q", cols[1])]
            words = shlex.split(cols[2]) if cols[2] != "-" else []
            for i in range(0, len(words) - 1, 2):
                if words[i] in OPTION_PARAMS:
                    params.append((OPTION_PARAMS[words[i]], words[i + 1]))
                elif words[i] == "--exact":
                    params.append(("exact", "1"))
            paths.append("/search?" + urllib.parse.urlencode(params))
    return paths


def lua_script(paths, folder):
    body = ",\n".join('  "%s"' % p.replace("\\", "\\\\").replace('"', '\\"') for p in paths)
    script = f"""paths = {{
{body}
}}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
"""
    path = os.path.join(folder, "paths.lua")
    with open(path, "w") as f:
        f.write(script)
    return path


def to_ms(text):
    m = re.match(r"([\d.]+)(us|ms|s)", text)
    value, unit = float(m.group(1)), m.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def cpu_seconds(pid):
    """The process's user + system CPU time so far (all its threads)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_wrk(url, connections, seconds, script):
    threads = min(connections, 2)
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s",
                          "-s", script, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = to_ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    p99 = to_ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    errors = 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if m:
        errors += sum(int(x) for x in m.groups())
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if m:
        errors += int(m.group(1))
    return rps, p50, p99, total, errors, out


def main():
    ap = argparse.ArgumentParser()
    shared = next((p for p in (os.path.join(os.path.dirname(ROOT), "shared"),
                               os.path.join(os.path.dirname(os.path.dirname(ROOT)), "shared")) if os.path.isdir(p)),
                  os.path.join(os.path.dirname(ROOT), "shared"))
    ap.add_argument("--corpus", default=os.path.join(shared, "corpus"))
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--out")
    ap.add_argument("--max-requests", type=int, help="newsdb serve --max-requests")
    ap.add_argument("--no-ingest", action="store_true", help="the same load without the ingest beside it")
    args = ap.parse_args()
    newsdb = os.path.join(args.build, "src", "newsdb")
    if not shutil.which("wrk"):
        sys.exit("serve-load: wrk is missing (apt-get install wrk)")
    work = tempfile.mkdtemp(prefix="newsdb-serve-load-")
    server = None
    try:
        db = os.path.join(work, "archive.db")
        t = time.time()
        if not os.path.isdir(args.corpus):
            sys.exit(f"serve-load: no corpus at {args.corpus} (pass --corpus)")
        subprocess.run([newsdb, "--db", db, "-q", "ingest", args.corpus], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        print(f"archive of {args.corpus} built in {time.time() - t:.1f} s", file=sys.stderr)
        # What the ingest beside the load writes: a copy of the corpus's BBC folder, each file changed,
        # so that every one is a new article (a re-ingest of the same files would write nothing).
        extra = os.path.join(work, "extra")
        src = os.path.join(args.corpus, "bbc")
        n = 0
        for dirpath, _, files in os.walk(src):
            for name in files:
                if not name.endswith(".txt"):
                    continue
                rel = os.path.relpath(os.path.join(dirpath, name), src)
                dst = os.path.join(extra, rel)
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                with open(os.path.join(dirpath, name), "rb") as f:
                    data = f.read()
                with open(dst, "wb") as f:
                    f.write(data + b"\n\nCopied for the serve load test.\n")
                n += 1
        serve = [newsdb, "--db", db, "serve", "--port", "0"]
        if args.max_requests:
            serve += ["--max-requests", str(args.max_requests)]
        server = subprocess.Popen(serve, stdout=subprocess.PIPE, text=True)
        line = server.stdout.readline()
        base = next(w for w in line.split() if w.startswith("http://")).rstrip("/")
        paths = search_paths()
        for p in paths:  # every page answers before the load starts
            with urllib.request.urlopen(base + p, timeout=30) as r:
                assert r.status == 200, p
        script = lua_script(paths, work)
        rows = []
        rounds = [0]

        def ingest_loop(stop):
            # Ingests run back to back for the whole step; each round changes every copy first,
            # so that each one writes all of them again (a re-ingest of the same bytes writes nothing).
            while not stop.is_set():
                for dirpath, _, files in os.walk(extra):
                    for name in files:
                        with open(os.path.join(dirpath, name), "ab") as f:
                            f.write(b"Again.\n")
                subprocess.run([newsdb, "--db", db, "-q", "ingest", "--batch", "20", extra],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                rounds[0] += 1

        for connections in (1, 8, 32):
            stop = threading.Event()
            writer = None if args.no_ingest else threading.Thread(target=ingest_loop, args=(stop,))
            rounds[0] = 0
            if writer:
                writer.start()
                time.sleep(1)  # the first batches are being written when the load starts
            cpu_before = cpu_seconds(server.pid)
            rps, p50, p99, total, errors, out = run_wrk(base + "/", connections, args.seconds, script)
            cpu_ms = (cpu_seconds(server.pid) - cpu_before) * 1000 / max(1, total)
            stop.set()
            if writer:
                writer.join()
            rows.append((connections, rps, p50, p99, total, errors, rounds[0], cpu_ms))
            print(f"{connections:>2} connections: {rps:8.1f} req/s, p50 {p50:.2f} ms, p99 {p99:.2f} ms, "
                  f"server CPU {cpu_ms:.1f} ms per request, "
                  f"{total} requests, {errors} errors, {rounds[0]} ingests of {n} changed articles beside",
                  file=sys.stderr)
            if errors:
                print(out, file=sys.stderr)
        table = ["| connections | requests/s | p50 | p99 | server CPU per request | requests | errors | ingests beside |",
                 "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for c, rps, p50, p99, total, errors, ingests, cpu_ms in rows:
            table.append(f"| {c} | {rps:.0f} | {p50:.1f} ms | {p99:.1f} ms | {cpu_ms:.1f} ms | {total} | {errors} | "
                         f"{ingests} |")
        text = "\n".join(table) + "\n"
        print(text)
        print(f"(machine load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; "
              f"{len(paths)} search pages of bench/suite/queries.tsv in turn, {args.seconds} s per step; "
              f"beside it, ingests of {n} changed BBC articles back to back, batches of 20 files)")
        if args.out:
            with open(args.out, "w") as f:
                f.write(text)
        return 1 if any(r[5] for r in rows) else 0
    finally:
        if server and server.poll() is None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
