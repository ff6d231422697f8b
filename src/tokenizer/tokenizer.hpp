// newsdb's FTS5 tokenizer ("newsdb"): ICU word boundaries, folding, Snowball
// stems, exact surface forms (issue 4's design contract). In short:
//
// Document text may start with a language tag `xx\x1F` (ISO 639-1 code or
// empty); it yields no token and picks the stemmer. Each word yields its stem,
// then `=F` (the folded surface form F, colocated). The stem is `xx:S` (the
// language's code and Snowball stem, so languages' stems never mix: Dutch
// "news" -> "new" cannot make "news" find English "new"), or F itself in a
// passage of no stemmed language, for numbers and for Han/Kana. A query word
// yields F and `xx:S` for every Snowball language (colocated alternatives), or
// only `=F` when written `=word` or as a prefix (`word*`).
// Words are split further at inner punctuation (Europe's -> europe, s) and
// each Han/Kana character is a word of its own, so Chinese and Japanese match
// however a dictionary would have segmented the query.
// Symbols that are part of a word add a colocated token of the word as
// written, and a query word written with them yields only that token: a
// currency sign before a number ($3.5 -> `$3` `5`; $3bn also `$3`), # before
// a hashtag (`#metoo`), ++, + or # ending a word (`c++`, `disney+`, `c#`). The
// word's offsets then cover its symbols. A number with letters after it
// (5bn, 1980s) is also its number (`5`). In German passages a word with ä ö ü
// is also indexed as typed without them (ae oe ue: `de:S` and `=F` of
// "oesterreich"), in Danish and Norwegian ones å ø as aa oe; and a query word
// written with those letters also looks up those languages' stems of its
// typed-out spelling ("München": `de:muench`, for a passage's "Muenchen").
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tokenizer/fold.hpp"
#include "tokenizer/forms_cache.hpp"
#include "tokenizer/stemmers.hpp"

struct fts5_api;
struct UBreakIterator;
struct UText;

namespace newsdb::tokenizer {

inline constexpr const char* kTokenizerName = "newsdb";

// Changes whenever the tokens of some text change: bump kTokenizerRevision with
// any change to this tokenizer. ICU's and Snowball's versions are part of it.
inline constexpr int kTokenizerRevision = 2;
std::string tokenizer_version();

enum class TokenizeMode {
    document,      // indexing, and highlight()/snippet() re-reading a row
    query,         // a MATCH phrase
    query_prefix,  // a MATCH phrase followed by `*`: its last word is a prefix
};

// Same shape as FTS5's xToken callback: a non-zero return stops tokenizing and
// is returned. flags: 0 or FTS5_TOKEN_COLOCATED (1).
using TokenCallback = int (*)(void* ctx, int flags, const char* token, int size, int start, int end);

// The languages whose stems a query word looks up. By default every language
// newsdb stems (~28 index terms per word); a connection that knows which
// languages its archive holds narrows the set, which finds the same passages
// with far fewer term lookups. Owned by the tokenizer's registration on one
// connection, so it lives as long as that connection.
class QueryLanguages {
public:
    // `codes`: the language codes present (as stored: "en", "nb", "" ...).
    void restrict_to(const std::vector<std::string>& codes);
    void allow_all() { restricted_ = false; }
    bool allows(int language) const {  // a kStemLanguages index
        return !restricted_ || allowed_[static_cast<std::size_t>(language)];
    }

private:
    bool restricted_ = false;
    std::array<bool, kStemLanguages.size()> allowed_{};
};

// One tokenizer: not thread-safe (holds ICU and Snowball state and buffers).
class Tokenizer {
public:
    // Throws std::runtime_error when ICU cannot make a word iterator.
    // `languages` (may be null: all) narrows query-word stems.
    explicit Tokenizer(const QueryLanguages* languages = nullptr);
    Tokenizer(const Tokenizer&) = delete;
    Tokenizer& operator=(const Tokenizer&) = delete;
    ~Tokenizer();

