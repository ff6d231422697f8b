#include "parse/sgml_text.hpp"

#include <array>
#include <optional>

#include "newsdb/parse.hpp"
#include "parse/text_util.hpp"
#include "util/utf8.hpp"

namespace newsdb::parse {

namespace {

struct NamedReference {
    std::string_view name;
    char32_t code_point;
};

// The references news text actually uses; anything else stays as written.
constexpr std::array<NamedReference, 40> named_references{{
    {"amp", U'&'},       {"lt", U'<'},         {"gt", U'>'},         {"quot", U'"'},
    {"apos", U'\''},     {"nbsp", 0xA0},       {"mdash", 0x2014},    {"ndash", 0x2013},
    {"hellip", 0x2026},  {"lsquo", 0x2018},    {"rsquo", 0x2019},    {"ldquo", 0x201C},
    {"rdquo", 0x201D},   {"sbquo", 0x201A},    {"bdquo", 0x201E},    {"laquo", 0xAB},
    {"raquo", 0xBB},     {"copy", 0xA9},       {"reg", 0xAE},        {"trade", 0x2122},
    {"deg", 0xB0},       {"pound", 0xA3},      {"euro", 0x20AC},     {"yen", 0xA5},
    {"cent", 0xA2},      {"sect", 0xA7},       {"para", 0xB6},       {"middot", 0xB7},
    {"bull", 0x2022},    {"times", 0xD7},      {"divide", 0xF7},     {"frac12", 0xBD},
    {"eacute", 0xE9},    {"egrave", 0xE8},     {"aacute", 0xE1},     {"oacute", 0xF3},
    {"uuml", 0xFC},      {"ouml", 0xF6},       {"auml", 0xE4},       {"ccedil", 0xE7},
}};

bool is_dropped_control(char32_t cp) {
    return (cp < 0x20 && cp != U'\t' && cp != U'\n' && cp != U'\r') || cp == 0x7F;
}

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// The code point of the reference starting at text[pos] == '&', and its length.
std::optional<std::pair<char32_t, std::size_t>> reference_at(std::string_view text, std::size_t pos) {
    constexpr std::size_t max_reference = 12;
    const auto semi = text.find(';', pos + 1);
    if (semi == std::string_view::npos || semi - pos > max_reference || semi == pos + 1) return std::nullopt;
    const std::string_view body = text.substr(pos + 1, semi - pos - 1);
    const std::size_t length = semi - pos + 1;
    if (body[0] == '#') {
        const bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
        const std::string_view digits = body.substr(hex ? 2 : 1);
        if (digits.empty() || digits.size() > 7) return std::nullopt;
        char32_t cp = 0;
        for (char c : digits) {
            if (hex ? !is_hex(c) : (c < '0' || c > '9')) return std::nullopt;
            const char32_t d = c <= '9' ? static_cast<char32_t>(c - '0')
                                        : static_cast<char32_t>((c | 0x20) - 'a' + 10);
            cp = cp * (hex ? 16 : 10) + d;
        }
        return std::pair{cp, length};
    }
    for (const auto& ref : named_references)
        if (body == ref.name) return std::pair{ref.code_point, length};
    return std::nullopt;
}

bool is_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Tags that end a block of text.
bool is_block_tag(std::string_view name) {
    for (std::string_view t : {"p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
                               "blockquote", "tr", "table", "section", "article", "header", "footer",
                               "figure", "figcaption", "hr", "dd", "dt", "dl", "pre", "aside", "nav"})
        if (name == t) return true;
    return false;
}

// Elements whose content is not text a reader sees.
bool is_hidden_element(std::string_view name) {
    return name == "script" || name == "style" || name == "iframe" || name == "noscript" ||
           name == "svg" || name == "template";
}

} // namespace

std::string decode_entities(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '&') {
            if (auto ref = reference_at(text, i)) {
                if (!is_dropped_control(ref->first)) util::append_utf8(out, ref->first);
                i += ref->second;
                continue;
            }
        }
        if (c < 0x80 && is_dropped_control(c)) {
            ++i;
            continue;
        }
        out += text[i++];
    }
    return out;
}

bool looks_like_html(std::string_view text) {
    const std::string lower = to_lower_ascii(text.substr(0, 20000));
    for (std::string_view tag : {"<p>", "<p ", "</p>", "<br>", "<br/>", "<br />", "<div", "</div>", "<li>",
                                 "<h2", "<h3", "<blockquote", "<span", "<strong>", "<em>", "<a href"})
        if (lower.find(tag) != std::string::npos) return true;
    return false;
}

std::vector<std::string> html_blocks(std::string_view html) {
    std::vector<std::string> blocks;
    std::string current;
    const auto flush = [&] {
        std::string line = normalize_line(decode_entities(current));
        if (!line.empty()) blocks.push_back(std::move(line));
        current.clear();
    };
    std::size_t i = 0;
    while (i < html.size()) {
        if (html[i] != '<') {
            const auto next = html.find('<', i);
            const std::size_t end = next == std::string_view::npos ? html.size() : next;
            current.append(html.substr(i, end - i));
            i = end;
            continue;
        }
        if (html.substr(i).starts_with("<!--")) {
            const auto close = html.find("-->", i + 4);
            i = close == std::string_view::npos ? html.size() : close + 3;
            continue;
        }
        std::size_t j = i + 1;
        const bool closing = j < html.size() && html[j] == '/';
        if (closing) ++j;
        const std::size_t name_start = j;
        while (j < html.size() && is_name_char(html[j])) ++j;
        if (j == name_start && !(j < html.size() && html[j] == '!')) {
            current += '<';  // a lone "<" in text, e.g. "a < b"
            ++i;
            continue;
        }
        const std::string name = to_lower_ascii(html.substr(name_start, j - name_start));
        const auto tag_end = html.find('>', j);
        if (tag_end == std::string_view::npos) break;  // a cut-off tag ends the text
        i = tag_end + 1;
        if (!closing && is_hidden_element(name)) {
            const auto close = to_lower_ascii(html.substr(i)).find("</" + name);
            if (close == std::string::npos) break;
            const auto close_end = html.find('>', i + close);
            i = close_end == std::string_view::npos ? html.size() : close_end + 1;
            continue;
        }
        // Inline tags join what is around them ("<b>word</b>," stays "word,"); cells and images separate.
        if (is_block_tag(name)) flush();
        else if (name == "td" || name == "th" || name == "img") current += ' ';
    }
    flush();
    return blocks;
}

std::string date_to_iso(std::string_view text) {
    text = trim(text);
    if (auto iso = normalize_date(text); !iso.empty()) return iso;
    const auto digit = [&](std::size_t i) { return i < text.size() && text[i] >= '0' && text[i] <= '9'; };
    const bool ymd = digit(0) && digit(1) && digit(2) && digit(3) && text.size() >= 10 && text[4] == '-' &&
                     digit(5) && digit(6) && text[7] == '-' && digit(8) && digit(9);
    if (ymd && (text.size() == 10 || text[10] == ' ' || text[10] == 'T' || text[10] == 't'))
        return normalize_date(text.substr(0, 10));
    return {};
}

} // namespace newsdb::parse
