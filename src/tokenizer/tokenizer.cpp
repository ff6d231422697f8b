#include "tokenizer/tokenizer.hpp"

#include <sqlite3.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <cctype>
#include <memory>
#include <new>
#include <stdexcept>

namespace newsdb::tokenizer {

namespace {

constexpr char kTagEnd = '\x1F';
constexpr std::size_t kMaxTagLength = 8;
constexpr std::size_t kMaxStemmedBytes = 64;  // longer "words" (ids, junk) are not stemmed

bool ascii_alnum(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool ascii_digit(unsigned char c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Length of the leading `xx\x1F` language tag (0 when there is none) and the code.
std::size_t language_tag(std::string_view text, std::string& code) {
    std::size_t end = text.find(kTagEnd);
    if (end == std::string_view::npos || end > kMaxTagLength) return 0;
    for (std::size_t i = 0; i < end; ++i) {
        if (!std::isalpha(static_cast<unsigned char>(text[i]))) return 0;
    }
    code.assign(text.substr(0, end));
    for (char& c : code) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return end + 1;
}

// Han, Hiragana and Katakana characters are words of their own.
bool ideographic(UChar32 c) {
    if (c < 0x2E80) return false;
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode script = uscript_getScript(c, &status);
    return script == USCRIPT_HAN || script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA;
}

// The code point at text[i] (advancing i), negative when the bytes are not UTF-8.
UChar32 next_code_point(const char* text, int& i, int end) {
    UChar32 c;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"  // inside ICU's macro
    U8_NEXT(text, i, end, c);
#pragma GCC diagnostic pop
    return c;
}

// Whether the query term (up to whitespace) holding text[pos] is written `=word`.
bool exact_term(std::string_view text, int pos) {
    auto at = [&](int i) { return static_cast<unsigned char>(text[static_cast<std::size_t>(i)]); };
    int start = pos;
    while (start > 0 && !std::isspace(at(start - 1))) --start;
    return start < pos && at(start) == '=';
}

enum class CharClass { word, ignorable, separator };

CharClass classify(UChar32 c) {
    switch (u_charType(c)) {
    case U_UPPERCASE_LETTER:
    case U_LOWERCASE_LETTER:
    case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER:
    case U_OTHER_LETTER:
    case U_NON_SPACING_MARK:
    case U_COMBINING_SPACING_MARK:
    case U_ENCLOSING_MARK:
    case U_DECIMAL_DIGIT_NUMBER:
    case U_LETTER_NUMBER:
    case U_OTHER_NUMBER:
    case U_PRIVATE_USE_CHAR:
        return CharClass::word;
    case U_FORMAT_CHAR:  // soft hyphen, zero-width joiners: inside a word, not a break
        return CharClass::ignorable;
    default:
        return CharClass::separator;
    }
}

bool word_character(UChar32 c) {
    return c < 0x80 ? ascii_alnum(static_cast<unsigned char>(c)) : classify(c) == CharClass::word;
}

// Whether the character at text[pos] is a word character (false at the end).
bool word_at(std::string_view text, int pos) {
    const int size = static_cast<int>(text.size());
    if (pos >= size) return false;
    UChar32 c;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"  // inside ICU's macro
    U8_NEXT(text.data(), pos, size, c);
#pragma GCC diagnostic pop
    return c >= 0 && word_character(c);
}

// The code point ending at text[pos] (not reaching below `floor`), negative
// when there is none; `start` receives its first byte.
UChar32 previous_code_point(std::string_view text, int floor, int pos, int& start) {
    if (pos <= floor) return -1;
    UChar32 c;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"  // inside ICU's macro
    U8_PREV(text.data(), floor, pos, c);
#pragma GCC diagnostic pop
    start = pos;
    return c;
}

// The typed spelling of each kStemLanguages entry.
constexpr auto kTypedSpellings = [] {
    std::array<TypedSpelling, kStemLanguages.size()> spellings{};
    for (std::size_t i = 0; i < spellings.size(); ++i) spellings[i] = typed_spelling(kStemLanguages[i].code);
    return spellings;
}();

// Bytes that may be part of a word's symbols: 1 before it ('#', '$', the
// last byte of a non-ASCII currency sign), 2 after it ('+', '#').
constexpr auto kSymbolBytes = [] {
    std::array<unsigned char, 256> bytes{};
    for (std::size_t b = 0x80; b < bytes.size(); ++b) bytes[b] = 1;
    bytes['$'] = 1;
    bytes['#'] = 1 | 2;
    bytes['+'] = 2;
    return bytes;
}();

// Whether the bytes around the word text[start, end) may be symbols of it
// (Tokenizer::affixes): nearly every word has none, and two bytes tell.
inline bool may_have_affixes(std::string_view text, int floor, int start, int end) {
    const auto byte = [&](int i) { return static_cast<unsigned char>(text[static_cast<std::size_t>(i)]); };
    if (static_cast<std::size_t>(end) < text.size() && (kSymbolBytes[byte(end)] & 2)) return true;
    if (start <= floor || (kSymbolBytes[byte(start - 1)] & 1) == 0) return false;
    return byte(start - 1) == '#' || ascii_digit(byte(start));  // a sign before a number
}

} // namespace

std::string tokenizer_version() {
    char icu[U_MAX_VERSION_STRING_LENGTH] = {};
    char unicode[U_MAX_VERSION_STRING_LENGTH] = {};
    UVersionInfo v;
    u_getVersion(v);
    v[2] = v[3] = 0;  // patch releases do not change segmentation or folding data
    u_versionToString(v, icu);
    u_getUnicodeVersion(v);
    u_versionToString(v, unicode);
    return "newsdb-" + std::to_string(kTokenizerRevision) + " icu-" + icu + " unicode-" + unicode + " " +
           stem_languages_signature();
}

void QueryLanguages::restrict_to(const std::vector<std::string>& codes) {
    allowed_.fill(false);
    for (const std::string& code : codes)
        if (const int index = stem_language_index(code); index >= 0) allowed_[static_cast<std::size_t>(index)] = true;
    restricted_ = true;
}

Tokenizer::Tokenizer(const QueryLanguages* languages) : languages_(languages) {
    UErrorCode status = U_ZERO_ERROR;
    // The root locale: dictionary segmentation applies by script (Chinese,
    // Japanese, Thai, Khmer ...), whatever the passage's language.
    words_ = ubrk_open(UBRK_WORD, "", nullptr, 0, &status);
    if (U_FAILURE(status) || words_ == nullptr)
        throw std::runtime_error(std::string("ICU cannot create a word break iterator: ") + u_errorName(status));
}

Tokenizer::~Tokenizer() {
    if (words_ != nullptr) ubrk_close(words_);
    if (utext_ != nullptr) utext_close(utext_);
}

namespace {

thread_local const Replay* active_replay = nullptr;

// A recorded token: varint (size << 1 | colocated), the bytes, varint start,
// varint (end - start).

uint64_t get_varint(const char*& p) {
    uint64_t v = 0;
    for (int shift = 0;; shift += 7) {
        const auto b = static_cast<unsigned char>(*p++);
        v |= static_cast<uint64_t>(b & 0x7F) << shift;
        if (b < 0x80) return v;
    }
}

// Appends v's varint at p; returns the end.
char* put_varint(char* p, uint64_t v) {
    while (v >= 0x80) {
        *p++ = static_cast<char>((v & 0x7F) | 0x80);
        v >>= 7;
    }
    *p++ = static_cast<char>(v);
    return p;
}

// Recorded tokens gather in a buffer on the stack and reach the recording a
// few KB at a time: appended one by one, even whole, they were a fifth of
// recording's cost (5.8 million tokens on the developer corpus).
struct TokenSink {
    explicit TokenSink(std::string& into) : out(into) {}  // the buffer is left unset
    std::string& out;
    std::array<char, 4096> buffer;
    std::size_t used = 0;
    void flush() {
        out.append(buffer.data(), used);
        used = 0;
    }
};

int encode_token(void* ctx, int flags, const char* token, int size, int start, int end) {
    auto& sink = *static_cast<TokenSink*>(ctx);
    constexpr std::size_t kVarints = 30;  // three varints of 64 bits take 10 bytes each at most
    const auto length = static_cast<std::size_t>(size);
    if (sink.used + length + kVarints > sink.buffer.size()) {
        sink.flush();
        if (length + kVarints > sink.buffer.size()) {  // a token longer than the buffer
            char head[10], tail[20];
            const char* head_end = put_varint(head, static_cast<uint64_t>(size) << 1 | ((flags & FTS5_TOKEN_COLOCATED) ? 1 : 0));
            const char* tail_end = put_varint(put_varint(tail, static_cast<uint64_t>(start)), static_cast<uint64_t>(end - start));
            sink.out.append(head, static_cast<std::size_t>(head_end - head))
                .append(token, length)
                .append(tail, static_cast<std::size_t>(tail_end - tail));
            return SQLITE_OK;
        }
    }
    char* p = sink.buffer.data() + sink.used;
    p = put_varint(p, static_cast<uint64_t>(size) << 1 | ((flags & FTS5_TOKEN_COLOCATED) ? 1 : 0));
    std::memcpy(p, token, length);
    p = put_varint(p + length, static_cast<uint64_t>(start));
    p = put_varint(p, static_cast<uint64_t>(end - start));
    sink.used = static_cast<std::size_t>(p - sink.buffer.data());
    return SQLITE_OK;
}

int replay_tokens(std::string_view tokens, void* ctx, TokenCallback callback) {
    const char* p = tokens.data();
    const char* const end = p + tokens.size();
    while (p < end) {
        const uint64_t head = get_varint(p);
        const char* token = p;
        const int size = static_cast<int>(head >> 1);
        p += size;
        const int start = static_cast<int>(get_varint(p));
        const int stop = start + static_cast<int>(get_varint(p));
        const int rc = callback(ctx, (head & 1) ? FTS5_TOKEN_COLOCATED : 0, token, size, start, stop);
        if (rc != SQLITE_OK) return rc;
    }
    return SQLITE_OK;
}

} // namespace

bool Recording::add(Tokenizer& tokenizer, std::string_view language, std::string_view body) {
    const std::size_t document_size = language.size() + 1 + body.size();
    // Checked before and after: a text's tokens are not known in advance.
    if (bytes_.size() + document_size * 4 > budget_) return false;
    // Tokenized from a copy: bytes_ grows (and moves) under the tokenizer.
    // One per thread, not per recording, which would keep it until its batch ends.
    thread_local std::string scratch;
    scratch.assign(language).append(1, kTagEnd).append(body);
    const std::size_t start = bytes_.size();
    bytes_.reserve(start + document_size * 4);
    TokenSink sink(bytes_);
    const int rc = tokenizer.tokenize(scratch, TokenizeMode::document, &sink, encode_token);
    sink.flush();
    if (rc != SQLITE_OK || bytes_.size() + document_size > budget_) {
        bytes_.resize(start);
        return false;
    }
    const std::size_t tokens_size = bytes_.size() - start;
    bytes_ += scratch;
    texts_.push_back({start + tokens_size, document_size, start, tokens_size});
    return true;
}

void Replay::hold(std::shared_ptr<const Recording> recording) {
    if (!recording || recording->texts_.empty() || bytes_ + recording->bytes() > budget_) return;
    const std::string_view all = recording->bytes_;
    for (const auto& text : recording->texts_)
        index_.emplace(all.substr(text.document, text.document_size), all.substr(text.tokens, text.tokens_size));
    bytes_ += recording->bytes();
    held_.push_back(std::move(recording));
}

void Replay::clear() {
    index_.clear();
    held_.clear();
    bytes_ = 0;
}

std::optional<std::string_view> Replay::find(std::string_view document) const {
    auto it = index_.find(document);
    if (it == index_.end()) return std::nullopt;
    return it->second;
}

ReplayScope::ReplayScope(const Replay& replay) : previous_(active_replay) { active_replay = &replay; }

ReplayScope::~ReplayScope() { active_replay = previous_; }

int Tokenizer::tokenize(std::string_view text, TokenizeMode mode, void* ctx, TokenCallback callback) {
    if (mode == TokenizeMode::document && active_replay != nullptr) {
        if (const auto tokens = active_replay->find(text)) {
            ++active_replay->replayed_;
            return replay_tokens(*tokens, ctx, callback);
        }
    }
    if (busy_) {
        // Re-entered from a callback: use a fresh instance rather than clobber our state.
        Tokenizer nested;
        return nested.tokenize(text, mode, ctx, callback);
    }
    struct Busy {
        bool& flag;
        explicit Busy(bool& f) : flag(f) { flag = true; }
        ~Busy() { flag = false; }
    } busy(busy_);

    std::size_t offset = 0;
    int language = -1;
    if (mode == TokenizeMode::document) {
        std::string code;
        offset = language_tag(text, code);
        if (offset > 0 && !code.empty()) language = stemmers_.language(code);
    }
    return run_words(text, static_cast<int>(offset), mode, language, ctx, callback);
}

int Tokenizer::run_words(std::string_view text, int offset, TokenizeMode mode, int language, void* ctx,
                         TokenCallback callback) {
    runs_.clear();
    const int size = static_cast<int>(text.size());
    auto byte_at = [&](int i) { return static_cast<unsigned char>(text[static_cast<std::size_t>(i)]); };
    // The end of the chunk (bytes up to an ASCII separator) at i, and whether it is all ASCII.
    auto chunk_end = [&](int i, bool& ascii) {
        ascii = true;
        for (; i < size; ++i) {
            const unsigned char b = byte_at(i);
            if (b >= 0x80) ascii = false;
            else if (!ascii_alnum(b)) break;
        }
        return i;
    };
    // ASCII separators are always word boundaries (ICU joins across none that
    // we would not split at anyway), and a run of ASCII letters and digits is
    // always one word: only text around non-ASCII characters needs ICU.
    for (int i = offset; i < size;) {
        if (byte_at(i) < 0x80 && !ascii_alnum(byte_at(i))) {
            ++i;
            continue;
        }
        bool ascii = true;
        int end = chunk_end(i, ascii);
        if (ascii) {
            runs_.push_back({i, end, false});
            i = end;
            continue;
        }
        // Give ICU the following non-ASCII chunks too, up to an all-ASCII one.
        for (int next = end; next < size;) {
            if (byte_at(next) < 0x80 && !ascii_alnum(byte_at(next))) {
                ++next;
                continue;
            }
            bool next_ascii = true;
            const int next_end = chunk_end(next, next_ascii);
            if (next_ascii) break;
            end = next = next_end;
        }
        if (!segment(text, i, end)) return SQLITE_ERROR;
        i = end;
    }

    const bool query = mode != TokenizeMode::document;
    for (std::size_t r = 0; r < runs_.size(); ++r) {
        int rc = query ? emit_query(text, runs_[r], mode == TokenizeMode::query_prefix && r + 1 == runs_.size(),
                                    ctx, callback)
                       : emit_document(text, offset, runs_[r], language, ctx, callback);
        if (rc != SQLITE_OK) return rc;
    }
    return SQLITE_OK;
}

bool Tokenizer::segment(std::string_view text, int from, int to) {
    UErrorCode status = U_ZERO_ERROR;
    utext_ = utext_openUTF8(utext_, text.data() + from, to - from, &status);
    ubrk_setUText(words_, utext_, &status);
    if (U_FAILURE(status)) return false;
    int32_t start = ubrk_first(words_);
    for (int32_t end = ubrk_next(words_); end != UBRK_DONE; start = end, end = ubrk_next(words_)) {
        if (ubrk_getRuleStatus(words_) < UBRK_WORD_NONE_LIMIT) continue;
        const int s = from + start, e = from + end;
        // Split the word at inner punctuation and around Han/Kana characters.
        int run = -1;
        for (int i = s; i < e;) {
            const int at = i;
            const auto byte = static_cast<unsigned char>(text[static_cast<std::size_t>(i)]);
            CharClass cls;
            bool single = false;
            if (byte < 0x80) {
                cls = ascii_alnum(byte) ? CharClass::word : CharClass::separator;
                ++i;
            } else {
                const UChar32 c = next_code_point(text.data(), i, e);
                cls = c < 0 ? CharClass::separator : classify(c);
                single = cls == CharClass::word && ideographic(c);
            }
            if (cls == CharClass::ignorable) continue;
            if (cls == CharClass::separator || single) {
                if (run >= 0) runs_.push_back({run, at, false});
                run = -1;
                if (single) runs_.push_back({at, i, true});
            } else if (run < 0) {
                run = at;
            }
        }
        if (run >= 0) runs_.push_back({run, e, false});
    }
    return true;
}

void Tokenizer::stem_token(int language, std::string_view folded, std::string& out) {
    out.assign(kStemLanguages[static_cast<std::size_t>(language)].code);
    out += ':';
    out += Stemmers::stem(stemmers_.stemmer(language), folded);
}

Tokenizer::Affixes Tokenizer::affixes(std::string_view text, int floor, const Run& run) const {
    Affixes a{run.start, run.end, {}, {}};
    if (!may_have_affixes(text, floor, run.start, run.end) || run.single) return a;
    const int size = static_cast<int>(text.size());
    auto at = [&](int i) { return static_cast<unsigned char>(text[static_cast<std::size_t>(i)]); };
    const unsigned char first = at(run.start);
    if (run.start > floor) {
        const unsigned char before = at(run.start - 1);
        int sign_start = run.start;
        if (before == '#') {
            // A hashtag: the # starts a word of its own (not "C#D").
            int start = 0;
            const UChar32 c = previous_code_point(text, floor, run.start - 1, start);
            if (c < 0 || !word_character(c)) sign_start = run.start - 1;
        } else if (ascii_digit(first)) {
            if (before == '$') {
                sign_start = run.start - 1;
            } else if (before >= 0x80) {
                int start = 0;
                const UChar32 c = previous_code_point(text, floor, run.start, start);
                if (c >= 0 && u_charType(c) == U_CURRENCY_SYMBOL) sign_start = start;
            }
            a.currency = sign_start < run.start;
        }
        if (sign_start < run.start) {
            a.start = sign_start;
            a.sign = text.substr(static_cast<std::size_t>(sign_start),
                                 static_cast<std::size_t>(run.start - sign_start));
        }
    }
    if (run.end < size) {
        const unsigned char after = at(run.end);
        int n = 0;
        if (after == '+') n = run.end + 1 < size && at(run.end + 1) == '+' ? 2 : 1;
        else if (after == '#') n = 1;
        const int next = run.end + n;
        // The symbols end the word: "C++" and "C#," but not "C+++", "C#D" or "1+1".
        if (n > 0 && (next >= size || (at(next) != '+' && at(next) != '#' && !word_at(text, next)))) {
            a.end = next;
            a.suffix = text.substr(static_cast<std::size_t>(run.end), static_cast<std::size_t>(n));
        }
    }
    return a;
}

void Tokenizer::extra_forms(std::string_view word, int language, bool stems) {
    extra_.clear();
    // A number with a unit or suffix (5bn, 1980s, 3pm) is also its number:
    // "3.5" and "$3.5" find "$3.5bn".
    if (ascii_digit(static_cast<unsigned char>(folded_[0]))) {
        std::size_t digits = 1;
        while (digits < folded_.size() && ascii_digit(static_cast<unsigned char>(folded_[digits]))) ++digits;
        if (digits < folded_.size()) extra_.append(folded_, 0, digits).push_back('\0');
    }
    // The spelling people type without the language's letters (oesterreich
    // for Österreich), in that language's passages only: its stem and its
    // surface form, so that plain, exact and prefix queries all find it.
    if (language < 0) return;
    const TypedSpelling spelling = kTypedSpellings[static_cast<std::size_t>(language)];
    if (spelling == TypedSpelling::none || !spell_out(word, spelling, spelled_)) return;
    folder_.fold(spelled_, spelled_folded_);
    if (spelled_folded_.empty() || spelled_folded_ == folded_) return;
    if (stems) {
        stem_token(language, spelled_folded_, extra_stem_);
        if (extra_stem_ != stem_) extra_.append(extra_stem_).push_back('\0');
    }
    extra_.append(1, '=').append(spelled_folded_).push_back('\0');
}

FormsCache::Forms Tokenizer::remember_forms(std::string_view word, const Run& run, int language) {
    folder_.fold(word, folded_);
    std::string_view stem;
    exact_form_.clear();
    extra_.clear();
    if (!folded_.empty()) {
        const bool stems = language >= 0 && stemmable(run);
        if (stems) {
            stem_token(language, folded_, stem_);
            stem = stem_;
        } else {
            stem = folded_;
        }
        exact_form_.assign(1, '=');
        exact_form_ += folded_;
        extra_forms(word, language, stems);
    }
    cache_.put(word, language, stem, exact_form_, extra_);
    return FormsCache::Forms{stem, exact_form_, extra_};
}

int Tokenizer::emit_document(std::string_view text, int floor, const Run& run, int language, void* ctx,
                             TokenCallback callback) {
    // Most words of a text are frequent words: remember their forms.
    const std::string_view word =
        text.substr(static_cast<std::size_t>(run.start), static_cast<std::size_t>(run.end - run.start));
    auto forms = cache_.find(word, language);
    if (!forms) forms = remember_forms(word, run, language);
    if (forms->stem.empty()) return SQLITE_OK;
    if (forms->extra.empty() && !may_have_affixes(text, floor, run.start, run.end)) {  // nearly every word
        const int rc = callback(ctx, 0, forms->stem.data(), static_cast<int>(forms->stem.size()), run.start, run.end);
        if (rc != SQLITE_OK) return rc;
        return callback(ctx, FTS5_TOKEN_COLOCATED, forms->exact.data(), static_cast<int>(forms->exact.size()),
                        run.start, run.end);
    }
    return emit_more_forms(text, floor, run, *forms, ctx, callback);
}

int Tokenizer::emit_more_forms(std::string_view text, int floor, const Run& run, const FormsCache::Forms& forms,
                               void* ctx, TokenCallback callback) {
    const Affixes affix = affixes(text, floor, run);
    auto emit = [&](int flags, std::string_view token) {
        return callback(ctx, flags, token.data(), static_cast<int>(token.size()), affix.start, affix.end);
    };
    int rc = emit(0, forms.stem);
    if (rc == SQLITE_OK) rc = emit(FTS5_TOKEN_COLOCATED, forms.exact);
    for (std::size_t i = 0; rc == SQLITE_OK && i < forms.extra.size();) {
        const std::size_t end = forms.extra.find('\0', i);
        rc = emit(FTS5_TOKEN_COLOCATED, forms.extra.substr(i, end - i));
        i = end + 1;
    }
    if (rc != SQLITE_OK || !affix.any()) return rc;
    // The word as written with its symbols: "$3", "#metoo", "c++". A sign
    // before a number with a unit is also the sign and the number ($3bn: $3).
    const std::string_view folded = forms.exact.substr(1);
    if (!affix.sign.empty()) {
        symbol_.assign(affix.sign).append(folded);
        rc = emit(FTS5_TOKEN_COLOCATED, symbol_);
        if (rc == SQLITE_OK && affix.currency) {
            std::size_t digits = 0;
            while (digits < folded.size() && ascii_digit(static_cast<unsigned char>(folded[digits]))) ++digits;
            if (digits < folded.size()) {
                symbol_.assign(affix.sign).append(folded.substr(0, digits));
                rc = emit(FTS5_TOKEN_COLOCATED, symbol_);
            }
        }
    }
    if (rc == SQLITE_OK && !affix.suffix.empty()) {
        symbol_.assign(folded).append(affix.suffix);
        rc = emit(FTS5_TOKEN_COLOCATED, symbol_);
    }
    return rc;
}

bool Tokenizer::stemmable(const Run& run) const {
    return !run.single && folded_.size() <= kMaxStemmedBytes && !all_digits(folded_);
}

int Tokenizer::emit_query(std::string_view text, const Run& run, bool prefix, void* ctx, TokenCallback callback) {
    folder_.fold(text.substr(static_cast<std::size_t>(run.start), static_cast<std::size_t>(run.end - run.start)),
                 folded_);
    if (folded_.empty()) return SQLITE_OK;
    if (const Affixes affix = affixes(text, 0, run); affix.any()) {
        // Written with its symbols, a word matches only that: "C++" is not "C".
        if (!affix.suffix.empty()) symbol_.assign(folded_).append(affix.suffix);
        else symbol_.assign(affix.sign).append(folded_);
        return callback(ctx, 0, symbol_.data(), static_cast<int>(symbol_.size()), affix.start, affix.end);
    }
    if (prefix || exact_term(text, run.start)) {
        // Prefixes match surface forms: a stem is a truncated word already.
        exact_.assign(1, '=');
        exact_ += folded_;
        return callback(ctx, 0, exact_.data(), static_cast<int>(exact_.size()), run.start, run.end);
    }
    // The passage's language is unknown here: any language's stem (or the
    // folded form, for passages of no known language) may be in the index.
    std::size_t n = 0;
    auto add = [&](std::string_view alt) {
        for (std::size_t i = 0; i < n; ++i) {
            if (alternatives_[i] == alt) return;
        }
        if (alternatives_.size() <= n) alternatives_.emplace_back();
        alternatives_[n++].assign(alt);
    };
    add(folded_);
    if (stemmable(run)) {
        const std::string_view word =
            text.substr(static_cast<std::size_t>(run.start), static_cast<std::size_t>(run.end - run.start));
        for (std::size_t i = 0; i < stemmers_.count(); ++i) {
            const int language = stemmers_.at(i);
            if (languages_ != nullptr && !languages_->allows(language)) continue;
            stem_token(language, folded_, stem_);
            add(stem_);
            // Written with ä ö ü (å ø), a word also finds its typed-out
            // spelling where that is the custom: "München" finds a German
            // passage's "Muenchen", "Århus" a Danish one's "Aarhus".
            const TypedSpelling spelling = kTypedSpellings[static_cast<std::size_t>(language)];
            if (spelling == TypedSpelling::none || !spell_out(word, spelling, spelled_)) continue;
            folder_.fold(spelled_, spelled_folded_);
            if (spelled_folded_.empty() || spelled_folded_ == folded_) continue;
            stem_token(language, spelled_folded_, extra_stem_);
            add(extra_stem_);
        }
    }
    for (std::size_t i = 0; i < n; ++i) {
        int rc = callback(ctx, i == 0 ? 0 : FTS5_TOKEN_COLOCATED, alternatives_[i].data(),
                          static_cast<int>(alternatives_[i].size()), run.start, run.end);
        if (rc != SQLITE_OK) return rc;
    }
    return SQLITE_OK;
}

// ---- FTS5 glue: C callbacks that never let an exception through. ----

namespace {

int x_create(void* user_data, const char** args, int arg_count, Fts5Tokenizer** out) {
    *out = nullptr;
    (void)args;
    if (arg_count != 0) return SQLITE_ERROR;  // "newsdb" takes no options
    try {
        *out = reinterpret_cast<Fts5Tokenizer*>(new Tokenizer(static_cast<const QueryLanguages*>(user_data)));
        return SQLITE_OK;
    } catch (const std::bad_alloc&) {
        return SQLITE_NOMEM;
    } catch (...) {
        return SQLITE_ERROR;
    }
}

void x_delete(Fts5Tokenizer* tokenizer) { delete reinterpret_cast<Tokenizer*>(tokenizer); }

int x_tokenize(Fts5Tokenizer* tokenizer, void* ctx, int flags, const char* text, int size,
               int (*token)(void*, int, const char*, int, int, int)) {
    TokenizeMode mode = TokenizeMode::document;
    if (flags & FTS5_TOKENIZE_QUERY)
        mode = (flags & FTS5_TOKENIZE_PREFIX) ? TokenizeMode::query_prefix : TokenizeMode::query;
    try {
        return reinterpret_cast<Tokenizer*>(tokenizer)->tokenize(
            std::string_view(text == nullptr ? "" : text, text == nullptr ? 0 : static_cast<std::size_t>(size)),
            mode, ctx, token);
    } catch (const std::bad_alloc&) {
        return SQLITE_NOMEM;
    } catch (...) {
        return SQLITE_ERROR;
    }
}

} // namespace

int register_fts5_tokenizer(fts5_api* api, QueryLanguages** languages) {
    if (api == nullptr || api->iVersion < 2) return SQLITE_ERROR;
    static fts5_tokenizer methods = {x_create, x_delete, x_tokenize};
    auto* owned = new (std::nothrow) QueryLanguages();
    if (owned == nullptr) return SQLITE_NOMEM;
    // FTS5 deletes it when the connection closes (a failed registration, out
    // of memory, leaks these few bytes rather than risk a double delete).
    const int rc = api->xCreateTokenizer(api, kTokenizerName, owned, &methods,
                                         [](void* p) { delete static_cast<QueryLanguages*>(p); });
    if (rc == SQLITE_OK && languages != nullptr) *languages = owned;
    return rc;
}

} // namespace newsdb::tokenizer
