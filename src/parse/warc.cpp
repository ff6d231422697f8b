// WARC records, one at a time: a plain WARC read header by header (a block
// read only when it may hold a page), a .warc.gz gzip member by member. A
// record whose header or length is wrong is reported at its offset and the
// scan picks up at the next record start.
#include "parse/warc.hpp"

#include <zlib.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <optional>

#include "newsdb/error.hpp"
#include "parse/text_util.hpp"
#include "util/read_file.hpp"

#include <sys/stat.h>

namespace newsdb::parse {

namespace {

class MemorySource final : public ByteSource {
public:
    explicit MemorySource(std::string_view bytes) : bytes_(bytes) {}
    int64_t size() const override { return static_cast<int64_t>(bytes_.size()); }
    std::string read(int64_t offset, std::size_t n) const override {
        if (offset < 0 || offset >= size()) return {};
        return std::string(bytes_.substr(static_cast<std::size_t>(offset), n));
    }

private:
    std::string_view bytes_;
};

class FileSource final : public ByteSource {
public:
    explicit FileSource(const std::string& path) : file_(path) {
        struct stat st {};
        if (::fstat(file_.fd(), &st) != 0)
            throw Error(Errc::bad_input, "cannot read the file's size", "check the file, then ingest it again");
        size_ = static_cast<int64_t>(st.st_size);
    }
    int64_t size() const override { return size_; }
    std::string read(int64_t offset, std::size_t n) const override {
        if (offset < 0 || offset >= size_) return {};
        const int64_t end = std::min<int64_t>(size_, offset + static_cast<int64_t>(n));
        return file_.read_range(offset, end);
    }

private:
    util::InputFile file_;
    int64_t size_ = 0;
};

constexpr std::size_t kHeaderWindow = 64 * 1024;  // a record header longer than this is no header
constexpr std::size_t kScanChunk = 1 << 20;
constexpr std::string_view kGzipMagic = "\x1f\x8b\x08";
// A gzip member inflating past this is given up on (a bomb); its record
// would be skipped as too large anyway.
constexpr std::size_t kMaxMemberOutput = std::size_t{1} << 30;

// The first occurrence of `needle` in the source at or after `from`, or the
// source's size.
int64_t find_in_source(const ByteSource& source, int64_t from, std::string_view needle) {
    const int64_t size = source.size();
    while (from < size) {
        const std::string chunk = source.read(from, kScanChunk + needle.size());
        const auto at = chunk.find(needle);
        if (at != std::string::npos) return from + static_cast<int64_t>(at);
        if (chunk.size() <= needle.size()) break;
        from += static_cast<int64_t>(chunk.size() - needle.size() + 1);
    }
    return size;
}

// Where the scan picks up after a corrupt record at `at`: the next line that
// starts a record.
int64_t next_plain_record(const ByteSource& source, int64_t at) {
    const int64_t found = find_in_source(source, at + 1, "\nWARC/1.");
    return found >= source.size() ? found : found + 1;
}

struct Header {
    std::string type, target, date, media_type;
    int64_t length = -1;
};

// The named fields of a record header (`text`: the lines after the version line).
Header read_header(std::string_view text) {
    Header h;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t eol = text.find('\n', pos);
        if (eol == std::string_view::npos) eol = text.size();
        std::string_view line = text.substr(pos, eol - pos);
        pos = eol + 1;
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        const std::string name = to_lower_ascii(trim(line.substr(0, colon)));
        const std::string_view value = trim(line.substr(colon + 1));
        if (name == "warc-type") h.type = to_lower_ascii(value);
        else if (name == "warc-target-uri") {
            std::string_view uri = value;
            if (uri.size() >= 2 && uri.front() == '<' && uri.back() == '>') uri = uri.substr(1, uri.size() - 2);
            h.target = std::string(uri);
        } else if (name == "warc-date") h.date = std::string(value);
        else if (name == "content-type") h.media_type = std::string(value);
        else if (name == "content-length") {
            int64_t n = 0;
            bool ok = !value.empty();
            for (char c : value) {
                if (c < '0' || c > '9' || n > (INT64_MAX - 9) / 10) {
                    ok = false;
                    break;
                }
                n = n * 10 + (c - '0');
            }
            h.length = ok ? n : -2;
        }
    }
    return h;
}

// One record as the scan met it.
struct RawRecord {
    int64_t offset = 0;     // in the source (for .warc.gz: its gzip member's)
    int sub = 0;            // the record's place in its member (almost always 0)
    std::string error;      // corrupt: what was wrong
    std::string skip;       // not read: why (too large)
    Header header;
    std::string block;      // the content block, when read
};

// The records of a source, in order, from `begin` until one starts at or after `end`.
class Scanner {
public:
    Scanner(const ByteSource& source, int64_t begin, int64_t end, bool read_blocks)
        : source_(source), pos_(begin), end_(std::min(end, source.size())), read_blocks_(read_blocks) {
        gzip_ = source.read(0, 2) == kGzipMagic.substr(0, 2);
    }

