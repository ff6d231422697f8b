#!/usr/bin/env python3
"""How every cost grows with the archive (issue 25): one command over generated corpora.

    bench/scale/run.py --sizes 10000,100000 --data /work/scale-data --build build --out /tmp/scale.md

For each size N: generates the corpus (bench/scale/generate.py, kept in DATA/N for the next run),
ingests it into a fresh archive (DATA/N.db, deleted at the end unless --keep), and measures: ingest
wall, articles/s, MB/s of passage text, peak RSS (ru_maxrss via wait4), archive size / passage text;
a no-op re-ingest; a re-ingest after a line was appended to 1 % of the files; whole-process search
latency p50/p95 over the query set below (article level, the default, and --within passage), as
ingested and after `newsdb optimize`; `count --by year` for a common word; `export` of every article
holding `the` (time, peak RSS, rows); `check` and `optimize` time. Writes a Markdown report (--out)
and the figures as JSON (--json) for bench/scale/plot.py.
"""
import argparse
import json
import os
import shlex
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.realpath(__file__))

# name, query, extra options. Common words first: "frequent" marks the ones the frequent-word
# target is about (any frequent word, not only optimize's).
QUERIES = [
    ("frequent: the", "the", [], "frequent"),
    ("frequent: said", "said", [], "frequent"),
    ("frequent: government", "government", [], "frequent"),
    ("frequent: market", "market", [], "frequent"),
    ("frequent: people", "people", [], "frequent"),
    ("rare: sorghum", "sorghum", [], "selective"),
    ("AND: oil prices", "oil prices", [], "selective"),
    ('phrase: "interest rates"', '"interest rates"', [], "selective"),
    ('phrase: "prime minister"', '"prime minister"', [], "selective"),
    ("prefix: econom*", "econom*", [], "selective"),
    ("OR: football OR cricket", "football OR cricket", [], "selective"),
    ("NEAR: blair election, 5", "NEAR(blair election, 5)", [], "selective"),
    ("date: oil, 2001-03", "oil", ["--since", "2001-03-01", "--until", "2001-03-31"], "selective"),
    ("source: trade, one source", "trade", ["--source", "Dar Times"], "selective"),
    ("kind: economy, titles", "economy", ["--kind", "title"], "selective"),
]


def run(cmd, ok=(0,), quiet=True):
    """Runs cmd; returns (wall seconds, peak RSS MB, stdout)."""
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = p.communicate()
    wall = time.monotonic() - t0
    if p.returncode not in ok:
        sys.exit(f"failed ({p.returncode}): {shlex.join(cmd)}\n{err.decode(errors='replace')}")
    return wall, None, out


def run_rss(cmd, ok=(0,)):
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(p.pid, 0)
    wall = time.monotonic() - t0
    err = p.stderr.read().decode(errors="replace")
    code = os.waitstatus_to_exitcode(status)
    if code not in ok:
        sys.exit(f"failed ({code}): {shlex.join(cmd)}\n{err}")
    return wall, usage.ru_maxrss / 1024.0


def sql(db, query):
    return subprocess.run(["sqlite3", "-readonly", db, query], check=True, capture_output=True, text=True).stdout.strip()


def pct(values, q):
    v = sorted(values)
    return v[min(len(v) - 1, int(round(q * (len(v) - 1))))]


def latencies(newsdb, db, runs, unit):
    out = {}
    for name, query, opts, group in QUERIES:
        cmd = [newsdb, "--db", db, "-q", "search", query, "--limit", "20", "--color", "never"] + opts
        if unit == "passage":
            cmd += ["--within", "passage"]
        run(cmd, ok=(0, 1))  # warm-up; 1: nothing matched
        times = [run(cmd, ok=(0, 1))[0] * 1000 for _ in range(runs)]
        out[name] = {"median_ms": pct(times, 0.5), "group": group}
    return out


def summary(lat):
    values = [v["median_ms"] for v in lat.values()]
    freq = [v["median_ms"] for v in lat.values() if v["group"] == "frequent"]
    sel = [v["median_ms"] for v in lat.values() if v["group"] == "selective"]
    return {"p50_ms": pct(values, 0.5), "p95_ms": pct(values, 0.95), "frequent_max_ms": max(freq),
            "selective_p50_ms": pct(sel, 0.5)}


