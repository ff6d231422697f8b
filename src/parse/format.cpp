#include <array>
#include <string>

#include "newsdb/error.hpp"
#include "newsdb/parse.hpp"
#include "parse/text_util.hpp"

namespace newsdb {

namespace {

using Parser = ParsedArticle (*)(std::string_view bytes, std::string_view name_hint);

// One row per input format; adding a format (html, markdown, json) is one row
// here, its extensions below, and its name in InputFormat.
struct FormatInfo {
    InputFormat format;
    std::string_view name;  // canonical, first accepted name
    std::array<std::string_view, 3> aliases;
    Parser parse;
};

constexpr std::array<FormatInfo, 1> formats{{
    {InputFormat::text, "text", {"text", "txt", "plain"}, &parse_plain_text},
}};

struct ExtensionRule {
    std::string_view extension;  // lower case, with the dot
    InputFormat format;
};

constexpr std::array<ExtensionRule, 2> extensions{{
    {".txt", InputFormat::text},
    {".text", InputFormat::text},
}};

constexpr std::array<std::string_view, 2> automatic_names{"auto", "automatic"};

std::string extension_of(std::string_view name) {
    const auto slash = name.find_last_of("/\\");
    if (slash != std::string_view::npos) name = name.substr(slash + 1);
    const auto dot = name.rfind('.');
    if (dot == std::string_view::npos || dot == 0) return {};
    return detail::to_lower_ascii(name.substr(dot));
}

InputFormat detect_format(std::string_view /*bytes*/, std::string_view name_hint) {
    const std::string ext = extension_of(name_hint);
    for (const auto& rule : extensions)
        if (rule.extension == ext) return rule.format;
    // Sniffing the content comes with the other formats; everything else is text.
    return InputFormat::text;
}

} // namespace

InputFormat parse_input_format(std::string_view name) {
    const std::string_view trimmed = detail::trim(name);
    for (auto a : automatic_names)
        if (detail::iequals(trimmed, a)) return InputFormat::automatic;
    for (const auto& info : formats)
        for (auto alias : info.aliases)
            if (!alias.empty() && detail::iequals(trimmed, alias)) return info.format;
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
    if (const auto bad = detail::first_invalid_utf8(bytes))
        throw Error(Errc::bad_input, "not valid UTF-8 (first bad byte at offset " + std::to_string(*bad) + ")",
                    "convert the file to UTF-8 first, e.g. `iconv -f WINDOWS-1252 -t UTF-8 in.txt > out.txt`; "
                    "reading legacy encodings directly comes in a later version");
    for (std::size_t i = 0; i < bytes.size();) {
        std::size_t len = 1;
        if (!detail::is_space_code_point(detail::decode_utf8(bytes, i, len))) return;
        i += len;
    }
    throw Error(Errc::bad_input, "file is empty (only whitespace)", nothing_hint);
}

ParsedArticle parse_article(std::string_view bytes, std::string_view name_hint, InputFormat format) {
    if (format == InputFormat::automatic) format = detect_format(bytes, name_hint);
    for (const auto& info : formats)
        if (info.format == format) return info.parse(bytes, name_hint);
    throw Error(Errc::internal, "no parser for input format '" + std::string(input_format_name(format)) + "'");
}

} // namespace newsdb
