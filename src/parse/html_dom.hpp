// Internals of the HTML parser: a compact, depth-capped copy of gumbo's tree
// that the metadata and body passes share (src/parse/html*.cpp).
#pragma once

#include <gumbo.h>

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "newsdb/article.hpp"

namespace newsdb::parse::html {

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

// The attributes that some pass reads, and those gumbo's tree construction
// looks at (an input's type, annotation-xml's encoding, a font's color, face
// or size in foreign content): lean_html() leaves every other one out.
inline constexpr std::array<std::string_view, 23> kReadAttributes = {
    "aria-hidden", "charset", "class", "color", "content", "datetime", "encoding", "face", "hidden", "href",
    "http-equiv", "id", "itemprop", "itemtype", "lang", "name", "property", "rel", "role", "size", "start",
    "style", "type"};

// The name of an attribute a pass reads: one of kReadAttributes, checked
// where the code is compiled, so that no pass can ask for one that
// lean_html() left out.
struct AttributeName {
    const char* name;
    consteval AttributeName(const char* n) : name(n) {
        bool read = false;
        for (std::string_view a : kReadAttributes) read = read || a == n;
        if (!read) throw "an attribute read must be listed in html::kReadAttributes";
    }
};

// What lean_html() leaves out of a page before gumbo parses it.
struct Lean {
    // The bodies of <script> (JSON-LD excepted: the metadata pass reads it)
    // and <style>: about 45 % of the bytes of saved pages.
    bool scripts = true;
    // Attributes not in kReadAttributes (data-*, SVG paths, srcset, event
    // handlers ...), except on the formatting elements and <isindex>, which
    // the tree builder reads: about a sixth of what is left.
    bool attributes = true;
    // Runs of whitespace between two tags, made one space or the line breaks
    // they held (at most two); not in pages with <pre> or <listing>, whose
    // whitespace is text.
    bool whitespace = true;
};

// Returns a copy of `html` with what `lean` names left out, or nullopt when
// there is nothing to leave out. No pass reads any of it, yet gumbo's
// tokenizer builds it one character at a time: together it was 40 % of the
// parse of the developer corpus's pages. Wherever the scan cannot tell what
// gumbo's tokenizer would do, it keeps the rest of the page as written
// (html_strip.cpp).
std::optional<std::string> lean_html(std::string_view html, const Lean& lean = {});

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

std::string_view attribute(const Node& node, AttributeName name);
bool has_attribute(const Node& node, AttributeName name);
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

} // namespace newsdb::parse::html
