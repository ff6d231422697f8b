// JSON and JSON Lines article dumps: one item per article object.
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "newsdb/error.hpp"
#include "parse/parsers.hpp"
#include "parse/sgml_text.hpp"
#include "parse/text_util.hpp"
#include "util/utf8.hpp"

namespace newsdb::parse {

namespace {

using nlohmann::json;

struct FieldKeys {
    std::string_view field;  // newsdb's name, as in --field FIELD=KEY
    std::vector<std::string> keys;  // the input's keys, tried in order (dotted paths allowed)
};

// Default keys cover common dumps (news APIs, scrapers, schema.org exports).
std::vector<FieldKeys> default_fields() {
    return {
        {"title", {"title", "headline", "name"}},
        {"text", {"content", "text", "body", "article", "articleBody", "maintext", "description"}},
        {"date", {"date", "published", "published_at", "publishedAt", "pubDate", "date_published",
                  "datePublished", "date_extracted", "created_at", "timestamp"}},
        {"url", {"url", "link", "canonical_url"}},
        {"author", {"author", "authors", "byline", "creator"}},
        {"source", {"source", "publisher", "site", "site_name", "outlet", "source.name"}},
        {"language", {"language", "lang"}},
        {"tags", {"tags", "keywords", "categories", "topics"}},
    };
}

std::vector<FieldKeys> resolve_fields(const ParseOptions& options) {
    std::vector<FieldKeys> fields = default_fields();
    for (const auto& entry : options.json_fields) {
        // Not a structured binding: clang 14 cannot capture one in a lambda.
        const std::string& field = entry.first;
        const std::string& key = entry.second;
        auto it = std::find_if(fields.begin(), fields.end(), [&](const FieldKeys& f) { return f.field == field; });
        if (it == fields.end()) {
            std::string names;
            for (const auto& f : fields) names += (names.empty() ? "" : ", ") + std::string(f.field);
            throw Error(Errc::invalid_argument, "unknown article field '" + field + "' in --field",
                        "use --field FIELD=KEY with FIELD one of: " + names);
        }
        if (key.empty())
            throw Error(Errc::invalid_argument, "--field " + field + "= names no JSON key",
                        "write --field " + field + "=KEY, e.g. --field text=content");
        it->keys = {key};
    }
    return fields;
}

const json* lookup(const json& object, std::string_view key) {
    if (auto it = object.find(std::string(key)); it != object.end()) return &*it;
    const auto dot = key.find('.');
    if (dot == std::string_view::npos) return nullptr;
    const auto outer = object.find(std::string(key.substr(0, dot)));
    if (outer == object.end() || !outer->is_object()) return nullptr;
    return lookup(*outer, key.substr(dot + 1));
}

// A person, publisher or tag given as a string, a number, or an object with a name.
std::string scalar_text(const json& value) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_number()) return value.dump();
    if (value.is_object())
        for (std::string_view key : {"name", "title", "display_name", "id"})
            if (auto it = value.find(std::string(key)); it != value.end() && it->is_string())
                return it->get<std::string>();
    return {};
}

std::vector<std::string> text_list(const json& value) {
    std::vector<std::string> out;
    if (value.is_array()) {
        for (const auto& element : value)
            if (std::string s = normalize_line(scalar_text(element)); !s.empty()) out.push_back(std::move(s));
    } else if (std::string s = normalize_line(scalar_text(value)); !s.empty()) {
        out.push_back(std::move(s));
    }
    return out;
}

std::string joined(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
    return out;
}

const FieldKeys& keys_of(const std::vector<FieldKeys>& fields, std::string_view field) {
    return *std::find_if(fields.begin(), fields.end(), [&](const FieldKeys& f) { return f.field == field; });
}

// The first key of `field` whose value gives a non-empty result of `convert`.
template <typename Convert>
auto first_value(const json& object, const std::vector<FieldKeys>& fields, std::string_view field, Convert convert)
    -> decltype(convert(object)) {
    for (const auto& key : keys_of(fields, field).keys)
        if (const json* value = lookup(object, key))
            if (auto result = convert(*value); !result.empty()) return result;
    return {};
}

