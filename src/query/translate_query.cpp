// translate_query(): people's query syntax -> FTS5 MATCH expression.
//
// Passes: lex (validating quotes and `*`, reading `=` exact marks and
// `field:value`), take the fields out (checking they stand at the top level),
// parse (recursive descent over or/and/unary/primary, validating structure),
// then simplify (drop terms the tokenizer would reduce to nothing) and emit
// with explicit parentheses, so FTS5's own precedence (NOT > AND > OR) never
// decides the meaning; last, the phrase and NEAR forms used for ranking.
// Every term is emitted as a quoted FTS5 string, never as a bareword, so no
// user text can be read by FTS5 as an operator, column filter or `^`.
#include "newsdb/query.hpp"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "newsdb/error.hpp"
#include "query/filters.hpp"
#include "util/utf8.hpp"

namespace newsdb {
namespace {

constexpr std::size_t max_query_bytes = 4096;
constexpr int max_nesting = 64;
constexpr long max_near_distance = 1000000;
constexpr long default_near_distance = 10;

const char* const near_hint = "write e.g. NEAR(turkey pakistan, 10)";

[[noreturn]] void fail(std::string message, std::string hint) {
    throw Error(Errc::invalid_query, std::move(message), std::move(hint));
}

// ---- UTF-8 and character classes -------------------------------------------

struct CodePoint {
    char32_t value;
    std::size_t length;
};


// Decodes the code point at `pos`; the text has been validated already.
CodePoint decode(std::string_view s, std::size_t pos) {
    const auto lead = static_cast<unsigned char>(s[pos]);
    if (lead < 0x80) return {lead, 1};
    std::size_t length = (lead & 0xE0) == 0xC0 ? 2 : (lead & 0xF0) == 0xE0 ? 3 : 4;
    char32_t value = lead & (length == 2 ? 0x1Fu : length == 3 ? 0x0Fu : 0x07u);
    for (std::size_t k = 1; k < length; ++k) {
        value = (value << 6) | (static_cast<unsigned char>(s[pos + k]) & 0x3Fu);
    }
    return {value, length};
}

// 1-based column of a byte offset, counted in code points.
std::size_t column_of(std::string_view s, std::size_t offset) {
    std::size_t column = 1;
    for (std::size_t i = 0; i < offset && i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++column;
    }
    return column;
}

bool in(char32_t c, char32_t low, char32_t high) { return c >= low && c <= high; }

// Separates words. Control characters count as space: FTS5 would stop reading
// a query at an embedded NUL.
bool is_space(char32_t c) {
    return c <= 0x20 || c == 0x7F || in(c, 0x80, 0x9F) || c == 0xA0 || c == 0x1680 ||
           in(c, 0x2000, 0x200B) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
           c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

// Common non-ASCII punctuation and symbols that the unicode61 tokenizer treats
// as separators (it keeps only letters, numbers and private-use characters).
bool is_unicode_punctuation(char32_t c) {
    if (in(c, 0xA1, 0xBF)) {
        // ª ² ³ µ ¹ º ¼ ½ ¾ are letters or numbers.
        return c != 0xAA && c != 0xB2 && c != 0xB3 && c != 0xB5 && c != 0xB9 && c != 0xBA &&
               !in(c, 0xBC, 0xBE);
    }
    return c == 0xD7 || c == 0xF7 || in(c, 0x200C, 0x200D) || in(c, 0x2010, 0x2027) ||
           in(c, 0x2030, 0x205E) || in(c, 0x2060, 0x206F) || in(c, 0x20A0, 0x20CF) ||
           in(c, 0x2190, 0x23FF) || in(c, 0x2500, 0x2775) || in(c, 0x2794, 0x2BFF) ||
           in(c, 0x2E00, 0x2E7F) || in(c, 0x3001, 0x3004) || in(c, 0x3008, 0x3020) ||
           c == 0x3030 || in(c, 0x303D, 0x303F) || in(c, 0xFE00, 0xFE19) ||
           in(c, 0xFE30, 0xFE6F) || in(c, 0xFF01, 0xFF0F) || in(c, 0xFF1A, 0xFF20) ||
           in(c, 0xFF3B, 0xFF40) || in(c, 0xFF5B, 0xFF65) || in(c, 0xFFF9, 0xFFFD) ||
           in(c, 0x1F000, 0x1F0FF) || in(c, 0x1F10D, 0x1FAFF);
}

bool is_ascii_alnum(char32_t c) {
    return in(c, '0', '9') || in(c, 'A', 'Z') || in(c, 'a', 'z');
}

// True when the tokenizer could find at least one token in `text`.
bool has_searchable(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const CodePoint cp = decode(text, i);
        i += cp.length;
        if (cp.value < 0x80) {
            if (is_ascii_alnum(cp.value)) return true;
        } else if (!is_space(cp.value) && !is_unicode_punctuation(cp.value)) {
            return true;
        }
    }
    return false;
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

// ---- lexer ------------------------------------------------------------------

enum class Tok { word, phrase, lparen, rparen, op_or, op_and, op_not, minus, near_open, comma, field, end };

struct Token {
    Tok kind;
    std::size_t offset;  // byte offset of the token's first character
    std::string text;    // word or phrase content, without quotes or trailing *; field: its value
    bool prefix = false;
    bool exact = false;  // written =word or ="a phrase"
    std::string field = {};  // field: its name, lower case
    bool quoted = false; // field: the value was a "quoted phrase"
};

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

constexpr std::string_view known_fields[] = {"title", "source", "author", "publisher", "date", "lang", "kind"};

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
    CodePoint peek(std::size_t pos) const { return decode(q_, pos); }

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
                quote_follows || (!value.empty() && !is_unicode_punctuation(decode(value, 0).value) &&
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

// ---- syntax tree and parser -------------------------------------------------

struct Node {
    enum class Kind { term, near, all, any };
    Kind kind = Kind::term;
    std::string text;  // term
    bool prefix = false;
    bool exact = false;
    long distance = default_near_distance;
    // near: its terms; any: the alternatives; all: the required parts.
    std::vector<Node> items;
    // all: the excluded parts, and the column of the - or NOT before each.
    std::vector<Node> excluded;
    std::vector<std::size_t> excluded_columns;
};

Node make_term(const Token& token) {
    Node node;
    node.text = token.text;
    node.prefix = token.prefix;
    node.exact = token.exact;
    return node;
}

class Parser {
public:
    Parser(std::string_view query, const std::vector<Token>& tokens) : q_(query), tokens_(tokens) {}

    Node parse() {
        Node node = parse_or();
        if (cur().kind == Tok::rparen) fail_unmatched_close();
        return node;
    }

private:
    const Token& cur() const { return tokens_[i_]; }
    std::string column(const Token& token) const { return std::to_string(column_of(q_, token.offset)); }

    static bool starts_primary(Tok kind) {
        return kind == Tok::word || kind == Tok::phrase || kind == Tok::lparen || kind == Tok::near_open;
    }
    static bool starts_unary(Tok kind) {
        return starts_primary(kind) || kind == Tok::op_not || kind == Tok::minus;
    }

    [[noreturn]] void fail_both_sides(const Token& op) const {
        const std::string name = op.kind == Tok::op_or ? "OR" : "AND";
        fail(name + " at column " + column(op) + " needs a word on both sides",
             "put a word, phrase or ( group ) before and after " + name +
                 ", or write it in lowercase to search for the word");
    }

    [[noreturn]] void fail_unmatched_close() const {
        fail("unmatched ) at column " + column(cur()), "remove the ) or add a matching ( before it");
    }

    Node parse_or() {
        Node any;
        any.kind = Node::Kind::any;
        any.items.push_back(parse_and());
        while (cur().kind == Tok::op_or) {
            const Token& op = cur();
            ++i_;
            if (!starts_unary(cur().kind)) fail_both_sides(op);
            any.items.push_back(parse_and());
        }
        if (any.items.size() == 1) return std::move(any.items.front());
        return any;
    }

    Node parse_and() {
        if (!starts_unary(cur().kind)) {
            if (cur().kind == Tok::op_or || cur().kind == Tok::op_and) fail_both_sides(cur());
            if (cur().kind == Tok::rparen) fail_unmatched_close();
            fail("the query is empty", "type at least one word to search for");
        }
        Node all;
        all.kind = Node::Kind::all;
        add_unary(all);
        for (;;) {
            if (cur().kind == Tok::op_and) {
                const Token& op = cur();
                ++i_;
                if (!starts_unary(cur().kind)) fail_both_sides(op);
                add_unary(all);
            } else if (starts_unary(cur().kind)) {
                add_unary(all);
            } else {
                break;
            }
        }
        if (all.items.size() == 1 && all.excluded.empty()) return std::move(all.items.front());
        return all;
    }

    void add_unary(Node& all) {
        if (cur().kind != Tok::op_not && cur().kind != Tok::minus) {
            all.items.push_back(parse_primary());
            return;
        }
        const Token& op = cur();
        ++i_;
        if (!starts_primary(cur().kind)) {
            fail("NOT at column " + column(op) + " needs a word, phrase or ( group ) after it",
                 "write e.g. turkey NOT pakistan, or write not in lowercase to search for the word");
        }
        all.excluded_columns.push_back(column_of(q_, op.offset));
        all.excluded.push_back(parse_primary());
    }

    Node parse_primary() {
        const Token& token = cur();
        switch (token.kind) {
        case Tok::word:
        case Tok::phrase:
            ++i_;
            return make_term(token);
        case Tok::near_open:
            return parse_near();
        default:
            break;
        }
        // Tok::lparen: starts_primary() admits nothing else.
        ++i_;
        if (++depth_ > max_nesting) {
            fail("parentheses nested too deeply at column " + column(token) + " (the limit is " +
                     std::to_string(max_nesting) + " levels)",
                 "simplify the query");
        }
        if (cur().kind == Tok::end) {
            fail("unclosed parenthesis at column " + column(token), "add the closing ) after the group");
        }
        if (cur().kind == Tok::rparen) {
            fail("empty parentheses at column " + column(token), "put words inside the ( ) or remove them");
        }
        Node node = parse_or();
        if (cur().kind != Tok::rparen) {
            fail("unclosed parenthesis at column " + column(token), "add the closing ) after the group");
        }
        ++i_;
        --depth_;
        return node;
    }

    Node parse_near() {
        const Token& open = cur();
        ++i_;
        Node near;
        near.kind = Node::Kind::near;
        while (cur().kind == Tok::word || cur().kind == Tok::phrase) {
            near.items.push_back(make_term(cur()));
            ++i_;
        }
        if (cur().kind == Tok::comma) {
            ++i_;
            if (cur().kind != Tok::end) {
                near.distance = parse_distance(cur());
                ++i_;
            }
        }
        if (cur().kind == Tok::end) {
            fail("NEAR( at column " + column(open) + " has no closing )", "add the closing ) after its words");
        }
        if (cur().kind != Tok::rparen) {
            fail("unexpected " + describe(cur()) + " at column " + column(cur()) + " inside NEAR(...)",
                 "NEAR takes only words and phrases and an optional distance; " +
                     std::string(near_hint));
        }
        ++i_;
        if (near.items.size() < 2) {
            fail("NEAR at column " + column(open) + " needs at least two words or phrases", near_hint);
        }
        return near;
    }

    long parse_distance(const Token& token) const {
        const bool digits = token.kind == Tok::word && !token.prefix && !token.text.empty() &&
                            token.text.size() <= 7 &&
                            std::all_of(token.text.begin(), token.text.end(),
                                        [](char c) { return c >= '0' && c <= '9'; });
        const long value = digits ? std::stol(token.text) : -1;
        if (value < 0 || value > max_near_distance) {
            fail("the NEAR distance at column " + column(token) + " must be a whole number from 0 to " +
                     std::to_string(max_near_distance),
                 near_hint);
        }
        return value;
    }

    static std::string describe(const Token& token) {
        switch (token.kind) {
        case Tok::op_or: return "OR";
        case Tok::op_and: return "AND";
        case Tok::op_not: return "NOT";
        case Tok::minus: return "-";
        case Tok::lparen: return "(";
        case Tok::near_open: return "NEAR(";
        case Tok::comma: return "comma";
        case Tok::field: return "field " + token.field + ":";
        default: return "word";
        }
    }

    std::string_view q_;
    const std::vector<Token>& tokens_;
    std::size_t i_ = 0;
    int depth_ = 0;
};

// ---- simplify and emit ------------------------------------------------------

void require_positive(const Node& node) {
    if (node.kind == Node::Kind::all && node.items.empty()) {
        fail("NOT/- needs something to exclude from, e.g. turkey -pakistan (column " +
                 std::to_string(node.excluded_columns.front()) + ")",
             "add a word to search for beside the excluded one");
    }
}

// Drops terms the tokenizer reduces to nothing and flattens nested AND/OR.
// An `all` without required parts may come back; callers that need it to stand
// alone check with require_positive().
std::optional<Node> simplify(Node node) {
    switch (node.kind) {
    case Node::Kind::term:
        if (!has_searchable(node.text)) return std::nullopt;
        return node;
    case Node::Kind::near: {
        std::erase_if(node.items, [](const Node& term) { return !has_searchable(term.text); });
        if (node.items.empty()) return std::nullopt;
        if (node.items.size() == 1) return std::move(node.items.front());
        return node;
    }
    case Node::Kind::any: {
        Node out;
        out.kind = Node::Kind::any;
        for (Node& child : node.items) {
            std::optional<Node> s = simplify(std::move(child));
            if (!s) continue;
            require_positive(*s);
            if (s->kind == Node::Kind::any) {
                for (Node& grandchild : s->items) out.items.push_back(std::move(grandchild));
            } else {
                out.items.push_back(std::move(*s));
            }
        }
        if (out.items.empty()) return std::nullopt;
        if (out.items.size() == 1) return std::move(out.items.front());
        return out;
    }
    case Node::Kind::all: {
        Node out;
        out.kind = Node::Kind::all;
        for (Node& child : node.items) {
            std::optional<Node> s = simplify(std::move(child));
            if (!s) continue;
            if (s->kind != Node::Kind::all) {
                out.items.push_back(std::move(*s));
                continue;
            }
            for (Node& part : s->items) out.items.push_back(std::move(part));
            for (std::size_t k = 0; k < s->excluded.size(); ++k) {
                out.excluded.push_back(std::move(s->excluded[k]));
                out.excluded_columns.push_back(s->excluded_columns[k]);
            }
        }
        for (std::size_t k = 0; k < node.excluded.size(); ++k) {
            std::optional<Node> s = simplify(std::move(node.excluded[k]));
            if (!s) continue;
            require_positive(*s);
            out.excluded.push_back(std::move(*s));
            out.excluded_columns.push_back(node.excluded_columns[k]);
        }
        if (out.items.empty() && out.excluded.empty()) return std::nullopt;
        if (out.items.size() == 1 && out.excluded.empty()) return std::move(out.items.front());
        return out;
    }
    }
    return std::nullopt;
}

std::string quote(std::string_view text, bool prefix) {
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    if (prefix) out += '*';
    return out;
}

// The text with `=` before each space-separated word, the contract with the
// tokenizer for exact matching: "a b" -> "=a =b". The last word of a prefix
// stays bare (prefixes match surface forms anyway).
std::string exact_text(std::string_view text, bool prefix) {
    std::vector<std::pair<std::size_t, std::size_t>> words;  // [begin, end) byte ranges
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && is_space(decode(text, i).value)) i += decode(text, i).length;
        const std::size_t begin = i;
        while (i < text.size() && !is_space(decode(text, i).value)) i += decode(text, i).length;
        if (i > begin) words.emplace_back(begin, i);
    }
    std::string out;
    for (std::size_t k = 0; k < words.size(); ++k) {
        if (!out.empty()) out += ' ';
        const bool last_of_prefix = prefix && k + 1 == words.size();
        // Punctuation-only pieces get no =: they make no token to mark.
        const std::string_view word = text.substr(words[k].first, words[k].second - words[k].first);
        if (!last_of_prefix && has_searchable(word)) out += '=';
        out += word;
    }
    return out;
}

std::string quote_term(const Node& term) {
    return quote(term.exact ? exact_text(term.text, term.prefix) : term.text, term.prefix);
}

// "U.S.A." -> "USA": texts write acronyms both ways, and the tokenizer splits
// the dotted form into single letters. Two-letter ones are left alone: their
// joined forms are common words ("us", "un"). Empty when `text` is not one.
std::string dotted_acronym(std::string_view text) {
    std::string letters;
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (!std::isalpha(c)) return {};
        letters += static_cast<char>(c);
        ++i;
        if (i < text.size()) {
            if (text[i] != '.') return {};
            ++i;
        }
    }
    return letters.size() >= 3 && text.find('.') != std::string_view::npos ? letters : std::string{};
}

std::string emit(const Node& node);

std::string operand(const Node& node) {
    const bool atomic = node.kind == Node::Kind::term || node.kind == Node::Kind::near;
    return atomic ? emit(node) : "(" + emit(node) + ")";
}

std::string join(const std::vector<Node>& nodes, std::string_view separator) {
    std::string out;
    for (const Node& node : nodes) {
        if (!out.empty()) out += separator;
        out += operand(node);
    }
    return out;
}

std::string emit(const Node& node) {
    switch (node.kind) {
    case Node::Kind::term:
        if (!node.prefix) {
            if (std::string joined = dotted_acronym(node.text); !joined.empty()) {
                const std::string mark = node.exact ? "=" : "";
                return "(" + quote(mark + node.text, false) + " OR " + quote(mark + joined, false) + ")";
            }
        }
        return quote_term(node);
    case Node::Kind::near: {
        std::string out = "NEAR(";
        for (std::size_t k = 0; k < node.items.size(); ++k) {
            if (k > 0) out += ' ';
            out += quote_term(node.items[k]);
        }
        return out + ", " + std::to_string(node.distance) + ")";
    }
    case Node::Kind::any:
        return join(node.items, " OR ");
    case Node::Kind::all: {
        std::string out = join(node.items, " AND ");
        if (node.items.size() > 1 && !node.excluded.empty()) out = "(" + out + ")";
        for (const Node& excluded : node.excluded) out += " NOT " + operand(excluded);
        return out;
    }
    }
    return {};
}

// ---- fields -------------------------------------------------------------------

std::string field_column(std::string_view q, const Token& token) {
    return std::to_string(column_of(q, token.offset));
}

const char* const field_place_hint =
    "fields filter the whole query: write them outside ( ) and OR, e.g. source:Reuters (drones OR uav)";

// Checks a field's value and adds it to `filters`.
void add_field(std::string_view q, const Token& token, QueryFilters& filters) {
    const std::string column = field_column(q, token);
    const std::string& value = token.text;
    const std::string written = token.field + ":" + (token.quoted ? "\"" + value + "\"" : value);
    if (token.field == "title") {
        Node term;
        term.text = value;
        term.prefix = token.prefix;
        term.exact = token.exact;
        if (!has_searchable(value)) {
            fail("the field title: at column " + column + " has no words to search for",
                 "write a word or \"phrase\" after title:, e.g. title:drones");
        }
        const std::string expression = emit(term);
        filters.title = filters.title.empty() ? expression : filters.title + " AND " + expression;
        return;
    }
    std::string trimmed = value;
    while (!trimmed.empty() && trimmed.back() == ' ') trimmed.pop_back();
    while (!trimmed.empty() && trimmed.front() == ' ') trimmed.erase(0, 1);
    if (trimmed.empty()) {
        fail("the field " + token.field + ": at column " + column + " needs a value",
             "write the value right after the colon, e.g. " + token.field + ":\"Daily Sabah\"");
    }
    if (token.field == "source") {
        filters.sources.push_back(trimmed);
    } else if (token.field == "author") {
        filters.authors.push_back(trimmed);
    } else if (token.field == "publisher") {
        filters.publishers.push_back(trimmed);
    } else if (token.field == "lang") {
        const std::string code = ascii_lower(trimmed);
        if (code.size() != 2 || !is_ascii_letter(code[0]) || !is_ascii_letter(code[1])) {
            fail(written + " at column " + column + " is not a two-letter language code",
                 "write an ISO 639-1 code, e.g. lang:en, lang:tr or lang:de");
        }
        filters.languages.push_back(code);
    } else if (token.field == "kind") {
        const std::string name = ascii_lower(trimmed);
        if (name != "paragraph" && name != "footnote" && name != "title") {
            fail(written + " at column " + column + " is not a passage kind",
                 "write kind:paragraph, kind:footnote or kind:title");
        }
        filters.kinds.push_back(parse_passage_kind(name));
    } else if (token.field == "date") {
        const std::optional<DateRange> range = parse_date_range(trimmed);
        if (!range) {
            fail(written + " at column " + column + " is not a date or date range",
                 "write e.g. date:2020, date:2020-02, date:2020-02-14, or a range date:2019..2020-03 "
                 "(either end may be left out; the start must not be after the end)");
        }
        filters.date = filters.date ? query::intersect(*filters.date, *range) : *range;
    }
}

// Removes the field tokens (and an AND written next to one) from the token
// list, checking that each stands at the top level, and fills `filters`.
std::vector<Token> take_fields(std::string_view q, std::vector<Token> tokens, QueryFilters& filters) {
    bool top_level_or = false;
    int depth = 0;
    for (const Token& token : tokens) {
        if (token.kind == Tok::lparen || token.kind == Tok::near_open) ++depth;
        if (token.kind == Tok::rparen && depth > 0) --depth;
        if (token.kind == Tok::op_or && depth == 0) top_level_or = true;
    }
    std::vector<Token> rest;
    depth = 0;
    bool in_near = false;
    bool drop_next_and = false;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        Token& token = tokens[i];
        if (token.kind != Tok::field) {
            if (token.kind == Tok::lparen) ++depth;
            if (token.kind == Tok::near_open) in_near = true;
            if (token.kind == Tok::rparen) {
                if (in_near) in_near = false;
                else if (depth > 0) --depth;
            }
            if (drop_next_and && token.kind == Tok::op_and) {
                drop_next_and = false;
                continue;
            }
            drop_next_and = false;
            rest.push_back(std::move(token));
            continue;
        }
        const std::string name = "the field " + token.field + ":";
        const std::string column = field_column(q, token);
        if (in_near) {  // the parser reports it inside NEAR(...)
            rest.push_back(std::move(token));
            continue;
        }
        if (!rest.empty() && (rest.back().kind == Tok::minus || rest.back().kind == Tok::op_not)) {
            fail(name + " at column " + column + " cannot be excluded with - or NOT",
                 "fields only narrow the search: remove the - or NOT before it");
        }
        if (depth > 0) fail(name + " at column " + column + " is inside ( )", field_place_hint);
        if (top_level_or) fail(name + " at column " + column + " is used with OR", field_place_hint);
        add_field(q, token, filters);
        if (!rest.empty() && rest.back().kind == Tok::op_and) {
            rest.pop_back();
        } else {
            drop_next_and = true;
        }
    }
    return rest;
}

