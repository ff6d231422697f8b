#pragma once

#include <string>
#include <string_view>

struct ZSTD_inBuffer_s;  // <zstd.h>

namespace newsdb::util {

// zstd at a fast level: originals are written once and read rarely.
std::string zstd_compress(std::string_view bytes);
// zstd_compress() of bytes given in pieces, `total` bytes in all (recorded
// in the frame, as zstd_decompress() needs): finish() after the last add().
class ZstdStream {
public:
    explicit ZstdStream(std::size_t total);
    ZstdStream(const ZstdStream&) = delete;
    ZstdStream& operator=(const ZstdStream&) = delete;
    ~ZstdStream();
    void add(std::string_view bytes);
    std::string finish();

private:
    std::size_t step(::ZSTD_inBuffer_s& in, int directive);
    void* ctx_;  // ZSTD_CCtx
    std::string out_;
};
// Throws Error(corrupt_archive) when `compressed` is not a valid zstd frame.
std::string zstd_decompress(std::string_view compressed);

} // namespace newsdb::util
