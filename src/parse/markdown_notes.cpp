#include "parse/markdown_notes.hpp"

#include <algorithm>
#include <optional>
#include <regex>
#include <utility>

#include "parse/sgml_text.hpp"
#include "parse/text_util.hpp"
#include "util/utf8.hpp"

namespace newsdb::parse {

namespace {

// A [N] note label, except "[1]: url", which is a link definition.
std::optional<std::pair<int, std::size_t>> note_label(std::string_view line) {
    auto label = bracket_label(line);
    const std::size_t close = line.find(']');
    if (label && close + 1 < line.size() && line[close + 1] == ':') return std::nullopt;
    return label;
}

bool is_notes_heading(std::string_view text) {
    if (text.size() > 40) return false;
    std::string line = normalize_line(text);
    while (!line.empty() && line.back() == ':') line.pop_back();
    for (std::string_view h : {"notes", "references", "sources", "footnotes", "endnotes", "end notes",
                               "citations", "bibliography", "works cited"})
        if (iequals(line, h)) return true;
    return false;
}

bool is_heading_like(const MdBlock& b) {
    return b.kind == MdBlock::Kind::heading ||
           (b.kind == MdBlock::Kind::paragraph && b.list_number == 0 && b.text.find('\n') == std::string::npos);
}

std::vector<std::string_view> lines_of(std::string_view text) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto nl = text.find('\n', start);
        if (nl == std::string_view::npos) nl = text.size();
        out.push_back(text.substr(start, nl - start));
        start = nl + 1;
    }
    return out;
}

// Notes from a paragraph of `[n] ...` lines; a line without a label continues the note above.
bool append_bracket_notes(const MdBlock& block, std::vector<RawNote>& notes) {
    const auto lines = lines_of(block.text);
    if (lines.empty() || !note_label(normalize_line(lines.front()))) return false;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string line = normalize_line(lines[i]);
        if (auto label = note_label(line)) {
            notes.push_back({label->first, line.substr(label->second), {}});
        } else if (!line.empty()) {
            notes.back().text += " " + line;
        }
        for (const auto& u : block.urls)
            if (u.line == i) notes.back().urls.push_back(u.url);
    }
    return true;
}

// `<li id="fn3">...</li>` entries of an HTML footnote list.
std::vector<RawNote> html_notes(std::string_view html) {
    static const std::regex item(R"(<li\b[^>]*\bid\s*=\s*["']fn-?(\d{1,4})["'][^>]*>([\s\S]*?)</li>)",
                                 std::regex::icase);
    static const std::regex back_link(R"(<a\b[^>]*href\s*=\s*["']#[^"']*["'][^>]*>[\s\S]*?</a>)", std::regex::icase);
    static const std::regex href(R"(href\s*=\s*["'](https?://[^"']+)["'])", std::regex::icase);
    static const std::regex md_link(R"(\[([^\]]*)\]\((https?://[^)\s]+)\))");
    std::vector<RawNote> notes;
    const std::string text = to_lower_ascii(html).find("id=\"fn") == std::string::npos &&
                                     to_lower_ascii(html).find("id='fn") == std::string::npos
                                 ? std::string{}
                                 : std::string(html);  // std::regex is slow: only where notes can be
    for (auto it = std::sregex_iterator(text.begin(), text.end(), item); it != std::sregex_iterator(); ++it) {
        RawNote note;
        note.number = std::stoi((*it)[1].str());
        std::string body = std::regex_replace((*it)[2].str(), back_link, " ");
        std::smatch m;
        if (std::regex_search(body, m, href)) note.urls.push_back(m[1].str());
        if (std::regex_search(body, m, md_link)) note.urls.push_back(m[2].str());
        body = std::regex_replace(body, md_link, "$1");
        for (const auto& block : html_blocks(body)) note.text += (note.text.empty() ? "" : " ") + block;
        if (note.number > 0 && !note.text.empty()) notes.push_back(std::move(note));
    }
    return notes;
}

std::vector<RawNote> take_html_notes(std::vector<MdBlock>& blocks) {
    for (std::size_t i = blocks.size(); i-- > 0;) {
        if (blocks[i].kind != MdBlock::Kind::html) continue;
        std::vector<RawNote> notes = html_notes(blocks[i].text);
        if (notes.empty()) continue;
        std::size_t first = i;
        if (first > 0 && blocks[first - 1].kind == MdBlock::Kind::heading && is_notes_heading(blocks[first - 1].text))
            --first;
        blocks.erase(blocks.begin() + static_cast<std::ptrdiff_t>(first),
                     blocks.begin() + static_cast<std::ptrdiff_t>(i) + 1);
        return notes;
    }
    return {};
}

