// libFuzzer target: newsdb::parse_input on any bytes, every format. The first
// byte chooses the format and the file name (so extension-based detection and
// gzip handling are reached too); the rest is the file's content.
// Contract: returns at least one item, or throws newsdb::Error(bad_input);
// whatever the bytes (stray, mislabelled, cut short), every stored text is
// valid UTF-8 and names the encoding it was read from.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "newsdb/error.hpp"
#include "newsdb/parse.hpp"
#include "util/utf8.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    static constexpr newsdb::InputFormat kFormats[] = {
        newsdb::InputFormat::automatic, newsdb::InputFormat::text, newsdb::InputFormat::html,
        newsdb::InputFormat::markdown,  newsdb::InputFormat::json, newsdb::InputFormat::jsonl,
        newsdb::InputFormat::sgml};
    static constexpr const char* kNames[] = {"article.txt", "page.html", "post.md", "items.json",
                                             "items.jsonl", "wire.sgm",  "article",  "article.txt.gz"};
    const uint8_t selector = data[0];
    newsdb::ParseOptions options;
    options.format = kFormats[selector % 7];
    if (selector & 0x80) options.json_fields["text"] = "body";
    const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
    try {
        const auto result = newsdb::parse_input(bytes, kNames[(selector >> 3) % 8], options);
        if (result.items.empty()) std::abort();  // the contract: at least one item
        if (result.encoding.empty()) std::abort();
        for (const auto& item : result.items) {
            if (!item.article) continue;
            const auto& a = *item.article;
            if (a.title.empty()) std::abort();  // the title is never empty
            if (newsdb::util::first_invalid_utf8(a.title)) std::abort();
            for (const auto& p : a.paragraphs) {
                if (newsdb::util::first_invalid_utf8(p.text)) std::abort();
                for (const auto& c : p.citations)
                    if (c.offset > p.text.size()) std::abort();
            }
        }
    } catch (const newsdb::Error& e) {
        if (e.code() != newsdb::Errc::bad_input) std::abort();
    }
    return 0;
}
