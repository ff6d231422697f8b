// Reports over Archive::count and Archive::citations: tables of counts per
// bucket for one or several queries, and the citations, in every output
// format. `newsdb count`, `newsdb citations` and the web timeline use them.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "newsdb/archive.hpp"
#include "newsdb/chart.hpp"
#include "newsdb/export.hpp"

namespace newsdb {

enum class ReportFormat { text, csv, json, jsonl, markdown, svg };
// "text", "csv", "json", "jsonl", "markdown" (or "md"), "svg"; throws Error(invalid_argument).
ReportFormat parse_report_format(std::string_view name);

// How a row's bucket fits the grouping.
//   exact:   a bucket of the grouping ("2020-02" per month, "Reuters" per source)
//   coarser: per year, month, week or day, articles dated less precisely
//            ("2020" per month: dated only by their year)
//   none:    no value: undated articles, or none given (source, author ...)
enum class BucketFit { exact, coarser, none };
std::string_view bucket_fit_name(BucketFit fit) noexcept;  // "exact", "coarser", "undated" or "none"
BucketFit bucket_fit(CountBucket by, std::string_view bucket) noexcept;

struct CountSeries {
    std::string query;
    std::vector<CountRow> rows;  // as Archive::count returned them
};

struct CountTable {
    CountBucket by = CountBucket::total;
    std::vector<std::string> queries;
    struct Row {
        std::string bucket;
        BucketFit fit = BucketFit::exact;
        int64_t archive_articles = 0;        // every article of the archive in the bucket
        std::vector<int64_t> articles;       // per query, parallel to `queries`
        std::vector<int64_t> passages;
        // articles[q] / archive_articles; 0 when the bucket holds no article.
        double share(std::size_t q) const;
    };
    // The exact rows first: per year, month, week or day every bucket from the
    // first to the last (a gap as a row of zeros), in date order; otherwise
    // most matching articles first (summed over the queries), then by bucket.
    // Then the coarser rows in date order, then the row of `none`.
    std::vector<Row> rows;
};

// Merges the rows of each query into one table. `archive`: the rows of
// Archive::count for a blank query without filters (the whole archive), which
// give the archive's articles for buckets that no query matched; may be empty.
CountTable make_count_table(CountBucket by, const std::vector<CountSeries>& series,
                            const std::vector<CountRow>& archive = {});

struct CountReportOptions {
    bool normalize = false;               // chart and bars show shares of the archive's articles
    MatchStyle style = MatchStyle::plain; // text: colour the bars (a terminal)
    std::size_t bar_width = 32;           // text: columns of the longest bar
};

// text: a table with a bar per exact row (Unicode blocks, eighths); csv,
// json, jsonl, markdown: every row with its fit; svg: the chart of the exact
// rows (count_chart) as a standalone document.
void write_count_table(const CountTable& table, ReportFormat format, std::ostream& out,
                       const CountReportOptions& options = {});

// The chart of the table's exact rows: one series per query, the matching
// articles or (normalize) their share of the archive's; the note says how
// many matching articles the chart leaves out (coarser dates, undated).
BarChart count_chart(const CountTable& table, bool normalize);

// text: a table of the groups, each with its citing articles (date, id,
// title) beneath; csv, json, jsonl, markdown: every group with every raw
// spelling and every citing article. svg is refused (invalid_argument).
void write_citations(const std::vector<CitationRow>& rows, CitationGroup by, std::string_view query,
                     ReportFormat format, std::ostream& out);

} // namespace newsdb
