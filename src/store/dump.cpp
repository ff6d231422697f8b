// The dump format (docs/dump-format.md): one JSON object per line. The first
// line names the format and its version; then the originals, the articles
// (each whole: fields, tags, paths, passages with footnote fields and
// citation marks, boilerplate) and the remembered failures, each in a fixed
// order, so that the same archive always gives the same bytes; last, an end
// record with the counts and the SHA-256 of every byte before it.
#include "store/dump.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>
#include <zstd.h>

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "newsdb/error.hpp"
#include "store/transaction.hpp"
#include "util/base64.hpp"
#include "util/byte_stream.hpp"
#include "util/hash.hpp"
#include "util/utf8.hpp"

namespace newsdb::store {

namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kFormatName = "newsdb-dump";

// ---- reading the archive (named queries, bound values) ----------------------

constexpr const char* kSelectOriginals =
    "SELECT file_hash, compression, byte_size, data FROM originals ORDER BY id";
constexpr const char* kSelectArticles =
    "SELECT id, content_hash, title, date, source, author, url, is_excerpt, words_shown, words_total, format, "
    "byte_size, ingested_at, language, encoding FROM articles ORDER BY id";
constexpr const char* kSelectTags = "SELECT tag FROM article_tags WHERE article_id = ? ORDER BY tag";
constexpr const char* kSelectPaths =
    "SELECT path, locator, file_hash, first_seen, file_size, file_mtime, record_offset, record_hash "
    "FROM article_paths WHERE article_id = ? ORDER BY path, locator";
constexpr const char* kSelectPassages =
    "SELECT p.id, p.kind, p.position, p.text, f.number, f.title, f.author, f.publisher, f.date, f.url "
    "FROM passages p LEFT JOIN footnotes f ON f.passage_id = p.id WHERE p.article_id = ? ORDER BY p.id";
constexpr const char* kSelectCitations =
    "SELECT c.paragraph_id, c.char_offset, f.number FROM citations c JOIN passages p ON p.id = c.paragraph_id "
    "JOIN footnotes f ON f.passage_id = c.footnote_id WHERE p.article_id = ? "
    "ORDER BY c.paragraph_id, c.char_offset, f.number";
constexpr const char* kSelectBoilerplate =
    "SELECT position, kind, text FROM boilerplate WHERE article_id = ? ORDER BY position";
constexpr const char* kSelectFailures =
    "SELECT path, locator, whole_file, file_size, file_mtime, parse_key, reason FROM failed_items "
    "ORDER BY path, locator";

// A text column: null, a JSON string, or {"base64": ...} for bytes that are
// not UTF-8 (a file name can be any bytes), so that nothing is lost.
Json text_json(const std::string& text) {
    if (!util::first_invalid_utf8(text)) return text;
    return Json{{"base64", util::base64_encode(text)}};
}

Json text_json(const SQLite::Column& column) {
    if (column.isNull()) return nullptr;
    return text_json(column.getString());
}

Json int_json(const SQLite::Column& column) {
    if (column.isNull()) return nullptr;
    return column.getInt64();
}

} // namespace

