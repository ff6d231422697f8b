// Tables of counts per bucket (include/newsdb/report.hpp): merging the
// queries' rows, filling gaps in time, and writing every format.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "export/text_escape.hpp"
#include "newsdb/error.hpp"
#include "newsdb/report.hpp"
#include "util/display_width.hpp"

namespace newsdb {

namespace {

using Json = nlohmann::json;
namespace chr = std::chrono;

std::size_t exact_length(CountBucket by) {
    switch (by) {
    case CountBucket::year: return 4;
    case CountBucket::month: return 7;
    case CountBucket::week: return 8;
    case CountBucket::day: return 10;
    default: return 0;
    }
}

int to_int(std::string_view s) {
    int v = 0;
    for (const char c : s) v = v * 10 + (c - '0');
    return v;
}

// The Monday of ISO week `w` of ISO year `y`.
chr::sys_days iso_monday(int y, int w) {
    const chr::sys_days jan4 = chr::year{y} / chr::January / 4;
    const chr::weekday wd{jan4};
    return jan4 - chr::days{wd.iso_encoding() - 1} + chr::weeks{w - 1};
}

std::string iso_week_label(chr::sys_days monday) {
    const chr::sys_days thursday = monday + chr::days{3};
    const chr::year_month_day ymd{thursday};
    const chr::sys_days jan1 = ymd.year() / chr::January / 1;
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-W%02d", static_cast<int>(ymd.year()),
                  static_cast<int>((thursday - jan1).count() / 7 + 1));
    return buf;
}

// The bucket after `bucket` (an exact one of `by`); nullopt when it cannot be read.
std::optional<std::string> next_bucket(CountBucket by, const std::string& bucket) {
    char buf[48];
    if (bucket.size() != exact_length(by)) return std::nullopt;
    const int y = to_int(bucket.substr(0, 4));
    switch (by) {
    case CountBucket::year: std::snprintf(buf, sizeof buf, "%04d", y + 1); return buf;
    case CountBucket::month: {
        const int m = to_int(bucket.substr(5, 2));
        std::snprintf(buf, sizeof buf, "%04d-%02d", m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1);
        return buf;
    }
    case CountBucket::week: return iso_week_label(iso_monday(y, to_int(bucket.substr(6, 2))) + chr::weeks{1});
    case CountBucket::day: {
        const chr::year_month_day d{chr::year{y}, chr::month{static_cast<unsigned>(to_int(bucket.substr(5, 2)))},
                                    chr::day{static_cast<unsigned>(to_int(bucket.substr(8, 2)))}};
        if (!d.ok()) return std::nullopt;
        const chr::year_month_day n{chr::sys_days{d} + chr::days{1}};
        std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(n.year()), static_cast<unsigned>(n.month()),
                      static_cast<unsigned>(n.day()));
        return buf;
    }
    default: return std::nullopt;
    }
}

// More buckets than this between the first and the last (a stray date in
// year 1000): the gaps stay unfilled rather than a table of millions of rows.
constexpr std::size_t kMaxFilledBuckets = 20000;

bool time_order(const std::string& x, const std::string& y) { return x < y; }

int64_t sum(const std::vector<int64_t>& v) {
    int64_t s = 0;
    for (const int64_t x : v) s += x;
    return s;
}

std::string share_text(double share) { return chart_value_label(share, true); }

std::string bucket_label(const CountTable& t, const CountTable::Row& r) {
    if (r.fit == BucketFit::none) return is_time_bucket(t.by) ? "(undated)" : "(none)";
    if (r.fit == BucketFit::coarser) return r.bucket + (r.bucket.size() == 4 ? " (year only)" : " (month only)");
    return r.bucket;
}

std::string per_what(CountBucket by) {
    return by == CountBucket::total ? "in all" : "per " + std::string(count_bucket_name(by));
}

std::string quoted_list(const std::vector<std::string>& queries) {
    std::string s;
    for (std::size_t i = 0; i < queries.size(); ++i) s += (i ? ", \"" : "\"") + queries[i] + "\"";
    return s;
}

// ---- text ----------------------------------------------------------------

constexpr const char* kEighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
// Later series without colour: shades, whole cells.
constexpr const char* kShades[] = {"█", "▓", "▒", "░"};
constexpr const char* kColours[] = {"\x1b[34m", "\x1b[33m", "\x1b[32m", "\x1b[31m", "\x1b[35m", "\x1b[36m"};

