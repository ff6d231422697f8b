// libFuzzer target: the plain-text parser directly (no decoding stage), so
// its line, footnote, citation and date handling see raw, hostile bytes.
// Contract: an article with a title, or Error(bad_input).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "newsdb/error.hpp"
#include "newsdb/parse.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    try {
        const auto article = newsdb::parse_plain_text(bytes, "fuzz.txt");
        if (article.title.empty()) std::abort();
        for (const auto& p : article.paragraphs) {
            std::size_t previous = 0;
            for (const auto& c : p.citations) {
                if (c.offset > p.text.size() || c.offset < previous) std::abort();
                previous = c.offset;
            }
        }
        int previous_note = 0;
        for (const auto& f : article.footnotes) {
            if (f.number < previous_note) std::abort();  // ordered by number
            previous_note = f.number;
        }
    } catch (const newsdb::Error& e) {
        if (e.code() != newsdb::Errc::bad_input) std::abort();
    }
    // Dates: any text in, ISO 8601 or nothing out.
    const std::string date = newsdb::normalize_date(bytes.substr(0, 64));
    if (!date.empty() && (date.size() < 4 || date.size() > 10)) std::abort();
    return 0;
}