    // The next record; false at the end.
    bool next(RawRecord& r) {
        r = RawRecord{};
        if (gzip_) return next_member_record(r);
        return next_plain(r);
    }

private:
    static bool wanted(const Header& h) { return h.type == "response" || h.type == "resource"; }

    bool next_plain(RawRecord& r) {
        for (;;) {
            if (pos_ >= end_) return false;
            const std::string head = source_.read(pos_, kHeaderWindow);
            std::size_t skip = 0;
            while (skip < head.size() && (head[skip] == '\r' || head[skip] == '\n')) ++skip;
            if (skip == head.size()) {
                pos_ = source_.size();
                return false;
            }
            if (skip > 0) {
                pos_ += static_cast<int64_t>(skip);
                continue;
            }
            r.offset = pos_;
            if (!head.starts_with("WARC/1.")) return corrupt(r, "no WARC record starts here");
            const auto end_of_header = head.find("\r\n\r\n");
            if (end_of_header == std::string::npos) return corrupt(r, "the record header does not end within 64 KB");
            const auto first_eol = head.find('\n');
            r.header = read_header(std::string_view(head).substr(first_eol + 1, end_of_header - first_eol));
            if (r.header.length < 0) return corrupt(r, "the record header has no valid Content-Length");
            const int64_t block_start = pos_ + static_cast<int64_t>(end_of_header) + 4;
            const int64_t length = r.header.length;
            if (length > source_.size() - block_start || source_.size() - block_start - length < 4)
                return corrupt(r, "its Content-Length (" + std::to_string(length) + ") runs past the end of the file");
            if (source_.read(block_start + length, 4) != "\r\n\r\n")
                return corrupt(r, "its Content-Length (" + std::to_string(length) +
                                      ") does not end where the record does (no blank line after the block)");
            if (read_blocks_ && wanted(r.header)) {
                if (static_cast<uint64_t>(length) > max_warc_block_bytes)
                    r.skip = "not read (a record of " + std::to_string(length >> 20) + " MB)";
                else
                    r.block = source_.read(block_start, static_cast<std::size_t>(length));
            }
            pos_ = block_start + length + 4;
            return true;
        }
    }

    bool corrupt(RawRecord& r, std::string why) {
        r.error = std::move(why);
        pos_ = gzip_ ? find_in_source(source_, pos_ + 1, kGzipMagic) : next_plain_record(source_, pos_);
        return true;
    }

