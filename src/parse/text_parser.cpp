#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "newsdb/error.hpp"
#include "newsdb/parse.hpp"
#include "parse/boilerplate.hpp"
#include "parse/footnotes.hpp"
#include "parse/text_util.hpp"
#include "util/utf8.hpp"

namespace newsdb {

namespace {

using parse::bracket_label;
using parse::is_ascii_digit;
using parse::istarts_with;
using parse::trim;

constexpr std::size_t max_title_code_points = 200;
constexpr std::size_t max_title_words = 30;
constexpr std::size_t max_metadata_bytes = 120;
// Hard-wrapped text rarely exceeds this width; a longer line is a paragraph of its own.
constexpr std::size_t long_line_code_points = 100;

using Block = std::vector<std::string>;  // non-blank lines between blank lines

// Labels allowed under a "Notes"/"References" heading: [N], N., N), ^N.
std::optional<std::pair<int, std::size_t>> section_label(std::string_view line) {
    if (auto label = bracket_label(line)) return label;
    std::size_t i = 0;
    if (!line.empty() && line[0] == '^') i = 1;
    const std::size_t digits_start = i;
    int number = 0;
    while (i < line.size() && is_ascii_digit(line[i]) && i - digits_start < 4)
        number = number * 10 + (line[i++] - '0');
    if (i == digits_start || number == 0) return std::nullopt;
    if (digits_start == 0) {
        if (i >= line.size() || (line[i] != '.' && line[i] != ')')) return std::nullopt;
        ++i;
    }
    if (i < line.size() && line[i] != ' ') return std::nullopt;
    while (i < line.size() && line[i] == ' ') ++i;
    return std::pair{number, i};
}

bool is_notes_heading(std::string_view line) {
    while (!line.empty() && line.front() == '#') line = trim(line.substr(1));
    while (!line.empty() && line.back() == ':') line.remove_suffix(1);
    for (std::string_view h : {"notes", "references", "sources", "footnotes", "endnotes",
                               "end notes", "bibliography", "citations"})
        if (parse::iequals(line, h)) return true;
    return false;
}

std::vector<Footnote> parse_footnote_lines(const std::vector<std::string>& lines, bool bracket_only) {
    std::vector<std::pair<int, std::string>> entries;
    for (const auto& line : lines) {
        auto label = bracket_only ? bracket_label(line) : section_label(line);
        if (label) entries.emplace_back(label->first, line.substr(label->second));
        else if (!entries.empty()) entries.back().second += (entries.back().second.empty() ? "" : " ") + line;
    }
    std::vector<Footnote> notes;
    std::set<int> seen;
    for (auto& [number, text] : entries)
        if (seen.insert(number).second) notes.push_back(parse::parse_footnote(number, std::move(text)));
    std::stable_sort(notes.begin(), notes.end(),
                     [](const Footnote& a, const Footnote& b) { return a.number < b.number; });
    return notes;
}

// Takes the trailing footnote section off `blocks`: either every trailing block
// starts with an `[N]` label, or a Notes/References heading is followed only by
// labelled entries (the heading is dropped).
std::vector<Footnote> take_footnotes(std::vector<Block>& blocks) {
    for (std::size_t h = blocks.size(); h-- > 0;) {
        if (!is_notes_heading(blocks[h].front())) continue;
        std::vector<std::string> lines;
        bool ok = true;
        for (std::size_t b = h; b < blocks.size() && ok; ++b) {
            const std::size_t first = b == h ? 1 : 0;
            if (first < blocks[b].size() && !section_label(blocks[b][first])) ok = false;
            lines.insert(lines.end(), blocks[b].begin() + static_cast<std::ptrdiff_t>(first), blocks[b].end());
        }
        if (ok && !lines.empty()) {
            blocks.resize(h);
            return parse_footnote_lines(lines, false);
        }
        break;  // only the last heading can start the final section
    }
    std::size_t k = blocks.size();
    while (k > 0 && bracket_label(blocks[k - 1].front())) --k;
    if (k == blocks.size()) return {};
    std::vector<std::string> lines;
    for (std::size_t b = k; b < blocks.size(); ++b) lines.insert(lines.end(), blocks[b].begin(), blocks[b].end());
    blocks.resize(k);
    return parse_footnote_lines(lines, true);
}

// Drops trailing citation marks and closing quotes/brackets to see how a line really ends.
std::string_view sentence_core(std::string_view line) {
    for (;;) {
        if (!line.empty() && line.back() == ']') {
            const auto open = line.rfind('[');
            if (open != std::string_view::npos && bracket_label(line.substr(open))) {
                line = line.substr(0, open);
                continue;
            }
        }
        if (line.ends_with("\xE2\x80\x9D") || line.ends_with("\xE2\x80\x99")) {
            line.remove_suffix(3);
            continue;
        }
        if (!line.empty() && (line.back() == '"' || line.back() == '\'' || line.back() == ')')) {
            line.remove_suffix(1);
            continue;
        }
        return line;
    }
}

bool ends_like_sentence(std::string_view line) {
    line = sentence_core(line);
    if (line.empty()) return false;
    const char c = line.back();
    return c == '.' || c == '!' || c == '?' || c == ':' || line.ends_with("\xE2\x80\xA6");
}

std::size_t word_count(std::string_view s) {
    return s.empty() ? 0 : static_cast<std::size_t>(std::count(s.begin(), s.end(), ' ')) + 1;
}

bool looks_like_headline(std::string_view line) {
    if (util::utf8_length(line) > max_title_code_points || word_count(line) > max_title_words) return false;
    if (bracket_label(line)) return false;
    const char last = line.back();
    if (last == ',' || last == ';' || last == ':') return false;
    if (last == '.') {
        // "..." and abbreviations such as "U.S." end headlines; a full stop ends a sentence.
        if (line.ends_with("...")) return true;
        const auto space = line.rfind(' ');
        const std::string_view word = space == std::string_view::npos ? line : line.substr(space + 1);
        return std::count(word.begin(), word.end(), '.') >= 2;
    }
    return true;
}

bool is_bullet(std::string_view line) {
    for (std::string_view b : {"- ", "* ", "\xE2\x80\xA2 ", "\xE2\x80\x93 ", "\xE2\x80\x94 ", "\xC2\xB7 "})
        if (line.starts_with(b)) return true;
    std::size_t i = 0;
    while (i < line.size() && i < 2 && is_ascii_digit(line[i])) ++i;
    return i > 0 && i + 1 < line.size() && (line[i] == '.' || line[i] == ')') && line[i + 1] == ' ';
}

// Whether the lines of a block are separate paragraphs (one per line) rather
// than one hard-wrapped paragraph: most of them are long or end a sentence.
bool one_paragraph_per_line(const std::vector<std::string>& lines, std::size_t from = 0) {
    const std::size_t n = lines.size() - from;
    if (n == 0) return false;
    if (n == 1) return util::utf8_length(lines[from]) > long_line_code_points;
    std::size_t paragraph_like = 0;
    for (std::size_t i = from; i + 1 < lines.size(); ++i) {
        const std::size_t len = util::utf8_length(lines[i]);
        if (len > long_line_code_points || (len >= 40 && ends_like_sentence(lines[i]))) ++paragraph_like;
    }
    return paragraph_like * 10 >= (n - 1) * 6;
}

std::vector<std::string> block_paragraphs(const Block& block) {
    const bool per_line = block.size() > 1 && one_paragraph_per_line(block);
    std::vector<std::string> out;
    for (const auto& line : block) {
        if (out.empty() || per_line || is_bullet(line)) out.push_back(line);
        else out.back() += " " + line;
    }
    return out;
}

// --- metadata lines ----------------------------------------------------------

bool is_name_word(std::string_view w) {
    if (w.empty()) return false;
    const auto c = static_cast<unsigned char>(w[0]);
    if ((c >= 'A' && c <= 'Z') || c >= 0x80) return true;
    for (std::string_view particle : {"de", "van", "von", "der", "den", "da", "di", "du", "la", "le", "al",
                                      "bin", "ibn", "del", "dos", "y"})
        if (w == particle) return true;
    return false;
}

bool is_name_list(std::string_view s) {
    std::size_t words_in_name = 0;
    std::size_t start = 0;
    bool any = false;
    while (start <= s.size()) {
        auto end = s.find(' ', start);
        if (end == std::string_view::npos) end = s.size();
        const std::string_view w = s.substr(start, end - start);
        if (w == "and" || w == "&") {
            if (words_in_name == 0) return false;
            words_in_name = 0;
        } else {
            if (!is_name_word(w) || ++words_in_name > 4) return false;
            any = true;
        }
        start = end + 1;
    }
    return any && words_in_name > 0;
}

struct Metadata {
    std::string date, source, author, url;
};

bool is_url(std::string_view s) {
    return (istarts_with(s, "http://") || istarts_with(s, "https://")) && s.find(' ') == std::string_view::npos;
}

// A date line may carry a time after the date: "14 February 2020, 10:32 GMT".
std::string date_of_line(std::string_view s) {
    if (auto d = normalize_date(s); !d.empty()) return d;
    // The time needs a digit, `:` or `.`, two digits: without them (most
    // lines) std::regex, slow and case-blind one character at a time, is spared.
    bool has_time = false;
    for (std::size_t i = 1; !has_time && i + 2 < s.size(); ++i)
        has_time = (s[i] == ':' || s[i] == '.') && is_ascii_digit(s[i - 1]) && is_ascii_digit(s[i + 1]) &&
                   is_ascii_digit(s[i + 2]);
    if (!has_time) return {};
    static const std::regex time_suffix(
        R"(^(.*?)(?:,| at| -| \|)? \d{1,2}[:.]\d{2}(?: ?[ap]\.?m\.?)?(?: [A-Z]{2,5})?$)",
        std::regex::ECMAScript | std::regex::icase);
    std::match_results<std::string_view::const_iterator> m;
    if (std::regex_match(s.begin(), s.end(), m, time_suffix)) return normalize_date(m[1].str());
    return {};
}

// Recognises one metadata line and records it; false leaves `meta` untouched.
bool take_metadata_line(std::string_view line, Metadata& meta) {
    if (line.size() > max_metadata_bytes) return false;
    const auto after = [&](std::string_view prefix) { return trim(line.substr(prefix.size())); };
    for (std::string_view p : {"By ", "BY ", "by "}) {
        if (!line.starts_with(p)) continue;
        const std::string_view rest = after(p);
        const auto comma = rest.find(", ");
        const std::string_view names = rest.substr(0, comma);
        const std::string_view affiliation = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 2);
        if (!is_name_list(names)) return false;
        // "By A, B and C" lists authors; "By A, Reuters" names an affiliation.
        if (affiliation.find(" and ") != std::string_view::npos && word_count(rest) <= 12) {
            if (meta.author.empty()) meta.author = std::string(rest);
            return true;
        }
        if (affiliation.find(", ") != std::string_view::npos) return false;
        if (!affiliation.empty() && (word_count(affiliation) > 5 || !is_name_word(affiliation))) return false;
        if (meta.author.empty()) meta.author = std::string(names);
        if (!affiliation.empty() && meta.source.empty()) meta.source = std::string(affiliation);
        return true;
    }
    for (std::string_view p : {"Published on:", "Published on", "Published:", "Published", "First published:",
                               "First published on", "First published", "Last updated:", "Last updated",
                               "Updated on", "Updated:", "Updated", "Posted on", "Posted:", "Posted", "Date:",
                               ""}) {
        if (!istarts_with(line, p) || (!p.empty() && line.size() > p.size() && p.back() != ':' &&
                                       line[p.size()] != ' '))
            continue;
        if (auto d = date_of_line(after(p)); !d.empty()) {
            if (meta.date.empty()) meta.date = d;
            return true;
        }
    }
    for (std::string_view p : {"Source:", "Author:", "URL:"}) {
        if (!istarts_with(line, p)) continue;
        const std::string_view value = after(p);
        if (value.empty()) return false;
        if (p == "URL:") {
            if (!is_url(value)) return false;
            if (meta.url.empty()) meta.url = std::string(value);
        } else if (p == "Source:") {
            if (meta.source.empty()) meta.source = std::string(value);
        } else if (meta.author.empty()) {
            meta.author = std::string(value);
        }
        return true;
    }
    if (is_url(line)) {
        if (meta.url.empty()) meta.url = std::string(line);
        return true;
    }
    return false;
}

// Consumes metadata lines from the front of `blocks`, stopping at the first other line.
void take_leading_metadata(std::vector<Block>& blocks, Metadata& meta) {
    while (!blocks.empty()) {
        Block& first = blocks.front();
        std::size_t n = 0;
        while (n < first.size() && take_metadata_line(first[n], meta)) ++n;
        first.erase(first.begin(), first.begin() + static_cast<std::ptrdiff_t>(n));
        if (!first.empty()) return;
        blocks.erase(blocks.begin());
    }
}

// --- citations -----------------------------------------------------------------

// Parses "[1]", "[1, 2]", "[1-3]" starting at `pos`; returns the numbers and the end.
std::optional<std::pair<std::vector<int>, std::size_t>> citation_mark(std::string_view s, std::size_t pos) {
    std::vector<int> numbers;
    std::size_t i = pos + 1;
    for (;;) {
        int a = 0;
        const std::size_t start = i;
        while (i < s.size() && is_ascii_digit(s[i]) && i - start < 4) a = a * 10 + (s[i++] - '0');
        if (i == start || a == 0) return std::nullopt;
        int b = a;
        std::size_t range_end = i;
        if (range_end < s.size() && (s[range_end] == '-' || s.substr(range_end).starts_with("\xE2\x80\x93"))) {
            range_end += s[range_end] == '-' ? 1 : 3;
            const std::size_t bstart = range_end;
            b = 0;
            while (range_end < s.size() && is_ascii_digit(s[range_end]) && range_end - bstart < 4)
                b = b * 10 + (s[range_end++] - '0');
            if (range_end == bstart || b < a || b - a > 50) return std::nullopt;
            i = range_end;
        }
        for (int n = a; n <= b; ++n) numbers.push_back(n);
        while (i < s.size() && s[i] == ' ') ++i;
        if (i < s.size() && s[i] == ']') return std::pair{numbers, i + 1};
        if (i >= s.size() || s[i] != ',') return std::nullopt;
        ++i;
        while (i < s.size() && s[i] == ' ') ++i;
    }
}

// Whether the character starting at `pos` is part of a word (so a removed mark
// before it would glue two words together); punctuation and quotes are not.
bool starts_word(std::string_view s, std::size_t pos) {
    const auto u = static_cast<unsigned char>(s[pos]);
    if (u < 0x80) return std::isalnum(u) != 0;
    std::size_t len = 0;
    const char32_t cp = util::decode_utf8(s, pos, len);
    const bool punctuation = (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F) ||
                             (cp >= 0xA0 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7;
    return !punctuation;
}

Paragraph link_citations(std::string_view text, const std::set<int>& notes) {
    Paragraph p;
    std::string& out = p.text;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] == '[') {
            if (auto mark = citation_mark(text, i)) {
                const auto& [numbers, end] = *mark;
                const bool all_known = std::all_of(numbers.begin(), numbers.end(),
                                                   [&](int n) { return notes.count(n) > 0; });
                if (all_known) {
                    if (!out.empty() && out.back() == ' ') out.pop_back();
                    for (int n : numbers) p.citations.push_back({n, out.size()});
                    i = end;
                    if (out.empty()) {
                        while (i < text.size() && text[i] == ' ') ++i;
                    } else if (i < text.size() && starts_word(text, i)) {
                        out += ' ';  // "word[1]next" must not glue two words
                    }
                    continue;
                }
            }
        }
        out += text[i++];
    }
    return p;
}