std::string date_of(const json& value) {
    if (value.is_number()) {
        // Unix time in seconds, or milliseconds when it is too large for seconds.
        const double n = value.get<double>();
        if (n <= 0) return {};
        const auto seconds = static_cast<std::time_t>(n > 1e11 ? n / 1000 : n);
        std::tm tm{};
        if (!gmtime_r(&seconds, &tm)) return {};
        char buf[16];
        std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
        return buf;
    }
    if (value.is_object())
        for (std::string_view key : {"$date", "date", "value"})
            if (auto it = value.find(std::string(key)); it != value.end()) return date_of(*it);
    return value.is_string() ? date_to_iso(value.get<std::string>()) : std::string{};
}

// "en-US" -> "en"; anything that is not a language code -> "".
std::string language_of(const json& value) {
    if (!value.is_string()) return {};
    std::string code = to_lower_ascii(trim(value.get<std::string>()));
    code = code.substr(0, code.find_first_of("-_"));
    const bool letters = std::all_of(code.begin(), code.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    return letters && (code.size() == 2 || code.size() == 3) ? code : std::string{};
}

std::vector<std::string> tags_of(const json& value) {
    if (!value.is_string()) return text_list(value);
    std::vector<std::string> out;
    const std::string s = value.get<std::string>();
    std::size_t start = 0;
    while (start <= s.size()) {
        auto comma = s.find_first_of(",;", start);
        if (comma == std::string::npos) comma = s.size();
        if (std::string tag = normalize_line(std::string_view(s).substr(start, comma - start)); !tag.empty())
            out.push_back(std::move(tag));
        start = comma + 1;
    }
    return out;
}

std::vector<Paragraph> paragraphs_of(std::string_view text) {
    std::vector<Paragraph> out;
    if (looks_like_html(text)) {
        for (auto& block : html_blocks(text)) out.push_back({std::move(block), {}});
        return out;
    }
    for (std::string_view line : split_lines(text))
        if (std::string p = normalize_line(line); !p.empty()) out.push_back({std::move(p), {}});
    return out;
}

std::string title_from_text(std::string_view text) {
    constexpr std::size_t max_words = 12;
    std::string out;
    std::size_t words = 0, start = 0;
    while (start < text.size() && words < max_words) {
        auto space = text.find(' ', start);
        if (space == std::string_view::npos) space = text.size();
        out += (out.empty() ? "" : " ") + std::string(text.substr(start, space - start));
        ++words;
        start = space + 1;
    }
    return start < text.size() ? out + "\xE2\x80\xA6" : out;
}

// The words of a URL's last named path segment: ".../node/62/big-news-today.html" -> "big news today".
std::string title_from_url(std::string_view url) {
    url = url.substr(0, url.find_first_of("?#"));
    const auto scheme = url.find("://");
    if (scheme == std::string_view::npos) return {};
    url.remove_prefix(scheme + 3);
    const auto slash = url.find('/');
    if (slash == std::string_view::npos) return {};
    url.remove_prefix(slash);
    while (!url.empty()) {
        const auto last = url.find_last_of('/');
        std::string_view segment = url.substr(last + 1);
        url = url.substr(0, last);
        if (const auto dot = segment.rfind('.'); dot != std::string_view::npos && dot > 0) segment = segment.substr(0, dot);
        std::string words;
        for (std::size_t i = 0; i < segment.size(); ++i) {
            const char c = segment[i];
            if (c == '%' && i + 2 < segment.size() && std::isxdigit(static_cast<unsigned char>(segment[i + 1])) &&
                std::isxdigit(static_cast<unsigned char>(segment[i + 2]))) {
                words += static_cast<char>(std::stoi(std::string(segment.substr(i + 1, 2)), nullptr, 16));
                i += 2;
            } else {
                words += c == '-' || c == '_' || c == '+' ? ' ' : c;
            }
        }
        if (util::first_invalid_utf8(words)) continue;
        const bool named = std::any_of(words.begin(), words.end(), [](char c) {
            return std::isalpha(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80;
        });
        if (named) return normalize_line(words);
    }
    return {};
}

std::string text_keys_list(const std::vector<FieldKeys>& fields) {
    std::string out;
    for (const auto& key : keys_of(fields, "text").keys) out += (out.empty() ? "" : ", ") + key;
    return out;
}

std::string kind_name(const json& value) {
    switch (value.type()) {
    case json::value_t::array: return "an array";
    case json::value_t::string: return "a string";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::null: return "null";
    case json::value_t::object: return "an object";
    default: return "a number";
    }
}

// Whether `object` has a value under any key of any field (title, text, date ...).
bool has_article_field(const json& object, const std::vector<FieldKeys>& fields) {
    for (const auto& f : fields)
        for (const auto& key : f.keys)
            if (lookup(object, key) != nullptr) return true;
    return false;
}

// One article from one object; `where` is "line 12" or "item 3" for messages.
ParsedItem article_item(const json& value, const std::vector<FieldKeys>& fields, std::string where) {
    ParsedItem item;
    if (!value.is_object()) {
        item.error = where + " is " + kind_name(value) + ", not a JSON object; give each article as an object with its "
                     "fields, e.g. {\"title\": ..., \"content\": ...}";
        return item;
    }
    const auto as_text = [](const json& v) { return v.is_string() ? v.get<std::string>() : std::string{}; };
    const std::string text = first_value(value, fields, "text", as_text);
    ParsedArticle article;
    article.paragraphs = paragraphs_of(text);
    const auto single_line = [](const json& v) {
        std::string s = scalar_text(v);
        return normalize_line(looks_like_html(s) ? joined(html_blocks(s)) : s);
    };
    article.title = first_value(value, fields, "title", single_line);
    // A blank text field with a title is a title-only article (dumps hold such
    // stubs); without a text field at all the object is not an article.
    const bool has_text_field = std::any_of(keys_of(fields, "text").keys.begin(), keys_of(fields, "text").keys.end(),
                                            [&](const std::string& key) {
                                                const json* v = lookup(value, key);
                                                return v && v->is_string();
                                            });
    if (!has_text_field) {
        item.error = where + " has no article text: none of its fields " + text_keys_list(fields) +
                     " is a string; name the text field with --field text=KEY";
        return item;
    }
    article.url = first_value(value, fields, "url", [](const json& v) { return normalize_line(scalar_text(v)); });
    if (article.title.empty() && !article.paragraphs.empty())
        article.title = title_from_text(article.paragraphs.front().text);
    if (article.title.empty()) article.title = title_from_url(article.url);
    if (article.title.empty()) {
        item.error = where + " has neither text nor a title: nothing to store; fill in its text or delete it";
        return item;
    }
    article.date = first_value(value, fields, "date", date_of);
    article.author = first_value(value, fields, "author", [](const json& v) { return joined(text_list(v)); });
    article.source = first_value(value, fields, "source", [](const json& v) { return normalize_line(scalar_text(v)); });
    article.language = first_value(value, fields, "language", language_of);
    article.tags = first_value(value, fields, "tags", tags_of);
    item.article = std::move(article);
    return item;
}

// Line and column (1-based) of byte `offset` in `text`.
std::pair<std::size_t, std::size_t> line_column(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    const std::string_view before = text.substr(0, offset);
    const std::size_t line = static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n')) + 1;
    const auto nl = before.rfind('\n');
    return {line, nl == std::string_view::npos ? offset + 1 : offset - nl};
}

// nlohmann's message without its "[json.exception.parse_error.101] parse error at ...: " prefix.
std::string parse_reason(const json::parse_error& e) {
    std::string what = e.what();
    const auto colon = what.find(": ");
    if (colon != std::string::npos) what = what.substr(colon + 2);
    if (what.starts_with("syntax error while parsing value - ")) what = what.substr(35);
    return what;
}

// Throws Error(bad_input) when `text` nests arrays/objects deeper than allowed.
void check_nesting(std::string_view text, const std::string& where) {
    std::size_t depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > max_json_depth)
                throw Error(Errc::bad_input,
                            where + " nests JSON deeper than " + std::to_string(max_json_depth) +
                                " levels (at byte " + std::to_string(i) + ")",
                            "this is not an article dump newsdb can read; check how the file was made");
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
}

// nlohmann's message for non-syntax failures, without its "[json.exception...]" prefix.
std::string json_problem(const json::exception& e) {
    std::string what = e.what();
    if (const auto end = what.find("] "); what.starts_with("[json.exception") && end != std::string::npos)
        what = what.substr(end + 2);
    if (e.id == 406) return "a number is too large to store (" + what + ")";
    return what;
}

std::vector<ParsedItem> parse_lines(std::string_view utf8, const std::vector<FieldKeys>& fields,
                                    std::size_t first_line = 1) {
    std::vector<ParsedItem> items;
    std::size_t line_number = first_line - 1;
    std::size_t start = 0;
    while (start < utf8.size()) {
        auto nl = utf8.find('\n', start);
        const bool last = nl == std::string_view::npos;
        if (last) nl = utf8.size();
        std::string_view line = utf8.substr(start, nl - start);
        start = nl + 1;
        ++line_number;
        if (line_number == 1 && line.starts_with(util::utf8_bom)) line.remove_prefix(util::utf8_bom.size());
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (trim(line).empty()) continue;
        const std::string where = "line " + std::to_string(line_number);
        ParsedItem item;
        try {
            check_nesting(line, where);
            item = article_item(json::parse(line), fields, where);
        } catch (const Error& e) {
            item.error = e.what();
        } catch (const json::parse_error& e) {
            if (last && e.byte >= line.size())  // no newline after it, and the object never closed
                item.error = where + " is cut off: the file ends inside a JSON object (it was probably truncated); "
                                     "export it again or delete the last line";
            else
                item.error = where + " is not valid JSON (at column " + std::to_string(e.byte) + ": " +
                             parse_reason(e) + "); fix the line or delete it";
        } catch (const json::exception& e) {
            // e.g. a number too large for a double (1e999): valid JSON we cannot hold.
            item.error = where + " cannot be read: " + json_problem(e) + "; fix the line or delete it";
        }
        item.locator = where;
        item.raw = std::string(line);
        items.push_back(std::move(item));
    }
    return items;
}

// The array of articles in a document: the document itself, or the one array
// member of a wrapping object ({"articles": [...]}, {"data": [...]} ...).
const json* article_array(const json& document) {
    if (document.is_array()) return &document;
    if (!document.is_object()) return nullptr;
    std::vector<ArrayMember> members;
    std::vector<const json*> values;
    for (const auto& [key, value] : document.items()) {
        if (!value.is_array()) continue;
        members.push_back({key, !value.empty() && value.front().is_object()});
        values.push_back(&value);
    }
    const auto taken = article_array_member(members);
    return taken ? values[*taken] : nullptr;
}

// One item per element of an array of articles, the first being item `first`.
std::vector<ParsedItem> array_items(const json& array, const std::vector<FieldKeys>& fields, std::size_t first) {
    std::vector<ParsedItem> items;
    std::size_t n = first;
    for (const auto& element : array) {
        const std::string where = "item " + std::to_string(n++);
        ParsedItem item = article_item(element, fields, where);
        item.locator = where;
        item.raw = element.dump();
        items.push_back(std::move(item));
    }
    return items;
}

bool first_line_is_object(std::string_view utf8) {
    const auto nl = utf8.find('\n');
    if (nl == std::string_view::npos || trim(utf8.substr(nl + 1)).empty()) return false;
    try {
        check_nesting(utf8.substr(0, nl), "line 1");
    } catch (const Error&) {
        return false;
    }
    const json first = json::parse(utf8.substr(0, nl), nullptr, false);
    return first.is_object();
}

} // namespace

