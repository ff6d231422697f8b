// Big JSON Lines files are prepared in parts (FilePart): several workers
// parse them at once and the writer writes them part by part. Whatever the
// parts, an ingest must store and report exactly what preparing the file
// whole does; these tests split small files into many parts to check that.
#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>

#include <chrono>
#include <map>

#include "newsdb/archive.hpp"
#include "store/connection.hpp"
#include "store/transaction.hpp"
#include "store/writer.hpp"
#include "test_support.hpp"
#include "util/compress.hpp"
#include "util/hash.hpp"

namespace newsdb {
namespace {

using test::TempDir;
namespace fs = std::filesystem;

std::string line_of(int i) {
    return R"({"title": "Harbour report )" + std::to_string(i) + R"(", "date": "2024-03-)" +
           std::to_string(10 + i % 18) + R"(", "author": "Desk )" + std::to_string(i % 3) +
           R"(", "source": "Gazette", "content": "The harbour master counted )" + std::to_string(i) +
           R"( ships.\n\nA second paragraph about cranes and tides number )" + std::to_string(i) + R"(."})";
}

// Forty lines with what a real export holds: good articles, a bad line, a
// line that is not an object, a blank line, CRLF ends, HTML content, a
// duplicate article, and (with `cut`) a last line cut off without a newline.
std::string jsonl(bool cut = true, int lines = 40) {
    std::string out;
    for (int i = 1; i <= lines; ++i) {
        if (i == 7) out += "{\"title\": \"broken\", \"content\": \n";
        else if (i == 12) out += "[1, 2, 3]\n";
        else if (i == 15) out += "   \n";
        else if (i == 18) out += line_of(i) + "\r\n";
        else if (i == 23) out += R"({"title": "Markup", "content": "<p>First <b>bold</b> paragraph.</p><p>Second one.</p>"})" "\n";
        else if (i == 31) out += line_of(5) + "\n";
        else out += line_of(i) + "\n";
    }
    if (cut) out += R"({"title": "Cut off", "content": "The file ends in)";
    return out;
}

struct IngestRun {
    std::vector<std::string> results;  // path, outcome, article id, error
    IngestSummary summary;
};

IngestRun ingest(const fs::path& db, const fs::path& input, int64_t part_bytes, int jobs = 2) {
    IngestOptions options;
    options.part_bytes = part_bytes;
    options.jobs = jobs;
    IngestRun run;
    Archive a = Archive::open(db, OpenMode::read_write);
    run.summary = a.ingest({input}, options, [&](const IngestResult& r) {
        run.results.push_back(r.path + " | " + std::to_string(static_cast<int>(r.outcome)) + " | " +
                              std::to_string(r.article_id) + " | " + r.error);
    });
    return run;
}

// Every stored row that an ingest decides (not the times it ran at), with
// originals decompressed: two archives holding the same are equal here.
std::vector<std::string> dump(const fs::path& db) {
    SQLite::Database c(db.string(), SQLite::OPEN_READONLY);
    std::vector<std::string> out;
    for (const char* table : {"articles", "article_paths", "passages", "footnotes", "citations", "boilerplate",
                              "article_tags", "failed_items", "originals"}) {
        std::string columns;
        SQLite::Statement info(c, "SELECT name FROM pragma_table_info(?)");
        info.bind(1, table);
        while (info.executeStep()) {
            const std::string name = info.getColumn(0).getString();
            if (name == "ingested_at" || name == "first_seen" || name == "recorded_at") continue;
            columns += (columns.empty() ? "" : ", ") + name;
        }
        SQLite::Statement rows(c, "SELECT " + columns + " FROM " + table + " ORDER BY " + columns);
        while (rows.executeStep()) {
            std::string row = std::string(table) + ":";
            for (int i = 0; i < rows.getColumnCount(); ++i) {
                const auto col = rows.getColumn(i);
                if (std::string(rows.getColumnName(i)) == "data")
                    row += " | " + util::sha256_hex(util::zstd_decompress(
                                       std::string_view(static_cast<const char*>(col.getBlob()),
                                                        static_cast<std::size_t>(col.getBytes()))));
                else
                    row += " | " + (col.isNull() ? std::string("NULL") : col.getString());
            }
            out.push_back(row);
        }
    }
    return out;
}

void age(const fs::path& p) {
    fs::last_write_time(p, fs::file_time_type::clock::now() - std::chrono::hours(5));
}

