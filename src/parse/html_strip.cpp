// Leaves out of a page, before gumbo parses it, what no pass reads: script
// and style bodies, attributes not in kReadAttributes, whitespace between tags.
//
// The scan follows the HTML tokenizer (WHATWG "13.2.5 Tokenization") where it
// decides what is markup: comments, bogus comments, tags with their attribute
// states, and the raw-text elements. It only has to know where gumbo's
// tokenizer is in the data state, script data or RAWTEXT; wherever it cannot
// be sure (script escapes, foreign content it does not follow, <plaintext>)
// it stops and leaves the rest of the page as written. fuzz_html_scripts
// checks that the article parsed is the same either way.
#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "parse/html_dom.hpp"
#include "parse/text_util.hpp"

namespace newsdb::parse::html {

namespace {

constexpr std::size_t npos = std::string_view::npos;

bool is_alpha(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& names, std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

// Past the `>` that ends a comment whose "<!--" ends at `from`, or npos.
// "<!-->" and "<!--->" are whole (empty) comments; "--!>" also ends one.
std::size_t comment_end(std::string_view html, std::size_t from) {
    if (from < html.size() && html[from] == '>') return from + 1;
    if (html.compare(from, 2, "->") == 0) return from + 2;
    for (std::size_t j = html.find("--", from); j != npos; j = html.find("--", j + 1)) {
        if (j + 2 < html.size() && html[j + 2] == '>') return j + 3;
        if (j + 3 < html.size() && html[j + 2] == '!' && html[j + 3] == '>') return j + 4;
    }
    return npos;
}

struct Span {
    std::size_t begin, end;
};

struct TagEnd {
    std::size_t after = npos;  // past the `>`; npos when the page ends inside the tag
    bool self_closing = false;
    std::optional<std::string_view> type;  // the first `type` attribute's value, as written
    std::vector<Span> unread;              // attributes (name and value) no pass reads
};

// Whether the attribute named `name` can go: not read, and a plain name.
bool unread_attribute(std::string_view name) {
    if (name.empty()) return false;
    for (char c : name)
        if (!is_alpha(c) && !(c >= '0' && c <= '9') && c != '-' && c != '_' && c != ':' && c != '.') return false;
    return std::none_of(kReadAttributes.begin(), kReadAttributes.end(),
                        [&](std::string_view read) { return iequals(read, name); });
}

// Whether the page has a start tag named `name` (lower-case) anywhere, even
// in text or comments.
bool mentions_tag(std::string_view html, std::string_view name) {
    for (std::size_t lt = html.find('<'); lt != npos; lt = html.find('<', lt + 1))
        if (iequals(html.substr(lt + 1, name.size()), name)) return true;
    return false;
}

// The attributes of a tag whose name ends at `from`, through its `>`.
// Quotes only delimit a value that follows `=` (so `<a b"c>` ends at `>`).
// With `unread`, the attributes that can go are listed in TagEnd::unread:
// an attribute ends where the tokenizer starts the next one or the tag's
// end, so leaving it out leaves the others as they were.
TagEnd scan_attributes(std::string_view html, std::size_t from, bool unread) {
    enum class S { before_name, name, after_name, before_value, quoted, unquoted, after_quoted, self_closing };
    TagEnd tag;
    S s = S::before_name;
    char quote = 0;
    std::size_t name_start = 0, value_start = 0;
    bool is_type = false;  // the attribute being read is named `type`
    bool droppable = false;  // ... is one no pass reads
    std::size_t name_end_at = 0;  // where a name followed by spaces ended
    auto end_name = [&](std::size_t end) {
        const std::string_view attr = html.substr(name_start, end - name_start);
        is_type = iequals(attr, "type");
        // Not after a `/` (`<svg/x>`): with the attribute gone, the `/` would
        // end the tag as self-closing.
        droppable = unread && html[name_start - 1] != '/' && unread_attribute(attr);
    };
    // `end`: just past the attribute's value (or name, when it has none).
    auto end_attribute = [&](std::string_view value, std::size_t end) {
        if (is_type && !tag.type) tag.type = value;
        // Not before an `=` (`<a p x=1 =y>`): with the attribute gone, the
        // `=` would give the attribute before it a value.
        std::size_t next = end;
        while (next < html.size() && is_html_space(html[next])) ++next;
        if (droppable && (next >= html.size() || html[next] != '=')) tag.unread.push_back({name_start, end});
        is_type = droppable = false;
    };
    for (std::size_t i = from; i < html.size(); ++i) {
        const char c = html[i];
        switch (s) {
        case S::before_name:
            if (is_html_space(c)) break;
            if (c == '/') { s = S::self_closing; break; }
            if (c == '>') { tag.after = i + 1; return tag; }
            name_start = i;  // `=` here starts a name too
            s = S::name;
            break;
        case S::name:
            if (is_html_space(c)) { end_name(i); name_end_at = i; s = S::after_name; }
            else if (c == '=') { end_name(i); s = S::before_value; }
            else if (c == '/') { end_name(i); end_attribute({}, i); s = S::self_closing; }
            else if (c == '>') { end_name(i); end_attribute({}, i); tag.after = i + 1; return tag; }
            break;
        case S::after_name:
            if (is_html_space(c)) break;
            if (c == '=') { s = S::before_value; break; }
            end_attribute({}, name_end_at);  // it had no value
            if (c == '/') { s = S::self_closing; break; }
            if (c == '>') { tag.after = i + 1; return tag; }
            name_start = i;
            s = S::name;
            break;
        case S::before_value:
            if (is_html_space(c)) break;
            if (c == '"' || c == '\'') { quote = c; value_start = i + 1; s = S::quoted; break; }
            if (c == '>') { end_attribute({}, i); tag.after = i + 1; return tag; }
            value_start = i;
            s = S::unquoted;
            break;
        case S::quoted:
            if (c == quote) { end_attribute(html.substr(value_start, i - value_start), i + 1); s = S::after_quoted; }
            break;
        case S::unquoted:
            if (is_html_space(c)) { end_attribute(html.substr(value_start, i - value_start), i); s = S::before_name; }
            else if (c == '>') { end_attribute(html.substr(value_start, i - value_start), i); tag.after = i + 1; return tag; }
            break;
        case S::after_quoted:
            if (is_html_space(c)) { s = S::before_name; break; }
            if (c == '/') { s = S::self_closing; break; }
            if (c == '>') { tag.after = i + 1; return tag; }
            --i;  // reconsumed as the start of the next attribute
            s = S::before_name;
            break;
        case S::self_closing:
            if (c == '>') { tag.self_closing = true; tag.after = i + 1; return tag; }
            --i;
            s = S::before_name;
            break;
        }
    }
    return tag;
}

// The tag name that starts at `from` (an ASCII letter): up to a space, `/` or `>`.
std::size_t name_end(std::string_view html, std::size_t from) {
    std::size_t i = from;
    while (i < html.size() && !is_html_space(html[i]) && html[i] != '/' && html[i] != '>') ++i;
    return i;
}

// Where the raw text of `name` (script data, RAWTEXT or RCDATA) that starts at
// `from` ends: the `<` of the first `</name` followed by a space, `/` or `>`.
std::size_t raw_text_end(std::string_view html, std::string_view name, std::size_t from) {
    for (std::size_t j = html.find("</", from); j != npos; j = html.find("</", j + 2)) {
        const std::size_t after = j + 2 + name.size();
        if (after < html.size() && iequals(html.substr(j + 2, name.size()), name) &&
            (is_html_space(html[after]) || html[after] == '/' || html[after] == '>'))
            return j;
    }
    return npos;
}

// Where a script's data that starts at `from` ends, following the
// tokenizer's script data escape states (13.2.5.15-32): after "<!--" a
// "<script" starts a double-escaped stretch that "</script" only leaves, and
// "-->" returns to plain script data. The `<` of the ending `</script`, or npos.
std::size_t script_end(std::string_view html, std::size_t from) {
    auto tag_named_script = [&](std::size_t at) {  // "script" at `at`, then a space, `/` or `>`
        return at + 6 < html.size() && iequals(html.substr(at, 6), "script") &&
               (is_html_space(html[at + 6]) || html[at + 6] == '/' || html[at + 6] == '>');
    };
    enum class S { data, escaped, double_escaped } s = S::data;
    for (std::size_t i = from; i < html.size(); ++i) {
        const char c = html[i];
        if (s == S::data) {
            if (c != '<') continue;
            if (html.compare(i, 4, "<!--") == 0) {
                // "<!-->" (and "<!--->") escape nothing: the `>` after the dashes ends it at once.
                std::size_t j = i + 4;
                while (j < html.size() && html[j] == '-') ++j;
                if (j < html.size() && html[j] == '>') { i = j; continue; }
                s = S::escaped;
                i = j - 1;
            } else if (html.compare(i, 2, "</") == 0 && tag_named_script(i + 2)) {
                return i;
            }
        } else if (c == '-' && html.compare(i, 3, "-->") == 0) {
            s = S::data;
            i += 2;
        } else if (c == '<' && s == S::escaped) {
            if (html.compare(i, 2, "</") == 0 && tag_named_script(i + 2)) return i;
            if (tag_named_script(i + 1)) s = S::double_escaped;
        } else if (c == '<' && html.compare(i, 2, "</") == 0 && tag_named_script(i + 2)) {
            s = S::escaped;  // double-escaped: "</script" only goes back a level
        }
    }
    return npos;
}

// A body is left in place if, read as markup rather than raw text, it could
// end something the scan did not see open: a comment, CDATA, or one of the
// elements whose content gumbo may tokenize differently from this scan.
bool safe_to_drop(std::string_view body) {
    if (body.find("<!--") != npos || body.find("-->") != npos || body.find("]]>") != npos) return false;
    static constexpr std::array<std::string_view, 13> closers = {
        "svg", "math", "noscript", "select", "template", "title", "textarea",
        "script", "style", "xmp", "iframe", "noembed", "noframes"};
    for (std::size_t j = body.find("</"); j != npos; j = body.find("</", j + 2)) {
        const std::size_t stop = name_end(body, j + 2);
        if (one_of(closers, to_lower_ascii(body.substr(j + 2, stop - (j + 2))))) return false;
    }
    return true;
}

bool is_raw_text_element(std::string_view name) {
    static constexpr std::array<std::string_view, 6> names = {"textarea", "title", "xmp", "iframe", "noembed",
                                                              "noframes"};
    return one_of(names, name);
}

// Start tags after which gumbo's tokenizer may leave the data state (raw text),
// or with which foreign content ends early ("breakout" tags): inside <svg> or
// <math> the scan stops at them rather than follow those rules.
bool ends_foreign_scan(std::string_view name) {
    static constexpr std::array<std::string_view, 55> names = {
        "script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "textarea", "plaintext",
        "b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em", "embed",
        "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing", "menu", "meta",
        "nobr", "ol", "p", "pre", "ruby", "s", "small", "span", "strong", "strike", "sub", "sup", "table",
        "tt", "u", "ul", "var", "font", "html"};
    return one_of(names, name);
}

// Elements that keep every attribute, because the tree builder reads them.
// The formatting elements' attributes are compared by the Noah's Ark clause
// (13.2.4.3): with fewer attributes, three `<s x>` left open match where they
// did not, and the tree changes. gumbo turns `<isindex prompt=...>` into a
// form whose label is the prompt's text.
bool keeps_attributes(std::string_view name) {
    static constexpr std::array<std::string_view, 15> names = {
        "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u", "isindex"};
    return one_of(names, name);
}

// Foreign elements whose content follows HTML rules (integration points).
bool is_integration_point(std::string_view name) {
    static constexpr std::array<std::string_view, 9> names = {
        "title", "desc", "foreignobject", "mi", "mo", "mn", "ms", "mtext", "annotation-xml"};
    return one_of(names, name);
}

} // namespace

std::optional<std::string> lean_html(std::string_view html, const Lean& lean) {
    // gumbo 0.10 reads a NUL byte in ways of its own (in an attribute name it
    // leaves it out: `<script \0type=...>` has a `type`); no saved page has
    // one, so such a page is parsed as written.
    if (html.find('\0') != npos) return std::nullopt;
    std::string out;
    std::size_t copied = 0;  // html[copied, ...) is not in `out` yet
    auto replace = [&](std::size_t begin, std::size_t end, std::string_view with) {
        if (out.empty()) out.reserve(html.size());
        out.append(html.substr(copied, begin - copied)).append(with);
        copied = end;
    };
    // Whitespace in <pre> and <listing> is text; in such a page it all stays.
    const bool collapse = lean.whitespace && !mentions_tag(html, "pre") && !mentions_tag(html, "listing");
    // Text between two pieces of markup that is only whitespace: one space, or
    // the line breaks it held (the tokenizer reads \r\n and \r as \n), two at
    // most, which every pass reads as it reads the whole run.
    auto collapse_space = [&](std::size_t begin, std::size_t end) {
        int breaks = 0;
        for (std::size_t i = begin; i < end; ++i) {
            if (!is_html_space(html[i])) return;
            if (html[i] == '\n' || (html[i] == '\r' && (i + 1 == end || html[i + 1] != '\n'))) ++breaks;
        }
        const std::string_view with = breaks >= 2 ? "\n\n" : breaks == 1 ? "\n" : " ";
        if (end - begin > with.size()) replace(begin, end, with);
    };
    const std::size_t n = html.size();
    std::string name;
    // Open elements of the current <svg> or <math> subtree; empty in HTML.
    std::vector<std::string> foreign;
    // Where the text after the last markup began; npos after text, raw text
    // or inside foreign content, where nothing is collapsed.
    std::size_t text_from = npos;
    for (std::size_t pos = 0;;) {
        const std::size_t lt = html.find('<', pos);
        if (lt == npos || lt + 2 >= n) break;
        const char next = html[lt + 1];
        if (next != '!' && next != '?' && next != '/' && !is_alpha(next)) {
            pos = lt + 1;  // a `<` in text
            text_from = npos;
            continue;
        }
        if (collapse && text_from != npos && foreign.empty()) collapse_space(text_from, lt);
        text_from = npos;
        if (next == '!' && html.compare(lt, 4, "<!--") == 0) {
            pos = comment_end(html, lt + 4);
            if (pos == npos) break;
            text_from = pos;
            continue;
        }
        if (next == '!' && !foreign.empty() && html.compare(lt, 9, "<![CDATA[") == 0) {
            pos = html.find("]]>", lt + 9);
            if (pos == npos) break;
            pos += 3;
            continue;
        }
        if (next == '!' || next == '?') {  // doctype, CDATA in HTML, bogus comment: to the next `>`
            const std::size_t end = html.find('>', lt + 2);
            if (end == npos) break;
            pos = end + 1;
            text_from = pos;
            continue;
        }
        const bool is_end = next == '/';
        const std::size_t name_start = lt + (is_end ? 2 : 1);
        if (is_end && !is_alpha(html[name_start])) {
            if (html[name_start] == '>') {  // `</>` is nothing
                pos = lt + 3;
                text_from = pos;
                continue;
            }
            const std::size_t end = html.find('>', lt + 2);  // a bogus comment
            if (end == npos) break;
            pos = end + 1;
            text_from = pos;
            continue;
        }
        const std::size_t name_stop = name_end(html, name_start);
        name = to_lower_ascii(html.substr(name_start, name_stop - name_start));
        const TagEnd tag = scan_attributes(html, name_stop, lean.attributes && !keeps_attributes(name));
        if (tag.after == npos) break;
        for (const Span& a : tag.unread) replace(a.begin, a.end, {});
        pos = tag.after;
        text_from = pos;
        if (!foreign.empty()) {
            // Foreign content: only its own elements are followed; an end tag
            // for one not open, or HTML inside it, stops the scan.
            if (is_end) {
                // gumbo matches a foreign end tag by its text between "</" and
                // ">": `</svg >` or `</svg/>` closes nothing there.
                if (html[name_stop] != '>') break;
                auto open = std::find(foreign.rbegin(), foreign.rend(), name);
                if (open == foreign.rend()) break;
                foreign.erase(std::next(open).base(), foreign.end());
                continue;
            }
            if (ends_foreign_scan(name) || is_integration_point(foreign.back())) break;
            if (!tag.self_closing) foreign.push_back(name);
            continue;
        }
        if (is_end) continue;
        if (name == "script" || name == "style") {
            text_from = npos;
            const std::size_t end = name == "script" ? script_end(html, pos) : raw_text_end(html, name, pos);
            if (end == npos) break;  // runs to the end of the page
            const std::string_view body = html.substr(pos, end - pos);
            // JSON-LD is read for the metadata; a type written with a character
            // reference is kept rather than decoded here.
            const bool keep = !lean.scripts || (name == "script" && tag.type &&
                                                (tag.type->find('&') != npos ||
                                                 iequals(trim(*tag.type), "application/ld+json")));
            if (!keep && !body.empty() && safe_to_drop(body)) replace(pos, end, {});
            pos = end;
        } else if (is_raw_text_element(name)) {
            text_from = npos;
            const std::size_t end = raw_text_end(html, name, pos);
            if (end == npos) break;
            pos = end;
        } else if (name == "svg" || name == "math") {
            if (!tag.self_closing) foreign.push_back(name);
        } else if (name == "plaintext") {
            break;  // the rest of the page is text
        }
    }
    if (copied == 0) return std::nullopt;
    out.append(html.substr(copied));
    return out;
}

} // namespace newsdb::parse::html
