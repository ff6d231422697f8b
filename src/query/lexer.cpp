#include "query/lexer.hpp"

#include <algorithm>
#include <iterator>
#include <utility>

#include "newsdb/error.hpp"
#include "query/characters.hpp"
#include "util/utf8.hpp"

namespace newsdb::query {

void fail(std::string message, std::string hint) {
    throw Error(Errc::invalid_query, std::move(message), std::move(hint));
}

namespace {

struct CodePoint {
    char32_t value;
    std::size_t length;
};

CodePoint code_point_at(std::string_view text, std::size_t pos) {
    std::size_t length = 0;
    const char32_t value = util::decode_utf8(text, pos, length);
    return {value, length};
}

enum class QuoteStyle { none, straight, curly };

QuoteStyle opening_quote(char32_t c) {
    if (c == '"') return QuoteStyle::straight;
    if (c == 0x201C || c == 0x201D || c == 0x201E) return QuoteStyle::curly;  // “ ” „
    return QuoteStyle::none;
}

bool closes(QuoteStyle style, char32_t c) {
    return style == QuoteStyle::straight ? c == '"' : (c == 0x201C || c == 0x201D);
}

constexpr std::string_view known_fields[] = {"title", "source", "author", "publisher", "date", "lang", "kind", "tag"};

bool is_known_field(std::string_view name) {
    return std::find(std::begin(known_fields), std::end(known_fields), name) != std::end(known_fields);
}

std::string known_field_list() {
    std::string out;
    for (std::string_view name : known_fields) {
        if (!out.empty()) out += ", ";
        out += std::string(name) + ":";
    }
    return out;
}

class Lexer {
public:
    explicit Lexer(std::string_view query) : q_(query) {}

    std::vector<Token> run() {
        for (;;) {
            while (pos_ < q_.size() && is_space(peek(pos_).value)) pos_ += peek(pos_).length;
            if (pos_ >= q_.size()) {
                tokens_.push_back({Tok::end, pos_, {}});
                return std::move(tokens_);
            }
            lex_item(false);
        }
    }

private:
    CodePoint peek(std::size_t pos) const { return code_point_at(q_, pos); }

    bool ends_word(std::size_t pos) const {
        if (pos >= q_.size()) return true;
        const char32_t c = peek(pos).value;
        return is_space(c) || opening_quote(c) != QuoteStyle::none || c == '(' || c == ')' ||
               (in_near_ && c == ',');
    }

    // A leading - or + binds to what follows it directly; alone it is a word.
    bool sign_applies(std::size_t next) const {
        if (next >= q_.size()) return false;
        const char32_t c = peek(next).value;
        return !is_space(c) && c != ')' && !(in_near_ && c == ',');
    }

    // One token; `after_sign` when a leading - or + was just consumed, which
    // makes OR/AND/NOT ordinary words (`-OR` excludes the word "OR").
    void lex_item(bool after_sign) {
        const std::size_t start = pos_;
        const char32_t c = peek(pos_).value;
        if (c == '(') {
            tokens_.push_back({Tok::lparen, start, {}});
            ++pos_;
        } else if (c == ')') {
            tokens_.push_back({Tok::rparen, start, {}});
            in_near_ = false;
            ++pos_;
        } else if (in_near_ && c == ',') {
            tokens_.push_back({Tok::comma, start, {}});
            ++pos_;
        } else if (opening_quote(c) != QuoteStyle::none) {
            lex_phrase(opening_quote(c));
        } else if (!after_sign && (c == '-' || c == '+') && sign_applies(pos_ + 1)) {
            if (c == '-') tokens_.push_back({Tok::minus, start, {}});
            ++pos_;
            lex_item(true);
        } else if (c == '=' && pos_ + 1 < q_.size() && peek(pos_ + 1).value != '=' &&
                   (opening_quote(peek(pos_ + 1).value) != QuoteStyle::none || !ends_word(pos_ + 1))) {
            // =word, ="a phrase": exact. Operators and fields lose their meaning.
            ++pos_;
            if (opening_quote(peek(pos_).value) != QuoteStyle::none) {
                lex_phrase(opening_quote(peek(pos_).value));
            } else {
                lex_word(true, true);
            }
            tokens_.back().exact = true;
            tokens_.back().offset = start;
        } else {
            lex_word(after_sign);
        }
    }

    void lex_phrase(QuoteStyle style) {
        const std::size_t start = pos_;
        pos_ += peek(pos_).length;
        const std::size_t content_start = pos_;
        while (pos_ < q_.size() && !closes(style, peek(pos_).value)) pos_ += peek(pos_).length;
        if (pos_ >= q_.size()) {
            fail("unclosed quote starting at column " + std::to_string(column_of(q_, start)),
                 "add the closing \" after the phrase");
        }
        Token token{Tok::phrase, start, std::string(q_.substr(content_start, pos_ - content_start))};
        for (char& c : token.text) {
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
        }
        pos_ += peek(pos_).length;
        if (pos_ < q_.size() && q_[pos_] == '*') {
            require_prefix_stem(token.text, pos_);
            token.prefix = true;
            ++pos_;
        }
        tokens_.push_back(std::move(token));
    }

