// newsdb publish: a local archive into the server, incrementally.
//
// An article is keyed by its content hash; its form digest (SHA-256 of
// everything published about it) tells whether the server holds it as the
// local archive has it. A publish sends, in batches of one transaction each,
// the articles whose digest this publisher's holdings do not show, then
// withdraws the holdings of articles no longer local and removes those that
// no publisher holds. Articles are locked in content-hash order, so
// publishers running at once never deadlock on each other's batches (a
// deadlock or serialization failure still retries the batch).
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "newsdb/error.hpp"
#include "pgstore/server_impl.hpp"
#include "util/hash.hpp"

namespace newsdb::pgstore {

namespace {

using nlohmann::json;

constexpr const char* kUpsertPublisher =
    "INSERT INTO publishers (name) VALUES ($1) ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id";
constexpr const char* kTouchPublisher = "UPDATE publishers SET last_published = now() WHERE id = $1";
constexpr const char* kSelectHoldings =
    "SELECT a.content_hash, h.form_digest, a.id FROM holdings h JOIN articles a ON a.id = h.article_id "
    "WHERE h.publisher_id = $1";
constexpr const char* kSelectLanguages = "SELECT code, config::text FROM newsdb_languages";
constexpr const char* kUpsertArticle =
    "INSERT INTO articles (content_hash, form_digest, title, date, source, author, url, is_excerpt, words_shown, "
    "words_total, format, ingested_at, language, encoding, config) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::regconfig) "
    "ON CONFLICT (content_hash) DO UPDATE SET content_hash = EXCLUDED.content_hash "
    "RETURNING id, form_digest, (xmax = 0)";
constexpr const char* kUpdateArticle =
    "UPDATE articles SET form_digest = $2, title = $3, date = $4, source = $5, author = $6, url = $7, "
    "is_excerpt = $8, words_shown = $9, words_total = $10, format = $11, ingested_at = $12, language = $13, "
    "encoding = $14, config = $15::regconfig, published_at = now() WHERE id = $1";
constexpr const char* kDeletePassages = "DELETE FROM passages WHERE article_id = $1";
constexpr const char* kDeleteFootnotes = "DELETE FROM footnotes WHERE article_id = $1";
constexpr const char* kDeleteCitations = "DELETE FROM citations WHERE article_id = $1";
constexpr const char* kDeleteTags = "DELETE FROM article_tags WHERE article_id = $1";
constexpr const char* kDeletePaths = "DELETE FROM article_paths WHERE article_id = $1";
constexpr const char* kInsertPassages =
    "INSERT INTO passages (article_id, kind, position, text, config) "
    "SELECT $1, x.kind, x.position, x.text, $2::regconfig "
    "FROM json_to_recordset($3::json) AS x (kind text, position int, text text)";
constexpr const char* kInsertFootnotes =
    "INSERT INTO footnotes (article_id, number, title, author, publisher, date, url) "
    "SELECT $1, x.number, nullif(x.title, ''), nullif(x.author, ''), nullif(x.publisher, ''), nullif(x.date, ''), "
    "nullif(x.url, '') FROM json_to_recordset($2::json) "
    "AS x (number int, title text, author text, publisher text, date text, url text)";
constexpr const char* kInsertCitations =
    "INSERT INTO citations (article_id, paragraph, number, char_offset) "
    "SELECT DISTINCT $1::bigint, x.paragraph, x.number, x.char_offset "
    "FROM json_to_recordset($2::json) AS x (paragraph int, number int, char_offset bigint)";
constexpr const char* kInsertTags =
    "INSERT INTO article_tags (article_id, tag) SELECT DISTINCT $1::bigint, t FROM json_array_elements_text($2::json) t";
constexpr const char* kInsertPaths =
    "INSERT INTO article_paths (article_id, path, locator) SELECT $1, x.path, x.locator "
    "FROM json_to_recordset($2::json) AS x (path text, locator text) ON CONFLICT DO NOTHING";
constexpr const char* kUpsertHolding =
    "INSERT INTO holdings (publisher_id, article_id, form_digest) VALUES ($1, $2, $3) "
    "ON CONFLICT (publisher_id, article_id) DO UPDATE SET form_digest = EXCLUDED.form_digest";
constexpr const char* kDropHoldings =
    "DELETE FROM holdings WHERE publisher_id = $1 AND article_id = ANY ($2::bigint[])";
constexpr const char* kLockArticles =
    "SELECT id FROM articles WHERE id = ANY ($1::bigint[]) ORDER BY id FOR UPDATE";
constexpr const char* kDeleteUnheld =
    "DELETE FROM articles a WHERE a.id = ANY ($1::bigint[]) "
    "AND NOT EXISTS (SELECT 1 FROM holdings h WHERE h.article_id = a.id)";

constexpr int kAttempts = 8;

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

std::optional<std::string> text_or_null(const std::string& s) {
    return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

// Everything published about an article, as JSON: its digest is the form digest.
json form_of(const StoredArticle& s) {
    const ParsedArticle& a = s.article;
    json paragraphs = json::array();
    for (const StoredParagraph& p : s.paragraphs) {
        json cites = json::array();
        for (const Citation& c : p.paragraph.citations) cites.push_back({c.footnote_number, c.offset});
        paragraphs.push_back({p.position, p.paragraph.text, cites});
    }
    json notes = json::array();
    for (const Footnote& f : a.footnotes) notes.push_back({f.number, f.text, f.title, f.author, f.publisher, f.date, f.url});
    return {{"v", 1},
            {"meta", {a.title, a.date, a.source, a.author, a.url, a.language, a.is_excerpt,
                      a.words_shown ? json(*a.words_shown) : json(), a.words_total ? json(*a.words_total) : json(),
                      s.format, s.ingested_at, s.encoding}},
            {"tags", a.tags},
            {"paths", s.paths},
            {"locators", s.locators},
            {"paragraphs", paragraphs},
            {"footnotes", notes}};
}

std::string form_digest(const StoredArticle& s) { return util::sha256_hex(dump(form_of(s))); }

struct LocalArticle {
    std::string content_hash, digest;
    int64_t id = 0;
};

std::string default_publisher(const Archive& local) {
    char host[256] = {};
    if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
    return std::string(host[0] ? host : "localhost") + ":" + local.path().string();
}

class Publisher {
public:
    explicit Publisher(Connection& db) : db_(db) {
        const Rows langs = db_.exec(kSelectLanguages);
        for (std::size_t i = 0; i < langs.size(); ++i) configs_[langs.text(i, 0)] = langs.text(i, 1);
    }

    int64_t publisher_id(const std::string& name) {
        return db_.exec(kUpsertPublisher, {name}).integer(0, 0);
    }

    // Sends one article; the caller's transaction holds it. Returns the passage bytes sent.
    int64_t send(int64_t publisher, const StoredArticle& s, const std::string& digest) {
        const ParsedArticle& a = s.article;
        const std::string config = config_of(a.language);
        const Params fields{s.content_hash,
                            digest,
                            a.title,
                            text_or_null(a.date),
                            text_or_null(a.source),
                            text_or_null(a.author),
                            text_or_null(a.url),
                            a.is_excerpt ? "true" : "false",
                            a.words_shown ? std::optional<std::string>(std::to_string(*a.words_shown)) : std::nullopt,
                            a.words_total ? std::optional<std::string>(std::to_string(*a.words_total)) : std::nullopt,
                            s.format,
                            s.ingested_at,
                            text_or_null(a.language),
                            text_or_null(s.encoding),
                            config};
        const Rows r = db_.exec(kUpsertArticle, fields);
        const std::string id = r.text(0, 0);
        const bool inserted = r.text(0, 2) == "t";
        int64_t bytes = 0;
        if (inserted || r.text(0, 1) != digest) {
            if (!inserted) {
                Params update = fields;
                update[0] = id;
                db_.exec(kUpdateArticle, update);
                for (const char* sql : {kDeleteCitations, kDeleteFootnotes, kDeletePassages, kDeleteTags, kDeletePaths})
                    db_.exec(sql, {id});
            }
            bytes = write_content(id, config, s);
        }
        db_.exec(kUpsertHolding, {std::to_string(publisher), id, digest});
        return bytes;
    }

    // Withdraws this publisher's holdings of `ids` and removes the articles
    // no one holds any more.
    void withdraw(int64_t publisher, std::vector<int64_t> ids) {
        std::sort(ids.begin(), ids.end());
        std::string list = "{";
        for (std::size_t i = 0; i < ids.size(); ++i) list += (i ? "," : "") + std::to_string(ids[i]);
        list += "}";
        db_.exec(kDropHoldings, {std::to_string(publisher), list});
        // Locked first, so that the check below sees the holdings another
        // publisher committed meanwhile (a new statement, a new snapshot).
        db_.exec(kLockArticles, {list});
        db_.exec(kDeleteUnheld, {list});
    }

private:
    std::string config_of(const std::string& language) const {
        const auto it = configs_.find(language);
        return it == configs_.end() ? "newsdb_simple" : it->second;
    }

    int64_t write_content(const std::string& id, const std::string& config, const StoredArticle& s) {
        const ParsedArticle& a = s.article;
        int64_t bytes = static_cast<int64_t>(a.title.size());
        json passages = json::array();
        passages.push_back({{"kind", "title"}, {"position", 0}, {"text", a.title}});
        json notes = json::array();
        std::set<int> numbers;
        for (const Footnote& f : a.footnotes) {
            if (!numbers.insert(f.number).second) continue;
            passages.push_back({{"kind", "footnote"}, {"position", f.number}, {"text", f.text}});
            notes.push_back({{"number", f.number}, {"title", f.title}, {"author", f.author},
                             {"publisher", f.publisher}, {"date", f.date}, {"url", f.url}});
            bytes += static_cast<int64_t>(f.text.size());
        }
        json cites = json::array();
        for (const StoredParagraph& p : s.paragraphs) {
            passages.push_back({{"kind", "paragraph"}, {"position", p.position}, {"text", p.paragraph.text}});
            bytes += static_cast<int64_t>(p.paragraph.text.size());
            for (const Citation& c : p.paragraph.citations)
                if (numbers.count(c.footnote_number))
                    cites.push_back({{"paragraph", p.position}, {"number", c.footnote_number}, {"char_offset", c.offset}});
        }
        json paths = json::array();
        for (std::size_t i = 0; i < s.paths.size(); ++i)
            paths.push_back({{"path", s.paths[i]}, {"locator", i < s.locators.size() ? s.locators[i] : ""}});
        db_.exec(kInsertPassages, {id, config, dump(passages)});
        if (!notes.empty()) db_.exec(kInsertFootnotes, {id, dump(notes)});
        if (!cites.empty()) db_.exec(kInsertCitations, {id, dump(cites)});
        if (!a.tags.empty()) db_.exec(kInsertTags, {id, dump(json(a.tags))});
        if (!paths.empty()) db_.exec(kInsertPaths, {id, dump(paths)});
        return bytes;
    }

    Connection& db_;
    std::map<std::string, std::string> configs_;
};

// Runs `body` in a transaction, again when another publisher's locks made it
// fail (deadlock, serialization): it changed nothing then.
template <typename Body>
void with_retries(Connection& db, Body body) {
    for (int attempt = 1;; ++attempt) {
        try {
            Transaction tx(db);
            body();
            tx.commit();
            return;
        } catch (const Error& e) {
            if (e.code() != Errc::busy || attempt == kAttempts) throw;
        }
    }
}

} // namespace

PublishSummary run_publish(Connection& db, Archive& local, const PublishOptions& options,
                           const std::function<void(const PublishProgress&)>& on_progress) {
    const auto started = std::chrono::steady_clock::now();
    Publisher publisher(db);
    const int64_t me =
        publisher.publisher_id(options.publisher.empty() ? default_publisher(local) : options.publisher);

    std::map<std::string, std::pair<std::string, int64_t>> held;  // content hash -> digest, server id
    const Rows holdings = db.exec(kSelectHoldings, {std::to_string(me)});
    for (std::size_t i = 0; i < holdings.size(); ++i)
        held[holdings.text(i, 0)] = {holdings.text(i, 1), holdings.integer(i, 2)};

    PublishSummary summary;
    std::vector<LocalArticle> to_send;
    std::set<std::string> local_hashes;
    SearchOptions everything;
    everything.limit = 0;
    for (const int64_t id : local.matching_articles(everything)) {
        const std::optional<StoredArticle> s = local.article(id);
        if (!s) continue;  // forgotten meanwhile
        ++summary.articles;
        if (!local_hashes.insert(s->content_hash).second) continue;
        std::string digest = form_digest(*s);
        const auto it = held.find(s->content_hash);
        if (it != held.end() && it->second.first == digest) {
            ++summary.unchanged;
            continue;
        }
        to_send.push_back({s->content_hash, std::move(digest), id});
    }
    std::sort(to_send.begin(), to_send.end(),
              [](const LocalArticle& x, const LocalArticle& y) { return x.content_hash < y.content_hash; });

    PublishProgress progress{0, static_cast<int64_t>(to_send.size()), 0};
    const std::size_t batch = static_cast<std::size_t>(std::max(1, options.batch_articles));
    for (std::size_t start = 0; start < to_send.size(); start += batch) {
        const std::size_t end = std::min(to_send.size(), start + batch);
        std::vector<StoredArticle> articles;
        for (std::size_t i = start; i < end; ++i)
            if (auto s = local.article(to_send[i].id)) articles.push_back(std::move(*s));
        int64_t bytes = 0;
        with_retries(db, [&] {
            bytes = 0;
            for (std::size_t i = 0; i < articles.size(); ++i)
                bytes += publisher.send(me, articles[i], to_send[start + i].digest);
        });
        summary.sent += static_cast<int64_t>(articles.size());
        summary.bytes += bytes;
        progress.done = static_cast<int64_t>(end);
        progress.sent = summary.sent;
        if (on_progress) on_progress(progress);
    }

    std::vector<int64_t> gone;
    for (const auto& [hash, entry] : held)
        if (!local_hashes.count(hash)) gone.push_back(entry.second);
    for (std::size_t start = 0; start < gone.size(); start += batch) {
        const std::vector<int64_t> part(gone.begin() + static_cast<std::ptrdiff_t>(start),
                                        gone.begin() + static_cast<std::ptrdiff_t>(std::min(gone.size(), start + batch)));
        with_retries(db, [&] { publisher.withdraw(me, part); });
    }
    summary.removed = static_cast<int64_t>(gone.size());
    db.exec(kTouchPublisher, {std::to_string(me)});
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return summary;
}

} // namespace newsdb::pgstore
