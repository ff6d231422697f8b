// Counts per bucket and citations, over the passages search selects
// (visit_matching_passages): one statement each, so one snapshot.
#include "store/counts.hpp"

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>

#include "newsdb/error.hpp"
#include "store/search.hpp"
#include "tokenizer/fold.hpp"

namespace newsdb::store {

namespace {

// The bucket of a matching passage `m` in article `a`.
constexpr const char* kMonthOrYear =
    "CASE WHEN length(a.date) >= 7 THEN substr(a.date, 1, 7) ELSE coalesce(substr(a.date, 1, 4), '') END";
// The Thursday of the date's ISO week: its year is the week's year, and its
// day of the year gives the week's number.
constexpr const char* kThursday = "date(substr(a.date, 1, 10), '-3 days', 'weekday 4')";

std::string bucket_sql(CountBucket by) {
    switch (by) {
    case CountBucket::total: return "''";
    case CountBucket::year: return "coalesce(substr(a.date, 1, 4), '')";
    case CountBucket::month: return kMonthOrYear;
    case CountBucket::week:
        return std::string("CASE WHEN length(a.date) >= 10 AND ") + kThursday + " IS NOT NULL THEN strftime('%Y', " +
               kThursday + ") || '-W' || printf('%02d', (CAST(strftime('%j', " + kThursday +
               ") AS INTEGER) - 1) / 7 + 1) ELSE " + kMonthOrYear + " END";
    case CountBucket::day:
        return std::string("CASE WHEN length(a.date) >= 10 THEN substr(a.date, 1, 10) ELSE ") + kMonthOrYear + " END";
    case CountBucket::source: return "coalesce(a.source, '')";
    case CountBucket::language: return "coalesce(a.language, '')";
    case CountBucket::author: return "coalesce(a.author, '')";
    case CountBucket::kind: return "m.kind";
    }
    return "''";
}

// Every article of the archive per bucket (column bucket, n).
std::string archive_sql(CountBucket by) {
    if (by == CountBucket::kind)
        return "SELECT kind AS bucket, count(DISTINCT article_id) AS n FROM passages GROUP BY kind";
    std::string b = bucket_sql(by);
    return "SELECT " + b + " AS bucket, count(*) AS n FROM articles a GROUP BY 1";
}

} // namespace

std::vector<CountRow> count_matches(SQLite::Database& db, const SearchOptions& options, CountBucket by,
                                    tokenizer::QueryLanguages* languages) {
    std::vector<CountRow> rows;
    const auto wrap = [by](const std::string& matches) {
        const std::string head = "WITH m AS MATERIALIZED (" + matches + ")";
        // One row even when nothing matches.
        if (by == CountBucket::total)
            return head + " SELECT '', count(DISTINCT article_id), count(*), (SELECT count(*) FROM articles) FROM m";
        return head + ", c AS (SELECT " + bucket_sql(by) +
               " AS bucket, count(DISTINCT m.article_id) AS articles, count(*) AS passages FROM m "
               "JOIN articles a ON a.id = m.article_id GROUP BY 1), t AS (" + archive_sql(by) +
               ") SELECT c.bucket, c.articles, c.passages, coalesce(t.n, 0) FROM c LEFT JOIN t ON t.bucket = c.bucket";
    };
    visit_matching_passages(db, options, languages, wrap, [&](SQLite::Statement& st) {
        rows.push_back(CountRow{st.getColumn(0).getString(), st.getColumn(1).getInt64(), st.getColumn(2).getInt64(),
                                st.getColumn(3).getInt64()});
    });
    if (is_time_bucket(by)) {
        std::sort(rows.begin(), rows.end(), [](const CountRow& x, const CountRow& y) {
            if (x.bucket.empty() != y.bucket.empty()) return y.bucket.empty();
            return x.bucket < y.bucket;
        });
    } else {
        std::sort(rows.begin(), rows.end(), [](const CountRow& x, const CountRow& y) {
            if (x.articles != y.articles) return x.articles > y.articles;
            return x.bucket < y.bucket;
        });
    }
    return rows;
}

std::vector<CitationRow> list_citations(SQLite::Database& db, const CitationOptions& options,
                                        tokenizer::QueryLanguages* languages) {
    struct Group {
        CitationRow row;
        std::map<std::string, int64_t> spellings;
        std::map<int64_t, CitingArticle> articles;
    };
    std::map<std::pair<std::string, std::string>, Group> groups;
    tokenizer::Folder folder;
    std::string folded;
    const auto wrap = [](const std::string& matches) {
        return "WITH m AS MATERIALIZED (" + matches + ") SELECT coalesce(f.publisher, ''), f.article_id, a.title, "
               "coalesce(a.date, ''), coalesce(a.source, ''), "
               "(SELECT count(*) FROM citations c WHERE c.footnote_id = f.passage_id) "
               "FROM footnotes f JOIN articles a ON a.id = f.article_id "
               "WHERE f.article_id IN (SELECT article_id FROM m)";
    };
    const CitationGroup by = options.by;
    visit_matching_passages(db, options.selection, languages, wrap, [&](SQLite::Statement& st) {
        const std::string publisher = st.getColumn(0).getString();
        CitingArticle article{st.getColumn(1).getInt64(), st.getColumn(2).getString(), st.getColumn(3).getString(),
                              st.getColumn(4).getString()};
        std::pair<std::string, std::string> key;
        if (by == CitationGroup::article) {
            key.first = std::to_string(article.id);
        } else {
            folder.fold(publisher, folded);
            key.first = folded;
            if (by == CitationGroup::publisher_year) key.second = article.date.substr(0, 4);
        }
        Group& g = groups[key];
        g.row.key = key.first;
        g.row.year = key.second;
        g.row.footnotes += 1;
        g.row.marks += st.getColumn(5).getInt64();
        if (by == CitationGroup::article) g.row.label = article.title;
        else if (!publisher.empty()) g.spellings[publisher] += 1;
        g.articles.emplace(article.id, std::move(article));
    });
    std::vector<CitationRow> rows;
    rows.reserve(groups.size());
    for (auto& [key, g] : groups) {
        std::vector<std::pair<std::string, int64_t>> spellings(g.spellings.begin(), g.spellings.end());
        std::stable_sort(spellings.begin(), spellings.end(),
                         [](const auto& x, const auto& y) { return x.second > y.second; });
        for (auto& s : spellings) g.row.spellings.push_back(std::move(s.first));
        if (by != CitationGroup::article) g.row.label = g.row.spellings.empty() ? "" : g.row.spellings.front();
        for (auto& [id, a] : g.articles) g.row.articles.push_back(std::move(a));
        std::stable_sort(g.row.articles.begin(), g.row.articles.end(), [](const CitingArticle& x, const CitingArticle& y) {
            if (x.date.empty() != y.date.empty()) return y.date.empty();
            return x.date < y.date;
        });
        rows.push_back(std::move(g.row));
    }
    std::stable_sort(rows.begin(), rows.end(), [by](const CitationRow& x, const CitationRow& y) {
        if (by == CitationGroup::publisher_year && x.key != y.key) return x.key < y.key;
        if (by == CitationGroup::publisher_year) return !x.year.empty() && (y.year.empty() || x.year < y.year);
        return x.footnotes > y.footnotes;
    });
    return rows;
}

} // namespace newsdb::store

