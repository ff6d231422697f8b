// libFuzzer target: the dump reader (newsdb restore). Every input is either
// restored or refused with Error(bad_input) or Error(incompatible_archive),
// and a refused input leaves the archive as it was.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include "newsdb/archive.hpp"
#include "newsdb/error.hpp"

namespace {

newsdb::Archive& archive() {
    static const std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("newsdb-fuzz-dump-" + std::to_string(getpid()) + ".db");
    static newsdb::Archive a = [] {
        std::filesystem::remove(path);
        return newsdb::Archive::open(path, newsdb::OpenMode::read_write);
    }();
    return a;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view dump(reinterpret_cast<const char*>(data), size);
    newsdb::Archive& a = archive();
    const int64_t before = a.stats().articles;
    try {
        a.restore_bytes(dump);
    } catch (const newsdb::Error& e) {
        const bool expected = e.code() == newsdb::Errc::bad_input || e.code() == newsdb::Errc::incompatible_archive;
        if (!expected || e.message().empty()) std::abort();
        if (a.stats().articles != before) std::abort();  // a refused dump changed the archive
    }
    return 0;
}
