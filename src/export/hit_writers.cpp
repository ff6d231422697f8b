// One HitWriter per output format. Each writes a hit as soon as it gets it.
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
std::string position_label(const Hit& hit) {
    switch (hit.kind) {
    case PassageKind::title: return "title";
    case PassageKind::footnote: return "footnote [" + std::to_string(hit.position) + "]";
    case PassageKind::paragraph: break;
    }
    return "paragraph " + std::to_string(hit.position);
}

std::string title_or_placeholder(const Hit& hit) {
    return hit.title.empty() ? "(untitled)" : hit.title;
}

nlohmann::ordered_json hit_object(const Hit& hit, const HitWriterContext& context) {
    auto or_null = [](const std::string& s) {
        return s.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(s);
    };
    return nlohmann::ordered_json{
        {"query", context.query},
        {"article_id", hit.article_id},
        {"path", hit.path},
        {"title", hit.title},
        {"date", or_null(hit.date)},
        {"source", or_null(hit.source)},
        {"kind", std::string(passage_kind_name(hit.kind))},
        {"position", hit.position},
        {"score", hit.score},
        {"text", hit.text},
        {"snippet", render_snippet(hit.snippet, MatchStyle::plain)},
    };
}

std::string dump(const nlohmann::ordered_json& value) {
    return value.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

// What every writer shares: the stream, the context, and the stream check
// after each of begin, write and end (end flushes first). A writer only says
// what it writes at each step.
class StreamHitWriter : public HitWriter {
public:
    StreamHitWriter(std::ostream& out, HitWriterContext context)
        : out_(out), context_(std::move(context)) {}

    void begin() final {
        write_begin();
        check();
    }

    void write(const Hit& hit) final {
        write_hit(hit);
        check();
    }

    void end() final {
        write_end();
        out_.flush();
        check();
    }

protected:
    virtual void write_begin() {}
    virtual void write_hit(const Hit& hit) = 0;
    virtual void write_end() {}

    std::ostream& out_;
    const HitWriterContext context_;

private:
    void check() const { exporting::check_stream(out_, "the results"); }
};

class TextWriter final : public StreamHitWriter {
public:
    using StreamHitWriter::StreamHitWriter;

private:
    void write_hit(const Hit& hit) override {
        const bool color = context_.style == MatchStyle::color;
        if (count_ > 0) out_ << '\n';
        ++count_;
        std::string heading = one_line(title_or_placeholder(hit));
        if (color) heading = std::string(kBoldOn) + heading + std::string(kBoldOff);
        out_ << count_ << ". " << heading;
        if (!hit.source.empty()) out_ << " — " << one_line(hit.source);
        if (!hit.date.empty()) out_ << " · " << one_line(hit.date);
        out_ << "\n   " << position_label(hit) << " · article " << hit.article_id << " · score "
             << relevance(hit.score) << '\n';
        const std::string snippet = one_line(hit.snippet, MarkerHandling::keep);
        if (!snippet.empty()) out_ << "   " << render_snippet(snippet, context_.style) << '\n';
    }

    int64_t count_ = 0;
};

class CsvWriter final : public StreamHitWriter {
public:
    using StreamHitWriter::StreamHitWriter;

private:
    void write_begin() override {
        out_ << "query,article_id,path,title,date,source,kind,position,score,text,snippet\r\n";
    }

    void write_hit(const Hit& hit) override {
        out_ << csv_field(context_.query) << ',' << hit.article_id << ',' << csv_field(hit.path)
             << ',' << csv_field(hit.title) << ',' << csv_field(hit.date) << ','
             << csv_field(hit.source) << ',' << passage_kind_name(hit.kind) << ','
             << hit.position << ',' << exact_number(hit.score) << ',' << csv_field(hit.text)
             << ',' << csv_field(render_snippet(hit.snippet, MatchStyle::plain)) << "\r\n";
    }
};

class JsonArrayWriter final : public StreamHitWriter {
public:
    using StreamHitWriter::StreamHitWriter;

private:
    void write_begin() override { out_ << '['; }

    void write_hit(const Hit& hit) override {
        out_ << (first_ ? "\n" : ",\n") << dump(hit_object(hit, context_));
        first_ = false;
    }

    void write_end() override { out_ << (first_ ? "]\n" : "\n]\n"); }

    bool first_ = true;
};

class JsonLinesWriter final : public StreamHitWriter {
public:
    using StreamHitWriter::StreamHitWriter;

private:
    void write_hit(const Hit& hit) override { out_ << dump(hit_object(hit, context_)) << '\n'; }
};

class MarkdownWriter final : public StreamHitWriter {
public:
    using StreamHitWriter::StreamHitWriter;

private:
    void write_begin() override {
        out_ << "# Search results for \"" << escape_markdown(context_.query) << "\"\n";
    }

    void write_hit(const Hit& hit) override {
        ++count_;
        out_ << "\n## " << count_ << ". " << escape_markdown(title_or_placeholder(hit)) << "\n\n";
        std::string meta;
        auto add = [&meta](const std::string& part) {
            if (part.empty()) return;
            if (!meta.empty()) meta += " · ";
            meta += part;
        };
        add(escape_markdown(hit.date));
        add(escape_markdown(hit.source));
        add(escape_markdown(position_label(hit)));
        add("article " + std::to_string(hit.article_id));
        add(escape_markdown(hit.path));
        out_ << meta << "\n\n> " << snippet_markdown(hit.snippet) << '\n';
    }

    void write_end() override {
        if (count_ == 0) out_ << "\nNo matches.\n";
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

    int64_t count_ = 0;
};

}  // namespace

std::unique_ptr<HitWriter> make_hit_writer(HitFormat format, std::ostream& out,
                                           HitWriterContext context) {
    switch (format) {
    case HitFormat::text: return std::make_unique<TextWriter>(out, std::move(context));
    case HitFormat::csv: return std::make_unique<CsvWriter>(out, std::move(context));
    case HitFormat::json: return std::make_unique<JsonArrayWriter>(out, std::move(context));
    case HitFormat::jsonl: return std::make_unique<JsonLinesWriter>(out, std::move(context));
    case HitFormat::markdown: return std::make_unique<MarkdownWriter>(out, std::move(context));
    }
    throw Error(Errc::internal, "unknown hit format");
}

}  // namespace newsdb
