#include "store/search_sql.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <algorithm>
#include <utility>

#include "newsdb/error.hpp"
#include "tokenizer/tokenizer.hpp"

namespace newsdb::store {

namespace {

constexpr std::size_t kPlainSnippetWords = 32;

// `text` with LIKE's wildcards escaped by '\'.
std::string like_escaped(const std::string& text) {
    std::string out;
    for (const char c : text) {
        if (c == '%' || c == '_' || c == '\\') out += '\\';
        out += c;
    }
    return out;
}

// A LIKE pattern matching `text` anywhere.
std::string contains_pattern(const std::string& text) { return "%" + like_escaped(text) + "%"; }

// The article's date as the first and last day it may stand for (dates are
// stored as YYYY, YYYY-MM or YYYY-MM-DD, possibly with a time).
constexpr const char* kDateStart =
    "(CASE length(a.date) WHEN 4 THEN a.date || '-01-01' WHEN 7 THEN a.date || '-01' "
    "ELSE substr(a.date, 1, 10) END)";
constexpr const char* kDateEnd =
    "(CASE length(a.date) WHEN 4 THEN a.date || '-12-31' "
    "WHEN 7 THEN date(a.date || '-01', '+1 month', '-1 day') ELSE substr(a.date, 1, 10) END)";

std::string any_like(const std::string& column, const std::vector<std::string>& values, Params& params) {
    std::string any;
    for (const std::string& value : values)
        any += (any.empty() ? "" : " OR ") + (column + " LIKE " + params.add(contains_pattern(value)) + " ESCAPE '\\'");
    return "(" + any + ")";
}

} // namespace

std::string Params::add(std::variant<std::string, int64_t> value) {
    values_.push_back(std::move(value));
    return "?" + std::to_string(values_.size());
}

std::string Params::list(const std::vector<std::string>& values) {
    std::string out;
    for (const std::string& v : values) out += (out.empty() ? "" : ", ") + add(v);
    return out;
}

void Params::bind(SQLite::Statement& st) const {
    for (std::size_t i = 0; i < values_.size(); ++i) {
        const int index = static_cast<int>(i + 1);
        if (const auto* text = std::get_if<std::string>(&values_[i])) st.bind(index, *text);
        else st.bind(index, std::get<int64_t>(values_[i]));
    }
}

RowReader::RowReader(SQLite::Database& db, const std::string& sql) : db_(db.getHandle()) {
    if (sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &st_, nullptr) != SQLITE_OK) {
        const SQLite::Exception error(db_, sqlite3_errcode(db_));
        sqlite3_finalize(st_);
        throw error;
    }
}

RowReader::~RowReader() { sqlite3_finalize(st_); }

void RowReader::bind(int index, const std::string& text) {
    if (sqlite3_bind_text(st_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT) != SQLITE_OK)
        throw SQLite::Exception(db_, sqlite3_errcode(db_));
}

bool RowReader::step() {
    const int rc = sqlite3_step(st_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw SQLite::Exception(db_, rc);
}

void RowReader::reset() { sqlite3_reset(st_); }

int64_t RowReader::int64(int column) const { return sqlite3_column_int64(st_, column); }

char RowReader::first_char(int column) const {
    const unsigned char* text = sqlite3_column_text(st_, column);
    return text == nullptr ? '\0' : static_cast<char>(text[0]);
}

const void* RowReader::blob(int column) const { return sqlite3_column_blob(st_, column); }

int RowReader::bytes(int column) const { return sqlite3_column_bytes(st_, column); }

void RowReader::bind(int index, int64_t value) {
    if (sqlite3_bind_int64(st_, index, value) != SQLITE_OK) throw SQLite::Exception(db_, sqlite3_errcode(db_));
}

bool RowReader::null(int column) const { return sqlite3_column_type(st_, column) == SQLITE_NULL; }

double RowReader::real(int column) const { return sqlite3_column_double(st_, column); }

std::string_view RowReader::text(int column) const {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(st_, column));
    return text == nullptr ? std::string_view() : std::string_view(text, static_cast<std::size_t>(sqlite3_column_bytes(st_, column)));
}

void Params::bind(RowReader& st) const {
    for (std::size_t i = 0; i < values_.size(); ++i) {
        const int index = static_cast<int>(i + 1);
        if (const auto* text = std::get_if<std::string>(&values_[i])) st.bind(index, *text);
        else st.bind(index, std::get<int64_t>(values_[i]));
    }
}

bool filters_need_articles(const QueryFilters& f) {
    return !f.sources.empty() || !f.authors.empty() || !f.languages.empty() || f.date.has_value() || !f.tags.empty();
}

