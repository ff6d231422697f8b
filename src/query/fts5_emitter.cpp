#include "query/fts5_emitter.hpp"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <string_view>
#include <utility>
#include <vector>

#include "query/characters.hpp"
#include "util/utf8.hpp"

namespace newsdb::query {

namespace {

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

bool space_at(std::string_view text, std::size_t i, std::size_t& length) {
    return is_space(util::decode_utf8(text, i, length));
}

// The text with `=` before each space-separated word, the contract with the
// tokenizer for exact matching: "a b" -> "=a =b". The last word of a prefix
// stays bare (prefixes match surface forms anyway).
std::string exact_text(std::string_view text, bool prefix) {
    std::vector<std::pair<std::size_t, std::size_t>> words;  // [begin, end) byte ranges
    std::size_t i = 0, length = 0;
    while (i < text.size()) {
        while (i < text.size() && space_at(text, i, length)) i += length;
        const std::size_t begin = i;
        while (i < text.size() && !space_at(text, i, length)) i += length;
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

// "#MeToo" -> "MeToo": a hashtag written as a word also finds the word
// without the # (passages with the hashtag match both, so they rank first);
// within a "phrase" it is taken as written. Empty when `text` is not one.
std::string_view hashtag_word(std::string_view text) {
    std::size_t hashes = 0;
    while (hashes < text.size() && text[hashes] == '#') ++hashes;
    if (hashes == 0 || hashes == text.size()) return {};
    const auto first = static_cast<unsigned char>(text[hashes]);
    if (first < 0x80 && !std::isalnum(first)) return {};
    const std::string_view word = text.substr(hashes);
    return has_searchable(word) ? word : std::string_view{};
}

std::string emit(const Node& node);

std::string operand(const Node& node) {
    const bool atomic = node.kind == Node::Kind::term || node.kind == Node::Kind::near;
    return atomic ? emit(node) : "(" + emit(node) + ")";
}

std::string join(const std::vector<Node>& nodes, std::string_view separator) {
    std::string out;
    for (const Node& node : nodes) {
        if (node.kind == Node::Kind::exclude) continue;
        if (!out.empty()) out += separator;
        out += operand(node);
    }
    return out;
}

std::string emit(const Node& node) {
    switch (node.kind) {
    case Node::Kind::term:
        if (const std::string_view word = node.quoted ? std::string_view{} : hashtag_word(node.text); !word.empty()) {
            Node plain = node;
            plain.text = std::string(word);
            return "(" + quote_term(node) + " OR " + quote_term(plain) + ")";
        }
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
        // `P NOT n1 NOT n2`: the positive parts come first (query_tree.hpp).
        std::string out = join(node.items, " AND ");
        const std::size_t excluded = static_cast<std::size_t>(std::count_if(
            node.items.begin(), node.items.end(), [](const Node& n) { return n.kind == Node::Kind::exclude; }));
        if (node.items.size() - excluded > 1 && excluded > 0) out = "(" + out + ")";
        for (const Node& item : node.items) {
            if (item.kind == Node::Kind::exclude) out += " NOT " + operand(item.items.front());
        }
        return out;
    }
    case Node::Kind::exclude:
        break;  // written by the `all` holding it
    }
    return {};
}

} // namespace

std::string fts5_match(const Node& root) { return emit(root); }

std::size_t fts5_phrase_count(const Node& node) {
    switch (node.kind) {
    case Node::Kind::term:  // see emit()
        if (!node.quoted && !hashtag_word(node.text).empty()) return 2;
        return !node.prefix && !dotted_acronym(node.text).empty() ? 2 : 1;
    case Node::Kind::near:
        return node.items.size();
    case Node::Kind::all:
    case Node::Kind::any:
    case Node::Kind::exclude:
        break;
    }
    std::size_t n = 0;
    for (const Node& item : node.items) n += fts5_phrase_count(item);
    return n;
}

std::string fts5_title_filter(const std::vector<Node>& terms) {
    std::string out;
    for (const Node& term : terms) {
        const std::string expression = emit(term);
        out = out.empty() ? expression : out + " AND " + expression;
    }
    return out;
}

RankingForms fts5_ranking_forms(const Node& root) {
    if (root.kind != Node::Kind::all) return {};
    std::string phrase, near;
    std::size_t terms = 0;
    for (const Node& item : root.items) {
        if (item.kind == Node::Kind::exclude) continue;
        if (item.kind != Node::Kind::term || item.prefix || !dotted_acronym(item.text).empty()) return {};
        const std::string text = item.exact ? exact_text(item.text, false) : item.text;
        if (!phrase.empty()) phrase += ' ';
        phrase += text;
        near += (near.empty() ? "" : " ") + quote(text, false);
        ++terms;
    }
    if (terms < 2) return {};
    return {quote(phrase, false), "NEAR(" + near + ", " + std::to_string(kRankNearDistance) + ")"};
}

TranslatedQuery to_fts5(ParsedQuery parsed) {
    TranslatedQuery out;
    out.filters = std::move(parsed.filters);
    out.filters.title = fts5_title_filter(parsed.title);
    if (!parsed.root) return out;
    out.match = fts5_match(*parsed.root);
    RankingForms ranking = fts5_ranking_forms(*parsed.root);
    out.phrase = std::move(ranking.phrase);
    out.near = std::move(ranking.near);
    return out;
}

} // namespace newsdb::query
