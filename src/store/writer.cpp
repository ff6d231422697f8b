#include "store/writer.hpp"

#include <SQLiteCpp/Exception.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "newsdb/error.hpp"
#include "parse/parsers.hpp"
#include "store/transaction.hpp"
#include "tokenizer/language.hpp"
#include "util/compress.hpp"
#include "util/hash.hpp"
#include "util/utf8.hpp"

namespace newsdb::store {

namespace {

// Named DML, bound values only.
constexpr const char* kSelectArticleByHash = "SELECT id FROM articles WHERE content_hash = ?";
constexpr const char* kInsertArticle =
    "INSERT INTO articles (content_hash, title, date, source, author, url, is_excerpt, words_shown, "
    "words_total, format, byte_size, ingested_at, language, encoding) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kUpdateArticle =
    "UPDATE articles SET title = ?, date = ?, source = ?, author = ?, url = ?, is_excerpt = ?, "
    "words_shown = ?, words_total = ?, format = ?, language = ?, encoding = ? WHERE id = ?";
constexpr const char* kNextPassageId = "SELECT coalesce(max(id), 0) + 1 FROM passages";
constexpr const char* kInsertFootnote =
    "INSERT INTO footnotes (passage_id, article_id, number, title, author, publisher, date, url) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kInsertCitation =
    "INSERT OR IGNORE INTO citations (paragraph_id, footnote_id, char_offset) VALUES (?, ?, ?)";
constexpr const char* kInsertBoilerplate =
    "INSERT INTO boilerplate (article_id, position, kind, text) VALUES (?, ?, ?, ?)";
constexpr const char* kInsertTag = "INSERT OR IGNORE INTO article_tags (article_id, tag) VALUES (?, ?)";
constexpr const char* kUpsertPath =
    "INSERT INTO article_paths (path, locator, article_id, file_hash, first_seen, file_size, file_mtime) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (path, locator) DO UPDATE SET article_id = excluded.article_id, "
    "file_hash = excluded.file_hash, file_size = excluded.file_size, file_mtime = excluded.file_mtime";
// For a path row known to be new: an upsert may also update, which makes
// SQLite keep a statement journal of every page it changes.
constexpr const char* kInsertPath =
    "INSERT INTO article_paths (path, locator, article_id, file_hash, first_seen, file_size, file_mtime) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kUpdateStamp = "UPDATE article_paths SET file_size = ?2, file_mtime = ?3 WHERE path = ?1";
constexpr const char* kPathStamp =
    "SELECT locator, file_size, file_mtime, file_hash, article_id FROM article_paths WHERE path = ?1";
constexpr const char* kFailedStamp =
    "SELECT locator, file_size, file_mtime, parse_key, reason, whole_file FROM failed_items WHERE path = ?1";
constexpr const char* kDeleteFailures = "DELETE FROM failed_items WHERE path = ?1";
constexpr const char* kInsertFailure =
    "INSERT INTO failed_items (path, locator, file_size, file_mtime, parse_key, reason, whole_file) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kSelectPathRows =
    "SELECT locator, article_id, coalesce(file_hash, '') FROM article_paths WHERE path = ?";
constexpr const char* kDeletePathRow = "DELETE FROM article_paths WHERE path = ? AND locator = ?";
constexpr const char* kCountPaths = "SELECT count(*) FROM article_paths WHERE article_id = ?";
// Passages go first, while the article row still exists: the FTS index's
// delete trigger reads the article's language (schema 003).
constexpr const char* kDeletePassages = "DELETE FROM passages WHERE article_id = ?";
constexpr const char* kDeleteBoilerplate = "DELETE FROM boilerplate WHERE article_id = ?";
constexpr const char* kDeleteTags = "DELETE FROM article_tags WHERE article_id = ?";
constexpr const char* kDeleteArticle = "DELETE FROM articles WHERE id = ?";
constexpr const char* kInsertOriginal =
    "INSERT OR IGNORE INTO originals (file_hash, compression, byte_size, data) VALUES (?, 'zstd', ?, ?)";
constexpr const char* kDropOriginal =
    "DELETE FROM originals WHERE file_hash = ?1 AND NOT EXISTS "
    "(SELECT 1 FROM article_paths WHERE file_hash = ?1)";
// Bulk indexing: a batch drops the per-row insert trigger inside its own
// transaction and creates it again, as it was, before committing, so no other
// connection ever sees it gone; meanwhile the writer indexes each passage it
// inserts itself, with the text the trigger would give (the view
// passages_fts_src: the article's language, char(31), the passage).
constexpr const char* kInsertTriggerSql =
    "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = 'passages_ai' AND tbl_name = 'passages'";
constexpr const char* kDropInsertTrigger = "DROP TRIGGER passages_ai";
constexpr const char* kIndexPassage = "INSERT INTO passages_fts (rowid, text) VALUES (?, ?)";
constexpr const char* kPathUnchanged =
    "SELECT count(*), coalesce(sum(file_hash = ?2), 0) FROM article_paths WHERE path = ?1";

// Empty strings are stored as NULL so "absent" reads the same in every tool.
void bind_text_or_null(SQLite::Statement& st, int index, const std::string& value) {
    if (value.empty()) st.bind(index);
    else st.bind(index, value);
}

void bind_optional(SQLite::Statement& st, int index, const std::optional<int64_t>& value) {
    if (value) st.bind(index, *value);
    else st.bind(index);
}

// Binds title, date, source, author, url, is_excerpt, words_shown, words_total
// to the 8 parameters starting at `first` (the same order in INSERT and UPDATE).
void bind_article_fields(SQLite::Statement& st, int first, const ParsedArticle& a) {
    st.bind(first, a.title);
    bind_text_or_null(st, first + 1, a.date);
    bind_text_or_null(st, first + 2, a.source);
    bind_text_or_null(st, first + 3, a.author);
    bind_text_or_null(st, first + 4, a.url);
    st.bind(first + 5, a.is_excerpt ? 1 : 0);
    bind_optional(st, first + 6, a.words_shown);
    bind_optional(st, first + 7, a.words_total);
}

std::string with_locator(const std::string& origin, const std::string& locator) {
    return locator.empty() ? origin : origin + " (" + locator + ")";
}

} // namespace

std::string utc_now_iso() {
    auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

namespace {

// True for what a walk of an absolute folder yields: nothing to normalise.
bool is_absolute_normal(std::string_view p) {
    if (p.empty() || p.front() != '/' || p.back() == '/') return false;
    for (std::size_t at = 0; at < p.size();) {
        std::size_t end = p.find('/', at + 1);
        if (end == std::string_view::npos) end = p.size();
        const std::string_view part = p.substr(at + 1, end - at - 1);
        if (part.empty() || part == "." || part == "..") return false;
        at = end;
    }
    return true;
}

} // namespace

bool path_less(std::string_view a, std::string_view b) {
    const std::size_t n = std::min(a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i) {
        if (a[i] == b[i]) continue;
        auto rank = [](char c) { return c == '/' ? 0 : static_cast<unsigned char>(c) + 1; };
        return rank(a[i]) < rank(b[i]);
    }
    return a.size() < b.size();
}

std::string path_key(const std::string& path) {
    if (is_absolute_normal(path)) return path;  // the common case, without std::filesystem's cost
    std::error_code ec;
    std::filesystem::path abs = std::filesystem::absolute(path, ec);
    if (ec) abs = path;
    return abs.lexically_normal().string();
}

std::string article_language(const ParsedArticle& article) {
    if (std::string tag = tokenizer::normalize_language_tag(article.language); !tag.empty()) return tag;
    // The title and the opening paragraphs, up to 1 KB (150 words or so),
    // are plenty for CLD2, which reads every byte it is given and was a fifth
    // of the parsing threads' time with 2 KB. On the developer corpus 1 KB
    // named two of 4,724 articles' languages differently from 2 KB, both
    // English: one from "unknown", one from Italian (bench/RESULTS.md).
    constexpr std::size_t kSampleBytes = 1024;
    std::string sample = article.title;
    for (const auto& p : article.paragraphs) {
        if (sample.size() >= kSampleBytes) break;
        sample += "\n";
        sample += p.text;
    }
    return tokenizer::detect_language(std::string_view(sample), kSampleBytes);
}

std::optional<FileStamp> trusted_stamp(const struct stat& st) {
    const int64_t mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
    const int64_t now_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
    // Coarse file systems tick in seconds (FAT: two): a file written in the
    // current tick may change again without its stamp changing.
    if (now_ns - mtime_ns < 3'000'000'000LL) return std::nullopt;
    return FileStamp{static_cast<int64_t>(st.st_size), mtime_ns};
}

std::string remembered_failure(const std::string& reason) {
    return reason + " (the file is unchanged since then, so it was not read again)";
}

std::string parse_key(const ParseOptions& options) {
    std::string key = std::string("newsdb ") + NEWSDB_VERSION + "; format " +
                      std::string(input_format_name(options.format));
    for (const auto& [field, name] : options.json_fields) key += "; " + field + "=" + name;
    return key;
}

StampCheck::StampCheck(SQLite::Database& reader, std::string parse_key)
    : db_(reader), paths_(reader, kPathStamp), failures_(reader, kFailedStamp), parse_key_(std::move(parse_key)) {}

StampCheck::~StampCheck() { release(); }

void StampCheck::release() noexcept {
    if (checks_in_snapshot_ == 0) return;
    checks_in_snapshot_ = 0;
    try {
        paths_.reset();
        failures_.reset();
        db_.exec("COMMIT");
    } catch (const SQLite::Exception&) {
        // A read transaction has nothing to lose; SQLite ends it with the connection.
    }
}

std::optional<StampVerdict> StampCheck::unchanged(const std::string& key, const FileStamp& stamp) {
    constexpr int kChecksPerSnapshot = 256;
    if (checks_in_snapshot_ >= kChecksPerSnapshot) release();  // lets a checkpoint through now and then
    if (checks_in_snapshot_ == 0) db_.exec("BEGIN");
    ++checks_in_snapshot_;
    auto holds_stamp = [&](const SQLite::Column& size, const SQLite::Column& mtime) {
        return !size.isNull() && !mtime.isNull() && size.getInt64() == stamp.size && mtime.getInt64() == stamp.mtime_ns;
    };
    StampVerdict verdict;
    bool any = false, same = true;
    failures_.reset();
    failures_.bindNoCopy(1, key);
    while (same && failures_.executeStep()) {
        any = true;
        same = holds_stamp(failures_.getColumn(1), failures_.getColumn(2)) &&
               parse_key_ == failures_.getColumn(3).getText();
        if (!same) break;
        if (failures_.getColumn(5).getInt() != 0) verdict.file_failure = failures_.getColumn(4).getString();
        else verdict.failures.emplace(failures_.getColumn(0).getString(), failures_.getColumn(4).getString());
    }
    failures_.reset();
    if (!same) return std::nullopt;
    if (verdict.file_failure) return verdict;  // the whole file failed as it is now
    paths_.reset();
    paths_.bindNoCopy(1, key);
    while (same && paths_.executeStep()) {
        any = true;
        const std::string locator = paths_.getColumn(0).getString();
        // An item that failed in this file keeps the article it held before.
        if (verdict.failures.count(locator)) continue;
        const auto row_hash = paths_.getColumn(3);
        same = holds_stamp(paths_.getColumn(1), paths_.getColumn(2)) && !row_hash.isNull();
        if (!same) break;
        const std::string_view text(row_hash.getText(), static_cast<std::size_t>(row_hash.getBytes()));
        if (verdict.file_hash.empty()) verdict.file_hash = text;
        else same = verdict.file_hash == text;
        verdict.articles.emplace(locator, paths_.getColumn(4).getInt64());
    }
    paths_.reset();
    if (!same || !any) return std::nullopt;
    return verdict;
}

namespace {

// This thread's tokenizer for recordings (null when ICU cannot make one: the
// writer then tokenizes as usual).
tokenizer::Tokenizer* recording_tokenizer() {
    thread_local std::unique_ptr<tokenizer::Tokenizer> tokenizer = []() -> std::unique_ptr<tokenizer::Tokenizer> {
        try {
            return std::make_unique<tokenizer::Tokenizer>();
        } catch (const std::runtime_error&) {
            return nullptr;
        }
    }();
    return tokenizer.get();
}

// The passages insert_content() stores, tokenized as the index reads them
// (schema 003's passages_fts_src). A passage missing here is merely tokenized
// on the writer's thread.
std::shared_ptr<const tokenizer::Recording> record_tokens(const ParseResult& parsed) {
    tokenizer::Tokenizer* tokenizer = recording_tokenizer();
    if (tokenizer == nullptr) return nullptr;
    auto recording = std::make_shared<tokenizer::Recording>();
    for (const auto& item : parsed.items) {
        if (!item.article) continue;
        const ParsedArticle& a = *item.article;
        recording->add(*tokenizer, a.language, a.title);
        for (const auto& fn : a.footnotes) recording->add(*tokenizer, a.language, fn.text);
        for (const auto& para : a.paragraphs) recording->add(*tokenizer, a.language, para.text);
    }
    recording->shrink();
    return recording;
}

} // namespace

ContentCheck::ContentCheck(SQLite::Database& reader) : st_(reader, kPathUnchanged) {}

bool ContentCheck::unchanged(const std::string& key, const std::string& file_hash) {
    struct Reset {
        SQLite::Statement& st;
        ~Reset() {
            try {
                st.reset();  // ends the read, so no snapshot is held between files
            } catch (const SQLite::Exception&) {
            }
        }
    } reset{st_};
    st_.bind(1, key);
    st_.bind(2, file_hash);
    if (!st_.executeStep()) return false;
    const int64_t rows = st_.getColumn(0).getInt64();
    return rows > 0 && rows == st_.getColumn(1).getInt64();
}

FileWork prepare_file(const std::string& origin, const std::string& key, std::string bytes,
                      const IngestOptions& options, ContentCheck* check) {
    FileWork w;
    w.origin = origin;
    w.key = key;
    w.byte_size = static_cast<int64_t>(bytes.size());
    w.parse_key = parse_key(options.parse);
    try {
        w.file_hash = util::sha256_hex(bytes);
        if (check && check->unchanged(key, w.file_hash)) {
            w.unchanged = true;
            return w;
        }
        w.parsed = parse_input(bytes, origin, options.parse);
        for (auto& item : w.parsed->items) {
            w.item_hashes.push_back(item.raw.empty() ? w.file_hash : util::sha256_hex(item.raw));
            item.raw.clear();
            item.raw.shrink_to_fit();
            if (item.article) item.article->language = article_language(*item.article);
        }
        w.tokens = record_tokens(*w.parsed);
        if (options.keep_originals) {
            w.keep_original = true;
            w.compressed = util::zstd_compress(bytes);
        }
    } catch (const Error& e) {
        w.parsed.reset();
        w.error = e.what();
    } catch (const SQLite::Exception&) {
        // The fast-path check is an optimisation; the writer decides for real.
        w.unchanged = false;
        return prepare_file(origin, key, std::move(bytes), options, nullptr);
    } catch (const std::exception& e) {
        w.parsed.reset();
        w.error = std::string("internal error while parsing: ") + e.what() +
                  " (this is a bug in newsdb; please report it with the file)";
    }
    return w;
}

namespace {

[[noreturn]] void cannot_read(int err) {
    throw Error(Errc::bad_input, "cannot read file: " + std::string(std::strerror(err)),
                "check that the file exists and is readable");
}

struct Fd {
    int fd;
    explicit Fd(const std::string& path) : fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {
        if (fd < 0) cannot_read(errno);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() { ::close(fd); }
};

// Reads bytes [begin, end) of `fd`; throws Error(bad_input) when it cannot,
// or when the file has become shorter.
std::string read_range(int fd, int64_t begin, int64_t end) {
    std::string out(static_cast<std::size_t>(end - begin), '\0');
    std::size_t done = 0;
    while (done < out.size()) {
        const ssize_t n = ::pread(fd, out.data() + done, out.size() - done, static_cast<off_t>(begin) + static_cast<off_t>(done));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0)
            throw Error(Errc::bad_input,
                        n < 0 ? "error while reading the file: " + std::string(std::strerror(errno))
                              : std::string("the file became shorter while it was read"),
                        "check the file, then ingest it again");
        done += static_cast<std::size_t>(n);
    }
    return out;
}

// The checks parse_input() makes of a whole JSON Lines file, made range by
// range: true when the file is plain UTF-8 (a UTF-8 BOM allowed), so that
// its decoded text is its bytes and parsing it in parts gives what parsing it
// whole gives. Anything else (gzip, binary, UTF-16, another charset, only
// whitespace) is left to the whole-file path, which says what is wrong.
class PlainTextCheck {
public:
    bool add(std::string_view range, bool first) {
        if (first) {
            if (parse::is_gzip(range)) return false;
            try {
                const parse::Decoded d = parse::decode_to_utf8(range, InputFormat::jsonl);
                const std::size_t bom = range.starts_with(util::utf8_bom) ? util::utf8_bom.size() : 0;
                range.remove_prefix(bom);
                if (d.text != range) return false;  // decoded to something else: not plain UTF-8
            } catch (const Error&) {
                return false;
            }
        } else if (range.find('\0') != std::string_view::npos || util::first_invalid_utf8(range)) {
            return false;
        }
        for (std::size_t i = 0; !any_text_ && i < range.size();) {
            std::size_t len = 1;
            any_text_ = !util::is_space_code_point(util::decode_utf8(range, i, len));
            i += len;
        }
        return true;
    }
    bool any_text() const { return any_text_; }

private:
    bool any_text_ = false;
};

} // namespace

namespace {

// plan_parts() of a JSON document holding an array of articles: the document
// itself, or the one array member of a wrapping object ({"articles": [...]}),
// taken when parse_json_items() would take it (article_array(): a preferred
// key, or else the only array, whose first element is an object). Element
// starts are found by following strings and brackets. A file this pass does
// not follow (several arrays, repeated or escaped keys, unbalanced, deeper
// than the parser takes, text after the document) gets no parts; one that it
// follows but that is not valid JSON is caught by the head's full check.
bool is_json_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

std::vector<FilePart> plan_array_parts(int fd, int64_t size, int64_t part_bytes) {
    std::vector<FilePart> parts;
    FilePart current;
    current.array = true;
    std::size_t depth = 0, items = 0;
    std::size_t inner = 0;  // the depth inside the articles' array while in it, else 0
    bool in_string = false, escaped = false, expect_element = false, closed = false;
    bool wrapped = false, in_key = false, expect_key = false, expect_value = false;
    std::string key, array_key;
    std::set<std::string> keys;
    char first_element = 0;
    int64_t open_at = -1, close_at = -1;  // the articles' array's brackets
    int64_t next_cut = part_bytes;
    constexpr int64_t kBlock = 1 << 20;
    for (int64_t pos = 0; pos < size;) {
        const std::string block = read_range(fd, pos, std::min(size, pos + kBlock));
        std::size_t i = 0;
        if (pos == 0 && std::string_view(block).starts_with(util::utf8_bom)) i = util::utf8_bom.size();
        for (; i < block.size(); ++i) {
            const char c = block[i];
            const int64_t at = pos + static_cast<int64_t>(i);
            if (in_string) {
                if (escaped) escaped = false;
                else if (c == '\\' && in_key) return {};  // an escaped key: leave the comparison to the parser
                else if (c == '\\') escaped = true;
                else if (c == '"') in_string = false;
                if (in_key) {
                    if (in_string) {
                        key += c;
                    } else {
                        in_key = false;
                        if (!keys.insert(key).second) return {};  // a repeated key: the parser keeps the last
                    }
                }
                continue;
            }
            if (is_json_space(c)) continue;
            if (closed) return {};
            if (depth == 0 && c != '[' && c != '{') return {};
            if (inner != 0 && depth == inner && expect_element && c != ']') {
                expect_element = false;
                if (++items == 1) first_element = c;
                if (at >= next_cut && items > 1) {  // the first part holds the opening bracket and an element
                    current.end = at;
                    parts.push_back(current);
                    current = FilePart{at, 0, items, parts.size(), 0, true, at, 0};
                    next_cut = at + part_bytes;
                }
            }
            const bool value_start = expect_value;
            expect_value = false;
            if (c == '"') {
                in_string = true;
                if (wrapped && depth == 1 && expect_key) {
                    in_key = true;
                    expect_key = false;
                    key.clear();
                }
            } else if (c == '[' || c == '{') {
                if (++depth > parse::max_json_depth) return {};
                if (depth == 1 && c == '{') {
                    wrapped = true;
                    expect_key = true;
                } else if (depth == 1 || (wrapped && depth == 2 && c == '[' && value_start)) {
                    if (open_at >= 0) return {};  // a second array: article_array() may take either or none
                    open_at = at;
                    array_key = key;
                    inner = depth;
                    expect_element = true;
                }
            } else if (c == ']' || c == '}') {
                if (depth == 0) return {};
                if (inner != 0 && depth == inner) {
                    close_at = at;
                    inner = 0;
                }
                closed = --depth == 0;
            } else if (c == ',' && inner != 0 && depth == inner) {
                expect_element = true;
            } else if (c == ',' && wrapped && depth == 1) {
                expect_key = true;
            } else if (c == ':' && wrapped && depth == 1) {
                expect_value = true;
            }
        }
        pos += static_cast<int64_t>(block.size());
    }
    if (!closed || open_at < 0 || close_at < 0 || items == 0) return {};
    const auto& keys_first = parse::article_array_keys;
    if (wrapped && std::find(keys_first.begin(), keys_first.end(), array_key) == keys_first.end() &&
        first_element != '{')
        return {};
    current.end = size;
    parts.push_back(current);
    for (auto& p : parts) {
        p.elements_begin = p.index == 0 ? open_at : p.begin;
        p.elements_end = p.index + 1 == parts.size() ? close_at + 1 : p.end;
    }
    return parts;
}

// plan_parts() of a JSON Lines file, in one pass counting lines: part k starts
// at the first line start at or after k * part_bytes.
std::vector<FilePart> plan_line_parts(int fd, int64_t size, int64_t part_bytes) {
    std::vector<FilePart> parts;
    FilePart current;
    std::size_t lines = 0;  // line ends seen before `pos`
    constexpr int64_t kBlock = 1 << 20;
    int64_t next_cut = part_bytes;
    for (int64_t pos = 0; pos < size;) {
        const std::string block = read_range(fd, pos, std::min(size, pos + kBlock));
        for (std::size_t i = 0; i < block.size();) {
            const char* nl = static_cast<const char*>(std::memchr(block.data() + i, '\n', block.size() - i));
            if (nl == nullptr) break;
            i = static_cast<std::size_t>(nl - block.data()) + 1;
            ++lines;
            const int64_t line_start = pos + static_cast<int64_t>(i);
            if (line_start >= next_cut && line_start < size) {
                current.end = line_start;
                parts.push_back(current);
                current = FilePart{line_start, 0, lines + 1, parts.size(), 0};
                next_cut = line_start + part_bytes;
            }
        }
        pos += static_cast<int64_t>(block.size());
    }
    current.end = size;
    parts.push_back(current);
    return parts;
}

// The head's check of a JSON file to be read in parts: the whole document,
// streamed from the file, is valid (see parse::json_document_is_valid).
bool json_file_is_valid(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    char bom[3] = {};
    in.read(bom, 3);
    if (std::string_view(bom, static_cast<std::size_t>(in.gcount())) != util::utf8_bom) {
        in.clear();
        in.seekg(0);
    }
    return parse::json_document_is_valid(in);
}

} // namespace

std::string read_whole_file(const std::string& path) {
    Fd f(path);
    struct stat st {};
    std::string bytes;
    if (::fstat(f.fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
        bytes.reserve(static_cast<std::size_t>(st.st_size));
    char buffer[1 << 16];
    for (;;) {
        const ssize_t n = ::read(f.fd, buffer, sizeof buffer);
        if (n == 0) break;
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EISDIR) cannot_read(errno);
            throw Error(Errc::bad_input, "error while reading the file: " + std::string(std::strerror(errno)),
                        "check the disk and the file");
        }
        bytes.append(buffer, static_cast<std::size_t>(n));
    }
    return bytes;
}

std::vector<FilePart> plan_parts(const std::string& path, int64_t part_bytes, bool array) {
    if (part_bytes <= 0) return {};
    std::vector<FilePart> parts;
    try {
        Fd f(path);
        struct stat st {};
        if (::fstat(f.fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 2 * part_bytes) return {};
        parts = array ? plan_array_parts(f.fd, st.st_size, part_bytes) : plan_line_parts(f.fd, st.st_size, part_bytes);
    } catch (const Error&) {
        return {};  // the whole-file path reports it
    }
    if (parts.size() < 2) return {};
    for (auto& p : parts) p.count = parts.size();
    return parts;
}

FileWork prepare_part(const std::string& origin, const std::string& key, const FilePart& part,
                      const std::vector<FilePart>& all, const IngestOptions& options, ContentCheck* check) {
    const int64_t size = all.back().end;
    FileWork w;
    w.origin = origin;
    w.key = key;
    w.part = part;
    w.parse_key = parse_key(options.parse);
    w.byte_size = part.index == 0 ? size : part.end - part.begin;
    try {
        Fd f(origin);
        std::string text = read_range(f.fd, part.begin, part.end);
        std::string encoding = "utf-8";
        if (part.index == 0) {
            util::Sha256 hash;
            std::optional<util::ZstdStream> original;
            if (options.keep_originals) original.emplace(static_cast<std::size_t>(size));
            PlainTextCheck plain;
            for (const FilePart& p : all) {
                const std::string other = p.index == 0 ? std::string() : read_range(f.fd, p.begin, p.end);
                const std::string_view range = p.index == 0 ? std::string_view(text) : std::string_view(other);
                if (!plain.add(range, p.index == 0)) {
                    w.whole_file_needed = true;
                    return w;
                }
                hash.add(range);
                if (original) original->add(range);
            }
            if (!plain.any_text() || (part.array && !json_file_is_valid(origin))) {
                w.whole_file_needed = true;
                return w;
            }
            w.file_hash = hash.hex();
            if (check && check->unchanged(key, w.file_hash)) {
                w.unchanged = true;
                return w;
            }
            if (original) {
                w.keep_original = true;
                w.compressed = original->finish();
            }
            if (text.starts_with(util::utf8_bom)) {
                if (!part.array) text.erase(0, util::utf8_bom.size());  // an array's part starts at its bracket
                encoding = "utf-8-bom";
            }
        }
        ParseResult parsed;
        parsed.format = part.array ? InputFormat::json : InputFormat::jsonl;
        parsed.encoding = std::move(encoding);
        if (part.array) {
            // Its elements as an array of their own: the first part holds the
            // opening bracket, the last the closing one; the others end with
            // the comma before the next part's first element.
            text = text.substr(static_cast<std::size_t>(part.elements_begin - part.begin),
                               static_cast<std::size_t>(part.elements_end - part.elements_begin));
            if (!part.last()) {
                while (!text.empty() && is_json_space(text.back())) text.pop_back();
                if (!text.empty() && text.back() == ',') text.back() = ']';
            }
            if (part.index > 0) text.insert(0, 1, '[');
            parsed.items = parse::parse_json_array_part(text, options.parse, part.first);
        } else {
            parsed.items = parse::parse_json_lines_part(text, options.parse, part.first);
        }
        w.parsed = std::move(parsed);
        for (auto& item : w.parsed->items) {
            w.item_hashes.push_back(util::sha256_hex(item.raw));
            item.raw.clear();
            item.raw.shrink_to_fit();
            if (item.article) item.article->language = article_language(*item.article);
        }
        w.tokens = record_tokens(*w.parsed);
    } catch (const Error& e) {
        w.parsed.reset();
        w.error = e.what();
    } catch (const SQLite::Exception&) {
        // The fast-path check is an optimisation: the writer decides for real.
        w.whole_file_needed = true;
    } catch (const std::exception& e) {
        w.parsed.reset();
        w.error = std::string("internal error while parsing: ") + e.what() +
                  " (this is a bug in newsdb; please report it with the file)";
    }
    return w;
}

Writer::Writer(SQLite::Database& db) : db_(db) {}

SQLite::Statement& Writer::statement(const char* sql) {
    auto& slot = statements_[sql];
    if (!slot) {
        slot = std::make_unique<SQLite::Statement>(db_, sql);
    } else {
        slot->reset();
        slot->clearBindings();
    }
    return *slot;
}

void Writer::begin_bulk_index() {
    // While passages has an insert trigger, SQLite keeps a statement journal
    // of every page each INSERT into it changes (a write through a trigger
    // may have to be undone alone): those copies were a sixth of the
    // writer's work. Without it, a one-row INSERT needs none.
    auto& st = statement(kInsertTriggerSql);
    insert_trigger_.reset();
    if (st.executeStep()) insert_trigger_ = st.getColumn(0).getString();
    st.reset();
    if (insert_trigger_) db_.exec(kDropInsertTrigger);
    bulk_ = true;
}

void Writer::finish_bulk_index() {
    if (!bulk_) return;
    if (insert_trigger_) db_.exec(*insert_trigger_);
    insert_trigger_.reset();
    bulk_ = false;
}

void Writer::abandon_bulk_index() {
    insert_trigger_.reset();  // the rollback restores it
    bulk_ = false;
    replay_.clear();
}

void Writer::index_passage(int64_t id, std::string_view language, const std::string& text) {
    // One row, so no statement journal and no savepoint: FTS5 keeps the new
    // entries in memory across statements and writes them out as a segment
    // when they pass its hashsize or the batch commits, not per statement.
    document_.assign(language).append(1, '\x1F').append(text);
    auto& st = statement(kIndexPassage);
    st.bind(1, id);
    st.bindNoCopy(2, document_);
    tokenizer::ReplayScope replaying(replay_);
    st.exec();
}

std::optional<int64_t> Writer::article_for_hash(const std::string& hash) {
    auto& st = statement(kSelectArticleByHash);
    st.bind(1, hash);
    std::optional<int64_t> id;
    if (st.executeStep()) id = st.getColumn(0).getInt64();
    st.reset();
    return id;
}

int64_t Writer::next_passage_id() {
    auto& st = statement(kNextPassageId);
    st.executeStep();
    const int64_t id = st.getColumn(0).getInt64();
    st.reset();
    return id;
}

SQLite::Statement& Writer::passage_rows_statement(std::size_t rows) {
    auto& slot = passage_rows_[rows - 1];
    if (!slot) {
        std::string sql = "INSERT INTO passages (id, article_id, kind, position, text) VALUES (?, ?, ?, ?, ?)";
        for (std::size_t i = 1; i < rows; ++i) sql += ", (?, ?, ?, ?, ?)";
        slot = std::make_unique<SQLite::Statement>(db_, sql);
    } else {
        slot->reset();
    }
    return *slot;
}

void Writer::insert_passages(int64_t article_id, std::string_view language, int64_t first_id,
                             const std::vector<PassageRow>& rows) {
    if (rows.empty()) return;
    // Several rows per INSERT would need a statement journal again (one row
    // might fail after others went in), unless a trigger forces one anyway.
    const std::size_t per_insert = bulk_ ? 1 : kPassageRowsPerInsert;
    for (std::size_t start = 0; start < rows.size(); start += per_insert) {
        const std::size_t n = std::min(per_insert, rows.size() - start);
        auto& st = passage_rows_statement(n);
        int param = 1;
        for (std::size_t i = start; i < start + n; ++i) {
            st.bind(param++, first_id + static_cast<int64_t>(i));
            st.bind(param++, article_id);
            st.bind(param++, std::string(passage_kind_name(rows[i].kind)));
            st.bind(param++, rows[i].position);
            st.bindNoCopy(param++, *rows[i].text);
        }
        st.exec();
        if (bulk_) index_passage(first_id + static_cast<int64_t>(start), language, *rows[start].text);
    }
}

int64_t Writer::insert_article(const ParsedArticle& a, const std::string& hash, std::string_view format,
                               std::string_view encoding, int64_t byte_size) {
    auto& st = statement(kInsertArticle);
    st.bind(1, hash);
    bind_article_fields(st, 2, a);
    st.bind(10, std::string(format));
    st.bind(11, byte_size);
    st.bind(12, utc_now_iso());
    bind_text_or_null(st, 13, a.language);
    bind_text_or_null(st, 14, std::string(encoding));
    st.exec();
    const int64_t id = db_.getLastInsertRowid();
    insert_content(id, a);
    return id;
}

void Writer::insert_content(int64_t id, const ParsedArticle& a) {
    // Ids as SQLite would give them one row at a time (the largest plus one),
    // taken up front so that footnotes and citations can name them. The batch
    // holds the write lock, so no one else takes them meanwhile.
    const int64_t first = next_passage_id();
    std::vector<PassageRow> rows;
    rows.reserve(1 + a.footnotes.size() + a.paragraphs.size());
    rows.push_back({PassageKind::title, 0, &a.title});
    std::map<int, int64_t> footnote_ids;  // number -> passage id
    std::vector<std::pair<const Footnote*, int64_t>> notes;  // each kept note and its passage id
    for (const auto& fn : a.footnotes) {
        const int64_t pid = first + static_cast<int64_t>(rows.size());
        if (!footnote_ids.emplace(fn.number, pid).second) continue;  // a repeated number keeps its first note
        notes.emplace_back(&fn, pid);
        rows.push_back({PassageKind::footnote, fn.number, &fn.text});
    }
    const int64_t first_paragraph = first + static_cast<int64_t>(rows.size());
    int position = 0;
    for (const auto& para : a.paragraphs) rows.push_back({PassageKind::paragraph, ++position, &para.text});
    insert_passages(id, a.language, first, rows);

    auto& fn_st = statement(kInsertFootnote);
    for (const auto& [fn, pid] : notes) {
        fn_st.bind(1, pid);
        fn_st.bind(2, id);
        fn_st.bind(3, fn->number);
        bind_text_or_null(fn_st, 4, fn->title);
        bind_text_or_null(fn_st, 5, fn->author);
        bind_text_or_null(fn_st, 6, fn->publisher);
        bind_text_or_null(fn_st, 7, fn->date);
        bind_text_or_null(fn_st, 8, fn->url);
        fn_st.exec();
        fn_st.reset();
    }

    auto& cite = statement(kInsertCitation);
    for (std::size_t i = 0; i < a.paragraphs.size(); ++i) {
        for (const auto& c : a.paragraphs[i].citations) {
            auto it = footnote_ids.find(c.footnote_number);
            if (it == footnote_ids.end()) continue;  // parsers link only existing notes
            cite.bind(1, first_paragraph + static_cast<int64_t>(i));
            cite.bind(2, it->second);
            cite.bind(3, static_cast<int64_t>(c.offset));
            cite.exec();
            cite.reset();
        }
    }

    auto& bp = statement(kInsertBoilerplate);
    int bp_position = 0;
    for (const auto& b : a.boilerplate) {
        bp.bind(1, id);
        bp.bind(2, ++bp_position);
        bp.bind(3, std::string(b.kind == Boilerplate::Kind::paywall ? "paywall" : "chrome"));
        bp.bind(4, b.text);
        bp.exec();
        bp.reset();
    }

    auto& tag = statement(kInsertTag);
    for (const auto& t : a.tags) {
        if (t.empty()) continue;
        tag.bind(1, id);
        tag.bind(2, t);
        tag.exec();
        tag.reset();
    }
}

void Writer::delete_content(int64_t id) {
    for (const char* sql : {kDeletePassages, kDeleteBoilerplate, kDeleteTags}) {
        auto& st = statement(sql);
        st.bind(1, id);
        st.exec();
    }
}

void Writer::replace_content(int64_t id, const ParsedArticle& a, std::string_view format, std::string_view encoding) {
    delete_content(id);
    auto& st = statement(kUpdateArticle);
    bind_article_fields(st, 1, a);
    st.bind(9, std::string(format));
    bind_text_or_null(st, 10, a.language);
    bind_text_or_null(st, 11, std::string(encoding));
    st.bind(12, id);
    st.exec();
    insert_content(id, a);
}

void Writer::point_path(const std::string& key, const std::string& locator, int64_t article_id,
                        const std::string& file_hash, const std::optional<FileStamp>& stamp, bool is_new) {
    auto& st = statement(is_new ? kInsertPath : kUpsertPath);
    st.bind(1, key);
    st.bind(2, locator);
    st.bind(3, article_id);
    bind_text_or_null(st, 4, file_hash);
    st.bind(5, utc_now_iso());
    bind_optional(st, 6, stamp ? std::optional<int64_t>(stamp->size) : std::nullopt);
    bind_optional(st, 7, stamp ? std::optional<int64_t>(stamp->mtime_ns) : std::nullopt);
    st.exec();
}

void Writer::drop_if_orphaned(int64_t article_id) {
    auto& count = statement(kCountPaths);
    count.bind(1, article_id);
    count.executeStep();
    const int64_t paths = count.getColumn(0).getInt64();
    count.reset();
    if (paths > 0) return;
    delete_content(article_id);
    auto& del = statement(kDeleteArticle);
    del.bind(1, article_id);
    del.exec();
}

void Writer::drop_original_if_unused(const std::string& file_hash) {
    if (file_hash.empty()) return;
    auto& st = statement(kDropOriginal);
    st.bind(1, file_hash);
    st.exec();
}

void Writer::record_failures(const FileWork& w, const std::map<std::string, std::string>& failures,
                             bool whole_file) {
    auto& del = statement(kDeleteFailures);
    del.bind(1, w.key);
    del.exec();
    if (!w.stamp) return;
    auto& ins = statement(kInsertFailure);
    for (const auto& [locator, reason] : failures) {
        ins.reset();
        ins.bind(1, w.key);
        ins.bind(2, locator);
        ins.bind(3, w.stamp->size);
        ins.bind(4, w.stamp->mtime_ns);
        ins.bind(5, w.parse_key);
        ins.bind(6, reason);
        ins.bind(7, whole_file ? 1 : 0);
        ins.exec();
    }
}

// One file's writes: a transaction of its own, committed by keep(), or part
// of the caller's batch, which the caller rolls back whole if any file fails.
// (A savepoint per file would copy every page the file touches to the
// statement journal first: 7 % of the writer's time in a bulk ingest.)
class Writer::FileScope {
public:
    FileScope(Writer& writer, Batch batch) {
        if (batch == Batch::own_transaction) tx_.emplace(writer.db_, Transaction::Kind::immediate);
    }
    void keep() {
        if (tx_) tx_->commit();
    }

private:
    std::optional<Transaction> tx_;
};

bool Writer::write(const FileWork& w, const IngestCallback& report, Batch batch) {
    auto emit = [&](IngestOutcome outcome, int64_t id, const std::string& locator, std::string error = {}) {
        IngestResult r;
        r.path = with_locator(w.origin, locator);
        r.outcome = outcome;
        r.article_id = id;
        r.error = std::move(error);
        if (report) report(r);
    };
    if (!w.error.empty()) {
        if (!w.unchanged && w.stamp) {
            // Remembered (schema 005), so that the unchanged file is not read again.
            FileScope scope(*this, batch);
            record_failures(w, {{"", w.error}}, true);
            scope.keep();
        }
        emit(IngestOutcome::failed, 0, "", w.error);
        return true;
    }

    if (w.unchanged && w.known_articles) {
        // The worker's stamp check read the archive's answer: report it, in
        // locator order.
        std::map<std::string, std::pair<int64_t, const std::string*>> rows;  // article id, or the failure
        for (const auto& [locator, reason] : w.remembered) rows[locator] = {0, &reason};
        for (const auto& [locator, id] : *w.known_articles) rows[locator] = {id, nullptr};
        for (const auto& [locator, row] : rows) {
            if (row.second) emit(IngestOutcome::failed, 0, locator, remembered_failure(*row.second));
            else emit(IngestOutcome::unchanged, row.first, locator);
        }
        return true;
    }

    if (w.unchanged || !w.parsed) {
        std::map<std::string, OpenFile::Row> current;  // locator -> what the path holds now
        auto& rows = statement(kSelectPathRows);
        rows.bind(1, w.key);
        while (rows.executeStep())
            current[rows.getColumn(0).getString()] = OpenFile::Row{rows.getColumn(1).getInt64(), rows.getColumn(2).getString()};
        const bool still = !current.empty() && std::all_of(current.begin(), current.end(), [&](const auto& kv) {
            return kv.second.file_hash == w.file_hash;
        });
        if (still) {
            if (w.stamp && !w.stamp_recorded) {
                // Same bytes, new stamp (touched, copied): record it, so the
                // next ingest need not read the file.
                auto& st = statement(kUpdateStamp);
                st.bind(1, w.key);
                st.bind(2, w.stamp->size);
                st.bind(3, w.stamp->mtime_ns);
                st.exec();
            }
            for (const auto& [locator, row] : current) emit(IngestOutcome::unchanged, row.article_id, locator);
            return true;
        }
        return false;  // the archive changed since the worker looked: parse it after all
    }

    FileScope scope(*this, batch);
    auto file = open_file(w);
    write_part(*file, w);
    std::vector<IngestResult> results;
    close_file(*file, [&](const IngestResult& r) { results.push_back(r); });
    scope.keep();
    for (const auto& r : results)
        if (report) report(r);
    return true;
}

std::unique_ptr<Writer::OpenFile> Writer::open_file(const FileWork& head) {
    auto file = std::make_unique<OpenFile>();
    file->ident.origin = head.origin;
    file->ident.key = head.key;
    file->ident.file_hash = head.file_hash;
    file->ident.byte_size = head.byte_size;
    file->ident.stamp = head.stamp;
    file->ident.parse_key = head.parse_key;
    file->format = input_format_name(head.parsed->format);
    file->encoding = head.parsed->encoding;
    // Read under the write lock: another process may have written since the worker looked.
    auto& st = statement(kSelectPathRows);
    st.bind(1, head.key);
    while (st.executeStep())
        file->current[st.getColumn(0).getString()] = OpenFile::Row{st.getColumn(1).getInt64(), st.getColumn(2).getString()};
    if (head.keep_original) {
        auto& ins = statement(kInsertOriginal);
        ins.bind(1, head.file_hash);
        ins.bind(2, head.byte_size);
        ins.bind(3, head.compressed.data(), static_cast<int>(head.compressed.size()));
        ins.exec();
    }
    return file;
}

void Writer::write_part(OpenFile& file, const FileWork& w) {
    // The part's passages are indexed as they are written (by index_passage()
    // or the insert trigger): its recording serves them, then goes.
    replay_.hold(w.tokens);
    struct ReleaseTokens {
        tokenizer::Replay& replay;
        ~ReleaseTokens() { replay.clear(); }
    } release_tokens{replay_};
    tokenizer::ReplayScope replaying(replay_);
    const FileWork& f = file.ident;
    const ParseResult& parsed = *w.parsed;
    for (std::size_t i = 0; i < parsed.items.size(); ++i) {
        const ParsedItem& item = parsed.items[i];
        const bool repeated = !file.seen.insert(item.locator).second;  // a malformed file's
        auto cur = file.current.find(item.locator);
        if (!item.article) {
            // A bad item keeps whatever the archive held for it.
            file.results.push_back({with_locator(f.origin, item.locator), IngestOutcome::failed, 0, item.error});
            file.failures.emplace(item.locator, item.error);
            continue;
        }
        const std::string& hash = w.item_hashes[i];
        auto same = article_for_hash(hash);
        int64_t id = 0;
        IngestOutcome outcome;
        if (same) {
            id = *same;
            outcome = (cur != file.current.end() && cur->second.article_id != id) ? IngestOutcome::replaced
                                                                                  : IngestOutcome::unchanged;
        } else {
            id = insert_article(*item.article, hash, file.format, file.encoding, f.byte_size);
            outcome = cur != file.current.end() ? IngestOutcome::replaced : IngestOutcome::added;
        }
        point_path(f.key, item.locator, id, f.file_hash, f.stamp, cur == file.current.end() && !repeated);
        if (cur != file.current.end()) {
            file.old_hashes.insert(cur->second.file_hash);
            if (cur->second.article_id != id) drop_if_orphaned(cur->second.article_id);
        }
        file.results.push_back({with_locator(f.origin, item.locator), outcome, id, {}});
    }
}

void Writer::close_file(OpenFile& file, const IngestCallback& report, bool complete, const std::string& error) {
    const FileWork& f = file.ident;
    if (complete) {
        // Articles the file no longer holds (a shorter JSON Lines file) go with it.
        for (const auto& [locator, row] : file.current) {
            if (file.seen.count(locator)) continue;
            auto& del = statement(kDeletePathRow);
            del.bind(1, f.key);
            del.bind(2, locator);
            del.exec();
            file.old_hashes.insert(row.file_hash);
            drop_if_orphaned(row.article_id);
        }
        file.old_hashes.erase(f.file_hash);
        for (const auto& h : file.old_hashes) drop_original_if_unused(h);
        record_failures(f, file.failures, false);
    } else {
        file.results.push_back({f.origin, IngestOutcome::failed, 0, error});
    }
    for (const auto& r : file.results)
        if (report) report(r);
    file.results.clear();
}

} // namespace newsdb::store
