// Legacy-charset helpers behind decode_to_utf8(): conversion (ICU, plus
// hand-written Latin-1 and Windows-1252), detection (uchardet), canonical
// names and the mojibake test used to reject a charset that does not fit.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newsdb::parse {

struct Converted {
    std::string text;      // valid UTF-8
    std::string encoding;  // lowercase canonical name ("windows-1252", "shift_jis", ...)
};

enum class OnInvalid {
    fail,        // bytes that do not fit the charset make the conversion fail
    substitute,  // they become U+FFFD
};

// Converts `bytes` written in `charset` (any common label: "latin1", "cp1252",
// "Shift_JIS", "gb2312", "UTF-16LE" ...) to UTF-8. Empty when the charset is
// unknown or (OnInvalid::fail) the bytes do not fit it. A Latin-1 label on bytes with 0x80-0x9F reads as Windows-1252,
// as browsers do, since C1 controls never occur in real text.
std::optional<Converted> convert_to_utf8(std::string_view bytes, std::string_view charset,
                                         OnInvalid on_invalid);

// Windows-1252 maps every byte. Its five undefined bytes (0x81, 0x8D, 0x8F,
// 0x90, 0x9D) become U+FFFD: they never carry text, and an invisible C1
// control in the archive would hide the loss.
std::string windows_1252_to_utf8(std::string_view bytes);

// For text uchardet read as `charset`, a single-byte sibling of Windows-1252
// (windows-1250, iso-8859-15 ...): true when the Windows-1252 reading is the
// more plausible one. Where the two differ, a reading scores for each letter
// that touches a letter and each symbol that does not sit inside a word:
// "£3" beats "Ł3", "by³o" loses to "było". Ties keep uchardet's answer.
bool windows_1252_reads_better(std::string_view bytes, std::string_view charset);

// uchardet's guess for `bytes` ("WINDOWS-1252", "SHIFT_JIS" ...), empty when
// it has none.
std::string detect_charset(std::string_view bytes);

// True when decoded text holds characters that real text does not: C1
// controls, U+FFFD or private-use characters. A charset whose output has them
// is the wrong one. (C0 controls are not counted: every ASCII-based charset
// reads those bytes alike, so they say nothing about the charset.)
bool looks_like_mojibake(std::string_view utf8);

// The non-ASCII bytes of `bytes` read as UTF-8: how many valid multi-byte
// sequences there are and how many bytes start none. A sequence for a C1
// control (U+0080-U+009F) counts as invalid: legacy text makes it ("Â" before
// a Windows-1252 symbol), real text never holds it. A sequence cut short by
// the end of `bytes` is not counted.
struct Utf8Census {
    std::size_t sequences = 0;
    std::size_t invalid_bytes = 0;
};
Utf8Census utf8_census(std::string_view bytes) noexcept;

struct Repaired {
    std::string text;     // valid UTF-8
    std::string charset;  // what the repaired bytes were read as; empty when none were
    std::size_t bytes = 0;  // how many bytes were read as `charset`
    bool cut_short = false;  // the bytes end inside a UTF-8 sequence, which became U+FFFD
};

// `bytes` read as UTF-8, with each run of bytes that are not UTF-8 read in a
// legacy charset: of `candidates` (most likely first), the one that defines
// every such byte and reads the most of them plausibly (a letter next to a
// letter, a symbol not inside a word; ties go to the earlier candidate);
// Windows-1252, with U+FFFD for its undefined bytes, when none does. A
// sequence cut short by the end of `bytes` becomes U+FFFD.
Repaired repair_utf8(std::string_view bytes, const std::vector<std::string>& candidates);

// The legacy code page that text in `language` (ISO 639-1) was most often
// saved in: "windows-1250" for "pl", "windows-1251" for "ru" ...;
// "windows-1252" for Western and unknown languages.
std::string_view legacy_charset_for_language(std::string_view language) noexcept;

} // namespace newsdb::parse