    // `exact`: after =, where operators, NEAR and fields are plain words.
    void lex_word(bool after_sign, bool exact = false) {
        const std::size_t start = pos_;
        while (!ends_word(pos_)) pos_ += peek(pos_).length;
        std::string_view raw = q_.substr(start, pos_ - start);
        if (!exact && lex_field(raw, start)) return;
        if (!after_sign) {
            if (raw == "OR") return push(Tok::op_or, start);
            if (raw == "AND") return push(Tok::op_and, start);
            if (raw == "NOT") return push(Tok::op_not, start);
        }
        if (raw == "NEAR" && !exact) {
            std::size_t next = pos_;
            while (next < q_.size() && is_space(peek(next).value)) next += peek(next).length;
            if (next < q_.size() && q_[next] == '(') {
                pos_ = next + 1;
                in_near_ = true;
                return push(Tok::near_open, start);
            }
        }
        Token token{Tok::word, start, {}};
        if (raw.front() == '*') require_prefix_stem({}, start);
        if (raw.back() == '*') {
            raw.remove_suffix(1);
            require_prefix_stem(raw, start + raw.size());
            token.prefix = true;
        }
        token.text = std::string(raw);
        tokens_.push_back(std::move(token));
    }

    // name:value where name is ASCII letters. A known name makes a field token
    // (its value the rest of the word, or the "quoted phrase" right after the
    // colon); an unknown one is an error when a value follows, so typos do not
    // silently search for text. `10:30`, `https://x`, `Note:` stay words.
    bool lex_field(std::string_view raw, std::size_t start) {
        const std::size_t colon = raw.find(':');
        if (colon == std::string_view::npos || colon == 0) return false;
        const std::string_view name = raw.substr(0, colon);
        if (!std::all_of(name.begin(), name.end(), is_ascii_letter)) return false;
        const std::string lower = ascii_lower(name);
        std::string_view value = raw.substr(colon + 1);
        const bool quote_follows = value.empty() && pos_ < q_.size() &&
                                   opening_quote(peek(pos_).value) != QuoteStyle::none;
        if (!is_known_field(lower)) {
            const bool looks_like_field =
                quote_follows || (!value.empty() && !is_unicode_punctuation(code_point_at(value, 0).value) &&
                                  (static_cast<unsigned char>(value[0]) >= 0x80 ||
                                   is_ascii_alnum(static_cast<unsigned char>(value[0])) || value[0] == '='));
            if (!looks_like_field) return false;
            fail("unknown field " + std::string(name) + ": at column " + std::to_string(column_of(q_, start)) +
                     " (the fields are " + known_field_list() + ")",
                 quote_follows ? "check the spelling, or write the words without the colon to search for them"
                               : "check the spelling, or put the text in quotes to search for it: \"" +
                                     std::string(raw) + "\"");
        }
        Token token{Tok::field, start, std::string(value)};
        token.field = lower;
        if (quote_follows) {
            lex_phrase(opening_quote(peek(pos_).value));
            token.text = std::move(tokens_.back().text);
            token.prefix = tokens_.back().prefix;
            token.quoted = true;
            tokens_.pop_back();
        } else if (value.empty()) {
            fail("the field " + lower + ": at column " + std::to_string(column_of(q_, start)) + " needs a value",
                 "write the value right after the colon, e.g. " + lower + ":" + example_value(lower) +
                     " or " + lower + ":\"two words\"");
        } else if (lower == "title") {
            if (value.front() == '=' && value.size() > 1) {
                token.exact = true;
                value.remove_prefix(1);
            }
            if (value.back() == '*') {
                value.remove_suffix(1);
                require_prefix_stem(value, start + raw.size() - 1);
                token.prefix = true;
            }
            token.text = std::string(value);
        }
        tokens_.push_back(std::move(token));
        return true;
    }

    static std::string example_value(std::string_view field) {
        if (field == "date") return "2020-02";
        if (field == "lang") return "en";
        if (field == "kind") return "footnote";
        if (field == "title" ) return "drones";
        if (field == "tag") return "topic:grain";
        return "Reuters";
    }

    void require_prefix_stem(std::string_view stem, std::size_t star_offset) const {
        if (!has_searchable(stem)) {
            fail("a prefix needs at least one letter before * (column " +
                     std::to_string(column_of(q_, star_offset)) + ")",
                 "write the start of a word before the *, e.g. defen*, or remove the *");
        }
    }

    void push(Tok kind, std::size_t offset) { tokens_.push_back({kind, offset, {}}); }

    std::string_view q_;
    std::size_t pos_ = 0;
    bool in_near_ = false;
    std::vector<Token> tokens_;
};

} // namespace

std::vector<Token> lex(std::string_view query) { return Lexer(query).run(); }

} // namespace newsdb::query
