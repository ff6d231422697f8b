// Dump files as streams: zstd by name when writing, by magic number when
// reading, lines cut at the right places, nothing left behind on failure.
#include <gtest/gtest.h>

#include <zstd.h>

#include "newsdb/error.hpp"
#include "test_support.hpp"
#include "util/byte_stream.hpp"

namespace newsdb::util {
namespace {

using test::TempDir;
namespace fs = std::filesystem;

std::vector<std::pair<std::string, bool>> all_lines(LineReader& reader) {
    std::vector<std::pair<std::string, bool>> out;
    std::string line;
    bool terminated = false;
    while (reader.next(line, terminated)) out.emplace_back(line, terminated);
    return out;
}

TEST(OutputStream, WritesInPlaceOnlyWhenFinished) {
    TempDir dir;
    const fs::path target = dir / "d.jsonl";
    {
        OutputStream out(target);
        out.write("first\n");
        EXPECT_FALSE(fs::exists(target));
        out.finish();
    }
    EXPECT_EQ(test::read_file(target), "first\n");
    {
        OutputStream out(target);
        out.write("second\n");
    }  // unfinished: the old file stays, no temporary is left
    EXPECT_EQ(test::read_file(target), "first\n");
    EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 1);
}

TEST(OutputStream, CompressesWhenTheNameEndsInZst) {
    TempDir dir;
    std::string text;
    for (int i = 0; i < 20000; ++i) text += "line " + std::to_string(i % 7) + "\n";
    {
        OutputStream out(dir / "d.jsonl.zst");
        EXPECT_TRUE(out.compressed());
        for (std::size_t i = 0; i < text.size(); i += 1000) out.write(std::string_view(text).substr(i, 1000));
        out.finish();
    }
    const std::string packed = test::read_file(dir / "d.jsonl.zst");
    EXPECT_LT(packed.size(), text.size() / 10);
    LineReader reader(dir / "d.jsonl.zst", 100);
    const auto lines = all_lines(reader);
    ASSERT_EQ(lines.size(), 20000u);
    EXPECT_EQ(lines[19999].first, "line 0");  // 19999 % 7
    EXPECT_EQ(reader.line_number(), 20000);
}

TEST(OutputStream, AFolderThatDoesNotExistIsAnIoError) {
    TempDir dir;
    try {
        OutputStream out(dir / "missing" / "d.jsonl");
        FAIL() << "opened";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::io);
    }
}

TEST(LineReader, TellsWhetherTheLastLineWasEnded) {
    LineReader reader(std::string_view("a\n\nb"), 10);
    const auto lines = all_lines(reader);
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[0], std::make_pair(std::string("a"), true));
    EXPECT_EQ(lines[1], std::make_pair(std::string(""), true));
    EXPECT_EQ(lines[2], std::make_pair(std::string("b"), false));
}

TEST(LineReader, ALineLongerThanTheLimitIsRefusedWithItsNumber) {
    LineReader reader(std::string_view("short\n0123456789A\n"), 10);
    std::string line;
    bool terminated = false;
    ASSERT_TRUE(reader.next(line, terminated));
    try {
        reader.next(line, terminated);
        FAIL() << "read";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::bad_input);
        EXPECT_NE(e.message().find("line 2"), std::string::npos) << e.message();
    }
}

TEST(LineReader, CutOrDamagedZstdIsBadInput) {
    const std::string text = "one\ntwo\nthree\n";
    std::string packed(ZSTD_compressBound(text.size()), '\0');
    packed.resize(ZSTD_compress(packed.data(), packed.size(), text.data(), text.size(), 3));
    {
        LineReader whole(std::string_view(packed), 100);
        EXPECT_EQ(all_lines(whole).size(), 3u);
    }
    const std::string cut = packed.substr(0, packed.size() - 3);
    LineReader reader{std::string_view(cut), 100};
    EXPECT_THROW(all_lines(reader), Error);
    const std::string damaged = packed.substr(0, 4) + std::string(40, '\xff');
    LineReader bad{std::string_view(damaged), 100};
    EXPECT_THROW(all_lines(bad), Error);
}

TEST(LineReader, AMissingFileIsNotFound) {
    TempDir dir;
    try {
        LineReader reader(dir / "none.jsonl", 10);
        FAIL() << "opened";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::not_found);
    }
}

} // namespace
} // namespace newsdb::util
