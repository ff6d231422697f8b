#include "query/parser.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "query/characters.hpp"
#include "query/filters.hpp"
#include "query/lexer.hpp"
#include "util/utf8.hpp"

namespace newsdb::query {

namespace {

constexpr std::size_t max_query_bytes = 4096;
constexpr int max_nesting = 64;
constexpr long max_near_distance = 1000000;
constexpr long default_near_distance = 10;

const char* const near_hint = "write e.g. NEAR(turkey pakistan, 10)";

Node make_term(const Token& token) {
    Node node;
    node.text = token.text;
    node.quoted = token.kind == Tok::phrase || (token.kind == Tok::field && token.quoted);
    node.prefix = token.prefix;
    node.exact = token.exact;
    return node;
}

bool is_positive(const Node& node) { return node.kind != Node::Kind::exclude; }

// ---- parser -------------------------------------------------------------------

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
        if (all.items.size() == 1 && is_positive(all.items.front())) return std::move(all.items.front());
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
        Node exclude;
        exclude.kind = Node::Kind::exclude;
        exclude.column = column_of(q_, op.offset);
        exclude.items.push_back(parse_primary());
        all.items.push_back(std::move(exclude));
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
        near.distance = default_near_distance;
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

// ---- simplify -------------------------------------------------------------------

// An `all` must have a positive part beside its exclusions.
void require_positive(const Node& node) {
    if (node.kind == Node::Kind::all && std::none_of(node.items.begin(), node.items.end(), is_positive)) {
        fail("NOT/- needs something to exclude from, e.g. turkey -pakistan (column " +
                 std::to_string(node.items.front().column) + ")",
             "add a word to search for beside the excluded one");
    }
}

// Drops terms the tokenizer reduces to nothing and flattens nested AND/OR,
// establishing query_tree.hpp's invariants except one: an `all` without
// positive parts may come back; callers that need it to stand alone check
// with require_positive().
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
        // The positive parts first (taking in those of nested ANDs, and their
        // exclusions), then this AND's own exclusions: the order the emitted
        // expression lists them in.
        std::vector<Node> positives, excluded;
        for (Node& child : node.items) {
            if (!is_positive(child)) continue;
            std::optional<Node> s = simplify(std::move(child));
            if (!s) continue;
            if (s->kind != Node::Kind::all) {
                positives.push_back(std::move(*s));
                continue;
            }
            for (Node& part : s->items) (is_positive(part) ? positives : excluded).push_back(std::move(part));
        }
        for (Node& child : node.items) {
            if (is_positive(child)) continue;
            std::optional<Node> s = simplify(std::move(child.items.front()));
            if (!s) continue;
            require_positive(*s);
            child.items.front() = std::move(*s);
            excluded.push_back(std::move(child));
        }
        if (positives.empty() && excluded.empty()) return std::nullopt;
        if (positives.size() == 1 && excluded.empty()) return std::move(positives.front());
        Node out;
        out.kind = Node::Kind::all;
        out.items = std::move(positives);
        for (Node& part : excluded) out.items.push_back(std::move(part));
        return out;
    }
    case Node::Kind::exclude:
        break;  // simplified by the `all` holding it
    }
    return std::nullopt;
}

// ---- fields -----------------------------------------------------------------------

std::string field_column(std::string_view q, const Token& token) {
    return std::to_string(column_of(q, token.offset));
}

const char* const field_place_hint =
    "fields filter the whole query: write them outside ( ) and OR, e.g. source:Reuters (drones OR uav)";

// Checks a field's value and adds it to `out`.
void add_field(std::string_view q, const Token& token, ParsedQuery& out) {
    QueryFilters& filters = out.filters;
    const std::string column = field_column(q, token);
    const std::string& value = token.text;
    const std::string written = token.field + ":" + (token.quoted ? "\"" + value + "\"" : value);
    if (token.field == "title") {
        if (!has_searchable(value)) {
            fail("the field title: at column " + column + " has no words to search for",
                 "write a word or \"phrase\" after title:, e.g. title:drones");
        }
        out.title.push_back(make_term(token));
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
    } else if (token.field == "tag") {
        filters.tags.push_back(trimmed);
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
        filters.date = filters.date ? intersect(*filters.date, *range) : *range;
    }
}

// Removes the field tokens (and an AND written next to one) from the token
// list, checking that each stands at the top level, and fills `out`.
std::vector<Token> take_fields(std::string_view q, std::vector<Token> tokens, ParsedQuery& out) {
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
        add_field(q, token, out);
        if (!rest.empty() && rest.back().kind == Tok::op_and) {
            rest.pop_back();
        } else {
            drop_next_and = true;
        }
    }
    return rest;
}

} // namespace

ParsedQuery parse_query(std::string_view user_query, WordMatch words) {
    if (user_query.size() > max_query_bytes) {
        fail("the query is too long (" + std::to_string(user_query.size()) + " bytes; the limit is " +
                 std::to_string(max_query_bytes) + ")",
             "shorten the query");
    }
    if (const auto bad = util::first_invalid_utf8(user_query)) {
        fail("the query contains invalid UTF-8 at column " + std::to_string(column_of(user_query, *bad)),
             "retype the query, or set the terminal to UTF-8");
    }
    std::vector<Token> tokens = lex(user_query);
    if (tokens.front().kind == Tok::end) fail("the query is empty", "type at least one word to search for");
    if (words == WordMatch::exact) {
        for (Token& token : tokens) {
            if (token.kind == Tok::word || token.kind == Tok::phrase ||
                (token.kind == Tok::field && token.field == "title"))
                token.exact = true;
        }
    }
    ParsedQuery out;
    const std::vector<Token> rest = take_fields(user_query, std::move(tokens), out);
    if (rest.front().kind == Tok::end) return out;
    out.root = simplify(Parser(user_query, rest).parse());
    if (!out.root) {
        if (out.has_filters()) return out;
        fail("the query has no words to search for",
             "search for at least one word or number; punctuation alone matches nothing");
    }
    require_positive(*out.root);
    return out;
}

} // namespace newsdb::query
