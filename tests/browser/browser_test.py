#!/usr/bin/env python3
"""Browser tests of `newsdb serve` in headless Chromium, through chromedriver's
W3C WebDriver protocol (a client in Python's standard library: nothing to
install at test time).

Builds a small archive (the sample article, a hostile article, a few dated
ones), starts the real `newsdb serve` on a free loopback port, then: loads the
search page, focuses the box with `/`, types a query, checks the result list,
follows a result to the article, clicks a footnote mark and lands on the
footnote, follows its back-link, checks that the hostile article's script
never runs, checks the phone width, and saves a screenshot of each page.

Exit 0: passed; 1: failed; 77: skipped (no Chromium or chromedriver here).
Usage: browser_test.py --newsdb BIN --fixtures DIR --out DIR [--db ARCHIVE]
  --db: use this archive instead of building one (for README screenshots);
        the hostile and footnote checks then run only when it holds them.
"""
import argparse
import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"
SKIP = 77
CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage", "--hide-scrollbars", "--force-device-scale-factor=1"]


class Failure(Exception):
    pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(method, url, body=None, timeout=60):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as e:
        payload = e.read().decode(errors="replace")
        raise Failure(f"WebDriver {method} {url}: {e.code} {payload[:500]}")


class Browser:
    def __init__(self, driver_url, chromium, profile):
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": chromium, "args": CHROMIUM_FLAGS + [f"--user-data-dir={profile}"]},
        }}}
        self.base = driver_url
        self.session = http("POST", f"{driver_url}/session", caps, timeout=120)["value"]["sessionId"]
        self.url = f"{driver_url}/session/{self.session}"

    def close(self):
        try:
            http("DELETE", self.url)
        except Exception:
            pass

    def go(self, url):
        http("POST", f"{self.url}/url", {"url": url})

    def run(self, script, *args):
        return http("POST", f"{self.url}/execute/sync", {"script": script, "args": list(args)})["value"]

    def find(self, css):
        return http("POST", f"{self.url}/element", {"using": "css selector", "value": css})["value"][ELEMENT]

    def find_all(self, css):
        return [e[ELEMENT] for e in http("POST", f"{self.url}/elements", {"using": "css selector", "value": css})["value"]]

    def click(self, element):
        http("POST", f"{self.url}/element/{element}/click", {})

    def type(self, element, text):
        http("POST", f"{self.url}/element/{element}/value", {"text": text})

    def text(self, element):
        return http("GET", f"{self.url}/element/{element}/text")["value"]

    def current_url(self):
        return http("GET", f"{self.url}/url")["value"]

    def title(self):
        return http("GET", f"{self.url}/title")["value"]

    def size(self, width, height):
        http("POST", f"{self.url}/window/rect", {"width": width, "height": height})

    def keys(self, text):
        actions = [{"type": "keyDown", "value": c} for c in text] + [{"type": "keyUp", "value": c} for c in text]
        http("POST", f"{self.url}/actions", {"actions": [{"type": "key", "id": "kb", "actions": actions}]})

    full_pages = True

    def screenshot(self, path, full_page=True):
        full_page = full_page and self.full_pages
        if full_page:
            # Grow the window to the page's height, so the picture shows all of it (up to a limit).
            w = self.run("return window.outerWidth")
            h = self.run("return Math.min(2400, document.documentElement.scrollHeight + "
                         "(window.outerHeight - window.innerHeight))")
            old = http("GET", f"{self.url}/window/rect")["value"]
            self.size(w, max(h, 400))
        png = base64.b64decode(http("GET", f"{self.url}/screenshot")["value"])
        with open(path, "wb") as f:
            f.write(png)
        if full_page:
            self.size(old["width"], old["height"])

    def wait(self, condition, what, seconds=20):
        deadline = time.time() + seconds
        while time.time() < deadline:
            try:
                if condition():
                    return
            except Failure:
                pass
            time.sleep(0.1)
        raise Failure(f"timed out waiting for {what} (at {self.current_url()})")


def check(condition, message):
    if not condition:
        raise Failure(message)
    print(f"  ok: {message}")


