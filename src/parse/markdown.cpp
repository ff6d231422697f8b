// Markdown articles: YAML front matter for the metadata, cmark-gfm for the body.
//
// Choices: code blocks are dropped (they are not prose, and their tokens would
// only add noise to searches); images are dropped, alt text too; links keep
// their text; HTML blocks keep their text; each list item, heading and table
// row is a paragraph of its own. Hugo shortcodes are removed before parsing,
// keeping the text between paired ones. GFM footnotes are numbered in the order
// they are first cited (as rendered).
#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <yaml-cpp/yaml.h>

#include "newsdb/error.hpp"
#include "parse/footnotes.hpp"
#include "parse/markdown_notes.hpp"
#include "parse/parsers.hpp"
#include "parse/sgml_text.hpp"
#include "parse/text_util.hpp"
#include "util/utf8.hpp"

namespace newsdb::parse {

namespace {

// --- front matter ----------------------------------------------------------------

struct FrontMatter {
    std::string title, date, author, source, url, language;
    std::string summary;  // not a paragraph, unless the body has no text at all
    std::vector<std::string> tags;
};

bool is_fence_line(std::string_view line, std::string_view fence) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    return line == fence;
}

// Splits "---\nYAML\n---\nbody" into the YAML and the body; no front matter: empty YAML.
std::pair<std::string_view, std::string_view> split_front_matter(std::string_view text) {
    if (text.starts_with(util::utf8_bom)) text.remove_prefix(util::utf8_bom.size());
    const std::string_view original = text;
    while (!text.empty()) {  // blank lines before the opening fence
        const auto nl = text.find('\n');
        if (nl == std::string_view::npos || !trim(text.substr(0, nl)).empty()) break;
        text.remove_prefix(nl + 1);
    }
    const auto first_end = text.find('\n');
    if (first_end == std::string_view::npos || !is_fence_line(text.substr(0, first_end), "---"))
        return {{}, original};
    std::size_t start = first_end + 1;
    while (start <= text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view line = text.substr(start, end - start);
        if (is_fence_line(line, "---") || is_fence_line(line, "..."))
            return {text.substr(first_end + 1, start - first_end - 1), text.substr(std::min(end + 1, text.size()))};
        start = end + 1;
    }
    return {{}, original};  // no closing fence: not front matter
}

std::string clean_value(std::string_view text) { return normalize_line(decode_entities(text)); }

// "jane-doe" -> "Jane Doe"; anything that is not a lower-case slug stays as written.
std::string person_name(std::string_view value) {
    std::string text = clean_value(value);
    const bool slug = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
    if (!slug) return text;
    bool word_start = true;
    for (char& c : text) {
        if (c == '-' || c == '_') {
            c = ' ';
            word_start = true;
        } else {
            if (word_start && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
            word_start = false;
        }
    }
    return normalize_line(text);
}

// What the metadata needs of one top-level key: scalar() and scalars() below.
struct Entry {
    std::string scalar;                // the value when it is a scalar, or a map's name/title
    std::vector<std::string> scalars;  // the non-empty scalar items of a list, or the scalar alone
};
using Entries = std::map<std::string, Entry, std::less<>>;

std::string scalar(const YAML::Node& node) {
    if (node && node.IsScalar()) return node.Scalar();
    if (node && node.IsMap())
        for (const char* key : {"name", "title"})
            if (node[key] && node[key].IsScalar()) return node[key].Scalar();
    return {};
}

std::vector<std::string> scalars(const YAML::Node& node) {
    std::vector<std::string> out;
    if (!node) return out;
    if (node.IsSequence()) {
        for (const auto& element : node)
            if (std::string s = scalar(element); !s.empty()) out.push_back(std::move(s));
    } else if (std::string s = scalar(node); !s.empty()) {
        out.push_back(std::move(s));
    }
    return out;
}

// Every key of the map, as yaml-cpp reads it; nothing when it is not YAML or
// not a map.
Entries yaml_cpp_entries(std::string_view yaml) {
    Entries entries;
    try {
        const YAML::Node root = YAML::Load(std::string(yaml));
        if (!root.IsMap()) return {};
        for (const auto& kv : root) {
            if (!kv.first.IsScalar()) continue;
            entries.try_emplace(kv.first.Scalar(), Entry{scalar(kv.second), scalars(kv.second)});
        }
    } catch (const YAML::Exception&) {
        return {};  // bad YAML leaves the metadata empty: the body is still worth reading
    }
    return entries;
}

// The front matter most sites write, read without yaml-cpp (which took a
// tenth of a Markdown file's parse): `key: value` lines at the left margin,
// each value a plain, single- or double-quoted scalar on its line, or nothing
// followed by a list of such scalars (`  - item`). Anything else in it (nested
// maps, flow lists, block scalars, a value continued on the next line,
// anchors, tags, escapes, a repeated key ...) answers nullopt, and yaml-cpp
// reads it; the tests compare the two on every fixture and corpus file.
std::optional<Entries> simple_entries(std::string_view yaml) {
    // One scalar as YAML reads it (nullopt: not one this reader knows); null
    // for `~`, `null` and nothing.
    struct Scalar {
        std::string text;
        bool null = false;
        bool empty = false;  // nothing at all (a list may follow)
        bool plain = false;  // unquoted (it may go on over the next lines)
    };
    auto read_scalar = [](std::string_view v) -> std::optional<Scalar> {
        v = trim(v);
        if (v.empty()) return Scalar{{}, true, true};
        const char q = v.front();
        if (q == '\'' || q == '"') {
            std::string text;
            std::size_t i = 1;
            for (;; ++i) {
                if (i >= v.size()) return std::nullopt;  // continues on the next line
                if (v[i] == '\\' && q == '"') return std::nullopt;
                if (v[i] != q) { text += v[i]; continue; }
                if (q == '\'' && i + 1 < v.size() && v[i + 1] == '\'') { text += '\''; ++i; continue; }
                break;
            }
            // After the closing quote: nothing, or a comment after a space.
            const std::string_view rest = v.substr(i + 1);
            if (!trim(rest).empty() && (rest.front() != ' ' || trim(rest).front() != '#')) return std::nullopt;
            return Scalar{std::move(text)};
        }
        if (std::string_view("-?:,[]{}#&*!|>%@`").find(q) != std::string_view::npos) return std::nullopt;
        if (const auto hash = v.find(" #"); hash != std::string_view::npos) v = trim(v.substr(0, hash));
        if (v.find(": ") != std::string_view::npos || v.back() == ':' || v.find('\t') != std::string_view::npos)
            return std::nullopt;
        if (v == "~" || v == "null" || v == "Null" || v == "NULL") return Scalar{{}, true};
        return Scalar{std::string(v), false, false, true};
    };
    Entries entries;
    Entry* list = nullptr;  // the entry whose list items may follow
    std::size_t list_indent = std::string_view::npos;  // of its first item
    Entry* plain = nullptr;  // the entry whose plain scalar may go on over the next lines
    bool blank = false;      // the line before was blank
    for (std::size_t start = 0; start < yaml.size();) {
        std::size_t end = yaml.find('\n', start);
        if (end == std::string_view::npos) end = yaml.size();
        std::string_view line = yaml.substr(start, end - start);
        start = end + 1;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (trim(line).empty()) {
            blank = true;
            continue;
        }
        if (line.front() == '#') {
            plain = nullptr;  // a comment ends the scalar
            continue;
        }
        if (line.find('\t') != std::string_view::npos) return std::nullopt;
        const std::string_view item = trim(line);
        const bool after_blank = std::exchange(blank, false);
        if (plain != nullptr && line.front() == ' ') {
            // An indented line goes on with the plain scalar above, joined by
            // one space; one that could be markup of its own, or after a blank
            // line (a line break in the scalar), is left to yaml-cpp.
            if (after_blank ||
                std::string_view("-?:,[]{}#&*!|>%@`'\"").find(item.front()) != std::string_view::npos ||
                item.find(": ") != std::string_view::npos || item.find(" #") != std::string_view::npos ||
                item.back() == ':')
                return std::nullopt;
            plain->scalar.append(1, ' ').append(item);
            plain->scalars.back() = plain->scalar;
            continue;
        }
        plain = nullptr;
        if (list != nullptr && (item == "-" || item.starts_with("- "))) {
            const std::size_t indent = line.find('-');
            if (list_indent == std::string_view::npos) list_indent = indent;
            if (indent != list_indent) return std::nullopt;  // a list in a list
            const auto value = read_scalar(item.substr(1));
            if (!value) return std::nullopt;
            if (!value->text.empty()) list->scalars.push_back(value->text);
            continue;
        }
        list = nullptr;
        list_indent = std::string_view::npos;
        // A key at the left margin: letters, digits, `_` and `-`, then `:`.
        std::size_t colon = 0;
        while (colon < line.size() && (std::isalnum(static_cast<unsigned char>(line[colon])) || line[colon] == '_' ||
                                       line[colon] == '-'))
            ++colon;
        if (colon == 0 || colon >= line.size() || line[colon] != ':' ||
            (colon + 1 < line.size() && line[colon + 1] != ' '))
            return std::nullopt;
        auto [it, fresh] = entries.try_emplace(std::string(line.substr(0, colon)));
        if (!fresh) return std::nullopt;  // a repeated key: yaml-cpp's choice
        const auto value = read_scalar(line.substr(colon + 1));
        if (!value) return std::nullopt;
        if (value->empty) {
            list = &it->second;  // a list may follow; if none, the key is null
        } else if (!value->null) {
            it->second.scalar = value->text;
            if (!value->text.empty()) it->second.scalars.push_back(value->text);
            if (value->plain) plain = &it->second;
        }
    }
    return entries;
}

std::string scalar_of(const Entries& entries, std::string_view key) {
    const auto it = entries.find(key);
    return it == entries.end() ? std::string() : it->second.scalar;
}

const std::vector<std::string>& scalars_of(const Entries& entries, std::string_view key) {
    static const std::vector<std::string> none;
    const auto it = entries.find(key);
    return it == entries.end() ? none : it->second.scalars;
}

std::string first_scalar(const Entries& entries, std::initializer_list<const char*> keys) {
    for (const char* key : keys)
        if (std::string s = clean_value(scalar_of(entries, key)); !s.empty()) return s;
    return {};
}

FrontMatter read_front_matter(std::string_view yaml, FrontMatterReader reader) {
    FrontMatter fm;
    if (trim(yaml).empty()) return fm;
    std::optional<Entries> simple;
    if (reader == FrontMatterReader::simple_first) simple = simple_entries(yaml);
    const Entries entries = simple ? std::move(*simple) : yaml_cpp_entries(yaml);
    fm.title = first_scalar(entries, {"title", "headline"});
    for (const char* key : {"date", "publishDate", "published", "pubDate", "publish_date"})
        if (fm.date.empty()) fm.date = date_to_iso(scalar_of(entries, key));
    for (const char* key : {"authors", "author", "byline"}) {
        std::string names;
        for (const auto& a : scalars_of(entries, key))
            if (std::string name = person_name(a); !name.empty()) names += (names.empty() ? "" : ", ") + name;
        if (!names.empty()) {
            fm.author = names;
            break;
        }
    }
    fm.summary = first_scalar(entries, {"summary", "description", "deck"});
    fm.source = first_scalar(entries, {"source", "publisher", "site", "site_name"});
    fm.url = first_scalar(entries, {"url", "canonical", "canonical_url", "canonicalURL", "source_url"});
    const std::string lang = to_lower_ascii(first_scalar(entries, {"lang", "language"}));
    const std::string code = lang.substr(0, lang.find_first_of("-_"));
    if (code.size() == 2 || code.size() == 3) fm.language = code;
    std::set<std::string> seen;
    for (const char* key : {"tags", "topics", "categories", "keywords"})
        for (const auto& value : scalars_of(entries, key)) {
            // "tags: a, b" lists two tags, like "tags: [a, b]".
            std::size_t start = 0;
            while (start <= value.size()) {
                auto comma = value.find(',', start);
                if (comma == std::string::npos) comma = value.size();
                std::string tag = clean_value(std::string_view(value).substr(start, comma - start));
                if (!tag.empty() && seen.insert(tag).second) fm.tags.push_back(std::move(tag));
                start = comma + 1;
            }
        }
    return fm;
}

// --- shortcodes --------------------------------------------------------------------

// Removes `{{< name ... >}}` and `{{% name ... %}}` tags; the text between a
// paired opening and closing tag stays.
std::string remove_shortcodes(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const auto open = text.find("{{", i);
        if (open == std::string_view::npos) break;
        std::size_t j = open + 2;
        while (j < text.size() && (text[j] == ' ' || text[j] == '-')) ++j;
        if (j >= text.size() || (text[j] != '<' && text[j] != '%')) {
            out.append(text.substr(i, open + 2 - i));
            i = open + 2;
            continue;
        }
        const std::string_view close = text[j] == '<' ? ">}}" : "%}}";
        const auto end = text.find(close, j + 1);
        if (end == std::string_view::npos) break;
        out.append(text.substr(i, open - i));
        // A cross-reference stands for a link's destination: `[text]({{< ref "x.md" >}})`.
        const std::string_view name = trim(text.substr(j + 1, end - j - 1)).substr(0, 7);
        if (name.starts_with("ref ") || name.starts_with("relref ")) out += '#';
        i = end + close.size();
    }
    out.append(text.substr(std::min(i, text.size())));
    return out;
}

// --- the body --------------------------------------------------------------------

struct DocDeleter {
    void operator()(cmark_node* node) const { cmark_node_free(node); }
};
struct ParserDeleter {
    void operator()(cmark_parser* parser) const { cmark_parser_free(parser); }
};
struct IterDeleter {
    void operator()(cmark_iter* iter) const { cmark_iter_free(iter); }
};

std::unique_ptr<cmark_node, DocDeleter> parse_commonmark(std::string_view body) {
    cmark_gfm_core_extensions_ensure_registered();
    std::unique_ptr<cmark_parser, ParserDeleter> parser(cmark_parser_new(CMARK_OPT_FOOTNOTES));
    for (const char* name : {"table", "strikethrough", "autolink"})
        if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name))
            cmark_parser_attach_syntax_extension(parser.get(), ext);
    cmark_parser_feed(parser.get(), body.data(), body.size());
    return std::unique_ptr<cmark_node, DocDeleter>(cmark_parser_finish(parser.get()));
}