def measure(n, args, newsdb):
    corpus = os.path.join(args.data, str(n))
    if not os.path.exists(os.path.join(corpus, "manifest.json")):
        subprocess.run(["nice", "-n", "10", sys.executable, os.path.join(HERE, "generate.py"), "--articles", str(n),
                        "--out", corpus, "--seed", str(args.seed), "--corpus", args.corpus], check=True,
                       stdout=subprocess.DEVNULL)
    with open(os.path.join(corpus, "manifest.json")) as fh:
        manifest = json.load(fh)
    db = os.path.join(args.data, f"{n}.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    r = {"articles": n, "manifest": manifest}
    ingest = [newsdb, "--db", db, "-q", "ingest", corpus]
    time.sleep(3.5)  # files younger than 3 s get no stamp (bench/README.md)
    r["ingest_s"], r["ingest_rss_mb"] = run_rss(ingest, ok=(0, 4))
    r["stored_articles"] = int(sql(db, "SELECT count(*) FROM articles"))
    r["passages"] = int(sql(db, "SELECT count(*) FROM passages"))
    text = int(sql(db, "SELECT sum(length(CAST(text AS BLOB))) FROM passages"))
    r["text_mb"] = text / 1e6
    r["archive_mb"] = os.path.getsize(db) / 1e6
    r["archive_per_text"] = os.path.getsize(db) / text
    r["articles_per_s"] = r["stored_articles"] / r["ingest_s"]
    r["mb_per_s"] = r["text_mb"] / r["ingest_s"]
    r["noop_s"], r["noop_rss_mb"] = run_rss(ingest, ok=(0, 4))
    files = sorted(os.path.join(d, f) for d, _s, fs in os.walk(corpus) for f in fs if f.endswith(".txt"))
    changed = files[:: max(1, len(files) // max(1, n // 100))][: max(1, n // 100)]
    for path in changed:
        with open(path, "a") as fh:
            fh.write("\nA line added for the re-ingest step.\n")
    os.utime(corpus)
    time.sleep(3.5)
    r["changed_files"] = len(changed)
    r["changed_s"], _ = run_rss(ingest, ok=(0, 4))
    r["search_ingested"] = latencies(newsdb, db, args.query_runs, "article")
    r["search_ingested_passage"] = latencies(newsdb, db, args.query_runs, "passage")
    r["count_s"], _ = run_rss([newsdb, "--db", db, "-q", "count", "said", "--by", "year"])
    out = os.path.join(args.data, "export.jsonl")
    r["export_s"], r["export_rss_mb"] = run_rss([newsdb, "--db", db, "-q", "export", "the", "-o", out])
    with open(out, "rb") as fh:
        r["export_rows"] = sum(1 for _ in fh)
    os.remove(out)
    r["check_s"], _ = run_rss([newsdb, "--db", db, "-q", "check"])
    r["optimize_s"], r["optimize_rss_mb"] = run_rss([newsdb, "--db", db, "-q", "optimize"])
    r["search_optimized"] = latencies(newsdb, db, args.query_runs, "article")
    r["search_optimized_passage"] = latencies(newsdb, db, args.query_runs, "passage")
    if not args.keep:
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
    # Undo the appended lines so that the next run starts from the generated corpus.
    for path in changed:
        with open(path, "rb+") as fh:
            data = fh.read()
            tail = b"\nA line added for the re-ingest step.\n"
            if data.endswith(tail):
                fh.truncate(len(data) - len(tail))
    return r


def report(results, cmdline):
    lines = ["## Scale: 10k to 1M generated articles (issue 25)", "",
             f"`{cmdline}`", "",
             "| articles | distinct words | files txt/html/md/jsonl | passages | passage text MB | ingest s | articles/s | MB/s | peak RSS MB | archive MB | archive/text | no-op s | 1 % changed s |",
             "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in results:
        m = r["manifest"]
        f = m["files"]
        lines.append(f"| {r['articles']:,} | {m['distinct_words_at'][str(r['articles'])]:,} | {f['txt']}/{f['html']}/{f['md']}/{f['jsonl']} "
                     f"| {r['passages']:,} | {r['text_mb']:.1f} | {r['ingest_s']:.1f} | {r['articles_per_s']:,.0f} | {r['mb_per_s']:.2f} "
                     f"| {r['ingest_rss_mb']:.0f} | {r['archive_mb']:.0f} | {r['archive_per_text']:.2f} | {r['noop_s']:.2f} "
                     f"| {r['changed_s']:.2f} ({r['changed_files']} files) |")
    lines += ["", "| articles | count --by year s | export s (rows, RSS MB) | check s | optimize s (RSS MB) |",
              "| ---: | ---: | --- | ---: | ---: |"]
    for r in results:
        lines.append(f"| {r['articles']:,} | {r['count_s']:.2f} | {r['export_s']:.2f} ({r['export_rows']:,}, {r['export_rss_mb']:.0f}) "
                     f"| {r['check_s']:.2f} | {r['optimize_s']:.2f} ({r['optimize_rss_mb']:.0f}) |")
    lines += ["", "Search, whole process, median of the runs per query, ms (article level | --within passage):", ""]
    head = "| query | " + " | ".join(f"{r['articles']:,} ingested | {r['articles']:,} optimized" for r in results) + " |"
    lines += [head, "| --- |" + " ---: |" * (2 * len(results))]
    for name, _q, _o, _g in QUERIES:
        cells = []
        for r in results:
            for key in ("search_ingested", "search_optimized"):
                cells.append(f"{r[key][name]['median_ms']:.0f} \\| {r[key + '_passage'][name]['median_ms']:.0f}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    for label, key in (("p50", "p50_ms"), ("p95", "p95_ms"), ("frequent max", "frequent_max_ms"),
                       ("selective p50", "selective_p50_ms")):
        cells = []
        for r in results:
            for k in ("search_ingested", "search_optimized"):
                cells.append(f"{summary(r[k])[key]:.0f} \\| {summary(r[k + '_passage'])[key]:.0f}")
        lines.append(f"| **{label}** | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--data", default="/work/scale-data")
    ap.add_argument("--corpus", default=os.path.realpath(os.path.join(HERE, "..", "..", "..", "shared", "corpus")))
    ap.add_argument("--build", default="build")
    ap.add_argument("--seed", type=int, default=25)
    ap.add_argument("--query-runs", type=int, default=5)
    ap.add_argument("--out", default="/tmp/newsdb-scale.md")
    ap.add_argument("--json", default="/tmp/newsdb-scale.json")
    ap.add_argument("--keep", action="store_true", help="keep the archives")
    args = ap.parse_args()
    newsdb = os.path.realpath(os.path.join(args.build, "src", "newsdb"))
    results = []
    for n in (int(s) for s in args.sizes.split(",")):
        results.append(measure(n, args, newsdb))
        with open(args.json, "w") as fh:
            json.dump(results, fh, indent=1)
        with open(args.out, "w") as fh:
            fh.write(report(results, "bench/scale/run.py " + shlex.join(sys.argv[1:])))
        print(f"{n}: done", file=sys.stderr)


if __name__ == "__main__":
    main()
