#include "store/search.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <algorithm>

#include "newsdb/error.hpp"
#include "newsdb/query.hpp"

namespace newsdb::store {

namespace {

constexpr const char* kSearch =
    "SELECT p.id, p.article_id, p.kind, p.position, f.rank, p.text, "
    "       snippet(passages_fts, 0, char(2), char(3), '…', 32), "
    "       a.title, coalesce(a.date, ''), coalesce(a.source, ''), "
    "       (SELECT path FROM article_paths ap WHERE ap.article_id = a.id "
    "        ORDER BY ap.first_seen, ap.path LIMIT 1) "
    "FROM passages_fts f "
    "JOIN passages p ON p.id = f.rowid "
    "JOIN articles a ON a.id = p.article_id "
    "WHERE passages_fts MATCH ?1 AND (?2 IS NULL OR p.kind = ?2) "
    "ORDER BY f.rank, p.id LIMIT ?3 OFFSET ?4";


Hit read_hit(SQLite::Statement& st) {
    Hit h;
    h.passage_id = st.getColumn(0).getInt64();
    h.article_id = st.getColumn(1).getInt64();
    h.kind = parse_passage_kind(st.getColumn(2).getString());
    h.position = st.getColumn(3).getInt();
    h.score = st.getColumn(4).getDouble();
    h.text = st.getColumn(5).getString();
    h.snippet = st.getColumn(6).getString();
    h.title = st.getColumn(7).getString();
    h.date = st.getColumn(8).getString();
    h.source = st.getColumn(9).getString();
    h.path = st.getColumn(10).getString();
    return h;
}

} // namespace

int64_t run_search(SQLite::Database& db, const SearchOptions& options, bool all,
                   const std::function<void(const Hit&)>& visit) {
    const std::string match = translate_query(options.query);
    SQLite::Statement st(db, kSearch);
    st.bind(1, match);
    if (options.kind) st.bind(2, std::string(passage_kind_name(*options.kind)));
    else st.bind(2);
    st.bind(3, static_cast<int64_t>(all || options.limit <= 0 ? -1 : options.limit));
    st.bind(4, static_cast<int64_t>(all ? 0 : std::max<int64_t>(0, options.offset)));
    int64_t n = 0;
    try {
        while (st.executeStep()) {
            visit(read_hit(st));
            ++n;
        }
    } catch (const SQLite::Exception& e) {
        if (e.getErrorCode() == SQLITE_ERROR)
            throw Error(Errc::invalid_query, "the query could not be run: " + std::string(e.what()),
                        "simplify the query; see `newsdb search --help` for the syntax");
        throw;
    }
    return n;
}


} // namespace newsdb::store
