#include "parse/footnotes.hpp"

#include <array>
#include <cctype>
#include <optional>
#include <string_view>
#include <vector>

#include "newsdb/parse.hpp"
#include "parse/text_util.hpp"

namespace newsdb::parse {

namespace {

constexpr std::string_view open_dq = "\xE2\x80\x9C";   // “
constexpr std::string_view close_dq = "\xE2\x80\x9D";  // ”
constexpr std::string_view open_sq = "\xE2\x80\x98";   // ‘
constexpr std::string_view close_sq = "\xE2\x80\x99";  // ’

constexpr std::string_view abbreviations[] = {
    "dr", "mr", "mrs", "ms", "prof", "st", "jr", "sr", "inc", "ltd", "co", "corp", "no",
    "vol", "pp", "p", "ed", "eds", "al", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec"};

std::string_view strip_field(std::string_view s) {
    s = trim(s);
    while (!s.empty() && (s.back() == '.' || s.back() == ',' || s.back() == ':' || s.back() == ';'))
        s = trim(s.substr(0, s.size() - 1));
    while (!s.empty() && (s.front() == ',' || s.front() == '.' || s.front() == ':'))
        s = trim(s.substr(1));
    return s;
}

bool ends_with_abbreviation(std::string_view before_dot) {
    const auto space = before_dot.rfind(' ');
    std::string_view word = space == std::string_view::npos ? before_dot : before_dot.substr(space + 1);
    while (!word.empty() && (word.front() == '(' || word.front() == '"')) word.remove_prefix(1);
    if (word.size() == 1 && word[0] >= 'A' && word[0] <= 'Z') return true;  // an initial
    if (word.find('.') != std::string_view::npos) return true;             // U.S, e.g
    for (auto a : abbreviations)
        if (iequals(word, a)) return true;
    return false;
}

// Splits on ". " that ends a sentence-like field, never inside double quotes.
std::vector<std::string_view> split_fields(std::string_view text) {
    std::vector<std::string_view> fields;
    int curly_depth = 0;
    bool in_straight = false;
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const std::string_view rest = text.substr(i);
        if (rest.starts_with(open_dq)) ++curly_depth;
        else if (rest.starts_with(close_dq) && curly_depth > 0) --curly_depth;
        else if (text[i] == '"') in_straight = !in_straight;
        else if (text[i] == '.' && curly_depth == 0 && !in_straight &&
                 (i + 1 == text.size() || text[i + 1] == ' ') &&
                 !ends_with_abbreviation(text.substr(start, i - start))) {
            fields.push_back(text.substr(start, i - start));
            start = i + 1;
        }
    }
    if (start < text.size()) fields.push_back(text.substr(start));
    return fields;
}

bool is_access_note(std::string_view field) {
    for (std::string_view p : {"accessed", "retrieved", "last accessed", "viewed", "consulted",
                               "[accessed", "(accessed"})
        if (istarts_with(field, p)) return true;
    return false;
}

// A field that is a date, or ends with ", <date>" / "(<date>)": returns the
// date and leaves the rest in `field`.
std::string take_date(std::string_view& field) {
    if (auto d = normalize_date(field); !d.empty()) {
        field = {};
        return d;
    }
    if (!field.empty() && field.back() == ')') {
        const auto open = field.rfind('(');
        if (open != std::string_view::npos) {
            if (auto d = normalize_date(field.substr(open + 1, field.size() - open - 2)); !d.empty()) {
                field = strip_field(field.substr(0, open));
                return d;
            }
        }
    }
    for (std::size_t pos = field.find(", "); pos != std::string_view::npos;
         pos = field.find(", ", pos + 1)) {
        if (auto d = normalize_date(field.substr(pos + 2)); !d.empty()) {
            field = strip_field(field.substr(0, pos));
            return d;
        }
    }
    return {};
}

bool is_url_start(std::string_view s) {
    return istarts_with(s, "http://") || istarts_with(s, "https://") || istarts_with(s, "www.");
}

std::string_view url_token(std::string_view s) {
    s = trim(s);
    if (!s.empty() && s.front() == '<') s.remove_prefix(1);
    s = s.substr(0, s.find(' '));
    while (!s.empty() && (s.back() == '.' || s.back() == ',' || s.back() == ';' || s.back() == '>' ||
                          s.back() == ')'))
        s.remove_suffix(1);
    return s;
}

// Removes the URL (and its `URL:` / `Retrieved from` label) from `text`.
std::string take_url(std::string& text) {
    const std::string lower = to_lower_ascii(text);
    for (std::string_view label : {"url:", "retrieved from", "available at:", "available at",
                                   "available from:", "available from", "online:"}) {
        const auto pos = lower.find(label);
        if (pos == std::string::npos) continue;
        std::string_view after = std::string_view(text).substr(pos + label.size());
        const bool labelled = label == "url:";
        std::string_view token = url_token(after);
        if (!labelled && !is_url_start(token)) continue;
        const std::size_t token_end =
            token.empty() ? pos + label.size()
                          : static_cast<std::size_t>(token.data() - text.data()) + token.size();
        std::string url(token);
        text = text.substr(0, pos) + text.substr(token_end);
        return url;
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((i == 0 || text[i - 1] == ' ' || text[i - 1] == '<' || text[i - 1] == '(') &&
            is_url_start(std::string_view(text).substr(i))) {
            std::string_view token = url_token(std::string_view(text).substr(i));
            std::string url(token);
            text = text.substr(0, i) + text.substr(i + token.size());
            return url;
        }
    }
    return {};
}

struct QuotedSpan {
    std::size_t open = 0;        // first byte of the opening quote
    std::size_t inner_begin = 0;
    std::size_t inner_end = 0;   // first byte of the closing quote
    std::size_t close_end = 0;   // byte after the closing quote
};

std::optional<QuotedSpan> find_quoted_title(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool at_word_start = i == 0 || text[i - 1] == ' ' || text[i - 1] == '(';
        const std::string_view rest = text.substr(i);
        if (rest.starts_with(open_dq)) {
            const auto close = text.rfind(close_dq);
            if (close == std::string_view::npos || close < i) return std::nullopt;
            return QuotedSpan{i, i + open_dq.size(), close, close + close_dq.size()};
        }
        if (text[i] == '"' && at_word_start) {
            const auto close = text.rfind('"');
            if (close == i) return std::nullopt;
            return QuotedSpan{i, i + 1, close, close + 1};
        }
        if (rest.starts_with(open_sq) && at_word_start) {
            // ’ doubles as an apostrophe: the closing one is not followed by a letter.
            for (auto close = text.find(close_sq, i); close != std::string_view::npos;
                 close = text.find(close_sq, close + 1)) {
                const std::size_t after = close + close_sq.size();
                const unsigned char next = after < text.size() ? static_cast<unsigned char>(text[after]) : ' ';
                if (!(std::isalnum(next) || next >= 0x80))
                    return QuotedSpan{i, i + open_sq.size(), close, after};
            }
            return std::nullopt;
        }
    }
    return std::nullopt;
}

} // namespace