std::string bar(double value, double max, std::size_t width, std::size_t series, MatchStyle style) {
    if (max <= 0 || value <= 0) return std::string(width, ' ');
    const double cells = value / max * static_cast<double>(width);
    std::string b;
    std::size_t used = 0;
    if (series == 0 || style == MatchStyle::color) {
        const auto eighths = static_cast<std::size_t>(cells * 8 + 0.5);
        for (std::size_t i = 0; i < eighths / 8; ++i) b += "█";
        used = eighths / 8;
        if (eighths % 8) b += kEighths[eighths % 8], ++used;
        if (eighths == 0) b += "▏", ++used;  // a match is never drawn as nothing
    } else {
        const auto whole = std::max<std::size_t>(1, static_cast<std::size_t>(cells + 0.5));
        for (std::size_t i = 0; i < whole; ++i) b += kShades[series % 4];
        used = whole;
    }
    if (style == MatchStyle::color) b = kColours[series % 6] + b + "\x1b[0m";
    return b + std::string(width > used ? width - used : 0, ' ');
}

void write_text(const CountTable& t, std::ostream& out, const CountReportOptions& o) {
    const bool compare = t.queries.size() > 1;
    out << (o.normalize ? "Share of the archive's articles matching " : "Articles and passages matching ")
        << quoted_list(t.queries) << ", " << per_what(t.by) << "\n";
    if (t.rows.empty()) {
        out << "no article matches\n";
        return;
    }
    std::vector<std::vector<std::string>> cells;
    std::vector<std::string> head = {std::string(count_bucket_name(t.by)), "all"};
    for (std::size_t q = 0; q < t.queries.size(); ++q) {
        const std::string p = compare ? std::to_string(q + 1) + ":" : "";
        head.insert(head.end(), {p + "articles", p + "passages", p + "share"});
    }
    cells.push_back(head);
    for (const auto& r : t.rows) {
        std::vector<std::string> c = {exporting::one_line(bucket_label(t, r)),
                                      exporting::group_thousands(r.archive_articles)};
        for (std::size_t q = 0; q < t.queries.size(); ++q)
            c.insert(c.end(), {exporting::group_thousands(r.articles[q]), exporting::group_thousands(r.passages[q]),
                               share_text(r.share(q))});
        cells.push_back(std::move(c));
    }
    std::vector<std::size_t> widths(head.size(), 0);
    for (const auto& c : cells)
        for (std::size_t i = 0; i < c.size(); ++i) widths[i] = std::max(widths[i], util::display_width(c[i]));
    std::vector<double> max(t.queries.size(), 0);
    const auto value = [&](const CountTable::Row& r, std::size_t q) {
        return o.normalize ? r.share(q) : static_cast<double>(r.articles[q]);
    };
    for (const auto& r : t.rows)
        if (r.fit == BucketFit::exact)
            for (std::size_t q = 0; q < t.queries.size(); ++q) max[q] = std::max(max[q], value(r, q));
    // One scale for all queries, so that their bars compare.
    const double scale = *std::max_element(max.begin(), max.end());
    const std::size_t bar_w = std::max<std::size_t>(4, o.bar_width / t.queries.size());
    if (compare)
        for (std::size_t q = 0; q < t.queries.size(); ++q)
            out << "  " << q + 1 << ": " << exporting::one_line(t.queries[q]) << "\n";
    bool apart = false;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        const CountTable::Row* r = i > 0 ? &t.rows[i - 1] : nullptr;
        if (r && r->fit != BucketFit::exact && !apart && is_time_bucket(t.by)) {
            out << "-- not in the chart: dated less precisely than a " << count_bucket_name(t.by) << ", or undated\n";
            apart = true;
        }
        std::string line;
        for (std::size_t c = 0; c < cells[i].size(); ++c)
            line += (c ? "  " : "") +
                    util::pad_to_width(cells[i][c], widths[c], c == 0 ? util::Align::left : util::Align::right);
        if (r && (r->fit == BucketFit::exact || !is_time_bucket(t.by)) && t.by != CountBucket::total) {
            line += " ";
            for (std::size_t q = 0; q < t.queries.size(); ++q)
                line += " " + bar(value(*r, q), scale, bar_w, q, o.style);
            while (!line.empty() && line.back() == ' ') line.pop_back();
        }
        out << line << "\n";
    }
}

// ---- the others ----------------------------------------------------------

std::string fit_name(const CountTable& t, const CountTable::Row& r) {
    return std::string(r.fit == BucketFit::none && !is_time_bucket(t.by) ? "none" : bucket_fit_name(r.fit));
}

void write_csv(const CountTable& t, std::ostream& out) {
    const bool compare = t.queries.size() > 1;
    out << "bucket,fit,archive_articles";
    for (const auto& q : t.queries)
        for (const char* col : {"articles", "passages", "share"})
            out << "," << csv_field(compare ? std::string(col) + ":" + q : std::string(col));
    out << "\r\n";
    for (const auto& r : t.rows) {
        out << csv_field(exporting::one_line(r.bucket)) << "," << fit_name(t, r) << "," << r.archive_articles;
        for (std::size_t q = 0; q < t.queries.size(); ++q) {
            char share[32];
            std::snprintf(share, sizeof share, "%.6f", r.share(q));
            out << "," << r.articles[q] << "," << r.passages[q] << "," << share;
        }
        out << "\r\n";
    }
}