void expect_same_runs(const IngestRun& whole, const IngestRun& parts) {
    EXPECT_EQ(whole.results, parts.results);
    EXPECT_EQ(whole.summary.added, parts.summary.added);
    EXPECT_EQ(whole.summary.replaced, parts.summary.replaced);
    EXPECT_EQ(whole.summary.unchanged, parts.summary.unchanged);
    EXPECT_EQ(whole.summary.failed, parts.summary.failed);
    EXPECT_EQ(whole.summary.files_read, parts.summary.files_read);
    EXPECT_EQ(whole.summary.files_failed, parts.summary.files_failed);
}

// Ingests `bytes` as one .jsonl file into two archives, whole and in parts of
// `part_bytes`, and expects the same results and the same rows; `in_parts`:
// whether the parts were used, or the file was read whole after all.
void expect_parts_match_whole(const std::string& bytes, int64_t part_bytes = 300, bool in_parts = true,
                              const std::string& name = "export.jsonl") {
    TempDir dir;
    const fs::path file = dir / "in" / name;
    test::write_file(file, bytes);
    age(file);
    const bool array = name.ends_with(".json");
    if (in_parts || !array) {
        ASSERT_GE(store::plan_parts(file.string(), part_bytes, array).size(), 2u) << "the file should be split";
    }
    const IngestRun whole = ingest(dir / "whole.db", file, 0);
    const IngestRun parts = ingest(dir / "parts.db", file, part_bytes);
    EXPECT_EQ(whole.summary.file_parts, 0);
    if (in_parts)
        EXPECT_EQ(parts.summary.file_parts,
                  static_cast<int64_t>(store::plan_parts(file.string(), part_bytes, array).size()));
    else
        EXPECT_EQ(parts.summary.file_parts, 0);
    expect_same_runs(whole, parts);
    EXPECT_EQ(dump(dir / "whole.db"), dump(dir / "parts.db"));
}

TEST(FileParts, PlanCutsAtLineStartsAndNumbersTheLines) {
    TempDir dir;
    const fs::path file = dir / "a.jsonl";
    const std::string bytes = jsonl();
    test::write_file(file, bytes);
    const auto parts = store::plan_parts(file.string(), 500);
    ASSERT_GE(parts.size(), 4u);
    int64_t expected_begin = 0;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        SCOPED_TRACE(i);
        EXPECT_EQ(parts[i].index, i);
        EXPECT_EQ(parts[i].count, parts.size());
        EXPECT_EQ(parts[i].begin, expected_begin);
        EXPECT_GE(parts[i].end - parts[i].begin, i + 1 < parts.size() ? 500 : 1);
        if (i > 0) {
            EXPECT_EQ(bytes[static_cast<std::size_t>(parts[i].begin) - 1], '\n');
        }
        const auto before = std::count(bytes.begin(), bytes.begin() + parts[i].begin, '\n');
        EXPECT_EQ(parts[i].first, static_cast<std::size_t>(before) + 1);
        expected_begin = parts[i].end;
    }
    EXPECT_EQ(parts.back().end, static_cast<int64_t>(bytes.size()));
    EXPECT_TRUE(parts.back().last());
    // Smaller than two parts, or parts off: whole.
    EXPECT_TRUE(store::plan_parts(file.string(), static_cast<int64_t>(bytes.size())).empty());
    EXPECT_TRUE(store::plan_parts(file.string(), 0).empty());
    EXPECT_TRUE(store::plan_parts((dir / "missing.jsonl").string(), 100).empty());
}

TEST(FileParts, IngestInPartsStoresAndReportsWhatTheWholeFileDoes) {
    expect_parts_match_whole(jsonl());
    expect_parts_match_whole(jsonl(false));
    expect_parts_match_whole(jsonl(), 1);  // a part per line
}

TEST(FileParts, OneWorkerGivesTheSameAsSeveral) {
    TempDir dir;
    const fs::path file = dir / "export.jsonl";
    test::write_file(file, jsonl());
    const IngestRun one = ingest(dir / "one.db", file, 300, 1);
    const IngestRun two = ingest(dir / "two.db", file, 300, 4);
    expect_same_runs(one, two);
    EXPECT_EQ(dump(dir / "one.db"), dump(dir / "two.db"));
}