    // Inflates the gzip member at pos_ into member_ (up to the block cap and
    // a header); false when it is damaged. Moves pos_ past it.
    bool inflate_member(std::string& why) {
        z_stream z{};
        if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) throw Error(Errc::internal, "cannot start gzip decompression");
        member_.clear();
        member_truncated_ = false;
        int64_t in_pos = pos_;
        std::size_t total_out = 0;
        std::string input;
        char buffer[1 << 16];
        int rc = Z_OK;
        const std::size_t keep = max_warc_block_bytes + kHeaderWindow;
        while (rc != Z_STREAM_END) {
            if (z.avail_in == 0) {
                input = source_.read(in_pos, 1 << 18);
                if (input.empty()) {
                    rc = Z_DATA_ERROR;
                    why = "its gzip member is cut short";
                    break;
                }
                in_pos += static_cast<int64_t>(input.size());
                z.next_in = reinterpret_cast<Bytef*>(input.data());
                z.avail_in = static_cast<uInt>(input.size());
            }
            z.next_out = reinterpret_cast<Bytef*>(buffer);
            z.avail_out = sizeof buffer;
            rc = inflate(&z, Z_NO_FLUSH);
            const std::size_t produced = sizeof buffer - z.avail_out;
            total_out += produced;
            if (member_.size() < keep && read_blocks_) member_.append(buffer, std::min(produced, keep - member_.size()));
            else if (!read_blocks_ && member_.size() < kHeaderWindow)
                member_.append(buffer, std::min(produced, kHeaderWindow - member_.size()));
            if (total_out > keep) member_truncated_ = true;
            if (rc != Z_OK && rc != Z_STREAM_END) {
                why = std::string("its gzip member is damaged (") + (z.msg ? z.msg : "zlib error") + ")";
                break;
            }
            if (total_out > kMaxMemberOutput) {
                rc = Z_DATA_ERROR;
                why = "its gzip member inflates to more than 1 GB";
                break;
            }
        }
        const int64_t consumed = static_cast<int64_t>(z.total_in);
        inflateEnd(&z);
        if (rc != Z_STREAM_END) return false;
        member_offset_ = pos_;
        pos_ += consumed;
        member_total_ = total_out;
        member_pos_ = 0;
        member_sub_ = 0;
        in_member_ = true;
        return true;
    }

    bool next_member_record(RawRecord& r) {
        for (;;) {
            if (in_member_) {
                while (member_pos_ < member_.size() && (member_[member_pos_] == '\r' || member_[member_pos_] == '\n'))
                    ++member_pos_;
                if (member_pos_ < member_.size() && !(member_truncated_ && member_sub_ > 0)) {
                    r.offset = member_offset_;
                    r.sub = member_sub_++;
                    read_member_record(r);
                    return true;
                }
                in_member_ = false;
            }
            if (pos_ >= end_) return false;
            const int64_t at = pos_;
            std::string why;
            if (!inflate_member(why)) {
                r.offset = at;
                return corrupt(r, why);
            }
        }
    }

    // The record at member_pos_ of the inflated member.
    void read_member_record(RawRecord& r) {
        const std::string_view data = std::string_view(member_).substr(member_pos_);
        auto give_up = [&](std::string why) {
            r.error = std::move(why);
            member_pos_ = member_.size();
        };
        if (!data.starts_with("WARC/1.")) return give_up("no WARC record starts here");
        const auto end_of_header = data.substr(0, kHeaderWindow).find("\r\n\r\n");
        if (end_of_header == std::string_view::npos) return give_up("the record header does not end within 64 KB");
        const auto first_eol = data.find('\n');
        r.header = read_header(data.substr(first_eol + 1, end_of_header - first_eol));
        if (r.header.length < 0) return give_up("the record header has no valid Content-Length");
        const std::size_t block_start = end_of_header + 4;
        const uint64_t length = static_cast<uint64_t>(r.header.length);
        const uint64_t available_total = member_total_ - member_pos_;
        if (block_start + length + 4 > available_total)
            return give_up("its Content-Length (" + std::to_string(length) + ") runs past the end of its gzip member");
        if (block_start + length + 4 <= data.size() && data.substr(block_start + length, 4) != "\r\n\r\n")
            return give_up("its Content-Length (" + std::to_string(length) +
                           ") does not end where the record does (no blank line after the block)");
        if (block_start + length + 4 > data.size()) {
            // Beyond what was kept: too large to read.
            if (wanted(r.header)) r.skip = "not read (a record of " + std::to_string(length >> 20) + " MB)";
            member_pos_ = member_.size();
            return;
        }
        if (read_blocks_ && wanted(r.header)) r.block.assign(data.substr(block_start, length));
        member_pos_ += block_start + length + 4;
    }

    const ByteSource& source_;
    int64_t pos_;
    int64_t end_;
    bool read_blocks_;
    bool gzip_ = false;
    bool in_member_ = false;
    std::string member_;
    bool member_truncated_ = false;
    std::size_t member_total_ = 0, member_pos_ = 0;
    int member_sub_ = 0;
    int64_t member_offset_ = 0;
};

