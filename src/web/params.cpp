#include "web/params.hpp"

#include <charconv>

#include "newsdb/error.hpp"
#include "newsdb/query.hpp"
#include "util/utf8.hpp"

namespace newsdb::web {

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string percent_decode(std::string_view text, bool plus_is_space) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%') {
            const int hi = i + 2 < text.size() ? hex_value(text[i + 1]) : -1;
            const int lo = hi >= 0 ? hex_value(text[i + 2]) : -1;
            if (hi < 0 || lo < 0)
                throw Error(Errc::invalid_argument, "the address has a bad %-escape",
                            "write % as %25 in a query string");
            out += static_cast<char>(hi * 16 + lo);
            i += 2;
        } else if (c == '+' && plus_is_space) {
            out += ' ';
        } else {
            out += c;
        }
    }
    if (out.find('\0') != std::string::npos)
        throw Error(Errc::invalid_argument, "the address holds a NUL byte", "remove it");
    if (util::first_invalid_utf8(out))
        throw Error(Errc::invalid_argument, "the address is not UTF-8 text", "send parameters encoded as UTF-8");
    return out;
}

void check_date(std::string_view name, const std::string& value) {
    if (!value.empty() && !parse_partial_date(value))
        throw Error(Errc::invalid_argument,
                    std::string(name) + ": '" + value + "' is not a date",
                    "write a year, a month or a day: 2020, 2020-02 or 2020-02-14");
}

} // namespace

std::optional<std::string> QueryParams::get(std::string_view name) const {
    for (const auto& [k, v] : items_)
        if (k == name) return v;
    return std::nullopt;
}

std::vector<std::string> QueryParams::all(std::string_view name) const {
    std::vector<std::string> out;
    for (const auto& [k, v] : items_)
        if (k == name && !v.empty()) out.push_back(v);
    return out;
}

Target parse_target(std::string_view raw) {
    if (raw.size() > kMaxTargetBytes)
        throw Error(Errc::invalid_argument, "the address is too long",
                    "keep it under " + std::to_string(kMaxTargetBytes) + " bytes");
    Target t;
    const std::size_t q = raw.find('?');
    t.path = percent_decode(raw.substr(0, q), false);
    if (q == std::string_view::npos) return t;
    std::string_view rest = raw.substr(q + 1);
    if (const std::size_t hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
    std::vector<std::pair<std::string, std::string>> items;
    while (!rest.empty()) {
        const std::size_t amp = rest.find('&');
        const std::string_view pair = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
        if (pair.empty()) continue;
        if (items.size() >= kMaxParams)
            throw Error(Errc::invalid_argument, "the address has too many parameters",
                        "send at most " + std::to_string(kMaxParams));
        const std::size_t eq = pair.find('=');
        items.emplace_back(percent_decode(pair.substr(0, eq), true),
                           eq == std::string_view::npos ? std::string() : percent_decode(pair.substr(eq + 1), true));
    }
    t.params = QueryParams(std::move(items));
    return t;
}

std::string url_encode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
            c == '_' || c == '~') {
            out += ch;
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

int64_t parse_bounded_int(std::string_view name, std::string_view text, int64_t min, int64_t max) {
    int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max)
        throw Error(Errc::invalid_argument,
                    std::string(name) + ": '" + std::string(text) + "' is not a number from " + std::to_string(min) +
                        " to " + std::to_string(max),
                    "give a whole number in that range");
    return value;
}

SearchState parse_search_state(const QueryParams& params) {
    SearchState s;
    s.query = params.get("q").value_or("");
    if (s.query.size() > kMaxQueryChars)
        throw Error(Errc::invalid_argument, "q: the query is longer than " + std::to_string(kMaxQueryChars) + " bytes",
                    "shorten the query");
    s.since = params.get("since").value_or("");
    s.until = params.get("until").value_or("");
    check_date("since", s.since);
    check_date("until", s.until);
    s.kind = params.get("kind").value_or("");
    if (!s.kind.empty()) parse_passage_kind(s.kind);
    s.sort = params.get("sort").value_or("");
    if (!s.sort.empty() && s.sort != "relevance" && s.sort != "newest" && s.sort != "oldest")
        throw Error(Errc::invalid_argument, "sort: '" + s.sort + "' is not a sort order",
                    "use relevance, newest or oldest");
    if (s.sort == "relevance") s.sort.clear();
    if (const auto within = params.get("within"); within && !within->empty()) {
        if (*within != "article" && *within != "passage")
            throw Error(Errc::invalid_argument, "within: '" + *within + "' is not article or passage",
                        "use within=passage for every word in one passage");
        s.within = parse_search_unit(*within);
    }
    s.sources = params.all("source");
    s.authors = params.all("author");
    s.languages = params.all("lang");
    for (const auto& list : {&s.sources, &s.authors, &s.languages})
        for (const std::string& v : *list)
            if (v.size() > 200)
                throw Error(Errc::invalid_argument, "a filter value is longer than 200 bytes", "shorten it");
    if (const auto exact = params.get("exact"); exact && !exact->empty()) {
        if (*exact != "1" && *exact != "on" && *exact != "0")
            throw Error(Errc::invalid_argument, "exact: '" + *exact + "' is not 1 or 0", "use exact=1");
        s.exact = *exact != "0";
    }
    if (const auto per = params.get("per"); per && !per->empty())
        s.limit = parse_bounded_int("per", *per, 1, kMaxPageSize);
    if (const auto limit = params.get("limit"); limit && !limit->empty())
        s.limit = parse_bounded_int("limit", *limit, 1, kMaxPageSize);
    if (const auto page = params.get("page"); page && !page->empty())
        s.offset = (parse_bounded_int("page", *page, 1, kMaxResultDepth) - 1) * s.limit;
    if (const auto offset = params.get("offset"); offset && !offset->empty())
        s.offset = parse_bounded_int("offset", *offset, 0, kMaxResultDepth);
    if (s.offset + s.limit > kMaxResultDepth)
        throw Error(Errc::invalid_argument,
                    "the page lies beyond the first " + std::to_string(kMaxResultDepth) + " results",
                    "narrow the query, or use /export for every result");
    return s;
}

SearchOptions SearchState::options() const {
    SearchOptions o;
    o.query = query;
    if (!kind.empty()) o.kind = parse_passage_kind(kind);
    o.limit = limit;
    o.offset = offset;
    o.since = since;
    o.until = until;
    o.sources = sources;
    o.authors = authors;
    o.languages = languages;
    o.match = exact ? WordMatch::exact : WordMatch::stemmed;
    o.sort = sort == "newest" ? SortOrder::newest : sort == "oldest" ? SortOrder::oldest : SortOrder::relevance;
    o.unit = within;
    return o;
}

std::string SearchState::query_string() const {
    std::string out = "q=" + url_encode(query);
    const auto add = [&out](const char* name, const std::string& value) {
        if (!value.empty()) out += std::string("&") + name + "=" + url_encode(value);
    };
    add("since", since);
    add("until", until);
    for (const auto& v : sources) add("source", v);
    for (const auto& v : authors) add("author", v);
    for (const auto& v : languages) add("lang", v);
    add("kind", kind);
    add("sort", sort);
    if (within == SearchUnit::passage) out += "&within=passage";
    if (exact) out += "&exact=1";
    if (limit != kDefaultPageSize) out += "&per=" + std::to_string(limit);
    return out;
}

bool SearchState::has_filters() const {
    return !since.empty() || !until.empty() || !kind.empty() || !sources.empty() || !authors.empty() ||
           !languages.empty();
}

} // namespace newsdb::web
