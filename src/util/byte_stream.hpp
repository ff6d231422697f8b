// Files read and written as streams of bytes, plain or zstd-compressed, for
// dumps: a writer that compresses as it goes (flat memory) and lands in place
// only when finished, and a reader of lines that decompresses as it goes.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace newsdb::util {

// Writes to `path` ("-": standard output), zstd-compressed when `path` ends
// in ".zst". A file is written beside its target and renamed into place by
// finish(); destroyed unfinished, the partial file is removed and the target
// is untouched. Throws Error(io) when a write fails.
class OutputStream {
public:
    explicit OutputStream(const std::filesystem::path& path);
    OutputStream(const OutputStream&) = delete;
    OutputStream& operator=(const OutputStream&) = delete;
    ~OutputStream();

    void write(std::string_view bytes);
    void finish();
    int64_t bytes_written() const { return written_; }  // after compression
    bool compressed() const { return zstd_ != nullptr; }

private:
    void put(const char* data, std::size_t size);
    std::filesystem::path target_, temporary_;
    std::FILE* file_ = nullptr;
    bool owns_file_ = false;
    void* zstd_ = nullptr;  // ZSTD_CCtx
    std::string buffer_;
    int64_t written_ = 0;
    bool finished_ = false;
};

// Reads lines from `path` ("-": standard input), decompressing zstd data
// (recognised by its magic number, whatever the name). Throws Error(not_found)
// for a missing file, Error(io) for a read failure, Error(bad_input) for
// damaged zstd data or a line longer than `max_line`.
class LineReader {
public:
    LineReader(const std::filesystem::path& path, std::size_t max_line);
    // Reads from memory (tests, the fuzzer).
    LineReader(std::string_view bytes, std::size_t max_line);
    LineReader(const LineReader&) = delete;
    LineReader& operator=(const LineReader&) = delete;
    ~LineReader();

    // The next line without its '\n'; false at the end. `terminated` tells
    // whether the line ended with '\n' (the last line of a cut file does not).
    bool next(std::string& line, bool& terminated);
    int64_t line_number() const { return line_; }  // of the line last returned (1-based)

private:
    bool fill();  // more decoded bytes into pending_; false at the end
    std::size_t read_raw(char* out, std::size_t size);
    std::string name_;
    std::FILE* file_ = nullptr;
    bool owns_file_ = false;
    std::string_view memory_;
    void* zstd_ = nullptr;  // ZSTD_DCtx
    bool sniffed_ = false;
    std::string raw_;       // compressed bytes read but not yet decoded
    std::size_t raw_pos_ = 0;
    bool raw_end_ = false;
    bool frame_open_ = false;
    bool output_full_ = false;
    std::string pending_;
    std::size_t pending_pos_ = 0;
    std::size_t max_line_;
    int64_t line_ = 0;
};

} // namespace newsdb::util