namespace newsdb {

std::string_view count_bucket_name(CountBucket bucket) noexcept {
    switch (bucket) {
    case CountBucket::total: return "total";
    case CountBucket::year: return "year";
    case CountBucket::month: return "month";
    case CountBucket::source: return "source";
    case CountBucket::language: return "language";
    case CountBucket::kind: return "kind";
    case CountBucket::week: return "week";
    case CountBucket::day: return "day";
    case CountBucket::author: return "author";
    }
    return "total";
}

CountBucket parse_count_bucket(std::string_view name) {
    for (const CountBucket b : {CountBucket::total, CountBucket::year, CountBucket::month, CountBucket::week,
                                CountBucket::day, CountBucket::source, CountBucket::language, CountBucket::author,
                                CountBucket::kind}) {
        if (name == count_bucket_name(b)) return b;
    }
    if (name == "lang") return CountBucket::language;
    throw Error(Errc::invalid_argument, "unknown count bucket '" + std::string(name) + "'",
                "use one of: total, year, month, week, day, source, language (or lang), author, kind");
}

bool is_time_bucket(CountBucket by) noexcept {
    return by == CountBucket::year || by == CountBucket::month || by == CountBucket::week || by == CountBucket::day;
}

std::string_view citation_group_name(CitationGroup group) noexcept {
    switch (group) {
    case CitationGroup::publisher: return "publisher";
    case CitationGroup::publisher_year: return "year";
    case CitationGroup::article: return "article";
    }
    return "publisher";
}

CitationGroup parse_citation_group(std::string_view name) {
    if (name == "publisher") return CitationGroup::publisher;
    if (name == "year") return CitationGroup::publisher_year;
    if (name == "article") return CitationGroup::article;
    throw Error(Errc::invalid_argument, "unknown citation grouping '" + std::string(name) + "'",
                "use one of: publisher, year, article");
}

} // namespace newsdb
