// HTML pages: finds the article body among the page chrome with gumbo's tree.
//
// The body is chosen by text density, not by site rules: every text block
// (paragraph, heading, list item, run of text between <br><br>) counts as good
// text when it is long and not mostly link text, else as clutter; the element
// whose subtree holds the most good text net of clutter is the body. Before that,
// subtrees that are page chrome by their tag (nav, aside, footer), ARIA role,
// hidden state or class/id words (comment, share, related, cookie, ...) are set
// aside, unless they hold a large share of the page's text.
#include <gumbo.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstddef>
#include <map>
#include <memory>
#include <unordered_map>
#include <unordered_set>

#include "newsdb/error.hpp"
#include "parse/boilerplate.hpp"
#include "parse/footnotes.hpp"
#include "parse/html_chrome.hpp"
#include "parse/html_dom.hpp"
#include "parse/parsers.hpp"
#include "parse/text_util.hpp"
#include "util/utf8.hpp"

namespace newsdb::parse {

namespace {

using html::Node;
using html::Tree;

// Memory for one gumbo parse. gumbo allocates every node, attribute, token and
// string buffer on its own and frees them all with its output; the page's
// output goes as a whole when the page is done, so a bump arena serves them: a
// free does nothing and the arena goes at once (malloc and free were a tenth of an
// HTML page's CPU). It holds at most what gumbo ever allocated for the page,
// whose size max_html_bytes bounds.
class GumboArena {
public:
    GumboArena() {
        options_ = kGumboDefaultOptions;
        options_.allocator = [](void* self, std::size_t n) { return static_cast<GumboArena*>(self)->take(n); };
        options_.deallocator = [](void*, void*) {};
        options_.userdata = this;
    }
    GumboArena(const GumboArena&) = delete;
    GumboArena& operator=(const GumboArena&) = delete;
    // The output lives as long as the arena: never gumbo_destroy_output() it.
    GumboOutput* parse(std::string_view html) { return gumbo_parse_with_options(&options_, html.data(), html.size()); }

private:
    void* take(std::size_t n) {
        constexpr std::size_t kAlign = alignof(std::max_align_t), kBlock = 256u << 10;
        n = (n + kAlign - 1) & ~(kAlign - 1);
        if (n > left_) {
            const std::size_t size = std::max(n, kBlock);
            // new[]: aligned for any scalar; not zeroed, as malloc's memory is not.
            blocks_.push_back(std::make_unique_for_overwrite<std::byte[]>(size));
            next_ = blocks_.back().get();
            left_ = size;
        }
        void* p = next_;
        next_ += n;
        left_ -= n;
        return p;
    }

    GumboOptions options_;
    std::vector<std::unique_ptr<std::byte[]>> blocks_;
    std::byte* next_ = nullptr;
    std::size_t left_ = 0;
};

// ---- class/id hints -------------------------------------------------------

using html::hint_paywall;
using html::hint_positive;
using html::hint_strong;
using html::hint_weak;

bool equals_any(std::string_view word, std::initializer_list<std::string_view> names) {
    return std::find(names.begin(), names.end(), word) != names.end();
}

unsigned class_hint(const Node& node) {
    return html::class_words_hint(html::attribute(node, "class")) | html::class_words_hint(html::attribute(node, "id"));
}

// Whether an itemprop (a list of names separated by spaces) names `prop`,
// whatever its case: "articleBody", "caption description".
bool has_itemprop(const Node& node, std::string_view prop) {
    std::string_view value = html::attribute(node, "itemprop");
    while (!value.empty()) {
        const std::size_t start = value.find_first_not_of(" \t\n\r\f");
        if (start == std::string_view::npos) break;
        value.remove_prefix(start);
        const std::size_t end = std::min(value.find_first_of(" \t\n\r\f"), value.size());
        if (iequals(value.substr(0, end), prop)) return true;
        value.remove_prefix(end);
    }
    return false;
}

bool is_block_tag(GumboTag tag) {
    switch (tag) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_MAIN:
    case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_ASIDE: case GUMBO_TAG_NAV: case GUMBO_TAG_H1:
    case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
    case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_LI: case GUMBO_TAG_DL: case GUMBO_TAG_DT:
    case GUMBO_TAG_DD: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE: case GUMBO_TAG_TABLE: case GUMBO_TAG_TR:
    case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_THEAD: case GUMBO_TAG_TBODY: case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_CAPTION: case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_FORM:
    case GUMBO_TAG_FIELDSET: case GUMBO_TAG_ADDRESS: case GUMBO_TAG_HR: case GUMBO_TAG_CENTER:
    case GUMBO_TAG_DETAILS: case GUMBO_TAG_SUMMARY: case GUMBO_TAG_BODY: case GUMBO_TAG_HTML:
    case GUMBO_TAG_LEGEND: case GUMBO_TAG_HGROUP:
        return true;
    default:
        return false;
    }
}

bool is_heading(GumboTag tag) {
    return tag == GUMBO_TAG_H1 || tag == GUMBO_TAG_H2 || tag == GUMBO_TAG_H3 || tag == GUMBO_TAG_H4 ||
           tag == GUMBO_TAG_H5 || tag == GUMBO_TAG_H6;
}

bool is_skipped(GumboTag tag) {
    return tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_HEAD || tag == GUMBO_TAG_TITLE ||
           tag == GUMBO_TAG_META || tag == GUMBO_TAG_LINK || tag == GUMBO_TAG_BASE;
}

// A part of the page that schema.org names as not the story: an itemtype
// for an advert, sidebar, footer, menu or comment, or an itemprop for the
// author's box, the publisher, a caption, a related link (on a block: a name
// inside a sentence stays).
bool is_schema_chrome(const Node& node) {
    std::string_view type = html::attribute(node, "itemtype");
    if (const std::size_t slash = type.find_last_of('/'); slash != std::string_view::npos) type.remove_prefix(slash + 1);
    for (std::string_view t : {"WPAdBlock", "WPSideBar", "WPFooter", "SiteNavigationElement", "BreadcrumbList",
                               "Comment", "UserComments"})
        if (iequals(type, t)) return true;
    for (std::string_view prop : {"author", "creator", "publisher", "copyrightHolder", "caption", "comment",
                                  "relatedLink", "significantLink", "breadcrumb", "sourceOrganization"})
        if (is_block_tag(node.tag) && has_itemprop(node, prop)) return true;
    return false;
}

// ---- the page -------------------------------------------------------------

struct Block {
    std::string text;
    std::size_t chars = 0;
    std::size_t link_chars = 0;
    std::vector<Citation> citations;
    int owner = -1;  // innermost block element holding the text
    GumboTag tag = GUMBO_TAG_UNKNOWN;
};

// A mark such as <sup><a href="#cite_note-3">[3]</a></sup>: the footnote it cites.
struct NoteRef {
    int number = 0;  // 0: a mark without a number ("[a]"); removed, not linked
    int target = -1;
};

// A text's weight in the page's shares: its bytes, with a run of whitespace
// counted as one, so that indentation weighs nothing (and a page weighs the
// same with whitespace runs made shorter, as lean_html() does).
std::size_t text_weight(std::string_view text) {
    std::size_t weight = 0;
    bool in_space = false;
    for (char c : text) {
        const bool space = is_html_space(c);
        if (!space || !in_space) ++weight;
        in_space = space;
    }
    return weight;
}

class Page {
public:
    // Why a node is set aside: not at all, with an ancestor, as chrome, or
    // softly (a <header>, a weak class word), where a lead may still be found.
    // Inside a softly set aside element, each node is still judged on its
    // own: `under_soft` when nothing else sets it aside.
    static constexpr char kept = 0, inherited = 1, hard = 2, soft = 3, under_soft = 4;

