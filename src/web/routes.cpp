#include "web/routes.hpp"

#include <condition_variable>
#include <mutex>
#include <optional>
#include <ostream>
#include <sstream>
#include <streambuf>

#include <nlohmann/json.hpp>

#include "newsdb/archive.hpp"
#include "newsdb/export.hpp"
#include "newsdb/query.hpp"
#include "util/utf8.hpp"
#include "web/assets.hpp"
#include "web/html.hpp"
#include "web/pages.hpp"
#include "web/params.hpp"

namespace newsdb::web {

int http_status(Errc code) noexcept {
    switch (code) {
    case Errc::invalid_query:
    case Errc::invalid_argument: return 400;
    case Errc::not_found: return 404;
    case Errc::busy: return 503;
    case Errc::bad_input:
    case Errc::io:
    case Errc::incompatible_archive:
    case Errc::corrupt_archive:
    case Errc::internal: break;
    }
    return 500;
}

namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'";

void add_security_headers(Response& r, bool cacheable) {
    r.headers.emplace_back("Content-Security-Policy", kContentSecurityPolicy);
    r.headers.emplace_back("X-Content-Type-Options", "nosniff");
    r.headers.emplace_back("Referrer-Policy", "no-referrer");
    r.headers.emplace_back("X-Frame-Options", "DENY");
    r.headers.emplace_back("Cross-Origin-Opener-Policy", "same-origin");
    r.headers.emplace_back("Cache-Control", cacheable ? "max-age=3600" : "no-store");
}

Response html(int status, std::string body) {
    Response r;
    r.status = status;
    r.body = std::move(body);
    return r;
}

Response json(int status, const Json& value) {
    Response r;
    r.status = status;
    r.content_type = "application/json; charset=utf-8";
    r.body = value.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
    return r;
}

Json error_json(const Error& e) {
    return Json{{"error", {{"code", errc_name(e.code())}, {"message", e.message()}, {"hint", e.hint()}}}};
}

// Read-only connections, opened on demand, at most max_concurrent in use.
class ArchivePool {
public:
    explicit ArchivePool(const HandlerOptions& options) : options_(options) {}

    std::shared_ptr<Archive> acquire() {
        std::unique_lock lock(mutex_);
        if (!free_slot_.wait_for(lock, options_.queue_wait, [this] { return in_use_ < options_.max_concurrent; }))
            throw Error(Errc::busy,
                        "the server is busy: " + std::to_string(options_.max_concurrent) +
                            " requests are being answered",
                        "try again in a moment");
        ++in_use_;
        std::unique_ptr<Archive> archive;
        if (!idle_.empty()) {
            archive = std::move(idle_.back());
            idle_.pop_back();
        }
        lock.unlock();
        if (!archive) {
            try {
                archive = std::make_unique<Archive>(Archive::open(options_.db, OpenMode::read_only));
            } catch (...) {
                release(nullptr);
                throw;
            }
        }
        return std::shared_ptr<Archive>(archive.release(),
                                        [this](Archive* a) { release(std::unique_ptr<Archive>(a)); });
    }

private:
    void release(std::unique_ptr<Archive> archive) {
        {
            const std::lock_guard lock(mutex_);
            --in_use_;
            if (archive) idle_.push_back(std::move(archive));
        }
        free_slot_.notify_one();
    }

