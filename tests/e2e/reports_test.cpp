// End-to-end: what ingest and reparse report and the exit codes a script or a
// cron job reads (issue 21, "Honest reports and exit codes"), with the exact
// messages a user sees.
#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <regex>

#include "test_support.hpp"

namespace newsdb {
namespace {

using test::CommandResult;
using test::TempDir;
namespace fs = std::filesystem;

// Two Reuters stories in one collection: one with a body, one BRIEF without.
constexpr const char* kReuters =
    "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n"
    "<REUTERS TOPICS=\"YES\" LEWISSPLIT=\"TRAIN\" NEWID=\"1\">\n<DATE>26-FEB-1987 15:01:01.79</DATE>\n"
    "<TEXT>&#2;\n<TITLE>COCOA EXPORTS RISE</TITLE>\n<DATELINE>    SALVADOR, Feb 26 - </DATELINE><BODY>"
    "Cocoa exports rose sharply this season, the board said.\n    Shipments went mostly to Europe.\n"
    " Reuter\n&#3;</BODY></TEXT>\n</REUTERS>\n"
    "<REUTERS TOPICS=\"NO\" LEWISSPLIT=\"TRAIN\" NEWID=\"2\">\n<DATE>26-FEB-1987 15:02:20.00</DATE>\n"
    "<TEXT TYPE=\"BRIEF\">&#2;\n******<TITLE>SHORT BRIEF ON GRAIN\n</TITLE>\n&#3;\n\n</TEXT>\n</REUTERS>\n";
constexpr const char* kBodylessOnly =
    "<REUTERS TOPICS=\"NO\" LEWISSPLIT=\"TRAIN\" NEWID=\"7\">\n<DATE>26-FEB-1987 15:02:20.00</DATE>\n"
    "<TEXT TYPE=\"UNPROC\">&#2;\n<TITLE>UNPROCESSED WIRE</TITLE>\n&#3;\n</TEXT>\n</REUTERS>\n";
const std::string kBinary("\x7f" "ELF\x02\x01\x01\0\0\0", 10);

class ReportsTest : public ::testing::Test {
protected:
    TempDir dir;
    std::string db = (dir / "archive.db").string();
    fs::path in = dir / "in";

    CommandResult run(std::vector<std::string> args, const std::string& stdin_text = {}) {
        args.insert(args.begin(), {"--db", db});
        return test::run_newsdb(args, dir, stdin_text);
    }

    // A file old enough for its stamp to be trusted, so that its failure is remembered.
    void write_aged(const fs::path& path, const std::string& bytes) {
        test::write_file(path, bytes);
        fs::last_write_time(path, fs::file_time_type::clock::now() - std::chrono::hours(1));
    }
};

// Each line of `text` that contains `needle`.
std::size_t lines_with(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);)
        if (line.find(needle) != std::string::npos) ++n;
    return n;
}