TEST(FileParts, ByteOrderMarkIsKeptAsTheFilesEncoding) {
    expect_parts_match_whole("\xEF\xBB\xBF" + jsonl());
    TempDir dir;
    const fs::path file = dir / "bom.jsonl";
    test::write_file(file, "\xEF\xBB\xBF" + jsonl());
    ingest(dir / "a.db", file, 300);
    SQLite::Database c((dir / "a.db").string(), SQLite::OPEN_READONLY);
    EXPECT_EQ(c.execAndGet("SELECT group_concat(DISTINCT encoding) FROM articles").getString(), "utf-8-bom");
}

// What parts cannot reproduce goes the whole-file way, with its decoding and its errors.
TEST(FileParts, FilesThatAreNotPlainUtf8AreReadWhole) {
    std::string latin1 = jsonl();
    latin1.insert(latin1.find("counted 30 "), "caf\xE9 ");  // Windows-1252 in a late part
    expect_parts_match_whole(latin1, 300, false);
    std::string nul = jsonl();
    nul[nul.find("counted 33 ")] = '\0';
    expect_parts_match_whole(nul, 300, false);
    expect_parts_match_whole(std::string(700, ' ') + "\n" + std::string(700, '\n'), 300, false);  // only whitespace
    expect_parts_match_whole("%PDF-1.7\n" + jsonl(), 300, false);                                 // binary signature
    expect_parts_match_whole("\xFF\xFE" + jsonl(), 300, false);                                   // UTF-16 mark
}

TEST(FileParts, ReingestUnchangedTouchedAndEditedMatchesTheWholeFile) {
    TempDir dir;
    const fs::path file = dir / "in" / "export.jsonl";
    test::write_file(file, jsonl());
    age(file);
    ingest(dir / "whole.db", file, 0);
    ingest(dir / "parts.db", file, 300);
    // Unchanged by stamp, then touched (same bytes, new stamp: read and hashed).
    expect_same_runs(ingest(dir / "whole.db", file, 0), ingest(dir / "parts.db", file, 300));
    fs::last_write_time(file, fs::file_time_type::clock::now() - std::chrono::hours(2));
    expect_same_runs(ingest(dir / "whole.db", file, 0), ingest(dir / "parts.db", file, 300));
    // Edited: a line changed in the middle, the last lines gone.
    test::write_file(file, jsonl(false, 33).replace(jsonl(false, 33).find("counted 20 "), 11, "counted 2000 "));
    age(file);
    const IngestRun whole = ingest(dir / "whole.db", file, 0);
    const IngestRun parts = ingest(dir / "parts.db", file, 300);
    expect_same_runs(whole, parts);
    EXPECT_GT(whole.summary.replaced, 0);
    EXPECT_EQ(dump(dir / "whole.db"), dump(dir / "parts.db"));
}

TEST(FileParts, ForcedFormatSplitsAnyName) {
    TempDir dir;
    const fs::path file = dir / "export.txt";
    test::write_file(file, jsonl());
    IngestOptions options;
    options.parse.format = InputFormat::jsonl;
    ASSERT_GE(store::plan_parts(file.string(), 300).size(), 2u);
    std::vector<int64_t> added;
    for (const int64_t part_bytes : {int64_t{0}, int64_t{300}}) {
        options.part_bytes = part_bytes;
        Archive a = Archive::open(dir / (std::to_string(part_bytes) + ".db"), OpenMode::read_write);
        added.push_back(a.ingest({file}, options, {}).added);
    }
    EXPECT_GT(added[0], 30);
    EXPECT_EQ(added[0], added[1]);
    EXPECT_EQ(dump(dir / "0.db"), dump(dir / "300.db"));
}

TEST(FileParts, PartOfAFileThatShrankSaysSo) {
    TempDir dir;
    const fs::path file = dir / "a.jsonl";
    test::write_file(file, jsonl());
    const auto parts = store::plan_parts(file.string(), 300);
    ASSERT_GE(parts.size(), 3u);
    fs::resize_file(file, static_cast<uintmax_t>(parts[1].end));
    const store::FileWork w =
        store::prepare_part(file.string(), file.string(), parts.back(), parts, IngestOptions{}, nullptr);
    EXPECT_FALSE(w.parsed);
    EXPECT_NE(w.error.find("became shorter"), std::string::npos) << w.error;
}