    HandlerOptions options_;
    std::mutex mutex_;
    std::condition_variable free_slot_;
    std::vector<std::unique_ptr<Archive>> idle_;
    int in_use_ = 0;
};

// A streambuf writing to a Sink in pieces of about 64 KB.
class SinkBuffer : public std::streambuf {
public:
    explicit SinkBuffer(const Sink& sink) : sink_(sink) {}
    bool failed() const { return failed_; }

protected:
    int_type overflow(int_type c) override {
        if (c != traits_type::eof()) buffer_ += static_cast<char>(c);
        if (buffer_.size() >= kPiece) flush_buffer();
        return failed_ ? traits_type::eof() : traits_type::not_eof(c);
    }
    std::streamsize xsputn(const char* s, std::streamsize n) override {
        buffer_.append(s, static_cast<std::size_t>(n));
        if (buffer_.size() >= kPiece) flush_buffer();
        return failed_ ? 0 : n;
    }
    int sync() override {
        flush_buffer();
        return failed_ ? -1 : 0;
    }

private:
    static constexpr std::size_t kPiece = 64 * 1024;
    void flush_buffer() {
        if (!buffer_.empty() && !failed_ && !sink_(buffer_)) failed_ = true;
        buffer_.clear();
    }
    const Sink& sink_;
    std::string buffer_;
    bool failed_ = false;
};

// The snippet without its match bytes, and the matches as [start, end) byte offsets in it.
Json snippet_json(std::string_view snippet) {
    std::string text;
    Json spans = Json::array();
    std::size_t start = 0;
    bool open = false;
    for (const char c : snippet) {
        if (c == kMatchStart && !open) open = true, start = text.size();
        else if (c == kMatchEnd && open) open = false, spans.push_back({start, text.size()});
        else if (c != kMatchStart && c != kMatchEnd) text += c;
    }
    return Json{{"snippet", text}, {"highlights", spans}};
}

Json passage_json(const PassageHit& p) {
    Json s = snippet_json(p.snippet);
    return Json{{"passage_id", p.passage_id}, {"kind", passage_kind_name(p.kind)}, {"position", p.position},
                {"score", p.score}, {"snippet", s["snippet"]}, {"highlights", s["highlights"]}, {"text", p.text}};
}

// An article row (its fields and "passages", its best 1-3), or with
// within=passage a passage row (the passage's fields beside its article's).
Json hit_json(const SearchHit& hit, SearchUnit unit) {
    const HitArticle& a = hit.article;
    Json out{{"article_id", a.id}, {"title", a.title}, {"url", a.url}, {"author", a.author}, {"date", a.date},
             {"source", a.source}, {"language", a.language}, {"tags", a.tags}, {"path", a.path},
             {"score", hit.score}};
    if (unit == SearchUnit::article) {
        out["passages"] = Json::array();
        for (const PassageHit& p : hit.passages) out["passages"].push_back(passage_json(p));
    } else if (!hit.passages.empty()) {
        const Json passage = passage_json(hit.passages.front());
        for (const auto& [key, value] : passage.items())
            if (key != "score") out[key] = value;
    }
    return out;
}

Json count_row_json(const CountRow& r) {
    return Json{{"bucket", r.bucket}, {"articles", r.articles}, {"passages", r.passages},
                {"archive_articles", r.archive_articles}};
}

Json citation_row_json(const CitationRow& r) {
    Json articles = Json::array();
    for (const auto& a : r.articles)
        articles.push_back({{"id", a.id}, {"title", a.title}, {"date", a.date}, {"source", a.source}});
    return Json{{"key", r.key}, {"year", r.year}, {"label", r.label}, {"spellings", r.spellings},
                {"footnotes", r.footnotes}, {"marks", r.marks}, {"articles", articles}};
}

// The id in "/article/123" or "/api/article/123" (and "/article/123/original"); nullopt otherwise.
std::optional<int64_t> article_id(std::string_view rest) {
    if (rest.empty() || rest.size() > 18) return std::nullopt;
    int64_t id = 0;
    for (const char c : rest) {
        if (c < '0' || c > '9') return std::nullopt;
        id = id * 10 + (c - '0');
    }
    if (id < 1) return std::nullopt;
    return id;
}

Error no_such_page(std::string_view path) {
    return Error(Errc::not_found, "no page at " + std::string(path), "start from the search page at /");
}

Error no_such_article(int64_t id) {
    return Error(Errc::not_found, "no article " + std::to_string(id) + " in this archive",
                 "search for it at /search");
}

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

} // namespace

struct Handler::Impl {
    HandlerOptions settings;
    ArchivePool pool;

    explicit Impl(HandlerOptions o) : settings(std::move(o)), pool(settings) {}

    Response route(const Target& t, bool api);
    Response search_page(const QueryParams& params);
    Response article_page(int64_t id, const QueryParams& params);
    Response original(int64_t id);
    Response timeline_page(const QueryParams& params);
    Response citations_page(const QueryParams& params);
    Response export_results(const QueryParams& params);
    Response api_search(const QueryParams& params);
    Response api_count(const QueryParams& params);
    Response api_citations(const QueryParams& params);
    Response api_stats();
    Response api_article(int64_t id);
};