// Runs the binary on a pseudo-terminal (stdout and stderr both), as a user at
// a terminal would; returns everything it wrote and its exit code.
CommandResult run_on_terminal(const std::vector<std::string>& args) {
    int master = -1;
    const pid_t pid = forkpty(&master, nullptr, nullptr, nullptr);
    if (pid == 0) {
        std::vector<char*> argv;
        argv.push_back(const_cast<char*>(NEWSDB_BINARY));
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        ::unsetenv("NEWSDB_DB");
        ::setenv("NO_COLOR", "1", 1);
        ::execv(NEWSDB_BINARY, argv.data());
        _exit(127);
    }
    CommandResult r;
    char buf[4096];
    for (;;) {
        const ssize_t n = ::read(master, buf, sizeof buf);
        if (n <= 0) break;  // EIO once the child has gone
        r.err.append(buf, static_cast<std::size_t>(n));
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    ::close(master);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return r;
}

TEST_F(ReportsTest, Regression_AStoryWithoutABodyFailedTheIngest) {
    test::write_file(in / "reut2-000.sgm", kReuters);
    test::write_file(in / "00007.sgm", kBodylessOnly);
    auto r = run({"ingest", in.string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err.find("failed:"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(": 1 added, 0 replaced, 0 unchanged, 0 failed, 2 skipped (not articles; --verbose lists "
                         "them)\n  2 files: 1 read, 0 failed as a whole, 1 skipped\n"),
              std::string::npos)
        << r.err;

    auto verbose = run({"ingest", "--verbose", "--checksum", in.string()});
    EXPECT_EQ(verbose.exit_code, 0) << verbose.err;
    EXPECT_NE(verbose.out.find("skipped\t-\t" + (in / "reut2-000.sgm").string() +
                               " (NEWID 2)\tstory NEWID 2 has no body text (a BRIEF/UNPROC story)\n"),
              std::string::npos)
        << verbose.out;
    EXPECT_NE(verbose.out.find("skipped\t-\t" + (in / "00007.sgm").string() +
                               " (NEWID 7)\tstory NEWID 7 has no body text (a BRIEF/UNPROC story)\n"),
              std::string::npos)
        << verbose.out;
}

TEST_F(ReportsTest, AJsonFileOfOtherDataIsSkippedAndAnArticleWithoutTextFails) {
    test::write_file(in / "labels.json", R"({"001": {"url": "https://example.org/a", "title": "A"}})");
    test::write_file(in / "stub.json", R"({"title": "Otters", "bodytext": "The otters returned."})");
    auto r = run({"ingest", "--verbose", in.string()});
    EXPECT_EQ(r.exit_code, 4) << r.err;
    EXPECT_NE(r.out.find("skipped\t-\t" + (in / "labels.json").string() +
                         "\tnot an article: the JSON object has none of the article fields"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.err.find("newsdb: failed: " + (in / "stub.json").string() +
                         ": the JSON object has no article text: none of its fields"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("0 added, 0 replaced, 0 unchanged, 1 failed, 1 skipped"), std::string::npos) << r.err;
    // With --field it is meant as an article: a failure, not a skip.
    auto field = run({"ingest", "--field", "text=body", (in / "labels.json").string()});
    EXPECT_EQ(field.exit_code, 4) << field.err;
}

TEST_F(ReportsTest, Regression_FailedAsAWholeLeftOutFilesWhoseOnlyItemFailed) {
    test::write_file(in / "good.txt", "Good headline\n\nA perfectly fine paragraph about walruses.\n");
    test::write_file(in / "bad.txt", kBinary);
    test::write_file(in / "stub.json", R"({"title": "Otters"})");
    auto r = run({"ingest", in.string()});
    EXPECT_EQ(r.exit_code, 4);
    EXPECT_EQ(lines_with(r.err, "newsdb: failed: "), 2u) << r.err;
    EXPECT_NE(r.err.find(": 1 added, 0 replaced, 0 unchanged, 2 failed\n"
                         "  3 files: 1 read, 2 failed as a whole, 0 skipped\n"
                         "  what failed was not stored (reasons above); everything else was\n"),
              std::string::npos)
        << r.err;
}

TEST_F(ReportsTest, Regression_ANoOpReingestPrintedRememberedFailuresAndExitedFour) {
    test::write_file(in / "good.txt", "Good headline\n\nA perfectly fine paragraph about walruses.\n");
    write_aged(in / "bad.txt", kBinary);
    const std::string bad = (in / "bad.txt").string();
    auto first = run({"ingest", in.string()});
    EXPECT_EQ(first.exit_code, 4);
    EXPECT_NE(first.err.find("newsdb: failed: " + bad + ": looks like an ELF executable"), std::string::npos)
        << first.err;

    auto again = run({"ingest", in.string()});
    EXPECT_EQ(again.exit_code, 0) << again.err;
    EXPECT_EQ(again.err.find("newsdb: failed:"), std::string::npos) << again.err;
    EXPECT_NE(again.err.find(": 0 added, 0 replaced, 1 unchanged, 1 failed\n"
                             "  2 files: 1 read, 1 failed as a whole, 0 skipped\n"
                             "  1 failure remembered from earlier runs (`newsdb ingest --retry-failed` to try them "
                             "again)\n"),
              std::string::npos)
        << again.err;
    EXPECT_EQ(run({"-q", "ingest", in.string()}).err, "") << "quiet: nothing new to say";

    auto verbose = run({"ingest", "--verbose", in.string()});
    EXPECT_EQ(verbose.exit_code, 0);
    EXPECT_NE(verbose.err.find("newsdb: failed: " + bad + ": looks like an ELF executable"), std::string::npos)
        << verbose.err;
    EXPECT_NE(verbose.err.find(" (the file is unchanged since then, so it was not read again)\n"), std::string::npos)
        << verbose.err;

    // Tried again, it fails again: a failure of this run.
    auto retried = run({"ingest", "--retry-failed"});
    EXPECT_EQ(retried.exit_code, 4) << retried.err;
    EXPECT_NE(retried.err.find("newsdb: failed: " + bad + ": looks like an ELF executable"), std::string::npos)
        << retried.err;
    EXPECT_EQ(retried.err.find("not read again"), std::string::npos) << retried.err;
    EXPECT_NE(retried.err.find(": 0 added, 0 replaced, 0 unchanged, 1 failed\n"), std::string::npos) << retried.err;
}

TEST_F(ReportsTest, RetryFailedReadsWhatLooksUnchangedAndForgetsWhatIsGone) {
    const fs::path f = in / "f.json";
    const std::string stub = R"({"title": "Otters", "bodytext": "The otters returned to the river."})";
    write_aged(f, stub);
    write_aged(in / "gone.txt", kBinary);
    EXPECT_EQ(run({"ingest", in.string()}).exit_code, 4);
    // Now an article, but with the same size and time: only a read can tell.
    std::string good = R"({"title": "Otters", "text": "The otters returned to the river.")";
    good += std::string(stub.size() - good.size() - 1, ' ') + "}";
    const auto when = fs::last_write_time(f);
    test::write_file(f, good);
    fs::last_write_time(f, when);
    fs::remove(in / "gone.txt");
    EXPECT_NE(run({"ingest", f.string()}).err.find("1 failure remembered"), std::string::npos);

    auto retried = run({"ingest", "--retry-failed", "--verbose"});
    EXPECT_EQ(retried.exit_code, 0) << retried.err;
    EXPECT_NE(retried.out.find("added\t1\t" + f.string() + "\n"), std::string::npos) << retried.out;
    EXPECT_NE(retried.out.find("skipped\t-\t" + (in / "gone.txt").string() +
                               "\tno longer there: its remembered failure is forgotten\n"),
              std::string::npos)
        << retried.out;
    auto nothing = run({"ingest", "--retry-failed"});
    EXPECT_EQ(nothing.exit_code, 0);
    EXPECT_EQ(nothing.err, "no failures remembered in " + db + ": nothing to retry\n");
}

TEST_F(ReportsTest, Regression_AFreshIngestCalledDuplicatesUnchanged) {
    const std::string text = "Same headline\n\nThe same paragraph about herons, twice.\n";
    test::write_file(in / "a.txt", text);
    test::write_file(in / "b.txt", text);
    auto r = run({"ingest", "--verbose", in.string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "added\t1\t" + (in / "a.txt").string() + "\nduplicate\t1\t" + (in / "b.txt").string() + "\n");
    EXPECT_NE(r.err.find(": 1 added, 0 replaced, 0 unchanged, 1 duplicate, 0 failed\n"), std::string::npos) << r.err;
    auto again = run({"ingest", in.string()});
    EXPECT_NE(again.err.find(": 0 added, 0 replaced, 2 unchanged, 0 failed\n"), std::string::npos) << again.err;
}

TEST_F(ReportsTest, Regression_AMissingPathCreatedAnEmptyArchive) {
    auto r = run({"ingest", "/no/such/path"});
    EXPECT_EQ(r.exit_code, 4);
    EXPECT_EQ(r.err, "newsdb: failed: /no/such/path: no such file or folder; check the path\n"
                     "nothing to ingest: no archive was created at " + db + "\n");
    EXPECT_FALSE(fs::exists(db));
    EXPECT_FALSE(fs::exists(db + "-wal"));
    // Beside a path that exists, the archive is made and the missing one reported.
    test::write_file(in / "a.txt", "Headline\n\nA paragraph about cranes.\n");
    auto both = run({"ingest", "/no/such/path", (in / "a.txt").string()});
    EXPECT_EQ(both.exit_code, 4);
    EXPECT_TRUE(fs::exists(db));
    EXPECT_EQ(run({"ingest"}).exit_code, 2);
}

TEST_F(ReportsTest, Regression_ANewArchiveFlashedRebuildingTheSearchIndex) {
    test::write_file(in / "a.txt", "Headline\n\nA paragraph about cranes.\n");
    auto r = run_on_terminal({"--db", db, "ingest", (in / "a.txt").string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err.find("rebuilding the search index"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("1 added"), std::string::npos) << r.err;
}

TEST_F(ReportsTest, Regression_ReparseOfAMissingIdExitedFour) {
    test::write_file(in / "a.txt", "Headline\n\nA paragraph about cranes.\n");
    ASSERT_EQ(run({"ingest", in.string()}).exit_code, 0);
    auto r = run({"reparse", "999999"});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_EQ(r.err, "newsdb: no article 999999\n  nothing was reparsed; `newsdb search` and `newsdb show` give "
                     "articles' ids\n");
    EXPECT_EQ(run({"reparse", "1", "999999", "888888"}).err.rfind("newsdb: no articles 888888, 999999\n", 0), 0u);
    auto ok = run({"reparse", "1"});
    EXPECT_EQ(ok.exit_code, 0) << ok.err;
    EXPECT_EQ(ok.err, "reparsed 1 article, 0 without a stored original, 0 failed\n");
}

TEST_F(ReportsTest, ReparseShowsProgressOnATerminalAndKeepsIdsAndPaths) {
    std::string lines;
    for (int i = 1; i <= 40; ++i)
        lines += R"({"title": "Story )" + std::to_string(i) + R"(", "text": "Paragraph about storks number )" +
                 std::to_string(i) + R"(."})" + "\n";
    test::write_file(in / "many.jsonl", lines);
    test::write_file(in / "one.txt", "Headline\n\nA paragraph about cranes.\n");
    ASSERT_EQ(run({"ingest", in.string()}).exit_code, 0);
    const auto before = run({"search", "storks", "--format", "jsonl", "--limit", "100"});
    auto r = run_on_terminal({"--db", db, "reparse"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("reparsing: "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("reparsed 41 articles, 0 without a stored original, 0 failed"), std::string::npos) << r.err;
    const auto after = run({"search", "storks", "--format", "jsonl", "--limit", "100"});
    // The same articles at the same ids and paths (passage ids are new).
    const std::regex passage_id(R"("passage_id":\d+,?)");
    EXPECT_EQ(std::regex_replace(after.out, passage_id, ""), std::regex_replace(before.out, passage_id, ""));
    EXPECT_EQ(run({"check"}).exit_code, 0);
}

TEST_F(ReportsTest, Regression_AnUnknownCommandSaidASubcommandIsRequired) {
    auto r = test::run_newsdb({"frobnicate"}, dir);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "newsdb: unknown command 'frobnicate'\n  the commands are: ingest, search, export, show, "
                     "reparse, stats, check, optimize, serve, dump, restore, forget, count, citations, publish; see `newsdb --help` or `newsdb COMMAND --help`\n")
        << r.err;
    // After global options too; and no command at all.
    EXPECT_EQ(test::run_newsdb({"--db", db, "-q", "frobnicate", "x"}, dir).err.rfind(
                  "newsdb: unknown command 'frobnicate'\n", 0),
              0u);
    auto none = test::run_newsdb({"--db", db}, dir);
    EXPECT_EQ(none.exit_code, 2);
    EXPECT_EQ(none.err.rfind("newsdb: no command given\n  the commands are: ingest, ", 0), 0u) << none.err;
}

// Every option that takes one of a few names, in every command (found in
// the help, where they show as a|b|c), refuses a number and a wrong name in
// plain words; --format options (checked by name when the command runs) too.
TEST_F(ReportsTest, Regression_EnumOptionsAcceptedNumbersAndShowedCliTables) {
    auto help = test::run_newsdb({"--help"}, dir);
    const std::regex command_line(R"(\n  ([a-z]+) {2,})");
    std::vector<std::string> commands;
    for (auto it = std::sregex_iterator(help.out.begin(), help.out.end(), command_line); it != std::sregex_iterator(); ++it)
        commands.push_back((*it)[1]);
    ASSERT_GE(commands.size(), 9u) << help.out;
    // "--within,--unit article|passage": CLI11 names the option by its first name.
    const std::regex choice(R"(((--[a-z-]+,)*(--[a-z-]+)) ([a-z]+(\|[a-z]+)+))");
    int checked = 0;
    for (const auto& command : commands) {
        const std::string text = test::run_newsdb({command, "--help"}, dir).out + help.out;
        for (auto it = std::sregex_iterator(text.begin(), text.end(), choice); it != std::sregex_iterator(); ++it) {
            const std::string names = (*it)[1];
            const std::string option = (*it)[3];
            const std::string first = names.substr(0, names.find(','));
            for (const std::string bad : {"1", "bogus"}) {
                auto r = run({command, option, bad, "x"});
                EXPECT_EQ(r.exit_code, 2) << command << " " << option << " " << bad;
                EXPECT_NE(r.err.find("newsdb: " + first + ": '" + bad + "' is not one of "), std::string::npos)
                    << command << " " << option << ": " << r.err;
                ++checked;
            }
        }
        auto format = run({command, "--format", "1", "x"});
        EXPECT_EQ(format.err.find("->"), std::string::npos) << command << ": " << format.err;
        EXPECT_EQ(format.err.find("FAILED"), std::string::npos) << command << ": " << format.err;
    }
    EXPECT_GE(checked, 2 * 4) << "--color, and --sort and --kind of search and export";
    EXPECT_EQ(run({"search", "x", "--sort", "1"}).err,
              "newsdb: --sort: '1' is not one of relevance, newest or oldest\n  see `newsdb --help` or `newsdb "
              "COMMAND --help`; a query that starts with - goes after --, e.g. newsdb search -- '-word other'\n");
    EXPECT_EQ(run({"--color", "NEVER", "search", "--sort", "Newest", "x"}).exit_code, 3) << "names in any case";
}

TEST_F(ReportsTest, TheManPageHasASectionPerCommandWithItsHelp) {
    auto man = test::run_newsdb({"--help-man"}, dir);
    ASSERT_EQ(man.exit_code, 0);
    EXPECT_EQ(man.out.rfind(".\\\" Generated by `newsdb --help-man`", 0), 0u);
    EXPECT_NE(man.out.find(".TH NEWSDB 1 "), std::string::npos);
    for (const char* command : {"ingest", "search", "export", "show", "reparse", "stats", "check", "optimize", "serve"})
        EXPECT_NE(man.out.find(std::string(".SS \"newsdb ") + command + "\""), std::string::npos) << command;
    EXPECT_NE(man.out.find("\\fB\\-\\-retry\\-failed\\fR\n"), std::string::npos);
    EXPECT_NE(man.out.find("\\fB\\-\\-sort\\fR \\fIrelevance|newest|oldest\\fR\n"), std::string::npos);
    EXPECT_NE(man.out.find("Exit codes: 0 ok"), std::string::npos);
}

TEST_F(ReportsTest, TheCompletionsOfferCommandsOptionsAndChoices) {
    const fs::path script = dir / "newsdb.bash";
    test::write_file(script, test::run_newsdb({"--completion", "bash"}, dir).out);
    auto complete = [&](const std::string& words) {
        const std::string cmd = "bash -c " + test::shell_quote("source " + script.string() + "; COMP_WORDS=(" + words +
                                                               "); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _newsdb; "
                                                               "echo \"${COMPREPLY[*]}\"");
        std::FILE* p = ::popen(cmd.c_str(), "r");
        std::string out;
        char buf[512];
        while (std::fgets(buf, sizeof buf, p)) out += buf;
        ::pclose(p);
        return out;
    };
    EXPECT_EQ(complete("newsdb se"), "search serve\n");
    EXPECT_EQ(complete("newsdb sea"), "search\n");
    EXPECT_EQ(complete("newsdb --db x.db rep"), "reparse\n");
    EXPECT_EQ(complete("newsdb search q --sort ''"), "relevance newest oldest\n");
    EXPECT_EQ(complete("newsdb ingest --re"), "--retry-failed\n");
    EXPECT_EQ(complete("newsdb --color n"), "never\n");
    EXPECT_EQ(test::run_newsdb({"--completion", "zsh"}, dir).out.rfind("#compdef newsdb\n", 0), 0u);
    EXPECT_EQ(test::run_newsdb({"--completion", "fish"}, dir).exit_code, 2);
}

} // namespace
} // namespace newsdb