DumpSummary write_dump(SQLite::Database& db, const std::function<void(std::string_view)>& sink) {
    DumpSummary summary;
    util::Sha256 digest;
    std::string line;
    const auto emit = [&](const Json& record) {
        line = record.dump();
        line += '\n';
        digest.add(line);
        sink(line);
        summary.bytes += static_cast<int64_t>(line.size());
    };
    // One snapshot: an ingest committing meanwhile is either wholly in or out.
    Transaction snapshot(db, Transaction::Kind::deferred);
    emit(Json{{"format", kFormatName}, {"version", kDumpVersion}, {"newsdb", NEWSDB_VERSION}});

    SQLite::Statement originals(db, kSelectOriginals);
    while (originals.executeStep()) {
        const SQLite::Column data = originals.getColumn(3);
        const std::string_view bytes(static_cast<const char*>(data.getBlob()), static_cast<std::size_t>(data.getBytes()));
        emit(Json{{"type", "original"}, {"file_hash", text_json(originals.getColumn(0))},
                  {"compression", text_json(originals.getColumn(1))}, {"byte_size", int_json(originals.getColumn(2))},
                  {"data", util::base64_encode(bytes)}});
        ++summary.originals;
    }

    SQLite::Statement articles(db, kSelectArticles);
    SQLite::Statement tags(db, kSelectTags), paths(db, kSelectPaths), passages(db, kSelectPassages),
        citations(db, kSelectCitations), boilerplate(db, kSelectBoilerplate);
    while (articles.executeStep()) {
        const int64_t id = articles.getColumn(0).getInt64();
        Json a{{"type", "article"}, {"id", id}};
        static constexpr const char* kFields[] = {"content_hash", "title", "date", "source", "author", "url"};
        for (int i = 0; i < 6; ++i) a[kFields[i]] = text_json(articles.getColumn(i + 1));
        a["is_excerpt"] = articles.getColumn(7).getInt() != 0;
        a["words_shown"] = int_json(articles.getColumn(8));
        a["words_total"] = int_json(articles.getColumn(9));
        a["format"] = text_json(articles.getColumn(10));
        a["byte_size"] = int_json(articles.getColumn(11));
        a["ingested_at"] = text_json(articles.getColumn(12));
        a["language"] = text_json(articles.getColumn(13));
        a["encoding"] = text_json(articles.getColumn(14));

        Json tag_list = Json::array();
        tags.bind(1, id);
        while (tags.executeStep()) tag_list.push_back(text_json(tags.getColumn(0)));
        tags.reset();
        a["tags"] = std::move(tag_list);

        Json path_list = Json::array();
        paths.bind(1, id);
        while (paths.executeStep()) {
            Json row{{"path", text_json(paths.getColumn(0))}, {"locator", text_json(paths.getColumn(1))},
                     {"file_hash", text_json(paths.getColumn(2))}, {"first_seen", text_json(paths.getColumn(3))},
                     {"file_size", int_json(paths.getColumn(4))}, {"file_mtime", int_json(paths.getColumn(5))}};
            // A container's record (schema 015): only on the rows that have one.
            if (!paths.getColumn(6).isNull()) {
                row["record_offset"] = int_json(paths.getColumn(6));
                row["record_hash"] = text_json(paths.getColumn(7));
            }
            path_list.push_back(std::move(row));
        }
        paths.reset();
        a["paths"] = std::move(path_list);

        std::map<int64_t, Json> marks;  // paragraph passage id -> its [offset, footnote number] pairs
        citations.bind(1, id);
        while (citations.executeStep()) {
            Json& list = marks[citations.getColumn(0).getInt64()];
            if (list.is_null()) list = Json::array();
            list.push_back(Json::array({citations.getColumn(1).getInt64(), citations.getColumn(2).getInt64()}));
        }
        citations.reset();

        Json passage_list = Json::array();
        passages.bind(1, id);
        while (passages.executeStep()) {
            Json p{{"kind", text_json(passages.getColumn(1))}, {"position", int_json(passages.getColumn(2))},
                   {"text", text_json(passages.getColumn(3))}};
            if (!passages.getColumn(4).isNull()) {
                p["footnote"] = Json{{"number", int_json(passages.getColumn(4))}, {"title", text_json(passages.getColumn(5))},
                                     {"author", text_json(passages.getColumn(6))},
                                     {"publisher", text_json(passages.getColumn(7))},
                                     {"date", text_json(passages.getColumn(8))}, {"url", text_json(passages.getColumn(9))}};
            }
            if (auto it = marks.find(passages.getColumn(0).getInt64()); it != marks.end())
                p["citations"] = std::move(it->second);
            passage_list.push_back(std::move(p));
        }
        passages.reset();
        a["passages"] = std::move(passage_list);

        Json boilerplate_list = Json::array();
        boilerplate.bind(1, id);
        while (boilerplate.executeStep()) {
            boilerplate_list.push_back(Json{{"position", int_json(boilerplate.getColumn(0))},
                                            {"kind", text_json(boilerplate.getColumn(1))},
                                            {"text", text_json(boilerplate.getColumn(2))}});
        }
        boilerplate.reset();
        a["boilerplate"] = std::move(boilerplate_list);
        emit(a);
        ++summary.articles;
    }

    SQLite::Statement failures(db, kSelectFailures);
    while (failures.executeStep()) {
        emit(Json{{"type", "failure"}, {"path", text_json(failures.getColumn(0))},
                  {"locator", text_json(failures.getColumn(1))}, {"whole_file", failures.getColumn(2).getInt() != 0},
                  {"file_size", int_json(failures.getColumn(3))}, {"file_mtime", int_json(failures.getColumn(4))},
                  {"parse_key", text_json(failures.getColumn(5))}, {"reason", text_json(failures.getColumn(6))}});
        ++summary.failures;
    }
    snapshot.commit();

    const std::string sha = digest.hex();
    line = Json{{"type", "end"}, {"originals", summary.originals}, {"articles", summary.articles},
                {"failures", summary.failures}, {"sha256", sha}}
               .dump();
    line += '\n';
    sink(line);
    summary.bytes += static_cast<int64_t>(line.size());
    return summary;
}

