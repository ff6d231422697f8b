#!/usr/bin/env python3
"""A deterministic scale corpus of N articles from the developer corpus's own text (issue 25).

    bench/scale/generate.py --articles 100000 --out /work/scale-data/100k [--seed 25] [--corpus DIR]

Sentences of the corpus's English articles (BBC text, Reuters SGML, Markdown bodies) are
recombined into new articles. Words are varied so that the vocabulary keeps growing with the
corpus as real text does (Heaps' law): a few words per article are replaced by names drawn from
an unbounded heavy-tailed pool (rank r with probability ~ r^-1.6), so new articles keep bringing
new words while common ones repeat. Dates spread over 1990-2026, 400 sources, 1,500 authors,
footnotes in ~10 %, ~3 % near copies of an earlier article (syndicated wire copy: one sentence
changed), and a mix of formats: plain text 45 %, HTML 20 %, Markdown 20 %, JSON Lines 15 %
(1,000 articles per .jsonl file). Writes OUT/manifest.json with the counts and the distinct words.
The same seed and corpus give byte-identical files. Never write the output into the repository.
"""
import argparse
import json
import os
import random
import re
import sys

SYLLABLES = ["ka", "lo", "mi", "ren", "tos", "va", "ul", "dar", "sen", "bri", "gor", "pe", "za", "nil",
             "ro", "fa", "tem", "qui", "sa", "dun"]
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")
WORD = re.compile(r"[A-Za-z][a-z]{3,}")


def name_of(rank):
    """A pronounceable word for a rank >= 1 (distinct ranks, distinct words)."""
    out = []
    while True:
        out.append(SYLLABLES[rank % len(SYLLABLES)])
        rank //= len(SYLLABLES)
        if rank == 0:
            break
    return "".join(out).capitalize()


def read_sentences(corpus):
    sentences = []

    def add_text(text):
        for para in re.split(r"\n\s*\n", text):
            para = " ".join(para.split())
            for s in SENTENCE_END.split(para):
                if 40 <= len(s) <= 400 and s[-1:] in ".!?\"'" and "<" not in s and "{{" not in s:
                    sentences.append(s)

    for root, _dirs, files in sorted(os.walk(os.path.join(corpus, "bbc"))):
        for f in sorted(files):
            if f.endswith(".txt"):
                with open(os.path.join(root, f), encoding="utf-8", errors="replace") as fh:
                    lines = fh.read().split("\n", 2)
                add_text(lines[2] if len(lines) > 2 else "")
    for root, _dirs, files in sorted(os.walk(os.path.join(corpus, "reuters21578"))):
        for f in sorted(files):
            with open(os.path.join(root, f), encoding="latin-1") as fh:
                m = re.search(r"<BODY>(.*?)</BODY>", fh.read(), re.S)
            if m:
                add_text(re.sub(r"&#\d+;|&lt;|&gt;|&amp;", " ", m.group(1)).replace("Reuter", ""))
    for root, _dirs, files in sorted(os.walk(os.path.join(corpus, "markdown"))):
        for f in sorted(files):
            if f.endswith(".md"):
                with open(os.path.join(root, f), encoding="utf-8", errors="replace") as fh:
                    body = fh.read().split("---", 2)[-1]
                add_text(re.sub(r"[#*_`>\[\]()]", " ", body))
    # Deduplicated, in a stable order.
    return sorted(set(sentences))


class Generator:
    def __init__(self, sentences, seed):
        self.sentences = sentences
        self.rng = random.Random(seed)
        self.sources = [f"{name_of(i + 7)} {kind}" for i, kind in
                        zip(range(400), ["Times", "Post", "Herald", "Wire", "News", "Courier", "Gazette", "Daily"] * 50)]
        self.authors = [f"{name_of(3000 + i)} {name_of(9000 + 3 * i)}" for i in range(1500)]
        self.made = []  # (title, paragraphs) of recent articles, for near copies

    def varied(self, sentence):
        words = sentence.split(" ")
        rng = self.rng
        for i, w in enumerate(words):
            if rng.random() < 0.05 and WORD.fullmatch(w.strip(".,;:!?\"'")):
                # Heavy-tailed ranks: most replacements repeat common names, some are new.
                rank = int(rng.paretovariate(0.6)) + 1
                tail = w[len(w.rstrip(".,;:!?\"'")):]
                words[i] = name_of(rank) + tail
        return " ".join(words)

    def article(self, i):
        rng = self.rng
        if self.made and rng.random() < 0.03:
            title, paras = rng.choice(self.made)
            paras = list(paras)
            k = rng.randrange(len(paras))
            paras[k] = paras[k] + " " + self.varied(rng.choice(self.sentences))
        else:
            paras = []
            for _ in range(rng.randint(3, 12)):
                paras.append(" ".join(self.varied(rng.choice(self.sentences)) for _ in range(rng.randint(1, 4))))
            first = paras[0].split(" ")
            title = " ".join(first[: rng.randint(4, 9)]).rstrip(".,;:") or f"Article {i}"
            title = title[0].upper() + title[1:]
        self.made.append((title, paras))
        if len(self.made) > 2000:
            del self.made[:1000]
        year = 1990 + rng.randrange(37)
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        notes = []
        if rng.random() < 0.10:
            for n in range(rng.randint(1, 3)):
                notes.append((n + 1, rng.choice(self.authors), rng.choice(self.sources),
                              f"{rng.randint(1990, 2026)}", self.varied(rng.choice(self.sentences))[:80]))
        return {"title": title, "paras": paras, "date": date, "source": rng.choice(self.sources),
                "author": rng.choice(self.authors), "notes": notes, "id": i}


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def write_text(a):
    out = [a["title"], "", f"By {a['author']}", f"Published: {a['date']}", ""]
    for p in a["paras"]:
        out += [p, ""]
    if a["notes"]:
        out.append("Notes")
        out.append("")
        for n, au, so, yr, ti in a["notes"]:
            out += [f"[{n}] {au}, \"{ti}\", {so}, {yr}.", ""]
    return "\n".join(out)