// --- title fallbacks -------------------------------------------------------------

std::string title_from_name(std::string_view name) {
    const auto slash = name.find_last_of("/\\");
    if (slash != std::string_view::npos) name = name.substr(slash + 1);
    const auto dot = name.rfind('.');
    if (dot != std::string_view::npos && dot > 0) name = name.substr(0, dot);
    std::string t(name);
    std::replace(t.begin(), t.end(), '-', ' ');
    std::replace(t.begin(), t.end(), '_', ' ');
    return parse::normalize_line(t);
}

std::string title_from_text(std::string_view text) {
    constexpr std::size_t max_words = 12;
    constexpr std::size_t max_bytes = 100;
    std::string t;
    std::size_t words = 0;
    std::size_t start = 0;
    while (start < text.size() && words < max_words) {
        auto end = text.find(' ', start);
        if (end == std::string_view::npos) end = text.size();
        if (!t.empty() && t.size() + 1 + (end - start) > max_bytes) break;
        if (!t.empty()) t += ' ';
        t += text.substr(start, end - start);
        ++words;
        start = end + 1;
    }
    return t;
}

} // namespace

ParsedArticle parse_plain_text(std::string_view bytes, std::string_view name_hint) {
    check_text_bytes(bytes);
    ParsedArticle article;

    std::vector<Block> blocks;
    bool block_open = false;
    for (std::string_view raw : parse::split_lines(bytes)) {
        std::string line = parse::normalize_line(raw);
        if (line.empty()) {
            block_open = false;
            continue;
        }
        if (auto match = parse::match_boilerplate(line)) {
            if (match->kind == Boilerplate::Kind::paywall) article.is_excerpt = true;
            if (match->words_shown && !article.words_shown) {
                article.words_shown = match->words_shown;
                article.words_total = match->words_total;
            }
            article.boilerplate.push_back({match->kind, std::move(line)});
            block_open = false;  // a removed line separates what is around it
            continue;
        }
        if (!block_open) blocks.emplace_back();
        blocks.back().push_back(std::move(line));
        block_open = true;
    }

    article.footnotes = take_footnotes(blocks);

    Metadata meta;
    take_leading_metadata(blocks, meta);
    if (!blocks.empty() && looks_like_headline(blocks.front().front())) {
        Block& first = blocks.front();
        Metadata after_title;
        std::size_t n = 1;
        while (n < first.size() && take_metadata_line(first[n], after_title)) ++n;
        if (first.size() == 1 || n == first.size() || one_paragraph_per_line(first, n)) {
            article.title = first.front();
            if (meta.author.empty()) meta.author = after_title.author;
            if (meta.date.empty()) meta.date = after_title.date;
            if (meta.source.empty()) meta.source = after_title.source;
            if (meta.url.empty()) meta.url = after_title.url;
            first.erase(first.begin(), first.begin() + static_cast<std::ptrdiff_t>(n));
            if (first.empty()) blocks.erase(blocks.begin());
            take_leading_metadata(blocks, meta);
        }
    }
    article.date = meta.date;
    article.source = meta.source;
    article.author = meta.author;
    article.url = meta.url;

    std::set<int> note_numbers;
    for (const auto& note : article.footnotes) note_numbers.insert(note.number);
    for (const auto& block : blocks)
        for (const auto& text : block_paragraphs(block))
            article.paragraphs.push_back(link_citations(text, note_numbers));

    if (article.paragraphs.empty())
        throw Error(Errc::bad_input,
                    "no article text found: nothing is left after the title, site chrome and notices",
                    "check that the file holds the article's text, with the title on the first line");

    if (article.title.empty()) article.title = title_from_name(name_hint);
    if (article.title.empty()) article.title = title_from_text(article.paragraphs.front().text);
    return article;
}

} // namespace newsdb
