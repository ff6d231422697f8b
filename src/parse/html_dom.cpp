// The depth guard and the compact tree shared by the HTML passes.
#include "parse/html_dom.hpp"

#include <algorithm>
#include <array>
#include <unordered_map>
#include <utility>

#include "parse/text_util.hpp"

namespace newsdb::parse::html {

namespace {

bool is_name_char(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == ':' || c == '_';
}

bool is_void(std::string_view name) noexcept {
    static constexpr std::array<std::string_view, 16> names = {
        "area", "base", "br",   "col",  "embed", "hr",    "img", "input",
        "link", "meta", "param", "source", "track", "wbr", "keygen", "basefont"};
    return std::find(names.begin(), names.end(), name) != names.end();
}

bool is_raw_text(std::string_view name) noexcept {
    static constexpr std::array<std::string_view, 9> names = {
        "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"};
    return std::find(names.begin(), names.end(), name) != names.end();
}

// Position of the case-insensitive `</name` at or after `from`, or npos.
std::size_t find_end_tag(std::string_view html, std::string_view name, std::size_t from) {
    for (std::size_t pos = html.find("</", from); pos != std::string_view::npos; pos = html.find("</", pos + 2)) {
        if (pos + 2 + name.size() <= html.size() && iequals(html.substr(pos + 2, name.size()), name))
            return pos;
    }
    return std::string_view::npos;
}

// End of the tag that starts at `from` (the position after `<name`): the `>`,
// skipping quoted attribute values; npos when the tag never closes.
std::size_t tag_end(std::string_view html, std::size_t from) {
    char quote = 0;
    bool after_equals = false;
    for (std::size_t i = from; i < html.size(); ++i) {
        char c = html[i];
        if (quote) {
            if (c == quote) quote = 0;
            continue;
        }
        if (c == '>') return i;
        if (c == '=') {
            after_equals = true;
            continue;
        }
        if (after_equals && (c == '"' || c == '\'')) quote = c;
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') after_equals = false;
    }
    return std::string_view::npos;
}

} // namespace

std::optional<std::string> limit_nesting(std::string_view html, std::size_t max_depth) {
    std::vector<std::string> open;
    std::unordered_map<std::string, std::size_t> dropped;
    std::vector<std::pair<std::size_t, std::size_t>> drop_ranges;
    std::size_t pos = 0;
    const std::size_t n = html.size();
    while (pos < n) {
        std::size_t lt = html.find('<', pos);
        if (lt == std::string_view::npos || lt + 1 >= n) break;
        if (html.compare(lt, 4, "<!--") == 0) {
            std::size_t end = html.find("-->", lt + 4);
            pos = end == std::string_view::npos ? n : end + 3;
            continue;
        }
        char next = html[lt + 1];
        if (next == '!' || next == '?') {
            std::size_t end = html.find('>', lt);
            pos = end == std::string_view::npos ? n : end + 1;
            continue;
        }
        bool is_end = next == '/';
        std::size_t name_start = lt + 1 + (is_end ? 1 : 0);
        std::size_t name_end = name_start;
        if (name_end >= n || !((html[name_end] >= 'a' && html[name_end] <= 'z') ||
                               (html[name_end] >= 'A' && html[name_end] <= 'Z'))) {
            pos = lt + 1;
            continue;
        }
        while (name_end < n && is_name_char(html[name_end])) ++name_end;
        std::string name = to_lower_ascii(html.substr(name_start, name_end - name_start));
        std::size_t gt = tag_end(html, name_end);
        if (gt == std::string_view::npos) break;
        pos = gt + 1;
        if (is_end) {
            if (auto it = dropped.find(name); it != dropped.end() && it->second > 0) {
                --it->second;
                drop_ranges.emplace_back(lt, gt + 1);
                continue;
            }
            auto found = std::find(open.rbegin(), open.rend(), name);
            if (found != open.rend()) open.erase(std::next(found).base(), open.end());
            continue;
        }
        if (is_raw_text(name)) {
            std::size_t end = find_end_tag(html, name, pos);
            pos = end == std::string_view::npos ? n : end;
            continue;
        }
        if (is_void(name)) continue;  // `<div/>` still opens a div in HTML
        // Elements whose end tag is optional close their open twin.
        if (!open.empty() && open.back() == name &&
            (name == "p" || name == "li" || name == "dt" || name == "dd" || name == "option" ||
             name == "tr" || name == "td" || name == "th"))
            open.pop_back();
        if (open.size() >= max_depth) {
            ++dropped[name];
            drop_ranges.emplace_back(lt, gt + 1);
        } else {
            open.push_back(std::move(name));
        }
    }
    if (drop_ranges.empty()) return std::nullopt;
    std::string out;
    out.reserve(n);
    std::size_t from = 0;
    for (auto [begin, end] : drop_ranges) {
        out.append(html.substr(from, begin - from));
        from = end;
    }
    out.append(html.substr(from));
    return out;
}

Tree build_tree(const GumboNode* root) {
    Tree tree;
    struct Pending {
        const GumboNode* node;
        int parent;
    };
    std::vector<Pending> stack{{root, -1}};
    while (!stack.empty()) {
        auto [g, parent] = stack.back();
        stack.pop_back();
        int parent_depth = parent < 0 ? -1 : tree.nodes[static_cast<std::size_t>(parent)].depth;
        if (g->type == GUMBO_NODE_TEXT || g->type == GUMBO_NODE_WHITESPACE || g->type == GUMBO_NODE_CDATA) {
            if (parent < 0) continue;
            Node text;
            text.source = g;
            text.is_text = true;
            text.parent = parent;
            text.depth = parent_depth + 1;
            text.text = g->v.text.text;
            int index = static_cast<int>(tree.nodes.size());
            tree.nodes.push_back(text);
            tree.nodes[static_cast<std::size_t>(parent)].children.push_back(index);
            continue;
        }
        if (g->type != GUMBO_NODE_ELEMENT && g->type != GUMBO_NODE_DOCUMENT) continue;
        const GumboVector& kids = g->type == GUMBO_NODE_DOCUMENT ? g->v.document.children : g->v.element.children;
        int self = parent;
        if (g->type == GUMBO_NODE_ELEMENT) {
            GumboTag tag = g->v.element.tag;
            switch (tag) {
            case GUMBO_TAG_STYLE: case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_SVG:
            case GUMBO_TAG_IFRAME: case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED: case GUMBO_TAG_CANVAS:
            case GUMBO_TAG_SELECT: case GUMBO_TAG_BUTTON: case GUMBO_TAG_INPUT: case GUMBO_TAG_TEXTAREA:
            case GUMBO_TAG_OPTION: case GUMBO_TAG_AUDIO: case GUMBO_TAG_VIDEO: case GUMBO_TAG_MAP:
            case GUMBO_TAG_APPLET: case GUMBO_TAG_FRAMESET:
            // Ruby annotations (furigana) read a word again: 子供 is not 子こども.
            case GUMBO_TAG_RT: case GUMBO_TAG_RP: case GUMBO_TAG_RTC:
                continue;
            default:
                break;
            }
            if (parent < 0 || parent_depth < max_tree_depth) {
                Node element;
                element.source = g;
                element.tag = tag;
                element.parent = parent;
                element.depth = parent_depth + 1;
                self = static_cast<int>(tree.nodes.size());
                tree.nodes.push_back(element);
                if (parent >= 0) tree.nodes[static_cast<std::size_t>(parent)].children.push_back(self);
            }
        }
        for (unsigned i = kids.length; i-- > 0;)
            stack.push_back({static_cast<const GumboNode*>(kids.data[i]), self});
    }
    return tree;
}

namespace {

const GumboAttribute* find_attribute(const Node& node, const char* name) {
    if (node.is_text || !node.source || node.source->type != GUMBO_NODE_ELEMENT) return nullptr;
    return gumbo_get_attribute(&node.source->v.element.attributes, name);
}

} // namespace

std::string_view attribute(const Node& node, AttributeName name) {
    const GumboAttribute* a = find_attribute(node, name.name);
    return a ? std::string_view(a->value) : std::string_view{};
}

bool has_attribute(const Node& node, AttributeName name) { return find_attribute(node, name.name) != nullptr; }

std::string text_of(const Tree& tree, int index) {
    std::string raw;
    std::vector<int> stack{index};
    while (!stack.empty()) {
        const Node& node = tree.nodes[static_cast<std::size_t>(stack.back())];
        stack.pop_back();
        if (node.is_text) {
            raw.append(node.text);
            continue;
        }
        if (node.tag == GUMBO_TAG_SCRIPT) continue;
        if (node.tag == GUMBO_TAG_BR || node.tag == GUMBO_TAG_P || node.tag == GUMBO_TAG_DIV ||
            node.tag == GUMBO_TAG_LI)
            raw.push_back(' ');
        for (auto it = node.children.rbegin(); it != node.children.rend(); ++it) stack.push_back(*it);
    }
    return normalize_line(raw);
}

} // namespace newsdb::parse::html
