// Bytes to UTF-8 (decode_to_utf8 in parsers.hpp). In order: known binary
// formats are refused by their signature; a byte-order mark wins; NUL bytes
// mean binary (unless the file is UTF-16 without a mark, or they are a few in
// text, which are left out); valid UTF-8 is kept as it is; UTF-8 with a few
// stray bytes is kept with those repaired; anything else is read in the
// charset the document declares when the bytes fit it, else in the one
// uchardet detects, else as Windows-1252.
#include <algorithm>
#include <array>
#include <iterator>
#include <string>
#include <vector>

#include "newsdb/error.hpp"
#include "parse/decode_charset.hpp"
#include "parse/parsers.hpp"
#include "parse/text_util.hpp"
#include "tokenizer/language.hpp"
#include "util/utf8.hpp"

namespace newsdb::parse {

namespace {

struct Signature {
    std::string_view magic;
    std::string_view what;
    std::string_view hint;
};

constexpr std::string_view convert_hint =
    "newsdb reads articles saved as text, HTML, Markdown, JSON or SGML; save or convert the document as one of "
    "those first";
constexpr std::string_view unpack_hint = "unpack it and ingest the files inside (only gzip is read directly)";
constexpr std::string_view wrong_file_hint = "this is not an article; check the path";

constexpr std::array<Signature, 16> signatures{{
    {"\x89PNG\r\n\x1a\n", "a PNG image", wrong_file_hint},
    {"\xFF\xD8\xFF", "a JPEG image", wrong_file_hint},
    {"GIF87a", "a GIF image", wrong_file_hint},
    {"GIF89a", "a GIF image", wrong_file_hint},
    {"%PDF-", "a PDF file", "convert it to text first, e.g. `pdftotext article.pdf article.txt`"},
    {"PK\x03\x04", "a ZIP archive (or a .docx/.odt/.epub document, which are ZIP archives)",
     "unpack an archive and ingest the files inside; save a document as text or HTML first"},
    {"PK\x05\x06", "an empty ZIP archive", wrong_file_hint},
    {"\x7F" "ELF", "an ELF executable", wrong_file_hint},
    {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "a Microsoft Office document", convert_hint},
    {{"SQLite format 3\0", 16}, "an SQLite database", wrong_file_hint},
    {"\x28\xB5\x2F\xFD", "zstd-compressed data", "decompress it first (`zstd -d`); only gzip is read directly"},
    {{"\xFD" "7zXZ\0", 6}, "xz-compressed data", "decompress it first (`xz -d`); only gzip is read directly"},
    {"BZh", "bzip2-compressed data", "decompress it first (`bunzip2`); only gzip is read directly"},
    {"7z\xBC\xAF\x27\x1C", "a 7-Zip archive", unpack_hint},
    {"Rar!\x1A\x07", "a RAR archive", unpack_hint},
    {"\x1F\x8B", "gzip-compressed data", "decompress it first (`gunzip`); gzip inside gzip is not read"},
}};

bool matches(std::string_view bytes, const Signature& sig) {
    if (!bytes.starts_with(sig.magic)) return false;
    // "BZh" alone could start a sentence; bzip2 follows it with the block size and block magic.
    if (sig.magic == "BZh")
        return bytes.size() >= 10 && bytes[3] >= '1' && bytes[3] <= '9' && bytes.substr(4, 6) == "\x31\x41\x59\x26\x53\x59";
    return true;
}

void reject_binary_signature(std::string_view bytes) {
    for (const auto& sig : signatures)
        if (matches(bytes, sig))
            throw Error(Errc::bad_input, "looks like " + std::string(sig.what) + " (binary data), not an article",
                        std::string(sig.hint));
    if (bytes.size() >= 262 && bytes.substr(257, 5) == "ustar")
        throw Error(Errc::bad_input, "looks like a tar archive (binary data), not an article", std::string(unpack_hint));
}

[[noreturn]] void throw_nul(std::size_t offset) {
    // Same wording as check_text_bytes(), which sees the decoded text.
    throw Error(Errc::bad_input, "looks binary (NUL byte at offset " + std::to_string(offset) + ")",
                "newsdb reads plain-text articles; convert PDF or word-processor files to text first");
}

struct ByteOrderMark {
    std::string_view bytes;
    std::string_view encoding;  // also the ICU converter name
};

// UTF-32LE before UTF-16LE: its mark starts with theirs.
constexpr std::array<ByteOrderMark, 4> wide_marks{{
    {{"\xFF\xFE\0\0", 4}, "utf-32le"},
    {{"\0\0\xFE\xFF", 4}, "utf-32be"},
    {"\xFF\xFE", "utf-16le"},
    {"\xFE\xFF", "utf-16be"},
}};

// UTF-16 or UTF-32 announced by a byte-order mark. The mark wins: code units
// that are not valid (a lone surrogate, an odd last byte) become U+FFFD.
std::optional<Decoded> decode_wide_bom(std::string_view bytes) {
    for (const auto& mark : wide_marks) {
        if (!bytes.starts_with(mark.bytes)) continue;
        auto converted = convert_to_utf8(bytes.substr(mark.bytes.size()), mark.encoding, OnInvalid::substitute);
        if (!converted) throw Error(Errc::internal, "no converter for " + std::string(mark.encoding));
        return Decoded{std::move(converted->text), std::string(mark.encoding)};
    }
    return std::nullopt;
}

// Controls other than tab, line ends, form feed and vertical tab: binary data
// read as UTF-16 has them, text does not.
bool has_control_characters(std::string_view utf8) {
    return std::any_of(utf8.begin(), utf8.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v';
    });
}

// UTF-16 without a mark, recognised only in its common, mostly-ASCII form:
// most code units have a zero high byte and a non-zero low byte.
std::optional<Decoded> decode_unmarked_utf16(std::string_view bytes) {
    if (bytes.size() < 4 || bytes.size() % 2 != 0) return std::nullopt;
    const std::string_view sample = bytes.substr(0, 4096);
    std::size_t little = 0;
    std::size_t big = 0;
    for (std::size_t i = 0; i + 1 < sample.size(); i += 2) {
        if (sample[i] != '\0' && sample[i + 1] == '\0') ++little;
        if (sample[i] == '\0' && sample[i + 1] != '\0') ++big;
    }
    const std::size_t units = sample.size() / 2;
    std::string_view encoding;
    if (little * 10 >= units * 7 && big * 20 <= units) encoding = "utf-16le";
    else if (big * 10 >= units * 7 && little * 20 <= units) encoding = "utf-16be";
    else return std::nullopt;
    auto converted = convert_to_utf8(bytes, encoding, OnInvalid::fail);
    if (!converted || looks_like_mojibake(converted->text) || has_control_characters(converted->text))
        return std::nullopt;
    return Decoded{std::move(converted->text), std::string(encoding)};
}

// Where a document declares its charset, only the first few KB are searched.
constexpr std::size_t declaration_window = 8 * 1024;

// The attribute value after `name` and `=` at `pos` of lower-cased `tag`, or empty.
std::string value_of(std::string_view tag, std::size_t pos, std::string_view name) {
    pos += name.size();
    while (pos < tag.size() && is_html_space(tag[pos])) ++pos;
    if (pos >= tag.size() || tag[pos] != '=') return {};
    ++pos;
    while (pos < tag.size() && is_html_space(tag[pos])) ++pos;
    std::string value;
    const char quote = pos < tag.size() && (tag[pos] == '"' || tag[pos] == '\'') ? tag[pos++] : '\0';
    for (; pos < tag.size(); ++pos) {
        const char c = tag[pos];
        if (quote != '\0' ? c == quote : (is_html_space(c) || c == ';' || c == '>' || c == '/' || c == '"' || c == '\''))
            break;
        value += c;
    }
    return value;
}

// The charset an HTML `<meta charset>` / `<meta http-equiv="Content-Type">`
// or an XML declaration names near the start of the document.
std::string declared_charset(std::string_view bytes) {
    const std::string head = to_lower_ascii(bytes.substr(0, declaration_window));
    std::size_t start = 0;
    while (start < head.size() && is_html_space(head[start])) ++start;
    if (head.compare(start, 5, "<?xml") == 0) {
        const std::string_view decl = std::string_view(head).substr(start, head.find("?>", start) - start);
        if (const auto at = decl.find("encoding"); at != std::string_view::npos)
            if (std::string value = value_of(decl, at, "encoding"); !value.empty()) return value;
    }
    for (auto meta = head.find("<meta"); meta != std::string::npos; meta = head.find("<meta", meta + 5)) {
        const std::string_view tag = std::string_view(head).substr(meta, head.find('>', meta) - meta);
        for (auto at = tag.find("charset"); at != std::string_view::npos; at = tag.find("charset", at + 7))
            if (std::string value = value_of(tag, at, "charset"); !value.empty()) return value;
    }
    return {};
}

// The document's own declaration, else the one its transport gave (an HTTP
// Content-Type's charset, lower case): weighed the same way.
std::string declared_or(std::string_view bytes, std::string_view transport) {
    std::string label = declared_charset(bytes);
    return label.empty() ? std::string(transport) : label;
}

// A page saved as UTF-8 may keep a UTF-16 label from where it came; browsers
// ignore such a label, and so do we.
bool is_wide_label(std::string_view label) {
    return label.starts_with("utf-16") || label.starts_with("utf-32") || label.starts_with("ucs") ||
           label == "unicode" || label == "unicodefffe";
}

// The Windows code page laid out like an ISO charset, tried when text uchardet
// calls ISO has bytes 0x80-0x9F (C1 controls in ISO, letters in Windows).
std::string windows_sibling(std::string_view iso) {
    constexpr std::array<std::pair<std::string_view, std::string_view>, 6> siblings{{
        {"iso-8859-2", "windows-1250"}, {"iso-8859-7", "windows-1253"}, {"iso-8859-8", "windows-1255"},
        {"iso-8859-9", "windows-1254"}, {"iso-8859-13", "windows-1257"}, {"iso-8859-15", "windows-1252"},
    }};
    for (const auto& [from, to] : siblings)
        if (iso == from) return std::string(to);
    return {};
}

bool is_utf8_label(std::string_view label) { return label == "utf-8" || label == "utf8" || label == "unicode-1-1-utf-8"; }

// Bytes that are UTF-8 but for a few (a footer, a comment or an include saved
// in a legacy charset, common in real saved pages): read as UTF-8, those few
// repaired. Decided by the share of valid multi-byte sequences among the
// non-ASCII: in legacy text valid sequences are accidents (under 3 % of its
// non-ASCII bytes in the texts measured), so at least as many valid
// sequences as stray bytes means UTF-8. Text with no valid sequence at all
// (ASCII and one Latin-1 "£") is left to decode_legacy(). The stray bytes are
// read in the declared charset or the one the page's language suggests,
// whichever reads them more plausibly, else Windows-1252.
std::optional<Decoded> decode_mostly_utf8(std::string_view bytes, InputFormat format, std::string_view transport) {
    const Utf8Census census = utf8_census(bytes);
    if (census.sequences == 0 || census.sequences < census.invalid_bytes) return std::nullopt;
    std::vector<std::string> candidates;
    if (format != InputFormat::json && format != InputFormat::jsonl) {
        const std::string label = declared_or(bytes, transport);
        if (!label.empty() && !is_wide_label(label) && !is_utf8_label(label)) candidates.push_back(label);
    }
    std::string valid;  // the UTF-8 part, to tell the language by
    valid.reserve(bytes.size());
    for (std::size_t pos = 0; pos < bytes.size();) {
        const auto bad = util::first_invalid_utf8(bytes.substr(pos));
        valid.append(bytes.substr(pos, bad ? *bad : std::string_view::npos));
        if (!bad) break;
        valid += ' ';
        pos += *bad + 1;
    }
    candidates.emplace_back(legacy_charset_for_language(tokenizer::detect_language(valid)));
    candidates.emplace_back("windows-1252");
    Repaired repaired = repair_utf8(bytes, candidates);
    std::string encoding = "utf-8 (";
    if (repaired.bytes > 0)
        encoding += std::to_string(repaired.bytes) + (repaired.bytes == 1 ? " byte" : " bytes") + " repaired as " +
                    repaired.charset;
    if (repaired.cut_short) encoding += std::string(repaired.bytes > 0 ? ", " : "") + "cut short at the end";
    encoding += ')';
    return Decoded{std::move(repaired.text), std::move(encoding)};
}

std::optional<Decoded> accept(std::optional<Converted> converted) {
    if (!converted || looks_like_mojibake(converted->text)) return std::nullopt;
    return Decoded{std::move(converted->text), std::move(converted->encoding)};
}

// Bytes that are neither UTF-8 nor marked: the declared charset, if the bytes
// fit it; else uchardet's guess, if they fit it; else Windows-1252.
Decoded decode_legacy(std::string_view bytes, InputFormat format, std::string_view transport) {
    // JSON is UTF-8 by definition and has no place to declare anything else.
    if (format != InputFormat::json && format != InputFormat::jsonl) {
        const std::string label = declared_or(bytes, transport);
        if (!label.empty() && !is_wide_label(label))
            if (auto decoded = accept(convert_to_utf8(bytes, label, OnInvalid::fail))) return std::move(*decoded);
    }
    const std::string detected = to_lower_ascii(detect_charset(bytes));
    for (const std::string& candidate : {detected, windows_sibling(detected)}) {
        if (candidate.empty()) continue;
        auto decoded = accept(convert_to_utf8(bytes, candidate, OnInvalid::fail));
        if (!decoded) continue;
        if (decoded->encoding == "windows-1252" || decoded->encoding == "iso-8859-1") return std::move(*decoded);
        // Short Western texts often come back as a sibling of Windows-1252
        // (windows-1250, windows-1258 ...).
        std::string western = windows_1252_to_utf8(bytes);
        if (decoded->text == western) return {std::move(western), "windows-1252"};
        if (windows_1252_reads_better(bytes, candidate)) return {std::move(western), "windows-1252"};
        return std::move(*decoded);
    }
    return {windows_1252_to_utf8(bytes), "windows-1252"};
}

} // namespace