// A part that cannot be prepared ends its file early: what was written stays,
// nothing else of the path is removed, the file is reported failed, and the
// next ingest (two file hashes on the path) reads it again and completes it.
TEST(FileParts, FileEndedEarlyKeepsWhatItHadAndTheNextIngestCompletesIt) {
    TempDir dir;
    const fs::path db = dir / "a.db";
    const fs::path file = dir / "export.jsonl";
    test::write_file(file, jsonl(false));
    age(file);
    ingest(db, file, 0);
    const std::vector<std::string> before = dump(db);
    int64_t paths = 0;
    {
        SQLite::Database c(db.string(), SQLite::OPEN_READONLY);
        paths = c.execAndGet("SELECT count(*) FROM article_paths").getInt64();
    }
    // The file changes; the head is written, then the file ends early.
    std::string edited = jsonl(false);
    edited.replace(edited.find("counted 2 "), 10, "counted 222 ");
    test::write_file(file, edited);
    age(file);
    const auto parts = store::plan_parts(file.string(), 300);
    ASSERT_GE(parts.size(), 3u);
    {
        SQLite::Database c(db.string(), SQLite::OPEN_READWRITE);
        store::prepare_connection(c);
        store::Writer writer(c);
        store::Transaction tx(c, store::Transaction::Kind::immediate);
        writer.begin_bulk_index();
        const store::FileWork head =
            store::prepare_part(file.string(), file.string(), parts[0], parts, IngestOptions{}, nullptr);
        ASSERT_TRUE(head.parsed) << head.error;
        auto open = writer.open_file(head);
        writer.write_part(*open, head);
        std::vector<IngestResult> results;
        writer.close_file(*open, [&](const IngestResult& r) { results.push_back(r); }, false, "cannot read it all");
        writer.finish_bulk_index();
        tx.commit();
        ASSERT_FALSE(results.empty());
        EXPECT_EQ(results.back().outcome, IngestOutcome::failed);
        EXPECT_EQ(results.back().error, "cannot read it all");
        const auto line2 = std::find_if(results.begin(), results.end(), [](const IngestResult& r) {
            return r.path.ends_with("(line 2)");
        });
        ASSERT_NE(line2, results.end());
        EXPECT_EQ(line2->outcome, IngestOutcome::replaced);
    }
    {
        SQLite::Database c(db.string(), SQLite::OPEN_READONLY);
        EXPECT_EQ(c.execAndGet("SELECT count(DISTINCT file_hash) FROM article_paths").getInt(), 2);
        EXPECT_EQ(c.execAndGet("SELECT count(*) FROM article_paths").getInt64(), paths);  // every line still there
    }
    EXPECT_NE(dump(db), before);
    const IngestRun again = ingest(db, file, 300);
    EXPECT_EQ(again.summary.unchanged + again.summary.replaced + again.summary.added, paths);
    SQLite::Database c(db.string(), SQLite::OPEN_READONLY);
    EXPECT_EQ(c.execAndGet("SELECT count(DISTINCT file_hash) FROM article_paths").getInt(), 1);
    // The index holds every passage once.
    Archive a = Archive::open(db, OpenMode::read_only);
    EXPECT_EQ(test::hit_count(a, "harbour"), c.execAndGet("SELECT count(*) FROM passages WHERE text LIKE '%harbour%'").getInt());
}

// A JSON document that is an array of forty elements: articles, a number, an
// object without text, strings holding brackets, commas and escaped quotes,
// nesting, HTML content and a duplicate.
std::string json_array(int n = 40) {
    std::string out = "[\n";
    for (int i = 1; i <= n; ++i) {
        if (i > 1) out += i % 7 == 0 ? " ,\n\t" : ",\n";
        if (i == 6) out += "42";
        else if (i == 9) out += R"({"title": "No text here"})";
        else if (i == 13)
            out += R"({"title": "Brackets ] and [ and {", "content": "A \"quoted\" line, with ] and } inside.\n\nAnd a \\ backslash.", "tags": [["a", "b"], {"c": [1, 2]}]})";
        else if (i == 21) out += R"({"title": "Markup", "content": "<p>First <b>bold</b> paragraph.</p><p>Second one.</p>"})";
        else if (i == 30) out += line_of(4);
        else out += line_of(i);
    }
    return out + "\n]\n";
}