// ---- restoring ----------------------------------------------------------------

namespace {

constexpr const char* kArticleIdFree = "SELECT NOT EXISTS (SELECT 1 FROM articles WHERE id = ?)";
constexpr const char* kArticleByHash = "SELECT id FROM articles WHERE content_hash = ?";
constexpr const char* kInsertArticle =
    "INSERT INTO articles (id, content_hash, title, date, source, author, url, is_excerpt, words_shown, "
    "words_total, format, byte_size, ingested_at, language, encoding) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kInsertTag = "INSERT OR IGNORE INTO article_tags (article_id, tag) VALUES (?, ?)";
constexpr const char* kInsertPath =
    "INSERT INTO article_paths (path, locator, article_id, file_hash, first_seen, file_size, file_mtime) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (path, locator) DO NOTHING";
constexpr const char* kSetRecord =
    "UPDATE article_paths SET record_offset = ?3, record_hash = ?4 WHERE path = ?1 AND locator = ?2";
constexpr const char* kInsertPassage = "INSERT INTO passages (article_id, kind, position, text) VALUES (?, ?, ?, ?)";
constexpr const char* kInsertFootnote =
    "INSERT INTO footnotes (passage_id, article_id, number, title, author, publisher, date, url) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kInsertCitation =
    "INSERT INTO citations (paragraph_id, footnote_id, char_offset) VALUES (?, ?, ?)";
constexpr const char* kInsertBoilerplate =
    "INSERT INTO boilerplate (article_id, position, kind, text) VALUES (?, ?, ?, ?)";
constexpr const char* kInsertOriginal =
    "INSERT INTO originals (file_hash, compression, byte_size, data) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (file_hash) DO NOTHING";
constexpr const char* kInsertFailure =
    "INSERT INTO failed_items (path, locator, whole_file, file_size, file_mtime, parse_key, reason) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (path, locator) DO NOTHING";

// Records are flat but for arrays of objects (passages, paths) holding at
// most arrays of pairs: anything nested deeper is not a dump.
constexpr int kMaxDepth = 6;

class BadRecord : public std::exception {
public:
    explicit BadRecord(std::string what) : what_(std::move(what)) {}
    const char* what() const noexcept override { return what_.c_str(); }

private:
    std::string what_;
};

// Typed reads of a record's members; a missing or mistyped one is a BadRecord.
class Record {
public:
    explicit Record(const Json& json, std::string where = {}) : json_(json), where_(std::move(where)) {
        if (!json_.is_object()) throw BadRecord(place() + "is not a JSON object");
    }
    const Json& member(const char* key) const {
        const auto it = json_.find(key);
        if (it == json_.end()) throw BadRecord(place() + "has no \"" + key + "\"");
        return *it;
    }
    std::optional<std::string> text_or_null(const char* key) const {
        const Json& v = member(key);
        if (v.is_null()) return std::nullopt;
        if (v.is_string()) {
            std::string s = v.get<std::string>();
            return s;
        }
        if (v.is_object() && v.size() == 1 && v.contains("base64") && v["base64"].is_string()) {
            if (auto bytes = util::base64_decode(v["base64"].get_ref<const std::string&>())) return bytes;
        }
        throw BadRecord(place() + "\"" + key + "\" is not a text");
    }
    std::string text(const char* key) const {
        auto v = text_or_null(key);
        if (!v) throw BadRecord(place() + "\"" + key + "\" is null");
        return *v;
    }
    std::optional<int64_t> int_or_null(const char* key) const {
        const Json& v = member(key);
        if (v.is_null()) return std::nullopt;
        if (!v.is_number_integer()) throw BadRecord(place() + "\"" + key + "\" is not a whole number");
        return v.get<int64_t>();
    }
    int64_t integer(const char* key) const {
        auto v = int_or_null(key);
        if (!v) throw BadRecord(place() + "\"" + key + "\" is null");
        return *v;
    }
    bool boolean(const char* key) const {
        const Json& v = member(key);
        if (!v.is_boolean()) throw BadRecord(place() + "\"" + key + "\" is not true or false");
        return v.get<bool>();
    }
    const Json& array(const char* key) const {
        const Json& v = member(key);
        if (!v.is_array()) throw BadRecord(place() + "\"" + key + "\" is not an array");
        return v;
    }
    bool has(const char* key) const { return json_.contains(key); }

private:
    std::string place() const { return where_.empty() ? "the record " : where_ + " "; }
    const Json& json_;
    std::string where_;
};

void bind_text(SQLite::Statement& st, int index, const std::optional<std::string>& value) {
    if (value) st.bind(index, *value);
    else st.bind(index);
}

void bind_int(SQLite::Statement& st, int index, const std::optional<int64_t>& value) {
    if (value) st.bind(index, *value);
    else st.bind(index);
}

// The original's bytes must be what its hash names: decoded in pieces (a
// hostile frame cannot make us allocate what it claims) and hashed.
void check_original(const std::string& file_hash, const std::string& compression, int64_t byte_size,
                    const std::string& data) {
    util::Sha256 digest;
    int64_t size = 0;
    if (compression == "none") {
        digest.add(data);
        size = static_cast<int64_t>(data.size());
    } else if (compression == "zstd") {
        struct Ctx {
            ZSTD_DCtx* ctx = ZSTD_createDCtx();
            ~Ctx() { ZSTD_freeDCtx(ctx); }
        } d;
        if (d.ctx == nullptr) throw Error(Errc::internal, "zstd decompression could not start: out of memory");
        std::string out(ZSTD_DStreamOutSize(), '\0');
        ZSTD_inBuffer in{data.data(), data.size(), 0};
        std::size_t rc = 1;
        while (rc != 0) {
            ZSTD_outBuffer o{out.data(), out.size(), 0};
            rc = ZSTD_decompressStream(d.ctx, &o, &in);
            if (ZSTD_isError(rc)) throw BadRecord(std::string("its data is damaged zstd (") + ZSTD_getErrorName(rc) + ")");
            size += static_cast<int64_t>(o.pos);
            if (size > byte_size) throw BadRecord("its data is longer than its byte_size");
            digest.add(std::string_view(out.data(), o.pos));
            if (rc != 0 && in.pos == in.size && o.pos < o.size) throw BadRecord("its zstd data is cut short");
        }
        if (in.pos != in.size) throw BadRecord("its data has bytes after the zstd frame");
    } else {
        throw BadRecord("its compression is neither \"zstd\" nor \"none\"");
    }
    if (size != byte_size) throw BadRecord("its data is not byte_size bytes long");
    if (digest.hex() != file_hash) throw BadRecord("its data does not match its file_hash (the dump is damaged)");
}

class Restorer {
public:
    explicit Restorer(SQLite::Database& db) : db_(db) {}