std::optional<std::size_t> article_array_member(const std::vector<ArrayMember>& members) {
    for (std::string_view key : article_array_keys)
        for (std::size_t i = 0; i < members.size(); ++i)
            if (members[i].key == key) return i;
    std::optional<std::size_t> only;
    for (std::size_t i = 0; i < members.size(); ++i) {
        if (!members[i].starts_with_object) continue;
        if (only) return std::nullopt;  // several arrays: none is clearly the articles
        only = i;
    }
    return only;
}

std::vector<ParsedItem> parse_json_items(std::string_view utf8, std::string_view /*name_hint*/,
                                         const ParseOptions& options, bool lines) {
    const std::vector<FieldKeys> fields = resolve_fields(options);
    if (lines) return parse_lines(utf8, fields);

    json document;
    try {
        check_nesting(utf8, "the file");
        document = json::parse(utf8);
    } catch (const json::parse_error& e) {
        // JSON Lines saved as .json reads as JSON Lines.
        if (first_line_is_object(utf8)) return parse_lines(utf8, fields);
        const auto [line, column] = line_column(utf8, e.byte == 0 ? 0 : e.byte - 1);
        throw Error(Errc::bad_input,
                    "not valid JSON at line " + std::to_string(line) + ", column " + std::to_string(column) +
                        " (byte " + std::to_string(e.byte) + "): " + parse_reason(e),
                    "fix the file, or check that it was saved completely; for one article per line name it .jsonl");
    } catch (const json::exception& e) {
        throw Error(Errc::bad_input, "the JSON cannot be read: " + json_problem(e),
                    "fix the file; newsdb reads numbers up to about 1.8e308");
    }

    if (const json* array = article_array(document)) return array_items(*array, fields, 1);
    std::vector<ParsedItem> items;
    if (!document.is_object())
        throw Error(Errc::bad_input, "the JSON document is " + kind_name(document) + ", not articles",
                    "give one article object, an array of them, or an object with an \"articles\" array");
    ParsedItem item = article_item(document, fields, "the JSON object");
    // A JSON file of other data (labels, settings, an index) that sits among
    // articles is no article, unless --field says how to read it as one.
    if (!item.article && options.json_fields.empty() && !has_article_field(document, fields)) {
        item.not_an_article = true;
        item.error = "not an article: the JSON object has none of the article fields (" + text_keys_list(fields) +
                     ", title, ...); if it is one, name its text field with --field text=KEY";
    }
    items.push_back(std::move(item));  // the whole file is the item: empty locator and raw
    return items;
}