// A Notes/References heading followed only by numbered entries.
std::vector<RawNote> take_notes_section(std::vector<MdBlock>& blocks) {
    for (std::size_t h = blocks.size(); h-- > 0;) {
        if (!is_heading_like(blocks[h]) || !is_notes_heading(blocks[h].text)) continue;
        std::vector<RawNote> notes;
        for (std::size_t b = h + 1; b < blocks.size(); ++b) {
            const MdBlock& block = blocks[b];
            if (block.kind == MdBlock::Kind::paragraph && block.list_number > 0) {
                RawNote note{block.list_number, block.text, {}};
                std::replace(note.text.begin(), note.text.end(), '\n', ' ');
                for (const auto& u : block.urls) note.urls.push_back(u.url);
                notes.push_back(std::move(note));
            } else if (block.kind != MdBlock::Kind::paragraph || !append_bracket_notes(block, notes)) {
                return {};  // something else follows: not a notes section
            }
        }
        if (!notes.empty()) blocks.resize(h);
        return notes;
    }
    return {};
}

std::vector<RawNote> take_trailing_bracket_notes(std::vector<MdBlock>& blocks) {
    std::size_t k = blocks.size();
    while (k > 0 && blocks[k - 1].kind == MdBlock::Kind::paragraph && blocks[k - 1].list_number == 0 &&
           note_label(normalize_line(lines_of(blocks[k - 1].text).front())))
        --k;
    std::vector<RawNote> notes;
    for (std::size_t b = k; b < blocks.size(); ++b) append_bracket_notes(blocks[b], notes);
    blocks.resize(k);
    return notes;
}

// "[1]", "[1, 2]", "[1][2]" is handled as two marks. Returns the numbers and the end.
std::optional<std::pair<std::vector<int>, std::size_t>> bracket_mark(std::string_view s, std::size_t pos) {
    std::vector<int> numbers;
    std::size_t i = pos + 1;
    for (;;) {
        const std::size_t start = i;
        int n = 0;
        while (i < s.size() && is_ascii_digit(s[i]) && i - start < 4) n = n * 10 + (s[i++] - '0');
        if (i == start || n == 0) return std::nullopt;
        numbers.push_back(n);
        while (i < s.size() && s[i] == ' ') ++i;
        if (i < s.size() && s[i] == ']') return std::pair{numbers, i + 1};
        if (i >= s.size() || s[i] != ',') return std::nullopt;
        ++i;
        while (i < s.size() && s[i] == ' ') ++i;
    }
}

std::optional<std::pair<int, std::size_t>> gfm_mark(std::string_view s, std::size_t pos) {
    if (!s.substr(pos).starts_with(citation_open)) return std::nullopt;
    std::size_t i = pos + citation_open.size();
    int n = 0;
    const std::size_t start = i;
    while (i < s.size() && is_ascii_digit(s[i])) n = n * 10 + (s[i++] - '0');
    if (i == start || !s.substr(i).starts_with(citation_close)) return std::nullopt;
    return std::pair{n, i + citation_close.size()};
}

// Whether the text at `pos` starts a word (so a removed mark before it must leave a space).
bool starts_word(std::string_view s, std::size_t pos) {
    const auto u = static_cast<unsigned char>(s[pos]);
    if (u < 0x80) return (u >= '0' && u <= '9') || ((u | 0x20) >= 'a' && (u | 0x20) <= 'z');
    std::size_t len = 0;
    const char32_t cp = util::decode_utf8(s, pos, len);
    return !((cp >= 0x2000 && cp <= 0x206F) || (cp >= 0xA0 && cp <= 0xBF) || (cp >= 0x3000 && cp <= 0x303F));
}

} // namespace

std::vector<RawNote> take_numbered_notes(std::vector<MdBlock>& blocks) {
    if (auto notes = take_html_notes(blocks); !notes.empty()) return notes;
    if (auto notes = take_notes_section(blocks); !notes.empty()) return notes;
    return take_trailing_bracket_notes(blocks);
}

Paragraph link_citations(std::string_view text, const std::set<int>& notes) {
    Paragraph p;
    std::string& out = p.text;
    out.reserve(text.size());
    std::size_t i = 0;
    const auto after_mark = [&](std::size_t end) {
        i = end;
        if (out.empty()) {
            while (i < text.size() && text[i] == ' ') ++i;
        } else if (i < text.size() && starts_word(text, i)) {
            out += ' ';  // "word[1]next" must not glue two words
        }
    };
    while (i < text.size()) {
        std::vector<int> numbers;
        std::size_t end = 0;
        if (auto g = gfm_mark(text, i)) {
            numbers = {g->first};
            end = g->second;
        } else if (text[i] == '[') {
            if (auto b = bracket_mark(text, i);
                b && std::all_of(b->first.begin(), b->first.end(), [&](int n) { return notes.count(n) > 0; })) {
                numbers = b->first;
                end = b->second;
            }
        }
        if (numbers.empty()) {
            out += text[i++];
            continue;
        }
        while (!out.empty() && out.back() == ' ') out.pop_back();
        for (int n : numbers) p.citations.push_back({n, out.size()});
        after_mark(end);
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return p;
}

} // namespace newsdb::parse