    void original(const Record& r) {
        const std::string hash = r.text("file_hash");
        const std::string compression = r.text("compression");
        const int64_t byte_size = r.integer("byte_size");
        const Json& data_json = r.member("data");
        if (!data_json.is_string()) throw BadRecord("\"data\" is not base64 text");
        const auto data = util::base64_decode(data_json.get_ref<const std::string&>());
        if (!data) throw BadRecord("\"data\" is not base64 text");
        check_original(hash, compression, byte_size, *data);
        auto& st = statement(kInsertOriginal);
        st.bind(1, hash);
        st.bind(2, compression);
        st.bind(3, byte_size);
        st.bind(4, data->data(), static_cast<int>(data->size()));
        st.exec();
        if (db_.getChanges() > 0) ++summary.originals_added;
        ++seen_originals;
    }

    void article(const Record& r) {
        ++seen_articles;
        const std::string hash = r.text("content_hash");
        auto& by_hash = statement(kArticleByHash);
        by_hash.bind(1, hash);
        std::optional<int64_t> existing;
        if (by_hash.executeStep()) existing = by_hash.getColumn(0).getInt64();
        by_hash.reset();
        const Json& paths = r.array("paths");
        const Json& passages = r.array("passages");
        const Json& boilerplate = r.array("boilerplate");
        const Json& tags = r.array("tags");
        int64_t id = 0;
        if (existing) {
            id = *existing;
            ++summary.articles_present;
        } else {
            id = insert_article(r, hash);
            insert_passages(id, passages);
            int64_t n = 0;
            for (const Json& b : boilerplate) {
                const Record row(b, "a boilerplate line");
                auto& st = statement(kInsertBoilerplate);
                st.bind(1, id);
                st.bind(2, row.integer("position"));
                st.bind(3, row.text("kind"));
                st.bind(4, row.text("text"));
                st.exec();
                ++n;
            }
            for (const Json& t : tags) {
                if (!t.is_string()) throw BadRecord("a tag is not a text");
                auto& st = statement(kInsertTag);
                st.bind(1, id);
                st.bind(2, t.get<std::string>());
                st.exec();
            }
            ++summary.articles_added;
        }
        for (const Json& p : paths) {
            const Record row(p, "a path");
            auto& st = statement(kInsertPath);
            bind_text(st, 1, row.text("path"));
            bind_text(st, 2, row.text("locator"));
            st.bind(3, id);
            bind_text(st, 4, row.text_or_null("file_hash"));
            bind_text(st, 5, row.text("first_seen"));
            bind_int(st, 6, row.int_or_null("file_size"));
            bind_int(st, 7, row.int_or_null("file_mtime"));
            st.exec();
            const bool added = db_.getChanges() > 0;
            if (added && p.contains("record_offset")) {
                auto& rec = statement(kSetRecord);
                bind_text(rec, 1, row.text("path"));
                bind_text(rec, 2, row.text("locator"));
                bind_int(rec, 3, row.int_or_null("record_offset"));
                bind_text(rec, 4, row.text_or_null("record_hash"));
                rec.exec();
            }
            if (added) ++summary.paths_added;
            else if (!existing) ++summary.paths_taken;
        }
    }

