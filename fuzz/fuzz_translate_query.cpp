// libFuzzer target: the query translator. Every input is either rejected with
// Error(invalid_query) or translated to an expression that FTS5 accepts.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "newsdb/error.hpp"
#include "newsdb/query.hpp"

namespace {

SQLite::Statement& match_statement() {
    static SQLite::Database db(":memory:", SQLite::OPEN_READWRITE);
    static std::unique_ptr<SQLite::Statement> st = [] {
        db.exec("CREATE VIRTUAL TABLE t USING fts5(text, tokenize = 'porter unicode61 remove_diacritics 2')");
        db.exec("INSERT INTO t(text) VALUES ('Turkey and Pakistan sign defence agreements'), "
                "('R&D spending of $3.5 billion in the U.S.'), ('Erdoğan visits Islamabad')");
        return std::make_unique<SQLite::Statement>(db, "SELECT count(*) FROM t WHERE t MATCH ?");
    }();
    return *st;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view query(reinterpret_cast<const char*>(data), size);
    std::string expression;
    try {
        expression = newsdb::translate_query(query);
    } catch (const newsdb::Error& e) {
        if (e.code() != newsdb::Errc::invalid_query || e.message().empty()) std::abort();
        return 0;
    }
    auto& st = match_statement();
    try {
        st.reset();
        st.bind(1, expression);
        st.executeStep();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "FTS5 rejected the translation [%s]: %s\n", expression.c_str(), e.what());
        std::abort();
    }
    return 0;
}
