#include "store/fts5_functions.hpp"

#include <cstring>
#include <vector>

namespace newsdb::store {

namespace {

// Counts with xPhraseFirst/xPhraseNext, one phrase at a time: no sorted array
// of every instance (xInst) is built.
void phrase_hits_function(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int argc,
                          sqlite3_value** /*argv*/) {
    if (argc != 0) {
        sqlite3_result_error(ctx, "newsdb_phrase_hits takes no arguments beside the table", -1);
        return;
    }
    const int phrases = api->xPhraseCount(fts);
    std::vector<uint32_t> counts(static_cast<std::size_t>(phrases), 0);
    for (int p = 0; p < phrases; ++p) {
        Fts5PhraseIter iter;
        int column = 0, offset = 0;
        const int rc = api->xPhraseFirst(fts, p, &iter, &column, &offset);
        if (rc != SQLITE_OK) {
            sqlite3_result_error_code(ctx, rc);
            return;
        }
        uint32_t n = 0;
        while (column >= 0) {
            ++n;
            api->xPhraseNext(fts, &iter, &column, &offset);
        }
        counts[static_cast<std::size_t>(p)] = n;
    }
    sqlite3_result_blob(ctx, counts.data(), static_cast<int>(counts.size() * sizeof(uint32_t)), SQLITE_TRANSIENT);
}

void index_tokens_function(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int /*argc*/,
                           sqlite3_value** /*argv*/) {
    sqlite3_int64 tokens = 0;
    const int rc = api->xColumnTotalSize(fts, -1, &tokens);
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(ctx, rc);
        return;
    }
    sqlite3_result_int64(ctx, tokens);
}

void index_rows_function(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int /*argc*/,
                         sqlite3_value** /*argv*/) {
    sqlite3_int64 rows = 0;
    const int rc = api->xRowCount(fts, &rows);
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(ctx, rc);
        return;
    }
    sqlite3_result_int64(ctx, rows);
}

} // namespace

int register_search_functions(fts5_api* api) {
    if (api == nullptr) return SQLITE_ERROR;
    const int rc = api->xCreateFunction(api, kPhraseHitsFunction, nullptr, phrase_hits_function, nullptr);
    if (rc != SQLITE_OK) return rc;
    const int rows = api->xCreateFunction(api, kIndexRowsFunction, nullptr, index_rows_function, nullptr);
    if (rows != SQLITE_OK) return rows;
    return api->xCreateFunction(api, kIndexTokensFunction, nullptr, index_tokens_function, nullptr);
}

namespace {

// One varint at p[0..bytes): its value and length (0 when it runs off the end).
int read_varint(const unsigned char* p, int bytes, uint64_t& v) {
    v = 0;
    for (int i = 0; i < bytes && i < 9; ++i) {
        if (i == 8) {
            v = (v << 8) | p[i];
            return 9;
        }
        v = (v << 7) | (p[i] & 0x7Fu);
        if ((p[i] & 0x80u) == 0) return i + 1;
    }
    return 0;
}

} // namespace

int64_t read_fts5_varint(const void* blob, int bytes) {
    uint64_t v = 0;
    read_varint(static_cast<const unsigned char*>(blob), bytes, v);
    return static_cast<int64_t>(v);
}

bool read_index_totals(const void* blob, int bytes, int64_t& rows, int64_t& tokens) {
    const auto* p = static_cast<const unsigned char*>(blob);
    uint64_t r = 0, t = 0;
    const int first = p == nullptr ? 0 : read_varint(p, bytes, r);
    if (first == 0) return false;
    if (read_varint(p + first, bytes - first, t) == 0) return false;
    rows = static_cast<int64_t>(r);
    tokens = static_cast<int64_t>(t);
    return true;
}

void read_phrase_hits(const void* blob, std::size_t bytes, std::vector<uint32_t>& out) {
    out.clear();
    if (blob == nullptr || bytes % sizeof(uint32_t) != 0) return;
    out.resize(bytes / sizeof(uint32_t));
    std::memcpy(out.data(), blob, bytes);  // SQLite does not promise an aligned blob
}

} // namespace newsdb::store
