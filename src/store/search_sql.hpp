// What passage search and article search share: bound parameters, the
// filters as SQL conditions, the article columns of a hit, snippets' clean-up
// and the query languages' scope.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "newsdb/archive.hpp"
#include "newsdb/query.hpp"

struct sqlite3;
struct sqlite3_stmt;
namespace SQLite { class Database; class Statement; class Exception; }
namespace newsdb::tokenizer { class QueryLanguages; }

namespace newsdb::store {

class RowReader;

// Positional parameters: every value is bound, never spliced into the SQL.
class Params {
public:
    std::string add(std::variant<std::string, int64_t> value);
    std::string list(const std::vector<std::string>& values);
    void bind(SQLite::Statement& st) const;
    void bind(RowReader& st) const;

private:
    std::vector<std::variant<std::string, int64_t>> values_;
};

// A statement read through SQLite's own calls, for the loops over every
// match (SQLiteCpp's Column shares ownership of its statement at each read,
// two atomic operations per value). Errors throw SQLite::Exception, as
// SQLiteCpp does. Values are valid until the next step().
class RowReader {
public:
    RowReader(SQLite::Database& db, const std::string& sql);
    RowReader(const RowReader&) = delete;
    RowReader& operator=(const RowReader&) = delete;
    ~RowReader();

    void bind(int index, const std::string& text);
    void bind(int index, int64_t value);
    bool step();
    // Ready to bind and step again (the bindings stay).
    void reset();
    bool null(int column) const;
    int64_t int64(int column) const;
    double real(int column) const;
    std::string_view text(int column) const;
    // The first byte of a text value (0 for NULL or empty).
    char first_char(int column) const;
    const void* blob(int column) const;
    int bytes(int column) const;

private:
    sqlite3* db_;
    sqlite3_stmt* st_ = nullptr;
};

// Where the filters apply. passage: " AND ..." over p (passages) and a
// (articles); kind: and publisher: select passages. article: over a alone;
// kind: is left to the caller, publisher: selects the articles citing it.
enum class FilterScope { passage, article };
std::string filter_conditions(const QueryFilters& filters, Params& params, FilterScope scope);

// Whether filter_conditions() reads the articles table.
bool filters_need_articles(const QueryFilters& filters);

// The columns of HitArticle, over `a` (articles), for read_hit_article().
extern const char* const kHitArticleColumns;
// Reads kHitArticleColumns starting at result column `first`.
HitArticle read_hit_article(SQLite::Statement& st, int first);

// FTS5's snippet of the current row, matches marked kMatchStart/kMatchEnd.
inline constexpr const char* kSnippet = "snippet(passages_fts, 0, char(2), char(3), '…', 32)";
// The indexed text starts with the article's language tag and \x1F (the
// tokenizer's contract); a snippet from the passage's start carries it.
std::string strip_language_tag(std::string snippet);
// The start of a passage, for hits without matches to mark.
std::string leading_words(const std::string& text);

// An SQLite error in a search statement, for the user: the query could not be
// run (Error invalid_query) for SQLITE_ERROR, else rethrown as it is.
[[noreturn]] void rethrow_search_error(const SQLite::Exception& e);

// Narrows the query languages to the archive's for one scope (inside the
// caller's snapshot or transaction, so they agree with what is read).
class LanguageScope {
public:
    LanguageScope(SQLite::Database& db, tokenizer::QueryLanguages* languages);
    LanguageScope(const LanguageScope&) = delete;
    LanguageScope& operator=(const LanguageScope&) = delete;
    ~LanguageScope();

private:
    tokenizer::QueryLanguages* languages_;
};

} // namespace newsdb::store
