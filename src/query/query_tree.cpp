#include "query/query_tree.hpp"

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

} // namespace newsdb::query
