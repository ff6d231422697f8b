#include <array>
#include <cctype>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "newsdb/parse.hpp"
#include "parse/text_util.hpp"

namespace newsdb {

namespace {

using parse::iequals;

struct MonthName {
    std::string_view name;
    int month;
};

constexpr std::array<MonthName, 25> month_names{{
    {"january", 1}, {"february", 2}, {"march", 3}, {"april", 4}, {"may", 5}, {"june", 6},
    {"july", 7}, {"august", 8}, {"september", 9}, {"october", 10}, {"november", 11},
    {"december", 12}, {"jan", 1}, {"feb", 2}, {"mar", 3}, {"apr", 4}, {"jun", 6},
    {"jul", 7}, {"aug", 8}, {"sep", 9}, {"sept", 9}, {"oct", 10}, {"nov", 11}, {"dec", 12},
    {"febr", 2},
}};

constexpr std::array<std::string_view, 7> weekday_names{
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

std::optional<int> month_from_name(std::string_view word) {
    if (!word.empty() && word.back() == '.') word.remove_suffix(1);
    for (const auto& m : month_names)
        if (iequals(word, m.name)) return m.month;
    return std::nullopt;
}

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

std::optional<int> to_int(std::string_view s) {
    if (!all_digits(s) || s.size() > 4) return std::nullopt;
    int v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
}

std::optional<int> year_from(std::string_view s) {
    if (s.size() != 4) return std::nullopt;
    auto y = to_int(s);
    if (!y || *y < 1000 || *y > 2999) return std::nullopt;
    return y;
}

// "14", "14th", "1st", "2nd", "3rd"
std::optional<int> day_from(std::string_view s) {
    for (std::string_view suffix : {"st", "nd", "rd", "th"}) {
        if (s.size() > suffix.size() && iequals(s.substr(s.size() - suffix.size()), suffix)) {
            s.remove_suffix(suffix.size());
            break;
        }
    }
    if (s.empty() || s.size() > 2) return std::nullopt;
    return to_int(s);
}

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
    static constexpr std::array<int, 12> days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return (m == 2 && is_leap(y)) ? 29 : days[static_cast<std::size_t>(m - 1)];
}

std::string iso(int y, int m = 0, int d = 0) {
    char buf[16];
    if (m == 0) std::snprintf(buf, sizeof buf, "%04d", y);
    else if (d == 0) std::snprintf(buf, sizeof buf, "%04d-%02d", y, m);
    else std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    return buf;
}

std::string checked_month(int y, int m) { return (m < 1 || m > 12) ? std::string{} : iso(y, m); }

std::string checked(int y, int m, int d) {
    if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return {};
    return iso(y, m, d);
}

std::vector<std::string_view> split_words(std::string_view text) {
    std::vector<std::string_view> words;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && (text[i] == ' ' || text[i] == ',')) ++i;
        const std::size_t start = i;
        while (i < text.size() && text[i] != ' ' && text[i] != ',') ++i;
        if (i > start) words.push_back(text.substr(start, i - start));
    }
    return words;
}

// Numeric forms: 2020-02-14, 2020/02/14, 2020-02, 14/02/2020, 14.02.2020.
std::string numeric_date(std::string_view s) {
    std::vector<std::string_view> parts;
    char sep = 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= s.size(); ++i) {
        if (i == s.size() || s[i] == '-' || s[i] == '/' || s[i] == '.') {
            if (i < s.size()) {
                if (sep != 0 && s[i] != sep) return {};
                sep = s[i];
            }
            parts.push_back(s.substr(start, i - start));
            start = i + 1;
        }
    }
    for (auto p : parts)
        if (!all_digits(p)) return {};
    if (parts.size() == 2 && sep != '.') {
        auto y = year_from(parts[0]);
        auto m = to_int(parts[1]);
        if (y && m && parts[1].size() <= 2) return checked_month(*y, *m);
        return {};
    }
    if (parts.size() != 3) return {};
    if (auto y = year_from(parts[0])) {
        if (parts[1].size() > 2 || parts[2].size() > 2) return {};
        return checked(*y, *to_int(parts[1]), *to_int(parts[2]));
    }
    auto y = year_from(parts[2]);
    if (!y || parts[0].size() > 2 || parts[1].size() > 2) return {};
    const int a = *to_int(parts[0]);
    const int b = *to_int(parts[1]);
    if (sep == '.') return checked(*y, b, a);  // dotted dates are day-first
    if (a == b || (a > 12 && b <= 12)) return checked(*y, b, a);
    if (b > 12 && a <= 12) return checked(*y, a, b);
    return {};  // 03/04/2020: day and month cannot be told apart
}

std::string worded_date(std::string_view s) {
    auto words = split_words(s);
    if (!words.empty()) {
        std::string_view first = words.front();
        if (!first.empty() && first.back() == '.') first.remove_suffix(1);
        for (auto wd : weekday_names)
            if (iequals(first, wd) || (first.size() == 3 && iequals(first, wd.substr(0, 3))))
                words.erase(words.begin());
    }
    if (words.size() == 3) {
        auto y = year_from(words[2]);
        if (!y) return {};
        if (auto m = month_from_name(words[1]); m && day_from(words[0]))
            return checked(*y, *m, *day_from(words[0]));  // 14 February 2020
        if (auto m = month_from_name(words[0]); m && day_from(words[1]))
            return checked(*y, *m, *day_from(words[1]));  // February 14, 2020
        return {};
    }
    if (words.size() == 2) {
        auto y = year_from(words[1]);
        auto m = month_from_name(words[0]);
        if (y && m) return checked_month(*y, *m);  // February 2020
    }
    return {};
}

} // namespace

std::string normalize_date(std::string_view text) {
    std::string_view s = parse::trim(text);
    while (!s.empty() && (s.back() == '.' || s.back() == ',')) s.remove_suffix(1);
    if (s.empty() || s.size() > 60) return {};

    // ISO 8601 with a time part: keep the date.
    if (s.size() > 10 && all_digits(s.substr(0, 4)) && s[4] == '-' &&
        (s[10] == 'T' || s[10] == ' ') && s[11] >= '0' && s[11] <= '9')
        s = s.substr(0, 10);

    if (s.size() == 4) {
        auto y = year_from(s);
        return y ? iso(*y) : std::string{};
    }
    if (s.find(' ') == std::string_view::npos && s.find(',') == std::string_view::npos)
        return numeric_date(s);
    return worded_date(s);
}

} // namespace newsdb