    explicit Page(const Tree& tree)
        : tree_(tree), pruned_(tree.nodes.size(), kept), bytes_(tree.nodes.size(), 0), end_(tree.nodes.size(), 0) {
        for (std::size_t i = 0; i < tree.nodes.size(); ++i) {
            const Node& n = tree.nodes[i];
            if (n.is_text) continue;
            if (n.tag == GUMBO_TAG_BODY && body_ < 0) body_ = static_cast<int>(i);
            if (auto id = html::attribute(n, "id"); !id.empty()) ids_.emplace(std::string(id), static_cast<int>(i));
        }
        if (body_ < 0) body_ = 0;
        for (std::size_t i = tree.nodes.size(); i-- > 1;) {
            const Node& n = tree.nodes[i];
            if (n.is_text) bytes_[i] += text_weight(n.text);
            if (n.parent >= 0 && !(n.tag == GUMBO_TAG_SCRIPT && !n.is_text))
                bytes_[static_cast<std::size_t>(n.parent)] += bytes_[i];
        }
        for (std::size_t i = tree.nodes.size(); i-- > 0;) {
            const Node& n = tree.nodes[i];
            end_[i] = n.children.empty() ? static_cast<int>(i) : end_[static_cast<std::size_t>(n.children.back())];
        }
        hints_.assign(tree.nodes.size(), kUnread);
        // Elements that hold the body by the page's own word (itemprop="articleBody").
        body_below_.assign(tree.nodes.size(), 0);
        for (std::size_t i = tree.nodes.size(); i-- > 1;) {
            const Node& n = tree.nodes[i];
            if (!n.is_text && has_itemprop(n, "articleBody")) body_below_[i] = 1;
            if (body_below_[i] && n.parent >= 0) body_below_[static_cast<std::size_t>(n.parent)] = 1;
        }
        // Link text and links per subtree.
        std::vector<char> in_link(tree.nodes.size(), 0);
        link_bytes_.assign(tree.nodes.size(), 0);
        anchors_.assign(tree.nodes.size(), 0);
        for (std::size_t i = 1; i < tree.nodes.size(); ++i) {
            const Node& n = tree.nodes[i];
            in_link[i] = (!n.is_text && n.tag == GUMBO_TAG_A) || (n.parent >= 0 && in_link[static_cast<std::size_t>(n.parent)]);
        }
        for (std::size_t i = tree.nodes.size(); i-- > 1;) {
            const Node& n = tree.nodes[i];
            if (n.is_text && in_link[i]) link_bytes_[i] += bytes_[i];
            if (!n.is_text && n.tag == GUMBO_TAG_A) ++anchors_[i];
            if (n.parent >= 0 && !(n.tag == GUMBO_TAG_SCRIPT && !n.is_text)) {
                link_bytes_[static_cast<std::size_t>(n.parent)] += link_bytes_[i];
                anchors_[static_cast<std::size_t>(n.parent)] += anchors_[i];
            }
        }
    }

    // An inline element inside running text that is nothing but several links
    // (a person's hover card with their latest headlines) is not the text;
    // the innermost such element goes (the name before the card stays).
    bool is_link_card(int i) const {
        const auto k = static_cast<std::size_t>(i);
        return !is_block_tag(node(i).tag) && node(i).tag != GUMBO_TAG_A && anchors_[k] >= 3 &&
               link_bytes_[k] * 10 >= bytes_[k] * 9;
    }

    // The last node of i's subtree: nodes are in document order, so j is in
    // it when i <= j <= subtree_end(i).
    int subtree_end(int i) const { return end_[static_cast<std::size_t>(i)]; }
    // class_hint() of element i, read once.
    unsigned hint(int i) const {
        unsigned& h = hints_[static_cast<std::size_t>(i)];
        if (h == kUnread) h = class_hint(node(i));
        return h;
    }
    char prune_reason(int i) const { return pruned_[static_cast<std::size_t>(i)]; }
    // The weight of i's text (text_weight of every text node under it).
    std::size_t text_bytes(int i) const { return bytes_[static_cast<std::size_t>(i)]; }

    // Whether i holds at least `count` paragraphs of text (<p>s of 100 or more bytes).
    bool holds_paragraphs(int i, int count) const {
        int found = 0;
        for (int j = i + 1; j <= subtree_end(i) && found < count; ++j)
            if (!node(j).is_text && node(j).tag == GUMBO_TAG_P && bytes_[static_cast<std::size_t>(j)] >= 100) ++found;
        return found >= count;
    }

    // Appends the blocks of `root`, a lead found outside the body, read as if
    // the elements around it (a <header>) had not been set aside; what is set
    // aside inside it stays out. Returns the range of new blocks.
    std::pair<std::size_t, std::size_t> add_blocks(int root) {
        const std::size_t first = blocks_.size();
        lead_root_ = root;
        flush();
        walk(root, root);
        flush();
        lead_root_ = -1;
        return {first, blocks_.size()};
    }

