#include "util/byte_stream.hpp"

#include <unistd.h>
#include <zstd.h>

#include <cerrno>
#include <cstring>

#include "newsdb/error.hpp"

namespace newsdb::util {

namespace {

constexpr int kZstdLevel = 3;
constexpr std::size_t kWriteBuffer = 1 << 16;
constexpr std::size_t kReadChunk = 1 << 16;

bool ends_with_zst(const std::filesystem::path& path) {
    const std::string name = path.filename().string();
    return name.size() > 4 && name.compare(name.size() - 4, 4, ".zst") == 0;
}

[[noreturn]] void write_failed(const std::filesystem::path& target, int err) {
    throw Error(Errc::io, "cannot write '" + target.string() + "': " + std::strerror(err),
                "check that the folder exists, is writable and has free space");
}

} // namespace

OutputStream::OutputStream(const std::filesystem::path& path) : target_(path) {
    if (path == "-") {
        file_ = stdout;
    } else {
        temporary_ = path;
        temporary_ += ".newsdb-tmp-" + std::to_string(getpid());
        file_ = std::fopen(temporary_.c_str(), "wb");
        if (file_ == nullptr) write_failed(path, errno);
        owns_file_ = true;
    }
    if (ends_with_zst(path)) {
        auto* ctx = ZSTD_createCCtx();
        if (ctx == nullptr || ZSTD_isError(ZSTD_CCtx_setParameter(ctx, ZSTD_c_compressionLevel, kZstdLevel))) {
            ZSTD_freeCCtx(ctx);
            if (owns_file_) std::fclose(file_), std::remove(temporary_.c_str());
            throw Error(Errc::internal, "zstd compression could not start: out of memory");
        }
        zstd_ = ctx;
    }
    buffer_.reserve(kWriteBuffer);
}

OutputStream::~OutputStream() {
    ZSTD_freeCCtx(static_cast<ZSTD_CCtx*>(zstd_));
    if (owns_file_ && file_ != nullptr) {
        std::fclose(file_);
        if (!finished_) std::remove(temporary_.c_str());
    }
}

void OutputStream::put(const char* data, std::size_t size) {
    if (size == 0) return;
    if (std::fwrite(data, 1, size, file_) != size) write_failed(target_, errno ? errno : EIO);
    written_ += static_cast<int64_t>(size);
}

void OutputStream::write(std::string_view bytes) {
    if (zstd_ == nullptr) {
        put(bytes.data(), bytes.size());
        return;
    }
    ZSTD_inBuffer in{bytes.data(), bytes.size(), 0};
    while (in.pos < in.size) {
        buffer_.resize(ZSTD_CStreamOutSize());
        ZSTD_outBuffer out{buffer_.data(), buffer_.size(), 0};
        const std::size_t rc = ZSTD_compressStream2(static_cast<ZSTD_CCtx*>(zstd_), &out, &in, ZSTD_e_continue);
        if (ZSTD_isError(rc)) throw Error(Errc::internal, std::string("zstd compression failed: ") + ZSTD_getErrorName(rc));
        put(buffer_.data(), out.pos);
    }
}

void OutputStream::finish() {
    if (zstd_ != nullptr) {
        ZSTD_inBuffer in{nullptr, 0, 0};
        for (;;) {
            buffer_.resize(ZSTD_CStreamOutSize());
            ZSTD_outBuffer out{buffer_.data(), buffer_.size(), 0};
            const std::size_t rc = ZSTD_compressStream2(static_cast<ZSTD_CCtx*>(zstd_), &out, &in, ZSTD_e_end);
            if (ZSTD_isError(rc)) throw Error(Errc::internal, std::string("zstd compression failed: ") + ZSTD_getErrorName(rc));
            put(buffer_.data(), out.pos);
            if (rc == 0) break;
        }
    }
    if (std::fflush(file_) != 0) write_failed(target_, errno);
    if (owns_file_) {
        if (fsync(fileno(file_)) != 0) write_failed(target_, errno);
        const int closed = std::fclose(file_);
        file_ = nullptr;
        if (closed != 0) {
            std::remove(temporary_.c_str());
            write_failed(target_, errno);
        }
        if (std::rename(temporary_.c_str(), target_.c_str()) != 0) {
            const int err = errno;
            std::remove(temporary_.c_str());
            write_failed(target_, err);
        }
    }
    finished_ = true;
}

LineReader::LineReader(const std::filesystem::path& path, std::size_t max_line)
    : name_(path.string()), max_line_(max_line) {
    if (path == "-") {
        file_ = stdin;
        return;
    }
    file_ = std::fopen(path.c_str(), "rb");
    if (file_ == nullptr) {
        const int err = errno;
        if (err == ENOENT)
            throw Error(Errc::not_found, "no file '" + name_ + "'", "give the path of a dump made by `newsdb dump`");
        throw Error(Errc::io, "cannot read '" + name_ + "': " + std::strerror(err), "check its permissions");
    }
    owns_file_ = true;
}

LineReader::LineReader(std::string_view bytes, std::size_t max_line)
    : name_("the dump"), memory_(bytes), max_line_(max_line) {}

LineReader::~LineReader() {
    ZSTD_freeDCtx(static_cast<ZSTD_DCtx*>(zstd_));
    if (owns_file_) std::fclose(file_);
}

std::size_t LineReader::read_raw(char* out, std::size_t size) {
    if (file_ == nullptr) {
        const std::size_t n = std::min(size, memory_.size());
        std::memcpy(out, memory_.data(), n);
        memory_.remove_prefix(n);
        return n;
    }
    const std::size_t n = std::fread(out, 1, size, file_);
    if (n < size && std::ferror(file_))
        throw Error(Errc::io, "cannot read '" + name_ + "': " + std::strerror(errno), "check the file and the disk");
    return n;
}

bool LineReader::fill() {
    // Plain data is passed through; zstd data (magic 28 B5 2F FD) is decoded.
    if (raw_pos_ >= raw_.size() && !output_full_) {
        if (raw_end_) {
            if (frame_open_)
                throw Error(Errc::bad_input, name_ + " ends in the middle of its zstd data: the file is cut short",
                            "make the dump again, or copy the whole file");
            return false;
        }
        raw_.resize(kReadChunk);
        raw_.resize(read_raw(raw_.data(), raw_.size()));
        raw_pos_ = 0;
        if (raw_.empty()) {
            raw_end_ = true;
            return fill();
        }
    }
    if (!sniffed_) {
        sniffed_ = true;
        while (raw_.size() < 4 && !raw_end_) {  // the magic number may come in pieces from a pipe
            char more[4];
            const std::size_t n = read_raw(more, 4 - raw_.size());
            if (n == 0) raw_end_ = true;
            raw_.append(more, n);
        }
        if (raw_.size() >= 4 && static_cast<unsigned char>(raw_[0]) == 0x28 &&
            static_cast<unsigned char>(raw_[1]) == 0xB5 && static_cast<unsigned char>(raw_[2]) == 0x2F &&
            static_cast<unsigned char>(raw_[3]) == 0xFD) {
            zstd_ = ZSTD_createDCtx();
            if (zstd_ == nullptr) throw Error(Errc::internal, "zstd decompression could not start: out of memory");
        }
    }
    if (zstd_ == nullptr) {
        pending_.append(raw_, raw_pos_, std::string::npos);
        raw_pos_ = raw_.size();
        return true;
    }
    ZSTD_inBuffer in{raw_.data(), raw_.size(), raw_pos_};
    std::string out(ZSTD_DStreamOutSize(), '\0');
    ZSTD_outBuffer o{out.data(), out.size(), 0};
    const std::size_t rc = ZSTD_decompressStream(static_cast<ZSTD_DCtx*>(zstd_), &o, &in);
    if (ZSTD_isError(rc))
        throw Error(Errc::bad_input, name_ + " holds damaged zstd data (" + ZSTD_getErrorName(rc) + ")",
                    "make the dump again, or copy the whole file");
    frame_open_ = rc != 0;
    output_full_ = o.pos == o.size;  // the decoder may hold more output
    raw_pos_ = in.pos;
    pending_.append(out.data(), o.pos);
    return true;
}

bool LineReader::next(std::string& line, bool& terminated) {
    line.clear();
    for (;;) {
        const std::size_t nl = pending_.find('\n', pending_pos_);
        const std::size_t end = nl == std::string::npos ? pending_.size() : nl;
        if (line.size() + (end - pending_pos_) > max_line_)
            throw Error(Errc::bad_input,
                        "line " + std::to_string(line_ + 1) + " of " + name_ + " is longer than " +
                            std::to_string(max_line_) + " bytes",
                        "this is not a newsdb dump, or it is damaged");
        line.append(pending_, pending_pos_, end - pending_pos_);
        if (nl != std::string::npos) {
            pending_pos_ = nl + 1;
            terminated = true;
            ++line_;
            return true;
        }
        pending_.clear();
        pending_pos_ = 0;
        if (!fill()) {
            if (line.empty()) return false;
            terminated = false;
            ++line_;
            return true;
        }
    }
}

} // namespace newsdb::util
