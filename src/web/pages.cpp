#include "web/pages.hpp"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>

#include "newsdb/report.hpp"
#include "util/utf8.hpp"
#include "web/html.hpp"

namespace newsdb::web {

namespace {

std::string nav_link(const char* href, const char* label, bool current) {
    return std::string("<a href=\"") + href + "\"" + (current ? " aria-current=\"page\"" : "") + ">" + label + "</a>";
}

std::string kind_label(const PassageHit& hit) {
    switch (hit.kind) {
    case PassageKind::title: return "title";
    case PassageKind::footnote: return "footnote [" + std::to_string(hit.position) + "]";
    case PassageKind::paragraph: break;
    }
    return "paragraph " + std::to_string(hit.position);
}

std::string anchor_of(const PassageHit& hit) {
    switch (hit.kind) {
    case PassageKind::title: return "";
    case PassageKind::footnote: return "#fn" + std::to_string(hit.position);
    case PassageKind::paragraph: break;
    }
    return "#p" + std::to_string(hit.position);
}

std::string option_tag(const std::string& value, const std::string& label, const std::string& selected) {
    return "<option value=\"" + escape(value) + "\"" + (value == selected ? " selected" : "") + ">" + escape(label) +
           "</option>";
}

// The search form with the filters; on every page that shows results.
std::string search_form(const SearchState& s, const char* action, const std::string& options = {}) {
    std::string h = std::string("<form class=\"search\" role=\"search\" action=\"") + action + "\" method=\"get\">";
    h += "<div class=\"searchbar\"><label for=\"q\" class=\"visually-hidden\">Search the archive</label>"
         "<input id=\"q\" name=\"q\" type=\"search\" value=\"" + escape(s.query) +
         "\" placeholder=\"Words, &quot;a phrase&quot;, source:Reuters …\" autocomplete=\"off\" "
         "aria-describedby=\"syntax-hint\" maxlength=\"" + std::to_string(kMaxQueryChars) + "\">"
         "<button type=\"submit\">Search</button>"
         "<a id=\"syntax-hint\" href=\"/help\">Query syntax</a></div>";
    if (!options.empty()) h += "<div class=\"options\">" + options + "</div>";
    h += "<details class=\"filters\"" + std::string(s.has_filters() || s.exact || !s.sort.empty() || s.within == SearchUnit::passage ? " open" : "") +
         "><summary>Filters</summary><div class=\"filter-grid\">";
    h += "<div><label for=\"since\">From date</label><input id=\"since\" name=\"since\" value=\"" + escape(s.since) +
         "\" placeholder=\"2020 or 2020-02\" inputmode=\"numeric\"></div>";
    h += "<div><label for=\"until\">To date (inclusive)</label><input id=\"until\" name=\"until\" value=\"" +
         escape(s.until) + "\" placeholder=\"2020-12-31\" inputmode=\"numeric\"></div>";
    h += "<div><label for=\"source\">Source</label><input id=\"source\" name=\"source\" value=\"" +
         escape(s.sources.empty() ? "" : s.sources.front()) + "\" placeholder=\"Reuters\"></div>";
    for (std::size_t i = 1; i < s.sources.size(); ++i)
        h += "<input type=\"hidden\" name=\"source\" value=\"" + escape(s.sources[i]) + "\">";
    h += "<div><label for=\"lang\">Language</label><input id=\"lang\" name=\"lang\" value=\"" +
         escape(s.languages.empty() ? "" : s.languages.front()) + "\" placeholder=\"en\" maxlength=\"3\"></div>";
    for (const auto& a : s.authors) h += "<input type=\"hidden\" name=\"author\" value=\"" + escape(a) + "\">";
    h += "<div><label for=\"kind\">Passages</label><select id=\"kind\" name=\"kind\">" + option_tag("", "all", s.kind) +
         option_tag("paragraph", "paragraphs", s.kind) + option_tag("footnote", "footnotes", s.kind) +
         option_tag("title", "titles", s.kind) + "</select></div>";
    h += "<div><label for=\"sort\">Order</label><select id=\"sort\" name=\"sort\">" +
         option_tag("", "best match", s.sort) + option_tag("newest", "newest first", s.sort) +
         option_tag("oldest", "oldest first", s.sort) + "</select></div>";
    const std::string within(search_unit_name(s.within));
    h += "<div><label for=\"within\">Words</label><select id=\"within\" name=\"within\">" +
         option_tag("article", "anywhere in an article", within) + option_tag("passage", "in one passage", within) +
         "</select></div>";
    h += "<div><label><input type=\"checkbox\" name=\"exact\" value=\"1\"" + std::string(s.exact ? " checked" : "") +
         "> Only words as written</label></div>";
    h += "</div></details></form>";
    return h;
}

// The character at 1-based `column` of `query` marked, for an error "at column N".
std::string query_with_column(std::string_view query, std::string_view message) {
    const std::size_t at = message.find("column ");
    if (at == std::string_view::npos) return {};
    int column = 0;
    for (std::size_t i = at + 7; i < message.size() && message[i] >= '0' && message[i] <= '9' && column < 100000; ++i)
        column = column * 10 + (message[i] - '0');
    if (column < 1) return {};
    std::size_t pos = 0;
    for (int c = 1; c < column && pos < query.size(); ++c) {
        std::size_t len = 1;
        if (!util::first_invalid_utf8(query.substr(pos))) util::decode_utf8(query, pos, len);
        pos += std::max<std::size_t>(len, 1);
    }
    std::size_t len = 0;
    if (pos < query.size()) {
        len = 1;
        if (!util::first_invalid_utf8(query.substr(pos))) util::decode_utf8(query, pos, len);
    }
    return "<p>Here: <code>" + escape(query.substr(0, pos)) + "<mark>" +
           (len > 0 ? escape(query.substr(pos, len)) : std::string("&nbsp;")) + "</mark>" +
           escape(query.substr(std::min(query.size(), pos + len))) + "</code></p>";
}

std::string facet_list(const char* heading, const std::vector<CountRow>& rows, std::size_t max,
                       const std::function<std::string(const CountRow&)>& href,
                       const std::function<bool(const CountRow&)>& current, const char* empty_label) {
    if (rows.empty()) return {};
    std::string h = std::string("<h2>") + heading + "</h2><ul>";
    std::size_t n = 0;
    for (const CountRow& r : rows) {
        if (n++ >= max) break;
        // An empty bucket (no source) cannot be asked for as a filter: shown, not linked.
        const std::string label = r.bucket.empty() ? "<span>" + std::string(empty_label) + "</span>"
                                  : "<a href=\"" + href(r) + "\"" + (current(r) ? " aria-current=\"true\"" : "") +
                                        ">" + escape(r.bucket) + "</a>";
        h += "<li>" + label + " <span class=\"n\" aria-label=\"" + count_of(r.articles, "article", "articles") +
             "\">" + with_commas(r.articles) + "</span></li>";
    }
    return h + "</ul>";
}

std::string stats_block(const ArchiveStats& s) {
    return "<p class=\"summary\">The archive holds " + with_commas(s.articles) + " articles (" +
           with_commas(s.paragraphs) + " paragraphs, " + with_commas(s.footnotes) + " footnotes) from " +
           with_commas(s.sources) + " sources.</p>";
}

} // namespace

std::string layout(std::string_view title, std::string_view body, std::string_view query, Section current) {
    std::string h = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                    "<title>" + escape(title) + " · newsdb</title>"
                    "<link rel=\"stylesheet\" href=\"/static/style.css\"></head><body>"
                    "<a class=\"skip\" href=\"#main\">Skip to content</a>"
                    "<header class=\"site\"><a class=\"brand\" href=\"/\">newsdb</a>"
                    "<nav aria-label=\"Sections\">";
    const std::string q = query.empty() ? "" : "?q=" + url_encode(query);
    h += nav_link(("/search" + q).c_str(), "Search", current == Section::search);
    h += nav_link(("/timeline" + q).c_str(), "Timeline", current == Section::timeline);
    h += nav_link(("/citations" + q).c_str(), "Citations", current == Section::citations);
    h += nav_link("/help", "Query syntax", current == Section::help);
    h += "</nav></header><main id=\"main\">";
    h += body;
    h += "</main><footer class=\"site\">Press <kbd>/</kbd> to search. Read-only view of a local newsdb "
         "archive; JSON at <a href=\"/api/stats\">/api/</a>.</footer>"
         "<script src=\"/static/app.js\"></script></body></html>\n";
    return h;
}

std::string render_hit(const SearchHit& result, const SearchState& state) {
    const HitArticle& article = result.article;
    const std::string base = "/article/" + std::to_string(article.id) + "?q=" + url_encode(state.query);
    const bool passage_unit = state.within == SearchUnit::passage;
    const PassageHit* first = result.passages.empty() ? nullptr : &result.passages.front();
    // A title hit's snippet is its title with the matches marked.
    const bool title_hit = first != nullptr && first->kind == PassageKind::title && !first->snippet.empty();
    const std::string title = title_hit ? snippet_html(first->snippet)
                                        : escape(article.title.empty() ? "(untitled)" : article.title);
    const std::string href = base + (passage_unit && first != nullptr ? anchor_of(*first) : "");
    std::string h = "<li class=\"hit\"><h3><a href=\"" + escape(href) + "\">" + title + "</a></h3><p class=\"meta\">";
    std::vector<std::string> meta;
    if (!article.source.empty()) meta.push_back(escape(article.source));
    meta.push_back(article.date.empty() ? "undated" : "<time>" + escape(article.date) + "</time>");
    if (passage_unit && first != nullptr) meta.push_back(escape(kind_label(*first)));
    for (std::size_t i = 0; i < meta.size(); ++i) h += (i ? " · " : "") + meta[i];
    h += "</p>";
    // Article unit: each passage shown, linked to its place (the heading shows the title).
    for (const PassageHit& p : result.passages) {
        if (p.kind == PassageKind::title) continue;
        h += "<p class=\"snippet\">";
        if (!passage_unit)
            h += "<a class=\"where\" href=\"" + escape(base + anchor_of(p)) + "\">" + escape(kind_label(p)) + "</a>: ";
        h += snippet_html(p.snippet) + "</p>";
    }
    return h + "</li>";
}

std::string render_error_box(const Error& error, std::string_view query) {
    std::string h = "<div class=\"error\" role=\"alert\"><p><strong>" +
                    std::string(error.code() == Errc::invalid_query ? "This query cannot be read: " : "") +
                    escape(error.message()) + "</strong></p>";
    if (error.code() == Errc::invalid_query) h += query_with_column(query, error.message());
    if (!error.hint().empty()) h += "<p>" + escape(error.hint()) + "</p>";
    if (error.code() == Errc::invalid_query) h += "<p>See the <a href=\"/help\">query syntax</a>.</p>";
    return h + "</div>";
}

std::string render_search(const SearchPage& page) {
    const SearchState& s = page.state;
    std::string body = "<h1 class=\"visually-hidden\">Search</h1>" + search_form(s, "/search");
    if (page.error) {
        body += render_error_box(*page.error, s.query);
        return layout("Search", body, s.query, Section::search);
    }
    if (page.stats) {
        body += stats_block(*page.stats);
        body += "<p>Type words to find the articles that hold them; <a href=\"/help\">the query syntax</a> "
                "has phrases, exclusions, fields and dates.</p>";
        return layout("Search", body, s.query, Section::search);
    }
    const std::string base = "/search?" + s.query_string();
    body += "<div class=\"layout\"><section aria-labelledby=\"results-h\"><h2 id=\"results-h\" class=\"visually-hidden\">"
            "Results</h2>";
    const int64_t first = s.offset + 1;
    const int64_t last = s.offset + static_cast<int64_t>(page.hits.size());
    const bool passages = s.within == SearchUnit::passage;
    // The results counted in their unit: articles, or passages with --within passage.
    const int64_t results = passages ? page.total.passages : page.total.articles;
    body += "<p class=\"summary\" role=\"status\">";
    if (results == 0) {
        body += std::string(passages ? "No passages match <strong>" : "No articles match <strong>") + escape(s.query) +
                "</strong>" + (s.has_filters() ? " with these filters" : "") + ".";
    } else if (page.hits.empty()) {
        body += "No results on this page: " +
                (passages ? count_of(results, "passage matches", "passages match")
                          : count_of(results, "article matches", "articles match")) + ".";
    } else if (passages) {
        body += "Passages " + with_commas(first) + "–" + with_commas(last) + " of " +
                with_commas(page.total.passages) + " in " + count_of(page.total.articles, "article", "articles");
    } else {
        body += "Articles " + with_commas(first) + "–" + with_commas(last) + " of " +
                with_commas(page.total.articles) + " (" + count_of(page.total.passages, "passage", "passages") + ")";
    }
    body += " <a href=\"/export?" + escape(s.query_string()) + "&amp;format=csv\">CSV</a> · <a href=\"/export?" +
            escape(s.query_string()) + "&amp;format=json\">JSON</a> · <a href=\"/export?" +
            escape(s.query_string()) + "&amp;format=markdown\">Markdown</a> · <a href=\"/timeline?" +
            escape(s.query_string()) + "\">Timeline</a></p>";
    body += "<ol class=\"hits\" start=\"" + std::to_string(first) + "\">";
    for (const SearchHit& h : page.hits) body += render_hit(h, s);
    body += "</ol>";
    if (s.offset > 0 || last < results) {
        body += "<nav class=\"pages\" aria-label=\"Result pages\">";
        if (s.offset > 0)
            body += "<a rel=\"prev\" href=\"" + escape(base + "&page=" + std::to_string(s.page() - 1)) +
                    "\">← Previous</a>";
        body += "<span>Page " + with_commas(s.page()) + " of " +
                with_commas((results + s.limit - 1) / s.limit) + "</span>";
        if (last < results && last + s.limit <= kMaxResultDepth)
            body += "<a rel=\"next\" href=\"" + escape(base + "&page=" + std::to_string(s.page() + 1)) +
                    "\">Next →</a>";
        body += "</nav>";
    }
    body += "</section><aside class=\"facets\" aria-label=\"Narrow the results\">";
    body += facet_list(
        "Sources", page.sources, 12,
        [&s](const CountRow& r) {
            SearchState t = s;
            t.offset = 0;
            if (std::find(t.sources.begin(), t.sources.end(), r.bucket) != t.sources.end()) t.sources.clear();
            else t.sources = {r.bucket};
            return escape("/search?" + t.query_string());
        },
        [&s](const CountRow& r) { return std::find(s.sources.begin(), s.sources.end(), r.bucket) != s.sources.end(); },
        "(no source)");
    std::vector<CountRow> dated;
    for (const CountRow& r : page.years)
        if (!r.bucket.empty()) dated.push_back(r);
    std::reverse(dated.begin(), dated.end());
    body += facet_list(
        "Years", dated, 15,
        [&s](const CountRow& r) {
            SearchState t = s;
            t.offset = 0;
            if (t.since == r.bucket && t.until == r.bucket) t.since = t.until = "";
            else t.since = t.until = r.bucket;
            return escape("/search?" + t.query_string());
        },
        [&s](const CountRow& r) { return s.since == r.bucket && s.until == r.bucket; }, "");
    body += "</aside></div>";
    return layout(s.query.empty() ? "Search" : s.query, body, s.query, Section::search);
}

std::string render_article(const StoredArticle& stored, std::string_view query, bool has_original) {
    const ParsedArticle& a = stored.article;
    const Highlighter highlight(query, a.language);
    std::string body = "<article class=\"doc\"><h1>" + highlight.html(a.title.empty() ? "(untitled)" : a.title) +
                       "</h1><dl class=\"meta\">";
    const auto row = [&body](const char* label, const std::string& html) {
        if (!html.empty()) body += std::string("<dt>") + label + "</dt><dd>" + html + "</dd>";
    };
    row("Source", escape(a.source));
    row("Author", escape(a.author));
    row("Date", a.date.empty() ? "undated" : "<time>" + escape(a.date) + "</time>");
    row("Language", escape(a.language));
    if (const std::string href = safe_href(a.url); !href.empty())
        row("Address", "<a href=\"" + href + "\" rel=\"noopener noreferrer\">" + escape(a.url) + "</a>");
    else
        row("Address", escape(a.url));
    std::string tags;
    for (const auto& t : a.tags) tags += (tags.empty() ? "" : ", ") + escape(t);
    row("Tags", tags);
    std::string files;
    for (std::size_t i = 0; i < stored.paths.size(); ++i)
        files += (i ? "<br>" : "") + escape(stored.paths[i]) +
                 (stored.locators[i].empty() ? "" : " (" + escape(stored.locators[i]) + ")");
    row("Stored from", files);
    row("Format", escape(stored.format) + (stored.encoding.empty() ? "" : ", " + escape(stored.encoding)));
    if (has_original)
        row("Original", "<a href=\"/article/" + std::to_string(stored.id) + "/original\">the file as stored</a>");
    body += "</dl>";
    if (a.words_shown && a.words_total)
        body += "<p class=\"excerpt\">Excerpt: " + with_commas(*a.words_shown) + " of " + with_commas(*a.words_total) +
                " words shown.</p>";
    else if (a.is_excerpt)
        body += "<p class=\"excerpt\">Excerpt: the source cut the text short.</p>";

    // Which paragraphs cite each footnote, for the back-links.
    std::map<int, std::vector<std::string>> cited_by;  // footnote -> anchors of its marks
    std::string paragraphs;
    for (const StoredParagraph& p : stored.paragraphs) {
        const std::string& text = p.paragraph.text;
        std::string h = "<p id=\"p" + std::to_string(p.position) + "\">";
        std::size_t at = 0;
        int k = 0;
        for (const Citation& c : p.paragraph.citations) {
            const std::size_t offset = std::min(c.offset, text.size());
            if (offset < at) continue;
            h += highlight.html(std::string_view(text).substr(at, offset - at));
            at = offset;
            const std::string id = "ref-p" + std::to_string(p.position) + "-" + std::to_string(++k);
            const std::string n = std::to_string(c.footnote_number);
            h += "<sup class=\"fnref\"><a id=\"" + id + "\" href=\"#fn" + n + "\" aria-describedby=\"fn-h\">[" + n +
                 "]</a></sup>";
            cited_by[c.footnote_number].push_back(id + "|" + std::to_string(p.position));
        }
        h += highlight.html(std::string_view(text).substr(at)) + "</p>";
        paragraphs += h;
    }
    body += "<section aria-label=\"Text\">" + paragraphs + "</section>";
    if (!a.footnotes.empty()) {
        body += "<section aria-labelledby=\"fn-h\"><h2 id=\"fn-h\">Footnotes</h2><ol class=\"footnotes\">";
        for (const Footnote& f : a.footnotes) {
            const std::string n = std::to_string(f.number);
            body += "<li id=\"fn" + n + "\" value=\"" + n + "\">" + highlight.html(f.text);
            if (const std::string href = safe_href(f.url); !href.empty())
                body += " <a href=\"" + href + "\" rel=\"noopener noreferrer\">link</a>";
            if (const auto it = cited_by.find(f.number); it != cited_by.end()) {
                body += "<span class=\"backrefs\">";
                for (const std::string& ref : it->second) {
                    const std::size_t bar = ref.find('|');
                    body += "<a href=\"#" + ref.substr(0, bar) + "\" aria-label=\"Back to paragraph " +
                            ref.substr(bar + 1) + "\">↩ ¶" + ref.substr(bar + 1) + "</a>";
                }
                body += "</span>";
            }
            body += "</li>";
        }
        body += "</ol></section>";
    }
    int64_t left_out = static_cast<int64_t>(a.boilerplate.size());
    if (left_out > 0) {
        body += "<details><summary>" + with_commas(left_out) +
                " lines left out (site chrome, paywall notices)</summary><ul>";
        for (const auto& b : a.boilerplate) body += "<li>" + escape(b.text) + "</li>";
        body += "</ul></details>";
    }
    body += "</article>";
    if (!query.empty())
        body += "<p><a href=\"/search?q=" + escape(url_encode(query)) + "\">← Back to the results</a></p>";
    return layout(a.title.empty() ? "Article " + std::to_string(stored.id) : a.title, body, query, Section::other);
}

std::string render_timeline(const TimelinePage& page) {
    const SearchState& s = page.state;
    const bool months = page.by == CountBucket::month;
    std::string extra = "<label>Per <select name=\"by\">" + option_tag("month", "month", months ? "month" : "year") +
                        option_tag("year", "year", months ? "month" : "year") + "</select></label>"
                        "<label><input type=\"checkbox\" name=\"normalize\" value=\"1\"" +
                        std::string(page.normalize ? " checked" : "") +
                        "> as a share of the archive's articles</label>";
    std::string body = "<h1>Timeline</h1>" + search_form(s, "/timeline", extra);
    if (page.error) return layout("Timeline", body + render_error_box(*page.error, s.query), s.query, Section::timeline);
    if (s.query.empty()) {
        body += "<p>Type a query to see how many articles match it per month or year.</p>";
        return layout("Timeline", body, s.query, Section::timeline);
    }
    // The table and the chart are the library's (make_count_table,
    // count_chart): `newsdb count --format svg` draws the same bars.
    const CountTable table = make_count_table(page.by, {CountSeries{s.query, page.rows}});
    int64_t undated = 0, coarser = 0;
    std::vector<CountRow> series;
    for (const CountTable::Row& r : table.rows) {
        if (r.fit == BucketFit::none) undated += r.articles[0];
        else if (r.fit == BucketFit::coarser) coarser += r.articles[0];
        else series.push_back(CountRow{r.bucket, r.articles[0], r.passages[0], r.archive_articles});
    }
    const std::string what = page.normalize ? "share of the archive's articles that match" : "matching articles";
    body += "<p class=\"summary\">" + std::string(months ? "Per month" : "Per year") + ": " + what + " <strong>" +
            escape(s.query) + "</strong>.";
    if (undated > 0) body += " " + count_of(undated, "undated article is", "undated articles are") + " not shown.";
    if (coarser > 0)
        body += " " + count_of(coarser, "article dated only by its year is", "articles dated only by their year are") +
                " not shown per month.";
    body += "</p>";
    if (series.empty()) {
        body += "<p>No dated article matches.</p>";
        return layout("Timeline", body, s.query, Section::timeline);
    }
    BarChart chart = count_chart(table, page.normalize);
    chart.note.clear();  // the summary above says it
    body += render_bar_chart(chart, ChartDocument::inline_html);
    body += "<details><summary>The figures as a table</summary><table><thead><tr><th scope=\"col\">" +
            std::string(months ? "Month" : "Year") +
            "</th><th scope=\"col\" class=\"n\">Matching articles</th><th scope=\"col\" class=\"n\">Passages</th>"
            "<th scope=\"col\" class=\"n\">All articles</th><th scope=\"col\" class=\"n\">Share</th></tr></thead><tbody>";
    for (const CountRow& r : series) {
        char share[32];
        std::snprintf(share, sizeof share, "%.1f%%",
                      r.archive_articles > 0 ? 100.0 * static_cast<double>(r.articles) / static_cast<double>(r.archive_articles) : 0.0);
        body += "<tr><th scope=\"row\">" + escape(r.bucket) + "</th><td class=\"n\">" + with_commas(r.articles) +
                "</td><td class=\"n\">" + with_commas(r.passages) + "</td><td class=\"n\">" +
                with_commas(r.archive_articles) + "</td><td class=\"n\">" + share + "</td></tr>";
    }
    body += "</tbody></table></details>";
    return layout("Timeline: " + s.query, body, s.query, Section::timeline);
}

std::string render_citations(const CitationsPage& page) {
    const SearchState& s = page.state;
    const std::string by = std::string(citation_group_name(page.by));
    std::string extra = "<label>Group by <select name=\"by\">" + option_tag("publisher", "publisher", by) +
                        option_tag("year", "publisher and year", by) + option_tag("article", "citing article", by) +
                        "</select></label>";
    std::string body = "<h1>Citations</h1>" + search_form(s, "/citations", extra);
    if (page.error)
        return layout("Citations", body + render_error_box(*page.error, s.query), s.query, Section::citations);
    body += "<p class=\"summary\">What the footnotes of " +
            (s.query.empty() && !s.has_filters() ? std::string("the whole archive")
                                                 : "the articles matching <strong>" + escape(s.query) + "</strong>") +
            " cite: " + with_commas(static_cast<int64_t>(page.rows.size())) + " groups.</p>";
    body += "<table><thead><tr><th scope=\"col\">" +
            std::string(page.by == CitationGroup::article ? "Citing article" : "Publisher") + "</th>" +
            (page.by == CitationGroup::publisher_year ? "<th scope=\"col\">Year</th>" : "") +
            "<th scope=\"col\" class=\"n\">Footnotes</th><th scope=\"col\" class=\"n\">Marks</th>"
            "<th scope=\"col\">Citing articles</th></tr></thead><tbody>";
    std::size_t shown = 0;
    for (const CitationRow& r : page.rows) {
        if (++shown > 500) break;
        std::string label = r.label.empty() ? "(no publisher)" : escape(r.label);
        if (r.spellings.size() > 1) {
            std::string also;
            for (std::size_t i = 1; i < r.spellings.size(); ++i) also += (i > 1 ? "; " : "") + escape(r.spellings[i]);
            label += "<br><span class=\"meta\">also written: " + also + "</span>";
        }
        if (page.by == CitationGroup::article) label = "<a href=\"/article/" + escape(r.key) + "\">" + label + "</a>";
        body += "<tr><td>" + label + "</td>" +
                (page.by == CitationGroup::publisher_year
                     ? "<td>" + (r.year.empty() ? std::string("undated") : escape(r.year)) + "</td>"
                     : "") +
                "<td class=\"n\">" + with_commas(r.footnotes) + "</td><td class=\"n\">" + with_commas(r.marks) +
                "</td><td>";
        std::size_t k = 0;
        for (const CitingArticle& a : r.articles) {
            if (++k > 5) {
                body += " and " + with_commas(static_cast<int64_t>(r.articles.size() - 5)) + " more";
                break;
            }
            body += (k > 1 ? "; " : "") + std::string("<a href=\"/article/") + std::to_string(a.id) + "\">" +
                    escape(a.title.empty() ? "(untitled)" : a.title) + "</a>" +
                    (a.date.empty() ? "" : " <span class=\"meta\">" + escape(a.date) + "</span>");
        }
        body += "</td></tr>";
    }
    body += "</tbody></table>";
    return layout("Citations", body, s.query, Section::citations);
}

std::string render_help() {
    static const std::pair<const char*, const char*> kRows[] = {
        {"defence turkey", "passages with both words; other forms match too (agreement finds agreements)"},
        {"\"defence industry\"", "the phrase, words in order"},
        {"=agreements", "only this form of the word"},
        {"drones OR helicopters", "either word"},
        {"turkey -pakistan", "turkey but not pakistan (also: turkey NOT pakistan)"},
        {"defen*", "words starting with defen"},
        {"(drones OR uav) army", "grouping"},
        {"NEAR(turkey drones, 5)", "both within 5 words"},
        {"title:drones", "articles whose title matches drones"},
        {"source:\"Daily Sabah\"", "the article's source, whole name, any case"},
        {"author:aslan", "the article's author contains aslan"},
        {"publisher:Sabah", "footnotes whose publisher contains Sabah: who cites an outlet"},
        {"date:2020-02..2020-03", "articles dated within (also date:2020, date:..2020-03, date:2019..)"},
        {"lang:tr", "articles in Turkish"},
        {"kind:footnote", "footnotes only: paragraph, footnote or title"},
    };
    std::string body = "<h1>Query syntax</h1><p>Case and accents do not matter: erdogan finds Erdoğan. Fields go "
                       "outside ( ) and OR; quote values with spaces.</p><dl class=\"help\">";
    for (const auto& [q, what] : kRows)
        body += "<dt><a href=\"/search?q=" + escape(url_encode(q)) + "\">" + escape(q) + "</a></dt><dd>" + escape(what) +
                "</dd>";
    body += "</dl><h2>Keyboard</h2><p><kbd>/</kbd> puts the cursor in the search box.</p>";
    return layout("Query syntax", body, "", Section::help);
}

std::string render_error_page(int status, const Error& error) {
    const std::string title = status == 404 ? "Not found" : status == 400 ? "Bad request"
                              : status == 503 ? "Busy" : "Error";
    return layout(title, "<h1>" + title + "</h1>" + render_error_box(error, ""), "", Section::other);
}

} // namespace newsdb::web
