#include <array>
#include <string>

#include "newsdb/error.hpp"
#include "newsdb/parse.hpp"
#include "parse/parsers.hpp"
#include "parse/text_util.hpp"
#include "parse/warc.hpp"
#include "util/utf8.hpp"

namespace newsdb {

namespace {

// A format's parser: one article per file, or many.
using SingleParser = ParsedArticle (*)(std::string_view utf8, std::string_view name_hint);
using MultiParser = std::vector<ParsedItem> (*)(std::string_view utf8, std::string_view name_hint,
                                                const ParseOptions& options);

std::vector<ParsedItem> parse_json_document(std::string_view utf8, std::string_view name_hint,
                                            const ParseOptions& options) {
    return parse::parse_json_items(utf8, name_hint, options, false);
}
std::vector<ParsedItem> parse_json_lines(std::string_view utf8, std::string_view name_hint,
                                         const ParseOptions& options) {
    return parse::parse_json_items(utf8, name_hint, options, true);
}
std::vector<ParsedItem> parse_sgml(std::string_view utf8, std::string_view name_hint, const ParseOptions&) {
    return parse::parse_sgml_items(utf8, name_hint);
}
ParsedArticle parse_html(std::string_view utf8, std::string_view name_hint) {
    return parse::parse_html(utf8, name_hint);
}
// Never called with decoded text: parse_input() hands a WARC its bytes.
std::vector<ParsedItem> parse_warc(std::string_view bytes, std::string_view, const ParseOptions&) {
    return parse::parse_warc_bytes(bytes);
}

// One row per input format: its names, and its parser.
struct FormatInfo {
    InputFormat format;
    std::string_view name;  // canonical, first accepted name
    std::array<std::string_view, 3> aliases;
    SingleParser single;
    MultiParser multi;
};

const std::array<FormatInfo, 7> formats{{
    {InputFormat::text, "text", {"text", "txt", "plain"}, &parse_plain_text, nullptr},
    {InputFormat::html, "html", {"html", "htm", "xhtml"}, &parse_html, nullptr},
    {InputFormat::markdown, "markdown", {"markdown", "md", ""}, &parse::parse_markdown, nullptr},
    {InputFormat::json, "json", {"json", "", ""}, nullptr, &parse_json_document},
    {InputFormat::jsonl, "jsonl", {"jsonl", "ndjson", "json-lines"}, nullptr, &parse_json_lines},
    {InputFormat::sgml, "sgml", {"sgml", "sgm", "reuters"}, nullptr, &parse_sgml},
    {InputFormat::warc, "warc", {"warc", "", ""}, nullptr, &parse_warc},
}};

struct ExtensionRule {
    std::string_view extension;  // lower case, with the dot
    InputFormat format;
};

constexpr std::array<ExtensionRule, 14> extensions{{
    {".txt", InputFormat::text},      {".text", InputFormat::text},     {".html", InputFormat::html},
    {".htm", InputFormat::html},      {".xhtml", InputFormat::html},    {".md", InputFormat::markdown},
    {".markdown", InputFormat::markdown}, {".json", InputFormat::json}, {".jsonl", InputFormat::jsonl},
    {".ndjson", InputFormat::jsonl},  {".sgm", InputFormat::sgml},      {".sgml", InputFormat::sgml},
    {".xml", InputFormat::html},      {".warc", InputFormat::warc},
}};

constexpr std::array<std::string_view, 2> automatic_names{"auto", "automatic"};

// Decompressed inputs larger than this are refused rather than exhausting
// memory or time (gzip bombs); no single article file is this large.
constexpr std::size_t max_gunzip_bytes = std::size_t{256} << 20;

std::string extension_of(std::string_view name) {
    const auto slash = name.find_last_of("/\\");
    if (slash != std::string_view::npos) name = name.substr(slash + 1);
    const auto dot = name.rfind('.');
    if (dot == std::string_view::npos || dot == 0) return {};
    return parse::to_lower_ascii(name.substr(dot));
}

std::string_view strip_gz(std::string_view name) {
    const std::string ext = extension_of(name);
    return ext == ".gz" ? name.substr(0, name.size() - 3) : name;
}

// The content's first non-blank bytes, lower-cased, for sniffing.
std::string head_of(std::string_view bytes) {
    if (bytes.starts_with(util::utf8_bom)) bytes.remove_prefix(util::utf8_bom.size());
    std::size_t i = 0;
    while (i < bytes.size() && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r' || bytes[i] == '\n')) ++i;
    return parse::to_lower_ascii(bytes.substr(i, 256));
}

const FormatInfo& info_for(InputFormat format) {
    for (const auto& info : formats)
        if (info.format == format) return info;
    throw Error(Errc::internal, "no parser for input format " + std::to_string(static_cast<int>(format)));
}

} // namespace

InputFormat parse_input_format(std::string_view name) {
    const std::string_view trimmed = parse::trim(name);
    for (auto a : automatic_names)
        if (parse::iequals(trimmed, a)) return InputFormat::automatic;
    for (const auto& info : formats)
        for (auto alias : info.aliases)
            if (!alias.empty() && parse::iequals(trimmed, alias)) return info.format;
    std::string accepted;
    for (auto a : automatic_names) accepted += std::string(accepted.empty() ? "" : ", ") + std::string(a);
    for (const auto& info : formats)
        for (auto alias : info.aliases)
            if (!alias.empty()) accepted += ", " + std::string(alias);
    throw Error(Errc::invalid_argument, "unknown input format '" + std::string(name) + "'",
                "use one of: " + accepted);
}

std::string_view input_format_name(InputFormat format) noexcept {
    for (const auto& info : formats)
        if (info.format == format) return info.name;
    return automatic_names[0];
}

void check_text_bytes(std::string_view bytes) {
    const std::string nothing_hint = "nothing to import; check that the file was saved completely";
    if (bytes.empty()) throw Error(Errc::bad_input, "file is empty", nothing_hint);
    if (const auto nul = bytes.find('\0'); nul != std::string_view::npos)
        throw Error(Errc::bad_input, "looks binary (NUL byte at offset " + std::to_string(nul) + ")",
                    "newsdb reads plain-text articles; convert PDF or word-processor files to text first");
    if (const auto bad = util::first_invalid_utf8(bytes))
        throw Error(Errc::bad_input, "not valid UTF-8 (first bad byte at offset " + std::to_string(*bad) + ")",
                    "convert the file to UTF-8 first, e.g. `iconv -f WINDOWS-1252 -t UTF-8 in.txt > out.txt`");
    for (std::size_t i = 0; i < bytes.size();) {
        std::size_t len = 1;
        if (!util::is_space_code_point(util::decode_utf8(bytes, i, len))) return;
        i += len;
    }
    throw Error(Errc::bad_input, "file is empty (only whitespace)", nothing_hint);
}

InputFormat detect_format(std::string_view bytes, std::string_view name_hint) {
    const std::string ext = extension_of(strip_gz(name_hint));
    for (const auto& rule : extensions)
        if (rule.extension == ext) {
            // .xml is HTML-like unless it is a newswire collection.
            if (rule.format == InputFormat::html && ext == ".xml" && head_of(bytes).find("<reuters") != std::string::npos)
                return InputFormat::sgml;
            return rule.format;
        }
    if (parse::starts_like_warc(bytes)) return InputFormat::warc;
    const std::string head = head_of(bytes);
    if (head.starts_with("<!doctype html") || head.starts_with("<html") || head.starts_with("<?xml") ||
        head.starts_with("<head") || head.starts_with("<!--"))
        return head.find("<reuters") != std::string::npos ? InputFormat::sgml : InputFormat::html;
    if (head.starts_with("<!doctype lewis") || head.starts_with("<reuters")) return InputFormat::sgml;
    if (head.starts_with("---\n") || head.starts_with("---\r\n")) return InputFormat::markdown;
    if (head.starts_with("[")) return InputFormat::json;
    if (head.starts_with("{")) {
        // One object per line is JSON Lines; one object over many lines is JSON.
        const auto nl = bytes.find('\n');
        const std::string rest = nl == std::string_view::npos ? std::string{} : head_of(bytes.substr(nl + 1));
        return rest.starts_with("{") ? InputFormat::jsonl : InputFormat::json;
    }
    return InputFormat::text;
}

ParseResult parse_input(std::string_view bytes, std::string_view name_hint, const ParseOptions& options) {
    ParseResult result;
    if (options.format == InputFormat::warc ||
        (options.format == InputFormat::automatic && detect_format(bytes, name_hint) == InputFormat::warc)) {
        // A WARC reads its records' bytes itself (per-record gzip, each page's charset).
        result.format = InputFormat::warc;
        result.encoding = "warc";
        result.gzip = parse::is_gzip(bytes);
        result.items = parse::parse_warc_bytes(bytes);
        if (result.items.empty())
            throw Error(Errc::bad_input, "no page records in the WARC file",
                        "it holds no response record with an HTML or text page (only requests or metadata)");
        return result;
    }
    std::string inflated;
    if (parse::is_gzip(bytes)) {
        inflated = parse::gunzip(bytes, max_gunzip_bytes);
        bytes = inflated;
        result.gzip = true;
    }
    result.format = options.format == InputFormat::automatic ? detect_format(bytes, name_hint) : options.format;
    parse::Decoded decoded = parse::decode_to_utf8(bytes, result.format);
    result.encoding = std::move(decoded.encoding);
    check_text_bytes(decoded.text);
    const FormatInfo& info = info_for(result.format);
    if (info.single) {
        ParsedItem item;
        item.article = info.single(decoded.text, name_hint);
        result.items.push_back(std::move(item));
    } else {
        result.items = info.multi(decoded.text, name_hint, options);
        if (result.items.empty())
            throw Error(Errc::bad_input, "no articles found in the file",
                        "check that it is a " + std::string(info.name) + " file of articles, or pass --format");
    }
    return result;
}

ParsedArticle parse_article(std::string_view bytes, std::string_view name_hint, InputFormat format) {
    ParseOptions options;
    options.format = format;
    ParseResult result = parse_input(bytes, name_hint, options);
    for (auto& item : result.items)
        if (item.article) return std::move(*item.article);
    throw Error(Errc::bad_input, result.items.front().error.empty() ? "no article found" : result.items.front().error);
}

} // namespace newsdb
