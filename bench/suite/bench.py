#!/usr/bin/env python3
"""The newsdb benchmark suite (issue 5): ingest, the SQLite engine limit, peer
indexers, query latency, re-ingest and growth, written up as one Markdown report.

Not a test: the figures depend on the machine. Run it through bench/run.sh.
Standard library only. Works on a copy of the corpus in a temporary folder.
"""
import argparse
import datetime
import json
import os
import platform
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
BIG_MB = 64  # step 7: the size of the one big JSON Lines file
ARTICLE = "newsdb articles"  # step 4: the article-level form of each query, as a tool of its own
END_MARKER = "<!-- end of generated report: text below this line is kept on regeneration -->"
TIMEOUT_S = 1800
OMEGA_CGI = Path("/usr/lib/cgi-bin/omega/omega")  # from xapian-omega; also counts omindex's documents
ARTICLE_SUFFIXES = {".txt", ".html", ".md", ".json", ".jsonl", ".sgm"}


class BenchError(Exception):
    pass


def say(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


@dataclass
class Proc:
    wall: float
    rss_kb: int
    rc: int
    out: str
    err: str


class Runner:
    """Runs commands, timing each one and taking its peak RSS from wait4()."""

    def __init__(self, work, build):
        self.work = str(work)
        self.build = str(build)
        self.commands = {}  # section -> list of shown commands (in order, unique)
        self.files = {}  # shown path -> content, for files the commands read

    def show_file(self, path):
        name = str(path).replace(self.work, "$WORK")
        self.files[name] = Path(path).read_text().replace(self.work, "$WORK").replace(self.build, "$BUILD")

    def shown(self, cmd, env=None, stdin=None):
        if cmd and cmd[0] == "#":
            return "# " + " ".join(cmd[1:])
        text = " ".join(quote(c) for c in cmd)
        if env:
            text = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items()) + " " + text
        if stdin:
            text += f" < {shlex.quote(str(stdin))}"
        text = text.replace(self.work, "$WORK").replace(self.build, "$BUILD")
        return text.replace(str(ROOT) + "/", "")

    def note(self, section, cmd, env=None, stdin=None):
        text = self.shown(cmd, env, stdin)
        lst = self.commands.setdefault(section, [])
        if text not in lst:
            lst.append(text)

    def run(self, cmd, ok=(0,), env=None, stdin=None, section=None, cwd=None):
        if section:
            self.note(section, cmd, env, stdin)
        full_env = dict(os.environ, **env) if env else None
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            fin = open(stdin, "rb") if stdin else subprocess.DEVNULL
            try:
                t0 = time.perf_counter()
                try:
                    p = subprocess.Popen(cmd, stdin=fin, stdout=out, stderr=err, env=full_env,
                                         cwd=cwd, start_new_session=True)
                except OSError as e:
                    raise BenchError(f"cannot run {cmd[0]}: {e}") from e
                timer = threading.Timer(TIMEOUT_S, lambda: os.killpg(p.pid, signal.SIGKILL))
                timer.start()
                _, status, usage = os.wait4(p.pid, 0)
                wall = time.perf_counter() - t0
                timer.cancel()
            finally:
                if stdin:
                    fin.close()
            p.returncode = rc = os.waitstatus_to_exitcode(status)
            out.seek(0)
            err.seek(0)
            res = Proc(wall, usage.ru_maxrss, rc, out.read().decode("utf-8", "replace"),
                       err.read().decode("utf-8", "replace"))
        if rc not in ok:
            tail = (res.err.strip() or res.out.strip())[-1500:]
            raise BenchError(f"command failed with exit code {rc} (expected {'/'.join(map(str, ok))}):\n"
                             f"  {self.shown(cmd, env, stdin)}\n{tail}")
        return res


# ---------------------------------------------------------------- formatting

def quote(word):
    """Shell quoting that stays readable for SQL (single quotes inside double quotes)."""
    q = shlex.quote(word)
    if q == word or "'" not in word or any(ch in word for ch in '"$`\\!'):
        return q
    return f'"{word}"'

def med(values):
    return statistics.median(values) if values else None


def fnum(x, digits=2):
    if x is None:
        return "—"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    if digits == 2 and abs(x) < 1:
        digits = 3
    return f"{x:.{digits}f}"


def span(values, digits=2, scale=1.0):
    """'median (min–max)' of a list of numbers, or — when empty."""
    if not values:
        return "—"
    v = [x * scale for x in values]
    if len(v) == 1:
        return fnum(v[0], digits)
    return f"{fnum(statistics.median(v), digits)} ({fnum(min(v), digits)}–{fnum(max(v), digits)})"


def mb(nbytes):
    return nbytes / 1e6


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |",
             "| " + " | ".join("---" if i == 0 else "---:" for i in range(len(header))) + " |"]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def file_size(path):
    """A database's bytes on disk, counting a -wal file left beside it."""
    total = 0
    for p in (Path(path), Path(str(path) + "-wal")):
        if p.exists():
            total += p.stat().st_size
    return total


def dir_size(path):
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())


# ---------------------------------------------------------------- the suite

