#include "query/tsquery_emitter.hpp"

#include <cctype>
#include <string_view>
#include <utility>

#include "query/characters.hpp"
#include "query/lexer.hpp"
#include "util/utf8.hpp"

namespace newsdb::query {

namespace {

// The words of a term, split at spaces, as fts5_emitter.cpp reads them.
std::vector<std::string_view> words_of(std::string_view text) {
    std::vector<std::string_view> words;
    std::size_t i = 0, length = 0;
    auto space = [&](std::size_t at) { return is_space(util::decode_utf8(text, at, length)); };
    while (i < text.size()) {
        while (i < text.size() && space(i)) i += length;
        const std::size_t begin = i;
        while (i < text.size() && !space(i)) i += length;
        if (i > begin) words.push_back(text.substr(begin, i - begin));
    }
    return words;
}

// The words in order; the parser of the server's configuration splits each
// further (state-of-the-art) and to_tsquery joins those pieces by <-> too.
std::string phrase_of(std::string_view text, bool prefix) {
    std::string out;
    const std::vector<std::string_view> words = words_of(text);
    for (std::size_t k = 0; k < words.size(); ++k) {
        if (!out.empty()) out += " <-> ";
        out += tsquery_operand(words[k]);
        if (prefix && k + 1 == words.size()) out += ":*";
    }
    return out;
}

TsTerm term_of(const Node& node) {
    TsTerm term;
    // Prefixes match words as written, locally too (FTS5 prefix queries read
    // the index's surface forms).
    term.exact = node.exact || node.prefix;
    term.tsquery = phrase_of(node.text, node.prefix);
    if (!node.prefix && !node.quoted) {
        if (const std::string joined = dotted_acronym(node.text); !joined.empty())
            term.tsquery = "( " + term.tsquery + " | " + tsquery_operand(joined) + " )";
    }
    // A #hashtag: the server's parser drops the #, so the word alone is the
    // same search as fts5_emitter.cpp's ("#MeToo" OR "MeToo").
    return term;
}

class Emitter {
public:
    explicit Emitter(TsQuery& out) : out_(out) {}

    TsCondition condition(const Node& node) {
        TsCondition c;
        switch (node.kind) {
        case Node::Kind::term:
            c.kind = TsCondition::Kind::term;
            c.term = out_.terms.size();
            out_.terms.push_back(term_of(node));
            return c;
        case Node::Kind::near:
            fail("NEAR(...) cannot be searched on a PostgreSQL server (`" + written_form(node) +
                     "`): its text search has no 'within N words'",
                 "search the words as a \"phrase\", or ANDed, or search the local archive");
        case Node::Kind::any:
            c.kind = TsCondition::Kind::any;
            for (const Node& item : node.items) c.items.push_back(condition(item));
            return c;
        case Node::Kind::all:
            c.kind = TsCondition::Kind::all;
            for (const Node& item : node.items) {
                if (item.kind == Node::Kind::exclude)
                    c.excluded.push_back(condition(item.items.front()));
                else
                    c.items.push_back(condition(item));
            }
            return c;
        case Node::Kind::exclude:
            break;  // only inside an `all` (query_tree.hpp)
        }
        return c;
    }

private:
    TsQuery& out_;
};

} // namespace

std::string tsquery_operand(std::string_view text) {
    std::string out = "'";
    for (const char c : text) {
        if (c == '\'') out += '\'';
        if (c == '\\') out += '\\';
        out += c;
    }
    return out + "'";
}

TsQuery to_tsquery(ParsedQuery parsed) {
    TsQuery out;
    out.filters = std::move(parsed.filters);
    out.filters.title.clear();
    for (const Node& t : parsed.title) out.title.push_back(term_of(t));
    if (!parsed.root) return out;
    Emitter emitter(out);
    out.condition = emitter.condition(*parsed.root);
    out.has_condition = true;
    if (parsed.root->kind == Node::Kind::all) {
        std::size_t k = 0;
        for (const Node& item : parsed.root->items) {
            if (item.kind == Node::Kind::exclude) continue;
            out.part_names.push_back(written_form(item));
            out.parts.push_back(out.condition.items[k++]);
        }
    } else {
        out.part_names.push_back(written_form(*parsed.root));
        out.parts.push_back(out.condition);
    }
    return out;
}

} // namespace newsdb::query
