#include "util/compress.hpp"

#include <zstd.h>

#include "newsdb/error.hpp"

namespace newsdb::util {

namespace {

constexpr int kLevel = 3;

// One context per thread, reused: a context made for every call (as
// ZSTD_compress does) cost a fifth of the compression time of a folder of
// small files, its tables allocated and set up each time. Same output.
ZSTD_CCtx* thread_context() {
    struct Holder {
        ZSTD_CCtx* ctx = ZSTD_createCCtx();
        ~Holder() { ZSTD_freeCCtx(ctx); }
    };
    thread_local Holder holder;
    return holder.ctx;
}

} // namespace

std::string zstd_compress(std::string_view bytes) {
    ZSTD_CCtx* ctx = thread_context();
    if (ctx == nullptr) throw Error(Errc::internal, "zstd compression failed: out of memory");
    std::string out(ZSTD_compressBound(bytes.size()), '\0');
    const std::size_t n = ZSTD_compressCCtx(ctx, out.data(), out.size(), bytes.data(), bytes.size(), kLevel);
    if (ZSTD_isError(n)) throw Error(Errc::internal, std::string("zstd compression failed: ") + ZSTD_getErrorName(n));
    out.resize(n);
    return out;
}

namespace {

[[noreturn]] void zstd_failed(std::size_t code) {
    throw Error(Errc::internal, std::string("zstd compression failed: ") + ZSTD_getErrorName(code));
}

} // namespace

ZstdStream::ZstdStream(std::size_t total) : ctx_(ZSTD_createCCtx()) {
    auto* cctx = static_cast<ZSTD_CCtx*>(ctx_);
    if (cctx == nullptr) throw Error(Errc::internal, "zstd compression failed: out of memory");
    std::size_t rc = ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, kLevel);
    if (!ZSTD_isError(rc)) rc = ZSTD_CCtx_setPledgedSrcSize(cctx, total);
    if (ZSTD_isError(rc)) {
        ZSTD_freeCCtx(cctx);
        zstd_failed(rc);
    }
}

ZstdStream::~ZstdStream() { ZSTD_freeCCtx(static_cast<ZSTD_CCtx*>(ctx_)); }

// One call of ZSTD_compressStream2 into room appended to out_; returns its
// result (for ZSTD_e_end, the bytes still to flush).
std::size_t ZstdStream::step(ZSTD_inBuffer& in, int directive) {
    const std::size_t used = out_.size();
    out_.resize(used + ZSTD_CStreamOutSize());
    ZSTD_outBuffer out{out_.data() + used, out_.size() - used, 0};
    const std::size_t rc = ZSTD_compressStream2(static_cast<ZSTD_CCtx*>(ctx_), &out, &in,
                                                static_cast<ZSTD_EndDirective>(directive));
    out_.resize(used + out.pos);
    if (ZSTD_isError(rc)) zstd_failed(rc);
    return rc;
}

void ZstdStream::add(std::string_view bytes) {
    ZSTD_inBuffer in{bytes.data(), bytes.size(), 0};
    while (in.pos < in.size) step(in, ZSTD_e_continue);
}

std::string ZstdStream::finish() {
    ZSTD_inBuffer in{nullptr, 0, 0};
    while (step(in, ZSTD_e_end) != 0) {
    }
    out_.shrink_to_fit();
    return std::move(out_);
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

} // namespace newsdb::util
