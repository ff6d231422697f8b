#!/usr/bin/env python3
"""Writes a WARC of the developer corpus's HTML pages for bench/warc-ingest.sh.

Each page becomes a request and a response record (as wget --warc-file writes
them), COPIES times over with distinct URLs and a distinct comment (so every
copy is a new article, parsed and stored), with an image response after
every tenth page. --gzip writes one gzip member per record (.warc.gz).
Usage: bench/make-warc.py CORPUS OUT [--copies N] [--gzip]
"""
import argparse
import gzip
import pathlib
import uuid


def record(kind, uri, block, content_type):
    head = (f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n"
            f"WARC-Date: 2024-05-06T07:08:09Z\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
            f"Content-Type: {content_type}\r\nContent-Length: {len(block)}\r\n\r\n")
    return head.encode() + block + b"\r\n\r\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("out")
    ap.add_argument("--copies", type=int, default=3)
    ap.add_argument("--gzip", action="store_true")
    args = ap.parse_args()
    pages = sorted(p for p in pathlib.Path(args.corpus).rglob("*") if p.suffix.lower() in (".html", ".htm"))
    n = 0
    with open(args.out, "wb") as out:
        def put(r):
            out.write(gzip.compress(r, 6) if args.gzip else r)
        for copy in range(args.copies):
            for page in pages:
                n += 1
                body = page.read_bytes() + f"<!-- copy {copy} -->".encode()
                uri = f"https://corpus.example/{copy}/{page.relative_to(args.corpus)}"
                put(record("request", uri, f"GET /{n} HTTP/1.1\r\nHost: corpus.example\r\n\r\n".encode(),
                           "application/http; msgtype=request"))
                http = (f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {len(body)}\r\n\r\n").encode()
                put(record("response", uri, http + body, "application/http; msgtype=response"))
                if n % 10 == 0:
                    img = b"\x89PNG\r\n\x1a\n" + bytes(2000)
                    http = f"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: {len(img)}\r\n\r\n".encode()
                    put(record("response", uri + ".png", http + img, "application/http; msgtype=response"))
    print(f"{args.out}: {n} pages")


if __name__ == "__main__":
    main()
