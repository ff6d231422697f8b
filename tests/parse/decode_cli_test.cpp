// End to end through the real binary: a file in a legacy charset is ingested
// and its accented words are found.
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace newsdb {
namespace {

using test::TempDir;

TEST(DecodeCli, IngestsLatin1TextAndFindsAccentedWord) {
    TempDir dir;
    const std::string db = (dir / "archive.db").string();
    const auto file = dir / "latin1.txt";
    test::write_file(file, test::read_file(test::fixture("encoding/latin1.txt")));

    const auto ingest = test::run_newsdb({"--db", db, "ingest", file.string()}, dir);
    ASSERT_EQ(ingest.exit_code, 0) << ingest.out << ingest.err;
    EXPECT_NE((ingest.out + ingest.err).find("1 added"), std::string::npos) << ingest.out << ingest.err;

    const auto search = test::run_newsdb({"--db", db, "search", "Garc\xC3\xAD" "a"}, dir);
    ASSERT_EQ(search.exit_code, 0) << search.err;
    EXPECT_NE(search.out.find("Caf\xC3\xA9 owners in Z\xC3\xBCrich cheer the new rules"), std::string::npos)
        << search.out;
    EXPECT_NE(search.out.find("**Garc\xC3\xAD" "a**"), std::string::npos) << search.out;

    // Accents do not matter, and the text came through intact.
    const auto plain = test::run_newsdb({"--db", db, "search", "zurich"}, dir);
    ASSERT_EQ(plain.exit_code, 0) << plain.err;
    EXPECT_NE(plain.out.find("**Z\xC3\xBCrich**"), std::string::npos) << plain.out;
}

TEST(DecodeCli, IngestsGzippedTextAndRefusesPdfByName) {
    TempDir dir;
    const std::string db = (dir / "archive.db").string();
    const auto gz = dir / "article.txt.gz";
    test::write_file(gz, test::read_file(test::fixture("encoding/article.txt.gz")));
    const auto pdf = dir / "paper.txt";
    test::write_file(pdf, "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");

    const auto ingest = test::run_newsdb({"--db", db, "ingest", gz.string(), pdf.string()}, dir);
    EXPECT_EQ(ingest.exit_code, 4) << ingest.out << ingest.err;
    EXPECT_NE((ingest.out + ingest.err).find("looks like a PDF file"), std::string::npos) << ingest.out << ingest.err;

    const auto search = test::run_newsdb({"--db", db, "search", "festival"}, dir);
    ASSERT_EQ(search.exit_code, 0) << search.err;
    EXPECT_NE(search.out.find("River festival draws record crowds"), std::string::npos) << search.out;
}

TEST(DecodeCli, ShowsThatAMixedPageWasRepaired) {
    TempDir dir;
    const std::string db = (dir / "archive.db").string();
    const auto file = dir / "mixed-pl.html";
    test::write_file(file, test::read_file(test::fixture("encoding/mixed-pl.html")));
    const auto ingest = test::run_newsdb({"--db", db, "ingest", file.string()}, dir);
    ASSERT_EQ(ingest.exit_code, 0) << ingest.out << ingest.err;

    const auto show = test::run_newsdb({"--db", db, "show", "1"}, dir);
    ASSERT_EQ(show.exit_code, 0) << show.err;
    EXPECT_NE(show.out.find("encoding:     utf-8 (4 bytes repaired as windows-1250)\n"), std::string::npos) << show.out;
    const auto search = test::run_newsdb({"--db", db, "search", "przysz\xC5\x82ym"}, dir);
    ASSERT_EQ(search.exit_code, 0) << search.err;
    EXPECT_NE(search.out.find("Rz\xC4\x85" "d og\xC5\x82osi\xC5\x82 nowe przepisy"), std::string::npos) << search.out;
}

} // namespace
} // namespace newsdb
