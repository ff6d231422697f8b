// Bugs found by the safety work (sanitizers, clang warnings, fuzzing), one
// test each, named after the bug. Bugs that crash the process are tested
// through the binary elsewhere (a crash here would stop the whole suite).
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "newsdb/error.hpp"
#include "newsdb/parse.hpp"

namespace newsdb {
namespace {

// Bug (src/parse/format.cpp, detect_format): for content starting with "{",
//   const auto rest = nl == npos ? std::string_view{} : head_of(...);
// makes `rest` a string_view of a temporary std::string destroyed at the end
// of the statement (clang: -Wdangling-gsl), so deciding JSON vs JSON Lines
// reads freed memory. ASan reports a heap-use-after-free here; without it the
// answer depends on what the freed memory still holds.
TEST(Regression, Regression_DetectFormatReadsFreedMemory) {
    const std::string second_line(300, ' ');
    const std::string jsonl = "{\"title\": \"One\", \"text\": \"The harbour.\"}\n" + second_line +
                              "{\"title\": \"Two\", \"text\": \"The river, described at some length.\"}\n";
    EXPECT_EQ(detect_format(jsonl, "items"), InputFormat::jsonl);
    const std::string json = "{\n" + second_line + "\"title\": \"One\", \"text\": \"The harbour.\"\n}\n";
    EXPECT_EQ(detect_format(json, "item"), InputFormat::json);
}

// Bug (found by fuzz_parse_input; reproducer fuzz/regressions/parse_input/
// json-number-overflow): a JSON number too large for a double, such as 1e999
// (valid JSON), makes nlohmann throw json::out_of_range (406), which escapes
// the JSON parser as a non-newsdb exception; ingest then reports "internal
// error while parsing ... this is a bug in newsdb". parse_input must report
// such input as a bad item (or Error(bad_input)) with a message of ours.
TEST(Regression, Regression_JsonNumberOverflowEscapesTheParser) {
    const std::vector<std::pair<std::string, std::string>> inputs = {
        {"4e18030i", "items.jsonl"},
        {"{\"title\": \"A\", \"text\": \"The harbour.\", \"views\": 1e999}\n", "items.jsonl"},
        {"[{\"title\": \"A\", \"text\": \"The harbour.\", \"views\": -1e999}]", "items.json"},
        {"{\"title\": \"A\", \"text\": 1e400}", "item.json"},
    };
    for (const auto& [bytes, name] : inputs) {
        try {
            const auto result = parse_input(bytes, name);
            for (const auto& item : result.items) {
                if (!item.article) {
                    EXPECT_EQ(item.error.find("internal"), std::string::npos) << name << ": " << item.error;
                }
            }
        } catch (const Error& e) {
            EXPECT_EQ(e.code(), Errc::bad_input) << name;
            EXPECT_EQ(std::string(e.what()).find("internal"), std::string::npos) << e.what();
        } catch (const std::exception& e) {
            ADD_FAILURE() << name << " [" << bytes << "]: escaped as " << e.what();
        }
    }
}

} // namespace
} // namespace newsdb
