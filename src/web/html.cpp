#include "web/html.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

#include "newsdb/archive.hpp"
#include "tokenizer/fold.hpp"
#include "tokenizer/stemmers.hpp"
#include "util/utf8.hpp"

namespace newsdb::web {

namespace {

// Punctuation and symbols outside ASCII that stand between words: Latin-1's,
// General Punctuation (’ “ ” – — …), CJK and full-width punctuation.
bool punctuation(char32_t cp) {
    return (cp >= 0xA0 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x206F) ||
           (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF01 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20);
}

// The length of the word character at `pos` (letters, digits, other
// scripts' characters), 0 when it is not one.
std::size_t word_char(std::string_view text, std::size_t pos) {
    const auto u = static_cast<unsigned char>(text[pos]);
    if (u < 0x80) return (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') ? 1 : 0;
    if (util::first_invalid_utf8(text.substr(pos, 4)) == std::optional<std::size_t>(0))
        return 0;
    std::size_t length = 1;
    const char32_t cp = util::decode_utf8(text, pos, length);
    return punctuation(cp) ? 0 : std::max<std::size_t>(length, 1);
}

// The end of the run of word (or, with `word` false, other) characters from `pos`.
std::size_t run_end(std::string_view text, std::size_t pos, bool word) {
    while (pos < text.size()) {
        const std::size_t n = word_char(text, pos);
        if ((n > 0) != word) break;
        pos += word ? n : 1;
    }
    return pos;
}

tokenizer::Stemmers& stemmers() {
    thread_local tokenizer::Stemmers cache;
    return cache;
}

std::string fold_word(std::string_view word) {
    thread_local tokenizer::Folder folder;
    std::string out;
    folder.fold(word, out);
    return out;
}

} // namespace

std::string escape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (const char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

std::string snippet_html(std::string_view snippet) {
    std::string out;
    bool open = false;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= snippet.size(); ++i) {
        if (i < snippet.size() && snippet[i] != kMatchStart && snippet[i] != kMatchEnd) continue;
        out += escape(snippet.substr(start, i - start));
        if (i < snippet.size()) {
            if (snippet[i] == kMatchStart && !open) out += "<mark>", open = true;
            else if (snippet[i] == kMatchEnd && open) out += "</mark>", open = false;
        }
        start = i + 1;
    }
    if (open) out += "</mark>";
    return out;
}

std::string safe_href(std::string_view url) {
    const auto starts = [&url](std::string_view prefix) {
        if (url.size() <= prefix.size()) return false;
        for (std::size_t i = 0; i < prefix.size(); ++i)
            if (std::tolower(static_cast<unsigned char>(url[i])) != prefix[i]) return false;
        return true;
    };
    if (!starts("http://") && !starts("https://")) return {};
    for (const char c : url)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return {};  // truncated or broken
    return escape(url);
}

std::string count_of(int64_t n, std::string_view one, std::string_view many) {
    return with_commas(n) + " " + std::string(n == 1 ? one : many);
}

std::string with_commas(int64_t n) {
    std::string digits = std::to_string(n < 0 ? -n : n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return n < 0 ? "-" + out : out;
}

Highlighter::Highlighter(std::string_view query, std::string_view language) {
    language_ = stemmers().language(language);
    if (language_ < 0) language_ = stemmers().language("en");
    std::size_t i = 0;
    bool quoted = false;
    while (i < query.size()) {
        if (word_char(query, i) == 0) {
            if (query[i] == '"') quoted = !quoted;
            ++i;
            continue;
        }
        const bool excluded = !quoted && i > 0 && query[i - 1] == '-' && (i == 1 || query[i - 2] == ' ' || query[i - 2] == '(');
        const bool exact = i > 0 && query[i - 1] == '=';
        const std::size_t end = run_end(query, i, true);
        const std::string_view word = query.substr(i, end - i);
        const bool field = end < query.size() && query[end] == ':';
        // A field's value is a filter on metadata, not words of the text; title:'s are.
        if (field && word != "title") {
            i = end + 1;
            if (i < query.size() && query[i] == '"') {
                const std::size_t close = query.find('"', i + 1);
                i = close == std::string_view::npos ? query.size() : close + 1;
            } else {
                i = run_end(query, i, true);
            }
            continue;
        }
        const bool op = !quoted && (word == "AND" || word == "OR" || word == "NOT" || word == "NEAR");
        const bool near_distance = std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
                                   end < query.size() && query[end] == ')';
        if (!excluded && !field && !op && !near_distance) {
            const std::string folded = fold_word(word);
            Word w{folded, Match::stem};
            if (end < query.size() && query[end] == '*') w.match = Match::prefix;
            else if (exact) w.match = Match::exact;
            else w.key = stem(folded);
            const bool known = std::any_of(words_.begin(), words_.end(),
                                           [&w](const Word& x) { return x.key == w.key && x.match == w.match; });
            if (!w.key.empty() && !known) words_.push_back(std::move(w));
        }
        i = end;
    }
}

std::string Highlighter::stem(const std::string& folded) const {
    if (language_ < 0) return folded;
    return std::string(tokenizer::Stemmers::stem(stemmers().stemmer(language_), folded));
}

std::string Highlighter::html(std::string_view text) const {
    if (words_.empty()) return escape(text);
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        const bool word = word_char(text, i) > 0;
        const std::size_t end = run_end(text, i, word);
        const std::string_view piece = text.substr(i, end - i);
        i = end;
        if (!word) {
            out += escape(piece);
            continue;
        }
        const std::string folded = fold_word(piece);
        std::string stemmed;
        const bool match = std::any_of(words_.begin(), words_.end(), [&](const Word& w) {
            switch (w.match) {
            case Match::exact: return folded == w.key;
            case Match::prefix: return folded.compare(0, w.key.size(), w.key) == 0;
            case Match::stem: break;
            }
            if (stemmed.empty()) stemmed = stem(folded);
            return stemmed == w.key;
        });
        if (match) out += "<mark>" + escape(piece) + "</mark>";
        else out += escape(piece);
    }
    return out;
}

} // namespace newsdb::web
