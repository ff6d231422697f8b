// FormsCache: the tokenizer's open-addressing memory of word forms.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "tokenizer/forms_cache.hpp"

namespace newsdb::tokenizer {
namespace {

TEST(FormsCache, FindsWhatWasPutPerLanguage) {
    FormsCache cache(16);
    EXPECT_FALSE(cache.find("running", 3));  // nothing allocated yet
    cache.put("running", 3, "en:run", "=running");
    cache.put("running", -1, "running", "=running");
    cache.put("xyz", 3, "", "");  // folds to nothing: remembered as such
    auto en = cache.find("running", 3);
    ASSERT_TRUE(en);
    EXPECT_EQ(en->stem, "en:run");
    EXPECT_EQ(en->exact, "=running");
    auto none = cache.find("running", -1);
    ASSERT_TRUE(none);
    EXPECT_EQ(none->stem, "running");
    EXPECT_FALSE(cache.find("running", 4));
    EXPECT_FALSE(cache.find("runnin", 3));
    auto empty = cache.find("xyz", 3);
    ASSERT_TRUE(empty);
    EXPECT_TRUE(empty->stem.empty());
}

TEST(FormsCache, KeepsExtraForms) {
    FormsCache cache(16);
    cache.put("Häuser", 3, "de:haus", "=hauser", std::string_view("de:haeus\0=haeuser\0", 18));
    cache.put("Haus", 3, "de:haus", "=haus");
    auto f = cache.find("Häuser", 3);
    ASSERT_TRUE(f);
    EXPECT_EQ(f->exact, "=hauser");
    EXPECT_EQ(f->extra, std::string_view("de:haeus\0=haeuser\0", 18));
    auto plain = cache.find("Haus", 3);
    ASSERT_TRUE(plain);
    EXPECT_TRUE(plain->extra.empty());
}

TEST(FormsCache, ClearsWhenHalfFullAndKeepsAnsweringRight) {
    FormsCache cache(64);
    for (int i = 0; i < 1000; ++i) {
        const std::string word = "w" + std::to_string(i);
        cache.put(word, 0, "s" + std::to_string(i), "=" + word);
        auto f = cache.find(word, 0);  // the word just put is always there
        ASSERT_TRUE(f) << word;
        EXPECT_EQ(f->stem, "s" + std::to_string(i));
        EXPECT_EQ(f->exact, "=" + word);
    }
    int found = 0;
    for (int i = 0; i < 1000; ++i) {
        const std::string word = "w" + std::to_string(i);
        if (auto f = cache.find(word, 0)) {
            ++found;
            EXPECT_EQ(f->stem, "s" + std::to_string(i)) << word;
        }
    }
    EXPECT_GT(found, 0);
    EXPECT_LE(found, 32);  // never more than half the slots
}

TEST(FormsCache, GrowsKeepingEverything) {
    FormsCache cache(std::size_t{1} << 14);  // starts at 1,024 slots
    for (int i = 0; i < 8000; ++i) cache.put("w" + std::to_string(i), i % 3, "s" + std::to_string(i), "=x");
    for (int i = 0; i < 8000; ++i) {
        auto f = cache.find("w" + std::to_string(i), i % 3);
        ASSERT_TRUE(f) << i;
        EXPECT_EQ(f->stem, "s" + std::to_string(i));
        EXPECT_FALSE(cache.find("w" + std::to_string(i), i % 3 + 1));
    }
}

TEST(FormsCache, LongWordsAreNotKept) {
    FormsCache cache(16);
    const std::string word(FormsCache::kMaxWord + 1, 'a');
    cache.put(word, 0, "x", "=x");
    EXPECT_FALSE(cache.find(word, 0));
}

} // namespace
} // namespace newsdb::tokenizer