def build_archive(newsdb, fixtures, folder):
    db = os.path.join(folder, "browser.db")
    extra = os.path.join(folder, "in")
    os.makedirs(extra)
    for name, text in [
        ("a.txt", "Drones over the harbour\n\nBy Jane Doe, Reuters\nFebruary 2020\n\n"
                  "Coastguard drones watched the harbour at night.\n"),
        ("b.txt", "Harbour lights\n\nBy John Smith\n2019\nSource: Daily Sabah\n\n"
                  "The harbour lights were bright over the water.\n"),
    ]:
        with open(os.path.join(extra, name), "w") as f:
            f.write(text)
    inputs = [extra, os.path.join(fixtures, "quwa-2020-02-pakistan-turkey-defence-ties.txt"),
              os.path.join(fixtures, "web", "hostile.json"), os.path.join(fixtures, "web", "hostile.txt")]
    subprocess.run([newsdb, "--db", db, "-q", "ingest", *inputs], check=True, stdout=subprocess.DEVNULL)
    return db


def article_id(base, query, title_part):
    with urllib.request.urlopen(f"{base}/api/search?q={urllib.parse.quote(query)}&limit=50", timeout=30) as r:
        hits = json.loads(r.read())["hits"]
    for h in hits:
        if title_part in h["title"]:
            return h["article_id"]
    return None


