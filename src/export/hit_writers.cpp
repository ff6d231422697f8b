// One HitWriter per output format. Each writes a hit as soon as it gets it.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "export/stream_check.hpp"
#include "export/text_escape.hpp"
#include "newsdb/error.hpp"
#include "newsdb/export.hpp"

namespace newsdb {

namespace {

using exporting::escape_markdown;
using exporting::MarkerHandling;
using exporting::one_line;

constexpr std::string_view kBoldOn = "\x1b[1m";
constexpr std::string_view kBoldOff = "\x1b[0m";

// Shortest text that reads back as the same double.
std::string exact_number(double value) {
    char buf[64];
    const auto result = std::to_chars(buf, buf + sizeof buf, value);
    return std::string(buf, result.ptr);
}

// bm25 is lower-is-better; people read a higher-is-better relevance.
std::string relevance(double bm25) {
    double r = -bm25;
    if (std::abs(r) < 0.005) r = 0.0;  // no "-0.00"
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f", r);
    return buf;
}

// "paragraph 2", "footnote [3]", "title".
std::string position_label(const PassageHit& passage) {
    switch (passage.kind) {
    case PassageKind::title: return "title";
    case PassageKind::footnote: return "footnote [" + std::to_string(passage.position) + "]";
    case PassageKind::paragraph: break;
    }
    return "paragraph " + std::to_string(passage.position);
}

std::string title_or_placeholder(const HitArticle& article) {
    return article.title.empty() ? "(untitled)" : article.title;
}

using Json = nlohmann::ordered_json;

Json or_null(const std::string& s) { return s.empty() ? Json() : Json(s); }

// The article's fields of a row, after query and rank.
void add_article(Json& row, const HitArticle& a, bool with_id) {
    if (with_id) row["article_id"] = a.id;
    row["title"] = a.title;
    row["url"] = or_null(a.url);
    row["author"] = or_null(a.author);
    row["date"] = or_null(a.date);
    row["source"] = or_null(a.source);
    row["language"] = or_null(a.language);
    row["tags"] = a.tags;
    row["path"] = a.path;
}

Json passage_object(const PassageHit& p) {
    return Json{
        {"passage_id", p.passage_id},
        {"kind", std::string(passage_kind_name(p.kind))},
        {"position", p.position},
        {"score", p.score},
        {"text", p.text},
        {"snippet", render_snippet(p.snippet, MatchStyle::plain)},
    };
}

// One row: an article with its passages, or one passage with its article.
Json hit_object(const SearchHit& hit, int64_t rank, const HitWriterContext& context) {
    Json row{{"query", context.query}, {"rank", rank}};
    if (context.unit == SearchUnit::article) {
        add_article(row, hit.article, true);
        row["score"] = hit.score;
        Json passages = Json::array();
        for (const PassageHit& p : hit.passages) passages.push_back(passage_object(p));
        row["passages"] = std::move(passages);
        return row;
    }
    row["article_id"] = hit.article.id;
    const PassageHit empty;
    const PassageHit& p = hit.passages.empty() ? empty : hit.passages.front();
    row["passage_id"] = p.passage_id;
    add_article(row, hit.article, false);
    row["kind"] = std::string(passage_kind_name(p.kind));
    row["position"] = p.position;
    row["score"] = hit.score;
    row["text"] = p.text;
    row["snippet"] = render_snippet(p.snippet, MatchStyle::plain);
    return row;
}

std::string dump(const Json& value) {
    return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string joined_tags(const std::vector<std::string>& tags) {
    std::string out;
    for (const std::string& t : tags) out += (out.empty() ? "" : "; ") + t;
    return out;
}

// What every writer shares: the stream, the context, the rank of each hit,
// and the stream check after each of begin, write and end (end flushes
// first). A writer only says what it writes at each step.
class StreamHitWriter : public HitWriter {
public:
    StreamHitWriter(std::ostream& out, HitWriterContext context)
        : out_(out), context_(std::move(context)) {}

    void begin(const SearchTotals& total) final {
        write_begin(total);
        check();
    }

    void write(const SearchHit& hit) final {
        ++written_;
        write_hit(hit, context_.offset + written_);
        check();
    }

    void end() final {
        write_end();
        out_.flush();
        check();
    }

protected:
    virtual void write_begin(const SearchTotals& /*total*/) {}
    virtual void write_hit(const SearchHit& hit, int64_t rank) = 0;
    virtual void write_end() {}

    // How many hits follow begin(): the page's size, as far as the totals tell.
    int64_t shown(const SearchTotals& total) const {
        const int64_t all = context_.unit == SearchUnit::article ? total.articles : total.passages;
        const int64_t rest = std::max<int64_t>(0, all - context_.offset);
        return context_.limit > 0 ? std::min(rest, context_.limit) : rest;
    }

    std::ostream& out_;
    const HitWriterContext context_;
    int64_t written_ = 0;

private:
    void check() const { exporting::check_stream(out_, "the results"); }
};

class TextWriter final : public StreamHitWriter {
public:
    using StreamHitWriter::StreamHitWriter;

private:
    void write_begin(const SearchTotals& total) override {
        const int64_t n = shown(total);
        if (n > 0) out_ << describe_totals(total, context_.unit, context_.offset, n) << '\n';
    }

    void write_hit(const SearchHit& hit, int64_t rank) override {
        const bool color = context_.style == MatchStyle::color;
        const HitArticle& a = hit.article;
        std::string heading = one_line(title_or_placeholder(a));
        if (color) heading = std::string(kBoldOn) + heading + std::string(kBoldOff);
        out_ << '\n' << rank << ". " << heading;
        if (!a.source.empty()) out_ << " — " << one_line(a.source);
        if (!a.date.empty()) out_ << " · " << one_line(a.date);
        out_ << '\n';
        if (context_.unit == SearchUnit::passage && !hit.passages.empty()) {
            const PassageHit& p = hit.passages.front();
            out_ << "   " << position_label(p) << " · article " << a.id << " · score " << relevance(hit.score) << '\n';
            const std::string snippet = one_line(p.snippet, MarkerHandling::keep);
            if (!snippet.empty()) out_ << "   " << render_snippet(snippet, context_.style) << '\n';
            return;
        }
        out_ << "   article " << a.id << " · score " << relevance(hit.score) << '\n';
        for (const PassageHit& p : hit.passages) {
            const std::string snippet = one_line(p.snippet, MarkerHandling::keep);
            out_ << "   " << position_label(p) << ": " << render_snippet(snippet, context_.style) << '\n';
        }
    }
};

class CsvWriter final : public StreamHitWriter {
public:
    using StreamHitWriter::StreamHitWriter;

private:
    void write_begin(const SearchTotals& /*total*/) override {
        out_ << "query,rank,article_id,passage_id,title,url,author,date,source,language,tags,path,kind,position,"
                "score,passage_score,text,snippet\r\n";
    }

    // Article unit: a line per passage shown (the article's fields repeat).
    void write_hit(const SearchHit& hit, int64_t rank) override {
        if (hit.passages.empty()) {
            write_line(hit, rank, nullptr);
            return;
        }
        const std::size_t lines = context_.unit == SearchUnit::article ? hit.passages.size() : 1;
        for (std::size_t i = 0; i < lines; ++i) write_line(hit, rank, &hit.passages[i]);
    }

    void write_line(const SearchHit& hit, int64_t rank, const PassageHit* p) {
        const HitArticle& a = hit.article;
        out_ << csv_field(context_.query) << ',' << rank << ',' << a.id << ',';
        if (p != nullptr) out_ << p->passage_id;
        out_ << ',' << csv_field(a.title) << ',' << csv_field(a.url) << ',' << csv_field(a.author) << ','
             << csv_field(a.date) << ',' << csv_field(a.source) << ',' << csv_field(a.language) << ','
             << csv_field(joined_tags(a.tags)) << ',' << csv_field(a.path) << ',';
        if (p != nullptr) out_ << passage_kind_name(p->kind) << ',' << p->position;
        else out_ << ',';
        out_ << ',' << exact_number(hit.score) << ',';
        if (p != nullptr)
            out_ << exact_number(p->score) << ',' << csv_field(p->text) << ','
                 << csv_field(render_snippet(p->snippet, MatchStyle::plain));
        else
            out_ << ",,";
        out_ << "\r\n";
    }
};

// One object: the query, the unit, the totals, then the results as a list.
class JsonWriter final : public StreamHitWriter {
public:
    using StreamHitWriter::StreamHitWriter;

private:
    void write_begin(const SearchTotals& total) override {
        const Json head{{"query", context_.query},
                        {"unit", std::string(search_unit_name(context_.unit))},
                        {"total", Json{{"articles", total.articles}, {"passages", total.passages}}},
                        {"offset", context_.offset}};
        std::string text = dump(head);
        text.pop_back();  // the closing brace: the results follow
        out_ << text << ",\"results\":[";
    }

    void write_hit(const SearchHit& hit, int64_t rank) override {
        out_ << (first_ ? "\n" : ",\n") << dump(hit_object(hit, rank, context_));
        first_ = false;
    }

    void write_end() override { out_ << (first_ ? "]}\n" : "\n]}\n"); }

    bool first_ = true;
};

class JsonLinesWriter final : public StreamHitWriter {
public:
    using StreamHitWriter::StreamHitWriter;

private:
    void write_hit(const SearchHit& hit, int64_t rank) override {
        out_ << dump(hit_object(hit, rank, context_)) << '\n';
    }
};

class MarkdownWriter final : public StreamHitWriter {
public:
    using StreamHitWriter::StreamHitWriter;

private:
    void write_begin(const SearchTotals& total) override {
        out_ << "# Search results for \"" << escape_markdown(context_.query) << "\"\n";
        const int64_t n = shown(total);
        if (n > 0) out_ << '\n' << describe_totals(total, context_.unit, context_.offset, n) << '\n';
    }

    void write_hit(const SearchHit& hit, int64_t rank) override {
        const HitArticle& a = hit.article;
        out_ << "\n## " << rank << ". " << escape_markdown(title_or_placeholder(a)) << "\n\n";
        std::string meta;
        auto add = [&meta](const std::string& part) {
            if (part.empty()) return;
            if (!meta.empty()) meta += " · ";
            meta += part;
        };
        add(escape_markdown(a.date));
        add(escape_markdown(a.source));
        if (context_.unit == SearchUnit::passage && !hit.passages.empty())
            add(escape_markdown(position_label(hit.passages.front())));
        add("article " + std::to_string(a.id));
        add(escape_markdown(a.path));
        out_ << meta << '\n';
        if (context_.unit == SearchUnit::passage) {
            if (!hit.passages.empty()) out_ << "\n> " << snippet_markdown(hit.passages.front().snippet) << '\n';
            return;
        }
        for (const PassageHit& p : hit.passages)
            out_ << "\n> " << escape_markdown(position_label(p)) << ": " << snippet_markdown(p.snippet) << '\n';
    }

    void write_end() override {
        if (written_ == 0) out_ << "\nNo matches.\n";
    }

    // Escapes the text between the match markers first, then adds `**`, so
    // markup in the article stays literal while the matches are bold.
    static std::string snippet_markdown(std::string_view snippet) {
        std::string flat = one_line(snippet, MarkerHandling::keep);
        // Leading spaces in a blockquote could turn into a code block.
        flat.erase(0, flat.find_first_not_of(' '));
        std::string out, piece;
        bool open = false;
        auto flush_piece = [&] {
            if (piece.empty()) return;
            out += open ? "**" + escape_markdown(piece) + "**" : escape_markdown(piece);
            piece.clear();
        };
        for (char c : flat) {
            if (c == kMatchStart || c == kMatchEnd) {
                flush_piece();
                open = c == kMatchStart;
            } else {
                piece += c;
            }
        }
        flush_piece();
        return out;
    }
};

}  // namespace

std::string describe_totals(const SearchTotals& total, SearchUnit unit, int64_t offset, int64_t shown) {
    using exporting::group_thousands;
    const auto count = [](int64_t n, const char* one, const char* many) {
        return group_thousands(n) + " " + (n == 1 ? one : many);
    };
    const std::string range = offset == 0 ? group_thousands(shown)
                              : shown == 1 ? group_thousands(offset + 1)
                                           : group_thousands(offset + 1) + "–" + group_thousands(offset + shown);
    if (unit == SearchUnit::article)
        return range + " of " + count(total.articles, "article", "articles") + " (" +
               count(total.passages, "passage", "passages") + ")";
    return range + " of " + count(total.passages, "passage", "passages") + " (" +
           count(total.articles, "article", "articles") + ")";
}

std::unique_ptr<HitWriter> make_hit_writer(HitFormat format, std::ostream& out,
                                           HitWriterContext context) {
    switch (format) {
    case HitFormat::text: return std::make_unique<TextWriter>(out, std::move(context));
    case HitFormat::csv: return std::make_unique<CsvWriter>(out, std::move(context));
    case HitFormat::json: return std::make_unique<JsonWriter>(out, std::move(context));
    case HitFormat::jsonl: return std::make_unique<JsonLinesWriter>(out, std::move(context));
    case HitFormat::markdown: return std::make_unique<MarkdownWriter>(out, std::move(context));
    }
    throw Error(Errc::internal, "unknown hit format");
}

}  // namespace newsdb
