#include <unicode/uchar.h>

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
#include "parse/chrome_words.hpp"
#include "parse/footnotes.hpp"
#include "parse/text_util.hpp"
#include "util/utf8.hpp"

namespace newsdb {

namespace {

using parse::bracket_label;
using parse::is_ascii_digit;
using parse::istarts_with;
using parse::trim;
using util::utf8_length;

constexpr std::size_t max_title_code_points = 200;
constexpr std::size_t max_title_words = 30;
constexpr std::size_t max_metadata_bytes = 120;
// Hard-wrapped text rarely exceeds this width; a longer line is a paragraph of its own.
constexpr std::size_t long_line_code_points = 100;

using Block = std::vector<std::string_view>;  // non-blank lines between blank lines

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

std::vector<Footnote> parse_footnote_lines(const Block& lines, bool bracket_only) {
    std::vector<std::pair<int, std::string>> entries;
    for (const auto& line : lines) {
        auto label = bracket_only ? bracket_label(line) : section_label(line);
        if (label) {
            entries.emplace_back(label->first, std::string(line.substr(label->second)));
        } else if (!entries.empty()) {
            if (!entries.back().second.empty()) entries.back().second += ' ';
            entries.back().second += line;
        }
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
        Block lines;
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
    Block lines;
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
bool one_paragraph_per_line(const Block& lines, std::size_t from = 0) {
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
        if (w == "and" || w == "&" || w == "und" || w == "et" || w == "ve") {
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

bool has_lowercase(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        std::size_t length = 1;
        const char32_t cp = util::decode_utf8(s, i, length);
        if (u_islower(static_cast<UChar32>(cp))) return true;
        i += length;
    }
    return false;
}

// Where the last `n` words of `s` begin (0 when it has no more than n).
std::size_t last_words(std::string_view s, std::size_t n) {
    std::size_t at = s.size();
    for (std::size_t k = 0; k < n; ++k) {
        const auto space = at == 0 ? std::string_view::npos : s.rfind(' ', at - 1);
        if (space == std::string_view::npos) return 0;
        at = space;
    }
    return at + 1;
}

// A byline without the page's counters after it: "HePro 46 views" -> "HePro",
// "Jane Doe | 5 min read" -> "Jane Doe".
std::string_view without_counters(std::string_view rest) {
    for (bool cut = true; cut;) {
        cut = false;
        for (std::size_t n = 2; n <= 3 && !cut; ++n) {
            const std::size_t at = last_words(rest, n);
            if (at == 0 || parse::chrome_phrase(rest.substr(at)) != parse::ChromePhrase::line) continue;
            rest = trim(rest.substr(0, at));
            for (bool separator = true; separator;) {
                separator = false;
                for (std::string_view sep : {"|", "-", ",", "\xC2\xB7", "\xE2\x80\xA2"})
                    if (rest.ends_with(sep)) {
                        rest = trim(rest.substr(0, rest.size() - sep.size()));
                        separator = true;
                    }
            }
            cut = true;
        }
    }
    return rest;
}

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
    // Bylines in English, German, French, Spanish and Arabic ("كتب:" wrote, "بقلم" by the pen of).
    for (std::string_view p : {"By ", "BY ", "by ", "Von ", "VON ", "Par ", "PAR ", "Por ", "POR ",
                               "\xD9\x83\xD8\xAA\xD8\xA8:", "\xD9\x83\xD8\xAA\xD8\xA8\xD8\xAA:",
                               "\xD8\xA8\xD9\x82\xD9\x84\xD9\x85:", "\xD8\xA8\xD9\x82\xD9\x84\xD9\x85 "}) {
        if (!line.starts_with(p)) continue;
        const std::string_view rest = without_counters(after(p));
        if (rest.empty()) return false;
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
    struct Label {
        std::string_view text;
        std::string Metadata::*field;
    };
    static const Label labels[] = {
        {"Source:", &Metadata::source}, {"Source :", &Metadata::source}, {"Quelle:", &Metadata::source},
        {"Kaynak:", &Metadata::source}, {"Fuente:", &Metadata::source},
        {"\xD8\xA7\xD9\x84\xD9\x85\xD8\xB5\xD8\xAF\xD8\xB1:", &Metadata::source},  // المصدر:
        {"Author:", &Metadata::author}, {"Autor:", &Metadata::author}, {"Auteur :", &Metadata::author},
        {"Auteur:", &Metadata::author}, {"Yazar:", &Metadata::author}, {"URL:", &Metadata::url}};
    for (const Label& label : labels) {
        if (!istarts_with(line, label.text)) continue;
        const std::string_view value = after(label.text);
        if (value.empty()) return false;
        if (label.field == &Metadata::url && !is_url(value)) return false;
        if ((meta.*label.field).empty()) meta.*label.field = std::string(value);
        return true;
    }
    // A source label glued to its value when a page's elements lost their
    // spacing, in an all-capitals line: "KAYNAKAA-İHA".
    if (line.size() <= 40 && !has_lowercase(line))
        for (std::string_view glued : {"KAYNAK", "SOURCE", "QUELLE", "FUENTE"})
            if (line.starts_with(glued) && line.size() > glued.size() + 1) {
                if (meta.source.empty()) meta.source = std::string(trim(line.substr(glued.size())));
                return true;
            }
    if (is_url(line)) {
        if (meta.url.empty()) meta.url = std::string(line);
        return true;
    }
    return false;
}

std::size_t first_word_length(std::string_view line) { return utf8_length(line.substr(0, line.find(' '))); }

bool starts_lowercase(std::string_view line) {
    std::size_t length = 1;
    return !line.empty() && u_islower(static_cast<UChar32>(util::decode_utf8(line, 0, length)));
}

// Whether line k of a block runs on into line k + 1, as in hard-wrapped
// text: the next starts in lower case, or line k was full (the block's width
// left no room for the next line's first word). A line that could have held
// more ended where its author ended it: a headline, a subheading, a row of a
// table. Lines of a block of paragraphs, bullets and metadata never run on.
bool continues(const Block& block, std::size_t k, bool per_line) {
    if (per_line) return false;
    const std::string_view a = block[k];
    const std::string_view b = block[k + 1];
    Metadata scratch;
    if (is_bullet(b) || take_metadata_line(b, scratch)) return false;
    if (starts_lowercase(b)) return true;
    std::size_t width = 0;
    for (std::size_t j = 0; j < block.size(); ++j)
        if (j != k) width = std::max(width, utf8_length(block[j]));
    // Text is not wrapped at fewer columns than this; shorter lines are lines of their own.
    constexpr std::size_t min_wrap_width = 40;
    return width >= min_wrap_width && utf8_length(a) + 1 + first_word_length(b) > width;
}

std::vector<std::string> block_paragraphs(const Block& block) {
    const bool per_line = block.size() > 1 && one_paragraph_per_line(block);
    std::vector<std::string> out;
    for (std::size_t k = 0; k < block.size(); ++k) {
        if (k > 0 && continues(block, k - 1, per_line)) {
            out.back() += ' ';
            out.back() += block[k];
        } else {
            out.emplace_back(block[k]);
        }
    }
    return out;
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
    if (notes.empty() || text.find('[') == std::string_view::npos) {
        p.text = text;  // nothing to link: most paragraphs
        return p;
    }
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

// --- the layout of scraped text: opening and closing ---------------------------

// One non-blank line of the text and what it turned out to be.
struct Line {
    enum class Role { body, chrome, paywall, title, metadata, footnote };
    std::string text;
    std::size_t blank_before = 0;  // blank lines before it
    Role role = Role::body;
    bool introduces = false;  // chrome that introduces links
};
using Role = Line::Role;

bool is_set_aside(const Line& line) { return line.role == Role::chrome || line.role == Role::paywall; }

// A headline does not hold a sentence end: a full stop after a lower-case
// word, then a capital ("verharren. Allerdings"); "U.S. President" or
// "Jan. 9" do not count.
bool has_sentence_boundary(std::string_view line) {
    for (std::size_t dot = line.find(". "); dot != std::string_view::npos; dot = line.find(". ", dot + 1)) {
        std::size_t start = dot;
        while (start > 0 && line[start - 1] != ' ') --start;
        const std::string_view word = line.substr(start, dot - start);
        if (word.size() < 3 || utf8_length(word) < 3) continue;
        const auto lower = [](char c) { return static_cast<unsigned char>(c) >= 0x80 || (c >= 'a' && c <= 'z'); };
        if (!std::all_of(word.begin(), word.end(), lower)) continue;
        std::size_t length = 1;
        const char32_t next = dot + 2 < line.size() ? util::decode_utf8(line, dot + 2, length) : 0;
        if (u_isupper(static_cast<UChar32>(next))) return true;
    }
    return false;
}

// A line that can be a headline: short, not ending a sentence (before any
// citation mark or closing quote: "marker1x.[2]" ends one) and holding none.
bool headline_shaped(std::string_view line) {
    const std::string_view core = sentence_core(line);
    return !core.empty() && looks_like_headline(line) && looks_like_headline(core) && !has_sentence_boundary(line);
}

// A word that holds two run together, as when a page's elements lost the
// space between them: "NewsIndia", "JobLookup".
bool has_glued_word(std::string_view line) {
    std::size_t lower_run = 0;
    for (char c : line) {
        if (c >= 'a' && c <= 'z') {
            ++lower_run;
        } else {
            if (c >= 'A' && c <= 'Z' && lower_run >= 2) return true;
            lower_run = 0;
        }
    }
    return false;
}

// A site or section label, or a kicker, as it stands above a headline.
bool label_shaped(std::string_view line) {
    const std::size_t words = word_count(line);
    return words <= 2 || (words <= 4 && (has_glued_word(line) || parse::is_section_label(line)));
}

constexpr std::string_view home_words[] = {
    "Home", "HOME", "Startseite", "Accueil", "Inicio", "Portada", "Anasayfa", "Ana Sayfa",
    "\xD8\xA7\xD9\x84\xD8\xB1\xD8\xA6\xD9\x8A\xD8\xB3\xD9\x8A\xD8\xA9"};  // الرئيسية

// A trail of links to the page: "Home > Top News > ...", "Home / World",
// or "HomeMiddle East..." where the links lost their spacing.
bool is_breadcrumb(std::string_view line) {
    for (std::string_view sep : {" > ", " \xC2\xBB ", " \xE2\x80\xBA ", " / ", " | ", " \xE2\x86\x92 ", " :: "}) {
        std::size_t count = 0;
        for (auto at = line.find(sep); at != std::string_view::npos; at = line.find(sep, at + sep.size())) ++count;
        if (count >= 2) return true;
        if (count == 1)
            for (std::string_view home : home_words)
                if (line.substr(0, line.find(sep)) == home) return true;
    }
    for (std::string_view home : home_words) {
        if (!line.starts_with(home) || line.size() == home.size()) continue;
        std::size_t length = 1;
        if (u_isupper(static_cast<UChar32>(util::decode_utf8(line, home.size(), length)))) return true;
    }
    return false;
}

// A short line that does not end a sentence: a linked headline, a label, a
// teaser. Lines in brackets (credits, "[ Editor: meng ]"), bullets and
// metadata are not.
bool is_weak(const Line& line) {
    const std::string& t = line.text;
    if (line.role != Role::body || ends_like_sentence(t) || utf8_length(t) > 160 || word_count(t) > 20) return false;
    if (t.front() == '(' || t.front() == '[' || is_bullet(t) || bracket_label(t)) return false;
    Metadata scratch;
    return !take_metadata_line(t, scratch);
}

// After a line that introduces links ("See also", "Mirá también"), the
// short lines that follow are the links' headlines. Not in the opening, where
// "Top Stories" is a label above the headline.
void mark_teasers(std::vector<Line>& lines, std::size_t from) {
    constexpr std::size_t max_teasers = 3;
    for (std::size_t i = from; i < lines.size(); ++i) {
        if (!lines[i].introduces) continue;
        std::size_t taken = 0;
        for (std::size_t j = i + 1; j < lines.size() && taken < max_teasers; ++j) {
            if (is_set_aside(lines[j])) continue;
            if (!is_weak(lines[j])) break;
            lines[j].role = Role::chrome;
            ++taken;
        }
    }
}

// The closing: the run of chrome and short lines after the last line of
// text. Short lines in it that stand before chrome are chrome too (related
// headlines, a newsletter's pitch, a site name), not paragraphs; those after
// the last chrome line (a truncated subheading) stay.
void mark_closing(std::vector<Line>& lines, std::size_t end) {
    std::size_t i = end;
    bool chrome_after = false;
    std::vector<std::size_t> weak;
    for (; i > 0; --i) {
        const Line& line = lines[i - 1];
        if (is_set_aside(line)) chrome_after = true;
        else if (is_weak(line)) {
            if (chrome_after) weak.push_back(i - 1);
        } else {
            break;
        }
    }
    // Only after some text: a short article is not its own closing.
    if (i == 0 || lines[i - 1].role != Role::body) return;
    for (std::size_t k : weak) lines[k].role = Role::chrome;
}

// The body lines of the text, in blocks: lines with no blank line and no
// set-aside line between them.
std::vector<std::vector<std::size_t>> body_blocks(const std::vector<Line>& lines, std::size_t end) {
    std::vector<std::vector<std::size_t>> blocks;
    bool open = false;
    for (std::size_t i = 0; i < end; ++i) {
        if (lines[i].role != Role::body) {
            open = false;
            continue;
        }
        if (!open || lines[i].blank_before > 0) blocks.emplace_back();
        blocks.back().push_back(i);
        open = true;
    }
    return blocks;
}

Block texts_of(const std::vector<Line>& lines, const std::vector<std::size_t>& ids) {
    Block block;
    for (std::size_t i : ids) block.push_back(lines[i].text);
    return block;
}

// A first line that ends with a full stop is still the headline when a wider
// gap follows it than any between the paragraphs after it: "US central bank
// raises interest rates to their highest level in over 15 years." and two
// blank lines, then paragraphs one blank line apart.
bool is_title_before_a_wide_gap(const std::vector<Line>& lines, std::size_t first, std::size_t end) {
    const std::string& t = lines[first].text;
    if (!t.ends_with('.') || utf8_length(t) > max_title_code_points || word_count(t) > max_title_words ||
        has_sentence_boundary(t) || first + 1 >= end)
        return false;
    for (std::size_t i = 0; i < first; ++i)
        if (!is_set_aside(lines[i])) return false;
    const std::size_t gap = lines[first + 1].blank_before;
    std::size_t widest = 0;
    for (std::size_t i = first + 2; i < end && i < first + 30; ++i) widest = std::max(widest, lines[i].blank_before);
    return gap >= 2 && gap > widest;
}

// The opening: the lines before the first paragraph. Finds the headline
// among them by their shape, position and repetition, not by the first line
// alone: labels above it ("Top Stories", "BFMTV", a kicker) and breadcrumbs,
// photo captions and a repeated headline are chrome; bylines, dates and
// source lines are metadata. Returns where the text after the opening begins.
std::size_t read_opening(std::vector<Line>& lines, std::size_t end, Metadata& meta) {
    constexpr std::size_t max_units = 12;
    const auto blocks = body_blocks(lines, end);
    std::vector<std::size_t> candidates;  // headline-shaped lines, in order
    std::optional<std::size_t> body_start;  // the first line of the first paragraph
    std::size_t units = 0;
    for (const auto& block : blocks) {
        const Block texts = texts_of(lines, block);
        const bool per_line = block.size() > 1 && one_paragraph_per_line(texts);
        std::size_t k = 0;
        while (k < block.size() && !body_start && units++ < max_units) {
            Line& line = lines[block[k]];
            if (k + 1 < block.size() && continues(texts, k, per_line)) {
                body_start = block[k];  // a hard-wrapped paragraph
                break;
            }
            ++k;
            if (take_metadata_line(line.text, meta)) line.role = Role::metadata;
            else if (parse::ends_with_photo_credit(line.text) || is_breadcrumb(line.text)) line.role = Role::chrome;
            else if (headline_shaped(line.text)) candidates.push_back(block[k - 1]);
            else body_start = block[k - 1];
        }
        if (body_start || units >= max_units) break;
    }

    // A line that ends with a later candidate is a breadcrumb ending in the headline.
    std::erase_if(candidates, [&](std::size_t c) {
        for (std::size_t d : candidates)
            if (d > c && lines[c].text.size() > lines[d].text.size() && lines[c].text.ends_with(lines[d].text)) {
                lines[c].role = Role::chrome;
                return true;
            }
        return false;
    });

    std::optional<std::size_t> title;
    if (!candidates.empty()) {
        // Labels above a headline at least twice their length.
        std::size_t first = 0;
        std::size_t label_words = 0;
        while (first < candidates.size() && label_shaped(lines[candidates[first]].text))
            label_words = std::max(label_words, word_count(lines[candidates[first++]].text));
        const bool labels = first > 0 && first < candidates.size() &&
                            word_count(lines[candidates[first]].text) >= std::max<std::size_t>(4, 2 * label_words);
        if (!labels) first = 0;
        for (std::size_t c = 0; c < first; ++c) lines[candidates[c]].role = Role::chrome;
        title = candidates[first];
    } else if (body_start && is_title_before_a_wide_gap(lines, *body_start, end)) {
        title = body_start;
    }
    if (!title) return body_start.value_or(0);
    lines[*title].role = Role::title;
    // The headline repeated under itself.
    for (std::size_t i = *title + 1; i < end && i <= *title + max_units; ++i)
        if (lines[i].role == Role::body && lines[i].text == lines[*title].text) lines[i].role = Role::chrome;
    return std::max(*title + 1, body_start.value_or(0));
}

} // namespace

ParsedArticle parse_plain_text(std::string_view bytes, std::string_view name_hint) {
    check_text_bytes(bytes);
    ParsedArticle article;

    std::vector<Line> lines;
    std::size_t blanks = 0;
    for (std::string_view raw : parse::split_lines(bytes)) {
        std::string text = parse::normalize_line(raw);
        if (text.empty()) {
            ++blanks;
            continue;
        }
        Line& line = lines.emplace_back(Line{std::move(text), blanks});
        blanks = 0;
        if (auto match = parse::match_boilerplate(line.text)) {
            line.role = match->kind == Boilerplate::Kind::paywall ? Role::paywall : Role::chrome;
            line.introduces = match->introduces;
            if (match->kind == Boilerplate::Kind::paywall) article.is_excerpt = true;
            if (match->words_shown && !article.words_shown) {
                article.words_shown = match->words_shown;
                article.words_total = match->words_total;
            }
        }
    }

    // The footnote section: the trailing blocks take_footnotes() takes.
    std::vector<Block> blocks;
    std::size_t body_lines = 0;
    for (const auto& ids : body_blocks(lines, lines.size())) {
        blocks.push_back(texts_of(lines, ids));
        body_lines += ids.size();
    }
    article.footnotes = take_footnotes(blocks);
    std::size_t note_lines = body_lines;
    for (const auto& block : blocks) note_lines -= block.size();
    std::size_t end = lines.size();  // lines before the footnote section
    for (std::size_t i = lines.size(); i-- > 0 && note_lines > 0;) {
        if (lines[i].role != Role::body) continue;
        lines[i].role = Role::footnote;
        end = i;
        --note_lines;
    }

    Metadata meta;
    mark_teasers(lines, read_opening(lines, end, meta));
    mark_closing(lines, end);
    article.date = meta.date;
    article.source = meta.source;
    article.author = meta.author;
    article.url = meta.url;

    std::set<int> note_numbers;
    for (const auto& note : article.footnotes) note_numbers.insert(note.number);
    for (const auto& ids : body_blocks(lines, end))
        for (const auto& text : block_paragraphs(texts_of(lines, ids)))
            article.paragraphs.push_back(link_citations(text, note_numbers));
    for (Line& line : lines) {
        if (line.role == Role::title && article.title.empty()) article.title = line.text;
        if (is_set_aside(line))
            article.boilerplate.push_back(
                {line.role == Role::paywall ? Boilerplate::Kind::paywall : Boilerplate::Kind::chrome,
                 std::move(line.text)});
    }

    if (article.paragraphs.empty())
        throw Error(Errc::bad_input,
                    "no article text found: nothing is left after the title, site chrome and notices",
                    "check that the file holds the article's text, with the title on the first line");

    if (article.title.empty()) article.title = title_from_name(name_hint);
    if (article.title.empty()) article.title = title_from_text(article.paragraphs.front().text);
    return article;
}

} // namespace newsdb
