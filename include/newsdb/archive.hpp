// The archive: one SQLite file holding articles, their passages, footnotes and
// an FTS5 index over the passages. All SQL lives behind this facade.
//
// Thread-safety: an Archive object is used by one thread at a time. Several
// processes may open the same file: readers are never blocked by a writer (WAL);
// a second writer waits for the first.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "newsdb/article.hpp"
#include "newsdb/parse.hpp"

namespace newsdb {

enum class OpenMode {
    read_only,    // the file must exist and be a current newsdb archive
    read_write,   // the file is created (with its folder) when missing, and migrated
};

enum class PassageKind { title, paragraph, footnote };
std::string_view passage_kind_name(PassageKind kind) noexcept;
// "title", "paragraph", "footnote"; throws Error(invalid_argument) otherwise.
PassageKind parse_passage_kind(std::string_view name);

// unchanged: the path already held this content; duplicate: a new path (or a
// second item of one file) with the content of an article already stored,
// which gains the path; skipped: not an article, by its name in a folder walk
// or by its content (a newswire story without a body; see README).
enum class IngestOutcome { added, replaced, unchanged, duplicate, failed, skipped };
std::string_view ingest_outcome_name(IngestOutcome outcome) noexcept;

struct IngestResult {
    std::string path;       // as given, for messages
    IngestOutcome outcome = IngestOutcome::failed;
    int64_t article_id = 0; // 0 when failed or skipped
    std::string error;      // why it failed (what was wrong and what to do), or why it was skipped
    // A failure (or skip) recorded by an earlier ingest of the unchanged
    // file, reported again without reading it (see IngestOptions::retry_failed).
    bool remembered = false;
};

struct IngestOptions {
    ParseOptions parse;          // format and JSON field names
    bool keep_originals = true;  // store each file's bytes (compressed) for show --original and reparse
    int jobs = 0;                // parsing threads; 0: one per core
    // Files per transaction (a batch also commits after 0.25 s): larger is
    // faster, smaller makes stored articles visible to readers sooner.
    int batch_files = 500;
    // Read every file, even one whose path shows the size and modification
    // time recorded when it was last read (otherwise taken as unchanged).
    bool checksum = false;
    // Read again the files whose failures an earlier ingest remembered,
    // though they look unchanged. With no inputs, ingest() takes every path
    // with a remembered failure (forgetting those that no longer exist).
    bool retry_failed = false;
    // A JSON Lines file, or a JSON file holding an array of articles, of at
    // least twice this many bytes is read in parts of about this size, parsed
    // by several workers at once and written part by part, so its memory
    // stays bounded; 0: every file whole.
    int64_t part_bytes = 1 << 20;
};

struct IngestSummary {
    // Items: articles, and a file that failed or was skipped as a whole.
    int64_t added = 0, replaced = 0, unchanged = 0, duplicates = 0, failed = 0, skipped = 0;
    // Of `failed`: remembered from an earlier ingest of the unchanged file
    // (IngestResult::remembered); the others are new.
    int64_t remembered = 0;
    // Files: files_read + files_failed + files_skipped == files seen. Read: an
    // article of it is stored; failed as a whole: none is, and something
    // failed (unreadable, binary, no article, every item bad); skipped: none
    // is and nothing failed (not an article by its name or content).
    int64_t files_read = 0, files_failed = 0, files_skipped = 0;
    // Parts of big JSON exports parsed and written part by part (see
    // IngestOptions::part_bytes); their files count once above.
    int64_t file_parts = 0;
    int64_t total() const { return added + replaced + unchanged + duplicates + failed + skipped; }
    int64_t new_failures() const { return failed - remembered; }
    // Counts one result (an item).
    void count(const IngestResult& result);
    // Counts one file, from all of its results (see files_read).
    void count_file(const std::vector<IngestResult>& results);
    IngestSummary& operator+=(const IngestSummary& other);
};

// Called once per article (a file may hold many), or per file that failed or
// was skipped as a whole, in input order, after it has been stored or refused.
using IngestCallback = std::function<void(const IngestResult&)>;

struct IngestProgress {
    int64_t files_done = 0, files_total = 0;
    int64_t bytes_done = 0;      // input bytes read so far
    int64_t articles = 0;        // articles stored or found unchanged
    int64_t failed = 0;
    double seconds = 0;          // since the ingest started
};
// Called now and then (at most a few times a second) during an ingest.
using ProgressCallback = std::function<void(const IngestProgress&)>;

struct ReparseSummary {
    int64_t reparsed = 0;        // articles whose stored form was rebuilt from their original
    int64_t without_original = 0;// ingested with --no-originals: nothing to reparse from
    int64_t failed = 0;          // the current parsers reject the original
    int64_t originals = 0;       // original files parsed (a file of many articles is parsed once)
};

struct ReparseOptions {
    std::vector<int64_t> ids;    // articles to reparse; empty: every article
    int jobs = 0;                // parsing threads; 0: one per core
    int batch_articles = 500;    // articles per transaction (a batch also commits after 0.25 s)
};

struct ReparseProgress {
    int64_t articles_done = 0, articles_total = 0;
    int64_t failed = 0;
    double seconds = 0;          // since the reparse started
};

// How query words match: by stem (agreement ~ agreements) or only as written
// (after case and accent folding), as every word were written `=word`.
enum class WordMatch { stemmed, exact };

// relevance: best first; newest/oldest: by the article's date (undated last),
// then by relevance.
enum class SortOrder { relevance, newest, oldest };

// What a search matches and returns (README "Query syntax", *Articles and passages*).
//   article: the words of an AND may sit anywhere in the article (its title,
//            paragraphs, footnotes); phrases and NEAR still match within one
//            passage. Each result is an article with its best passages.
//   passage: every word must be in one passage; each result is a passage.
enum class SearchUnit { article, passage };
std::string_view search_unit_name(SearchUnit unit) noexcept;
// "article", "passage"; throws Error(invalid_argument) otherwise.
SearchUnit parse_search_unit(std::string_view name);

struct SearchOptions {
    std::string query;                 // user syntax (README "Query syntax")
    std::optional<PassageKind> kind;   // only passages of this kind (article unit: the article's text is those passages)
    int64_t limit = 20;                // results (articles or passages); <= 0: no limit
    int64_t offset = 0;
    // Filters, ANDed with each other and with the query's own fields (README
    // "Query syntax"). Several values of one filter match any of them.
    std::string since = {};            // partial ISO date: 2020, 2020-02 or 2020-02-14; "" = open
    std::string until = {};            // inclusive: "2020-02" includes all of February
    std::vector<std::string> sources = {};    // the article's source, whole, case-insensitive
    std::vector<std::string> authors = {};    // part of the article's author, case-insensitive
    std::vector<std::string> languages = {};  // ISO 639-1 codes of the article's language
    WordMatch match = WordMatch::stemmed;
    SortOrder sort = SortOrder::relevance;
    SearchUnit unit = SearchUnit::article;
    std::vector<std::string> tags = {};       // an article tag, whole, any case; `usa` also matches `place:usa`
};

// Snippet text marks matches with these bytes; renderers replace them.
inline constexpr char kMatchStart = '\x02';
inline constexpr char kMatchEnd = '\x03';

// The article a result comes from: what a citation needs.
struct HitArticle {
    int64_t id = 0;
    std::string title, date, source, author, url, language;  // "" when unknown
    std::string path;               // the first path it was ingested from
    std::vector<std::string> tags;  // sorted
};

struct PassageHit {
    int64_t passage_id = 0;
    PassageKind kind = PassageKind::paragraph;
    int position = 0;       // paragraph number (1-based), footnote number, 0 for title
    double score = 0;       // the passage's bm25 for the query's words: lower is better (more negative)
    std::string text;       // the whole passage
    std::string snippet;    // excerpt with matches between kMatchStart/kMatchEnd
};

struct SearchHit {
    HitArticle article;
    // Lower is better (more negative), like bm25. Article unit: the article's
    // bm25 (README "Ranking"); passage unit: the passage's, with the title boost.
    double score = 0;
    // Rank tier, above the score: 2 when a passage holds the query's words as
    // a phrase, 1 when within 5 words of each other, else 0.
    int tier = 0;
    // Article unit: its best passage for the query, then up to two more, best
    // first, each showing a part of the query the ones before do not (the
    // title last, or alone when nothing else matches); a query of only fields
    // shows the article's first passage (or the footnotes citing a
    // publisher:). Passage unit: exactly the passage found.
    std::vector<PassageHit> passages;
};

// How much a search matched in all, whatever the page. Article unit:
// matching articles, and their passages that match some word of the query;
// passage unit: matching passages, and the articles they belong to.
struct SearchTotals {
    int64_t articles = 0, passages = 0;
    bool operator==(const SearchTotals&) const = default;
};

struct SearchResults {
    SearchTotals total;
    std::vector<SearchHit> hits;  // the page asked for, best first
};

// One part of a query (a word, "phrase", NEAR(...), OR group or ( group ) of
// the top-level AND) and how many articles it matches alone, with the same
// filters: what to drop when the whole query finds nothing.
struct QueryPartCount {
    std::string part;      // as the query writes it, e.g. `tracking`, `"open data"`, `drones OR uav`
    int64_t articles = 0;
};

struct StoredFootnote {
    Footnote note;
    int64_t passage_id = 0;
};

struct StoredParagraph {
    int64_t passage_id = 0;
    int position = 0;
    Paragraph paragraph;
};

struct StoredArticle {
    int64_t id = 0;
    std::string content_hash;          // SHA-256 of the file's bytes, hex
    std::string format;                // parser used
    std::string ingested_at;           // UTC, ISO 8601
    std::string encoding;              // what the file's bytes were decoded from
    std::vector<std::string> locators; // where in each path's file it sits ("" for whole files), parallel to paths
    std::vector<std::string> paths;    // every path this content was ingested from
    ParsedArticle article;             // title, metadata, boilerplate, footnotes (text)
    std::vector<StoredParagraph> paragraphs;
};

// What count() groups the matches by.
//   total:    one row, bucket ""
//   year:     "YYYY" of the article's date; "" undated
//   month:    "YYYY-MM"; an article dated only by its year counts under "YYYY"
//             (a row of its own, told apart by its length); "" undated
//   week:     the ISO week "YYYY-Www" (Monday to Sunday, ISO week-numbering
//             year); dated only by month or year: "YYYY-MM" or "YYYY"
//   day:      "YYYY-MM-DD"; coarser dates as "YYYY-MM" or "YYYY"
//   source, language, author: the article's (author as written), "" when none
//   kind:     the passage's kind ("title", "paragraph", "footnote")
enum class CountBucket { total, year, month, source, language, kind, week, day, author };
std::string_view count_bucket_name(CountBucket bucket) noexcept;
// "total", "year", "month", "week", "day", "source", "language" (or "lang"),
// "author", "kind"; throws Error(invalid_argument) otherwise.
CountBucket parse_count_bucket(std::string_view name);
// Whether `by` groups by the article's date (year, month, week, day).
bool is_time_bucket(CountBucket by) noexcept;

struct CountRow {
    std::string bucket;
    int64_t articles = 0;          // matching articles (with at least one matching passage)
    int64_t passages = 0;          // matching passages
    // Every article of the archive in this bucket, matching or not: what a
    // count is divided by to tell a rising topic from a fuller archive. For
    // kind: the articles having a passage of that kind.
    int64_t archive_articles = 0;
};

// What citations() groups the footnotes of the selected articles by.
//   publisher: the footnote's publisher, compared folded (case, accents,
//              punctuation: "Daily Sabah" = "DAILY SABAH."); "" none given
//   publisher_year: the same, per year of the citing article ("" undated)
//   article:   the citing article
enum class CitationGroup { publisher, publisher_year, article };
std::string_view citation_group_name(CitationGroup group) noexcept;
// "publisher", "year" (publisher_year), "article"; throws Error(invalid_argument).
CitationGroup parse_citation_group(std::string_view name);

struct CitingArticle {
    int64_t id = 0;
    std::string title, date, source;
};

struct CitationRow {
    std::string key;                     // folded publisher, or the article id as text
    std::string year;                    // publisher_year: the citing articles' year ("" undated)
    std::string label;                   // the most frequent spelling, or the article's title
    std::vector<std::string> spellings;  // publisher: every raw spelling seen, most frequent first
    int64_t footnotes = 0;               // footnotes in the group
    int64_t marks = 0;                   // [N] marks in paragraphs citing those footnotes
    std::vector<CitingArticle> articles; // citing articles, oldest first (undated last), then by id
};

struct CitationOptions {
    // The articles whose footnotes count: those with a passage matching the
    // query and filters (limit, offset and sort ignored); a blank query with
    // no filters: the whole archive.
    SearchOptions selection;
    CitationGroup by = CitationGroup::publisher;
};

struct OptimizeOptions {
    // How many of the most common words to rank ahead, and how many passages
    // must hold a word (as written) for it to be worth it: ranking reads
    // every match, so below a few thousand a search is fast anyway.
    int words = 64;
    int64_t min_matches = 2000;
};

struct OptimizeSummary {
    int64_t index_bytes_before = 0, index_bytes_after = 0;  // the FTS5 index's data
    int64_t file_bytes_before = 0, file_bytes_after = 0;    // the archive file (its WAL checkpointed)
    std::vector<std::string> words;                          // ranked ahead, most common first
};

struct ArchiveStats {
    int64_t articles = 0, paths = 0, paragraphs = 0, footnotes = 0, citations = 0,
            excerpts = 0, sources = 0, passage_bytes = 0, file_bytes = 0;
    int64_t originals = 0, original_bytes = 0, original_stored_bytes = 0;  // uncompressed / compressed
    int schema_version = 0;
    // Words ranked ahead by optimize; current: still valid for the index as it is.
    int64_t top_hit_words = 0, top_hit_words_current = 0;
    std::string path;
};

// newsdb dump / restore (docs/dump-format.md).
struct DumpSummary {
    int64_t articles = 0, originals = 0, failures = 0;
    int64_t bytes = 0;  // of dump text (before any compression)
};

struct RestoreSummary {
    int64_t articles_added = 0;
    int64_t articles_present = 0;  // already in the archive (same content hash): only missing paths added
    int64_t ids_changed = 0;       // added under a new id, theirs being taken
    int64_t paths_added = 0;
    int64_t paths_taken = 0;       // a new article's path the archive records for another article: kept as it was
    int64_t originals_added = 0, failures_added = 0;
    int64_t lines = 0;
};

// newsdb forget.
struct ForgottenArticle {
    int64_t id = 0;
    std::string title;
    std::vector<std::string> paths;  // "path" or "path (locator)"
    int64_t passages = 0;
};

struct ForgetSummary {
    std::vector<ForgottenArticle> articles;  // by id
    int64_t passages = 0, originals = 0, failures = 0;
    int64_t free_bytes = 0;       // pages the removal freed inside the archive file
    bool space_returned = false;  // given back to the file system (incremental auto-vacuum); else VACUUM would
};

class Archive {
public:
    // Opens (and for read_write creates and migrates) the archive at `path`.
    // Throws Error: not_found (read_only and missing), incompatible_archive
    // (not a newsdb archive, or a newer schema), corrupt_archive, io, busy.
    // `on_reindex(done, total)` reports progress when the search index must be
    // rebuilt (after an upgrade that changed the tokenizer).
    static Archive open(const std::filesystem::path& path, OpenMode mode,
                        const std::function<void(int64_t, int64_t)>& on_reindex = {});