    void failure(const Record& r) {
        ++seen_failures;
        auto& st = statement(kInsertFailure);
        st.bind(1, r.text("path"));
        st.bind(2, r.text("locator"));
        st.bind(3, r.boolean("whole_file") ? 1 : 0);
        st.bind(4, r.integer("file_size"));
        st.bind(5, r.integer("file_mtime"));
        st.bind(6, r.text("parse_key"));
        st.bind(7, r.text("reason"));
        st.exec();
        if (db_.getChanges() > 0) ++summary.failures_added;
    }

    RestoreSummary summary;
    int64_t seen_originals = 0, seen_articles = 0, seen_failures = 0;

private:
    int64_t insert_article(const Record& r, const std::string& hash) {
        const int64_t wanted = r.integer("id");
        auto& free = statement(kArticleIdFree);
        free.bind(1, wanted);
        free.executeStep();
        const bool keep_id = wanted > 0 && free.getColumn(0).getInt() != 0;
        free.reset();
        auto& st = statement(kInsertArticle);
        if (keep_id) st.bind(1, wanted);
        else st.bind(1);
        st.bind(2, hash);
        st.bind(3, r.text("title"));
        bind_text(st, 4, r.text_or_null("date"));
        bind_text(st, 5, r.text_or_null("source"));
        bind_text(st, 6, r.text_or_null("author"));
        bind_text(st, 7, r.text_or_null("url"));
        st.bind(8, r.boolean("is_excerpt") ? 1 : 0);
        bind_int(st, 9, r.int_or_null("words_shown"));
        bind_int(st, 10, r.int_or_null("words_total"));
        st.bind(11, r.text("format"));
        st.bind(12, r.integer("byte_size"));
        st.bind(13, r.text("ingested_at"));
        bind_text(st, 14, r.text_or_null("language"));
        bind_text(st, 15, r.text_or_null("encoding"));
        st.exec();
        if (!keep_id) ++summary.ids_changed;
        return db_.getLastInsertRowid();
    }

