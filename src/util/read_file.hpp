// Reading input files: whole, or a byte range at a time (POSIX reads, with
// newsdb's messages when they fail).
#pragma once

#include <cstdint>
#include <string>

namespace newsdb::util {

// A file open for reading, closed with the object.
class InputFile {
public:
    // Throws Error(bad_input) when `path` cannot be opened.
    explicit InputFile(const std::string& path);
    InputFile(const InputFile&) = delete;
    InputFile& operator=(const InputFile&) = delete;
    ~InputFile();

    int fd() const noexcept { return fd_; }
    // Bytes [begin, end); throws Error(bad_input) when they cannot be read,
    // or when the file has become shorter.
    std::string read_range(int64_t begin, int64_t end) const;

private:
    int fd_;
};

// A file's bytes; throws Error(bad_input) when it cannot be read.
std::string read_whole_file(const std::string& path);

} // namespace newsdb::util
