// Internals of the HTML parser: a compact, depth-capped copy of gumbo's tree
// that the metadata and body passes share (src/parse/html*.cpp).
#pragma once

#include <gumbo.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "newsdb/article.hpp"

namespace newsdb::detail::html {

// Deeper elements are flattened into their ancestor at this depth, so every
// recursive pass over the tree is bounded.
inline constexpr int max_tree_depth = 400;
// Pages above this size are cut (at a tag boundary) before parsing.
inline constexpr std::size_t max_html_bytes = 16u << 20;

// Returns a copy of `html` with start tags nested deeper than `max_depth`
// (and their end tags) left out, or nullopt when the page never nests that
// deep. Gumbo's scope checks are linear in the depth of open elements, so a
// page nested 100,000 levels deep would otherwise take minutes.
std::optional<std::string> limit_nesting(std::string_view html, std::size_t max_depth);

// Returns a copy of `html` without the bodies of its <script> elements (JSON-LD
// excepted: the metadata pass reads it) and <style> elements, or nullopt when
// there is nothing to leave out. No pass reads them, yet they are about 45 %
// of the bytes of saved pages, and gumbo's tokenizer builds their text one
// character at a time. Wherever the scan cannot tell what gumbo's tokenizer
// would do, it keeps the page as written (html_strip.cpp).
std::optional<std::string> drop_script_and_style(std::string_view html);

struct Node {
    const GumboNode* source = nullptr;
    GumboTag tag = GUMBO_TAG_UNKNOWN;
    bool is_text = false;
    int parent = -1;
    int depth = 0;
    std::vector<int> children;
    std::string_view text;  // text nodes only; points into gumbo's output
};

// Nodes in document order (a parent before its children); index 0 is <html>.
struct Tree {
    std::vector<Node> nodes;
};

Tree build_tree(const GumboNode* root);

std::string_view attribute(const Node& node, const char* name);
// The element's own text, whitespace-normalised, skipping scripts and styles.
std::string text_of(const Tree& tree, int index);

struct PageMeta {
    std::string title;        // best title found
    std::string title_tag;    // <title> as written
    std::string h1;           // filled by the body pass when the title is missing
    std::string date, author, source, url, language;
    std::vector<std::string> tags;
};

PageMeta read_meta(const Tree& tree);
// Strips a " | Site" / "Site - " decoration from a page title.
std::string strip_site_suffix(std::string title, std::string_view site, std::string_view url);

} // namespace newsdb::detail::html