    Archive(Archive&&) noexcept;
    Archive& operator=(Archive&&) noexcept;
    ~Archive();

    // Ingests files and folders (recursively, in sorted order). In folders only
    // files with an article extension (.txt, .md, .html, .json, .jsonl, .sgm,
    // .xml ...; also .gz of them) are read, and README/LICENSE files and hidden
    // files are skipped; files named explicitly are always read. Each file's
    // articles are stored whole or not at all; a file that fails to parse is
    // reported through `on_file` and the others go on. Never throws for a bad
    // input file; throws Error for archive-level failures (io, busy ...), after
    // rolling back the batch of files being written (reported through
    // `on_file` only once committed; ingesting again stores them).
    // Files are read and parsed on `options.jobs` threads; one writer stores
    // them in input order. Memory stays bounded by a small window of files.
    IngestSummary ingest(const std::vector<std::filesystem::path>& inputs,
                         const IngestOptions& options, const IngestCallback& on_file,
                         const ProgressCallback& on_progress = {});

    // Ingests one article given as bytes (e.g. standard input). `origin` is the
    // path recorded for it ("-" for stdin).
    // Returns one result per article found (at least one).
    std::vector<IngestResult> ingest_bytes(std::string_view bytes, const std::string& origin,
                                           const IngestOptions& options);

