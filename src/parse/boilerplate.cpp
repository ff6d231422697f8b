#include "parse/boilerplate.hpp"

#include <algorithm>

#include <regex>
#include <string>
#include <vector>

#include "parse/chrome_words.hpp"
#include "parse/text_util.hpp"

namespace newsdb::parse {

namespace {

constexpr std::size_t max_chrome_bytes = 260;
constexpr std::size_t max_paywall_bytes = 320;

// Navigation and sharing items; a chrome line may string several together
// ("Skip to content Skip to footer", "Share | Tweet | Email").
constexpr std::string_view chrome_items =
    R"((?:skip to (?:the )?(?:main )?(?:content|navigation|footer|search|menu)|skip navigation)"
    R"(|jump to (?:main )?content|toggle navigation|main menu|menu|search|home|close)"
    R"(|advertisement|advertising|advert|sponsored(?: content)?)"
    R"(|share(?: this)?(?: article| story| page| post)?)"
    R"(|share (?:on|via|to) (?:facebook|twitter|x|linkedin|whatsapp|e-?mail|reddit|pinterest|telegram))"
    R"(|facebook|twitter|linkedin|whatsapp|e-?mail|reddit|pinterest|telegram|tweet)"
    R"(|print(?: this)?(?: article| page| story)?|back to top)"
    R"(|related(?: articles| stories| content| posts| news| topics)?|more on this story|read more(?: here)?|see also)"
    R"(|(?:subscribe to|sign up (?:for|to)) (?:our|the)(?: \w+)? newsletters?|newsletter(?: sign[- ]?up)?)"
    R"(|click here to subscribe|comments?|leave a (?:comment|reply)|log ?in|sign ?in|register|subscribe))";

const std::string separator = R"((?:\s*(?:\||·|•|/|»|›|-)\s*|\s+))";

// A pattern, and what a line must hold for it to match: a cheap test that
// keeps std::regex (slow, case-insensitive through a locale facet per
// character) away from lines it cannot match. `starts`: the lower-cased line
// begins with one of these (none: any beginning); `holds`: it contains one
// of these (none: anything). Both follow from the pattern's literal text, so
// the gate never turns away a line the pattern would match.
struct Pattern {
    std::regex re;
    Boilerplate::Kind kind;
    std::size_t max_bytes;
    std::vector<std::string_view> starts, holds;

