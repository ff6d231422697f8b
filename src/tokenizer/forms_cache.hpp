// The tokenizer's memory of word forms: a word's bytes and language -> its
// stem and exact form. Most words of a text are frequent words, so this is
// looked up for nearly every word indexed. Open addressing in one flat array,
// the strings in one buffer: a hit reads a slot and one run of bytes, where a
// node-based map chased three pointers (its lookups were the tokenizer's
// largest single cost).
#pragma once

#include <cstdint>
#include <algorithm>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newsdb::tokenizer {

class FormsCache {
public:
    struct Forms {
        std::string_view stem;   // empty: the word folds to nothing
        std::string_view exact;  // "=" + folded
        std::string_view extra;  // more colocated tokens, each ending in '\0'; usually empty
    };
    // Words longer than this are not remembered (ids, junk): rare, and they
    // would crowd out the frequent ones.
    static constexpr std::size_t kMaxWord = 64;

    // `max_slots`: a power of two. The table starts small and doubles up to
    // it, so that a tokenizer made for a query or a few snippets costs little.
    explicit FormsCache(std::size_t max_slots = std::size_t{1} << 17) : max_slots_(max_slots) {}

    // The remembered forms, valid until the next put().
    std::optional<Forms> find(std::string_view word, int language) const {
        if (slots_.empty()) return std::nullopt;
        const uint64_t h = hash(word, language);
        for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
            const Slot& s = slots_[i];
            if (s.hash == 0) return std::nullopt;
            if (s.hash == h && s.language == language && s.word_size == word.size() &&
                std::memcmp(bytes_.data() + s.offset, word.data(), word.size()) == 0) {
                const char* p = bytes_.data() + s.offset + s.word_size;
                return Forms{{p, s.stem_size}, {p + s.stem_size, s.exact_size},
                             {p + s.stem_size + s.exact_size, s.extra_size}};
            }
        }
    }

    // Remembers `word`'s forms (a word it cannot keep is simply not kept).
    // Clears everything when half full: frequent words come back at once.
    void put(std::string_view word, int language, std::string_view stem, std::string_view exact,
             std::string_view extra = {}) {
        if (word.size() > kMaxWord || stem.size() > UINT16_MAX || exact.size() > UINT16_MAX ||
            extra.size() > UINT16_MAX)
            return;
        if ((used_ + 1) * 2 > slots_.size()) {
            if (slots_.size() < max_slots_) resize(slots_.empty() ? std::min<std::size_t>(1024, max_slots_)
                                                                  : slots_.size() * 2);
            else clear();
        }
        place(Slot{hash(word, language), static_cast<uint32_t>(bytes_.size()), static_cast<uint16_t>(word.size()),
                   static_cast<uint16_t>(stem.size()), static_cast<uint16_t>(exact.size()),
                   static_cast<uint16_t>(extra.size()), static_cast<int16_t>(language)});
        bytes_.append(word).append(stem).append(exact).append(extra);
        ++used_;
    }

    void clear() {
        std::fill(slots_.begin(), slots_.end(), Slot{});
        bytes_.clear();
        used_ = 0;
    }

private:
    struct Slot {
        uint64_t hash = 0;  // 0: empty
        uint32_t offset = 0;
        uint16_t word_size = 0, stem_size = 0, exact_size = 0, extra_size = 0;
        int16_t language = 0;
    };
    void place(const Slot& slot) {
        std::size_t i = slot.hash & mask_;
        while (slots_[i].hash != 0) i = (i + 1) & mask_;
        slots_[i] = slot;
    }
    void resize(std::size_t size) {
        std::vector<Slot> old(size);
        old.swap(slots_);
        mask_ = size - 1;
        for (const Slot& slot : old)
            if (slot.hash != 0) place(slot);
    }
    static uint64_t hash(std::string_view word, int language) {
        const uint64_t h =
            std::hash<std::string_view>{}(word) ^ (static_cast<uint64_t>(language + 2) * 0x9E3779B97F4A7C15ULL);
        return h == 0 ? 1 : h;
    }

    std::vector<Slot> slots_;
    std::size_t max_slots_, mask_ = 0;
    std::string bytes_;  // per slot: word, stem, exact, extra
    std::size_t used_ = 0;
};

} // namespace newsdb::tokenizer
