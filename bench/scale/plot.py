#!/usr/bin/env python3
"""The growth plot of bench/scale/run.py's figures: time against articles, both axes log scale.

    bench/scale/plot.py /tmp/newsdb-scale.json [--before /tmp/before.json] --out bench/scale-growth.svg

One line per measure (ingest wall, no-op re-ingest, 1 % changed, optimize, export, and the
frequent-word and selective search medians as ingested); with --before, the same searches of the
older binary dashed. Standard library only.
"""
import argparse
import json
import math

W, H, L, R, T, B = 760, 440, 70, 220, 30, 50
COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf"]


def series(results, prefix=""):
    def search(r, group, unit):
        key = "search_ingested" + ("_passage" if unit == "passage" else "")
        values = sorted(v["median_ms"] for v in r[key].values() if v["group"] == group)
        return values[-1] if group == "frequent" else values[len(values) // 2]

    out = {
        "ingest (s)": [(r["articles"], r["ingest_s"]) for r in results],
        "no-op re-ingest (s)": [(r["articles"], r["noop_s"]) for r in results],
        "1 % changed (s)": [(r["articles"], r["changed_s"]) for r in results],
        "optimize (s)": [(r["articles"], r["optimize_s"]) for r in results],
        "export of 'the' (s)": [(r["articles"], r["export_s"]) for r in results],
        "slowest frequent word (s)": [(r["articles"], search(r, "frequent", "article") / 1000) for r in results],
        "selective median (s)": [(r["articles"], search(r, "selective", "article") / 1000) for r in results],
    }
    return {prefix + k: v for k, v in out.items()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("figures")
    ap.add_argument("--before")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    with open(args.figures) as fh:
        lines = series(json.load(fh))
    dashed = {}
    if args.before:
        with open(args.before) as fh:
            before = series(json.load(fh), "before: ")
        for k in ("before: slowest frequent word (s)", "before: selective median (s)"):
            dashed[k] = before[k]
    everything = list(lines.values()) + list(dashed.values())
    xs = [x for s in everything for x, _ in s]
    ys = [y for s in everything for _, y in s if y > 0]
    x0, x1 = math.floor(math.log10(min(xs))), math.ceil(math.log10(max(xs)))
    if x1 == x0:
        x1 += 1
    y0, y1 = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)))
    px = lambda x: L + (math.log10(x) - x0) / (x1 - x0) * (W - L - R)
    py = lambda y: H - B - (math.log10(max(y, 10 ** y0)) - y0) / (y1 - y0) * (H - T - B)
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="{L}" y="18" font-size="14">newsdb at scale: seconds against articles (log-log), bench/scale/run.py</text>']
    for e in range(x0, x1 + 1):
        x = px(10 ** e)
        svg.append(f'<line x1="{x:.1f}" y1="{T}" x2="{x:.1f}" y2="{H - B}" stroke="#ddd"/>')
        svg.append(f'<text x="{x:.1f}" y="{H - B + 16}" text-anchor="middle">{10 ** e:,}</text>')
    for e in range(y0, y1 + 1):
        y = py(10 ** e)
        svg.append(f'<line x1="{L}" y1="{y:.1f}" x2="{W - R}" y2="{y:.1f}" stroke="#ddd"/>')
        svg.append(f'<text x="{L - 6}" y="{y + 4:.1f}" text-anchor="end">{10.0 ** e:g}</text>')
    svg.append(f'<text x="{(L + W - R) / 2}" y="{H - 12}" text-anchor="middle">articles</text>')
    svg.append(f'<text x="16" y="{(T + H - B) / 2}" transform="rotate(-90 16 {(T + H - B) / 2})" text-anchor="middle">seconds</text>')
    legend_y = T + 10
    for i, (name, pts) in enumerate(list(lines.items()) + list(dashed.items())):
        colour = COLOURS[i % len(COLOURS)] if name in lines else "#888"
        dash = ' stroke-dasharray="5,4"' if name in dashed else ""
        path = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in pts)
        svg.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
        for x, y in pts:
            svg.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3" fill="{colour}"/>')
        svg.append(f'<line x1="{W - R + 10}" y1="{legend_y}" x2="{W - R + 30}" y2="{legend_y}" stroke="{colour}" stroke-width="2"{dash}/>')
        svg.append(f'<text x="{W - R + 35}" y="{legend_y + 4}">{name}</text>')
        legend_y += 18
    svg.append("</svg>")
    with open(args.out, "w") as fh:
        fh.write("\n".join(svg) + "\n")


if __name__ == "__main__":
    main()