std::vector<ParsedItem> parse_json_lines_part(std::string_view utf8, const ParseOptions& options,
                                              std::size_t first_line) {
    return parse_lines(utf8, resolve_fields(options), std::max<std::size_t>(first_line, 1));
}

std::vector<ParsedItem> parse_json_array_part(std::string_view array, const ParseOptions& options,
                                              std::size_t first_item) {
    json document;
    try {
        document = json::parse(array);  // the whole file was checked as it was read then
    } catch (const json::exception&) {
        throw Error(Errc::bad_input, "the file changed while it was read (a part of it is no longer valid JSON)",
                    "ingest it again");
    }
    return array_items(document, resolve_fields(options), std::max<std::size_t>(first_item, 1));
}

namespace {

// Accepts any JSON, counting its nesting against max_json_depth.
class DepthCheck : public nlohmann::json_sax<json> {
public:
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override { return ++depth_ <= max_json_depth; }
    bool key(string_t&) override { return true; }
    bool end_object() override { return --depth_, true; }
    bool start_array(std::size_t) override { return ++depth_ <= max_json_depth; }
    bool end_array() override { return --depth_, true; }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

private:
    std::size_t depth_ = 0;
};

} // namespace

bool json_document_is_valid(std::istream& in) {
    DepthCheck check;
    try {
        return json::sax_parse(in, &check);
    } catch (const json::exception&) {
        return false;
    }
}

} // namespace newsdb::parse
