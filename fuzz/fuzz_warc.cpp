// libFuzzer target: WARC records (src/parse/warc.cpp, http_message.cpp),
// plain and as a .warc.gz, whole and cut into parts. Contract: items in
// record order, each with a locator and either an article or a reason; the
// parts' items are the whole file's; nothing but Error(bad_input) escapes.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "newsdb/error.hpp"
#include "newsdb/parse.hpp"
#include "parse/warc.hpp"

namespace {

std::string describe(const std::vector<newsdb::ParsedItem>& items) {
    std::string out;
    int64_t previous = -1;
    for (const auto& item : items) {
        if (item.locator.empty() || !item.record_offset || *item.record_offset < previous) std::abort();
        previous = *item.record_offset;
        if (item.article ? !item.error.empty() : item.error.empty()) std::abort();
        out += item.locator + (item.article ? item.article->title : item.error) + "\n";
    }
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    try {
        const auto source = newsdb::parse::memory_source(bytes);
        const std::string whole = describe(newsdb::parse::parse_warc_range(*source, 0, source->size()));
        const auto cuts = newsdb::parse::plan_warc_cuts(*source, 64);
        if (cuts.size() < 2 || cuts.front() != 0 || cuts.back() != source->size()) std::abort();
        std::string parts;
        for (std::size_t i = 0; i + 1 < cuts.size(); ++i)
            parts += describe(newsdb::parse::parse_warc_range(*source, cuts[i], cuts[i + 1]));
        if (parts != whole) std::abort();
        (void)newsdb::parse::parse_http_response(bytes, "https://fuzz.example/");
    } catch (const newsdb::Error& e) {
        if (e.code() != newsdb::Errc::bad_input) std::abort();
    }
    return 0;
}