std::string_view type_name(cmark_node* node) {
    const char* name = cmark_node_get_type_string(node);
    return name ? std::string_view(name) : std::string_view{};
}

std::string_view literal(cmark_node* node) {
    const char* text = cmark_node_get_literal(node);
    return text ? std::string_view(text) : std::string_view{};
}

// The private-use marks would be taken for citation marks: drop any in the text.
std::string without_marks(std::string_view text) {
    std::string out(text);
    for (std::string_view mark : {citation_open, citation_close})
        for (auto at = out.find(mark); at != std::string::npos; at = out.find(mark, at)) out.erase(at, mark.size());
    return out;
}

struct InlineText {
    std::string text;               // lines separated by '\n'
    std::vector<LineUrl> urls;      // link destinations, in order
};

// The text of a block's inlines: links keep their text, images are dropped,
// GFM footnote references become citation marks.
InlineText inline_text(cmark_node* block) {
    InlineText out;
    std::unique_ptr<cmark_iter, IterDeleter> iter(cmark_iter_new(block));
    cmark_event_type event;
    while ((event = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE) {
        cmark_node* node = cmark_iter_get_node(iter.get());
        if (event != CMARK_EVENT_ENTER || node == block) continue;
        switch (cmark_node_get_type(node)) {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE: out.text += without_marks(literal(node)); break;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK: out.text += '\n'; break;
        case CMARK_NODE_HTML_INLINE: {
            const std::string tag = to_lower_ascii(literal(node));
            if (tag.starts_with("<br")) out.text += ' ';
            break;
        }
        case CMARK_NODE_LINK:
            if (const char* url = cmark_node_get_url(node); url && *url)
                out.urls.push_back({static_cast<std::size_t>(std::count(out.text.begin(), out.text.end(), '\n')), url});
            break;
        case CMARK_NODE_IMAGE: cmark_iter_reset(iter.get(), node, CMARK_EVENT_EXIT); break;
        case CMARK_NODE_FOOTNOTE_REFERENCE:
            out.text += std::string(citation_open) + std::string(literal(node)) + std::string(citation_close);
            break;
        default: {
            if (type_name(node) == "table_cell" && !out.text.empty()) out.text += " | ";
            break;
        }
        }
    }
    return out;
}

// Walks the document's blocks in order; footnote definitions go to `gfm_notes`.
void collect_blocks(cmark_node* document, std::vector<MdBlock>& blocks, std::vector<RawNote>& gfm_notes) {
    std::unique_ptr<cmark_iter, IterDeleter> iter(cmark_iter_new(document));
    cmark_event_type event;
    while ((event = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE) {
        cmark_node* node = cmark_iter_get_node(iter.get());
        if (event != CMARK_EVENT_ENTER) continue;
        const auto skip_children = [&] { cmark_iter_reset(iter.get(), node, CMARK_EVENT_EXIT); };
        switch (cmark_node_get_type(node)) {
        case CMARK_NODE_FOOTNOTE_DEFINITION: {
            RawNote note;
            note.number = static_cast<int>(gfm_notes.size()) + 1;  // definitions come in citation order
            for (cmark_node* child = cmark_node_first_child(node); child; child = cmark_node_next(child)) {
                InlineText t = inline_text(child);
                note.text += (note.text.empty() ? "" : " ") + t.text;
                for (auto& u : t.urls) note.urls.push_back(std::move(u.url));
            }
            gfm_notes.push_back(std::move(note));
            skip_children();
            break;
        }
        case CMARK_NODE_PARAGRAPH: {
            MdBlock b;
            b.kind = MdBlock::Kind::paragraph;
            cmark_node* parent = cmark_node_parent(node);
            if (parent && cmark_node_get_type(parent) == CMARK_NODE_ITEM && cmark_node_first_child(parent) == node) {
                cmark_node* list = cmark_node_parent(parent);
                if (list && cmark_node_get_list_type(list) == CMARK_ORDERED_LIST) {
                    int index = cmark_node_get_list_start(list);
                    for (cmark_node* item = cmark_node_first_child(list); item && item != parent;
                         item = cmark_node_next(item))
                        ++index;
                    b.list_number = index;
                }
            }
            InlineText t = inline_text(node);
            b.text = std::move(t.text);
            b.urls = std::move(t.urls);
            blocks.push_back(std::move(b));
            skip_children();
            break;
        }
        case CMARK_NODE_HEADING: {
            MdBlock b;
            b.kind = MdBlock::Kind::heading;
            b.level = cmark_node_get_heading_level(node);
            b.text = inline_text(node).text;
            blocks.push_back(std::move(b));
            skip_children();
            break;
        }
        case CMARK_NODE_HTML_BLOCK: {
            MdBlock b;
            b.kind = MdBlock::Kind::html;
            b.text = without_marks(literal(node));
            blocks.push_back(std::move(b));
            break;
        }
        case CMARK_NODE_CODE_BLOCK: break;  // dropped: see the file comment
        default:
            if (type_name(node) == "table_row" || type_name(node) == "table_header") {
                MdBlock b;
                b.kind = MdBlock::Kind::paragraph;
                b.text = inline_text(node).text;
                blocks.push_back(std::move(b));
                skip_children();
            }
            break;
        }
    }
}

std::string title_from_name(std::string_view name) {
    const auto slash = name.find_last_of("/\\");
    if (slash != std::string_view::npos) name = name.substr(slash + 1);
    const auto dot = name.rfind('.');
    if (dot != std::string_view::npos && dot > 0) name = name.substr(0, dot);
    // "2018-09-24-example" -> "example": the date is not part of the title.
    const auto is_date_prefix = [&] {
        if (name.size() <= 11 || name[4] != '-' || name[7] != '-' || name[10] != '-') return false;
        for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
            if (name[i] < '0' || name[i] > '9') return false;
        return true;
    };
    if (is_date_prefix()) name.remove_prefix(11);
    std::string t(name);
    std::replace(t.begin(), t.end(), '-', ' ');
    std::replace(t.begin(), t.end(), '_', ' ');
    return normalize_line(t);
}

} // namespace

ParsedArticle parse_markdown(std::string_view utf8, std::string_view name_hint) {
    return parse_markdown_with(utf8, name_hint, FrontMatterReader::simple_first);
}

bool simple_front_matter(std::string_view utf8) {
    const std::string_view yaml = split_front_matter(utf8).first;
    return !trim(yaml).empty() && simple_entries(yaml).has_value();
}

ParsedArticle parse_markdown_with(std::string_view utf8, std::string_view name_hint, FrontMatterReader reader) {
    const auto [yaml, body_text] = split_front_matter(utf8);
    const FrontMatter fm = read_front_matter(yaml, reader);
    const std::string body = remove_shortcodes(body_text);

    std::vector<MdBlock> blocks;
    std::vector<RawNote> gfm_notes;
    {
        const auto document = parse_commonmark(body);
        if (!document) throw Error(Errc::internal, "the Markdown parser returned no document");
        collect_blocks(document.get(), blocks, gfm_notes);
    }

    ParsedArticle article;
    article.title = fm.title;
    article.date = fm.date;
    article.author = fm.author;
    article.source = fm.source;
    article.url = fm.url;
    article.language = fm.language;
    article.tags = fm.tags;

    // The first level-1 heading is the title when the front matter has none,
    // and is dropped when it repeats the front matter's title.
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        if (blocks[i].kind != MdBlock::Kind::heading || blocks[i].level != 1) continue;
        const std::string heading = normalize_line(blocks[i].text);
        if (article.title.empty() || heading == article.title) {
            article.title = heading;
            blocks.erase(blocks.begin() + static_cast<std::ptrdiff_t>(i));
        }
        break;
    }

    std::vector<RawNote> notes = gfm_notes.empty() ? take_numbered_notes(blocks) : std::move(gfm_notes);
    std::set<int> numbers;
    for (auto& note : notes) {
        if (!numbers.insert(note.number).second) continue;
        Footnote f = parse_footnote(note.number, normalize_line(note.text));
        if (f.url.empty() && !note.urls.empty()) f.url = note.urls.front();
        article.footnotes.push_back(std::move(f));
    }
    std::sort(article.footnotes.begin(), article.footnotes.end(),
              [](const Footnote& a, const Footnote& b) { return a.number < b.number; });

    for (const auto& block : blocks) {
        if (block.kind == MdBlock::Kind::html) {
            for (const auto& text : html_blocks(block.text))
                if (Paragraph p = link_citations(text, numbers); !p.text.empty())
                    article.paragraphs.push_back(std::move(p));
            continue;
        }
        if (Paragraph p = link_citations(normalize_line(block.text), numbers); !p.text.empty())
            article.paragraphs.push_back(std::move(p));
    }
    // A link post (front matter only) is searchable through its summary.
    if (article.paragraphs.empty() && !fm.summary.empty()) article.paragraphs.push_back({fm.summary, {}});
    if (article.paragraphs.empty())
        throw Error(Errc::bad_input, "no article text found in the Markdown (only front matter, code or images)",
                    "check that the file holds the article's text below its front matter");
    if (article.title.empty()) article.title = title_from_name(name_hint);
    if (article.title.empty()) {
        // The first words of the text, cut at a character boundary.
        const std::string& first = article.paragraphs.front().text;
        std::size_t cut = std::min<std::size_t>(first.size(), 100);
        while (cut < first.size() && (static_cast<unsigned char>(first[cut]) & 0xC0) == 0x80) --cut;
        article.title = first.substr(0, cut);
    }
    return article;
}

} // namespace newsdb::parse