void write_json(const CountTable& t, std::ostream& out, bool normalize, bool lines) {
    const auto dump = [](const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); };
    if (lines) {
        for (const auto& r : t.rows)
            for (std::size_t q = 0; q < t.queries.size(); ++q)
                out << dump(Json{{"query", t.queries[q]}, {"by", count_bucket_name(t.by)}, {"bucket", r.bucket},
                                 {"fit", fit_name(t, r)}, {"articles", r.articles[q]}, {"passages", r.passages[q]},
                                 {"archive_articles", r.archive_articles}, {"share", r.share(q)}})
                    << "\n";
        return;
    }
    Json rows = Json::array();
    for (const auto& r : t.rows) {
        Json shares = Json::array();
        for (std::size_t q = 0; q < t.queries.size(); ++q) shares.push_back(r.share(q));
        rows.push_back(Json{{"bucket", r.bucket}, {"fit", fit_name(t, r)}, {"archive_articles", r.archive_articles},
                            {"articles", r.articles}, {"passages", r.passages}, {"share", shares}});
    }
    out << dump(Json{{"by", count_bucket_name(t.by)}, {"queries", t.queries}, {"normalize", normalize}, {"rows", rows}})
        << "\n";
}

void write_markdown(const CountTable& t, std::ostream& out, bool normalize) {
    out << "**" << exporting::escape_markdown(quoted_list(t.queries)) << "**: "
        << (normalize ? "share of the archive's articles, " : "matching articles, ") << per_what(t.by) << "\n\n";
    const bool compare = t.queries.size() > 1;
    out << "| " << count_bucket_name(t.by) << " | all articles |";
    for (const auto& q : t.queries) {
        const std::string p = compare ? exporting::escape_markdown(q) + ": " : "";
        out << " " << p << "articles | " << p << "passages | " << p << "share |";
    }
    out << "\n| --- | ---: |";
    for (std::size_t q = 0; q < t.queries.size(); ++q) out << " ---: | ---: | ---: |";
    out << "\n";
    for (const auto& r : t.rows) {
        out << "| " << exporting::escape_markdown(bucket_label(t, r)) << " | " << r.archive_articles << " |";
        for (std::size_t q = 0; q < t.queries.size(); ++q)
            out << " " << r.articles[q] << " | " << r.passages[q] << " | " << share_text(r.share(q)) << " |";
        out << "\n";
    }
}

} // namespace

