#include "query/query_tree.hpp"

#include <string_view>

namespace newsdb::query {

namespace {

std::string join_items(const Node& node) {
    std::string out;
    for (const Node& item : node.items) {
        if (!out.empty()) out += ", ";
        out += describe(item);
    }
    return out;
}

// The items of an AND or OR as written, `separator` between them; an item of
// the other kind (`grouped`) goes in parentheses.
std::string written_items(const std::vector<Node>& items, std::string_view separator, Node::Kind grouped) {
    std::string out;
    for (const Node& item : items) {
        if (!out.empty()) out += separator;
        out += item.kind == grouped ? "(" + written_form(item) + ")" : written_form(item);
    }
    return out;
}

} // namespace

std::string describe(const Node& node) {
    switch (node.kind) {
    case Node::Kind::term: {
        std::string out = node.exact ? "=" : "";
        out += node.quoted ? "\"" + node.text + "\"" : node.text;
        if (node.prefix) out += '*';
        return out;
    }
    case Node::Kind::near:
        return "NEAR/" + std::to_string(node.distance) + "(" + join_items(node) + ")";
    case Node::Kind::all:
        return "AND(" + join_items(node) + ")";
    case Node::Kind::any:
        return "OR(" + join_items(node) + ")";
    case Node::Kind::exclude:
        return "NOT " + join_items(node);
    }
    return {};
}

std::string written_form(const Node& node) {
    switch (node.kind) {
    case Node::Kind::term: {
        std::string out = node.exact ? "=" : "";
        out += node.quoted ? "\"" + node.text + "\"" : node.text;
        if (node.prefix) out += '*';
        return out;
    }
    case Node::Kind::near: {
        std::string out = "NEAR(";
        for (std::size_t k = 0; k < node.items.size(); ++k) out += (k > 0 ? " " : "") + written_form(node.items[k]);
        return out + ", " + std::to_string(node.distance) + ")";
    }
    case Node::Kind::all:
        return written_items(node.items, " ", Node::Kind::any);
    case Node::Kind::any:
        return written_items(node.items, " OR ", Node::Kind::all);
    case Node::Kind::exclude: {
        const Node& item = node.items.front();
        const bool group = item.kind == Node::Kind::all || item.kind == Node::Kind::any;
        return "-" + (group ? "(" + written_form(item) + ")" : written_form(item));
    }
    }
    return {};
}

} // namespace newsdb::query