std::string locator_of(const RawRecord& r) {
    std::string locator = "offset " + std::to_string(r.offset);
    if (r.sub > 0) locator += ", record " + std::to_string(r.sub + 1);
    return locator;
}

// "2026-12-07T02:43:30Z" -> "2026-12-07".
std::string warc_day(std::string_view date) {
    if (date.size() < 10 || date[4] != '-' || date[7] != '-') return {};
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (!is_ascii_digit(date[i])) return {};
    return std::string(date.substr(0, 10));
}

std::optional<ParsedItem> record_item(RawRecord& r) {
    ParsedItem item;
    item.locator = locator_of(r);
    item.record_offset = r.offset;
    if (!r.error.empty()) {
        item.error = "corrupt WARC record at offset " + std::to_string(r.offset) + ": " + r.error +
                     "; the records after it are read";
        return item;
    }
    const Header& h = r.header;
    if (h.type == "revisit") {
        item.error = "a revisit record (the page is stored in an earlier record)";
        item.not_an_article = true;
        return item;
    }
    // Request, metadata, warcinfo ... hold no page; nor does a resource that
    // was not fetched from the web (wget keeps its log as one).
    if (h.type != "response" && !(h.type == "resource" && istarts_with(h.target, "http"))) return std::nullopt;
    if (!r.skip.empty()) {
        item.error = r.skip;
        item.not_an_article = true;
        return item;
    }
    try {
        const bool http = istarts_with(h.media_type, "application/http");
        HttpPage page = http ? parse_http_response(r.block, h.target) : parse_http_body(r.block, h.media_type, h.target);
        if (!page.article) {
            item.error = page.not_article;
            item.not_an_article = true;
            return item;
        }
        ParsedArticle& a = *page.article;
        if (!h.target.empty()) a.url = h.target;
        if (a.date.empty()) a.date = warc_day(h.date);
        item.article = std::move(a);
        item.raw = std::move(r.block);
    } catch (const Error& e) {
        item.error = e.what();
    }
    return item;
}

} // namespace

std::unique_ptr<ByteSource> memory_source(std::string_view bytes) { return std::make_unique<MemorySource>(bytes); }
std::unique_ptr<ByteSource> file_source(const std::string& path) { return std::make_unique<FileSource>(path); }

bool is_warc_name(std::string_view name) {
    std::string lower = to_lower_ascii(name.substr(name.size() > 8 ? name.size() - 8 : 0));
    return lower.ends_with(".warc") || lower.ends_with(".warc.gz");
}

bool starts_like_warc(std::string_view bytes) {
    if (bytes.starts_with("WARC/1.")) return true;
    if (!bytes.starts_with(kGzipMagic)) return false;
    z_stream z{};
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) return false;
    char head[8];
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    z.avail_in = static_cast<uInt>(std::min<std::size_t>(bytes.size(), 1 << 16));
    z.next_out = reinterpret_cast<Bytef*>(head);
    z.avail_out = sizeof head;
    while (z.avail_out > 0) {
        const int rc = inflate(&z, Z_NO_FLUSH);
        if (rc != Z_OK) break;
    }
    const bool warc = z.avail_out == 0 && std::string_view(head, 7) == "WARC/1.";
    inflateEnd(&z);
    return warc;
}

std::vector<int64_t> plan_warc_cuts(const ByteSource& source, int64_t part_bytes) {
    std::vector<int64_t> cuts{0};
    Scanner scan(source, 0, source.size(), false);
    RawRecord r;
    while (scan.next(r)) {
        // A cut goes before a record (a member's first), never inside a member.
        if (r.sub == 0 && r.offset - cuts.back() >= part_bytes) cuts.push_back(r.offset);
    }
    cuts.push_back(source.size());
    return cuts;
}

std::vector<ParsedItem> parse_warc_range(const ByteSource& source, int64_t begin, int64_t end) {
    std::vector<ParsedItem> items;
    Scanner scan(source, begin, end, true);
    RawRecord r;
    while (scan.next(r))
        if (auto item = record_item(r)) items.push_back(std::move(*item));
    return items;
}

std::vector<ParsedItem> parse_warc_bytes(std::string_view bytes) {
    const auto source = memory_source(bytes);
    return parse_warc_range(*source, 0, source->size());
}

} // namespace newsdb::parse