def run_checks(browser, base, out, own_archive, query, timeline_query):
    print("search page")
    browser.size(1280, 900)
    browser.go(f"{base}/search")
    check(browser.title().endswith("newsdb"), "the search page loads")
    browser.keys("/")
    check(browser.run("return document.activeElement && document.activeElement.id") == "q", "/ focuses the search box")
    box = browser.find("#q")
    browser.type(box, query + "\ue007")  # Enter submits
    browser.wait(lambda: "q=" in browser.current_url(), "the results page")
    hits = browser.find_all("ol.hits li.hit")
    check(len(hits) > 0, f"the result list shows {len(hits)} results for {query!r}")
    check(len(browser.find_all("ol.hits mark")) > 0, "snippets highlight the matches")
    check(len(browser.find_all("aside.facets li")) > 0, "facets are shown beside the results")
    browser.screenshot(os.path.join(out, "search.png"))

    print("article page")
    first = browser.find("ol.hits li.hit h3 a")
    title = browser.text(first)
    browser.click(first)
    browser.wait(lambda: "/article/" in browser.current_url(), "the article page")
    h1 = browser.text(browser.find("article.doc h1"))
    check(h1 == title, f"the result leads to its article ({h1!r})")
    check(len(browser.find_all("article.doc mark")) > 0, "the search words are highlighted in the article")
    browser.screenshot(os.path.join(out, "article.png"))

    marks = browser.find_all("sup.fnref a")
    if own_archive or marks:
        check(len(marks) > 0, "the article has footnote marks")
        browser.click(marks[0])
        browser.wait(lambda: browser.run("return location.hash").startswith("#fn"), "the footnote")
        target = browser.run("var t = document.querySelector(':target'); return t && t.tagName + '#' + t.id")
        check(target is not None and target.startswith("LI#fn"), f"clicking the mark lands on the footnote ({target})")
        visible = browser.run("var r = document.querySelector(':target').getBoundingClientRect();"
                              "return r.top >= 0 && r.top < window.innerHeight")
        check(visible, "the footnote is scrolled into view")
        back = browser.find(":target .backrefs a")
        browser.click(back)
        browser.wait(lambda: browser.run("return location.hash").startswith("#ref-"), "the back-link")
        check(True, "the footnote's back-link returns to the citing paragraph")
        browser.screenshot(os.path.join(out, "article-footnote.png"), full_page=False)

    print("timeline, help, error")
    browser.go(f"{base}/timeline?q={urllib.parse.quote(timeline_query)}")
    check(len(browser.find_all("svg.chart rect.bar")) > 0, "the timeline draws bars")
    browser.screenshot(os.path.join(out, "timeline.png"))
    bad = urllib.parse.quote(query + ' "unclosed')
    browser.go(f"{base}/search?q={bad}")
    err = browser.text(browser.find(".error"))
    check("column" in err and "sqlite" not in err.lower(), f"an invalid query shows the translator's message: {err.splitlines()[0]!r}")
    browser.screenshot(os.path.join(out, "error.png"))
    browser.go(f"{base}/citations")
    browser.screenshot(os.path.join(out, "citations.png"))

    print("phone width")
    browser.size(390, 844)
    browser.go(f"{base}/search?q={urllib.parse.quote(query)}")
    overflow = browser.run("return document.documentElement.scrollWidth - window.innerWidth")
    check(overflow <= 1, f"the search page fits a phone's width (overflow {overflow}px)")
    browser.screenshot(os.path.join(out, "search-phone.png"))
    browser.size(1280, 900)

    hostile = article_id(base, "drones", "Hostile text")
    if own_archive or hostile:
        print("hostile article")
        check(hostile is not None, "the hostile fixture is in the archive")
        for url in [f"{base}/article/{hostile}?q=drones", f"{base}/search?q=drones", f"{base}/search?q=pwned",
                    f"{base}/citations?by=article"]:
            browser.go(url)
            time.sleep(0.3)
            # The fixture's scripts would set the title to exactly 'pwned' (its text may show it, escaped).
            check(browser.title() != "pwned", f"the hostile article's script does not run on {url[len(base):]}")
            injected = browser.run("return document.querySelectorAll('article img, ol.hits img, main script, "
                                   "[onerror], a[href^=javascript]').length")
            check(injected == 0, "no injected element or handler exists in the page")
        browser.go(f"{base}/article/{hostile}")
        browser.screenshot(os.path.join(out, "hostile.png"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--newsdb", required=True)
    ap.add_argument("--fixtures", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--db")
    ap.add_argument("--timeline-query", default="harbour")
    ap.add_argument("--viewport", action="store_true", help="screenshots of the window only, not whole pages")
    ap.add_argument("--query", default="erdogan turkey")
    args = ap.parse_args()

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not chromium or not driver:
        print("SKIP: no Chromium or chromedriver (install Debian's chromium and chromium-driver: "
              "cmake/install-deps.sh does)")
        return SKIP
    os.makedirs(args.out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="newsdb-browser-")
    procs = []
    browser = None
    try:
        db = args.db or build_archive(args.newsdb, args.fixtures, work)
        server = subprocess.Popen([args.newsdb, "--db", db, "serve", "--port", "0"], stdout=subprocess.PIPE, text=True)
        procs.append(server)
        line = server.stdout.readline()
        address = next((w for w in line.split() if w.startswith("http://")), None)
        if not address:
            raise Failure(f"newsdb serve printed no address: {line!r}")
        base = address.rstrip("/")
        print(f"server: {base}")

        port = free_port()
        chromedriver = subprocess.Popen([driver, f"--port={port}"], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        procs.append(chromedriver)
        driver_url = f"http://127.0.0.1:{port}"
        deadline = time.time() + 30
        while True:
            try:
                if http("GET", f"{driver_url}/status", timeout=5)["value"].get("ready"):
                    break
            except (Failure, OSError):
                pass
            if time.time() > deadline:
                raise Failure("chromedriver did not start")
            time.sleep(0.1)
        browser = Browser(driver_url, chromium, os.path.join(work, "profile"))
        browser.full_pages = not args.viewport
        run_checks(browser, base, args.out, args.db is None, args.query, args.timeline_query)
        # SIGTERM stops the server cleanly: exit 0 (under ASan, also no leak report).
        server.terminate()
        code = server.wait(timeout=30)
        check(code == 0, f"newsdb serve stops cleanly on SIGTERM (exit {code})")
        print(f"screenshots in {args.out}")
        print("1 passed, 0 failed")
        return 0
    except Failure as e:
        print(f"FAILED: {e}")
        print("0 passed, 1 failed")
        return 1
    finally:
        if browser:
            browser.close()
        for p in reversed(procs):
            p.terminate()
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
