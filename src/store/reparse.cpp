#include "store/reparse.hpp"

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <set>

#include "newsdb/error.hpp"
#include "store/free_pages.hpp"
#include "store/ordered_work.hpp"
#include "store/pipeline.hpp"
#include "store/prepare.hpp"
#include "store/transaction.hpp"
#include "store/writer.hpp"
#include "util/compress.hpp"

namespace newsdb::store {

namespace {

// Named queries, bound values only.
constexpr const char* kArticlePathsWithOriginal =
    "SELECT ap.path, ap.locator, ap.file_hash, o.compression, o.data FROM article_paths ap "
    "JOIN originals o ON o.file_hash = coalesce(ap.record_hash, ap.file_hash) WHERE ap.article_id = ? "
    "ORDER BY ap.first_seen, ap.path LIMIT 1";
// Each article's first path with a stored original, as read_original() picks it.
constexpr const char* kFirstPathsWithOriginal =
    "SELECT article_id, path, locator, file_hash FROM ("
    "SELECT ap.article_id, ap.path, ap.locator, ap.file_hash, row_number() OVER ("
    "PARTITION BY ap.article_id ORDER BY ap.first_seen, ap.path) AS n "
    "FROM article_paths ap JOIN originals o ON o.file_hash = ap.file_hash) WHERE n = 1 ORDER BY article_id";
constexpr const char* kAllArticleIds = "SELECT id FROM articles ORDER BY id";
constexpr const char* kArticleExists = "SELECT 1 FROM articles WHERE id = ?";
constexpr const char* kOriginal = "SELECT compression, data FROM originals WHERE file_hash = ?";

// A batch commits after ReparseOptions::batch_articles or this long, as an ingest's does.
constexpr auto kBatchTime = std::chrono::milliseconds(250);
// Parsed originals waiting for the writer: at most this many, holding at most this much.
constexpr std::size_t kWindowPerThread = 64;
constexpr int64_t kWindowBytes = 32 << 20;

std::string decompressed(const std::string& compression, const SQLite::Column& data) {
    const std::string_view blob(static_cast<const char*>(data.getBlob()), static_cast<std::size_t>(data.getBytes()));
    if (compression == "zstd") return util::zstd_decompress(blob);
    return std::string(blob);
}

// One stored original and the articles to rebuild from it.
struct Original {
    std::string file_hash;
    std::string path;  // its first path: the name parse_input() detects the format by
    std::vector<std::pair<int64_t, std::string>> articles;  // id, locator
};

struct Rebuilt {
    int64_t id = 0;
    std::optional<ParsedArticle> article;  // none: `error` says why it keeps its old form
    std::string error;
    std::shared_ptr<const tokenizer::Recording> tokens;
};

struct ParsedOriginal {
    std::string format, encoding;
    std::vector<Rebuilt> articles;
    int64_t held_bytes = 0;  // texts and recorded tokens, until the writer has them
};

// What needs reparsing, by original, in the order of their first articles.
struct Plan {
    std::vector<Original> originals;
    int64_t articles = 0;
    int64_t without_original = 0;
};

Plan plan(SQLite::Database& db, const std::vector<int64_t>& requested) {
    std::set<int64_t> ids(requested.begin(), requested.end());
    std::vector<int64_t> missing;
    for (const int64_t id : ids) {
        SQLite::Statement exists(db, kArticleExists);
        exists.bind(1, id);
        if (!exists.executeStep()) missing.push_back(id);
    }
    if (!missing.empty()) {
        std::string list;
        for (const int64_t id : missing) list += (list.empty() ? "" : ", ") + std::to_string(id);
        throw Error(Errc::not_found, (missing.size() == 1 ? "no article " : "no articles ") + list,
                    "nothing was reparsed; `newsdb search` and `newsdb show` give articles' ids");
    }
    if (ids.empty()) {
        SQLite::Statement all(db, kAllArticleIds);
        while (all.executeStep()) ids.insert(all.getColumn(0).getInt64());
    }
    Plan p;
    std::map<std::string, std::size_t> by_hash;  // file hash -> index in p.originals
    std::set<int64_t> with_original;
    SQLite::Statement st(db, kFirstPathsWithOriginal);
    while (st.executeStep()) {
        const int64_t id = st.getColumn(0).getInt64();
        if (!ids.count(id)) continue;
        with_original.insert(id);
        const std::string hash = st.getColumn(3).getString();
        auto [it, fresh] = by_hash.emplace(hash, p.originals.size());
        if (fresh) p.originals.push_back({hash, st.getColumn(1).getString(), {}});
        p.originals[it->second].articles.emplace_back(id, st.getColumn(2).getString());
        ++p.articles;
    }
    p.without_original = static_cast<int64_t>(ids.size() - with_original.size());
    return p;
}

// A worker's part: the original read on its own connection, parsed once, and
// each wanted article found by its place in the file and tokenized.
ParsedOriginal parse_original(SQLite::Database& reader, const Original& o) {
    ParsedOriginal out;
    auto fail_all = [&](const std::string& why) {
        for (const auto& [id, locator] : o.articles) out.articles.push_back({id, std::nullopt, why, nullptr});
    };
    std::string bytes;
    try {
        SQLite::Statement st(reader, kOriginal);
        st.bind(1, o.file_hash);
        if (!st.executeStep()) {
            fail_all("its original is no longer in the archive (another process changed it meanwhile)");
            return out;
        }
        bytes = decompressed(st.getColumn(0).getString(), st.getColumn(1));
    } catch (const SQLite::Exception& e) {
        fail_all(std::string("cannot read its original: ") + e.what());
        return out;
    } catch (const Error& e) {
        fail_all(std::string("cannot read its original: ") + e.what());
        return out;
    }
    ParseResult parsed;
    try {
        parsed = parse_input(bytes, o.path, ParseOptions{});
    } catch (const Error& e) {
        fail_all(e.what());
        return out;
    } catch (const std::exception& e) {
        fail_all(std::string("internal error while parsing: ") + e.what() +
                 " (this is a bug in newsdb; please report it with the file)");
        return out;
    }
    out.format = std::string(input_format_name(parsed.format));
    out.encoding = parsed.encoding;
    std::map<std::string_view, ParsedItem*> items;
    for (auto& item : parsed.items) items.emplace(item.locator, &item);  // the first of a repeated place
    for (const auto& [id, locator] : o.articles) {
        Rebuilt r;
        r.id = id;
        const auto it = items.find(locator);
        if (it == items.end()) {
            r.error = "the current parsers no longer find this article in its file";
        } else if (!it->second->article) {
            r.error = it->second->error;
        } else {
            r.article = std::move(it->second->article);
            r.article->language = article_language(*r.article);
            r.tokens = record_tokens(*r.article);
            out.held_bytes += static_cast<int64_t>(r.tokens ? r.tokens->bytes() : 0);
            for (const auto& p : r.article->paragraphs) out.held_bytes += static_cast<int64_t>(p.text.size());
        }
        out.articles.push_back(std::move(r));
    }
    return out;
}

} // namespace

std::optional<std::string> read_original(SQLite::Database& db, int64_t article_id) {
    SQLite::Statement st(db, kArticlePathsWithOriginal);
    st.bind(1, article_id);
    if (!st.executeStep()) return std::nullopt;
    return decompressed(st.getColumn(3).getString(), st.getColumn(4));
}

ReparseSummary run_reparse(SQLite::Database& db, const std::string& archive_path, const ReparseOptions& options,
                           const std::function<void(int64_t, const std::string&)>& on_failure,
                           const std::function<void(const ReparseProgress&)>& on_progress) {
    const auto started = std::chrono::steady_clock::now();
    const Plan p = plan(db, options.ids);
    ReparseSummary summary;
    summary.without_original = p.without_original;
    summary.originals = static_cast<int64_t>(p.originals.size());
    ReparseProgress progress;
    progress.articles_total = p.articles;
    auto last_tick = started;
    auto tick = [&](bool force) {
        if (!on_progress) return;
        const auto now = std::chrono::steady_clock::now();
        if (!force && now - last_tick < std::chrono::milliseconds(200)) return;
        last_tick = now;
        progress.seconds = std::chrono::duration<double>(now - started).count();
        on_progress(progress);
    };
    tick(true);
    if (p.originals.empty()) return summary;

    const int threads = std::min(parsing_threads(options.jobs), static_cast<int>(p.originals.size()));
    prepare_for_parsing_threads();
    // Each worker's connection: opened on its thread, used by it alone.
    auto prepare = [&](std::size_t i) {
        thread_local std::unique_ptr<SQLite::Database> reader;
        thread_local std::string reader_path;
        if (!reader || reader_path != archive_path) {
            reader = std::make_unique<SQLite::Database>(archive_path, SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX,
                                                        30000);
            reader_path = archive_path;
        }
        return parse_original(*reader, p.originals[i]);
    };
    OrderedWork<ParsedOriginal> work(
        p.originals.size(), threads, static_cast<std::size_t>(threads) * kWindowPerThread, kWindowBytes, prepare,
        [](const ParsedOriginal& o) { return o.held_bytes; }, [] { yield_to_writer(); });

    // Batches of articles, one transaction each, indexed in bulk (see
    // Writer::begin_bulk_index); a database failure rolls the batch back
    // whole, so each article keeps its old form or has its new one.
    const auto batch_articles = static_cast<std::size_t>(std::max(1, options.batch_articles));
    Writer writer(db);
    std::optional<Transaction> batch;
    std::size_t in_batch = 0;
    auto batch_started = started;
    auto commit = [&] {
        if (!batch) return;
        writer.finish_bulk_index();
        batch->commit();
        batch.reset();
        summary.reparsed += static_cast<int64_t>(in_batch);
        in_batch = 0;
    };
    try {
        for (std::size_t i = 0; i < p.originals.size(); ++i) {
            ParsedOriginal o = work.take(i);
            for (Rebuilt& r : o.articles) {
                ++progress.articles_done;
                if (!r.article) {
                    ++summary.failed;
                    ++progress.failed;
                    if (on_failure) on_failure(r.id, r.error);
                    continue;
                }
                if (!batch) {
                    batch.emplace(db, Transaction::Kind::immediate);
                    writer.begin_bulk_index();
                    batch_started = std::chrono::steady_clock::now();
                }
                writer.replace_content(r.id, *r.article, o.format, o.encoding, std::move(r.tokens));
                ++in_batch;
                if (in_batch >= batch_articles || std::chrono::steady_clock::now() - batch_started > kBatchTime)
                    commit();
            }
            tick(false);
        }
        commit();
    } catch (const SQLite::Exception&) {
        writer.abandon_bulk_index();
        batch.reset();
        throw;
    }
    tick(true);
    // FTS5's merges freed pages that only a later write would reuse.
    if (summary.reparsed > 0) release_free_pages(db);
    return summary;
}

} // namespace newsdb::store
