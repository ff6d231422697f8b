// Recorded tokens (Recording, Replay, ReplayScope): ingest workers tokenize
// passages ahead of the writer, which replays them. A replay must yield
// exactly what tokenizing would, and only for the very text recorded.
#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <vector>

#include "tokenizer/tokenizer.hpp"

namespace newsdb::tokenizer {
namespace {

using Token = std::tuple<int, std::string, int, int>;  // flags, token, start, end

int collect(void* ctx, int flags, const char* token, int size, int start, int end) {
    static_cast<std::vector<Token>*>(ctx)->emplace_back(flags, std::string(token, static_cast<std::size_t>(size)),
                                                        start, end);
    return 0;
}

std::vector<Token> run(Tokenizer& t, std::string_view document) {
    std::vector<Token> out;
    EXPECT_EQ(t.tokenize(document, TokenizeMode::document, &out, collect), 0);
    return out;
}

// A replay holding one recording of `texts` (language, text).
Replay replay_of(const std::vector<std::pair<std::string, std::string>>& texts) {
    Tokenizer recorder;
    auto recording = std::make_shared<Recording>();
    for (const auto& [language, text] : texts) EXPECT_TRUE(recording->add(recorder, language, text)) << text;
    Replay replay;
    replay.hold(recording);
    return replay;
}

const std::vector<std::pair<std::string, std::string>> kTexts = {
    {"en", "The ministers' agreements, signed in Łódź on 3 March 2021, were published."},
    {"de", "Die Straße nach İstanbul – Verhandlungen über 1.000.000 Euro."},
    {"", "Passage of no known language: harbour councils"},
    // Symbols and typed-out letters (issue 21): more colocated tokens, wider offsets.
    {"en", "US$3.5bn for #MeToo, C++ and C# (Disney+), €20 and £1.8m in the 1980s."},
    {"de", "Österreich, München und Århus"},
    {"da", "København og Århus, Tromsø"},
    {"zh", "北京是中国的首都，东京是日本の首都。"},
    {"en", ""},
    {"fr", std::string(300, 'x') + " très longue"},  // a word too long to stem
    {"en", "bad \xff\xfe utf-8 bytes, then words"},
    // A token longer than the recorder's 4 KB buffer, and enough tokens to fill it.
    {"en", "before " + std::string(6000, 'y') + " after"},
    {"en", [] {
         std::string many;
         for (int i = 0; i < 2000; ++i) many += "word" + std::to_string(i) + " ";
         return many;
     }()},
};

TEST(Replay, ReplaysExactlyTheTokensOfTheRecordedText) {
    const Replay replay = replay_of(kTexts);
    Tokenizer plain, indexer;
    ReplayScope scope(replay);
    for (const auto& [language, text] : kTexts) {
        const std::string document = language + '\x1F' + text;
        const std::size_t before = replay.replayed();
        std::vector<Token> expected;
        {
            Replay none;
            ReplayScope nested(none);  // scopes nest: nothing recorded here
            expected = run(plain, document);
        }
        EXPECT_EQ(replay.replayed(), before);
        EXPECT_EQ(run(indexer, document), expected) << document;
        EXPECT_EQ(replay.replayed(), before + 1) << document;
    }
}

TEST(Replay, OtherTextsLanguagesAndModesAreTokenizedAsUsual) {
    Tokenizer t;
    const Replay replay = replay_of({{"en", "Running councils"}});
    ReplayScope scope(replay);
    // Same words, another language tag: another document.
    EXPECT_EQ(run(t, std::string("de\x1F") + "Running councils").size(), 4u);
    EXPECT_EQ(run(t, std::string("en\x1F") + "Running councils!").size(), 4u);
    std::vector<Token> query;
    EXPECT_EQ(t.tokenize(std::string("en\x1F") + "Running councils", TokenizeMode::query, &query, collect), 0);
    EXPECT_EQ(replay.replayed(), 0u);
    EXPECT_EQ(run(t, std::string("en\x1F") + "Running councils").size(), 4u);
    EXPECT_EQ(replay.replayed(), 1u);
}

TEST(Replay, NoScopeNoReplayAndClearForgets) {
    Tokenizer t;
    Replay replay = replay_of({{"en", "harbour"}});
    const std::string document = std::string("en\x1F") + "harbour";
    run(t, document);
    EXPECT_EQ(replay.replayed(), 0u);  // not the active replay
    {
        ReplayScope scope(replay);
        replay.clear();
        run(t, document);
    }
    EXPECT_EQ(replay.replayed(), 0u);
    EXPECT_FALSE(replay.find(document));
}

TEST(Replay, StopsAtTheCallbacksError) {
    Tokenizer t;
    const Replay replay = replay_of({{"en", "one two three"}});
    ReplayScope scope(replay);
    int calls = 0;
    auto stop = [](void* ctx, int, const char*, int, int, int) { return ++*static_cast<int*>(ctx) == 3 ? 7 : 0; };
    EXPECT_EQ(t.tokenize(std::string("en\x1F") + "one two three", TokenizeMode::document, &calls, stop), 7);
    EXPECT_EQ(calls, 3);
}

TEST(Replay, BudgetsBoundWhatIsRecordedAndHeld) {
    Tokenizer recorder;
    Recording small(1000);
    EXPECT_FALSE(small.add(recorder, "en", std::string(400, 'a')));  // about 4x its text: over budget
    EXPECT_TRUE(small.add(recorder, "en", "short words here"));
    EXPECT_EQ(small.size(), 1u);
    EXPECT_GT(small.bytes(), 0u);
    EXPECT_LE(small.bytes(), 1000u);

    auto a = std::make_shared<Recording>();
    ASSERT_TRUE(a->add(recorder, "en", "first text"));
    auto b = std::make_shared<Recording>();
    ASSERT_TRUE(b->add(recorder, "en", "second text"));
    Replay replay(a->bytes() + b->bytes() - 1);  // room for one of them
    replay.hold(a);
    replay.hold(b);
    EXPECT_TRUE(replay.find(std::string("en\x1F") + "first text"));
    EXPECT_FALSE(replay.find(std::string("en\x1F") + "second text"));
    replay.clear();
    replay.hold(b);  // clear() returns the budget
    EXPECT_TRUE(replay.find(std::string("en\x1F") + "second text"));
}

} // namespace
} // namespace newsdb::tokenizer
