#include <gtest/gtest.h>

#include "newsdb/parse.hpp"

namespace newsdb {
namespace {

struct DateCase {
    std::string input;
    std::string expected;  // empty: not a (unambiguous, valid) date
};

class NormalizeDate : public ::testing::TestWithParam<DateCase> {};

TEST_P(NormalizeDate, Converts) {
    EXPECT_EQ(normalize_date(GetParam().input), GetParam().expected) << GetParam().input;
}

INSTANTIATE_TEST_SUITE_P(
    Table, NormalizeDate,
    ::testing::Values(
        DateCase{"14 February 2020", "2020-02-14"}, DateCase{"14 Feb 2020", "2020-02-14"},
        DateCase{"14 Feb. 2020", "2020-02-14"}, DateCase{"February 14, 2020", "2020-02-14"},
        DateCase{"Feb. 14, 2020", "2020-02-14"}, DateCase{"february 14 2020", "2020-02-14"},
        DateCase{"14th February 2020", "2020-02-14"}, DateCase{"Friday, 14 February 2020", "2020-02-14"},
        DateCase{"2020-02-14", "2020-02-14"}, DateCase{"2020/02/14", "2020-02-14"},
        DateCase{"2020-02-14T10:00:00Z", "2020-02-14"}, DateCase{"2020-02-14 10:00", "2020-02-14"},
        DateCase{"14/02/2020", "2020-02-14"}, DateCase{"02/14/2020", "2020-02-14"},
        DateCase{"05/05/2020", "2020-05-05"}, DateCase{"14.02.2020", "2020-02-14"},
        DateCase{"February 2020", "2020-02"}, DateCase{"Feb 2020", "2020-02"}, DateCase{"2020-02", "2020-02"},
        DateCase{"2020", "2020"}, DateCase{" 13 February 2020. ", "2020-02-13"},
        DateCase{"29 February 2020", "2020-02-29"}, DateCase{"29 February 2000", "2000-02-29"},
        // ambiguous or invalid
        DateCase{"03/04/2020", ""}, DateCase{"29 February 2019", ""}, DateCase{"29 February 1900", ""},
        DateCase{"31 April 2020", ""}, DateCase{"2020-13-01", ""}, DateCase{"2020-02-30", ""},
        DateCase{"0 February 2020", ""}, DateCase{"14 Febtober 2020", ""}, DateCase{"Haber Gazetesi", ""},
        DateCase{"", ""}, DateCase{"20", ""}, DateCase{"20200", ""}, DateCase{"14 February", ""},
        DateCase{"2020-02-14 and more", ""}, DateCase{"Daily Sabah 2020", ""}, DateCase{"1,399", ""}));

} // namespace
} // namespace newsdb