    void insert_passages(int64_t id, const Json& passages) {
        std::map<int64_t, int64_t> footnotes;  // number -> passage id
        std::vector<std::pair<int64_t, const Json*>> cited;  // paragraph passage id, its marks
        for (const Json& p : passages) {
            const Record row(p, "a passage");
            auto& st = statement(kInsertPassage);
            st.bind(1, id);
            st.bind(2, row.text("kind"));
            st.bind(3, row.integer("position"));
            st.bind(4, row.text("text"));
            st.exec();
            const int64_t passage = db_.getLastInsertRowid();
            if (row.has("footnote")) {
                const Record note(row.member("footnote"), "a footnote");
                const int64_t number = note.integer("number");
                auto& fn = statement(kInsertFootnote);
                fn.bind(1, passage);
                fn.bind(2, id);
                fn.bind(3, number);
                bind_text(fn, 4, note.text_or_null("title"));
                bind_text(fn, 5, note.text_or_null("author"));
                bind_text(fn, 6, note.text_or_null("publisher"));
                bind_text(fn, 7, note.text_or_null("date"));
                bind_text(fn, 8, note.text_or_null("url"));
                fn.exec();
                footnotes[number] = passage;
            }
            if (row.has("citations")) cited.emplace_back(passage, &row.array("citations"));
        }
        for (const auto& [paragraph, marks] : cited) {
            for (const Json& mark : *marks) {
                if (!mark.is_array() || mark.size() != 2 || !mark[0].is_number_integer() || !mark[1].is_number_integer())
                    throw BadRecord("a citation is not [offset, footnote number]");
                const auto note = footnotes.find(mark[1].get<int64_t>());
                if (note == footnotes.end()) throw BadRecord("a citation names a footnote the article does not have");
                auto& st = statement(kInsertCitation);
                st.bind(1, paragraph);
                st.bind(2, note->second);
                st.bind(3, mark[0].get<int64_t>());
                st.exec();
            }
        }
    }

    SQLite::Statement& statement(const char* sql) {
        auto& slot = statements_[sql];
        if (!slot) slot = std::make_unique<SQLite::Statement>(db_, sql);
        else {
            slot->reset();
            slot->clearBindings();
        }
        return *slot;
    }