    // Returns 0 (SQLITE_OK) or the callback's first non-zero result. A
    // document text found in this thread's active Replay yields its recorded
    // tokens instead.
    int tokenize(std::string_view text, TokenizeMode mode, void* ctx, TokenCallback callback);

private:
    struct Run {
        int start, end;  // bytes in the text
        bool single;     // a Han/Kana character: not stemmed
    };
    // The symbols a word is written with, which make a token of their own:
    // a currency sign before a number ($3.5, €20), # before a hashtag, and
    // ++, + or # after a word (C++, Disney+, C#).
    struct Affixes {
        int start, end;               // bytes of the word with its symbols
        std::string_view sign, suffix;  // empty: none
        bool currency = false;
        bool any() const { return !sign.empty() || !suffix.empty(); }
    };
    int run_words(std::string_view text, int offset, TokenizeMode mode, int language, void* ctx,
                  TokenCallback callback);
    bool segment(std::string_view text, int from, int to);  // ICU words of text[from, to) to runs_
    Affixes affixes(std::string_view text, int floor, const Run& run) const;
    int emit_document(std::string_view text, int floor, const Run& run, int language, void* ctx,
                      TokenCallback callback);
    // The cold parts of emit_document: a word not in the cache, and a word
    // with more than its two forms.
    [[gnu::noinline]] FormsCache::Forms remember_forms(std::string_view word, const Run& run, int language);
    [[gnu::noinline]] int emit_more_forms(std::string_view text, int floor, const Run& run,
                                          const FormsCache::Forms& forms, void* ctx, TokenCallback callback);
    void extra_forms(std::string_view word, int language, bool stems);  // into extra_
    bool stemmable(const Run& run) const;  // of folded_
    // out = "xx:" + the language's stem of `folded`
    void stem_token(int language, std::string_view folded, std::string& out);
    int emit_query(std::string_view text, const Run& run, bool prefix, void* ctx, TokenCallback callback);

    const QueryLanguages* languages_ = nullptr;
    UBreakIterator* words_ = nullptr;
    UText* utext_ = nullptr;
    bool busy_ = false;
    Folder folder_;
    Stemmers stemmers_;
    std::string folded_, exact_, stem_;
    std::string extra_, spelled_, spelled_folded_, extra_stem_, symbol_;
    std::vector<std::string> alternatives_;
    std::vector<Run> runs_;
    FormsCache cache_;  // a document word's forms, per language
    std::string exact_form_;
};

// Tokens recorded ahead of indexing. Ingest workers tokenize each passage as
// the index will read it (language tag + text) on their own threads, and the
// writer thread, the ingest's bottleneck, replays the tokens when FTS5 asks
// for them. A recording only ever saves work: FTS5 hands the tokenizer the
// text itself, a recording is used only for that exact text, and any other
// text is tokenized as usual, so the index is the same either way.
class Recording {
public:
    // Recorded tokens take about three times their text's bytes: a recording
    // keeps to `budget` bytes (texts and tokens), leaving the rest to the writer.
    explicit Recording(std::size_t budget = 16u << 20) : budget_(budget) {}
    // Tokenizes `text` of language `language` (a document: the code, the
    // tag's end byte, the text) into the recording. Returns false, recording
    // nothing, when the tokenizer fails or the budget is spent.
    bool add(Tokenizer& tokenizer, std::string_view language, std::string_view text);
    // Gives back the room the buffers grew into (up to half of it): a
    // recording waits in memory until the writer has used it.
    void shrink() {
        bytes_.shrink_to_fit();
        texts_.shrink_to_fit();
    }
    std::size_t size() const { return texts_.size(); }
    std::size_t bytes() const { return bytes_.size(); }

private:
    friend class Replay;
    // Every text's document and tokens (see encode_token() in tokenizer.cpp)
    // in one buffer: two allocations per text cost more than the copying.
    struct Text {
        std::size_t document, document_size, tokens, tokens_size;  // offsets into bytes_
    };
    std::string bytes_;
    std::vector<Text> texts_;
    std::size_t budget_;
};

// The recordings one thread may replay (not thread-safe). Holding a
// recording is cheap: texts are indexed by view, not copied.
class Replay {
public:
    // Holds recordings of up to `budget` bytes in all; hold() drops the rest.
    explicit Replay(std::size_t budget = 64u << 20) : budget_(budget) {}
    void hold(std::shared_ptr<const Recording> recording);
    std::size_t bytes() const { return bytes_; }  // of the recordings held
    void clear();
    // The recorded tokens of `document`, if any.
    std::optional<std::string_view> find(std::string_view document) const;
    std::size_t replayed() const { return replayed_; }  // texts answered from a recording so far

private:
    friend class Tokenizer;
    std::vector<std::shared_ptr<const Recording>> held_;
    std::unordered_map<std::string_view, std::string_view> index_;
    std::size_t budget_, bytes_ = 0;
    mutable std::size_t replayed_ = 0;
};

// Makes `replay` the one tokenize() consults on this thread, for the scope's
// lifetime (scopes nest).
class ReplayScope {
public:
    explicit ReplayScope(const Replay& replay);
    ReplayScope(const ReplayScope&) = delete;
    ReplayScope& operator=(const ReplayScope&) = delete;
    ~ReplayScope();

private:
    const Replay* previous_;
};

// Registers the "newsdb" tokenizer with FTS5 (of one connection). Returns an
// SQLite result code; on success `languages`, when given, receives the
// connection's QueryLanguages.
int register_fts5_tokenizer(fts5_api* api, QueryLanguages** languages = nullptr);

} // namespace newsdb::tokenizer