    const Node& node(int i) const { return tree_.nodes[static_cast<std::size_t>(i)]; }
    int body() const { return body_; }

    void find_note_refs() {
        for (std::size_t i = 0; i < tree_.nodes.size(); ++i) {
            const Node& n = tree_.nodes[i];
            if (n.is_text || (n.tag != GUMBO_TAG_SUP && n.tag != GUMBO_TAG_A)) continue;
            if (note_refs_.count(static_cast<int>(i)) || inside_ref(static_cast<int>(i))) continue;
            if (auto ref = note_ref(static_cast<int>(i))) note_refs_.emplace(static_cast<int>(i), *ref);
        }
        // The lists the marks point into are notes, not body text.
        for (const auto& [mark, ref] : note_refs_) {
            int item = note_item(ref.target);
            int list = node(item).parent;
            if (list >= 0 && (node(list).tag == GUMBO_TAG_OL || node(list).tag == GUMBO_TAG_UL)) note_lists_.insert(list);
            else note_lists_.insert(item);
        }
    }

    // `use_hints` false: only tags, roles and hidden state count (the fallback
    // when class words set aside everything).
    void prune(bool use_hints) {
        std::fill(pruned_.begin(), pruned_.end(), kept);
        chrome_nodes_.clear();
        std::size_t page_bytes = std::max<std::size_t>(bytes_[static_cast<std::size_t>(body_)], 1);
        for (std::size_t i = 0; i < tree_.nodes.size(); ++i) {
            const Node& n = tree_.nodes[i];
            if (n.is_text) continue;
            const char above = n.parent >= 0 ? pruned_[static_cast<std::size_t>(n.parent)] : kept;
            if (above == hard || above == inherited) {
                pruned_[i] = inherited;
                continue;
            }
            if (note_lists_.count(static_cast<int>(i))) {
                pruned_[i] = hard;
                continue;
            }
            double share = static_cast<double>(bytes_[i]) / static_cast<double>(page_bytes);
            bool big = share > 0.4;
            char reason = kept;
            auto set_aside = [&](char why) {
                if (!big && (reason == kept || why == hard)) reason = why;
            };
            switch (n.tag) {
            case GUMBO_TAG_NAV: case GUMBO_TAG_ASIDE: case GUMBO_TAG_FOOTER: case GUMBO_TAG_FIGCAPTION:
            case GUMBO_TAG_FORM:
                set_aside(hard);
                break;
            case GUMBO_TAG_HEADER:  // the story's header holds its headline and lead
                set_aside(soft);
                break;
            default:
                break;
            }
            std::string role = to_lower_ascii(html::attribute(n, "role"));
            if (equals_any(role, {"navigation", "banner", "contentinfo", "complementary", "search", "menu",
                                  "menubar", "dialog", "alertdialog", "toolbar", "tablist"}))
                set_aside(hard);
            if (!body_below_[i] && is_schema_chrome(n)) set_aside(hard);
            if (html::has_attribute(n, "hidden") || iequals(html::attribute(n, "aria-hidden"), "true")) set_aside(hard);
            std::string style = to_lower_ascii(html::attribute(n, "style"));
            if (style.find("display:none") != std::string::npos || style.find("display: none") != std::string::npos ||
                style.find("visibility:hidden") != std::string::npos)
                set_aside(hard);
            if (reason == kept && use_hints && n.tag != GUMBO_TAG_BODY && n.tag != GUMBO_TAG_HTML && !body_below_[i]) {
                unsigned hint = this->hint(static_cast<int>(i));
                // A paywalled body is hidden by a script, not by the saved page:
                // the container that holds paragraphs is the story, a small one
                // is the notice.
                if ((hint & hint_paywall) && holds_paragraphs(static_cast<int>(i), 2)) hint &= ~(hint_paywall | hint_strong);
                if ((hint & hint_strong) && (!(hint & hint_positive) || !big)) reason = hard;
                // A weak word outweighs a positive one ("footer-content"), not
                // an element that says it is the story (a WordPress <article>
                // with "tag-..." classes, an itemprop="description" lead).
                else if ((hint & hint_weak) && share < 0.25 && n.tag != GUMBO_TAG_ARTICLE && n.tag != GUMBO_TAG_MAIN &&
                         !has_itemprop(n, "description"))
                    reason = soft;
            }
            if (reason == kept && above != kept) {
                pruned_[i] = under_soft;
            } else if (reason != kept) {
                pruned_[i] = reason;
                if (bytes_[i] < 400 && above == kept) chrome_nodes_.push_back(static_cast<int>(i));
            }
        }
    }

    // Text blocks of the (unpruned) body in document order.
    void make_blocks() {
        blocks_.clear();
        block_begin_.assign(tree_.nodes.size(), 0);
        block_end_.assign(tree_.nodes.size(), 0);
        walk(body_, body_);
        flush();
    }

    const std::vector<Block>& blocks() const { return blocks_; }
    std::size_t block_begin(int i) const { return block_begin_[static_cast<std::size_t>(i)]; }
    std::size_t block_end(int i) const { return block_end_[static_cast<std::size_t>(i)]; }
    bool pruned(int i) const { return pruned_[static_cast<std::size_t>(i)] != 0; }
    const std::vector<int>& chrome_nodes() const { return chrome_nodes_; }
    const std::unordered_map<int, NoteRef>& note_refs() const { return note_refs_; }

    // The element holding the note a mark points at: its list item when it has one.
    int note_item(int target) const {
        for (int i = target, steps = 0; i >= 0 && steps < 4; i = node(i).parent, ++steps)
            if (node(i).tag == GUMBO_TAG_LI) return i;
        return target;
    }

private:
    bool inside_ref(int i) const {
        for (int p = node(i).parent, steps = 0; p >= 0 && steps < 3; p = node(p).parent, ++steps)
            if (note_refs_.count(p)) return true;
        return false;
    }

    int link_target(int a) const {
        std::string_view href = html::attribute(node(a), "href");
        if (href.size() < 2 || href[0] != '#') return -1;
        auto it = ids_.find(std::string(href.substr(1)));
        return it == ids_.end() ? -1 : it->second;
    }

