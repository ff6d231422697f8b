// Citations in every format (write_citations in include/newsdb/report.hpp).
#include <string>

#include <nlohmann/json.hpp>

#include "export/text_escape.hpp"
#include "newsdb/error.hpp"
#include "newsdb/report.hpp"
#include "util/display_width.hpp"

namespace newsdb {

namespace {

using Json = nlohmann::json;

// Citing articles listed per group in text; the other formats list all.
constexpr std::size_t kTextArticles = 10;

std::string label_of(const CitationRow& r, CitationGroup by) {
    if (by == CitationGroup::article) return r.label.empty() ? "(untitled)" : r.label;
    return r.label.empty() ? "(no publisher)" : r.label;
}

std::string joined(const std::vector<std::string>& v, std::string_view sep) {
    std::string s;
    for (std::size_t i = 0; i < v.size(); ++i) s += (i ? std::string(sep) : "") + v[i];
    return s;
}

std::string article_ref(const CitingArticle& a) {
    return util::pad_to_width(a.date.empty() ? "undated" : a.date, 10) + "  #" + std::to_string(a.id) + " " +
           (a.title.empty() ? "(untitled)" : a.title);
}

Json row_json(const CitationRow& r, CitationGroup by) {
    Json articles = Json::array();
    for (const auto& a : r.articles)
        articles.push_back({{"id", a.id}, {"title", a.title}, {"date", a.date}, {"source", a.source}});
    Json j{{"key", r.key}, {"label", r.label}, {"footnotes", r.footnotes}, {"marks", r.marks},
           {"articles", articles}};
    if (by != CitationGroup::article) j["spellings"] = r.spellings;
    if (by == CitationGroup::publisher_year) j["year"] = r.year;
    return j;
}

std::string dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

void write_text(const std::vector<CitationRow>& rows, CitationGroup by, std::string_view query, std::ostream& out) {
    out << "What the footnotes of "
        << (query.empty() ? std::string("the archive") : "the articles matching \"" + exporting::one_line(query) + "\"")
        << " cite, per " << (by == CitationGroup::article ? "citing article" : by == CitationGroup::publisher_year
                                                                                   ? "publisher and year"
                                                                                   : "publisher")
        << ": " << rows.size() << (rows.size() == 1 ? " group\n" : " groups\n");
    if (rows.empty()) return;
    const bool year = by == CitationGroup::publisher_year;
    std::vector<std::vector<std::string>> cells;
    cells.push_back({by == CitationGroup::article ? "article" : "publisher"});
    if (year) cells[0].push_back("year");
    cells[0].insert(cells[0].end(), {"footnotes", "marks", "articles"});
    if (by != CitationGroup::article) cells[0].push_back("spellings");
    for (const auto& r : rows) {
        std::vector<std::string> c = {exporting::one_line(
            by == CitationGroup::article ? "#" + r.key + " " + label_of(r, by) : label_of(r, by))};
        if (year) c.push_back(r.year.empty() ? "undated" : r.year);
        c.insert(c.end(), {exporting::group_thousands(r.footnotes), exporting::group_thousands(r.marks),
                           exporting::group_thousands(static_cast<int64_t>(r.articles.size()))});
        // The label is the most frequent spelling: the column shows the others' presence.
        if (by != CitationGroup::article)
            c.push_back(r.spellings.size() > 1 ? exporting::one_line(joined(r.spellings, "; ")) : "");
        cells.push_back(std::move(c));
    }
    const std::size_t last = cells[0].size() - 1;
    std::vector<std::size_t> widths(cells[0].size(), 0);
    for (const auto& c : cells)
        for (std::size_t i = 0; i < c.size(); ++i) widths[i] = std::max(widths[i], util::display_width(c[i]));
    const std::size_t first_numeric = year ? 2 : 1;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        std::string line;
        for (std::size_t c = 0; c < cells[i].size(); ++c) {
            const bool numeric = c >= first_numeric && c < first_numeric + 3;
            line += (c ? "  " : "") + (c == last && !numeric ? cells[i][c]
                                                             : util::pad_to_width(cells[i][c], widths[c],
                                                                                  numeric ? util::Align::right
                                                                                          : util::Align::left));
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out << line << "\n";
        if (i == 0 || by == CitationGroup::article) continue;
        const CitationRow& r = rows[i - 1];
        for (std::size_t k = 0; k < r.articles.size() && k < kTextArticles; ++k)
            out << "    " << exporting::one_line(article_ref(r.articles[k])) << "\n";
        if (r.articles.size() > kTextArticles)
            out << "    ... and " << r.articles.size() - kTextArticles << " more (all of them: --format json)\n";
    }
}

void write_csv(const std::vector<CitationRow>& rows, CitationGroup by, std::ostream& out) {
    out << "key,label," << (by == CitationGroup::publisher_year ? "year," : "")
        << "footnotes,marks,articles,spellings,citing_articles\r\n";
    for (const auto& r : rows) {
        std::vector<std::string> citing;
        for (const auto& a : r.articles) citing.push_back(std::to_string(a.id) + " " + (a.date.empty() ? "undated" : a.date));
        out << csv_field(r.key) << "," << csv_field(exporting::one_line(r.label)) << ","
            << (by == CitationGroup::publisher_year ? csv_field(r.year) + "," : "") << r.footnotes << "," << r.marks
            << "," << r.articles.size() << "," << csv_field(exporting::one_line(joined(r.spellings, "; "))) << ","
            << csv_field(joined(citing, "; ")) << "\r\n";
    }
}

void write_markdown(const std::vector<CitationRow>& rows, CitationGroup by, std::ostream& out) {
    const bool year = by == CitationGroup::publisher_year;
    out << "| " << (by == CitationGroup::article ? "Citing article" : "Publisher") << " |" << (year ? " Year |" : "")
        << " Footnotes | Marks | Citing articles |\n| --- |" << (year ? " --- |" : "") << " ---: | ---: | --- |\n";
    for (const auto& r : rows) {
        std::string label = exporting::escape_markdown(label_of(r, by));
        if (r.spellings.size() > 1) {
            std::vector<std::string> also(r.spellings.begin() + 1, r.spellings.end());
            label += " (also written: " + exporting::escape_markdown(joined(also, "; ")) + ")";
        }
        std::vector<std::string> citing;
        for (const auto& a : r.articles) citing.push_back(exporting::escape_markdown(article_ref(a)));
        out << "| " << label << " |" << (year ? " " + (r.year.empty() ? std::string("undated") : r.year) + " |" : "")
            << " " << r.footnotes << " | " << r.marks << " | " << joined(citing, "; ") << " |\n";
    }
}

} // namespace

void write_citations(const std::vector<CitationRow>& rows, CitationGroup by, std::string_view query,
                     ReportFormat format, std::ostream& out) {
    switch (format) {
    case ReportFormat::text: write_text(rows, by, query, out); return;
    case ReportFormat::csv: write_csv(rows, by, out); return;
    case ReportFormat::markdown: write_markdown(rows, by, out); return;
    case ReportFormat::jsonl:
        for (const auto& r : rows) out << dump(row_json(r, by)) << "\n";
        return;
    case ReportFormat::json: {
        Json all = Json::array();
        for (const auto& r : rows) all.push_back(row_json(r, by));
        out << dump(Json{{"query", std::string(query)}, {"by", citation_group_name(by)}, {"rows", all}}) << "\n";
        return;
    }
    case ReportFormat::svg: break;
    }
    throw Error(Errc::invalid_argument, "citations have no svg form",
                "use text, csv, json, jsonl or markdown; `newsdb count` draws charts");
}

} // namespace newsdb