std::string filter_conditions(const QueryFilters& f, Params& params, FilterScope scope) {
    std::string w;
    if (scope == FilterScope::passage && !f.kinds.empty()) {
        std::vector<std::string> names;
        for (const PassageKind kind : f.kinds) names.emplace_back(passage_kind_name(kind));
        w += " AND p.kind IN (" + params.list(names) + ")";
    }
    if (!f.sources.empty()) w += " AND a.source COLLATE NOCASE IN (" + params.list(f.sources) + ")";
    if (!f.authors.empty()) w += " AND " + any_like("a.author", f.authors, params);
    if (!f.languages.empty()) w += " AND a.language IN (" + params.list(f.languages) + ")";
    if (f.date) {
        // The year bounds can use the index on articles.date; the exact test follows.
        if (!f.date->from.empty()) {
            w += " AND a.date >= " + params.add(f.date->from.substr(0, 4));
            w += " AND " + std::string(kDateStart) + " >= " + params.add(f.date->from);
        }
        if (!f.date->to.empty()) {
            const int next_year = std::stoi(f.date->to.substr(0, 4)) + 1;
            if (next_year <= 9999) w += " AND a.date < " + params.add(std::to_string(next_year));
            w += " AND " + std::string(kDateEnd) + " <= " + params.add(f.date->to);
        }
    }
    if (!f.tags.empty()) {
        std::string any;
        for (const std::string& tag : f.tags) {
            std::string one = "t.tag = " + params.add(tag) + " COLLATE NOCASE";
            if (tag.find(':') == std::string::npos)
                one += " OR t.tag LIKE " + params.add("%:" + like_escaped(tag)) + " ESCAPE '\\'";
            any += (any.empty() ? "(" : " OR (") + one + ")";
        }
        w += " AND EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = a.id AND (" + any + "))";
    }
    if (!f.publishers.empty()) {
        const std::string any = any_like("publisher", f.publishers, params);
        w += scope == FilterScope::passage
                 ? " AND p.id IN (SELECT passage_id FROM footnotes WHERE " + any + ")"
                 : " AND EXISTS (SELECT 1 FROM footnotes f WHERE f.article_id = a.id AND " + any + ")";
    }
    if (!f.title.empty()) {
        w += std::string(scope == FilterScope::passage ? " AND p.article_id" : " AND a.id") +
             " IN (SELECT tp.article_id FROM passages_fts t JOIN passages tp INDEXED BY passages_meta ON tp.id = "
             "t.rowid WHERE t.passages_fts MATCH " + params.add(f.title) + " AND tp.kind = 'title')";
    }
    return w;
}

const char* const kHitArticleColumns =
    "a.id, a.title, coalesce(a.date, ''), coalesce(a.source, ''), coalesce(a.author, ''), coalesce(a.url, ''), "
    "coalesce(a.language, ''), "
    "(SELECT path FROM article_paths ap WHERE ap.article_id = a.id ORDER BY ap.first_seen, ap.path LIMIT 1), "
    "(SELECT group_concat(tag, char(31)) FROM article_tags t WHERE t.article_id = a.id)";

HitArticle read_hit_article(SQLite::Statement& st, int first) {
    HitArticle a;
    a.id = st.getColumn(first).getInt64();
    a.title = st.getColumn(first + 1).getString();
    a.date = st.getColumn(first + 2).getString();
    a.source = st.getColumn(first + 3).getString();
    a.author = st.getColumn(first + 4).getString();
    a.url = st.getColumn(first + 5).getString();
    a.language = st.getColumn(first + 6).getString();
    a.path = st.getColumn(first + 7).getString();
    const std::string tags = st.getColumn(first + 8).getString();
    for (std::size_t start = 0; !tags.empty() && start <= tags.size();) {
        const std::size_t end = std::min(tags.find('\x1F', start), tags.size());
        a.tags.push_back(tags.substr(start, end - start));
        start = end + 1;
    }
    std::sort(a.tags.begin(), a.tags.end());
    return a;
}

std::string strip_language_tag(std::string snippet) {
    const std::size_t tag_end = snippet.find('\x1F');
    if (tag_end != std::string::npos && tag_end <= 3 &&
        std::all_of(snippet.begin(), snippet.begin() + static_cast<std::ptrdiff_t>(tag_end),
                    [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-'; }))
        snippet.erase(0, tag_end + 1);
    return snippet;
}

std::string leading_words(const std::string& text) {
    std::size_t words = 0, i = 0;
    while (i < text.size()) {
        while (i < text.size() && text[i] == ' ') ++i;
        if (i >= text.size()) break;
        if (words == kPlainSnippetWords) return text.substr(0, i) + "…";
        while (i < text.size() && text[i] != ' ') ++i;
        ++words;
    }
    return text;
}

void rethrow_search_error(const SQLite::Exception& e) {
    if (e.getErrorCode() == SQLITE_ERROR)
        throw Error(Errc::invalid_query, "the query could not be run: " + std::string(e.what()),
                    "simplify the query; see `newsdb search --help` for the syntax");
    throw;
}

namespace {

// The distinct languages of the archive's articles: one index seek each.
constexpr const char* kArticleLanguages =
    "WITH RECURSIVE l(code) AS (SELECT min(language) FROM articles UNION ALL "
    "SELECT (SELECT min(language) FROM articles WHERE language > l.code) FROM l WHERE l.code IS NOT NULL) "
    "SELECT code FROM l WHERE code IS NOT NULL";

std::vector<std::string> archive_languages(SQLite::Database& db) {
    std::vector<std::string> codes;
    SQLite::Statement st(db, kArticleLanguages);
    while (st.executeStep()) codes.push_back(st.getColumn(0).getString());
    return codes;
}

} // namespace

LanguageScope::LanguageScope(SQLite::Database& db, tokenizer::QueryLanguages* languages) : languages_(languages) {
    if (languages_ != nullptr) languages_->restrict_to(archive_languages(db));
}

LanguageScope::~LanguageScope() {
    if (languages_ != nullptr) languages_->allow_all();
}

} // namespace newsdb::store