    std::optional<NoteRef> note_ref(int i) const {
        const Node& n = node(i);
        int anchor = -1;
        if (n.tag == GUMBO_TAG_SUP) {
            for (int c : n.children)
                if (!node(c).is_text && node(c).tag == GUMBO_TAG_A) anchor = c;
            if (anchor < 0) return std::nullopt;
        } else {
            std::string role = to_lower_ascii(html::attribute(n, "role"));
            std::string cls = to_lower_ascii(html::attribute(n, "class"));
            bool marked = role == "doc-noteref" || cls.find("footnote-ref") != std::string::npos ||
                          cls.find("noteref") != std::string::npos ||
                          istarts_with(html::attribute(n, "href"), "#fn");
            if (!marked) return std::nullopt;
            anchor = i;
        }
        int target = link_target(anchor);
        if (target < 0 || target == anchor) return std::nullopt;
        std::string label = html::text_of(tree_, i);
        std::string_view digits = trim(label);
        if (digits.size() >= 2 && ((digits.front() == '[' && digits.back() == ']') ||
                                   (digits.front() == '(' && digits.back() == ')')))
            digits = trim(digits.substr(1, digits.size() - 2));
        if (digits.empty() || digits.size() > 12) return std::nullopt;
        NoteRef ref;
        ref.target = target;
        if (digits.size() <= 5 && std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
            ref.number = std::stoi(std::string(digits));
        return ref;
    }

    void flush() {
        if (!current_.text.empty() && current_.chars > 0) {
            current_.owner = owner_;
            current_.tag = owner_ >= 0 ? node(owner_).tag : GUMBO_TAG_UNKNOWN;
            blocks_.push_back(std::move(current_));
        }
        current_ = Block{};
        pending_space_ = false;
        after_cite_ = false;
        br_pending_ = false;
    }

    void append_text(std::string_view raw) {
        if (raw.empty()) return;
        auto is_space_start = [](std::string_view s) {
            return s[0] == ' ' || s[0] == '\n' || s[0] == '\t' || s[0] == '\r' || s[0] == '\f' ||
                   s.starts_with("\xC2\xA0");
        };
        auto is_space_end = [](std::string_view s) {
            char c = s.back();
            return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || s.ends_with("\xC2\xA0");
        };
        bool lead = is_space_start(raw), trail = is_space_end(raw);
        std::string t = normalize_line(raw);
        if (t.empty()) {
            if (lead || trail) pending_space_ = true;
            return;
        }
        bool punct = t[0] == '.' || t[0] == ',' || t[0] == ';' || t[0] == ':' || t[0] == '!' || t[0] == '?' ||
                     t[0] == ')';
        if ((lead || pending_space_) && !current_.text.empty() && !(after_cite_ && punct)) current_.text.push_back(' ');
        current_.text += t;
        std::size_t n = util::utf8_length(t);
        current_.chars += n;
        if (link_depth_ > 0) current_.link_chars += n;
        pending_space_ = trail;
        after_cite_ = false;
        br_pending_ = false;
    }

    void walk(int i, int owner) {
        const Node& n = node(i);
        if (n.is_text) {
            append_text(n.text);
            return;
        }
        if (is_skipped(n.tag)) return;
        if (i == lead_root_ ? false : lead_root_ >= 0 ? prune_reason(i) != under_soft && pruned(i) : pruned(i)) return;
        if (auto ref = note_refs_.find(i); ref != note_refs_.end()) {
            if (ref->second.number > 0) {
                current_.citations.push_back({ref->second.number, current_.text.size()});
                after_cite_ = true;
            }
            return;
        }
        if (is_link_card(i) && !current_.text.empty() &&
            std::none_of(n.children.begin(), n.children.end(), [&](int c) { return !node(c).is_text && is_link_card(c); }))
            return;
        if (n.tag == GUMBO_TAG_BR) {
            if (br_pending_) flush();
            else {
                br_pending_ = true;
                pending_space_ = true;
            }
            return;
        }
        bool block = is_block_tag(n.tag);
        std::size_t index = static_cast<std::size_t>(i);
        if (block) {
            flush();
            owner_ = i;
        }
        block_begin_[index] = blocks_.size();
        bool link = n.tag == GUMBO_TAG_A;
        if (link) ++link_depth_;
        for (int c : n.children) walk(c, block ? i : owner);
        if (link) --link_depth_;
        if (block) {
            flush();
            owner_ = owner;
        }
        block_end_[index] = blocks_.size();
    }

    const Tree& tree_;
    std::vector<char> pruned_;
    std::vector<std::size_t> bytes_;
    std::vector<int> end_;
    static constexpr unsigned kUnread = ~0u;
    mutable std::vector<unsigned> hints_;
    std::vector<char> body_below_;
    std::vector<std::size_t> link_bytes_;
    std::vector<int> anchors_;
    int lead_root_ = -1;
    std::unordered_map<std::string, int> ids_;
    std::unordered_map<int, NoteRef> note_refs_;
    std::unordered_set<int> note_lists_;
    std::vector<int> chrome_nodes_;
    int body_ = -1;

    std::vector<Block> blocks_;
    std::vector<std::size_t> block_begin_, block_end_;
    Block current_;
    int owner_ = -1;
    int link_depth_ = 0;
    bool pending_space_ = false;
    bool after_cite_ = false;
    bool br_pending_ = false;
};

double link_density(const Block& b) {
    return b.chars ? static_cast<double>(b.link_chars) / static_cast<double>(b.chars) : 0.0;
}

bool is_good(const Block& b) { return b.chars >= 50 && link_density(b) < 0.35 && !is_heading(b.tag); }

// A short line that ends in a colon: it introduces what follows it.
bool is_label(const Block& b) {
    std::string_view text = trim(b.text);
    return b.chars <= 100 && (text.ends_with(':') || text.ends_with("\xEF\xBC\x9A"));
}

std::size_t count_commas(std::string_view text) {
    std::size_t n = static_cast<std::size_t>(std::count(text.begin(), text.end(), ','));
    for (std::size_t pos = text.find("\xEF\xBC\x8C"); pos != std::string_view::npos; pos = text.find("\xEF\xBC\x8C", pos + 3)) ++n;
    return n;
}

// The <article> outside `listing` that holds the page's first <h1> and good
// text of its own, or -1.
int headline_article(const Page& page, const Tree& tree, int listing) {
    for (std::size_t i = 0; i < tree.nodes.size(); ++i) {
        if (tree.nodes[i].is_text || tree.nodes[i].tag != GUMBO_TAG_H1) continue;
        int article = tree.nodes[i].parent;
        while (article >= 0 && tree.nodes[static_cast<std::size_t>(article)].tag != GUMBO_TAG_ARTICLE)
            article = tree.nodes[static_cast<std::size_t>(article)].parent;
        if (article < 0 || page.pruned(article)) return -1;
        const bool inside = article >= listing && article <= page.subtree_end(listing);
        const bool around = article < listing && page.subtree_end(article) >= listing;
        if (inside || around) return -1;
        for (std::size_t b = page.block_begin(article); b < page.block_end(article); ++b)
            if (is_good(page.blocks()[b])) return article;
        return -1;
    }
    return -1;
}

// Several stories on one page, each an <article> with its own <h1> (an
// endless scroll): the one whose <h1> the page's <title> repeats, if it holds
// good text of its own; else -1.
int titled_article(const Page& page, const Tree& tree, std::string_view title_tag) {
    auto article_of = [&](int i) {
        while (i >= 0 && tree.nodes[static_cast<std::size_t>(i)].tag != GUMBO_TAG_ARTICLE)
            i = tree.nodes[static_cast<std::size_t>(i)].parent;
        return i;
    };
    std::vector<int> stories;
    int story = -1;
    for (std::size_t i = 0; i < tree.nodes.size(); ++i) {
        if (tree.nodes[i].is_text || tree.nodes[i].tag != GUMBO_TAG_H1) continue;
        const std::string h1 = html::text_of(tree, static_cast<int>(i));
        const int article = article_of(tree.nodes[i].parent);
        if (h1.size() < 10 || article < 0 || page.pruned(article)) continue;
        if (std::find(stories.begin(), stories.end(), article) == stories.end()) stories.push_back(article);
        if (story >= 0 || title_tag.find(h1) == std::string_view::npos) continue;
        for (std::size_t b = page.block_begin(article); b < page.block_end(article) && story < 0; ++b)
            if (is_good(page.blocks()[b])) story = article;
    }
    return stories.size() >= 2 ? story : -1;
}

// Where the article is: paragraphs of one article sit side by side, so each good
// block scores its container fully and the levels above it less; the container
// with the highest score, discounted by its link text, is the body. Its siblings
// that score well too (a lede in a box of its own, a body split by an advert) are
// taken along. Returns the chosen elements in document order. When the page
// holds no good text at all, empty, or with `short_lines` the story's own
// element if it has one.
std::vector<int> choose_body(const Page& page, const Tree& tree, bool short_lines) {
    std::size_t n = tree.nodes.size();
    std::vector<double> score(n, 0.0), chars(n, 0.0), links(n, 0.0), good_chars(n, 0.0);
    std::vector<char> touched(n, 0);
    auto parent_of = [&](int i) { return tree.nodes[static_cast<std::size_t>(i)].parent; };
    auto initial = [&](int i) {
        const Node& node = tree.nodes[static_cast<std::size_t>(i)];
        double s = 0;
        unsigned hint = page.hint(i);
        if (hint & hint_positive) s += 25;
        if (hint & (hint_weak | hint_strong)) s -= 25;
        if (node.tag == GUMBO_TAG_ARTICLE || node.tag == GUMBO_TAG_MAIN ||
            has_itemprop(node, "articleBody"))
            s += 25;
        if (node.tag == GUMBO_TAG_DIV) s += 5;
        return s;
    };
    auto holds_blocks = [&](int i) {
        const Node& node = tree.nodes[static_cast<std::size_t>(i)];
        if (node.tag != GUMBO_TAG_DIV && node.tag != GUMBO_TAG_SECTION && node.tag != GUMBO_TAG_ARTICLE &&
            node.tag != GUMBO_TAG_MAIN && node.tag != GUMBO_TAG_TD && node.tag != GUMBO_TAG_CENTER)
            return false;
        return std::any_of(node.children.begin(), node.children.end(), [&](int c) {
            const Node& child = tree.nodes[static_cast<std::size_t>(c)];
            return !child.is_text && is_block_tag(child.tag) && page.block_end(c) > page.block_begin(c);
        });
    };
    bool any_good = false;
    for (const Block& b : page.blocks()) {
        const bool good = is_good(b);
        for (int i = b.owner; i >= 0; i = parent_of(i)) {
            chars[static_cast<std::size_t>(i)] += static_cast<double>(b.chars);
            links[static_cast<std::size_t>(i)] += static_cast<double>(b.link_chars);
            if (good) good_chars[static_cast<std::size_t>(i)] += static_cast<double>(b.chars);
        }
        if (!good) continue;
        any_good = true;
        double s = 1.0 + static_cast<double>(count_commas(b.text)) + std::min(static_cast<double>(b.chars) / 100.0, 3.0);
        int level = 0;
        // A paragraph scores the element that holds it; a run of text standing
        // between blocks in a container (a <div> with text and <p>s or
        // headings) scores that container.
        const int first = holds_blocks(b.owner) ? b.owner : parent_of(b.owner);
        for (int i = first; i >= 0 && level < 5; i = parent_of(i), ++level) {
            auto k = static_cast<std::size_t>(i);
            if (!touched[k]) {
                touched[k] = 1;
                score[k] = initial(i);
            }
            score[k] += level == 0 ? s : level == 1 ? s / 2 : s / (level * 3);
        }
    }
    if (!any_good && !short_lines) return {};
    if (!any_good) {
        // Only short lines (a gallery's captions, a fact sheet): the story's own
        // element, by tag, itemprop or class word, with the most text that is not
        // links; the innermost one that holds nearly all of it.
        int best = -1;
        auto own_text = [&](int i) { return chars[static_cast<std::size_t>(i)] - links[static_cast<std::size_t>(i)]; };
        for (std::size_t i = 0; i < n; ++i) {
            const Node& node = tree.nodes[i];
            if (node.is_text || page.pruned(static_cast<int>(i)) || own_text(static_cast<int>(i)) < 50) continue;
            const unsigned hint = page.hint(static_cast<int>(i));
            const bool story = node.tag == GUMBO_TAG_ARTICLE || node.tag == GUMBO_TAG_MAIN ||
                               has_itemprop(node, "articleBody") ||
                               ((hint & hint_positive) && !(hint & (hint_weak | hint_strong)));
            if (!story) continue;
            const int k = static_cast<int>(i);
            if (best < 0 || own_text(k) > own_text(best) ||
                (k <= page.subtree_end(best) && own_text(k) >= 0.9 * own_text(best)))
                best = k;
        }
        if (best < 0) return {};
        return {best};
    }
    auto final_score = [&](int i) {
        auto k = static_cast<std::size_t>(i);
        double density = chars[k] > 0 ? links[k] / chars[k] : 0;
        return score[k] * (1.0 - density);
    };
    int top = -1;
    for (std::size_t i = 0; i < n; ++i)
        if (touched[i] && (top < 0 || final_score(static_cast<int>(i)) > final_score(top))) top = static_cast<int>(i);
    if (top < 0) return {};
    // A lone child holds nothing its parent does not.
    while (parent_of(top) >= 0 && tree.nodes[static_cast<std::size_t>(top)].tag != GUMBO_TAG_BODY) {
        int p = parent_of(top);
        std::size_t element_kids = 0;
        for (int c : tree.nodes[static_cast<std::size_t>(p)].children)
            if (!tree.nodes[static_cast<std::size_t>(c)].is_text && !page.pruned(c) && page.block_end(c) > page.block_begin(c)) ++element_kids;
        if (element_kids != 1) break;
        top = p;
    }
    // A body in many small sections (a page builder's blocks, each a
    // paragraph or two): while the element holds less than half of the good
    // text of an ancestor a few levels up whose other text is mostly good
    // text with few links, the ancestor is the body.
    for (int a = parent_of(top), level = 0; a >= 0 && level < 4; a = parent_of(a), ++level) {
        const auto k = static_cast<std::size_t>(a);
        if (tree.nodes[k].tag == GUMBO_TAG_BODY || tree.nodes[k].tag == GUMBO_TAG_HTML) break;
        const auto t = static_cast<std::size_t>(top);
        if (good_chars[t] * 2 >= good_chars[k]) continue;
        // What the ancestor adds is text, not teasers: few links, most of it good.
        const double added = chars[k] - chars[t];
        if (links[k] - links[t] >= 0.1 * added || good_chars[k] - good_chars[t] < 0.6 * added) break;
        top = a;
    }
    // A listing of several <article>s ("you may also like", "all our
    // articles") is not the story: the <article> that holds the page's <h1>
    // is, inside the listing or beside it.
    {
        std::vector<int> articles;
        int with_h1 = -1;
        for (std::size_t b = page.block_begin(top); b < page.block_end(top); ++b) {
            const Block& block = page.blocks()[b];
            int article = -1;
            for (int i = block.owner; i >= 0 && i != top; i = parent_of(i))
                if (tree.nodes[static_cast<std::size_t>(i)].tag == GUMBO_TAG_ARTICLE) article = i;
            if (article < 0) continue;
            if (is_good(block)) articles.push_back(article);
            if (block.tag == GUMBO_TAG_H1 && with_h1 < 0) with_h1 = article;
        }
        std::sort(articles.begin(), articles.end());
        articles.erase(std::unique(articles.begin(), articles.end()), articles.end());
        if (articles.size() >= 2 && with_h1 < 0) with_h1 = headline_article(page, tree, top);
        if (articles.size() >= 2 && with_h1 >= 0) return {with_h1};
    }
    int parent = parent_of(top);
    if (parent < 0) return {top};
    double top_score = final_score(top);
    double threshold = std::max(10.0, top_score * 0.2);
    std::vector<int> chosen;
    for (int c : tree.nodes[static_cast<std::size_t>(parent)].children) {
        if (tree.nodes[static_cast<std::size_t>(c)].is_text || page.pruned(c)) continue;
        if (c == top) {
            chosen.push_back(c);
            continue;
        }
        const auto k = static_cast<std::size_t>(c);
        if (touched[k] && final_score(c) >= threshold && links[k] < 0.3 * chars[k]) {
            chosen.push_back(c);
            continue;
        }
        // A paragraph standing next to the body.
        std::size_t first = page.block_begin(c), last = page.block_end(c);
        if (last - first == 1) {
            const Block& b = page.blocks()[first];
            double density = link_density(b);
            bool sentence = !b.text.empty() && (b.text.back() == '.' || b.text.back() == '"');
            if ((b.chars > 80 && density < 0.25) || (b.chars > 0 && density == 0 && sentence)) chosen.push_back(c);
        }
    }
    return chosen;
}

bool marks_lead(const Page& page, int i) {
    const Node& node = page.node(i);
    switch (node.tag) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_SECTION: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
    case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_UL: case GUMBO_TAG_OL:
        break;
    default:
        return false;
    }
    return (page.hint(i) & html::hint_lead) || has_itemprop(node, "description");
}

// The story's standfirst, when it stands outside the body that was chosen:
// elements marked as a lead by their class, id or itemprop, after the
// headline (the last <h1> before the body; without one, within the body's
// <article> or <main>) and before the body's first block, not inside chrome.
// `first` is the element holding the body's first block.
std::vector<int> find_leads(const Page& page, const Tree& tree, int first) {
    auto node = [&](int i) -> const Node& { return tree.nodes[static_cast<std::size_t>(i)]; };
    int start = -1;
    for (int i = first - 1; i >= 0 && start < 0; --i)
        if (!node(i).is_text && node(i).tag == GUMBO_TAG_H1 && page.subtree_end(i) < first) start = i;
    if (start < 0) {
        for (int a = node(first).parent; a >= 0 && start < 0; a = node(a).parent)
            if (node(a).tag == GUMBO_TAG_ARTICLE || node(a).tag == GUMBO_TAG_MAIN) start = a;
    }
    if (start < 0) return {};
    std::vector<int> leads;
    for (int i = start + 1; i < first; ++i) {
        const Node& n = node(i);
        if (n.is_text || page.subtree_end(i) >= first || !marks_lead(page, i)) continue;
        // The innermost mark: a "lede" box around the headline, picture and dek is not the lead, its dek is.
        bool inner = false;
        for (int j = i + 1; j <= page.subtree_end(i) && !inner; ++j) inner = !node(j).is_text && marks_lead(page, j);
        if (inner) continue;
        bool chrome = false;
        for (int a = i; a >= 0 && !chrome; a = node(a).parent)
            chrome = page.prune_reason(a) == Page::hard || node(a).tag == GUMBO_TAG_FIGURE;
        if (chrome) continue;
        const std::string text = html::text_of(tree, i);
        const std::size_t length = util::utf8_length(text);
        if (length < 30 || length > 2000) continue;
        leads.push_back(i);
        i = page.subtree_end(i);
    }
    return leads;
}

std::string footnote_text(const Tree& tree, int item, std::string& url) {
    std::string raw;
    std::vector<int> stack{item};
    while (!stack.empty()) {
        int i = stack.back();
        stack.pop_back();
        const Node& n = tree.nodes[static_cast<std::size_t>(i)];
        if (n.is_text) {
            raw.append(n.text);
            continue;
        }
        if (n.tag == GUMBO_TAG_SCRIPT || n.tag == GUMBO_TAG_STYLE) continue;
        std::string cls = to_lower_ascii(html::attribute(n, "class"));
        std::string role = to_lower_ascii(html::attribute(n, "role"));
        std::string_view href = html::attribute(n, "href");
        if (cls.find("backlink") != std::string::npos || cls.find("footnote-back") != std::string::npos ||
            role == "doc-backlink" || istarts_with(href, "#cite_ref") || istarts_with(href, "#fnref"))
            continue;
        if (n.tag == GUMBO_TAG_A && url.empty() &&
            (istarts_with(href, "http://") || istarts_with(href, "https://")))
            url = std::string(trim(href));
        raw.push_back(' ');
        for (auto it = n.children.rbegin(); it != n.children.rend(); ++it) stack.push_back(*it);
    }
    std::string text = normalize_line(raw);
    while (!text.empty() && (text[0] == '^' || text[0] == ' ')) text.erase(0, 1);
    return text;
}

std::vector<Footnote> collect_footnotes(const Page& page, const Tree& tree, const std::vector<Paragraph>& paragraphs) {
    std::unordered_set<int> cited;
    for (const auto& p : paragraphs)
        for (const auto& c : p.citations) cited.insert(c.footnote_number);
    // Items by number: a cited list is read whole, numbered by position, when the
    // positions agree with the marks; otherwise only the cited items are kept.
    std::map<int, int> items;
    std::unordered_map<int, std::vector<std::pair<int, int>>> by_list;  // list -> (number, item)
    for (const auto& [mark, ref] : page.note_refs()) {
        if (ref.number <= 0 || !cited.count(ref.number)) continue;
        int item = page.note_item(ref.target);
        items.emplace(ref.number, item);
        by_list[tree.nodes[static_cast<std::size_t>(item)].parent].emplace_back(ref.number, item);
    }
    for (const auto& [list, refs] : by_list) {
        if (list < 0) continue;
        const Node& l = tree.nodes[static_cast<std::size_t>(list)];
        if (l.tag != GUMBO_TAG_OL && l.tag != GUMBO_TAG_UL) continue;
        int start = 1;
        if (auto s = html::attribute(l, "start"); !s.empty() && s.size() < 6 && std::isdigit(static_cast<unsigned char>(s[0])))
            start = std::stoi(std::string(s));
        std::unordered_map<int, int> position;
        int pos = start;
        for (int c : l.children)
            if (!tree.nodes[static_cast<std::size_t>(c)].is_text && tree.nodes[static_cast<std::size_t>(c)].tag == GUMBO_TAG_LI)
                position[c] = pos++;
        bool agree = std::all_of(refs.begin(), refs.end(), [&](const auto& r) {
            auto it = position.find(r.second);
            return it != position.end() && it->second == r.first;
        });
        if (!agree) continue;
        for (const auto& [item, number] : position) items.emplace(number, item);
    }
    std::vector<Footnote> notes;
    for (const auto& [number, item] : items) {
        std::string url;
        std::string text = footnote_text(tree, item, url);
        if (text.empty()) continue;
        Footnote note = parse_footnote(number, text);
        if (note.url.empty()) note.url = url;
        notes.push_back(std::move(note));
    }
    return notes;
}

// The article's text from the chosen elements: the lead first, then the
// blocks that are not links, chrome or introductions to nothing. The title
// comes from the metadata, else the body's <h1>. No paragraphs when all of it
// was chrome.
ParsedArticle read_body(Page& page, const Tree& tree, const html::PageMeta& meta, std::vector<int> roots,
                        std::string_view name_hint) {
    if (int story = titled_article(page, tree, meta.title_tag); story >= 0) {
        const bool inside = std::all_of(roots.begin(), roots.end(), [&](int r) {
            return r >= story && r <= page.subtree_end(story);
        });
        if (!inside) roots = {story};
    }
    std::vector<std::size_t> chosen;
    for (int root : roots)
        for (std::size_t b = page.block_begin(root); b < page.block_end(root); ++b) chosen.push_back(b);
    // The lead goes first, unless the body repeats it.
    std::vector<std::size_t> lead_blocks;
    if (!chosen.empty()) {
        const std::string opening = page.blocks()[chosen.front()].text;
        for (int lead : find_leads(page, tree, page.blocks()[chosen.front()].owner)) {
            const auto [first, last] = page.add_blocks(lead);
            for (std::size_t b = first; b < last; ++b) {
                const std::string& text = page.blocks()[b].text;
                if (opening.find(text) == std::string::npos && text.find(opening) == std::string::npos)
                    lead_blocks.push_back(b);
            }
        }
        chosen.insert(chosen.begin(), lead_blocks.begin(), lead_blocks.end());
    }
    ParsedArticle article;
    article.title = meta.title;
    if (article.title.empty()) {
        // The story's <h1>: in the body, else the page's first one that the <title> repeats.
        for (std::size_t b : chosen)
            if (page.blocks()[b].tag == GUMBO_TAG_H1) {
                article.title = page.blocks()[b].text;
                break;
            }
        for (std::size_t i = 0; i < tree.nodes.size() && article.title.empty(); ++i)
            if (!tree.nodes[i].is_text && tree.nodes[i].tag == GUMBO_TAG_H1) {
                std::string h1 = html::text_of(tree, static_cast<int>(i));
                if (!h1.empty() && meta.title_tag.find(h1) != std::string::npos) article.title = h1;
            }
    }
    if (article.title.empty()) article.title = meta.title_tag;
    if (article.title.empty()) article.title = normalize_line(name_hint);

    // Headings (1) and labels (2, "Read also:") introduce what follows them:
    // with nothing under them they go too (a heading before a heading, a label
    // before links that were left out).
    std::vector<char> intro, links_after;
    int box = -1;  // a small box opened by a call to sign up: all of it goes
    for (std::size_t b : chosen) {
        const Block& block = page.blocks()[b];
        if (block.text == article.title) continue;
        if (box >= 0 && block.owner >= box && block.owner <= page.subtree_end(box)) {
            article.boilerplate.push_back({Boilerplate::Kind::chrome, block.text});
            continue;
        }
        if (block.owner >= 0 && html::is_call_to_action(block.text)) {
            int top = block.owner;
            for (int up = page.node(top).parent; up >= 0 && page.text_bytes(up) <= 600; up = page.node(up).parent)
                top = up;
            if (top != block.owner && page.block_begin(top) == b) {
                box = top;
                article.boilerplate.push_back({Boilerplate::Kind::chrome, block.text});
                continue;
            }
        }
        if (link_density(block) > 0.5 && block.citations.empty() && block.chars - block.link_chars < 50) {
            if (!links_after.empty()) links_after.back() = 1;
            continue;
        }
        if (auto match = match_boilerplate(block.text)) {
            article.boilerplate.push_back({match->kind, block.text});
            if (match->kind == Boilerplate::Kind::paywall) {
                article.is_excerpt = true;
                if (match->words_total) {
                    article.words_shown = match->words_shown;
                    article.words_total = match->words_total;
                }
            }
            continue;
        }
        if (html::is_chrome_line(block.text)) {
            article.boilerplate.push_back({Boilerplate::Kind::chrome, block.text});
            continue;
        }
        article.paragraphs.push_back({block.text, block.citations});
        const bool lead = std::find(lead_blocks.begin(), lead_blocks.end(), b) != lead_blocks.end();
        intro.push_back(lead ? 0 : is_heading(block.tag) ? 1 : is_label(block) ? 2 : 0);
        links_after.push_back(0);
    }
    for (std::size_t i = article.paragraphs.size(); i-- > 0;) {
        const bool last = i + 1 == intro.size();
        if (intro[i] && (last || (intro[i] == 1 && intro[i + 1] == 1) || (intro[i] == 2 && links_after[i]))) {
            article.paragraphs.erase(article.paragraphs.begin() + static_cast<std::ptrdiff_t>(i));
            intro.erase(intro.begin() + static_cast<std::ptrdiff_t>(i));
            links_after.erase(links_after.begin() + static_cast<std::ptrdiff_t>(i));
        }
    }
    // Calls to sign up or follow stand at the edges of the story.
    for (std::size_t i = article.paragraphs.size(); i-- > 0;) {
        const bool edge = i < 2 || i + 3 >= article.paragraphs.size();
        if (edge && article.paragraphs.size() > 3 && html::is_call_to_action(article.paragraphs[i].text)) {
            article.boilerplate.push_back({Boilerplate::Kind::chrome, article.paragraphs[i].text});
            article.paragraphs.erase(article.paragraphs.begin() + static_cast<std::ptrdiff_t>(i));
        }
    }
    return article;
}

} // namespace