ReportFormat parse_report_format(std::string_view name) {
    std::string n(name);
    std::transform(n.begin(), n.end(), n.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (n == "text") return ReportFormat::text;
    if (n == "csv") return ReportFormat::csv;
    if (n == "json") return ReportFormat::json;
    if (n == "jsonl") return ReportFormat::jsonl;
    if (n == "markdown" || n == "md") return ReportFormat::markdown;
    if (n == "svg") return ReportFormat::svg;
    throw Error(Errc::invalid_argument, "unknown format '" + std::string(name) + "'",
                "use one of: text, csv, json, jsonl, markdown (or md), svg");
}

std::string_view bucket_fit_name(BucketFit fit) noexcept {
    switch (fit) {
    case BucketFit::exact: return "exact";
    case BucketFit::coarser: return "coarser";
    case BucketFit::none: return "undated";
    }
    return "exact";
}

BucketFit bucket_fit(CountBucket by, std::string_view bucket) noexcept {
    if (by == CountBucket::total || by == CountBucket::kind) return BucketFit::exact;
    if (bucket.empty()) return BucketFit::none;
    if (is_time_bucket(by) && bucket.size() < exact_length(by)) return BucketFit::coarser;
    return BucketFit::exact;
}

double CountTable::Row::share(std::size_t q) const {
    return archive_articles > 0 ? static_cast<double>(articles.at(q)) / static_cast<double>(archive_articles) : 0.0;
}

CountTable make_count_table(CountBucket by, const std::vector<CountSeries>& series,
                            const std::vector<CountRow>& archive) {
    CountTable t;
    t.by = by;
    const std::size_t nq = series.size();
    std::map<std::string, CountTable::Row> rows;
    const auto row = [&](const std::string& bucket) -> CountTable::Row& {
        auto [it, added] = rows.try_emplace(bucket);
        if (added) {
            it->second.bucket = bucket;
            it->second.fit = bucket_fit(by, bucket);
            it->second.articles.assign(nq, 0);
            it->second.passages.assign(nq, 0);
        }
        return it->second;
    };
    for (std::size_t q = 0; q < nq; ++q) {
        t.queries.push_back(series[q].query);
        for (const CountRow& c : series[q].rows) {
            CountTable::Row& r = row(c.bucket);
            r.articles[q] = c.articles;
            r.passages[q] = c.passages;
            r.archive_articles = std::max(r.archive_articles, c.archive_articles);
        }
    }
    std::vector<CountTable::Row> exact, coarser, none;
    for (auto& [bucket, r] : rows)
        (r.fit == BucketFit::exact ? exact : r.fit == BucketFit::coarser ? coarser : none).push_back(std::move(r));
    if (is_time_bucket(by) && !exact.empty()) {
        std::vector<CountTable::Row> filled;
        std::string b = exact.front().bucket;
        const std::string last = exact.back().bucket;
        std::size_t i = 0;
        while (filled.size() <= kMaxFilledBuckets) {
            if (i < exact.size() && exact[i].bucket == b) filled.push_back(std::move(exact[i++]));
            else filled.push_back(CountTable::Row{b, BucketFit::exact, 0, std::vector<int64_t>(nq, 0),
                                                  std::vector<int64_t>(nq, 0)});
            if (b >= last) break;
            const auto next = next_bucket(by, b);
            if (!next || !time_order(b, *next)) break;
            b = *next;
        }
        if (i == exact.size()) exact = std::move(filled);  // else unreadable or too many: as they were
        if (!archive.empty()) {
            std::map<std::string, int64_t> all;
            for (const CountRow& a : archive) all[a.bucket] = a.archive_articles;
            for (auto& r : exact)
                if (r.archive_articles == 0)
                    if (const auto it = all.find(r.bucket); it != all.end()) r.archive_articles = it->second;
        }
    } else if (!is_time_bucket(by)) {
        std::stable_sort(exact.begin(), exact.end(), [](const CountTable::Row& x, const CountTable::Row& y) {
            const int64_t a = sum(x.articles), b = sum(y.articles);
            return a != b ? a > b : x.bucket < y.bucket;
        });
    }
    for (auto* part : {&exact, &coarser, &none})
        for (auto& r : *part) t.rows.push_back(std::move(r));
    return t;
}

BarChart count_chart(const CountTable& t, bool normalize) {
    BarChart c;
    c.percent = normalize;
    const std::string per = per_what(t.by);
    c.title = t.queries.size() == 1 ? "“" + t.queries[0] + "”: " +
                                          (normalize ? "share of the archive's articles, " : "matching articles, ") + per
                                    : (normalize ? "Share of the archive's articles, " : "Matching articles, ") + per;
    c.value_label = normalize ? "share of all articles in the " + std::string(count_bucket_name(t.by))
                              : "matching articles";
    for (std::size_t q = 0; q < t.queries.size(); ++q) c.series.push_back(ChartSeries{t.queries[q], {}});
    std::vector<int64_t> coarser(t.queries.size(), 0), none(t.queries.size(), 0);
    for (const auto& r : t.rows) {
        if (r.fit != BucketFit::exact) {
            for (std::size_t q = 0; q < t.queries.size(); ++q)
                (r.fit == BucketFit::coarser ? coarser : none)[q] += r.articles[q];
            continue;
        }
        c.categories.push_back(r.bucket);
        for (std::size_t q = 0; q < t.queries.size(); ++q)
            c.series[q].values.push_back(normalize ? r.share(q) : static_cast<double>(r.articles[q]));
    }
    std::string note;
    for (std::size_t q = 0; q < t.queries.size(); ++q) {
        if (coarser[q] == 0 && none[q] == 0) continue;
        std::string part = t.queries.size() > 1 ? "“" + t.queries[q] + "”: " : "";
        if (coarser[q] > 0)
            part += exporting::group_thousands(coarser[q]) + " dated less precisely than a " +
                    std::string(count_bucket_name(t.by));
        if (none[q] > 0)
            part += std::string(coarser[q] > 0 ? ", " : "") + exporting::group_thousands(none[q]) +
                    (is_time_bucket(t.by) ? " undated" : " without a " + std::string(count_bucket_name(t.by)));
        note += (note.empty() ? "" : ";\n") + part;
    }
    if (!note.empty()) c.note = std::string("Matching articles not shown: ") + (t.queries.size() > 1 ? "\n" : "") + note + ".";
    return c;
}

void write_count_table(const CountTable& table, ReportFormat format, std::ostream& out,
                       const CountReportOptions& options) {
    switch (format) {
    case ReportFormat::text: write_text(table, out, options); break;
    case ReportFormat::csv: write_csv(table, out); break;
    case ReportFormat::json: write_json(table, out, options.normalize, false); break;
    case ReportFormat::jsonl: write_json(table, out, options.normalize, true); break;
    case ReportFormat::markdown: write_markdown(table, out, options.normalize); break;
    case ReportFormat::svg: out << render_bar_chart(count_chart(table, options.normalize), ChartDocument::standalone); break;
    }
}

} // namespace newsdb