TEST(FileParts, JsonArrayPlanCutsAtElementStarts) {
    TempDir dir;
    const fs::path file = dir / "a.json";
    const std::string bytes = json_array();
    test::write_file(file, bytes);
    const auto parts = store::plan_parts(file.string(), 500, true);
    ASSERT_GE(parts.size(), 4u);
    for (std::size_t i = 1; i < parts.size(); ++i) {
        SCOPED_TRACE(i);
        EXPECT_TRUE(parts[i].array);
        EXPECT_EQ(parts[i].begin, parts[i - 1].end);
        const std::string before = bytes.substr(0, static_cast<std::size_t>(parts[i].begin));
        EXPECT_EQ(before.substr(before.find_last_not_of(" \n\t")).front(), ',');
        // Item numbers: the elements before it, counted by their separating commas at depth 1.
        const std::size_t expected = static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
        EXPECT_EQ(parts[i].first, expected) << "one element per line in this fixture";
    }
    EXPECT_EQ(parts.back().end, static_cast<int64_t>(bytes.size()));
    // Not an array of articles this pass follows: no parts.
    for (const std::string& other :
         {json_array() + "[]", json_array().substr(0, 900), std::string(600, '[') + std::string(600, ']'),
          "{\"a\": " + json_array() + ", \"b\": [1]}", "{\"articles\": " + json_array() + ", \"articles\": 1}",
          "{\"art\\u0069cles\": " + json_array() + "}", "{\"numbers\": [1, " + json_array().substr(1) + "}",
          "{\"articles\": []}" + std::string(600, ' '), json_array() + "\n{}"}) {
        test::write_file(file, other);
        EXPECT_TRUE(store::plan_parts(file.string(), 200, true).empty()) << other.substr(0, 40);
    }
}

TEST(FileParts, JsonArrayInPartsStoresAndReportsWhatTheWholeFileDoes) {
    expect_parts_match_whole(json_array(), 300, true, "export.json");
    expect_parts_match_whole(json_array(), 1, true, "export.json");  // a part per element
    expect_parts_match_whole("\xEF\xBB\xBF" + json_array(), 300, true, "export.json");
}

// An API's dump: the articles' array inside an object, with other members
// (strings holding brackets, objects) before and after it.
TEST(FileParts, WrappedJsonArrayInPartsStoresAndReportsWhatTheWholeFileDoes) {
    const std::string before = R"({"status": "ok ] [", "meta": {"page": [1, 2], "q": "x"}, "totalResults": 40, )";
    expect_parts_match_whole(before + R"("articles": )" + json_array() + R"(, "next": {"cursor": "]"}})", 300, true,
                             "export.json");
    expect_parts_match_whole("\xEF\xBB\xBF" + before + R"("results":)" + json_array() + "}", 1, true, "export.json");
    // Not a preferred key: taken because it is the only array and holds objects.
    expect_parts_match_whole(R"({"stuff": )" + json_array().substr(0, json_array().size() - 3) + R"(, 5]})", 300, true,
                             "export.json");
}

// Whatever the whole-file path would refuse, or read another way, it reads.
TEST(FileParts, JsonArraysThatAreNotValidAreReadWhole) {
    std::string missing_comma = json_array();
    missing_comma.erase(missing_comma.find(",", missing_comma.find("report 20")), 1);
    expect_parts_match_whole(missing_comma, 300, false, "export.json");
    std::string too_big = json_array();
    too_big.replace(too_big.find("42"), 2, "1e999");  // valid syntax, too large a number
    expect_parts_match_whole(too_big, 300, false, "export.json");
    std::string deep = json_array();
    deep.replace(deep.find("42"), 2, std::string(520, '[') + std::string(520, ']'));
    expect_parts_match_whole(deep, 300, false, "export.json");
    std::string latin1 = json_array();
    latin1.insert(latin1.find("counted 31 "), "caf\xE9 ");
    expect_parts_match_whole(latin1, 300, false, "export.json");
    // JSON Lines saved as .json: the whole-file path reads it as lines.
    std::string lines = jsonl(false);
    expect_parts_match_whole(lines, 300, false, "export.json");
}

TEST(FileParts, StreamedHashAndCompressionEqualTheWholeOnes) {
    const std::string bytes = jsonl() + jsonl() + jsonl();
    util::Sha256 hash;
    util::ZstdStream z(bytes.size());
    for (std::size_t at = 0; at < bytes.size(); at += 777) {
        hash.add(std::string_view(bytes).substr(at, 777));
        z.add(std::string_view(bytes).substr(at, 777));
    }
    EXPECT_EQ(hash.hex(), util::sha256_hex(bytes));
    EXPECT_EQ(util::zstd_decompress(z.finish()), bytes);
}

} // namespace
} // namespace newsdb
