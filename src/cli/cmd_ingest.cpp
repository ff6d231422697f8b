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
    bool retry_failed = false;
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

// The summary on standard error: items, then files when they differ, then
// what was remembered. `retrying`: --retry-failed with no paths.
void print_summary(const IngestSummary& s, const Archive& archive, bool retrying) {
    if (retrying && s.total() == 0) {
        std::cerr << "no failures remembered in " << archive.path().string() << ": nothing to retry\n";
        return;
    }
    std::cerr << "ingested into " << archive.path().string() << ": " << s.added << " added, " << s.replaced
              << " replaced, " << s.unchanged << " unchanged, ";
    if (s.duplicates > 0) std::cerr << s.duplicates << (s.duplicates == 1 ? " duplicate, " : " duplicates, ");
    std::cerr << s.failed << " failed";
    if (s.skipped > 0) std::cerr << ", " << s.skipped << " skipped (not articles; --verbose lists them)";
    std::cerr << "\n";
    const int64_t files = s.files_read + s.files_failed + s.files_skipped;
    if (files != s.total() || s.files_failed > 0)
        std::cerr << "  " << files << (files == 1 ? " file: " : " files: ") << s.files_read << " read, "
                  << s.files_failed << " failed as a whole, " << s.files_skipped << " skipped\n";
    if (s.remembered > 0)
        std::cerr << "  " << s.remembered << (s.remembered == 1 ? " failure" : " failures")
                  << " remembered from earlier runs (`newsdb ingest --retry-failed` to try them again)\n";
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
    options.retry_failed = cmd.retry_failed;
    const bool retrying = cmd.retry_failed && cmd.inputs.empty();
    if (cmd.inputs.empty() && !cmd.retry_failed)
        throw Error(Errc::invalid_argument, "ingest needs a PATH: a file or folder of articles, or - for standard input",
                    "e.g. newsdb ingest ~/articles; `newsdb ingest --retry-failed` reads again what failed before");

    // A new archive only when there is something to ingest: a mistyped path
    // must not leave an empty archive behind.
    std::error_code ec;
    if (!std::filesystem::exists(ctx.archive_path(), ec)) {
        if (retrying)
            throw Error(Errc::not_found, "no archive at '" + ctx.archive_path().string() + "'",
                        "nothing to retry; ingest some articles first (newsdb ingest PATH...)");
        std::vector<std::pair<std::string, std::string>> problems;
        for (const auto& in : cmd.inputs)
            if (in != "-")
                if (std::string why = input_problem(in); !why.empty()) problems.emplace_back(in, std::move(why));
        if (problems.size() == cmd.inputs.size()) {
            for (const auto& [path, why] : problems) std::cerr << "newsdb: failed: " << path << ": " << why << "\n";
            std::cerr << "nothing to ingest: no archive was created at " << ctx.archive_path().string() << "\n";
            return kExitPartial;
        }
    }
    Archive archive = ctx.open(OpenMode::read_write);

    ProgressLine line(ctx);
    auto on_file = [&](const IngestResult& r) {
        if (r.outcome == IngestOutcome::failed) {
            if (r.remembered && !cmd.verbose) return;
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
                summary.count(r);
            }
            summary.count_file(results);
        } else {
            paths.emplace_back(in);
        }
    }
    if (!paths.empty() || retrying)
        summary += archive.ingest(paths, options, on_file,
                                  [&](const IngestProgress& p) { line.show(progress_text(p)); });
    line.clear();

    if (!ctx.quiet || summary.new_failures() > 0) print_summary(summary, archive, retrying);
    if (!ctx.quiet && summary.added + summary.replaced > 0) {
        const Archive::RankedWords ranked = archive.ranked_words();
        if (ranked.current < ranked.total)
            std::cerr << "  the " << ranked.total << " common words ranked by `newsdb optimize` are out of date: "
                         "their searches rank every match until it runs again\n";
    }
    if (summary.new_failures() > 0) {
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
        ->option_text("PATH...");
    sub->add_option("--format", cmd->format,
                    "Input format: auto (by extension, then content), text, html, markdown, json, jsonl, sgml")
        ->option_text("FORMAT");
    sub->add_option("--field", cmd->fields, "JSON/JSONL: read FIELD from another key, e.g. --field text=content")
        ->option_text("FIELD=KEY")
        ->expected(1)
        ->allow_extra_args(false)  // one value each time: the paths after it are paths
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    sub->add_flag("-v,--verbose", cmd->verbose,
                  "Print one line per article: outcome, article id, path; and the failures remembered from "
                  "earlier runs");
    sub->add_flag("--no-originals", cmd->no_originals,
                  "Do not keep the files' bytes (saves space; show --original and reparse then cannot work)");
    sub->add_option("-j,--jobs", cmd->jobs, "Parsing threads, 1 to 64 (default: one per core)")
        ->option_text("N")
        ->check(CLI::Range(1, 64));
    sub->add_flag("--checksum", cmd->checksum,
                  "Read and hash every file, even those whose size and modification time are unchanged since "
                  "the last ingest (which are otherwise skipped unread, and their failures reported again)");
    sub->add_flag("--retry-failed", cmd->retry_failed,
                  "Read again the files whose failures earlier ingests remembered, though unchanged (with no "
                  "PATH: every one of them; those no longer there are forgotten)");
    sub->add_option("--batch", cmd->batch_files,
                    "Files per transaction (default 500; a batch also commits after 0.25 s)")
        ->option_text("N")
        ->check(CLI::Range(1, 100000));
    sub->footer(R"(Each article is stored whole or not at all; re-ingesting the same content changes
nothing; a changed file replaces its article, and the same content at another
path is a duplicate (one article, two paths). What is not an article (a
Reuters story without a body, a JSON file of other data) is skipped. Files
that fail are reported and the others go on (exit code 4). A failure is
remembered: while the file is unchanged, later runs count it without reading
the file or printing it again, and do not exit 4 for it.

Examples:
  newsdb ingest data/
  newsdb ingest --verbose article.txt notes/
  curl -s https://example.org/a.txt | newsdb ingest --format text -
  newsdb ingest --checksum ~/articles    (files restored with their old times)
  newsdb ingest --retry-failed           (after an upgrade that may read them))");
    sub->callback([cmd, &ctx] { ctx.run = [cmd, &ctx] { return run_ingest(*cmd, ctx); }; });
}

} // namespace newsdb::cli