    // Re-runs the current parsers over the stored originals of
    // `options.ids` (all articles when empty), replacing each article's stored
    // form in place: its id and paths stay. Each original is parsed once, on
    // `options.jobs` threads, and one writer stores the articles in batches
    // (one transaction each, like ingest). `on_failure(id, reason)` hears
    // about each article the current parsers reject (it keeps its old form);
    // `on_progress` now and then. Throws Error(not_found), changing nothing,
    // when a requested id is not an article.
    ReparseSummary reparse(const ReparseOptions& options,
                           const std::function<void(int64_t, const std::string&)>& on_failure = {},
                           const std::function<void(const ReparseProgress&)>& on_progress = {});

    // The original bytes of the file an article was ingested from, exactly as
    // read (for a many-article file: the whole file); nullopt when the article
    // does not exist or was ingested with --no-originals.
    std::optional<std::string> original(int64_t article_id);

    // Merges the search index into one segment (searches read fewer
    // segments), ranks the most common words ahead so that a search for one of
    // them reads its page instead of ranking every match (same hits, scores and
    // order), and returns the freed pages to the file system. One transaction:
    // a failure leaves the archive as it was. Any later write to the index
    // (ingest, reparse) makes the ranked words stale until the next optimize;
    // searches stay correct, only slower.
    OptimizeSummary optimize(const OptimizeOptions& options = {});
    // Words ranked ahead by optimize, and how many of them are still current.
    struct RankedWords {
        int64_t total = 0, current = 0;
    };
    RankedWords ranked_words();
    // Best first: the page options.offset/limit asks for, and the totals.
    // Throws Error(invalid_query) for bad query text, Error(invalid_argument)
    // for a bad filter value.
    SearchResults search(const SearchOptions& options);
    // Streams the results (every one, ignoring limit and offset, when `all`
    // is set) without holding them all in memory; `on_total`, when given,
    // hears the totals once, before the first hit. Returns the totals.
    SearchTotals search_each(const SearchOptions& options, bool all, const std::function<void(const SearchHit&)>& visit,
                             const std::function<void(const SearchTotals&)>& on_total = {});
    // The totals alone (no snippets are made).
    SearchTotals count(const SearchOptions& options);
    // Each part of the query's top-level AND alone, with the same filters
    // (articles, whatever options.unit); empty for a query of only fields.
    std::vector<QueryPartCount> count_parts(const SearchOptions& options);