Decoded decode_to_utf8(std::string_view bytes, InputFormat format, std::string_view transport_charset) {
    reject_binary_signature(bytes);
    if (auto wide = decode_wide_bom(bytes)) return std::move(*wide);
    std::string without_nuls;
    if (const auto nul = bytes.find('\0'); nul != std::string_view::npos) {
        if (auto wide = decode_unmarked_utf16(bytes)) return std::move(*wide);
        // A few NULs in text (a saved page with a stray run of them) are not
        // binary data: they are left out. More than one byte in 1,024 is.
        const auto nuls = static_cast<std::size_t>(std::count(bytes.begin(), bytes.end(), '\0'));
        if (nuls > bytes.size() / 1024) throw_nul(nul);
        without_nuls.reserve(bytes.size() - nuls);
        std::copy_if(bytes.begin(), bytes.end(), std::back_inserter(without_nuls), [](char c) { return c != '\0'; });
        bytes = without_nuls;
    }
    if (bytes.starts_with(util::utf8_bom)) {
        const std::string_view rest = bytes.substr(util::utf8_bom.size());
        if (!util::first_invalid_utf8(rest)) return {std::string(rest), "utf-8-bom"};
        // The mark wins: bytes that are not UTF-8 become U+FFFD.
        auto converted = convert_to_utf8(rest, "utf-8", OnInvalid::substitute);
        if (!converted) throw Error(Errc::internal, "no converter for utf-8");
        return {std::move(converted->text), "utf-8-bom"};
    }
    if (!util::first_invalid_utf8(bytes)) return {std::string(bytes), "utf-8"};
    if (auto mixed = decode_mostly_utf8(bytes, format, transport_charset)) return std::move(*mixed);
    return decode_legacy(bytes, format, transport_charset);
}

} // namespace newsdb::parse
