// Each boilerplate pattern has a gate (what a line must begin with or hold
// for the pattern to match), so that std::regex runs only where it can
// match. A gate may only ever turn away lines its pattern would not match:
// gated and ungated matching must agree on every line.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "parse/boilerplate.hpp"
#include "parse/text_util.hpp"
#include "test_support.hpp"
#include "util/utf8.hpp"

namespace newsdb {
namespace {

namespace fs = std::filesystem;
using parse::match_boilerplate;

std::string describe(const std::optional<parse::BoilerplateMatch>& m) {
    if (!m) return "none";
    return std::string(m->kind == Boilerplate::Kind::paywall ? "paywall" : "chrome") + " " +
           (m->words_shown ? std::to_string(*m->words_shown) : "-") + "/" +
           (m->words_total ? std::to_string(*m->words_total) : "-");
}

// Lines written to match each pattern, in several cases and spellings.
TEST(BoilerplateGates, EveryPatternStillMatchesWhatItWasWrittenFor) {
    const std::vector<std::string> lines = {
        "Skip to main content | Menu | Search", "skip navigation", "Jump to content", "TOGGLE NAVIGATION",
        "Main menu", "Home / Close", "Advertisement", "Advertising", "Sponsored content", "Share this story",
        "Share via WhatsApp", "Share on X", "E-mail", "Email · Print this page", "Tweet", "Back to top",
        "Related stories", "More on this story", "Read more here", "See also", "Subscribe to our weekly newsletter",
        "Sign up for the newsletter", "Newsletter sign-up", "Click here to subscribe", "Comments", "Leave a reply",
        "Log in", "Sign in", "Register", "Subscribe", "Follow us", "Follow us on Instagram!",
        "Follow The Times on Twitter", "Sign up to our morning newsletter for the day's news",
        "Subscribe for the daily newsletter", "Image copyright Getty Images", "Photos credit: AP",
        "Video source: Reuters", "Photo: Reuters", "Photograph: Jane Doe", "Credit: NASA",
        "Image source:Getty", "Photo credit: A. Smith", "Copyright 2021 Example Ltd", "copyright ©2019 X",
        "(c) 2020 Example", "© Example Media", "All rights reserved.", "Example Media. All Rights Reserved",
        "We use cookies to improve your experience", "This website uses cookies.", "Our site uses cookies",
        "Cookie policy", "Cookies settings", "By continuing you accept all cookies.", "Manage cookies",
        "End of Excerpt (304/1,399 words)", "end of preview.", "You can read the complete article by logging in.",
        "Subscribe now to continue reading", "Subscribe today to keep reading.",
        "This article is only available to paid subscribers", "The story is for members only",
        "This content is premium", "The article is subscriber-only.", "This story is exclusive to subscribers",
        "To continue reading, subscribe or log in.", "To keep reading, become a member",
        "Already a subscriber? Log in", "Already have an account?", "Log in to read this story.",
        "Sign in to continue reading", "You have reached your limit of free articles.",
        "You've used up your free articles", "You’ve hit your monthly limit.", "Subscribers only.",
        "Members only", "Premium content", "Exclusive content.", "Unlock full access today",
        "Get unlimited access for $1", "Please subscribe to read the full story.",
        "Register now to read the rest of the article."};
    for (const auto& line : lines) {
        const auto gated = match_boilerplate(line);
        EXPECT_TRUE(gated.has_value()) << line;
        EXPECT_EQ(describe(gated), describe(match_boilerplate(line, false))) << line;
    }
}

// Every line of the fixtures, the bundled articles and (when present) the
// developer corpus: tens of thousands of ordinary lines, some boilerplate.
TEST(BoilerplateGates, EveryLineOfTheFixturesAndCorpusMatchesAsWithoutGates) {
    std::vector<fs::path> roots = {test::fixture(""), test::source_dir() / "data"};
    if (fs::exists(test::shared_dir() / "corpus")) roots.push_back(test::shared_dir() / "corpus");
    std::size_t lines = 0, matched = 0;
    for (const auto& root : roots) {
        for (const auto& entry : fs::recursive_directory_iterator(root)) {
            if (!entry.is_regular_file() || entry.file_size() > (8u << 20)) continue;
            const std::string text = test::read_file(entry.path());
            if (util::first_invalid_utf8(text)) continue;  // the parsers decode such files first
            for (const auto raw : parse::split_lines(text)) {
                const std::string line = parse::normalize_line(raw);
                const auto gated = match_boilerplate(line);
                ASSERT_EQ(describe(gated), describe(match_boilerplate(line, false)))
                    << entry.path() << ": " << line;
                ++lines;
                matched += gated.has_value();
            }
        }
    }
    EXPECT_GT(lines, 1000u);
    EXPECT_GT(matched, 10u) << "the files hold some boilerplate";
}

} // namespace
} // namespace newsdb
