// Language identification of article text (CLD2).
#pragma once

#include <string>
#include <string_view>

namespace newsdb::tokenizer {

// ISO 639-1 code ("en", "de", "ar", "zh" ...) of the text's main language, or
// empty when it cannot be told reliably (too short, mixed, unknown).
// `text` must be valid UTF-8; only its first `max_bytes` are read (cut at a
// character's start): CLD2 needs no more than a few KB to be sure, and more
// only costs time.
std::string detect_language(std::string_view text, std::size_t max_bytes = 16 * 1024);

// Normalises a language tag from metadata ("en-US", "EN", "deu"? no: only
// two-letter primary subtags are kept) to lower-case ISO 639-1; empty if not one.
std::string normalize_language_tag(std::string_view tag);

} // namespace newsdb::tokenizer
