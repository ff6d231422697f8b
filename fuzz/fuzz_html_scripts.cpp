// libFuzzer target, differential: an HTML page parses to the same article (or
// the same error) whether or not its script and style bodies are left out
// first (html::drop_script_and_style). A difference means the scan lost step
// with gumbo's tokenizer somewhere.
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "newsdb/error.hpp"
#include "parse/parsers.hpp"

namespace {

struct Outcome {
    std::optional<newsdb::ParsedArticle> article;
    std::string error;
};

Outcome parse(std::string_view html, newsdb::parse::Markup markup) {
    Outcome o;
    try {
        o.article = newsdb::parse::parse_html(html, "fuzz.html", markup);
    } catch (const newsdb::Error& e) {
        o.error = e.what();
    }
    return o;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // parse_html takes valid UTF-8 (decoding comes first in parse_input).
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    std::string html;
    for (unsigned char c : bytes) html.push_back(c < 0x80 ? static_cast<char>(c) : '?');
    const Outcome kept = parse(html, newsdb::parse::Markup::as_written);
    const Outcome lean = parse(html, newsdb::parse::Markup::lean);
    if (kept.error != lean.error || kept.article != lean.article) std::abort();
    return 0;
}
