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
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tokenizer/fold.hpp"
#include "tokenizer/stemmers.hpp"

struct fts5_api;
struct UBreakIterator;
struct UText;

namespace newsdb::tokenizer {

inline constexpr const char* kTokenizerName = "newsdb";

// Changes whenever the tokens of some text change: bump kTokenizerRevision with
// any change to this tokenizer. ICU's and Snowball's versions are part of it.
inline constexpr int kTokenizerRevision = 1;
std::string tokenizer_version();

enum class TokenizeMode {
    document,      // indexing, and highlight()/snippet() re-reading a row
    query,         // a MATCH phrase
    query_prefix,  // a MATCH phrase followed by `*`: its last word is a prefix
};

// Same shape as FTS5's xToken callback: a non-zero return stops tokenizing and
// is returned. flags: 0 or FTS5_TOKEN_COLOCATED (1).
using TokenCallback = int (*)(void* ctx, int flags, const char* token, int size, int start, int end);

// One tokenizer: not thread-safe (holds ICU and Snowball state and buffers).
class Tokenizer {
public:
    Tokenizer();  // throws std::runtime_error when ICU cannot make a word iterator
    Tokenizer(const Tokenizer&) = delete;
    Tokenizer& operator=(const Tokenizer&) = delete;
    ~Tokenizer();

    // Returns 0 (SQLITE_OK) or the callback's first non-zero result.
    int tokenize(std::string_view text, TokenizeMode mode, void* ctx, TokenCallback callback);

private:
    struct Run {
        int start, end;  // bytes in the text
        bool single;     // a Han/Kana character: not stemmed
    };
    // A word's tokens in a document of one language.
    struct Forms {
        std::string stem;   // empty: the word folds to nothing
        std::string exact;  // "=" + folded
    };
    static constexpr std::size_t kCacheWords = 8192;  // per instance; cleared when full
    int run_words(std::string_view text, int offset, TokenizeMode mode, int language, void* ctx,
                  TokenCallback callback);
    bool segment(std::string_view text, int from, int to);  // ICU words of text[from, to) to runs_
    int emit_document(std::string_view text, const Run& run, int language, void* ctx, TokenCallback callback);
    bool stemmable(const Run& run) const;  // of folded_
    void stem_token(int language);         // stem_ = "xx:" + stem of folded_
    int emit_query(std::string_view text, const Run& run, bool prefix, void* ctx, TokenCallback callback);

    UBreakIterator* words_ = nullptr;
    UText* utext_ = nullptr;
    bool busy_ = false;
    Folder folder_;
    Stemmers stemmers_;
    std::string folded_, exact_, stem_;
    std::vector<std::string> alternatives_;
    std::vector<Run> runs_;
    std::unordered_map<std::string, Forms> cache_;  // word bytes + language -> forms
    std::string key_;
};

// Registers the "newsdb" tokenizer with FTS5. Returns an SQLite result code.
int register_fts5_tokenizer(fts5_api* api);

} // namespace newsdb::tokenizer