    bool may_match(std::string_view lower) const {
        const auto begins = [&](std::string_view w) { return lower.starts_with(w); };
        const auto has = [&](std::string_view w) { return lower.find(w) != std::string_view::npos; };
        return lower.size() <= max_bytes && (starts.empty() || std::any_of(starts.begin(), starts.end(), begins)) &&
               (holds.empty() || std::any_of(holds.begin(), holds.end(), has));
    }
};

using Words = std::vector<std::string_view>;

std::vector<Pattern> build_patterns() {
    const auto flags = std::regex::ECMAScript | std::regex::icase | std::regex::optimize;
    const auto chrome = Boilerplate::Kind::chrome;
    const auto paywall = Boilerplate::Kind::paywall;
    std::vector<Pattern> p;
    const auto add = [&](const std::string& re, Boilerplate::Kind kind, std::size_t max, Words starts,
                         Words holds = {}) {
        p.push_back({std::regex(re, flags), kind, max, std::move(starts), std::move(holds)});
    };
    const std::string items(chrome_items);
    // The first words of chrome_items' alternatives.
    const Words item_starts = {"skip ", "jump to", "toggle navigation", "main menu", "menu", "search", "home",
                               "close", "advert", "sponsored", "share", "facebook", "twitter", "linkedin",
                               "whatsapp", "email", "e-mail", "reddit", "pinterest", "telegram", "tweet", "print",
                               "back to top", "related", "more on this story", "read more", "see also", "subscribe",
                               "sign", "newsletter", "click here to subscribe", "comment", "leave a ", "log",
                               "register"};
    add(items + "(?:" + separator + items + ")*\\s*(?:[:.!]|…|»|›)*", chrome, 160, item_starts);
    add(R"(follow us(?: on .{1,60})?[.!]?)", chrome, 100, {"follow us"});
    add(R"(follow (?:\S+(?: \S+)?) on (?:twitter|x|facebook|instagram|linkedin|threads|bluesky|mastodon|youtube|tiktok|telegram|whatsapp|google news)\b.{0,40})",
        chrome, 100, {"follow "});
    add(R"((?:sign up|subscribe) (?:for|to) (?:our|the) .{0,40}newsletters?.{0,80})", chrome, 160,
        {"sign up ", "subscribe "}, {"newsletter"});
    add(R"((?:image|photo|picture|video)s? (?:copyright|credit|source)s?:? .{1,100})", chrome, 140,
        {"image", "photo", "picture", "video"});
    add(R"((?:photo|image|picture|photograph|credit|photo credit|image credit|image source)s?: ?.{1,100})",
        chrome, 140, {"photo", "image", "picture", "credit"}, {":"});
    add(R"((?:copyright ?)?(?:©|\(c\)|copyright) ?\d{4}.{0,120})", chrome, 160, {"copyright", "©", "(c)"});
    add(R"(©.{0,150})", chrome, 160, {"©"});
    add(R"(.{0,140}all rights reserved\.?)", chrome, 160, {}, {"all rights reserved"});
    add(R"((?:we|this (?:site|website)|our (?:site|website)) uses? cookies.{0,250})", chrome, max_chrome_bytes,
        {"we ", "this site", "this website", "our site", "our website"}, {"cookies"});
    add(R"(cookies? (?:policy|settings|preferences|consent|notice)\b.{0,200})", chrome, max_chrome_bytes,
        {"cookie"});
    add(R"(.{0,150}\b(?:accept|allow|manage|reject) (?:all )?cookies\b.{0,150})", chrome, max_chrome_bytes, {},
        {"cookies"});

    add(R"(end of (?:excerpt|preview)(?:\s*\(\s*(\d[\d,.' ]*)\s*/\s*(\d[\d,.' ]*)\s*words?\s*\))?\.?)",
        paywall, 120, {"end of "});
    add(R"(you can read the (?:complete|full|whole|entire|rest of the) (?:article|story).{0,200})", paywall,
        max_paywall_bytes, {"you can read the "});
    add(R"(subscribe(?: now| today)? to (?:continue|keep) reading.{0,150})", paywall, max_paywall_bytes,
        {"subscribe"}, {"reading"});
    add(R"((?:this|the) (?:article|story|content|post) is (?:only )?(?:available )?(?:for|to) )"
        R"((?:paid |premium )?(?:subscribers|members)(?: only)?.{0,150})",
        paywall, max_paywall_bytes, {"this ", "the "}, {"subscribers", "members"});
    add(R"((?:this|the) (?:article|story|content) is (?:premium|subscriber[- ]only|exclusive to subscribers).{0,150})",
        paywall, max_paywall_bytes, {"this ", "the "}, {"premium", "subscriber", "exclusive"});
    add(R"(to (?:continue|keep) reading.{0,120}(?:subscri|log ?in|sign ?in|register|member).{0,120})", paywall,
        max_paywall_bytes, {"to continue reading", "to keep reading"});
    add(R"(already (?:a subscriber|a member|have an account|subscribed)\??.{0,100})", paywall, 160, {"already "});
    add(R"((?:sign|log) ?in to (?:read|continue|view|access|keep reading|see) .{0,150})", paywall,
        max_paywall_bytes, {"sign", "log"});
    add(R"(you(?: have|'ve|’ve) (?:reached|used up|used|hit) .{0,40}(?:free|limit).{0,150})", paywall,
        max_paywall_bytes, {"you have ", "you've ", "you’ve "});
    add(R"((?:subscribers|members) only\.?|(?:premium|exclusive|subscriber) content\.?)", paywall, 60,
        {"subscriber", "members", "premium", "exclusive"});
    add(R"((?:unlock|get) (?:full|unlimited) access.{0,150})", paywall, 200, {"unlock ", "get "});
    add(R"(.{0,80}(?:subscribe|log ?in|sign ?in|register).{0,80}to read the (?:full|complete|rest of the|entire) (?:article|story).{0,80})",
        paywall, max_paywall_bytes, {}, {"to read the "});
    return p;
}

// Every pattern above starts with one of these words or contains one of the
// fragments below; checking that first keeps ordinary lines away from std::regex.
constexpr std::string_view first_words[] = {
    "skip", "jump", "toggle", "main", "menu", "search", "home", "close", "advertisement", "advertising",
    "advert", "sponsored", "share", "facebook", "twitter", "x", "linkedin", "whatsapp", "email", "e-mail",
    "reddit", "pinterest", "telegram", "tweet", "print", "back", "related", "more", "read", "see",
    "subscribe", "sign", "newsletter", "click", "comment", "comments", "leave", "log", "login", "signin",
    "register", "follow", "image", "images", "photo", "photos", "picture", "pictures", "video", "videos",
    "photograph", "photographs", "credit", "credits", "copyright", "(c)", "we", "this", "our", "cookie",
    "cookies", "end", "you", "you've", "you’ve", "the", "to", "already", "unlock", "get", "subscribers",
    "members", "premium", "exclusive", "subscriber"};
constexpr std::string_view fragments[] = {"©", "reserved", "cookie", "to read the"};

bool worth_matching(std::string_view lower) {
    for (auto f : fragments)
        if (lower.find(f) != std::string::npos) return true;
    std::string_view first(lower);
    first = first.substr(0, first.find_first_of(" |/"));
    while (!first.empty() && (first.back() == ':' || first.back() == '.' || first.back() == ',' ||
                              first.back() == '?' || first.back() == '!'))
        first.remove_suffix(1);
    for (auto w : first_words)
        if (first == w) return true;
    return false;
}

std::optional<int64_t> parse_count(const std::string& digits) {
    int64_t value = 0;
    bool any = false;
    for (char c : digits) {
        if (c >= '0' && c <= '9') {
            if (value > 1'000'000'000) return std::nullopt;
            value = value * 10 + (c - '0');
            any = true;
        }
    }
    return any ? std::optional<int64_t>(value) : std::nullopt;
}

} // namespace

namespace {

std::optional<BoilerplateMatch> match_patterns(std::string_view line, bool gated) {
    const std::string lower = to_lower_ascii(line);
    if (!worth_matching(lower)) return std::nullopt;
    static const std::vector<Pattern> patterns = build_patterns();
    const std::string text(line);
    std::smatch m;
    for (const auto& pattern : patterns) {
        if (text.size() > pattern.max_bytes || (gated && !pattern.may_match(lower))) continue;
        if (!std::regex_match(text, m, pattern.re)) continue;
        BoilerplateMatch match;
        match.kind = pattern.kind;
        if (m.size() >= 3 && m[1].matched && m[2].matched) {
            match.words_shown = parse_count(m[1].str());
            match.words_total = parse_count(m[2].str());
        }
        return match;
    }
    return std::nullopt;
}

} // namespace

std::optional<BoilerplateMatch> match_boilerplate(std::string_view line, bool gated) {
    if (line.empty() || line.size() > max_paywall_bytes) return std::nullopt;
    auto match = match_patterns(line, gated);
    // A paywall notice is one whatever else it holds ("... logging in (click here).").
    if (match && match->kind == Boilerplate::Kind::paywall) return match;
    if (const ChromePhrase phrase = chrome_phrase(line); phrase != ChromePhrase::none) {
        match = BoilerplateMatch{};
        match->introduces = phrase == ChromePhrase::introduces;
    }
    return match;
}

} // namespace newsdb::parse
