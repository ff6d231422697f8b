#include "util/read_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "newsdb/error.hpp"

namespace newsdb::util {

namespace {

[[noreturn]] void cannot_read(int err) {
    throw Error(Errc::bad_input, "cannot read file: " + std::string(std::strerror(err)),
                "check that the file exists and is readable");
}

} // namespace

InputFile::InputFile(const std::string& path) : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {
    if (fd_ < 0) cannot_read(errno);
}

InputFile::~InputFile() { ::close(fd_); }

std::string InputFile::read_range(int64_t begin, int64_t end) const {
    std::string out(static_cast<std::size_t>(end - begin), '\0');
    std::size_t done = 0;
    while (done < out.size()) {
        const ssize_t n = ::pread(fd_, out.data() + done, out.size() - done, static_cast<off_t>(begin) + static_cast<off_t>(done));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0)
            throw Error(Errc::bad_input,
                        n < 0 ? "error while reading the file: " + std::string(std::strerror(errno))
                              : std::string("the file became shorter while it was read"),
                        "check the file, then ingest it again");
        done += static_cast<std::size_t>(n);
    }
    return out;
}

std::string read_whole_file(const std::string& path) {
    InputFile f(path);
    struct stat st {};
    std::string bytes;
    if (::fstat(f.fd(), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
        bytes.reserve(static_cast<std::size_t>(st.st_size));
    char buffer[1 << 16];
    for (;;) {
        const ssize_t n = ::read(f.fd(), buffer, sizeof buffer);
        if (n == 0) break;
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EISDIR) cannot_read(errno);
            throw Error(Errc::bad_input, "error while reading the file: " + std::string(std::strerror(errno)),
                        "check the disk and the file");
        }
        bytes.append(buffer, static_cast<std::size_t>(n));
    }
    return bytes;
}

} // namespace newsdb::util