    // Counts the passages and articles that `options` selects (query, fields,
    // filters, unit as search's totals count them; limit, offset and sort
    // ignored; a blank query: every passage the filters let through), per bucket. Rows: year and month in
    // date order with "" (undated) last; the others most articles first,
    // then by bucket. Buckets with no match are left out. Throws
    // Error(invalid_query) / Error(invalid_argument) as search() does.
    std::vector<CountRow> count(const SearchOptions& options, CountBucket by);

    // The footnotes of the articles `options.selection` selects, grouped:
    // most footnotes first (publisher_year: by publisher, then year), then
    // by key. Throws as count() does.
    std::vector<CitationRow> citations(const CitationOptions& options);

    // Reads that must agree (a web page made of a search, its counts and an
    // article) run inside one snapshot: while the returned object lives,
    // every read through this Archive sees the archive as it was at the first
    // read, whatever other processes commit meanwhile. Only for reads: a
    // write through this Archive while a snapshot lives fails. Snapshots do
    // not nest. Destroy it (or let it go out of scope) before the Archive.
    class ReadSnapshot {
    public:
        ReadSnapshot(ReadSnapshot&& other) noexcept;
        ReadSnapshot& operator=(ReadSnapshot&&) = delete;
        ReadSnapshot(const ReadSnapshot&) = delete;
        ReadSnapshot& operator=(const ReadSnapshot&) = delete;
        ~ReadSnapshot();