    SQLite::Database& db_;
    std::map<const char*, std::unique_ptr<SQLite::Statement>> statements_;
};

Json parse_line(const std::string& line) {
    // Depth-limited: the callback sees every value's depth as it is parsed.
    const Json::parser_callback_t limit = [](int depth, Json::parse_event_t, Json&) {
        if (depth > kMaxDepth) throw BadRecord("is nested deeper than a dump record");
        return true;
    };
    try {
        return Json::parse(line, limit);
    } catch (const Json::exception& e) {
        std::string what = e.what();
        if (const auto at = what.find("] "); at != std::string::npos) what = what.substr(at + 2);
        throw BadRecord("is not valid JSON (" + what + ")");
    }
}

} // namespace

RestoreSummary restore_dump(SQLite::Database& db, util::LineReader& reader) {
    std::string line;
    bool terminated = false;
    const auto where = [&] { return "line " + std::to_string(reader.line_number()) + " of the dump "; };
    const auto refuse = [&](const std::string& what, const std::string& hint) -> Error {
        return Error(Errc::bad_input, where() + what + "; nothing was restored", hint);
    };
    const std::string damaged = "the dump is damaged or cut short: make it again with `newsdb dump`";
    if (!reader.next(line, terminated))
        throw Error(Errc::bad_input, "the dump is empty; nothing was restored", "give a file made by `newsdb dump`");
    try {
        const Json header = parse_line(line);
        if (!header.is_object() || header.value("format", Json()) != kFormatName || !header.contains("version") ||
            !header["version"].is_number_integer())
            throw BadRecord("is not the first line of a newsdb dump");
        const int64_t version = header["version"].get<int64_t>();
        if (version > kDumpVersion)
            throw Error(Errc::incompatible_archive,
                        "the dump is of format version " + std::to_string(version) + "; this newsdb reads up to " +
                            std::to_string(kDumpVersion),
                        "restore it with a newer newsdb; nothing was restored");
        if (version < 1) throw BadRecord("has an unknown format version");
    } catch (const BadRecord& e) {
        throw refuse(e.what(), "give a file made by `newsdb dump`");
    }

    util::Sha256 digest;
    digest.add(line);
    digest.add("\n");
    Transaction tx(db, Transaction::Kind::immediate);
    Restorer restorer(db);
    bool ended = false;
    while (reader.next(line, terminated)) {
        if (ended) throw refuse("follows the end record", damaged);
        if (!terminated) throw refuse("is cut short (it has no line end)", damaged);
        try {
            const Json json = parse_line(line);
            const Record record(json);
            const std::string type = record.text("type");
            if (type == "end") {
                const bool counts = record.integer("originals") == restorer.seen_originals &&
                                    record.integer("articles") == restorer.seen_articles &&
                                    record.integer("failures") == restorer.seen_failures;
                if (!counts) throw BadRecord("counts other records than the dump holds");
                if (record.text("sha256") != digest.hex()) throw BadRecord("does not match the lines before it");
                ended = true;
                continue;
            }
            digest.add(line);
            digest.add("\n");
            if (type == "original") restorer.original(record);
            else if (type == "article") restorer.article(record);
            else if (type == "failure") restorer.failure(record);
            else throw BadRecord("is of a type this newsdb does not know (\"" + type + "\")");
        } catch (const BadRecord& e) {
            throw refuse(e.what(), damaged);
        } catch (const SQLite::Exception& e) {
            // A constraint the record breaks (two passages in one place ...);
            // anything else (a full disk) is the archive's failure.
            if ((e.getErrorCode() & 0xFF) == SQLITE_CONSTRAINT || e.getErrorCode() == SQLITE_MISMATCH)
                throw refuse(std::string("does not fit the archive (") + e.getErrorStr() + ")", damaged);
            throw;
        }
    }
    if (!ended)
        throw Error(Errc::bad_input,
                    "the dump ends at line " + std::to_string(reader.line_number()) +
                        " without its end record: it is cut short; nothing was restored",
                    damaged);
    tx.commit();
    RestoreSummary s = restorer.summary;
    s.lines = reader.line_number();
    return s;
}

} // namespace newsdb::store
