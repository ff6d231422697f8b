// The workers' side of an ingest: a file (or a part of one) read, hashed,
// checked against the fast path, decoded, parsed, compressed and its
// passages tokenized, ready for the one writer. Pure CPU and file I/O, so
// several workers run it at once.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "newsdb/archive.hpp"
#include "newsdb/parse.hpp"
#include "parse/json_parts.hpp"
#include "store/fast_path.hpp"
#include "tokenizer/tokenizer.hpp"

namespace newsdb::store {

// Big files are planned into parts by the parser's rules (parse/json_parts.hpp).
using parse::FilePart;
using parse::plan_parts;

// One input file, read and parsed (by a worker thread), ready to be written.
struct FileWork {
    std::string origin;        // the path as given, for messages
    std::string key;           // the path recorded in article_paths (absolute, normalised)
    std::string file_hash;     // SHA-256 of the file's bytes
    int64_t byte_size = 0;
    std::string compressed;    // zstd of the bytes, when originals are kept
    bool keep_original = false;
    // The worker found every recorded article of this path already holding
    // these bytes: nothing to parse or write. (The writer re-checks, unless
    // the stamp check answered: see known_articles.)
    bool unchanged = false;
    std::optional<FileStamp> stamp;  // to record; none when it cannot be trusted
    bool stamp_recorded = false;     // the archive already holds `stamp` for this path
    std::optional<ParseResult> parsed;
    std::vector<std::string> item_hashes;  // parallel to parsed->items
    // Of a container's records (ParsedItem::record_offset), when originals
    // are kept: each stored article's record bytes, zstd (empty for the
    // others), and their size; parallel to parsed->items. The container
    // itself is not kept whole.
    std::vector<std::string> item_originals;
    std::vector<int64_t> item_original_sizes;
    // The articles' passages tokenized as the index reads them (may be null):
    // the writer replays these rather than tokenize on its own thread.
    std::shared_ptr<const tokenizer::Recording> tokens;
    std::string error;         // the whole file failed: why
    std::string parse_key;     // see parse_key(); failures are recorded under it
    // With known_articles: the failures (and items that are no article)
    // recorded for this path and stamp (schema 005, 009), reported again; a
    // remembered whole-file failure is `error`, with `unchanged` set.
    std::map<std::string, RememberedItem> remembered;  // locator -> why
    // With `unchanged`, when the stamp check answered (StampVerdict): the
    // path's articles, reported as they are without asking the archive again.
    std::optional<std::map<std::string, int64_t>> known_articles;  // locator -> article id
    // A part of a file prepared in parts (see FilePart). The head's
    // file_hash, byte_size (the whole file's), stamp and original stand for
    // the file; a later part holds only its items (byte_size: its range).
    std::optional<FilePart> part;
    // The head found what parts cannot reproduce (not plain UTF-8, binary, only
    // whitespace): the writer prepares the whole file instead.
    bool whole_file_needed = false;
};

// Reads, hashes, checks the fast path (through `check`, may be null), parses
// and compresses one file. Never throws: failures land in FileWork::error.
// Pure CPU and file I/O, so several workers run it at once.
FileWork prepare_file(const std::string& origin, const std::string& key, std::string bytes,
                      const IngestOptions& options, ContentCheck* check);

// Prepares one part of a file (see FilePart; `all`: the file's parts, as
// plan_parts() gave them). Never throws, like prepare_file.
FileWork prepare_part(const std::string& origin, const std::string& key, const FilePart& part,
                      const std::vector<FilePart>& all, const IngestOptions& options, ContentCheck* check);

// Language of an article: from its metadata, else detected from its text.
std::string article_language(const ParsedArticle& article);

// The passages of `article` (its language settled) tokenized as the index
// reads them, for Writer to replay instead of tokenizing on its own thread;
// null when this thread has no tokenizer. Pure CPU, for worker threads.
std::shared_ptr<const tokenizer::Recording> record_tokens(const ParsedArticle& article);

} // namespace newsdb::store
