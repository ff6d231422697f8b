// Leaves script and style bodies out of a page before gumbo parses it.
//
// The scan follows the HTML tokenizer (WHATWG "13.2.5 Tokenization") where it
// decides what is markup: comments, bogus comments, tags with their attribute
// states, and the raw-text elements. It only has to know where gumbo's
// tokenizer is in script data or RAWTEXT; wherever it cannot be sure (script
// escapes, foreign content it does not follow, <plaintext>) it stops and
// leaves the rest of the page as written. fuzz_html_scripts checks that the
// article parsed is the same either way.
#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "parse/html_dom.hpp"
#include "parse/text_util.hpp"

namespace newsdb::detail::html {

namespace {

constexpr std::size_t npos = std::string_view::npos;

bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }
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

struct TagEnd {
    std::size_t after = npos;  // past the `>`; npos when the page ends inside the tag
    bool self_closing = false;
    std::optional<std::string_view> type;  // the first `type` attribute's value, as written
};

// The attributes of a tag whose name ends at `from`, through its `>`.
// Quotes only delimit a value that follows `=` (so `<a b"c>` ends at `>`).
TagEnd scan_attributes(std::string_view html, std::size_t from) {
    enum class S { before_name, name, after_name, before_value, quoted, unquoted, after_quoted, self_closing };
    TagEnd tag;
    S s = S::before_name;
    char quote = 0;
    std::size_t name_start = 0, value_start = 0;
    bool is_type = false;  // the attribute being read is named `type`
    auto end_name = [&](std::size_t end) { is_type = iequals(html.substr(name_start, end - name_start), "type"); };
    auto end_attribute = [&](std::string_view value) {
        if (is_type && !tag.type) tag.type = value;
        is_type = false;
    };
    for (std::size_t i = from; i < html.size(); ++i) {
        const char c = html[i];
        switch (s) {
        case S::before_name:
            if (is_space(c)) break;
            if (c == '/') { s = S::self_closing; break; }
            if (c == '>') { tag.after = i + 1; return tag; }
            name_start = i;  // `=` here starts a name too
            s = S::name;
            break;
        case S::name:
            if (is_space(c)) { end_name(i); s = S::after_name; }
            else if (c == '=') { end_name(i); s = S::before_value; }
            else if (c == '/') { end_name(i); end_attribute({}); s = S::self_closing; }
            else if (c == '>') { end_name(i); end_attribute({}); tag.after = i + 1; return tag; }
            break;
        case S::after_name:
            if (is_space(c)) break;
            if (c == '=') { s = S::before_value; break; }
            end_attribute({});  // it had no value
            if (c == '/') { s = S::self_closing; break; }
            if (c == '>') { tag.after = i + 1; return tag; }
            name_start = i;
            s = S::name;
            break;
        case S::before_value:
            if (is_space(c)) break;
            if (c == '"' || c == '\'') { quote = c; value_start = i + 1; s = S::quoted; break; }
            if (c == '>') { end_attribute({}); tag.after = i + 1; return tag; }
            value_start = i;
            s = S::unquoted;
            break;
        case S::quoted:
            if (c == quote) { end_attribute(html.substr(value_start, i - value_start)); s = S::after_quoted; }
            break;
        case S::unquoted:
            if (is_space(c)) { end_attribute(html.substr(value_start, i - value_start)); s = S::before_name; }
            else if (c == '>') { end_attribute(html.substr(value_start, i - value_start)); tag.after = i + 1; return tag; }
            break;
        case S::after_quoted:
            if (is_space(c)) { s = S::before_name; break; }
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
    while (i < html.size() && !is_space(html[i]) && html[i] != '/' && html[i] != '>') ++i;
    return i;
}

// Where the raw text of `name` (script data, RAWTEXT or RCDATA) that starts at
// `from` ends: the `<` of the first `</name` followed by a space, `/` or `>`.
std::size_t raw_text_end(std::string_view html, std::string_view name, std::size_t from) {
    for (std::size_t j = html.find("</", from); j != npos; j = html.find("</", j + 2)) {
        const std::size_t after = j + 2 + name.size();
        if (after < html.size() && iequals(html.substr(j + 2, name.size()), name) &&
            (is_space(html[after]) || html[after] == '/' || html[after] == '>'))
            return j;
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

// Foreign elements whose content follows HTML rules (integration points).
bool is_integration_point(std::string_view name) {
    static constexpr std::array<std::string_view, 9> names = {
        "title", "desc", "foreignobject", "mi", "mo", "mn", "ms", "mtext", "annotation-xml"};
    return one_of(names, name);
}

} // namespace

std::optional<std::string> drop_script_and_style(std::string_view html) {
    std::string out;
    std::size_t copied = 0;  // html[copied, ...) is not in `out` yet
    auto drop = [&](std::size_t begin, std::size_t end) {
        if (out.empty()) out.reserve(html.size());
        out.append(html.substr(copied, begin - copied));
        copied = end;
    };
    const std::size_t n = html.size();
    std::string name;
    // Open elements of the current <svg> or <math> subtree; empty in HTML.
    std::vector<std::string> foreign;
    for (std::size_t pos = 0;;) {
        const std::size_t lt = html.find('<', pos);
        if (lt == npos || lt + 2 >= n) break;
        const char next = html[lt + 1];
        if (next == '!' && html.compare(lt, 4, "<!--") == 0) {
            pos = comment_end(html, lt + 4);
            if (pos == npos) break;
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
            continue;
        }
        const bool is_end = next == '/';
        const std::size_t name_start = lt + (is_end ? 2 : 1);
        if (is_end && !is_alpha(html[name_start])) {
            if (html[name_start] == '>') {  // `</>` is nothing
                pos = lt + 3;
                continue;
            }
            const std::size_t end = html.find('>', lt + 2);  // a bogus comment
            if (end == npos) break;
            pos = end + 1;
            continue;
        }
        if (!is_alpha(html[name_start])) {
            pos = lt + 1;  // a `<` in text
            continue;
        }
        const std::size_t name_stop = name_end(html, name_start);
        name = to_lower_ascii(html.substr(name_start, name_stop - name_start));
        const TagEnd tag = scan_attributes(html, name_stop);
        if (tag.after == npos) break;
        pos = tag.after;
        if (!foreign.empty()) {
            // Foreign content: only its own elements are followed; an end tag
            // for one not open, or HTML inside it, stops the scan.
            if (is_end) {
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
            const std::size_t end = raw_text_end(html, name, pos);
            if (end == npos) break;  // runs to the end of the page
            const std::string_view body = html.substr(pos, end - pos);
            // "<!--" in a script starts the escaped states, which move its end.
            if (name == "script" && body.find("<!--") != npos) break;
            // JSON-LD is read for the metadata; a type written with a character
            // reference is kept rather than decoded here.
            const bool keep = name == "script" && tag.type &&
                              (tag.type->find('&') != npos || iequals(trim(*tag.type), "application/ld+json"));
            if (!keep && !body.empty() && safe_to_drop(body)) drop(pos, end);
            pos = end;
        } else if (is_raw_text_element(name)) {
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

} // namespace newsdb::detail::html