// ---- ranking forms -------------------------------------------------------------

void add_ranking_forms(const Node& root, TranslatedQuery& out) {
    if (root.kind != Node::Kind::all || root.items.size() < 2) return;
    std::string phrase, near;
    for (const Node& item : root.items) {
        if (item.kind != Node::Kind::term || item.prefix || !dotted_acronym(item.text).empty()) return;
        const std::string text = item.exact ? exact_text(item.text, false) : item.text;
        if (!phrase.empty()) phrase += ' ';
        phrase += text;
        near += (near.empty() ? "" : " ") + quote(text, false);
    }
    out.phrase = quote(phrase, false);
    out.near = "NEAR(" + near + ", " + std::to_string(kRankNearDistance) + ")";
}

} // namespace

TranslatedQuery translate_query_full(std::string_view user_query, WordMatch words) {
    if (user_query.size() > max_query_bytes) {
        fail("the query is too long (" + std::to_string(user_query.size()) + " bytes; the limit is " +
                 std::to_string(max_query_bytes) + ")",
             "shorten the query");
    }
    if (const auto bad = util::first_invalid_utf8(user_query)) {
        fail("the query contains invalid UTF-8 at column " + std::to_string(column_of(user_query, *bad)),
             "retype the query, or set the terminal to UTF-8");
    }
    std::vector<Token> tokens = Lexer(user_query).run();
    if (tokens.front().kind == Tok::end) fail("the query is empty", "type at least one word to search for");
    if (words == WordMatch::exact) {
        for (Token& token : tokens) {
            if (token.kind == Tok::word || token.kind == Tok::phrase ||
                (token.kind == Tok::field && token.field == "title"))
                token.exact = true;
        }
    }
    TranslatedQuery out;
    const std::vector<Token> rest = take_fields(user_query, std::move(tokens), out.filters);
    if (rest.front().kind == Tok::end) return out;
    std::optional<Node> root = simplify(Parser(user_query, rest).parse());
    if (!root) {
        if (!out.filters.empty()) return out;
        fail("the query has no words to search for",
             "search for at least one word or number; punctuation alone matches nothing");
    }
    require_positive(*root);
    out.match = emit(*root);
    add_ranking_forms(*root, out);
    return out;
}

std::string translate_query(std::string_view user_query, WordMatch words) {
    TranslatedQuery translated = translate_query_full(user_query, words);
    if (translated.match.empty()) {
        fail("the query has no words to search for",
             "search for at least one word or number; fields alone select but do not search");
    }
    return std::move(translated.match);
}

} // namespace newsdb
