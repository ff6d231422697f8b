// Web archives (WARC, ISO 28500): records read one at a time from a file or
// from bytes, plain or gzip-compressed per record, and each `response` (or
// `resource`) record with a page in it made an article (src/parse/warc.cpp,
// its HTTP side in src/parse/http_message.cpp).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "newsdb/parse.hpp"

namespace newsdb::parse {

// Random access to a container's bytes: a file (read as needed, so a big
// WARC is never held whole) or bytes in memory.
class ByteSource {
public:
    virtual ~ByteSource() = default;
    virtual int64_t size() const = 0;
    // Up to `n` bytes from `offset` (fewer at the end, none past it).
    virtual std::string read(int64_t offset, std::size_t n) const = 0;
};
std::unique_ptr<ByteSource> memory_source(std::string_view bytes);  // `bytes` must outlive it
std::unique_ptr<ByteSource> file_source(const std::string& path);   // throws Error(bad_input)

// A record's content block larger than this is not read (a video in a
// crawl); it is counted as skipped.
inline constexpr std::size_t max_warc_block_bytes = std::size_t{64} << 20;

// Whether a name (.warc, .warc.gz) or a head of bytes ("WARC/1.") says WARC.
bool is_warc_name(std::string_view name);
bool starts_like_warc(std::string_view bytes);  // plain, or a gzip member that inflates to a WARC head

// The offsets where the records of `source` may be cut into parts of about
// `part_bytes`: record starts as parse_warc_range() meets them, the first 0,
// the last the size of the source. One pass over the record headers (a
// .warc.gz is inflated, its output thrown away).
std::vector<int64_t> plan_warc_cuts(const ByteSource& source, int64_t part_bytes);

// The items of the records starting in [begin, end), `begin` a record start
// (0 or one of plan_warc_cuts()): an article per response or resource record
// holding an HTML or text page, a skipped item (not_an_article) per revisit
// record or other resource (images, scripts, styles, error statuses), a
// failed item per corrupt record, with its offset; request, metadata and
// warcinfo records give none. Each item's locator is "offset N" (the record's,
// for a .warc.gz its gzip member's), its `raw` the record's content block.
std::vector<ParsedItem> parse_warc_range(const ByteSource& source, int64_t begin, int64_t end);

// The whole of a WARC in memory (parse_input, the fuzzer).
std::vector<ParsedItem> parse_warc_bytes(std::string_view bytes);

// The article in one HTTP response (status line, headers, body as recorded),
// fetched from `url`: chunked transfer and gzip/deflate content decoded, the
// charset of its Content-Type weighed like a <meta>. Throws Error(bad_input)
// for a broken message; sets `not_article` (with the reason) for one that
// holds no page: another media type, an error status, an empty body.
struct HttpPage {
    std::optional<ParsedArticle> article;
    std::string not_article;  // why it is no article, when it is none
};
HttpPage parse_http_response(std::string_view message, std::string_view url);
// A body of `media_type` (with its parameters, "text/html; charset=...") as an
// article, the same way.
HttpPage parse_http_body(std::string body, std::string_view media_type, std::string_view url);

} // namespace newsdb::parse
