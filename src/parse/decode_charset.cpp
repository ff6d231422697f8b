#include "parse/decode_charset.hpp"

#include <uchardet/uchardet.h>
#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>

#include <algorithm>
#include <array>
#include <memory>
#include <utility>
#include <vector>

#include "parse/text_util.hpp"
#include "util/utf8.hpp"

namespace newsdb::parse {

namespace {

// Windows-1252 0x80-0x9F; zero marks the five undefined bytes.
constexpr std::array<char16_t, 32> cp1252_high{
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

std::string latin1_to_utf8(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 8);
    for (char c : bytes) util::append_utf8(out, static_cast<unsigned char>(c));
    return out;
}

bool has_c1_bytes(std::string_view bytes) {
    return std::any_of(bytes.begin(), bytes.end(), [](char c) {
        const auto b = static_cast<unsigned char>(c);
        return b >= 0x80 && b <= 0x9F;
    });
}

// A charset label reduced for comparison: lowercase, no quotes or spaces.
std::string label_key(std::string_view label) {
    std::string key = to_lower_ascii(trim(label));
    std::erase_if(key, [](char c) { return c == '"' || c == '\'' || c == ' '; });
    return key;
}

bool is_one_of(std::string_view key, std::initializer_list<std::string_view> names) {
    return std::find(names.begin(), names.end(), key) != names.end();
}

// The name ICU should open for a label. Simplified-Chinese labels read as
// GB18030, their superset, so that pages labelled gb2312 but using GBK
// characters still convert.
std::string icu_name_for(const std::string& key) {
    if (is_one_of(key, {"gb2312", "gbk", "x-gbk", "cp936", "ms936", "windows-936", "euc-cn", "csgb2312"}))
        return "gb18030";
    return key;
}

struct ConverterCloser {
    void operator()(UConverter* c) const noexcept { ucnv_close(c); }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;

// Lowercase preferred name of an open converter: the MIME name, else the IANA one.
std::string canonical_name(UConverter* converter, const std::string& fallback) {
    UErrorCode status = U_ZERO_ERROR;
    const char* internal = ucnv_getName(converter, &status);
    if (U_FAILURE(status) || internal == nullptr) return fallback;
    for (const char* standard : {"MIME", "IANA"}) {
        status = U_ZERO_ERROR;
        const char* name = ucnv_getStandardName(internal, standard, &status);
        if (U_SUCCESS(status) && name != nullptr && *name != '\0') return to_lower_ascii(name);
    }
    return to_lower_ascii(internal);
}

// IBM's tables in ICU (Shift_JIS is ibm-943) rotate the controls 0x1A, 0x1C
// and 0x7F, as IBM PC code pages did. Text means the ASCII controls, so put
// them back. Each is a single byte in the output and cannot be part of a
// longer sequence.
void undo_control_rotation(UConverter* converter, std::string& text) {
    constexpr std::string_view probe = "\x1A\x1C\x7F";
    std::array<UChar, 8> read{};
    UErrorCode status = U_ZERO_ERROR;
    ucnv_resetToUnicode(converter);
    const int32_t n = ucnv_toUChars(converter, read.data(), static_cast<int32_t>(read.size()), probe.data(),
                                    static_cast<int32_t>(probe.size()), &status);
    if (U_FAILURE(status) || n != 3) return;
    std::array<char, 128> back{};
    bool rotated = false;
    for (std::size_t k = 0; k < probe.size(); ++k) {
        if (read[k] >= 0x80) return;
        back[read[k]] = probe[k];
        rotated = rotated || read[k] != static_cast<UChar>(probe[k]);
    }
    if (!rotated) return;
    for (char& c : text) {
        const auto b = static_cast<unsigned char>(c);
        if (b < 0x80 && back[b] != '\0') c = back[b];
    }
}

std::optional<Converted> convert_with_icu(std::string_view bytes, const std::string& key, OnInvalid on_invalid) {
    UErrorCode status = U_ZERO_ERROR;
    ConverterPtr source(ucnv_open(icu_name_for(key).c_str(), &status));
    if (U_FAILURE(status) || !source) return std::nullopt;
    // ICU falls back to a similar converter for some names; that is a guess we do not want.
    if (status == U_USING_FALLBACK_WARNING || status == U_USING_DEFAULT_WARNING) return std::nullopt;
    status = U_ZERO_ERROR;
    ConverterPtr target(ucnv_open("UTF-8", &status));
    if (U_FAILURE(status) || !target) return std::nullopt;
    status = U_ZERO_ERROR;
    if (on_invalid == OnInvalid::fail)
        ucnv_setToUCallBack(source.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    else
        ucnv_setToUCallBack(source.get(), UCNV_TO_U_CALLBACK_SUBSTITUTE, nullptr, nullptr, nullptr, &status);
    if (U_FAILURE(status)) return std::nullopt;

    Converted result{std::string(bytes.size() * 2 + 16, '\0'), canonical_name(source.get(), key)};
    char* out = result.text.data();
    const char* in = bytes.data();
    const char* const in_end = bytes.data() + bytes.size();
    std::array<UChar, 4096> pivot{};
    UChar* pivot_source = pivot.data();
    UChar* pivot_target = pivot.data();
    for (bool first = true;; first = false) {
        status = U_ZERO_ERROR;
        ucnv_convertEx(target.get(), source.get(), &out, result.text.data() + result.text.size(), &in, in_end,
                       pivot.data(), &pivot_source, &pivot_target, pivot.data() + pivot.size(), first, true,
                       &status);
        if (status != U_BUFFER_OVERFLOW_ERROR) break;
        const auto written = static_cast<std::size_t>(out - result.text.data());
        result.text.resize(result.text.size() * 2);
        out = result.text.data() + written;
    }
    if (U_FAILURE(status)) return std::nullopt;
    result.text.resize(static_cast<std::size_t>(out - result.text.data()));
    undo_control_rotation(source.get(), result.text);
    return result;
}

// What each byte 0x80-0xFF reads as in a single-byte charset (U+FFFD where
// it is undefined); empty for other charsets.
using HighTable = std::array<char32_t, 128>;

std::optional<HighTable> single_byte_table(std::string_view charset) {
    UErrorCode status = U_ZERO_ERROR;
    ConverterPtr converter(ucnv_open(icu_name_for(label_key(charset)).c_str(), &status));
    if (U_FAILURE(status) || !converter || ucnv_getMaxCharSize(converter.get()) != 1) return std::nullopt;
    ucnv_setToUCallBack(converter.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    if (U_FAILURE(status)) return std::nullopt;
    HighTable table{};
    for (unsigned b = 0x80; b <= 0xFF; ++b) {
        const char byte = static_cast<char>(b);
        std::array<UChar, 4> unit{};
        status = U_ZERO_ERROR;
        const int32_t n = ucnv_toUChars(converter.get(), unit.data(), unit.size(), &byte, 1, &status);
        table[b - 0x80] = U_SUCCESS(status) && n == 1 ? char32_t{unit[0]} : char32_t{0xFFFD};
    }
    return table;
}

HighTable windows_1252_table() {
    HighTable table{};
    for (unsigned b = 0x80; b <= 0xFF; ++b)
        table[b - 0x80] = b < 0xA0 ? (cp1252_high[b - 0x80] != 0 ? char32_t{cp1252_high[b - 0x80]} : char32_t{0xFFFD})
                                   : char32_t{b};
    return table;
}

// Marks that do sit inside words: apostrophes, the Catalan middle dot, hyphens.
bool joins_words(char32_t cp) {
    return cp == 0x2019 || cp == 0x2018 || cp == 0x00B7 || cp == 0x2010 || cp == 0x2011 || cp == 0x00AD;
}

bool is_letter(char32_t cp) { return u_isalpha(static_cast<UChar32>(cp)) != 0; }

// How many of the bytes at which the two tables differ read plausibly with `table`.
std::size_t plausible_readings(std::string_view bytes, const HighTable& table, const HighTable& other) {
    const auto read = [&](std::size_t i) -> char32_t {
        const auto b = static_cast<unsigned char>(bytes[i]);
        return b < 0x80 ? char32_t{b} : table[b - 0x80];
    };
    std::size_t plausible = 0;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const auto b = static_cast<unsigned char>(bytes[i]);
        if (b < 0x80 || table[b - 0x80] == other[b - 0x80]) continue;
        const char32_t cp = table[b - 0x80];
        const bool letter_before = i > 0 && is_letter(read(i - 1));
        const bool letter_after = i + 1 < bytes.size() && is_letter(read(i + 1));
        if (cp == 0xFFFD) continue;
        if (is_letter(cp) ? (letter_before || letter_after) : (joins_words(cp) || !(letter_before && letter_after)))
            ++plausible;
    }
    return plausible;
}

} // namespace

bool windows_1252_reads_better(std::string_view bytes, std::string_view charset) {
    const auto table = single_byte_table(charset);
    if (!table) return false;
    const HighTable western = windows_1252_table();
    return plausible_readings(bytes, western, *table) > plausible_readings(bytes, *table, western);
}

std::string windows_1252_to_utf8(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 8);
    for (char c : bytes) {
        const auto b = static_cast<unsigned char>(c);
        if (b >= 0x80 && b <= 0x9F) {
            const char16_t mapped = cp1252_high[b - 0x80];
            util::append_utf8(out, mapped != 0 ? char32_t{mapped} : char32_t{0xFFFD});
        } else {
            util::append_utf8(out, b);
        }
    }
    return out;
}

std::optional<Converted> convert_to_utf8(std::string_view bytes, std::string_view charset, OnInvalid on_invalid) {
    const std::string key = label_key(charset);
    if (key.empty()) return std::nullopt;
    const bool latin1 = is_one_of(key, {"iso-8859-1", "iso8859-1", "iso_8859-1", "iso_8859-1:1987", "latin1",
                                        "latin-1", "l1", "cp819", "ibm819", "iso-ir-100", "csisolatin1",
                                        "us-ascii", "ascii", "ansi_x3.4-1968"});
    const bool cp1252 = is_one_of(key, {"windows-1252", "cp1252", "x-cp1252", "ms-ansi"});
    if (latin1 && !has_c1_bytes(bytes)) return Converted{latin1_to_utf8(bytes), "iso-8859-1"};
    if (latin1 || cp1252) {
        if (on_invalid == OnInvalid::fail && bytes.find_first_of("\x81\x8D\x8F\x90\x9D") != std::string_view::npos)
            return std::nullopt;  // a byte Windows-1252 does not define
        return Converted{windows_1252_to_utf8(bytes), "windows-1252"};
    }
    return convert_with_icu(bytes, key, on_invalid);
}

std::string detect_charset(std::string_view bytes) {
    // A few hundred KB settle uchardet's answer; reading more only costs time.
    constexpr std::size_t enough = std::size_t{512} << 10;
    const uchardet_t detector = uchardet_new();
    if (detector == nullptr) return {};
    const std::string_view sample = bytes.substr(0, enough);
    std::string charset;
    if (uchardet_handle_data(detector, sample.data(), sample.size()) == 0) {
        uchardet_data_end(detector);
        if (const char* found = uchardet_get_charset(detector)) charset = found;
    }
    uchardet_delete(detector);
    return charset;
}

bool looks_like_mojibake(std::string_view utf8) {
    for (std::size_t i = 0; i < utf8.size();) {
        const auto b = static_cast<unsigned char>(utf8[i]);
        if (b < 0x80) {
            ++i;
            continue;
        }
        std::size_t length = 1;
        const char32_t cp = util::decode_utf8(utf8, i, length);
        if ((cp >= 0x80 && cp <= 0x9F) || cp == 0xFFFD || (cp >= 0xE000 && cp <= 0xF8FF) ||
            (cp >= 0xF0000 && cp <= 0x10FFFF))
            return true;
        i += length;
    }
    return false;
}

namespace {

bool is_continuation_byte(unsigned char b) noexcept { return (b & 0xC0U) == 0x80U; }

// Length of the valid UTF-8 sequence of two or more bytes at `i`, else 0.
std::size_t multibyte_length(std::string_view bytes, std::size_t i) noexcept {
    const auto b = static_cast<unsigned char>(bytes[i]);
    std::size_t len = 0;
    char32_t min = 0;
    char32_t cp = 0;
    if ((b & 0xE0U) == 0xC0U) len = 2, min = 0x80, cp = b & 0x1FU;
    else if ((b & 0xF0U) == 0xE0U) len = 3, min = 0x800, cp = b & 0x0FU;
    else if ((b & 0xF8U) == 0xF0U) len = 4, min = 0x10000, cp = b & 0x07U;
    else return 0;
    if (i + len > bytes.size()) return 0;
    for (std::size_t k = 1; k < len; ++k) {
        const auto c = static_cast<unsigned char>(bytes[i + k]);
        if (!is_continuation_byte(c)) return 0;
        cp = (cp << 6) | (c & 0x3FU);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return len;
}

struct Run {
    std::size_t begin = 0, end = 0;  // bytes [begin, end) start no valid UTF-8 sequence
};

std::vector<Run> invalid_runs(std::string_view bytes) {
    std::vector<Run> runs;
    for (std::size_t i = 0; i < bytes.size();) {
        if (static_cast<unsigned char>(bytes[i]) < 0x80) {
            ++i;
            continue;
        }
        if (const std::size_t len = multibyte_length(bytes, i)) {
            i += len;
            continue;
        }
        if (!runs.empty() && runs.back().end == i) ++runs.back().end;
        else runs.push_back({i, i + 1});
        ++i;
    }
    return runs;
}

// A lead byte, then only continuation bytes (too few of them) up to the end.
bool is_cut_sequence(std::string_view bytes, const Run& run) {
    if (run.end != bytes.size()) return false;
    const auto b = static_cast<unsigned char>(bytes[run.begin]);
    const std::size_t want = b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xC2 && b <= 0xDF ? 2 : 0;
    if (want == 0 || run.end - run.begin >= want) return false;
    for (std::size_t k = run.begin + 1; k < run.end; ++k)
        if (!is_continuation_byte(static_cast<unsigned char>(bytes[k]))) return false;
    return true;
}

// The code point of the valid UTF-8 that ends just before `at` (0 at the start).
char32_t code_point_before(std::string_view bytes, std::size_t at) {
    if (at == 0) return 0;
    std::size_t start = at - 1;
    while (start > 0 && at - start < 4 && is_continuation_byte(static_cast<unsigned char>(bytes[start]))) --start;
    std::size_t length = 1;
    return util::decode_utf8(bytes, start, length);
}

// The code point of the valid UTF-8 at `at` (0 at the end).
char32_t code_point_at(std::string_view bytes, std::size_t at) {
    if (at >= bytes.size()) return 0;
    std::size_t length = 1;
    return util::decode_utf8(bytes, at, length);
}

bool is_defined(char32_t cp) { return cp != 0xFFFD && !(cp >= 0x80 && cp <= 0x9F); }

// How many bytes of the runs `table` reads plausibly; empty when it leaves one undefined.
std::optional<std::size_t> plausible_repairs(std::string_view bytes, const std::vector<Run>& runs,
                                             const HighTable& table) {
    std::size_t plausible = 0;
    const auto read = [&](std::size_t i) { return table[static_cast<unsigned char>(bytes[i]) - 0x80]; };
    for (const Run& run : runs) {
        for (std::size_t i = run.begin; i < run.end; ++i) {
            const char32_t cp = read(i);
            if (!is_defined(cp)) return std::nullopt;
            const bool letter_before = is_letter(i == run.begin ? code_point_before(bytes, i) : read(i - 1));
            const bool letter_after = is_letter(i + 1 == run.end ? code_point_at(bytes, i + 1) : read(i + 1));
            if (is_letter(cp) ? (letter_before || letter_after) : (joins_words(cp) || !(letter_before && letter_after)))
                ++plausible;
        }
    }
    return plausible;
}

// Latin-1 labels read as Windows-1252, as browsers do (see convert_to_utf8).
bool is_western_label(std::string_view key) {
    return is_one_of(key, {"iso-8859-1", "iso8859-1", "iso_8859-1", "iso_8859-1:1987", "latin1", "latin-1", "l1",
                           "cp819", "ibm819", "iso-ir-100", "csisolatin1", "us-ascii", "ascii", "ansi_x3.4-1968",
                           "windows-1252", "cp1252", "x-cp1252", "ms-ansi"});
}

} // namespace

Utf8Census utf8_census(std::string_view bytes) noexcept {
    Utf8Census census;
    for (std::size_t i = 0; i < bytes.size();) {
        const auto b = static_cast<unsigned char>(bytes[i]);
        if (b < 0x80) {
            ++i;
            continue;
        }
        const std::size_t len = multibyte_length(bytes, i);
        if (len == 0 && is_cut_sequence(bytes, {i, bytes.size()})) break;  // a file cut short, not a stray byte
        const bool c1 = len == 2 && b == 0xC2 && static_cast<unsigned char>(bytes[i + 1]) <= 0x9F;
        if (len == 0 || c1) ++census.invalid_bytes;
        else ++census.sequences;
        i += len == 0 ? 1 : len;
    }
    return census;
}

Repaired repair_utf8(std::string_view bytes, const std::vector<std::string>& candidates) {
    std::vector<Run> runs = invalid_runs(bytes);
    Repaired out;
    std::size_t valid_end = bytes.size();
    if (!runs.empty() && is_cut_sequence(bytes, runs.back())) {
        out.cut_short = true;
        valid_end = runs.back().begin;
        runs.pop_back();
    }
    for (const Run& run : runs) out.bytes += run.end - run.begin;

    // The winner maps bytes one by one (a single-byte table) or converts each
    // run (a multi-byte charset such as Shift_JIS, which fits when it converts
    // them all; a converter is opened per run, so only for a few).
    constexpr std::size_t max_converted_runs = 1000;
    std::optional<HighTable> best_table;
    std::vector<std::string> best_runs;
    std::size_t best_score = 0;
    for (const std::string& candidate : candidates) {
        if (runs.empty()) break;
        const std::string key = label_key(candidate);
        const bool western = is_western_label(key);
        std::optional<HighTable> table = western ? windows_1252_table() : single_byte_table(key);
        std::string name = western ? "windows-1252" : key;
        std::optional<std::size_t> score;
        std::vector<std::string> converted;
        if (table) {
            score = plausible_repairs(bytes, runs, *table);
            if (!western) {
                UErrorCode status = U_ZERO_ERROR;
                ConverterPtr converter(ucnv_open(icu_name_for(key).c_str(), &status));
                if (U_SUCCESS(status) && converter) name = canonical_name(converter.get(), key);
            }
        } else if (runs.size() <= max_converted_runs) {
            for (const Run& run : runs) {
                auto c = convert_to_utf8(bytes.substr(run.begin, run.end - run.begin), key, OnInvalid::fail);
                if (!c || looks_like_mojibake(c->text)) break;
                name = c->encoding;
                converted.push_back(std::move(c->text));
            }
            if (converted.size() == runs.size()) score = out.bytes;
        }
        if (!score || (!out.charset.empty() && *score <= best_score)) continue;
        best_score = *score;
        best_table = std::move(table);
        best_runs = std::move(converted);
        out.charset = std::move(name);
    }
    if (!runs.empty() && out.charset.empty()) {
        best_table = windows_1252_table();
        out.charset = "windows-1252";
    }

    out.text.reserve(bytes.size() + out.bytes * 2);
    std::size_t at = 0;
    for (std::size_t r = 0; r < runs.size(); ++r) {
        out.text.append(bytes.substr(at, runs[r].begin - at));
        if (best_table) {
            for (std::size_t i = runs[r].begin; i < runs[r].end; ++i)
                util::append_utf8(out.text, (*best_table)[static_cast<unsigned char>(bytes[i]) - 0x80]);
        } else {
            out.text += best_runs[r];
        }
        at = runs[r].end;
    }
    out.text.append(bytes.substr(at, valid_end - at));
    if (out.cut_short) util::append_utf8(out.text, 0xFFFD);
    return out;
}

std::string_view legacy_charset_for_language(std::string_view language) noexcept {
    constexpr std::array<std::pair<std::string_view, std::string_view>, 35> code_pages{{
        {"pl", "windows-1250"}, {"cs", "windows-1250"}, {"sk", "windows-1250"}, {"hu", "windows-1250"},
        {"sl", "windows-1250"}, {"hr", "windows-1250"}, {"bs", "windows-1250"}, {"ro", "windows-1250"},
        {"sq", "windows-1250"}, {"ru", "windows-1251"}, {"uk", "windows-1251"}, {"be", "windows-1251"},
        {"bg", "windows-1251"}, {"sr", "windows-1251"}, {"mk", "windows-1251"}, {"kk", "windows-1251"},
        {"ky", "windows-1251"}, {"tg", "windows-1251"}, {"mn", "windows-1251"}, {"el", "windows-1253"},
        {"tr", "windows-1254"}, {"az", "windows-1254"}, {"he", "windows-1255"}, {"yi", "windows-1255"},
        {"ar", "windows-1256"}, {"fa", "windows-1256"}, {"ur", "windows-1256"}, {"lt", "windows-1257"},
        {"lv", "windows-1257"}, {"et", "windows-1257"}, {"vi", "windows-1258"}, {"th", "windows-874"},
        {"ja", "shift_jis"}, {"zh", "gb18030"}, {"ko", "euc-kr"},
    }};
    for (const auto& [code, charset] : code_pages)
        if (code == language) return charset;
    return "windows-1252";
}

} // namespace newsdb::parse