Handler::Handler(HandlerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Handler::~Handler() = default;

Response Handler::handle(const Request& request) noexcept {
    const bool api = request.target.rfind("/api/", 0) == 0;
    Response r;
    try {
        try {
            if (request.method != "GET" && request.method != "HEAD") {
                r = api ? json(405, error_json(Error(Errc::invalid_argument, "this server only reads",
                                                     "use GET; there are no write endpoints")))
                        : html(405, render_error_page(405, Error(Errc::invalid_argument, "this server only reads",
                                                                 "use GET; there are no write endpoints")));
                r.headers.emplace_back("Allow", "GET, HEAD");
            } else {
                r = impl_->route(parse_target(request.target), api);
            }
        } catch (const Error& e) {
            const int status = http_status(e.code());
            r = api ? json(status, error_json(e)) : html(status, render_error_page(status, e));
        } catch (const std::exception& e) {
            const Error internal(Errc::internal, std::string("internal error: ") + e.what(),
                                 "this is a bug in newsdb; please report the address you opened");
            r = api ? json(500, error_json(internal)) : html(500, render_error_page(500, internal));
        }
    } catch (...) {
        r = Response{};
        r.status = 500;
        r.content_type = "text/plain; charset=utf-8";
        r.body = "internal error\n";
    }
    add_security_headers(r, r.status == 200 && request.target.rfind("/static/", 0) == 0);
    return r;
}

Response Handler::Impl::route(const Target& t, bool api) {
    const std::string& p = t.path;
    if (api) {
        if (p == "/api/search") return api_search(t.params);
        if (p == "/api/count") return api_count(t.params);
        if (p == "/api/citations") return api_citations(t.params);
        if (p == "/api/stats") return api_stats();
        if (p.rfind("/api/article/", 0) == 0)
            if (const auto id = article_id(std::string_view(p).substr(13))) return api_article(*id);
        throw no_such_page(p);
    }
    if (p == "/" || p == "/search") return search_page(t.params);
    if (p == "/timeline") return timeline_page(t.params);
    if (p == "/citations") return citations_page(t.params);
    if (p == "/export") return export_results(t.params);
    if (p == "/help") return html(200, render_help());
    if (p == "/static/style.css") {
        Response r = html(200, std::string(kStyleCss));
        r.content_type = "text/css; charset=utf-8";
        return r;
    }
    if (p == "/static/app.js") {
        Response r = html(200, std::string(kAppJs));
        r.content_type = "text/javascript; charset=utf-8";
        return r;
    }
    if (p.rfind("/article/", 0) == 0) {
        std::string_view rest = std::string_view(p).substr(9);
        const bool want_original = rest.size() > 9 && rest.substr(rest.size() - 9) == "/original";
        if (want_original) rest.remove_suffix(9);
        if (const auto id = article_id(rest)) return want_original ? original(*id) : article_page(*id, t.params);
    }
    throw no_such_page(p);
}

Response Handler::Impl::search_page(const QueryParams& params) {
    SearchPage page;
    try {
        page.state = parse_search_state(params);
    } catch (const Error& e) {
        page.state.query = params.get("q").value_or("").substr(0, kMaxQueryChars);
        page.error = e;
        return html(http_status(e.code()), render_search(page));
    }
    auto archive = pool.acquire();
    const auto snapshot = archive->read_snapshot();
    if (blank(page.state.query) && !page.state.has_filters()) {
        page.stats = archive->stats();
        return html(200, render_search(page));
    }
    try {
        const SearchOptions options = page.state.options();
        SearchResults results = archive->search(options);
        page.hits = std::move(results.hits);
        page.total.articles = results.total.articles;
        page.total.passages = results.total.passages;
        page.sources = archive->count(options, CountBucket::source);
        page.years = archive->count(options, CountBucket::year);
    } catch (const Error& e) {
        if (e.code() != Errc::invalid_query && e.code() != Errc::invalid_argument) throw;
        page.error = e;
        return html(400, render_search(page));
    }
    return html(200, render_search(page));
}

Response Handler::Impl::article_page(int64_t id, const QueryParams& params) {
    std::string query = params.get("q").value_or("");
    if (query.size() > kMaxQueryChars) query.clear();
    auto archive = pool.acquire();
    const auto snapshot = archive->read_snapshot();
    const auto stored = archive->article(id);
    if (!stored) throw no_such_article(id);
    // The original's link is always shown: telling whether it was kept would
    // read (and decompress) it; its page says so when it was not.
    return html(200, render_article(*stored, query, true));
}

Response Handler::Impl::original(int64_t id) {
    auto archive = pool.acquire();
    const auto snapshot = archive->read_snapshot();
    if (!archive->article(id)) throw no_such_article(id);
    auto bytes = archive->original(id);
    if (!bytes)
        throw Error(Errc::not_found, "article " + std::to_string(id) + " was stored without its original file",
                    "ingest without --no-originals to keep originals");
    Response r;
    r.body = std::move(*bytes);
    // Shown as text, never as a page of its own: its markup and scripts stay inert.
    const bool text = r.body.find('\0') == std::string::npos && !util::first_invalid_utf8(r.body);
    r.content_type = text ? "text/plain; charset=utf-8" : "application/octet-stream";
    if (!text)
        r.headers.emplace_back("Content-Disposition",
                               "attachment; filename=\"article-" + std::to_string(id) + "-original\"");
    r.headers.emplace_back("Content-Security-Policy", "sandbox");
    return r;
}

Response Handler::Impl::timeline_page(const QueryParams& params) {
    TimelinePage page;
    bool automatic = false;  // no by=: per month over up to six years, else per year
    try {
        page.state = parse_search_state(params);
        const std::string by = params.get("by").value_or("");
        if (!by.empty() && by != "month" && by != "year")
            throw Error(Errc::invalid_argument, "by: '" + by + "' is not month or year", "use by=month or by=year");
        page.by = by == "year" ? CountBucket::year : CountBucket::month;
        automatic = by.empty();
        page.normalize = params.get("normalize").value_or("") == "1";
    } catch (const Error& e) {
        page.state.query = params.get("q").value_or("").substr(0, kMaxQueryChars);
        page.error = e;
        return html(http_status(e.code()), render_timeline(page));
    }
    if (blank(page.state.query)) return html(200, render_timeline(page));
    auto archive = pool.acquire();
    const auto snapshot = archive->read_snapshot();
    try {
        if (automatic) {
            page.by = CountBucket::year;
            page.rows = archive->count(page.state.options(), CountBucket::year);
            std::vector<int> years;
            for (const CountRow& r : page.rows)
                if (r.bucket.size() == 4) years.push_back(std::stoi(r.bucket));
            if (!years.empty() && years.back() - years.front() < 6) {
                page.by = CountBucket::month;
                page.rows = archive->count(page.state.options(), CountBucket::month);
            }
        } else {
            page.rows = archive->count(page.state.options(), page.by);
        }
    } catch (const Error& e) {
        if (e.code() != Errc::invalid_query && e.code() != Errc::invalid_argument) throw;
        page.error = e;
        return html(400, render_timeline(page));
    }
    return html(200, render_timeline(page));
}

Response Handler::Impl::citations_page(const QueryParams& params) {
    CitationsPage page;
    try {
        page.state = parse_search_state(params);
        page.by = parse_citation_group(params.get("by").value_or("publisher"));
    } catch (const Error& e) {
        page.state.query = params.get("q").value_or("").substr(0, kMaxQueryChars);
        page.error = e;
        return html(http_status(e.code()), render_citations(page));
    }
    auto archive = pool.acquire();
    const auto snapshot = archive->read_snapshot();
    try {
        CitationOptions options;
        options.selection = page.state.options();
        options.by = page.by;
        page.rows = archive->citations(options);
    } catch (const Error& e) {
        if (e.code() != Errc::invalid_query && e.code() != Errc::invalid_argument) throw;
        page.error = e;
        return html(400, render_citations(page));
    }
    return html(200, render_citations(page));
}

Response Handler::Impl::export_results(const QueryParams& params) {
    const SearchState state = parse_search_state(params);
    const std::string format_name = params.get("format").value_or("csv");
    const HitFormat format = parse_hit_format(format_name);
    if (format == HitFormat::text)
        throw Error(Errc::invalid_argument, "format: use csv, json, jsonl or markdown", "e.g. format=csv");
    SearchOptions options = state.options();
    // Checked before the headers go out: a bad query is a 400, not a cut-off body.
    merge_option_filters(translate_query_full(options.query, options.match).filters, options);
    auto archive = pool.acquire();
    Response r;
    static const std::pair<HitFormat, std::pair<const char*, const char*>> kTypes[] = {
        {HitFormat::csv, {"text/csv; charset=utf-8", "csv"}},
        {HitFormat::json, {"application/json; charset=utf-8", "json"}},
        {HitFormat::jsonl, {"application/x-ndjson; charset=utf-8", "jsonl"}},
        {HitFormat::markdown, {"text/markdown; charset=utf-8", "md"}},
    };
    for (const auto& [f, type] : kTypes)
        if (f == format) {
            r.content_type = type.first;
            r.headers.emplace_back("Content-Disposition",
                                   std::string("attachment; filename=\"newsdb-export.") + type.second + "\"");
        }
    r.stream = [archive, options, format](const Sink& sink) {
        SinkBuffer buffer(sink);
        std::ostream out(&buffer);
        const auto snapshot = archive->read_snapshot();
        auto writer = make_hit_writer(format, out, HitWriterContext{options.query, MatchStyle::plain, options.unit});
        archive->search_each(options, true, [&](const SearchHit& h) {
            if (buffer.failed()) throw Error(Errc::io, "the client went away");
            writer->write(h);
        }, [&](const SearchTotals& t) { writer->begin(t); });
        writer->end();
        out.flush();
    };
    return r;
}

Response Handler::Impl::api_search(const QueryParams& params) {
    const SearchState state = parse_search_state(params);
    if (blank(state.query))
        throw Error(Errc::invalid_query, "the query is empty", "pass q=WORDS, e.g. /api/search?q=drones");
    const SearchOptions options = state.options();
    auto archive = pool.acquire();
    const auto snapshot = archive->read_snapshot();
    const SearchResults results = archive->search(options);
    Json out{{"query", state.query}, {"unit", search_unit_name(options.unit)}, {"offset", state.offset},
             {"limit", state.limit},
             {"total", {{"articles", results.total.articles}, {"passages", results.total.passages}}},
             {"hits", Json::array()}};
    for (const SearchHit& h : results.hits) out["hits"].push_back(hit_json(h, options.unit));
    return json(200, out);
}

Response Handler::Impl::api_count(const QueryParams& params) {
    const SearchState state = parse_search_state(params);
    const CountBucket by = parse_count_bucket(params.get("by").value_or("total"));
    auto archive = pool.acquire();
    const auto snapshot = archive->read_snapshot();
    Json rows = Json::array();
    for (const CountRow& r : archive->count(state.options(), by)) rows.push_back(count_row_json(r));
    return json(200, Json{{"query", state.query}, {"by", count_bucket_name(by)}, {"rows", rows}});
}

Response Handler::Impl::api_citations(const QueryParams& params) {
    CitationOptions options;
    const SearchState state = parse_search_state(params);
    options.selection = state.options();
    options.by = parse_citation_group(params.get("by").value_or("publisher"));
    auto archive = pool.acquire();
    const auto snapshot = archive->read_snapshot();
    Json rows = Json::array();
    for (const CitationRow& r : archive->citations(options)) rows.push_back(citation_row_json(r));
    return json(200, Json{{"query", state.query}, {"by", citation_group_name(options.by)}, {"rows", rows}});
}

Response Handler::Impl::api_stats() {
    auto archive = pool.acquire();
    const auto snapshot = archive->read_snapshot();
    const ArchiveStats s = archive->stats();
    return json(200, Json{{"articles", s.articles}, {"paths", s.paths}, {"paragraphs", s.paragraphs},
                          {"footnotes", s.footnotes}, {"citations", s.citations}, {"excerpts", s.excerpts},
                          {"sources", s.sources}, {"passage_bytes", s.passage_bytes}, {"file_bytes", s.file_bytes},
                          {"originals", s.originals}, {"schema_version", s.schema_version}});
}

Response Handler::Impl::api_article(int64_t id) {
    auto archive = pool.acquire();
    const auto snapshot = archive->read_snapshot();
    const auto stored = archive->article(id);
    if (!stored) throw no_such_article(id);
    std::ostringstream out;
    write_article(*stored, ArticleFormat::json, out);
    Response r = json(200, Json{});
    r.body = out.str();
    return r;
}

} // namespace newsdb::web
