// gzip input: is_gzip() and gunzip() from parsers.hpp, with zlib.
#include <zlib.h>

#include <algorithm>
#include <climits>

#include "newsdb/error.hpp"
#include "parse/parsers.hpp"

namespace newsdb::parse {

namespace {

constexpr std::string_view gzip_magic = "\x1f\x8b";

[[noreturn]] void throw_damaged(std::string_view what) {
    throw Error(Errc::bad_input, "damaged gzip data: " + std::string(what),
                "the compressed file is incomplete or corrupt; download or copy it again "
                "(`gzip -t FILE` checks it)");
}

[[noreturn]] void throw_too_large(std::size_t max_bytes) {
    throw Error(Errc::bad_input, "decompresses to more than " + std::to_string(max_bytes) + " bytes",
                "newsdb refuses inputs this large (a damaged or malicious file can expand without end); "
                "decompress it yourself and split it into smaller files");
}

class Inflater {
public:
    Inflater() {
        // 16 + MAX_WBITS: gzip framing only (header and CRC checked).
        if (inflateInit2(&stream_, 16 + MAX_WBITS) != Z_OK)
            throw Error(Errc::internal, "cannot start gzip decompression");
    }
    ~Inflater() { inflateEnd(&stream_); }
    Inflater(const Inflater&) = delete;
    Inflater& operator=(const Inflater&) = delete;
    z_stream& operator*() noexcept { return stream_; }

private:
    z_stream stream_{};
};

} // namespace

bool is_gzip(std::string_view bytes) noexcept { return bytes.starts_with(gzip_magic); }

std::string gunzip(std::string_view bytes, std::size_t max_bytes) {
    Inflater inflater;
    z_stream& z = *inflater;
    std::string out;
    // Room for one byte past the limit, so that exceeding it is seen.
    const std::size_t cap = max_bytes == SIZE_MAX ? max_bytes : max_bytes + 1;
    out.resize(std::min(cap, std::max<std::size_t>(bytes.size() * 4, 64 * 1024)));
    std::size_t produced = 0;
    std::size_t consumed = 0;  // input bytes handed to zlib
    for (;;) {
        if (z.avail_in == 0 && consumed < bytes.size()) {
            const std::size_t chunk = std::min<std::size_t>(bytes.size() - consumed, UINT_MAX);
            z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data() + consumed));
            z.avail_in = static_cast<uInt>(chunk);
            consumed += chunk;
        }
        if (produced == out.size()) {
            if (out.size() >= cap) throw_too_large(max_bytes);
            out.resize(std::min(cap, out.size() * 2));
        }
        const std::size_t room = std::min<std::size_t>(out.size() - produced, UINT_MAX);
        z.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
        z.avail_out = static_cast<uInt>(room);
        const int rc = inflate(&z, Z_NO_FLUSH);
        produced += room - z.avail_out;
        if (rc == Z_STREAM_END) {
            // Another gzip member may follow (as `cat a.gz b.gz` makes); anything
            // else after the end is ignored, as gzip itself does.
            const std::size_t rest_at = consumed - z.avail_in;
            if (!bytes.substr(rest_at).starts_with(gzip_magic)) break;
            if (inflateReset(&z) != Z_OK) throw_damaged("cannot restart after a member");
            continue;
        }
        if (rc == Z_OK) continue;
        if (rc == Z_BUF_ERROR) {
            if (z.avail_in == 0 && consumed == bytes.size()) throw_damaged("it ends too early (truncated file?)");
            continue;  // output buffer full: grown above
        }
        if (rc == Z_MEM_ERROR) throw std::bad_alloc();
        throw_damaged(z.msg != nullptr ? z.msg : "invalid data");
    }
    if (produced > max_bytes) throw_too_large(max_bytes);
    out.resize(produced);
    return out;
}

} // namespace newsdb::parse
