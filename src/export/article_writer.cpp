// `newsdb show`: one stored article as readable text or as a JSON object.
#include <algorithm>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "export/stream_check.hpp"
#include "export/text_escape.hpp"
#include "newsdb/export.hpp"

namespace newsdb {

namespace {

using exporting::group_thousands;
using exporting::one_line;

std::string_view boilerplate_kind_name(Boilerplate::Kind kind) {
    return kind == Boilerplate::Kind::paywall ? "paywall" : "chrome";
}

std::string excerpt_status(const ParsedArticle& a) {
    if (!a.is_excerpt) return "no, full text";
    if (a.words_shown && a.words_total)
        return group_thousands(*a.words_shown) + " of " + group_thousands(*a.words_total) +
               " words shown";
    if (a.words_shown) return group_thousands(*a.words_shown) + " words shown";
    return "yes, word counts unknown";
}

// Puts the `[N]` citation marks back into the paragraph text at their offsets.
// An offset past the end goes to the end; one inside a UTF-8 character moves to
// its start, so the output stays valid UTF-8.
std::string with_citation_marks(const Paragraph& p) {
    std::vector<Citation> cites = p.citations;
    std::stable_sort(cites.begin(), cites.end(),
                     [](const Citation& a, const Citation& b) { return a.offset < b.offset; });
    std::string out;
    out.reserve(p.text.size() + cites.size() * 4);
    std::size_t done = 0;
    for (const Citation& c : cites) {
        std::size_t at = std::min(c.offset, p.text.size());
        while (at > done && at < p.text.size() &&
               (static_cast<unsigned char>(p.text[at]) & 0xC0) == 0x80)
            --at;
        at = std::max(at, done);
        out.append(p.text, done, at - done);
        out += '[';
        out += std::to_string(c.footnote_number);
        out += ']';
        done = at;
    }
    out.append(p.text, done, std::string::npos);
    return out;
}

void write_field(std::ostream& out, std::string_view label, const std::string& value) {
    if (value.empty()) return;
    constexpr std::size_t width = 14;
    out << label << ':' << std::string(width - std::min(width, label.size() + 1), ' ')
        << one_line(value) << '\n';
}

void write_text(const StoredArticle& s, std::ostream& out) {
    const ParsedArticle& a = s.article;
    write_field(out, "id", std::to_string(s.id));
    write_field(out, "title", a.title.empty() ? "(untitled)" : a.title);
    write_field(out, "date", a.date);
    write_field(out, "source", a.source);
    write_field(out, "author", a.author);
    write_field(out, "url", a.url);
    write_field(out, "language", a.language);
    if (!a.tags.empty()) {
        std::string tags;
        for (const auto& t : a.tags) tags += (tags.empty() ? "" : ", ") + t;
        write_field(out, "tags", tags);
    }
    write_field(out, "excerpt", excerpt_status(a));
    for (std::size_t i = 0; i < s.paths.size(); ++i) {
        const std::string locator = i < s.locators.size() && !s.locators[i].empty() ? " (" + s.locators[i] + ")" : "";
        write_field(out, i == 0 ? "path" : "also from", s.paths[i] + locator);
    }
    write_field(out, "content hash", s.content_hash);
    write_field(out, "format", s.format);
    write_field(out, "encoding", s.encoding);
    write_field(out, "ingested at", s.ingested_at);

    for (const StoredParagraph& p : s.paragraphs)
        out << '\n' << p.position << ". " << one_line(with_citation_marks(p.paragraph)) << '\n';

    if (!a.footnotes.empty()) {
        out << "\nFootnotes\n";
        for (const Footnote& f : a.footnotes) {
            out << "\n[" << f.number << "] " << one_line(f.text) << '\n';
            const std::pair<std::string_view, const std::string*> fields[] = {
                {"title", &f.title}, {"author", &f.author}, {"publisher", &f.publisher},
                {"date", &f.date},   {"url", &f.url}};
            for (const auto& [label, value] : fields)
                if (!value->empty()) out << "    " << label << ": " << one_line(*value) << '\n';
        }
    }

    if (!a.boilerplate.empty()) {
        out << "\nNot indexed\n\n";
        for (const Boilerplate& b : a.boilerplate)
            out << "    " << boilerplate_kind_name(b.kind) << ": " << one_line(b.text) << '\n';
    }
}

nlohmann::ordered_json or_null(const std::string& s) {
    return s.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(s);
}

template <typename T>
nlohmann::ordered_json or_null(const std::optional<T>& v) {
    return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json();
}

void write_json(const StoredArticle& s, std::ostream& out) {
    const ParsedArticle& a = s.article;
    nlohmann::ordered_json paragraphs = nlohmann::ordered_json::array();
    for (const StoredParagraph& p : s.paragraphs) {
        nlohmann::ordered_json cites = nlohmann::ordered_json::array();
        for (const Citation& c : p.paragraph.citations)
            cites.push_back({{"footnote", c.footnote_number}, {"offset", c.offset}});
        paragraphs.push_back({{"number", p.position},
                              {"passage_id", p.passage_id},
                              {"text", p.paragraph.text},
                              {"cites", std::move(cites)}});
    }
    nlohmann::ordered_json footnotes = nlohmann::ordered_json::array();
    for (const Footnote& f : a.footnotes) {
        footnotes.push_back({{"number", f.number},
                             {"text", f.text},
                             {"title", or_null(f.title)},
                             {"author", or_null(f.author)},
                             {"publisher", or_null(f.publisher)},
                             {"date", or_null(f.date)},
                             {"url", or_null(f.url)}});
    }
    nlohmann::ordered_json boilerplate = nlohmann::ordered_json::array();
    for (const Boilerplate& b : a.boilerplate)
        boilerplate.push_back({{"kind", boilerplate_kind_name(b.kind)}, {"text", b.text}});

    const nlohmann::ordered_json doc = {
        {"id", s.id},
        {"title", a.title},
        {"date", or_null(a.date)},
        {"source", or_null(a.source)},
        {"author", or_null(a.author)},
        {"url", or_null(a.url)},
        {"language", or_null(a.language)},
        {"tags", a.tags},
        {"excerpt",
         {{"is_excerpt", a.is_excerpt},
          {"words_shown", or_null(a.words_shown)},
          {"words_total", or_null(a.words_total)}}},
        {"paths", s.paths},
        {"locators", s.locators},
        {"content_hash", s.content_hash},
        {"format", s.format},
        {"encoding", or_null(s.encoding)},
        {"ingested_at", s.ingested_at},
        {"paragraphs", std::move(paragraphs)},
        {"footnotes", std::move(footnotes)},
        {"boilerplate", std::move(boilerplate)},
    };
    out << doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
}

void write_plain(const StoredArticle& article, std::ostream& out) {
    out << article.article.title << "\n";
    for (const auto& p : article.paragraphs) out << "\n" << p.paragraph.text << "\n";
}

}  // namespace

void write_article(const StoredArticle& article, ArticleFormat format, std::ostream& out) {
    switch (format) {
    case ArticleFormat::json: write_json(article, out); break;
    case ArticleFormat::plain: write_plain(article, out); break;
    case ArticleFormat::text: write_text(article, out); break;
    }
    out.flush();
    exporting::check_stream(out, "the article");
}

}  // namespace newsdb