class Suite:
    def __init__(self, args, work):
        self.a = args
        self.work = Path(work)
        self.build = Path(args.build).resolve()
        self.newsdb = str(self.build / "src" / "newsdb")
        self.ext = str(self.build / "src" / "libnewsdb_fts5")
        self.r = Runner(self.work, self.build)
        self.corpus_src = Path(args.corpus).resolve()
        self.copy = self.work / "corpus"
        self.archive = self.work / "archive.db"
        self.res = {}
        self.notes = []
        self.runs = args.runs
        self.qruns = args.query_runs
        self.omega = None  # how Xapian queries are run: ("quest"|"omega", ...)
        self.recoll_conf = self.work / "recoll"
        self.omega_db = self.work / "omega"

    # ------------------------------------------------------------ helpers
    def sqlite(self, db, sql, load=False, section=None):
        cmd = ["sqlite3", "-batch", "-bail"]
        if load:
            cmd += ["-cmd", f".load {self.ext}"]
        cmd += [str(db), sql]
        return self.r.run(cmd, section=section).out

    def sqlite_num(self, db, sql, load=False, section=None):
        out = self.sqlite(db, sql, load, section).strip()
        return int(out) if out and out != "" else 0

    def ingest(self, db, path, section, extra=()):
        res = self.r.run([self.newsdb, "--db", str(db), "ingest", *extra, str(path)], ok=(0, 4),
                         section=section)
        text = res.out + res.err
        line = next((ln for ln in text.splitlines() if ln.startswith("ingested into")), None)
        if line is None:
            raise BenchError(f"could not find the ingest summary ('ingested into …') in:\n{text[-800:]}")
        counts = dict.fromkeys(("added", "replaced", "unchanged", "failed", "skipped"), 0)
        for num, key in re.findall(r"(\d+) (added|replaced|unchanged|failed|skipped)", line):
            counts[key] = int(num)
        return res, counts

    def passage_stats(self, db, section=None):
        out = self.sqlite(db, "SELECT count(*), coalesce(sum(length(CAST(text AS BLOB))), 0) FROM passages",
                          section=section)
        n, b = out.strip().split("|")
        return int(n), int(b)

    # ------------------------------------------------------------ setup
    def prepare(self):
        say(f"copying {self.corpus_src} to {self.copy}")
        self.r.run(["cp", "-r", "--preserve=timestamps", str(self.corpus_src), str(self.copy)], section="setup")
        self.r.run(["chmod", "-R", "u+w", str(self.copy)], section="setup")
        files = sorted(p for p in self.copy.rglob("*") if p.is_file())
        self.files = files
        self.res["corpus"] = {
            "files": len(files),
            "bytes": sum(p.stat().st_size for p in files),
            "by_ext": {},
        }
        for p in files:
            ext = p.suffix.lower() or "(none)"
            self.res["corpus"]["by_ext"][ext] = self.res["corpus"]["by_ext"].get(ext, 0) + 1
        self.have_dbstat = subprocess.run(["sqlite3", ":memory:", "SELECT count(*) FROM dbstat"],
                                          capture_output=True).returncode == 0

    # ------------------------------------------------------------ 1. ingest
    def ingest_once(self, i):
        sec = "1. Ingest"
        acc = self.acc.setdefault("ingest", {"wall": [], "rss_kb": [], "size": [], "counts": None})
        db = self.work / f"ingest-{i}.db"
        say(f"ingest run {i + 1}/{self.runs}")
        res, acc["counts"] = self.ingest(db, self.copy, sec)
        acc["wall"].append(res.wall)
        acc["rss_kb"].append(res.rss_kb)
        acc["size"].append(file_size(db))
        if i == 0:
            shutil.move(str(db), str(self.archive))
            for suffix in ("-wal", "-shm"):
                if Path(str(db) + suffix).exists():
                    shutil.move(str(db) + suffix, str(self.archive) + suffix)
            self.ingest_measure_archive()
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(str(db) + suffix).unlink(missing_ok=True)

    def ingest_measure_archive(self):
        sec = "1. Ingest"
        self.r.note(sec, ["#", "peak RSS: ru_maxrss of the child from wait4(); time: wall clock of the whole process"])
        n, text = self.passage_stats(self.archive, sec)
        if self.have_dbstat:
            orig = self.sqlite_num(self.archive, "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name IN "
                                   "(SELECT name FROM sqlite_schema WHERE tbl_name = 'originals')", section=sec)
            fts = self.sqlite_num(self.archive, "SELECT coalesce(sum(pgsize), 0) FROM dbstat "
                                  "WHERE name LIKE 'passages_fts%'", section=sec)
            size_no_orig = file_size(self.archive) - orig
            how = "archive size − the originals table's pages (dbstat)"
        else:
            db = self.work / "no-originals.db"
            self.ingest(db, self.copy, sec, extra=("--no-originals",))
            size_no_orig = file_size(db)
            orig = file_size(self.archive) - size_no_orig
            fts = None
            how = "size of a second archive ingested with --no-originals"
        self.res["ingest"] = self.acc["ingest"]
        self.res["ingest"].update({
            "passages": n, "text_bytes": text, "originals_bytes": orig, "size_no_orig": size_no_orig,
            "fts_bytes": fts, "no_orig_how": how, "archive_size": file_size(self.archive),
        })

    def step_timed(self):
        """Steps 1-3 interleaved: round i runs newsdb's ingest, each engine
        load and each peer once. This machine's speed drifts (by up to 2x
        within an hour), and running each tool's repeats back to back let the
        drift into their ratios; in rounds it slows every tool alike."""
        self.acc = {}
        for i in range(self.runs):
            self.ingest_once(i)
            if i == 0:
                self.engine_prepare()
            for name in list(self.engine_loads):
                self.engine_once(name, i)
            for name in list(self.peers):
                try:
                    self.peer_once(name, i)
                except BenchError as e:
                    # A peer's failure is reported, not fatal: newsdb's figures still stand.
                    say(f"{name} failed, left out: {e}")
                    self.notes.append(f"{name} failed and is left out: {str(e).splitlines()[0]}")
                    del self.peers[name]
        self.engine_finish()
        self.peers_finish()

    # ------------------------------------------------------------ 2. engine limit
    def engine_prepare(self):
        sec = "2. Engine limit"
        dump = self.work / "dump.csv"
        plain = self.work / "dump-plain.csv"
        for path, expr in ((dump, "p.id, coalesce(a.language, '') || char(31) || p.text"), (plain, "p.id, p.text")):
            script = self.work / f"{path.stem}.sql"
            script.write_text(".headers off\n.mode csv\n"
                              f".output {path}\n"
                              f"SELECT {expr} FROM passages p JOIN articles a ON a.id = p.article_id ORDER BY p.id;\n")
            self.r.run(["sqlite3", "-batch", "-bail", str(self.archive)], stdin=script, section=sec)
            self.r.show_file(script)
        self.engine_loads = {}
        for name, csv_path, tokenize, load in (
                ("newsdb tokenizer", dump, "newsdb", True),
                ("porter unicode61 remove_diacritics 2", plain, "porter unicode61 remove_diacritics 2", False)):
            script = self.work / f"load-{'newsdb' if load else 'porter'}.sql"
            script.write_text(
                (f".load {self.ext}\n" if load else "")
                + "PRAGMA journal_mode=WAL;\n"
                "CREATE TABLE passages(id INTEGER PRIMARY KEY, text TEXT);\n"
                "CREATE VIRTUAL TABLE passages_fts USING fts5(text, content='passages', content_rowid='id', "
                f"tokenize='{tokenize}');\n"
                "BEGIN;\n"
                f".import --csv {csv_path} passages\n"
                "INSERT INTO passages_fts(passages_fts) VALUES('rebuild');\n"
                "COMMIT;\n")
            self.r.show_file(script)
            self.engine_loads[name] = {"wall": [], "size": [], "script": script.read_text(), "path": script,
                                       "csv": csv_path}

    def engine_once(self, name, i):
        sec = "2. Engine limit"
        load = self.engine_loads[name]
        n = self.res["ingest"]["passages"]
        say(f"engine limit ({name}) run {i + 1}/{self.runs}")
        db = self.work / "engine.db"
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        res = self.r.run(["sqlite3", "-batch", "-bail", str(db)], stdin=load["path"], section=sec)
        load["wall"].append(res.wall)
        load["size"].append(file_size(db))
        rows = self.sqlite_num(db, "SELECT count(*) FROM passages")
        if rows != n:
            raise BenchError(f"the engine load stored {rows} passages, the archive has {n}: "
                             f"check {load['csv']} and the .import")
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)

    def engine_finish(self):
        self.res["engine"] = {name: {k: v for k, v in load.items() if k in ("wall", "size", "script")}
                              for name, load in self.engine_loads.items()}
        self.res["engine_text"] = self.res["ingest"]["text_bytes"]

    # ------------------------------------------------------------ 3. peers
    def setup_peers(self):
        self.peers = {}
        if self.a.skip_peers:
            self.notes.append("Peers skipped (--skip-peers).")
            return
        if shutil.which("recollindex") and shutil.which("recollq"):
            self.peers["recoll"] = True
        else:
            self.notes.append("recoll not installed (apt-get install recoll): recollindex/recollq skipped.")
        if shutil.which("omindex"):
            self.peers["omindex"] = True
        else:
            self.notes.append("omindex not installed (apt-get install xapian-omega): omindex skipped.")
        if "omindex" in self.peers:
            if shutil.which("quest"):
                self.omega = "quest"
            elif OMEGA_CGI.exists():
                self.omega = "omega"
                self.notes.append(
                    "`quest` (package xapian-tools) is not installed: Xapian queries run through Omega's "
                    "CGI binary from the command line (`/usr/lib/cgi-bin/omega/omega`, same Xapian query "
                    "parser and database, a one-line template printing the 20 hits' URLs), which is what "
                    "the 'quest' columns show.")
            else:
                self.notes.append("Neither quest (xapian-tools) nor the omega CGI is installed: Xapian queries skipped.")

    def recoll_write_conf(self):
        conf = self.recoll_conf
        conf.mkdir(exist_ok=True)
        (conf / "recoll.conf").write_text(
            f"topdirs = {self.copy}\n"
            "loglevel = 1\n"
            f"logfilename = {conf / 'log.txt'}\n"
            "noaspell = 1\n")
        # Everything newsdb reads as articles, indexed as text (recoll's defaults miss some).
        (conf / "mimemap").write_text("".join(f"{e} = text/plain\n" for e in
                                              (".txt", ".md", ".json", ".jsonl", ".ndjson", ".sgm", ".sgml")))
        self.r.show_file(conf / "recoll.conf")
        self.r.show_file(conf / "mimemap")

    def omindex_cmd(self):
        cmd = ["omindex", "--db", str(self.omega_db), "--url", "/"]
        for e in ("txt", "md", "json", "jsonl", "ndjson", "sgm", "sgml"):
            cmd += ["-M", f"{e}:text/plain"]
        return cmd + [str(self.copy)]

    def peer_once(self, name, i):
        sec = "3. Peers"
        acc = self.acc.setdefault(name, {"wall": []})
        say(f"{'omindex' if name == 'omindex' else 'recollindex'} run {i + 1}/{self.runs}")
        if name == "omindex":
            shutil.rmtree(self.omega_db, ignore_errors=True)
            acc["wall"].append(self.r.run(self.omindex_cmd(), section=sec).wall)
        else:
            if i == 0:
                self.recoll_write_conf()
            shutil.rmtree(self.recoll_conf / "xapiandb", ignore_errors=True)
            acc["wall"].append(self.r.run(self.recoll_cmd(), section=sec).wall)

    def recoll_cmd(self):
        return ["recollindex", "-c", str(self.recoll_conf)]

    # Sizes and document counts of the last round's indexes (their no-op
    # re-runs alternate with newsdb's in step 5).
    def peers_finish(self):
        sec = "3. Peers"
        out = {}
        for name in list(self.peers):
            acc = self.acc[name]
            try:
                if name == "omindex":
                    acc["size"] = dir_size(self.omega_db)
                    self.omega_setup()
                    acc["docs"] = self.xapian_query(None, count=True)
                else:
                    acc["size"] = dir_size(self.recoll_conf / "xapiandb")
                    res = self.r.run(["recollq", "-c", str(self.recoll_conf), "-n", "1", "mime:*"], section=sec)
                    m = re.search(r"(\d+) results", res.out + res.err)
                    acc["docs"] = int(m.group(1)) if m else None
                out[name] = acc
            except BenchError as e:
                say(f"{name} failed, left out: {e}")
                self.notes.append(f"{name} failed and is left out: {str(e).splitlines()[0]}")
                del self.peers[name]
        self.res["peers"] = out

    def omega_setup(self):
        if not OMEGA_CGI.exists():
            return
        tdir = self.work / "omega-templates"
        tdir.mkdir(exist_ok=True)
        (self.work / "omega-log").mkdir(exist_ok=True)
        (tdir / "hits").write_text("$set{flag_wildcard,true}$msize\n$hitlist{$field{url}\n}")
        (tdir / "count").write_text("$dbsize\n")
        (self.work / "omega.conf").write_text(f"database_dir {self.work}\ntemplate_dir {tdir}\n"
                                              f"log_dir {self.work / 'omega-log'}\n")
        for f in (self.work / "omega.conf", tdir / "hits", tdir / "count"):
            self.r.show_file(f)

    def xapian_cmd(self, query, count=False):
        if self.omega == "quest" and not count:
            return ["quest", "-d", str(self.omega_db), "-m", "20", "--default-op=and",
                    "-f", "default,wildcard", query], None
        env = {"OMEGA_CONFIG_FILE": str(self.work / "omega.conf")}
        if count:
            return ["/usr/lib/cgi-bin/omega/omega", "DB=omega", "FMT=count"], env
        return ["/usr/lib/cgi-bin/omega/omega", f"P={query}", "DB=omega", "FMT=hits", "DEFAULTOP=and",
                "HITSPERPAGE=20"], env

    def xapian_query(self, query, count=False):
        if not self.omega or (count and not OMEGA_CGI.exists()):
            return None
        cmd, env = self.xapian_cmd(query, count)
        res = self.r.run(cmd, env=env, section="3. Peers")
        if count:
            nums = re.findall(r"(?:documents|^)\D*?(\d+)\s*$", res.out, re.M)
            return int(nums[-1]) if nums else None
        return res

    # ------------------------------------------------------------ 4. queries
    def load_queries(self):
        path = Path(self.a.queries)
        qs = []
        header = None
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if header is None:
                header = cols
                continue
            if len(cols) != len(header):
                raise BenchError(f"{path}: a line has {len(cols)} columns, the header {len(header)}:\n  {line}")
            q = {k: (None if v == "-" else v) for k, v in zip(header, cols)}
            qs.append(q)
        if len(qs) < 12:
            raise BenchError(f"{path}: the query set needs at least 12 queries, it has {len(qs)}")
        self.queries = qs

    def query_commands(self, q, db):
        """tool -> (cmd, env, ok exit codes) for one query."""
        cmds = {}
        opts = shlex.split(q["options"]) if q["options"] else []
        # Passage level, like the shell's FTS5 query; and the article-level form (the default unit).
        cmds["newsdb"] = ([self.newsdb, "--db", str(db), "search", q["newsdb"], "--within", "passage", "--limit", "20",
                           *opts], None, (0,))
        if q["article"]:
            cmds[ARTICLE] = ([self.newsdb, "--db", str(db), "search", q["article"], "--limit", "20", *opts], None, (0,))
        match = q["fts5"].replace("'", "''")
        cond = f" AND {q['sql']}" if q["sql"] else ""
        sql = ("SELECT p.id, snippet(passages_fts, 0, '[', ']', '…', 32), a.title, a.date, a.source "
               "FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid JOIN articles a ON a.id = p.article_id "
               f"WHERE passages_fts MATCH '{match}'{cond} ORDER BY rank LIMIT 20;")
        cmds["sqlite3"] = (["sqlite3", "-batch", "-bail", "-cmd", f".load {self.ext}", str(db), sql], None, (0,))
        return cmds

    def peer_query_commands(self, q):
        cmds = {}
        if q["rg"] and shutil.which("rg"):
            cmds["rg"] = (["rg", "-i", "-l", *shlex.split(q["rg"]), str(self.copy)], None, (0, 1))
        if q["recoll"] and "recoll" in self.res.get("peers", {}):
            cmds["recollq"] = (["recollq", "-c", str(self.recoll_conf), "-n", "20", q["recoll"]], None, (0,))
        if q["xapian"] and "omindex" in self.res.get("peers", {}) and self.omega:
            cmd, env = self.xapian_cmd(q["xapian"])
            cmds["quest"] = (cmd, env, (0,))
        return cmds

    def time_queries(self, db, reps, section, peers=True):
        """Per query: tool -> list of wall times (ms), after one warm-up run each."""
        results = []
        for i, q in enumerate(self.queries):
            cmds = self.query_commands(q, db)
            if peers:
                cmds.update(self.peer_query_commands(q))
            row = {"q": q, "times": {}, "out": {}}
            for tool, (cmd, env, ok) in cmds.items():
                try:
                    first = self.r.run(cmd, env=env, ok=ok, section=section if i == 0 else None)
                    row["out"][tool] = first.out
                    row["times"][tool] = [self.r.run(cmd, env=env, ok=ok).wall * 1000 for _ in range(reps)]
                except BenchError as e:
                    if tool in ("newsdb", ARTICLE, "sqlite3"):
                        raise
                    say(f"{tool} failed on query {q['name']!r}, left out: {e}")
                    self.notes.append(f"{tool} failed on query {q['name']!r} and is left out there: "
                                      f"{str(e).splitlines()[0]}")
                    row["times"].pop(tool, None)
            results.append(row)
        self.r.note(section, ["#", "the other queries run the same commands with their own forms from the "
                                   "query-set table (FTS5 MATCH text and SQL condition, rg arguments, recollq "
                                   "and Xapian queries; newsdb options appended after --limit 20)"])
        return results

    def step_queries(self):
        sec = "4. Query latency"
        # As ingested (newsdb and the shell only; the peers' indexes do not change), then after
        # `newsdb optimize`, which merges the index and ranks the most common words ahead.
        say(f"query latency as ingested: {len(self.queries)} queries, 1 warm-up + {self.qruns} runs per tool")
        self.res["queries_ingested"] = self.time_queries(self.archive, self.qruns, sec, peers=False)
        say("newsdb optimize")
        before = file_size(self.archive)
        res = self.r.run([self.newsdb, "--db", str(self.archive), "optimize"], section=sec)
        self.res["optimize"] = {"wall": res.wall, "out": res.out, "size_before": before,
                                "size_after": file_size(self.archive)}
        say(f"query latency after optimize: 1 warm-up + {self.qruns} runs per tool")
        self.res["queries"] = self.time_queries(self.archive, self.qruns, sec)
        # Untimed: how many passages each query matches, for judging the latencies.
        for row in self.res["queries"]:
            q = row["q"]
            cond = f" AND {q['sql']}" if q["sql"] else ""
            sql = ("SELECT count(*) FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid "
                   "JOIN articles a ON a.id = p.article_id "
                   f"WHERE passages_fts MATCH '{q['fts5'].replace(chr(39), chr(39) * 2)}'{cond}")
            row["matches"] = self.sqlite_num(self.archive, sql, load=True,
                                             section=sec if row is self.res["queries"][0] else None)

    # ------------------------------------------------------------ 5. re-ingest
    def step_reingest(self):
        sec = "5. Re-ingest"
        out = {}
        walls, counts = [], None
        # In rounds with the peers' no-op re-runs, which it is compared with.
        for name in self.res["peers"]:
            self.res["peers"][name]["noop"] = []
        for i in range(self.runs):
            res, counts = self.ingest(self.archive, self.copy, sec)
            walls.append(res.wall)
            for name, peer in self.res["peers"].items():
                cmd = self.omindex_cmd() if name == "omindex" else self.recoll_cmd()
                peer["noop"].append(self.r.run(cmd, section="3. Peers").wall)
        out["noop"] = {"wall": walls, "counts": counts}
        txt = [p for p in self.files if p.suffix.lower() == ".txt"]
        n_edit = max(1, round(len(txt) / 100))
        chosen = [txt[(k * len(txt)) // n_edit] for k in range(n_edit)]
        walls = []
        for i in range(self.runs):
            for k, p in enumerate(chosen):
                with open(p, "a", encoding="utf-8") as f:
                    f.write(f"\nBenchmark edit {i + 1}.{k}: one short added line of text.\n")
            res, counts = self.ingest(self.archive, self.copy, sec)
            walls.append(res.wall)
        out["modify"] = {"wall": walls, "counts": counts, "files": n_edit, "of": len(txt)}
        n_touch = max(1, round(len(self.files) / 100))
        touched = [self.files[(k * len(self.files)) // n_touch] for k in range(n_touch)]
        walls = []
        for i in range(self.runs):
            now = time.time() + i + 1
            for p in touched:
                os.utime(p, (now, now))
            res, counts = self.ingest(self.archive, self.copy, sec)
            walls.append(res.wall)
        out["touch"] = {"wall": walls, "counts": counts, "files": n_touch, "of": len(self.files)}
        self.r.note(sec, ["#", f"modify: append one line to {n_edit} of the {len(txt)} .txt files "
                               "(every (len/n)-th of the sorted list) before each run"])
        self.r.note(sec, ["#", f"touch: set the mtime of {n_touch} of the {len(self.files)} files "
                               "(every (len/n)-th of the sorted list) before each run"])
        self.res["reingest"] = out

    # ------------------------------------------------------------ 6. growth
    def step_growth(self):
        sec = "6. Growth"
        src_files = sorted(p for p in self.corpus_src.rglob("*") if p.is_file())
        out = []
        for pct in (10, 30):
            sub = self.work / f"subset-{pct}"
            chosen = [f for i, f in enumerate(src_files) if ((i + 1) * pct) // 100 > (i * pct) // 100]
            for f in chosen:
                dest = sub / f.relative_to(self.corpus_src)
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(f, dest)
            walls = []
            for i in range(self.runs):
                say(f"growth {pct} %: ingest run {i + 1}/{self.runs}")
                db = self.work / f"growth-{pct}.db"
                for suffix in ("", "-wal", "-shm"):
                    Path(str(db) + suffix).unlink(missing_ok=True)
                res, _ = self.ingest(db, sub, sec)
                walls.append(res.wall)
            n, text = self.passage_stats(db)
            say(f"growth {pct} %: queries")
            qres = self.time_queries(db, max(3, self.qruns // 2), sec, peers=False)
            out.append({"pct": pct, "files": len(chosen), "bytes": sum(f.stat().st_size for f in chosen),
                        "wall": walls, "passages": n, "text": text,
                        "q_newsdb": med([med(r["times"]["newsdb"]) for r in qres]),
                        "q_article": article_median(qres),
                        "q_sqlite": med([med(r["times"]["sqlite3"]) for r in qres])})
            shutil.rmtree(sub)
            for suffix in ("", "-wal", "-shm"):
                Path(str(db) + suffix).unlink(missing_ok=True)
        self.r.note(sec, ["#", "subset of p %: file i (0-based, of the sorted list) is kept when "
                               "floor((i+1)·p/100) > floor(i·p/100); 100 % reuses steps 1 and 4"])
        ing = self.res["ingest"]
        # Like the subsets: as ingested, before optimize.
        q_full = self.res.get("queries_ingested") or self.res["queries"]
        out.append({"pct": 100, "files": self.res["corpus"]["files"], "bytes": self.res["corpus"]["bytes"],
                    "wall": ing["wall"], "passages": ing["passages"], "text": ing["text_bytes"],
                    "q_newsdb": med([med(r["times"]["newsdb"]) for r in q_full]),
                    "q_article": article_median(q_full),
                    "q_sqlite": med([med(r["times"]["sqlite3"]) for r in q_full])})
        self.res["growth"] = out

    # ------------------------------------------------------------ 7. one big file
    def step_big_file(self):
        """Peak memory must not grow with the input: one JSON Lines file of
        BIG_MB, the corpus's own JSON Lines articles repeated, each copy's
        titles and texts made distinct (so none is stored twice)."""
        sec = "7. One big JSON Lines file"
        sources = sorted(p for p in self.corpus_src.rglob("*")
                         if p.is_file() and p.suffix.lower() in (".jsonl", ".ndjson"))
        lines = []
        for p in sources:
            for ln in p.read_text(encoding="utf-8", errors="replace").splitlines():
                try:
                    obj = json.loads(ln)
                except ValueError:
                    continue
                if isinstance(obj, dict):
                    lines.append(obj)
        if not lines:
            self.res["big"] = None
            return
        big = self.work / "big" / "big.jsonl"
        big.parent.mkdir()
        size, copy = 0, 0
        with big.open("w", encoding="utf-8") as f:
            while size < BIG_MB << 20:
                for obj in lines:
                    o = dict(obj)
                    for key, value in o.items():
                        if isinstance(value, str) and key not in ("url", "date", "date_extracted", "source", "author"):
                            o[key] = f"{value} (copy {copy})"
                    if "url" in o:
                        o["url"] = f"{o['url']}?copy={copy}"
                    row = json.dumps(o, ensure_ascii=False) + "\n"
                    f.write(row)
                    size += len(row.encode("utf-8"))
                copy += 1
        walls, rss, counts = [], [], None
        db = self.work / "big.db"
        for i in range(self.runs):
            say(f"big file: ingest run {i + 1}/{self.runs}")
            for suffix in ("", "-wal", "-shm"):
                Path(str(db) + suffix).unlink(missing_ok=True)
            res, counts = self.ingest(db, big, sec)
            walls.append(res.wall)
            rss.append(res.rss_kb)
        n, text = self.passage_stats(db)
        self.r.note(sec, ["#", f"{big.name}: the {len(lines)} JSON Lines articles of the corpus "
                               f"({', '.join(p.name for p in sources)}) written {copy} times, every string "
                               "field but url, date, source and author suffixed ' (copy k)', the url '?copy=k'"])
        self.res["big"] = {"bytes": size, "copies": copy, "articles": counts["added"], "wall": walls,
                           "rss_kb": rss, "passages": n, "text": text}
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        shutil.rmtree(big.parent)

    # ------------------------------------------------------------ machine
    def machine(self):
        info = {}
        try:
            cpu = Path("/proc/cpuinfo").read_text()
            m = re.search(r"^model name\s*:\s*(.+)$", cpu, re.M)
            info["cpu"] = m.group(1).strip() if m else platform.processor()
        except OSError:
            info["cpu"] = platform.processor() or "?"
        info["cores"] = os.cpu_count()
        try:
            m = re.search(r"^MemTotal:\s*(\d+) kB", Path("/proc/meminfo").read_text(), re.M)
            info["ram"] = f"{int(m.group(1)) / 1024 / 1024:.1f} GiB"
        except (OSError, AttributeError):
            info["ram"] = "?"
        info["kernel"] = platform.release()
        try:
            fs = subprocess.run(["findmnt", "-n", "-o", "SOURCE,FSTYPE", "--target", str(self.work)],
                                capture_output=True, text=True).stdout.strip()
            info["disk"] = f"work folder on {fs}" if fs else "?"
        except OSError:
            info["disk"] = "?"
        info["load"] = os.getloadavg()
        return info

    def versions(self):
        def first_line(cmd):
            try:
                p = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
                return ((p.stdout or p.stderr).strip().splitlines() or ["?"])[0]
            except (OSError, subprocess.TimeoutExpired):
                return "not installed"
        v = {"newsdb": first_line([self.newsdb, "--version"]),
             "sqlite3": " ".join(first_line(["sqlite3", "--version"]).split()[:2]),
             "rg": first_line(["rg", "--version"]),
             "python": platform.python_version()}
        if shutil.which("recollindex"):
            p = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", "recollcmd"], capture_output=True, text=True)
            v["recoll"] = p.stdout.strip() or "?"
        if shutil.which("omindex"):
            v["omindex"] = first_line(["omindex", "--version"])
        return v


# ---------------------------------------------------------------- the report

def ratio_cell(measured, target, kind):
    """kind 'le': measured must be ≤ target; 'ge': ≥ target."""
    if measured is None:
        return "—", "not measured"
    if kind == "le":
        met = measured <= target
        by = measured / target - 1
    else:
        met = measured >= target
        by = 1 - measured / target
    return measured, ("met" if met else f"missed by {by * 100:.0f} %")


def report(s, started, duration, info, versions):
    a, res = s.a, s.res
    ing = res["ingest"]
    text = ing["text_bytes"]
    n = ing["passages"]
    L = []
    L.append("# newsdb benchmarks")
    L.append("")
    L.append(f"<!-- generated by bench/run.sh on {started:%Y-%m-%d %H:%M} — rerun it to refresh; "
             "hand-written notes go below the end marker at the bottom -->")
    L.append("")
    L.append(f"Generated {started:%Y-%m-%d %H:%M %Z} by `bench/run.sh` in {duration / 60:.1f} minutes "
             f"({a.runs} runs per ingest-type step, steps 1–3 in rounds of one run of each tool; "
             f"1 warm-up + {a.query_runs} runs per query"
             f"{', quick mode' if a.quick else ''}). Figures are **median (min–max)**; times are wall clock of "
             "the whole process.")
    L.append("")
    L.append("## Machine, versions, corpus")
    L.append("")
    load = info["load"]
    L.append(f"- CPU: {info['cpu']}, {info['cores']} cores; RAM {info['ram']}; kernel {info['kernel']}; "
             f"{info['disk']}; load average at start {load[0]:.2f}, at end {os.getloadavg()[0]:.2f}")
    L.append("- versions: " + "; ".join(f"{k} `{v}`" for k, v in versions.items()))
    c = res["corpus"]
    exts = ", ".join(f"{k} {v}" for k, v in sorted(c["by_ext"].items(), key=lambda kv: -kv[1]))
    L.append(f"- corpus: `{a.corpus}` — {c['files']:,} files ({exts}), {mb(c['bytes']):.1f} MB; "
             f"worked on as a copy (`$WORK/corpus`)")
    L.append(f"- newsdb build: `{a.build_shown}` (CMAKE_BUILD_TYPE {a.build_type})")
    for note in s.notes:
        L.append(f"- note: {note}")
    L.append("")

    # Targets first: what the reader wants.
    L.append("## Targets")
    L.append("")
    eng = res["engine"]["newsdb tokenizer"]
    eng_ratio = med(eng["size"]) / text if text else None
    arch_ratio = ing["size_no_orig"] / text if text else None
    rows = []
    t_ing = med(ing["wall"])
    t_eng = med(eng["wall"])
    m, v = ratio_cell(t_ing / t_eng, 1.3, "le")
    rows.append(["ingest time / engine limit (same tokenizer)", "≤ 1.3×", f"{fnum(m)}×", v])
    peers = res.get("peers", {})
    for name in ("omindex", "recoll"):
        if name in peers:
            m, v = ratio_cell(med(peers[name]["wall"]) / t_ing, 4.0, "ge")
            label = "recollindex" if name == "recoll" else name
            rows.append([f"{label} time / ingest time", "≥ 4×", f"{fnum(m)}×", v])
        else:
            rows.append([f"{'recollindex' if name == 'recoll' else name} time / ingest time", "≥ 4×", "—",
                         "not measured (peer missing)"])
    m, v = ratio_cell(max(ing["rss_kb"]) / 1024, 200, "le")
    rows.append(["peak RSS of ingest (max over runs)", "≤ 200 MB", f"{fnum(m, 1)} MB", v])
    if res.get("big"):
        m, v = ratio_cell(max(res["big"]["rss_kb"]) / 1024, 200, "le")
        rows.append([f"… of one {mb(res['big']['bytes']):.0f} MB JSON Lines file (step 7)", "≤ 200 MB",
                     f"{fnum(m, 1)} MB", v])
    noop = med(res["reingest"]["noop"]["wall"])
    if "omindex" in peers:
        om_noop = med(peers["omindex"]["noop"])
        m, v = ratio_cell(noop / om_noop, 1.0, "le")
        rows.append(["no-op re-ingest / omindex no-op re-run", "< 1×", f"{fnum(m)}× ({fnum(noop)} s vs "
                     f"{fnum(om_noop)} s)", v if m < 1 else f"missed by {(m - 1) * 100:.0f} %"])
    else:
        rows.append(["no-op re-ingest / omindex no-op re-run", "< 1×", "—", "not measured (omindex missing)"])
    q = res["queries"]
    q0 = res.get("queries_ingested", [])
    ratios = [med(r["times"]["newsdb"]) / med(r["times"]["sqlite3"]) for r in q]
    ratios0 = [med(r["times"]["newsdb"]) / med(r["times"]["sqlite3"]) for r in q0]
    m, v = ratio_cell(med(ratios), 1.2, "le")
    rows.append(["search: median over queries of newsdb / sqlite3 shell, after `newsdb optimize`", "≤ 1.2×",
                 f"{fnum(m)}×", v])
    if ratios0:
        m, v = ratio_cell(med(ratios0), 1.2, "le")
        rows.append(["… the same, as ingested (before optimize)", "≤ 1.2×", f"{fnum(m)}×", v])
    for label, rs in (("after `newsdb optimize`", q), ("as ingested (before optimize)", q0)):
        pair = [r for r in rs if ARTICLE in r["times"]]
        if not pair:
            continue
        a_med = med([med(r["times"][ARTICLE]) for r in pair])
        p_med = med([med(r["times"]["newsdb"]) for r in pair])
        m, v = ratio_cell(a_med / p_med, 1.5, "le")
        rows.append([f"article-level search: median over queries, article / passage level, {label} "
                     f"({fnum(a_med, 1)} / {fnum(p_med, 1)} ms)", "≤ 1.5×", f"{fnum(m)}×", v])
    quest_ms = {r["q"]["name"]: med(r["times"]["quest"]) for r in q if "quest" in r["times"]}
    for label, rs in (("after `newsdb optimize`", q), ("as ingested (before optimize)", q0)):
        common = [r for r in rs if r["q"]["name"].startswith("most common") and r["q"]["name"] in quest_ms]
        if not common:
            continue
        worst = max(common, key=lambda r: med(r["times"]["newsdb"]) / quest_ms[r["q"]["name"]])
        m, v = ratio_cell(med(worst["times"]["newsdb"]) / quest_ms[worst["q"]["name"]], 2.0, "le")
        detail = ", ".join(f"{r['q']['newsdb']} {fnum(med(r['times']['newsdb']) / quest_ms[r['q']['name']])}×"
                           for r in common)
        rows.append([f"most common words: newsdb / quest, {label} (worst of: {detail})", "≤ 2×", f"{fnum(m)}×", v])
    if not quest_ms:
        rows.append(["most common words: newsdb / quest", "≤ 2×", "—", "not measured (Xapian query tool missing)"])
    m, v = ratio_cell(arch_ratio / eng_ratio, 1.2, "le")
    rows.append([f"archive/text ratio (without originals) / engine's ({fnum(arch_ratio)} / {fnum(eng_ratio)})",
                 "≤ 1.2×", f"{fnum(m)}×", v])
    L.append(table(["target", "goal", "measured", "result"], rows))
    L.append("")

    # 1. ingest
    L.append("## 1. Ingest into a fresh archive")
    L.append("")
    cnt = ing["counts"]
    L.append(f"Last run's summary: {cnt['added']} added, {cnt['replaced']} replaced, {cnt['unchanged']} unchanged, "
             f"{cnt['failed']} failed, {cnt['skipped']} skipped (exit code 4 when some failed is expected on the "
             f"corpus). {n:,} passages, {text:,} bytes ({mb(text):.2f} MB) of passage text.")
    L.append("")
    walls = ing["wall"]
    rows = [
        ["wall time", span(walls) + " s"],
        ["passage text MB/s", span([mb(text) / w for w in walls])],
        ["passages/s", span([n / w for w in walls], 0)],
        ["input MB/s (file bytes)", span([mb(c["bytes"]) / w for w in walls])],
        ["peak RSS", span(ing["rss_kb"], 1, 1 / 1024) + " MB"],
        ["archive size (with originals)", span(ing["size"], 2, 1e-6) + " MB"],
        ["originals table (zstd)", f"{mb(ing['originals_bytes']):.2f} MB"],
        ["archive without originals", f"{mb(ing['size_no_orig']):.2f} MB ({ing['no_orig_how']})"],
        ["archive / passage text, with originals", fnum(ing["archive_size"] / text)],
        ["archive / passage text, without originals", fnum(arch_ratio)],
    ]
    if ing["fts_bytes"] is not None:
        rows.append(["FTS5 index (passages_fts* pages) / passage text", fnum(ing["fts_bytes"] / text)])
    L.append(table(["measure", "value"], rows))
    L.append("")

    # 2. engine
    L.append("## 2. The engine limit (stock sqlite3 shell, bulk load + 'rebuild', one transaction)")
    L.append("")
    rows = []
    for name, e in res["engine"].items():
        rows.append([name, span(e["wall"]) + " s", span([mb(text) / w for w in e["wall"]]),
                     span([n / w for w in e["wall"]], 0), span(e["size"], 2, 1e-6) + " MB",
                     fnum(med(e["size"]) / text), fnum(t_ing / med(e["wall"])) + "×"])
    rows.append(["newsdb ingest (step 1)", span(walls) + " s", span([mb(text) / w for w in walls]),
                 span([n / w for w in walls], 0), f"{mb(ing['size_no_orig']):.2f} MB (no originals)",
                 fnum(arch_ratio), "1×"])
    L.append(table(["load", "time", "text MB/s", "passages/s", "file size", "size / text", "newsdb time / this"],
                   rows))
    L.append("")
    L.append(f"newsdb / engine limit: time **{fnum(t_ing / t_eng)}×**, archive ratio (without originals) / "
             f"engine ratio **{fnum(arch_ratio / eng_ratio)}×**. The engine's passage text carries the "
             "language tag (a few bytes per passage); the porter row's does not.")
    L.append("")
    L.append("The load script (newsdb tokenizer):")
    L.append("")
    L.append("```sql\n" + eng["script"].replace(s.r.work, "$WORK").replace(s.r.build, "$BUILD").rstrip() + "\n```")
    L.append("")

    # 3. peers
    L.append("## 3. Peers on the same files")
    L.append("")
    if peers:
        rows = []
        for name, p in peers.items():
            label = "recollindex" if name == "recoll" else name
            rows.append([label, span(p["wall"]) + " s", fnum(med(p["wall"]) / t_ing) + "×",
                         span(p["noop"]) + " s", f"{mb(p['size']):.2f} MB", fnum(p["size"] / text),
                         f"{p['docs']:,}" if p["docs"] is not None else "?"])
        rows.append(["newsdb ingest", span(walls) + " s", "1×", span(res["reingest"]["noop"]["wall"]) + " s",
                     f"{mb(ing['archive_size']):.2f} MB", fnum(ing["archive_size"] / text),
                     f"{cnt['added'] + cnt['unchanged']:,} articles from {c['files']:,} files"])
        L.append(table(["indexer", "index time", "time / newsdb", "no-op re-run", "index size",
                        "size / newsdb passage text", "documents indexed"], rows))
        L.append("")
        L.append("What each indexed: omindex counts documents in its database (Omega `$dbsize`), recoll the "
                 "results of `recollq mime:*`; both index every file under the copy, text-like ones as "
                 "text/plain (mappings in the commands), and newsdb splits multi-article files (the JSON Lines "
                 "file, Reuters collections) into articles and skips README files, so the counts differ by design. "
                 "omindex and recoll store their own term positions and document data; neither keeps the "
                 "original files.")
    else:
        L.append("Not run: " + " ".join(s.notes))
    L.append("")

    # 4. queries
    L.append(f"## 4. Query latency (whole process, ms, median (min–max) of {a.query_runs} runs after a warm-up)")
    L.append("")
    if "optimize" in res:
        o = res["optimize"]
        L.append(f"Timed on the archive of step 1 after `newsdb optimize` ({fnum(o['wall'])} s; archive "
                 f"{mb(o['size_before']):.2f} → {mb(o['size_after']):.2f} MB), which merges the FTS5 index into "
                 "one segment and ranks the archive's most common words ahead (a search for one of them reads "
                 "its first 100 hits instead of ranking every match; same hits and scores). The sqlite3 shell "
                 "runs on the same file. Its output:")
        L.append("")
        L.append("```\n" + o["out"].replace(str(s.archive), "$WORK/archive.db").rstrip() + "\n```")
        L.append("")
    tools = ["newsdb", ARTICLE, "sqlite3", "rg", "recollq", "quest"]
    present = [t for t in tools if any(t in r["times"] for r in q)]
    rows = []
    for r in q:
        articles = hit_count(ARTICLE, r["out"].get(ARTICLE))
        row = [r["q"]["name"], "`" + r["q"]["newsdb"] + "`" + (f" `{r['q']['options']}`" if r["q"]["options"] else ""),
               f"{r.get('matches', 0):,}", f"{articles:,}" if articles is not None else "—"]
        for t in present:
            row.append(span(r["times"][t], 1) if t in r["times"] else "—")
        row.append(fnum(med(r["times"]["newsdb"]) / med(r["times"]["sqlite3"])) + "×")
        rows.append(row)
    med_row = ["**median**", "", "", ""]
    for t in present:
        vals = [med(r["times"][t]) for r in q if t in r["times"]]
        med_row.append(f"**{fnum(med(vals), 1)}**" if vals else "—")
    med_row.append(f"**{fnum(med(ratios))}×**")
    rows.append(med_row)
    L.append(table(["query", "newsdb query", "passages matched", "articles matched"] + present +
                   ["newsdb / sqlite3"], rows))
    L.append("")
    L.append(f"`{ARTICLE}`: the same query at article level (`newsdb search QUERY --limit 20`, the default unit: "
             "the words anywhere in an article, each result an article with its best passages); `newsdb`: "
             "`--within passage`, every word in one passage, as the sqlite3 shell's FTS5 query.")
    L.append("")
    L.append("`—`: not expressible with that tool (rg has no AND within a passage, NEAR, dates or sources; "
             "recoll and Xapian see files, not articles' dates, sources or passage kinds). The medians of rg, "
             "recollq and quest are over the queries they could run. rg lists the files matching "
             "(`-l`); recollq and quest print the first 20 hits.")
    L.append("")
    if q0:
        L.append("As ingested, before `newsdb optimize` (newsdb and the sqlite3 shell on the same file):")
        L.append("")
        def cell(r, tool):
            return span(r["times"][tool], 1) if tool in r["times"] else "—"

        def article_ratio(r):
            if ARTICLE not in r["times"]:
                return "—"
            return fnum(med(r["times"][ARTICLE]) / med(r["times"]["newsdb"])) + "×"
        rows = [[r["q"]["name"], cell(r, "newsdb"), cell(r, ARTICLE), cell(r, "sqlite3"),
                 fnum(med(r["times"]["newsdb"]) / med(r["times"]["sqlite3"])) + "×", article_ratio(r)] for r in q0]
        a0 = article_median(q0)
        p0 = med([med(r["times"]["newsdb"]) for r in q0])
        rows.append(["**median**", f"**{fnum(p0, 1)}**", f"**{fnum(a0, 1)}**" if a0 else "—",
                     f"**{fnum(med([med(r['times']['sqlite3']) for r in q0]), 1)}**", f"**{fnum(med(ratios0))}×**",
                     f"**{fnum(a0 / p0)}×**" if a0 else "—"])
        L.append(table(["query", "newsdb", ARTICLE, "sqlite3", "newsdb / sqlite3", f"{ARTICLE} / newsdb"], rows))
        L.append("")
    L.append("The query set (`bench/suite/queries.tsv`), with each tool's form:")
    L.append("")
    def form(r, col, tool):
        if not r["q"][col]:
            return "—"
        n = hit_count(tool, r["out"].get(tool))
        return f"`{r['q'][col]}`" + (f" ({n:,})" if n is not None else "")
    rows = [[r["q"]["name"], "`" + r["q"]["fts5"] + "`" + (f" AND `{r['q']['sql']}`" if r["q"]["sql"] else "")
             + f" ({r.get('matches', 0):,})", form(r, "rg", "rg"), form(r, "recoll", "recollq"),
             form(r, "xapian", "quest")] for r in q]
    L.append(table(["query", "FTS5 MATCH (sqlite3) (passages)", "rg -i -l (files)", "recollq (documents)",
                    "quest / omega (documents, estimated)"], rows))
    L.append("")

    # 5. re-ingest
    L.append("## 5. Re-ingest")
    L.append("")
    re_ = res["reingest"]
    rows = []
    for key, label in (("noop", "no-op: the same copy again"),
                       ("modify", f"after appending a line to {re_['modify']['files']} of the "
                                  f"{re_['modify']['of']} .txt files (1 %)"),
                       ("touch", f"after touching {re_['touch']['files']} of the {re_['touch']['of']} files (1 %)")):
        e = re_[key]
        cc = e["counts"]
        rows.append([label, span(e["wall"]) + " s", f"{cc['added']} added, {cc['replaced']} replaced, "
                     f"{cc['unchanged']} unchanged, {cc['failed']} failed"])
    for name, p in peers.items():
        rows.append([f"{'recollindex' if name == 'recoll' else name} no-op re-run", span(p["noop"]) + " s", ""])
    L.append(table(["run", "time", "newsdb summary (last run)"], rows))
    L.append("")

    # 6. growth
    L.append("## 6. Growth")
    L.append("")
    if "growth" in res:
        rows = []
        for g in res["growth"]:
            w = med(g["wall"])
            rows.append([f"{g['pct']} %", f"{g['files']:,}", f"{mb(g['bytes']):.2f}", f"{mb(g['text']):.2f}",
                         span(g["wall"]) + " s", fnum(w / mb(g["bytes"]), 3), fnum(w / mb(g["text"]), 3),
                         fnum(g["q_newsdb"], 1), fnum(g.get("q_article"), 1), fnum(g["q_sqlite"], 1)])
        L.append(table(["subset", "files", "input MB", "passage text MB", "ingest time", "s per input MB",
                        "s per text MB", "query median newsdb (ms)", f"… {ARTICLE} (ms)",
                        "query median sqlite3 (ms)"], rows))
        L.append("")
        L.append("Query medians: median over the query set of each query's median (newsdb at passage and at "
                 "article level, and the sqlite3 shell only), fewer runs per query than step 4 at 10 % and 30 %.")
    else:
        L.append("Skipped (--quick or --skip-growth).")
    L.append("")

    # 7. one big file
    L.append("## 7. One big JSON Lines file")
    L.append("")
    big = res.get("big")
    if big:
        w = med(big["wall"])
        L.append(table(["measure", "value"], [
            ["file", f"{mb(big['bytes']):.1f} MB: the corpus's JSON Lines articles, {big['copies']} copies"],
            ["articles stored", f"{big['articles']:,}"],
            ["wall time", span(big["wall"]) + " s"],
            ["input MB/s", fnum(mb(big["bytes"]) / w)],
            ["passage text MB/s", fnum(mb(big["text"]) / w)],
            ["peak RSS", span(big["rss_kb"], 1, 1 / 1024) + " MB"],
        ]))
        L.append("")
        L.append("A JSON Lines file of 2 MB or more is read in parts of about 1 MB: both workers parse them and "
                 "the writer writes part by part, so memory does not grow with the file.")
    elif big is None and "big" in res:
        L.append("Skipped: the corpus holds no JSON Lines file.")
    else:
        L.append("Skipped (--quick or --skip-growth).")
    L.append("")

    # Commands
    L.append("## Commands")
    L.append("")
    L.append("`$WORK` is the temporary folder of the run (removed at the end), `$BUILD` the build folder. "
             "Each timed command is run as shown, the given number of times; `#` lines explain.")
    L.append("")
    for sec, cmds in s.r.commands.items():
        L.append(f"### {sec}")
        L.append("")
        L.append("```sh")
        for cmd in cmds[:40]:
            L.append(cmd)
        if len(cmds) > 40:
            L.append(f"# … and {len(cmds) - 40} more of the same form")
        L.append("```")
        L.append("")
    if s.r.files:
        L.append("### Files those commands read")
        L.append("")
        for name, content in s.r.files.items():
            L.append(f"`{name}`:")
            L.append("")
            L.append("```")
            L.append(content.rstrip("\n"))
            L.append("```")
            L.append("")
    L.append(END_MARKER)
    L.append("")
    return "\n".join(L)


def article_median(rows):
    """Median over the queries of each one's median article-level time, or None."""
    vals = [med(r["times"][ARTICLE]) for r in rows if ARTICLE in r["times"]]
    return med(vals) if vals else None


def hit_count(tool, out):
    """How many matches a tool reported in its warm-up output, when it says."""
    if out is None:
        return None
    if tool == "rg":
        return len([ln for ln in out.splitlines() if ln.strip()])
    if tool == ARTICLE:
        m = re.search(r"^[\d,–]+ of ([\d,]+) articles? ", out)  # the totals line
        return int(m.group(1).replace(",", "")) if m else 0
    if tool == "recollq":
        m = re.search(r"(\d+) results", out)
        return int(m.group(1)) if m else None
    if tool == "quest":
        m = re.search(r"(\d+) matches", out)  # quest
        if m:
            return int(m.group(1))
        body = out.split("\n\n", 1)[-1].strip().splitlines()  # omega: header, blank line, $msize
        return int(body[0]) if body and body[0].strip().isdigit() else None
    return None


def write_report(path, text):
    path = Path(path)
    kept = ""
    if path.exists():
        old = path.read_text(encoding="utf-8")
        if END_MARKER in old:
            kept = old.split(END_MARKER, 1)[1].lstrip("\n")
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text + ("\n" + kept if kept else ""), encoding="utf-8")
    tmp.replace(path)


def main():
    ap = argparse.ArgumentParser(description="newsdb benchmark suite (see bench/README.md)")
    ap.add_argument("corpus")
    ap.add_argument("--build", required=True)
    ap.add_argument("--build-type", default="?")
    ap.add_argument("--runs", type=int)
    ap.add_argument("--query-runs", type=int)
    ap.add_argument("--out", default=str(ROOT / "bench" / "RESULTS.md"))
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--skip-peers", action="store_true")
    ap.add_argument("--skip-growth", action="store_true")
    ap.add_argument("--keep-work", action="store_true")
    ap.add_argument("--queries", default=str(HERE / "queries.tsv"))
    a = ap.parse_args()
    if a.runs is None:
        a.runs = 1 if a.quick else 3
    if a.query_runs is None:
        a.query_runs = 3 if a.quick else 10
    if a.runs < 1 or a.query_runs < 1:
        ap.error("--runs and --query-runs must be at least 1")
    a.build_shown = os.path.relpath(a.build, ROOT) if Path(a.build).resolve().is_relative_to(ROOT) else a.build
    if not Path(a.corpus).is_dir():
        ap.error(f"no corpus folder at {a.corpus}: give an existing folder of article files")
    for tool in ("sqlite3",):
        if not shutil.which(tool):
            sys.exit(f"bench: needs the {tool} shell (apt-get install sqlite3)")
    started = datetime.datetime.now().astimezone()
    t0 = time.perf_counter()
    work = tempfile.mkdtemp(prefix="newsdb-bench-")
    s = Suite(a, work)
    for p, what in ((s.newsdb, "the newsdb binary"), (s.ext + ".so", "the FTS5 extension")):
        if not Path(p).exists():
            sys.exit(f"bench: no {what} at {p}: build it (bench/run.sh does) or pass --build DIR")
    try:
        info = s.machine()
        versions = s.versions()
        s.load_queries()
        s.prepare()
        s.setup_peers()
        s.step_timed()
        s.step_queries()
        s.step_reingest()
        if not (a.quick or a.skip_growth):
            s.step_growth()
            s.step_big_file()
        duration = time.perf_counter() - t0
        write_report(a.out, report(s, started, duration, info, versions))
        say(f"done in {duration:.0f} s; report written to {a.out}")
    except BenchError as e:
        print(f"bench: {e}", file=sys.stderr)
        sys.exit(1)
    finally:
        if a.keep_work:
            say(f"work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
