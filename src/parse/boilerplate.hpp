// Recognising lines that are not article text: site chrome and paywall notices.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "newsdb/article.hpp"

namespace newsdb::parse {

struct BoilerplateMatch {
    Boilerplate::Kind kind = Boilerplate::Kind::chrome;
    std::optional<int64_t> words_shown;  // from "End of Excerpt (304/1,399 words)"
    std::optional<int64_t> words_total;
    bool introduces = false;  // introduces links ("See also", "İlgili Haberler"): short lines after it are links
};

// Matches only when the WHOLE normalised line is chrome or a paywall notice,
// and the line is short; anything longer is taken to be article text. Chrome
// is known by the patterns below and by the vocabulary of chrome_words.hpp.
// `gated` false tries every pattern on every line that could be boilerplate
// (tests compare the two).
std::optional<BoilerplateMatch> match_boilerplate(std::string_view line, bool gated = true);

} // namespace newsdb::parse
