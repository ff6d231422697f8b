#include "util/compress.hpp"

#include <zstd.h>

#include "newsdb/error.hpp"

namespace newsdb::detail {

namespace {
constexpr int kLevel = 3;
}

std::string zstd_compress(std::string_view bytes) {
    std::string out(ZSTD_compressBound(bytes.size()), '\0');
    const std::size_t n = ZSTD_compress(out.data(), out.size(), bytes.data(), bytes.size(), kLevel);
    if (ZSTD_isError(n)) throw Error(Errc::internal, std::string("zstd compression failed: ") + ZSTD_getErrorName(n));
    out.resize(n);
    return out;
}

std::string zstd_decompress(std::string_view compressed) {
    const unsigned long long size = ZSTD_getFrameContentSize(compressed.data(), compressed.size());
    if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN)
        throw Error(Errc::corrupt_archive, "a stored original is damaged (not a zstd frame)",
                    "re-ingest the file from its source");
    std::string out(static_cast<std::size_t>(size), '\0');
    const std::size_t n = ZSTD_decompress(out.data(), out.size(), compressed.data(), compressed.size());
    if (ZSTD_isError(n) || n != size)
        throw Error(Errc::corrupt_archive, "a stored original is damaged (zstd: " +
                                               std::string(ZSTD_isError(n) ? ZSTD_getErrorName(n) : "short") + ")",
                    "re-ingest the file from its source");
    return out;
}

} // namespace newsdb::detail