def write_html(a):
    body = "".join(f"<p>{esc(p)}</p>\n" for p in a["paras"])
    notes = ""
    if a["notes"]:
        notes = "<ol class=\"footnotes\">" + "".join(
            f"<li id=\"fn{n}\">{esc(au)}, &ldquo;{esc(ti)}&rdquo;, {esc(so)}, {yr}.</li>" for n, au, so, yr, ti in a["notes"]) + "</ol>"
    return (f"<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{esc(a['title'])}</title>\n"
            f"<meta property=\"article:published_time\" content=\"{a['date']}\">\n"
            f"<meta name=\"author\" content=\"{esc(a['author'])}\">\n"
            f"<meta property=\"og:site_name\" content=\"{esc(a['source'])}\"></head>\n"
            f"<body><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav>\n"
            f"<article><h1>{esc(a['title'])}</h1>\n{body}{notes}</article>\n"
            f"<footer>Copyright {esc(a['source'])}</footer></body></html>\n")


def write_markdown(a):
    out = ["---", f"title: {json.dumps(a['title'])}", f"date: {a['date']}", f"author: {json.dumps(a['author'])}",
           f"source: {json.dumps(a['source'])}", "---", ""]
    for p in a["paras"]:
        out += [p, ""]
    for n, au, so, yr, ti in a["notes"]:
        out += [f"[^{n}]: {au}, \"{ti}\", {so}, {yr}.", ""]
    return "\n".join(out)


def json_line(a):
    text = "\n\n".join(a["paras"])
    return json.dumps({"title": a["title"], "date": a["date"], "author": a["author"], "source": a["source"],
                       "text": text}, ensure_ascii=False)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=1_000_000)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=25)
    ap.add_argument("--corpus", default=os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "corpus"))
    args = ap.parse_args()
    here = os.path.realpath(os.path.join(os.path.dirname(__file__), "..", ".."))
    if os.path.realpath(args.out).startswith(here + os.sep):
        sys.exit("generate.py: write the corpus outside the repository (it is never committed)")
    sentences = read_sentences(args.corpus)
    if not sentences:
        sys.exit(f"generate.py: no sentences found under {args.corpus}")
    gen = Generator(sentences, args.seed)
    os.makedirs(args.out, exist_ok=True)
    words = set()
    checkpoints = {}
    counts = {"txt": 0, "html": 0, "md": 0, "jsonl": 0}
    jsonl = None
    text_bytes = 0
    for i in range(args.articles):
        a = gen.article(i)
        for p in [a["title"]] + a["paras"]:
            text_bytes += len(p.encode())
            words.update(w.lower() for w in re.findall(r"[A-Za-z]+", p))
        folder = os.path.join(args.out, f"{i // 1000:04d}")
        r = gen.rng.random()
        if r < 0.15:
            if jsonl is None or i // 1000 != jsonl[1]:
                if jsonl:
                    jsonl[0].close()
                os.makedirs(folder, exist_ok=True)
                jsonl = (open(os.path.join(folder, "wire.jsonl"), "w", encoding="utf-8"), i // 1000)
            jsonl[0].write(json_line(a) + "\n")
            counts["jsonl"] += 1
        else:
            os.makedirs(folder, exist_ok=True)
            kind, text = ("txt", write_text(a)) if r < 0.60 else ("html", write_html(a)) if r < 0.80 else ("md", write_markdown(a))
            with open(os.path.join(folder, f"{i:07d}.{kind}"), "w", encoding="utf-8") as fh:
                fh.write(text)
            counts[kind] += 1
        n = i + 1
        if n in (1000, 10_000, 100_000, 1_000_000) or n == args.articles:
            checkpoints[n] = len(words)
    if jsonl:
        jsonl[0].close()
    manifest = {"articles": args.articles, "seed": args.seed, "source_sentences": len(sentences),
                "files": counts, "article_text_bytes": text_bytes,
                "distinct_words_at": {str(k): v for k, v in sorted(checkpoints.items())}}
    with open(os.path.join(args.out, "manifest.json"), "w") as fh:
        json.dump(manifest, fh, indent=1)
    print(json.dumps(manifest))


if __name__ == "__main__":
    main()
