// Format names and the escaping helpers shared by the writers and the CLI.
#include <algorithm>
#include <cctype>
#include <string>

#include <nlohmann/json.hpp>

#include "export/text_escape.hpp"
#include "newsdb/error.hpp"
#include "newsdb/export.hpp"
#include "util/utf8.hpp"

namespace newsdb {

namespace {

std::string lowercase(std::string_view name) {
    std::string out(name);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

constexpr std::string_view kColorMatchOn = "\x1b[1;33m";
constexpr std::string_view kColorMatchOff = "\x1b[0m";

}  // namespace

HitFormat parse_hit_format(std::string_view name) {
    const std::string n = lowercase(name);
    if (n == "text") return HitFormat::text;
    if (n == "csv") return HitFormat::csv;
    if (n == "json") return HitFormat::json;
    if (n == "jsonl") return HitFormat::jsonl;
    if (n == "markdown" || n == "md") return HitFormat::markdown;
    throw Error(Errc::invalid_argument, "unknown format '" + std::string(name) + "'",
                "use one of: text, csv, json, jsonl, markdown (or md)");
}

HitFormat hit_format_for_file(std::string_view file_name) {
    const std::size_t slash = file_name.find_last_of('/');
    const std::string_view base = slash == std::string_view::npos ? file_name : file_name.substr(slash + 1);
    const std::size_t dot = base.find_last_of('.');
    const std::string extension = dot == std::string_view::npos || dot == 0 ? "" : lowercase(base.substr(dot + 1));
    if (extension == "csv") return HitFormat::csv;
    if (extension == "json") return HitFormat::json;
    if (extension == "jsonl" || extension == "ndjson") return HitFormat::jsonl;
    if (extension == "md" || extension == "markdown") return HitFormat::markdown;
    if (extension == "txt") return HitFormat::text;
    throw Error(Errc::invalid_argument,
                extension.empty() ? "cannot tell the format of '" + std::string(file_name) + "': it has no extension"
                                  : "cannot tell the format of '" + std::string(file_name) + "': ." + extension +
                                        " is not a format newsdb writes",
                "name the file .csv, .json, .jsonl (or .ndjson), .md (or .markdown) or .txt, or give --format "
                "csv, json, jsonl, markdown or text");
}

ArticleFormat parse_article_format(std::string_view name) {
    const std::string n = lowercase(name);
    if (n == "text") return ArticleFormat::text;
    if (n == "json") return ArticleFormat::json;
    if (n == "plain") return ArticleFormat::plain;
    throw Error(Errc::invalid_argument, "unknown format '" + std::string(name) + "'",
                "use one of: text, plain, json");
}

std::string render_snippet(std::string_view snippet, MatchStyle style) {
    const std::string_view on = style == MatchStyle::color ? kColorMatchOn : "**";
    const std::string_view off = style == MatchStyle::color ? kColorMatchOff : "**";
    std::string out;
    out.reserve(snippet.size() + 16);
    bool open = false;
    for (char c : snippet) {
        if (c == kMatchStart) {
            if (!open) out += on;
            open = true;
        } else if (c == kMatchEnd) {
            if (open) out += off;
            open = false;
        } else {
            out += c;
        }
    }
    // A snippet cut inside a match must not leave the terminal coloured.
    if (open) out += off;
    return out;
}

std::string csv_field(std::string_view value) {
    if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
    std::string out = "\"";
    for (char c : value) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::string json_string(std::string_view value) {
    return nlohmann::json(std::string(value))
        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

namespace exporting {

std::string one_line(std::string_view text, MarkerHandling markers) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '\r' || c == '\n' || c == '\t') {
            out += ' ';
        } else if ((c == kMatchStart || c == kMatchEnd) && markers == MarkerHandling::keep) {
            out += c;
        } else if (u < 0x20 || u == 0x7f) {
            continue;
        } else {
            out += c;
        }
    }
    return out;
}

std::string escape_markdown(std::string_view text) {
    const std::string flat = one_line(text);
    constexpr std::string_view always = "\\`*_[]<>#|~&";
    std::string out;
    out.reserve(flat.size() + 8);
    // A leading "-", "+", "=" or "12." / "12)" would start a list or a heading
    // underline where the text begins a line.
    std::size_t digits = 0;
    while (digits < flat.size() && std::isdigit(static_cast<unsigned char>(flat[digits])))
        ++digits;
    for (std::size_t i = 0; i < flat.size(); ++i) {
        const char c = flat[i];
        const bool leading_marker = i == 0 && (c == '-' || c == '+' || c == '=');
        const bool list_number = digits > 0 && i == digits && (c == '.' || c == ')');
        if (always.find(c) != std::string_view::npos || leading_marker || list_number)
            out += '\\';
        out += c;
    }
    return out;
}

std::string xml_text(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 8);
    while (!text.empty()) {
        const auto bad = util::first_invalid_utf8(text);
        const std::string_view good = text.substr(0, bad.value_or(text.size()));
        for (const char c : good) {
            const auto u = static_cast<unsigned char>(c);
            switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default:
                if (u >= 0x20 || c == '\t' || c == '\n') out += c;
            }
        }
        if (!bad) break;
        out += "\xEF\xBF\xBD";
        text.remove_prefix(*bad + 1);
    }
    return out;
}

std::string group_thousands(int64_t value) {
    const uint64_t magnitude =
        value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
    const std::string digits = std::to_string(magnitude);
    std::string out;
    const std::size_t n = digits.size();
    for (std::size_t i = 0; i < n; ++i) {
        if (i > 0 && (n - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return value < 0 ? "-" + out : out;
}

}  // namespace exporting

}  // namespace newsdb
