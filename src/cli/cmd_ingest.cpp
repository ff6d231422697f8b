// newsdb ingest PATH...: add article files and folders to the archive.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <iterator>

#include "cli/cli.hpp"
#include "newsdb/error.hpp"

namespace newsdb::cli {

namespace {

struct IngestCommand {
    std::vector<std::string> inputs;
    std::string format = "auto";
    std::vector<std::string> fields;
    bool verbose = false;
    bool no_originals = false;
    int jobs = 0;
    int batch_files = 500;
    bool checksum = false;
};

// The progress line: files, articles, MB/s, errors, ETA; redrawn in place.
std::string progress_text(const IngestProgress& p) {
    const double rate = p.seconds > 0 ? static_cast<double>(p.bytes_done) / p.seconds : 0;
    std::string eta = "";
    if (p.files_done > 0 && p.files_done < p.files_total && p.seconds > 1) {
        const double left = p.seconds / static_cast<double>(p.files_done) *
                            static_cast<double>(p.files_total - p.files_done);
        eta = ", ETA " + std::to_string(static_cast<int>(left + 0.5)) + " s";
    }
    return std::to_string(p.files_done) + "/" + std::to_string(p.files_total) + " files, " +
           std::to_string(p.articles) + " articles, " + human_bytes(rate) + "/s, " + std::to_string(p.failed) +
           (p.failed == 1 ? " error" : " errors") + eta;
}

int run_ingest(const IngestCommand& cmd, const Context& ctx) {
    IngestOptions options;
    options.parse.format = parse_input_format(cmd.format);
    static const std::vector<std::string> kFields = {"title", "text", "date", "url", "author",
                                                     "source", "language", "tags"};
    for (const auto& f : cmd.fields) {
        const auto eq = f.find('=');
        const std::string name = f.substr(0, eq);
        if (eq == std::string::npos || eq + 1 == f.size() ||
            std::find(kFields.begin(), kFields.end(), name) == kFields.end())
            throw Error(Errc::invalid_argument, "--field '" + f + "' is not FIELD=KEY with a known field",
                        "write e.g. --field text=content; fields: title, text, date, url, author, source, "
                        "language, tags");
        options.parse.json_fields[name] = f.substr(eq + 1);
    }
    options.keep_originals = !cmd.no_originals;
    options.jobs = cmd.jobs;
    options.batch_files = cmd.batch_files;
    options.checksum = cmd.checksum;
    Archive archive = ctx.open(OpenMode::read_write);

    ProgressLine line(ctx);
    auto on_file = [&](const IngestResult& r) {
        if (r.outcome == IngestOutcome::failed) {
            line.clear();
            std::cerr << "newsdb: failed: " << r.path << ": " << r.error << "\n";
        } else if (r.outcome == IngestOutcome::skipped) {
            if (cmd.verbose) std::cout << "skipped\t-\t" << r.path << "\t" << r.error << "\n";
        } else if (cmd.verbose) {
            std::cout << ingest_outcome_name(r.outcome) << "\t" << r.article_id << "\t" << r.path << "\n";
        }
    };

    IngestSummary summary;
    std::vector<std::filesystem::path> paths;
    for (const auto& in : cmd.inputs) {
        if (in == "-") {
            std::string bytes{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
            const auto results = archive.ingest_bytes(bytes, "-", options);
            for (const IngestResult& r : results) {
                on_file(r);
                summary.count(r.outcome);
            }
            const bool whole_failed = results.size() == 1 && results[0].outcome == IngestOutcome::failed;
            ++(whole_failed ? summary.files_failed : summary.files_read);
        } else {
            paths.emplace_back(in);
        }
    }
    summary += archive.ingest(paths, options, on_file,
                              [&](const IngestProgress& p) { line.show(progress_text(p)); });
    line.clear();

    if (!ctx.quiet || summary.failed > 0) {
        std::cerr << "ingested into " << archive.path().string() << ": " << summary.added << " added, " << summary.replaced
                  << " replaced, " << summary.unchanged << " unchanged, " << summary.failed << " failed";
        if (summary.skipped > 0) std::cerr << ", " << summary.skipped << " skipped (not articles; --verbose lists them)";
        std::cerr << "\n";
        const int64_t files = summary.files_read + summary.files_failed + summary.skipped;
        const int64_t articles = summary.added + summary.replaced + summary.unchanged;
        if (files != articles + summary.failed + summary.skipped || summary.files_failed > 0)
            std::cerr << "  " << files << (files == 1 ? " file: " : " files: ") << summary.files_read << " read, "
                      << summary.files_failed << " failed as a whole, " << summary.skipped << " skipped\n";
    }
    if (!ctx.quiet && summary.added + summary.replaced > 0) {
        const Archive::RankedWords ranked = archive.ranked_words();
        if (ranked.current < ranked.total)
            std::cerr << "  the " << ranked.total << " common words ranked by `newsdb optimize` are out of date: "
                         "their searches rank every match until it runs again\n";
    }
    if (summary.failed > 0) {
        std::cerr << "  what failed was not stored (reasons above); everything else was\n";
        return kExitPartial;
    }
    return kExitOk;
}

} // namespace

void register_ingest(CLI::App& app, Context& ctx) {
    auto cmd = std::make_shared<IngestCommand>();
    auto* sub = app.add_subcommand("ingest", "Add article files and folders (recursively) to the archive");
    sub->add_option("paths", cmd->inputs, "Files or folders of articles; - reads one article from stdin")
        ->required();
    sub->add_option("--format", cmd->format,
                    "Input format: auto (by extension, then content), text, html, markdown, json, jsonl, sgml");
    sub->add_option("--field", cmd->fields, "JSON/JSONL: read FIELD from another key, e.g. --field text=content");
    sub->add_flag("-v,--verbose", cmd->verbose, "Print one line per article: outcome, article id, path");
    sub->add_flag("--no-originals", cmd->no_originals,
                  "Do not keep the files' bytes (saves space; show --original and reparse then cannot work)");
    sub->add_option("-j,--jobs", cmd->jobs, "Parsing threads (default: one per core)")->check(CLI::Range(1, 64));
    sub->add_flag("--checksum", cmd->checksum,
                  "Read and hash every file, even those whose size and modification time are unchanged since "
                  "the last ingest (which are otherwise skipped unread, and their failures reported again)");
    sub->add_option("--batch", cmd->batch_files,
                    "Files per transaction (default 500; a batch also commits after 0.25 s)")
        ->check(CLI::Range(1, 100000));
    sub->footer(R"(Each article is stored whole or not at all; re-ingesting the same content changes
nothing; a changed file replaces its article. Files that fail are reported and
the others go on (exit code 4).

Examples:
  newsdb ingest data/
  newsdb ingest --verbose article.txt notes/
  curl -s https://example.org/a.txt | newsdb ingest --format text -
  newsdb ingest --checksum ~/articles    (files restored with their old times))");
    sub->callback([cmd, &ctx] { ctx.run = [cmd, &ctx] { return run_ingest(*cmd, ctx); }; });
}

} // namespace newsdb::cli