ParsedArticle parse_html(std::string_view utf8, std::string_view name_hint, Markup markup) {
    std::string_view input = utf8;
    if (input.size() > html::max_html_bytes) {
        std::size_t cut = input.rfind('<', html::max_html_bytes);
        input = input.substr(0, cut == std::string_view::npos || cut == 0 ? html::max_html_bytes : cut);
    }
    std::optional<std::string> lean;
    if (markup == Markup::lean && (lean = html::lean_html(input))) input = *lean;
    std::optional<std::string> limited = html::limit_nesting(input, html::max_tree_depth);
    if (limited) input = *limited;

    GumboArena arena;  // the tree's nodes point into gumbo's output
    const GumboOutput* output = arena.parse(input);
    if (!output) throw Error(Errc::bad_input, "the HTML page could not be parsed", "check that the file is an HTML page");
    Tree tree = html::build_tree(output->root);
    if (tree.nodes.empty()) throw Error(Errc::bad_input, "no article text found in the HTML page", "check that the file is a saved article page");

    html::PageMeta meta = html::read_meta(tree);
    Page page(tree);
    page.find_note_refs();
    page.prune(true);
    page.make_blocks();
    // With the class words first; without them when that finds no body, or
    // one that is all chrome.
    std::vector<int> roots = choose_body(page, tree, false);
    ParsedArticle article;
    if (!roots.empty()) article = read_body(page, tree, meta, std::move(roots), name_hint);
    if (article.paragraphs.empty()) {
        page.prune(false);
        page.make_blocks();
        roots = choose_body(page, tree, true);
        if (!roots.empty()) article = read_body(page, tree, meta, std::move(roots), name_hint);
    }
    if (article.paragraphs.empty())
        throw Error(Errc::bad_input, "no article text found in the HTML page",
                    "check that the file is a saved article page, not an index or an empty page");
    // Paywall notices often sit in banners that were set aside as chrome.
    for (int i : page.chrome_nodes()) {
        std::string text = html::text_of(tree, i);
        if (auto match = match_boilerplate(text); match && match->kind == Boilerplate::Kind::paywall) {
            article.is_excerpt = true;
            article.boilerplate.push_back({match->kind, text});
        }
    }
    article.footnotes = collect_footnotes(page, tree, article.paragraphs);
    article.date = meta.date;
    article.source = meta.source;
    article.author = meta.author;
    article.url = meta.url;
    article.language = meta.language;
    article.tags = meta.tags;
    return article;
}

} // namespace newsdb::parse
