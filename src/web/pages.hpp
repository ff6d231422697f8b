// Server-rendered pages. All page markup lives here: each part takes the
// library's own result types, so a change to them (article-level results,
// context, copies) is a change to one renderer.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "newsdb/archive.hpp"
#include "newsdb/error.hpp"
#include "web/params.hpp"

namespace newsdb::web {

enum class Section { search, timeline, citations, help, other };

// The whole page around `body`: head, site header with the search box holding
// `query`, footer and the script.
std::string layout(std::string_view title, std::string_view body, std::string_view query, Section current);

// One search result: title linked to the article (with the query, to
// highlight it, and the passage's anchor), source, date, position, snippet.
std::string render_hit(const SearchHit& hit, const SearchState& state);

struct SearchPage {
    SearchState state;
    std::vector<SearchHit> hits;
    CountRow total;                  // of the whole result set
    std::vector<CountRow> sources;   // facets, most articles first
    std::vector<CountRow> years;
    std::optional<Error> error;      // a bad query or parameter: shown instead of results
    std::optional<ArchiveStats> stats;  // the landing page (no query yet)
};
std::string render_search(const SearchPage& page);

// The article with its paragraphs, [N] marks linked to the footnotes and back,
// the excerpt status, and `query`'s words highlighted.
std::string render_article(const StoredArticle& article, std::string_view query, bool has_original);

struct TimelinePage {
    SearchState state;
    CountBucket by = CountBucket::month;
    bool normalize = false;
    std::vector<CountRow> rows;
    std::optional<Error> error;
};
std::string render_timeline(const TimelinePage& page);

struct CitationsPage {
    SearchState state;
    CitationGroup by = CitationGroup::publisher;
    std::vector<CitationRow> rows;
    std::optional<Error> error;
};
std::string render_citations(const CitationsPage& page);

std::string render_help();

// A page for a failed request (404, 400, 503, 500).
std::string render_error_page(int status, const Error& error);

// The error box: message, where in the query it is, what to do.
std::string render_error_box(const Error& error, std::string_view query);

} // namespace newsdb::web
