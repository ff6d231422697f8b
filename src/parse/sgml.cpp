// Newswire SGML (Reuters-21578): one item per <REUTERS> element.
//
// Choices: titles are kept as written (UPPER CASE in the source: converting
// would mangle tickers and acronyms such as <CH>, U.S., OPEC); the dateline's
// place becomes a tag "dateline:<place>" and the story's <DATE> its date; a
// story without a <BODY> (TYPE="BRIEF" or "UNPROC") is not an article even when
// it has a title, since a title alone is nothing to search: an item marked
// not_an_article, which ingest reports as skipped rather than failed.
#include <array>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "newsdb/parse.hpp"
#include "parse/parsers.hpp"
#include "parse/sgml_text.hpp"
#include "parse/text_util.hpp"

namespace newsdb::parse {

namespace {

struct Span {
    std::size_t begin = 0;  // first byte of the content
    std::size_t end = 0;    // one past its last byte
};

// Case-insensitive search: SGML tag names are not case-sensitive.
std::size_t ifind(std::string_view text, std::string_view needle, std::size_t from = 0) {
    if (needle.empty() || text.size() < needle.size()) return std::string_view::npos;
    for (std::size_t i = from; i + needle.size() <= text.size(); ++i)
        if (iequals(text.substr(i, needle.size()), needle)) return i;
    return std::string_view::npos;
}

// The content of the first <NAME ...>...</NAME> in `text`.
std::optional<Span> element(std::string_view text, std::string_view name) {
    const std::string open = "<" + std::string(name);
    for (std::size_t at = ifind(text, open); at != std::string_view::npos; at = ifind(text, open, at + 1)) {
        const std::size_t after = at + open.size();
        if (after < text.size() && text[after] != '>' && text[after] != ' ' && text[after] != '\n' &&
            text[after] != '\t' && text[after] != '\r')
            continue;  // <TEXTX> is not <TEXT>
        const auto gt = text.find('>', after);
        if (gt == std::string_view::npos) return std::nullopt;
        const auto close = ifind(text, "</" + std::string(name) + ">", gt + 1);
        if (close == std::string_view::npos) return Span{gt + 1, text.size()};
        return Span{gt + 1, close};
    }
    return std::nullopt;
}

std::string_view content(std::string_view text, std::string_view name) {
    const auto span = element(text, name);
    return span ? text.substr(span->begin, span->end - span->begin) : std::string_view{};
}

// The value of `name="..."` in a start tag.
std::string attribute(std::string_view start_tag, std::string_view name) {
    const std::string key = std::string(name) + "=";
    std::size_t at = 0;
    while ((at = ifind(start_tag, key, at)) != std::string_view::npos) {
        if (at > 0 && start_tag[at - 1] != ' ' && start_tag[at - 1] != '\t' && start_tag[at - 1] != '\n') {
            ++at;
            continue;
        }
        std::size_t v = at + key.size();
        if (v < start_tag.size() && (start_tag[v] == '"' || start_tag[v] == '\'')) {
            const char quote = start_tag[v];
            const auto close = start_tag.find(quote, v + 1);
            if (close == std::string_view::npos) return {};
            return std::string(start_tag.substr(v + 1, close - v - 1));
        }
        const std::size_t start = v;
        while (v < start_tag.size() && start_tag[v] != ' ' && start_tag[v] != '>') ++v;
        return std::string(start_tag.substr(start, v - start));
    }
    return {};
}

// "26-FEB-1987 15:01:01.79" -> "1987-02-26".
std::string reuters_date(std::string_view text) {
    static constexpr std::array<std::string_view, 12> months{"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                             "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
    text = trim(text);
    int day = 0;
    std::size_t i = 0;
    while (i < text.size() && i < 2 && text[i] >= '0' && text[i] <= '9') day = day * 10 + (text[i++] - '0');
    if (i == 0 || i + 9 > text.size() || text[i] != '-' || text[i + 4] != '-') return normalize_date(text);
    int month = 0;
    for (std::size_t m = 0; m < months.size(); ++m)
        if (iequals(text.substr(i + 1, 3), months[m])) month = static_cast<int>(m) + 1;
    int year = 0;
    for (std::size_t k = i + 5; k < i + 9; ++k) {
        if (text[k] < '0' || text[k] > '9') return {};
        year = year * 10 + (text[k] - '0');
    }
    if (month == 0 || day < 1 || day > 31) return {};
    char buf[32];  // room for any int, so -Wformat-truncation is satisfied
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return buf;
}

// "el-salvador" stays; "NEW YORK" becomes "new-york".
std::string tag_value(std::string_view text) {
    std::string out = to_lower_ascii(normalize_line(decode_entities(text)));
    for (char& c : out)
        if (c == ' ') c = '-';
    return out;
}

void add_tags(std::string_view story, std::string_view list, std::string_view prefix, std::vector<std::string>& tags) {
    const std::string_view body = content(story, list);
    std::size_t at = 0;
    while (auto d = element(body.substr(at), "D")) {
        const std::string value = tag_value(body.substr(at + d->begin, d->end - d->begin));
        if (!value.empty()) tags.push_back(std::string(prefix) + ":" + value);
        at += d->end;
    }
}

// "    NEW YORK, Feb 26 - " -> "NEW YORK".
std::string dateline_place(std::string_view dateline) {
    std::string line = normalize_line(decode_entities(dateline));
    const auto comma = line.find(',');
    if (comma != std::string::npos) line.resize(comma);
    while (!line.empty() && (line.back() == '-' || line.back() == ' ')) line.pop_back();
    return line;
}

// Paragraphs start with an indented line; the lines after it are its hard-wrapped
// continuation. The `Reuter` signature and everything after it are dropped.
std::vector<Paragraph> body_paragraphs(std::string_view body) {
    const std::string text = decode_entities(body);
    std::vector<Paragraph> out;
    bool open = false;
    for (std::string_view raw : split_lines(text)) {
        const std::string line = normalize_line(raw);
        if (line.empty()) {
            open = false;
            continue;
        }
        if (iequals(line, "reuter") || iequals(line, "reuters")) break;
        const bool indented = raw.front() == ' ' || raw.front() == '\t';
        if (!open || indented) out.emplace_back();
        else out.back().text += ' ';
        out.back().text += line;
        open = true;
    }
    return out;
}

ParsedItem parse_story(std::string_view story, std::size_t ordinal) {
    ParsedItem item;
    item.raw = std::string(story);
    const auto tag_end = story.find('>');
    const std::string newid = attribute(story.substr(0, tag_end), "NEWID");
    item.locator = newid.empty() ? "story " + std::to_string(ordinal) : "NEWID " + newid;
    const std::string who = newid.empty() ? "story " + std::to_string(ordinal) : "story NEWID " + newid;
    if (ifind(story, "</REUTERS>") == std::string_view::npos) {
        item.error = who + " is cut off (no </REUTERS> end tag); the file may be truncated: get a complete copy";
        return item;
    }

    const std::string_view text_part = content(story, "TEXT");
    const auto body = element(text_part, "BODY");
    if (!body) {
        item.error = who + " has no body text (a BRIEF/UNPROC story)";
        item.not_an_article = true;
        return item;
    }
    ParsedArticle article;
    article.paragraphs = body_paragraphs(text_part.substr(body->begin, body->end - body->begin));
    if (article.paragraphs.empty()) {
        item.error = who + " has an empty body (nothing but the signature)";
        item.not_an_article = true;
        return item;
    }
    article.title = normalize_line(decode_entities(content(text_part, "TITLE")));
    if (article.title.empty()) article.title = "Reuters " + (newid.empty() ? "story " + std::to_string(ordinal) : "NEWID " + newid);
    article.date = reuters_date(content(story, "DATE"));
    article.source = "Reuters";
    add_tags(story, "TOPICS", "topic", article.tags);
    add_tags(story, "PLACES", "place", article.tags);
    add_tags(story, "PEOPLE", "person", article.tags);
    add_tags(story, "ORGS", "org", article.tags);
    add_tags(story, "EXCHANGES", "exchange", article.tags);
    if (const std::string place = dateline_place(content(text_part, "DATELINE")); !place.empty())
        article.tags.push_back("dateline:" + tag_value(place));
    item.article = std::move(article);
    return item;
}

} // namespace

std::vector<ParsedItem> parse_sgml_items(std::string_view utf8, std::string_view /*name_hint*/) {
    std::vector<ParsedItem> items;
    std::size_t at = ifind(utf8, "<REUTERS");
    while (at != std::string_view::npos) {
        const auto close = ifind(utf8, "</REUTERS>", at);
        const auto next = ifind(utf8, "<REUTERS", at + 1);
        std::size_t end = utf8.size();
        if (close != std::string_view::npos && (next == std::string_view::npos || close < next))
            end = close + std::string_view("</REUTERS>").size();
        else if (next != std::string_view::npos)
            end = next;  // an unclosed story ends where the next one starts
        items.push_back(parse_story(utf8.substr(at, end - at), items.size() + 1));
        at = ifind(utf8, "<REUTERS", end);
    }
    return items;
}

} // namespace newsdb::parse