    private:
        friend class Archive;
        explicit ReadSnapshot(Archive& archive) : archive_(&archive) {}
        Archive* archive_;
    };
    ReadSnapshot read_snapshot();

    // Writes the whole archive (docs/dump-format.md) to `out`, zstd-compressed
    // when its name ends in .zst; "-": standard output. From one snapshot, a
    // record at a time; a file lands in place only when complete. Throws
    // Error(io) when the output cannot be written.
    DumpSummary dump(const std::filesystem::path& out);
    // Merges a dump (plain or zstd, "-": standard input) into this archive in
    // one transaction: by content hash, idempotently; an article keeps its
    // dump id when that id is free. A damaged or cut-short dump throws
    // Error(bad_input) naming its line, a newer format
    // Error(incompatible_archive); the archive is then as it was.
    RestoreSummary restore(const std::filesystem::path& in);
    RestoreSummary restore_bytes(std::string_view dump);  // the same, from memory

    // Removes articles with everything that belongs to them, in one
    // transaction (see store/forget.hpp). Error(not_found) for an unknown id,
    // nothing removed.
    ForgetSummary forget(const std::vector<int64_t>& ids);
    // The articles recorded at a path (made absolute the way ingest does), in
    // any place of its file; empty when none.
    std::vector<int64_t> articles_at_path(const std::filesystem::path& path);
    // The articles with a passage matching `options` (limit, offset, sort
    // ignored), by id.
    std::vector<int64_t> matching_articles(const SearchOptions& options);

    std::optional<StoredArticle> article(int64_t id);
    // By a path it was ingested from (made absolute the way ingest does).
    std::optional<StoredArticle> article_by_path(const std::filesystem::path& path);

    ArchiveStats stats();

    // Runs SQLite's and FTS5's integrity checks; returns problems found (empty: ok).
    std::vector<std::string> check_integrity();

    const std::filesystem::path& path() const;

private:
    struct Impl;
    explicit Archive(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// Why ingest cannot read `path` at all (it does not exist, cannot be
// looked at, or is neither a file nor a folder), as ingest reports it;
// empty when it can try.
std::string input_problem(const std::filesystem::path& path);

// Where the archive lives when --db is not given: $NEWSDB_DB, else
// $XDG_DATA_HOME/newsdb/archive.db, else ~/.local/share/newsdb/archive.db.
std::filesystem::path default_archive_path();

// Highest schema version this binary knows.
int latest_schema_version();

} // namespace newsdb
