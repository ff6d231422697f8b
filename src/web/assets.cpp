// The pages work without the script: it only adds the `/` shortcut.
#include "web/assets.hpp"

namespace newsdb::web {

const std::string_view kStyleCss = R"css(:root {
  --fg: #1b1b1b; --muted: #555; --bg: #fff; --line: #d0d0d0; --accent: #0b57a4;
  --mark: #fde68a; --err: #8a1c1c; --errbg: #fdecea; --panel: #f5f6f8;
}
* { box-sizing: border-box; }
html { font-size: 100%; }
body { margin: 0; color: var(--fg); background: var(--bg); line-height: 1.5;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
a { color: var(--accent); }
a:focus-visible, input:focus-visible, select:focus-visible, button:focus-visible, summary:focus-visible {
  outline: 3px solid #f59e0b; outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: .5rem; }
.skip:focus { left: .5rem; z-index: 2; }
header.site { border-bottom: 1px solid var(--line); padding: .5rem 1rem; display: flex; flex-wrap: wrap;
  gap: .5rem 1.5rem; align-items: center; }
header.site .brand { font-weight: 700; font-size: 1.2rem; color: var(--fg); text-decoration: none; }
header.site nav a { margin-right: 1rem; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
.searchbar { display: flex; gap: .5rem; flex-wrap: wrap; align-items: center; }
.searchbar input[type=search] { flex: 1 1 18rem; min-width: 0; font-size: 1.1rem; padding: .45rem .6rem;
  border: 1px solid #767676; border-radius: 4px; }
button { font-size: 1rem; padding: .45rem 1rem; border-radius: 4px; border: 1px solid var(--accent);
  background: var(--accent); color: #fff; cursor: pointer; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }
details.filters { margin: .75rem 0; }
details.filters summary { cursor: pointer; color: var(--accent); }
.filter-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); gap: .5rem 1rem;
  margin-top: .5rem; }
.filter-grid label { display: block; font-size: .9rem; color: var(--muted); }
.filter-grid input, .filter-grid select { width: 100%; padding: .3rem; font-size: 1rem;
  border: 1px solid #767676; border-radius: 4px; }
.filter-grid input[type=checkbox] { width: auto; }
.options { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: center; margin: .6rem 0 0; }
.options select { font-size: 1rem; padding: .2rem; }
.layout { display: grid; grid-template-columns: minmax(0, 1fr) 15rem; gap: 2rem; }
@media (max-width: 48rem) { .filter-grid input[type=checkbox] { width: auto; }
.options { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: center; margin: .6rem 0 0; }
.options select { font-size: 1rem; padding: .2rem; }
.layout { grid-template-columns: minmax(0, 1fr); } aside.facets { order: 2; } }
.summary { color: var(--muted); margin: .5rem 0 1rem; }
ol.hits { list-style: none; padding: 0; margin: 0; }
ol.hits li { padding: .75rem 0; border-bottom: 1px solid var(--line); }
ol.hits h3 { margin: 0 0 .2rem; font-size: 1.1rem; }
.meta { color: var(--muted); font-size: .9rem; margin: 0; }
.snippet { margin: .3rem 0 0; }
mark { background: var(--mark); color: inherit; padding: 0 .1em; }
aside.facets h2 { font-size: 1rem; margin: 1rem 0 .3rem; }
aside.facets ul { list-style: none; padding: 0; margin: 0; }
aside.facets li { display: flex; justify-content: space-between; gap: .5rem; font-size: .95rem; }
aside.facets li .n { color: var(--muted); }
aside.facets a[aria-current] { font-weight: 700; }
nav.pages { display: flex; gap: 1rem; margin: 1rem 0; align-items: center; }
.error { border: 1px solid var(--err); background: var(--errbg); color: var(--err); padding: .75rem 1rem;
  border-radius: 4px; }
.error code { color: var(--fg); background: #fff; padding: .1rem .3rem; white-space: pre-wrap; }
.error mark { background: var(--err); color: #fff; }
article.doc { max-width: 44rem; }
article.doc h1 { font-size: 1.7rem; line-height: 1.25; margin: .5rem 0; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; font-size: .95rem; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; overflow-wrap: anywhere; }
.excerpt { background: var(--panel); border-left: 4px solid #b45309; padding: .4rem .8rem; }
article.doc p { margin: 0 0 1rem; }
article.doc p:target, li:target { background: #eef5ff; outline: 2px solid #9cc2f0; }
sup.fnref a { text-decoration: none; padding: 0 .1em; }
ol.footnotes { font-size: .95rem; padding-left: 2.5rem; }
ol.footnotes li { margin-bottom: .5rem; overflow-wrap: anywhere; }
.backrefs a { margin-left: .4rem; }
table { border-collapse: collapse; margin: 1rem 0; max-width: 100%; }
td { overflow-wrap: anywhere; }
th, td { border-bottom: 1px solid var(--line); padding: .25rem .75rem; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
svg.chart { width: 100%; height: auto; max-width: 60rem; }
svg.chart .bar { fill: var(--accent); }
svg.chart text { font-size: 11px; fill: var(--fg); }
svg.chart .axis { stroke: var(--muted); }
svg.chart .grid { stroke: var(--muted); stroke-opacity: 0.25; }
svg.chart .label, svg.chart .note { fill: var(--muted); }
svg.chart .s0 { fill: var(--accent); } svg.chart .s1 { fill: #d9822b; } svg.chart .s2 { fill: #3a9a5b; } svg.chart .s3 { fill: #b8443a; }
.help dt { font-family: ui-monospace, monospace; margin-top: .5rem; }
.help dd { margin-left: 1.5rem; }
footer.site { color: var(--muted); font-size: .85rem; border-top: 1px solid var(--line); padding: .75rem 1rem;
  margin-top: 2rem; }
kbd { border: 1px solid var(--line); border-radius: 3px; padding: 0 .3em; font-size: .9em; }
)css";

const std::string_view kAppJs = R"js('use strict';
// "/" focuses the search box, unless the reader is typing somewhere already.
document.addEventListener('keydown', function (e) {
  if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
  var t = e.target;
  if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable)) return;
  var q = document.getElementById('q');
  if (!q) return;
  e.preventDefault();
  q.focus();
  q.select();
});
)js";

} // namespace newsdb::web
