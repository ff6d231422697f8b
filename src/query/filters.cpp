// Partial dates and ranges, and SearchOptions' filter options as QueryFilters.
#include "query/filters.hpp"

#include <algorithm>
#include <charconv>
#include <string>

#include "newsdb/error.hpp"

namespace newsdb {

namespace {

std::optional<int> digits(std::string_view text, std::size_t count) {
    if (text.size() != count) return std::nullopt;
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    if (!std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    return value;
}

int days_in_month(int year, int month) {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

std::string two(int value) { return (value < 10 ? "0" : "") + std::to_string(value); }

std::string trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return std::string(text);
}

[[noreturn]] void bad_option(const std::string& option, const std::string& value, const std::string& what,
                             const std::string& hint) {
    throw Error(Errc::invalid_argument, option + " " + value + ": " + what, hint);
}

} // namespace

bool QueryFilters::empty() const {
    return title.empty() && sources.empty() && authors.empty() && publishers.empty() && languages.empty() &&
           kinds.empty() && !date && tags.empty();
}

std::optional<DateRange> parse_partial_date(std::string_view text) {
    const std::optional<int> year = digits(text.substr(0, 4), 4);
    if (!year || *year < 1) return std::nullopt;
    const std::string y(text.substr(0, 4));
    if (text.size() == 4) return DateRange{y + "-01-01", y + "-12-31"};
    if (text.size() < 7 || text[4] != '-') return std::nullopt;
    const std::optional<int> month = digits(text.substr(5, 2), 2);
    if (!month || *month < 1 || *month > 12) return std::nullopt;
    const std::string ym = y + "-" + two(*month);
    if (text.size() == 7) return DateRange{ym + "-01", ym + "-" + two(days_in_month(*year, *month))};
    if (text.size() != 10 || text[7] != '-') return std::nullopt;
    const std::optional<int> day = digits(text.substr(8, 2), 2);
    if (!day || *day < 1 || *day > days_in_month(*year, *month)) return std::nullopt;
    const std::string ymd = ym + "-" + two(*day);
    return DateRange{ymd, ymd};
}

std::optional<DateRange> parse_date_range(std::string_view text) {
    const std::size_t dots = text.find("..");
    if (dots == std::string_view::npos) return parse_partial_date(text);
    const std::string_view first = text.substr(0, dots), second = text.substr(dots + 2);
    if (first.empty() && second.empty()) return std::nullopt;
    DateRange range;
    if (!first.empty()) {
        const auto start = parse_partial_date(first);
        if (!start) return std::nullopt;
        range.from = start->from;
    }
    if (!second.empty()) {
        const auto end = parse_partial_date(second);
        if (!end) return std::nullopt;
        range.to = end->to;
    }
    if (!range.from.empty() && !range.to.empty() && range.from > range.to) return std::nullopt;
    return range;
}

namespace query {

DateRange intersect(const DateRange& a, const DateRange& b) {
    DateRange out;
    out.from = std::max(a.from, b.from);  // "" (open) sorts first
    if (a.to.empty()) out.to = b.to;
    else if (b.to.empty()) out.to = a.to;
    else out.to = std::min(a.to, b.to);
    return out;
}

} // namespace query

QueryFilters merge_option_filters(QueryFilters filters, const SearchOptions& options) {
    const char* const date_hint = "write a date as 2020, 2020-02 or 2020-02-14";
    DateRange range;
    if (const std::string since = trimmed(options.since); !since.empty()) {
        const auto day = parse_partial_date(since);
        if (!day) bad_option("--since", since, "not a date", date_hint);
        range.from = day->from;
    }
    if (const std::string until = trimmed(options.until); !until.empty()) {
        const auto day = parse_partial_date(until);
        if (!day) bad_option("--until", until, "not a date", date_hint);
        range.to = day->to;
    }
    if (!range.from.empty() && !range.to.empty() && range.from > range.to) {
        bad_option("--since", trimmed(options.since), "is after --until " + trimmed(options.until),
                   "swap the two dates");
    }
    if (!range.from.empty() || !range.to.empty())
        filters.date = filters.date ? query::intersect(*filters.date, range) : range;

    const auto add_all = [](std::vector<std::string>& to, const std::vector<std::string>& values,
                            const std::string& option) {
        for (const std::string& raw : values) {
            std::string value = trimmed(raw);
            if (value.empty()) bad_option(option, "''", "is empty", "give a value, or leave the option out");
            to.push_back(std::move(value));
        }
    };
    add_all(filters.sources, options.sources, "--source");
    add_all(filters.authors, options.authors, "--author");
    add_all(filters.tags, options.tags, "--tag");
    for (const std::string& raw : options.languages) {
        std::string code = trimmed(raw);
        for (char& c : code) {
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        }
        if (code.size() != 2 || !std::all_of(code.begin(), code.end(), [](char c) { return c >= 'a' && c <= 'z'; }))
            bad_option("--lang", raw, "not a two-letter language code", "write an ISO 639-1 code, e.g. en, tr or de");
        filters.languages.push_back(std::move(code));
    }
    if (options.kind) filters.kinds.push_back(*options.kind);
    return filters;
}

} // namespace newsdb