Footnote parse_footnote(int number, std::string text) {
    Footnote note;
    note.number = number;
    note.text = text;

    std::string rest = text;
    note.url = take_url(rest);

    std::vector<std::string_view> after_fields;
    std::vector<std::string_view> loose_fields;
    if (auto quoted = find_quoted_title(rest)) {
        const std::string_view view(rest);
        note.title = std::string(strip_field(view.substr(quoted->inner_begin,
                                                         quoted->inner_end - quoted->inner_begin)));
        std::string_view before = strip_field(view.substr(0, quoted->open));
        if (auto d = take_date(before); !d.empty()) note.date = d;
        note.author = std::string(before);
        after_fields = split_fields(view.substr(quoted->close_end));
        for (auto field : after_fields) {
            field = strip_field(field);
            if (field.empty() || is_access_note(field)) continue;
            if (auto d = take_date(field); !d.empty() && note.date.empty()) note.date = d;
            if (!field.empty() && note.publisher.empty()) note.publisher = std::string(field);
        }
        return note;
    }

    for (auto field : split_fields(rest)) {
        field = strip_field(field);
        if (field.empty() || is_access_note(field)) continue;
        if (auto d = take_date(field); !d.empty() && note.date.empty()) note.date = d;
        if (!field.empty()) loose_fields.push_back(field);
    }
    // Without quotes the order is conventional: "Publisher. Title." or
    // "Author. Title. Publisher."; a lone dated field names the publisher.
    if (loose_fields.size() == 1 && !note.date.empty()) {
        note.publisher = std::string(loose_fields[0]);
    } else if (loose_fields.size() == 2) {
        note.publisher = std::string(loose_fields[0]);
        note.title = std::string(loose_fields[1]);
    } else if (loose_fields.size() >= 3) {
        note.author = std::string(loose_fields[0]);
        note.title = std::string(loose_fields[1]);
        note.publisher = std::string(loose_fields[2]);
    }
    return note;
}

} // namespace newsdb::parse
