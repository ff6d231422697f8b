// Bytes to UTF-8: byte-order marks, legacy charsets (declared, detected,
// Windows-1252), binary refusal, gzip; and parse_input() end to end.
#include <gtest/gtest.h>
#include <zlib.h>

#include <string>

#include "newsdb/error.hpp"
#include "newsdb/parse.hpp"
#include "parse/parsers.hpp"
#include "test_support.hpp"

namespace newsdb {
namespace {

using namespace std::string_literals;
using parse::decode_to_utf8;
using parse::gunzip;
using parse::is_gzip;

std::string encoding_fixture(const std::string& name) { return test::read_file(test::fixture("encoding/" + name)); }

// gzip-compresses `text` as one member (zlib's gzip framing).
std::string gzip(const std::string& text) {
    z_stream z{};
    if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("deflateInit2");
    std::string out(deflateBound(&z, static_cast<uLong>(text.size())), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    z.avail_in = static_cast<uInt>(text.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    if (rc != Z_STREAM_END) throw std::runtime_error("deflate");
    return out;
}

Error decode_error(const std::string& bytes, InputFormat format = InputFormat::text) {
    try {
        decode_to_utf8(bytes, format);
    } catch (const Error& e) {
        return e;
    }
    return Error(Errc::internal, "no error");
}

// --- Unicode: kept, or marked by a byte-order mark ---------------------------

struct Case {
    std::string name;
    std::string bytes;
    InputFormat format;
    std::string text;      // expected UTF-8
    std::string encoding;  // expected name
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

class DecodeTable : public ::testing::TestWithParam<Case> {};

TEST_P(DecodeTable, DecodesToExpectedText) {
    const auto decoded = decode_to_utf8(GetParam().bytes, GetParam().format);
    EXPECT_EQ(decoded.text, GetParam().text);
    EXPECT_EQ(decoded.encoding, GetParam().encoding);
}

INSTANTIATE_TEST_SUITE_P(
    Unicode, DecodeTable,
    ::testing::Values(
        Case{"ascii", "Plain title\n\nBody.\n", InputFormat::text, "Plain title\n\nBody.\n", "utf-8"},
        Case{"empty", "", InputFormat::text, "", "utf-8"},
        Case{"utf8", "Caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D \xF0\x9F\x98\x80", InputFormat::text,
             "Caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D \xF0\x9F\x98\x80", "utf-8"},
        Case{"utf8_bom", "\xEF\xBB\xBFTitle\r\n", InputFormat::text, "Title\r\n", "utf-8-bom"},
        // The mark wins over a stray byte, which becomes U+FFFD.
        Case{"utf8_bom_stray_byte", "\xEF\xBB\xBF" "caf\xE9!", InputFormat::text, "caf\xEF\xBF\xBD!", "utf-8-bom"},
        Case{"utf16le_bom", "\xFF\xFE" "H\0i\0 \0\xAC\x20\r\0\n\0"s, InputFormat::text, "Hi \xE2\x82\xAC\r\n",
             "utf-16le"},
        Case{"utf16be_bom", "\xFE\xFF\0H\0i\0 \x20\xAC"s, InputFormat::text, "Hi \xE2\x82\xAC", "utf-16be"},
        Case{"utf16le_surrogate_pair", "\xFF\xFE\x3D\xD8\x00\xDE"s, InputFormat::text, "\xF0\x9F\x98\x80",
             "utf-16le"},
        Case{"utf16le_lone_surrogate", "\xFF\xFE" "a\0\x3D\xD8" "b\0"s, InputFormat::text, "a\xEF\xBF\xBD" "b",
             "utf-16le"},
        Case{"utf32le_bom", "\xFF\xFE\0\0" "A\0\0\0\x00\xF6\x01\0"s, InputFormat::text, "A\xF0\x9F\x98\x80",
             "utf-32le"},
        Case{"utf32be_bom", "\0\0\xFE\xFF\0\0\0A"s, InputFormat::text, "A", "utf-32be"},
        Case{"utf16le_unmarked", "T\0i\0t\0l\0e\0\n\0\n\0B\0o\0d\0y\0.\0"s, InputFormat::text, "Title\n\nBody.",
             "utf-16le"},
        Case{"utf16be_unmarked", "\0T\0i\0t\0l\0e\0\n\0\n\0B\0o\0d\0y"s, InputFormat::text, "Title\n\nBody",
             "utf-16be"}),
    [](const auto& param_info) { return param_info.param.name; });

// --- Legacy charsets ----------------------------------------------------------

INSTANTIATE_TEST_SUITE_P(
    Legacy, DecodeTable,
    ::testing::Values(
        Case{"latin1_pound", "Price \xA3" "5\n", InputFormat::text, "Price \xC2\xA3" "5\n", "windows-1252"},
        Case{"cp1252_undefined_byte", "a\x81z", InputFormat::text, "a\xEF\xBF\xBDz", "windows-1252"},
        Case{"crlf_untouched", "Caf\xE9\r\n\r\nNa\xEFve.\r\n", InputFormat::text,
             "Caf\xC3\xA9\r\n\r\nNa\xC3\xAFve.\r\n", "iso-8859-1"},
        // Declared charsets, when the bytes fit them.
        Case{"xml_declaration", "<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?>\n<p>\xA4 5</p>", InputFormat::html,
             "<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?>\n<p>\xE2\x82\xAC 5</p>", "iso-8859-15"},
        Case{"meta_charset_unquoted", "<meta charset=koi8-r><p>\xF0\xD2\xC9\xD7\xC5\xD4</p>", InputFormat::html,
             "<meta charset=koi8-r><p>\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82</p>", "koi8-r"},
        Case{"meta_latin1_with_c1_bytes_reads_cp1252",
             "<meta http-equiv=Content-Type content='text/html; charset=ISO-8859-1'><p>\x93hi\x94</p>",
             InputFormat::html,
             "<meta http-equiv=Content-Type content='text/html; charset=ISO-8859-1'><p>\xE2\x80\x9Chi\xE2\x80\x9D</p>",
             "windows-1252"},
        Case{"meta_latin1", "<meta charset=\"latin1\"><p>S\xE9" "ance</p>", InputFormat::html,
             "<meta charset=\"latin1\"><p>S\xC3\xA9" "ance</p>", "iso-8859-1"},
        // A declaration the bytes do not fit loses to them.
        Case{"meta_shift_jis_but_latin1", "<meta charset=shift_jis><p>Caf\xE9 au lait \xE0 Paris</p>",
             InputFormat::html, "<meta charset=shift_jis><p>Caf\xC3\xA9 au lait \xC3\xA0 Paris</p>", "iso-8859-1"},
        Case{"meta_utf16_label_ignored", "<meta charset=utf-16><p>na\xEFve</p>", InputFormat::html,
             "<meta charset=utf-16><p>na\xC3\xAFve</p>", "windows-1252"},
        Case{"unknown_label", "<meta charset=x-no-such-charset><p>\xA3" "1</p>", InputFormat::html,
             "<meta charset=x-no-such-charset><p>\xC2\xA3" "1</p>", "windows-1252"}),
    [](const auto& param_info) { return param_info.param.name; });

TEST(Decode, Latin1Fixture) {
    const auto decoded = decode_to_utf8(encoding_fixture("latin1.txt"), InputFormat::text);
    EXPECT_EQ(decoded.encoding, "iso-8859-1");
    EXPECT_TRUE(decoded.text.starts_with("Caf\xC3\xA9 owners in Z\xC3\xBCrich cheer the new rules\n"));
    EXPECT_NE(decoded.text.find("costs \xC2\xA3" "4.50"), std::string::npos);
    EXPECT_NE(decoded.text.find("Se\xC3\xB1or Garc\xC3\xAD" "a"), std::string::npos);
}

TEST(Decode, Windows1252FixtureKeepsQuotesEuroAndCrlf) {
    const auto decoded = decode_to_utf8(encoding_fixture("windows-1252.txt"), InputFormat::text);
    EXPECT_EQ(decoded.encoding, "windows-1252");
    EXPECT_TRUE(decoded.text.starts_with("Council sets a \xE2\x82\xAC" "5 fee for \xE2\x80\x9Cgreen\xE2\x80\x9D parking\r\n\r\n"));
    EXPECT_NE(decoded.text.find("month \xE2\x80\x93 less"), std::string::npos);
    EXPECT_NE(decoded.text.find("Residents\xE2\x80\x99 groups"), std::string::npos);
}

TEST(Decode, HtmlDeclaringWindows1252) {
    const auto decoded = decode_to_utf8(encoding_fixture("meta-windows-1252.html"), InputFormat::html);
    EXPECT_EQ(decoded.encoding, "windows-1252");
    EXPECT_NE(decoded.text.find("<h1>Harbour \xE2\x80\x9Creopens\xE2\x80\x9D after storm</h1>"), std::string::npos);
    EXPECT_NE(decoded.text.find("cost \xE2\x82\xAC" "2m"), std::string::npos);
}

TEST(Decode, HtmlDeclaringUtf8ButLatin1ReadsTheBytes) {
    const auto decoded = decode_to_utf8(encoding_fixture("meta-utf8-but-latin1.html"), InputFormat::html);
    EXPECT_EQ(decoded.encoding, "windows-1252");  // uchardet says windows-1250; "£3" reads better than "Ł3"
    EXPECT_NE(decoded.text.find("<h1>P\xC3\xA2tisserie wins award</h1>"), std::string::npos);
    EXPECT_NE(decoded.text.find("cost \xC2\xA3" "3"), std::string::npos);
}

TEST(Decode, ShiftJisDetected) {
    const auto decoded = decode_to_utf8(encoding_fixture("shift_jis.txt"), InputFormat::text);
    EXPECT_EQ(decoded.encoding, "shift_jis");
    EXPECT_TRUE(decoded.text.starts_with("東京の桜が満開になりました\n\n気象庁によると、"));
}

TEST(Decode, Gb18030Detected) {
    const auto decoded = decode_to_utf8(encoding_fixture("gb18030.txt"), InputFormat::text);
    EXPECT_EQ(decoded.encoding, "gb18030");
    EXPECT_TRUE(decoded.text.starts_with("北京今天迎来第一场雪\n\n北京市气象台说，"));
}

TEST(Decode, PolishWindows1250Detected) {
    // "Zażółć gęślą jaźń." ... in windows-1250: ł and ą read as ³ and ¹ inside words in Windows-1252.
    const std::string bytes =
        "Za\xBF\xF3\xB3\xE6 g\xEA\x9Cl\xB9 ja\x9F\xF1. Rz\xB9" "d w Warszawie og\xB3osi\xB3 nowe przepisy "
        "dotycz\xB9" "ce podatk\xF3w, kt\xF3re wejd\xB9 w \xBFycie w przysz\xB3ym roku.\n";
    const auto decoded = decode_to_utf8(bytes, InputFormat::text);
    EXPECT_EQ(decoded.encoding, "windows-1250");
    EXPECT_TRUE(decoded.text.starts_with("Zażółć gęślą jaźń. Rząd w Warszawie ogłosił")) << decoded.text;
}

TEST(Decode, BbcFileWithLatin1PoundSign) {
    const auto file = test::shared_dir() / "corpus" / "bbc" / "sport" / "199.txt";
    if (!std::filesystem::exists(file)) GTEST_SKIP() << "no corpus at " << file;
    const auto decoded = decode_to_utf8(test::read_file(file), InputFormat::text);
    EXPECT_EQ(decoded.encoding, "windows-1252");
    EXPECT_NE(decoded.text.find(" \xC2\xA3" "15.8m signing"), std::string::npos);
}

// --- UTF-8 with a few stray bytes ---------------------------------------------

TEST(DecodeMixed, GermanTextRepairsItsFooterAsWindows1252) {
    const auto decoded = decode_to_utf8(encoding_fixture("mixed-de.txt"), InputFormat::text);
    EXPECT_EQ(decoded.encoding, "utf-8 (3 bytes repaired as windows-1252)");
    EXPECT_TRUE(decoded.text.starts_with("Hochwasser in S\xC3\xBC" "ddeutschland: Tausende m\xC3\xBCssen ihre "
                                         "H\xC3\xA4user verlassen\n\n"));
    EXPECT_NE(decoded.text.find("\xE2\x80\x9E" "Die Lage ist ernst, aber unter Kontrolle\xE2\x80\x9C"), std::string::npos);
    EXPECT_NE(decoded.text.find("Stra\xC3\x9F" "en und Br\xC3\xBC" "cken"), std::string::npos);
    EXPECT_TRUE(decoded.text.ends_with("Verantwortlich f\xC3\xBCr den Inhalt: J\xC3\xBCrgen M\xC3\xBCller\n"));
}

TEST(DecodeMixed, PolishPageRepairsItsFooterAsWindows1250) {
    // ł (0xB3) and ż (0xBF) read as "³" and "¿" inside words in Windows-1252; the page is Polish.
    const auto decoded = decode_to_utf8(encoding_fixture("mixed-pl.html"), InputFormat::html);
    EXPECT_EQ(decoded.encoding, "utf-8 (4 bytes repaired as windows-1250)");
    EXPECT_NE(decoded.text.find("<h1>Rz\xC4\x85" "d og\xC5\x82osi\xC5\x82 nowe przepisy</h1>"), std::string::npos);
    EXPECT_NE(decoded.text.find("cz\xC4\x99\xC5\x9B\xC4\x87 zmian jest \xC5\xBA" "le przygotowana"), std::string::npos);
    EXPECT_NE(decoded.text.find("<!-- Szablon stopki dla u\xC5\xBCytkownik\xC3\xB3w -->"), std::string::npos);
    EXPECT_NE(decoded.text.find("<p>Redakcja: ul. D\xC5\x82uga 5, Gda\xC5\x84sk</p>"), std::string::npos);
}

TEST(DecodeMixed, FrenchMarkdownRepairsItsFooterAsWindows1252) {
    const auto decoded = decode_to_utf8(encoding_fixture("mixed-fr.md"), InputFormat::markdown);
    EXPECT_EQ(decoded.encoding, "utf-8 (6 bytes repaired as windows-1252)");
    EXPECT_NE(decoded.text.find("title: \"Les intemp\xC3\xA9ries frappent la C\xC3\xB4te d\xE2\x80\x99" "Azur\""),
              std::string::npos);
    EXPECT_NE(decoded.text.find("\xC2\xAB Nous n\xE2\x80\x99" "avons jamais vu"), std::string::npos);
    EXPECT_TRUE(decoded.text.ends_with("R\xC3\xA9" "daction : H\xC3\xA9l\xC3\xA8ne, pour l\xE2\x80\x99\xC3\xA9quipe "
                                       "r\xC3\xA9gionale\n"));
}

TEST(DecodeMixed, Windows1250PageDeclaringUtf8ReadsAsWhatItIs) {
    const auto decoded = decode_to_utf8(encoding_fixture("cp1250-declares-utf8.html"), InputFormat::html);
    EXPECT_EQ(decoded.encoding, "windows-1250");
    EXPECT_NE(decoded.text.find("<h1>Vl\xC3\xA1" "da schv\xC3\xA1lila rozpo\xC4\x8D" "et na p\xC5\x99\xC3\xAD\xC5\xA1"
                                "t\xC3\xAD rok</h1>"),
              std::string::npos);
    EXPECT_NE(decoded.text.find("Sn\xC4\x9Bmovna by m\xC4\x9Bla"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(
    Mixed, DecodeTable,
    ::testing::Values(
        // JSON has nowhere to declare a charset: the language (French) and the bytes decide.
        Case{"json_stray_byte", "{\"title\": \"Caf\xC3\xA9 r\xC3\xA9ouvert\", \"text\": \"Le caf\xE9 du port.\"}",
             InputFormat::json, "{\"title\": \"Caf\xC3\xA9 r\xC3\xA9ouvert\", \"text\": \"Le caf\xC3\xA9 du port.\"}",
             "utf-8 (1 byte repaired as windows-1252)"},
        // A declared legacy charset reads the stray bytes when it fits them.
        Case{"declared_charset_repairs", "<meta charset=iso-8859-15><p>Caf\xC3\xA9 \xE2\x80\x93 \xA4 5</p>",
             InputFormat::html, "<meta charset=iso-8859-15><p>Caf\xC3\xA9 \xE2\x80\x93 \xE2\x82\xAC 5</p>",
             "utf-8 (1 byte repaired as iso-8859-15)"},
        // Turkish text: ş (0xFE) and ğ (0xF0) are Windows-1254, "þ" and "ð" in Windows-1252.
        Case{"turkish_language_suggests_windows_1254",
             "\xC4\xB0stanbul'da ya\xC4\x9Fmur ve sel: \xC3\xA7ok say\xC4\xB1" "da ev su bast\xC4\xB1. "
             "Ka\xFEl\xFD ya\xF0mur \xC5\x9F" "ehirde ula\xC5\x9F\xC4\xB1m\xC4\xB1 durdurdu, okullar tatil edildi.\n",
             InputFormat::text,
             "\xC4\xB0stanbul'da ya\xC4\x9Fmur ve sel: \xC3\xA7ok say\xC4\xB1" "da ev su bast\xC4\xB1. "
             "Ka\xC5\x9Fl\xC4\xB1 ya\xC4\x9Fmur \xC5\x9F" "ehirde ula\xC5\x9F\xC4\xB1m\xC4\xB1 durdurdu, okullar tatil "
             "edildi.\n",
             "utf-8 (3 bytes repaired as windows-1254)"},
        Case{"cut_short_at_the_end", "Caf\xC3\xA9 na\xC3\xAFve \xE2\x80", InputFormat::text,
             "Caf\xC3\xA9 na\xC3\xAFve \xEF\xBF\xBD", "utf-8 (cut short at the end)"},
        Case{"stray_byte_and_cut_short", "Caf\xC3\xA9 \xE9t\xC3\xA9 \xE2\x80", InputFormat::text,
             "Caf\xC3\xA9 \xC3\xA9t\xC3\xA9 \xEF\xBF\xBD", "utf-8 (1 byte repaired as windows-1252, cut short at the end)"},
        // Fewer valid sequences than stray bytes: legacy text ("ÓŁ" in Windows-1250 is valid UTF-8 by accident).
        Case{"accidental_sequence_in_legacy_text_stays_legacy",
             "G\xD3\xA3WNY URZ\xA5" "D STATYSTYCZNY: ceny wzros\xB3y o 3 procent w ci\xB9gu roku.\n", InputFormat::text,
             "G\xC3\x93\xC5\x81WNY URZ\xC4\x84" "D STATYSTYCZNY: ceny wzros\xC5\x82y o 3 procent w ci\xC4\x85gu roku.\n",
             "windows-1250"},
        // A C1 control (U+0080-U+009F) is no evidence of UTF-8: "Â\x80" is Windows-1252 "Â€".
        Case{"c1_sequence_is_no_evidence", "Prix \xC2\x80 5 \xE9t\xE9", InputFormat::text,
             "Prix \xC3\x82\xE2\x82\xAC 5 \xC3\xA9t\xC3\xA9", "windows-1252"}),
    [](const auto& param_info) { return param_info.param.name; });

TEST(DecodeMixed, DeclaredLegacyCharsetReadsTheStrayBytes) {
    // 0xA4 is "€" in the declared ISO-8859-15 and "¤" in Windows-1252: the declaration wins the tie.
    const auto decoded = decode_to_utf8(encoding_fixture("mixed-declared-latin9.html"), InputFormat::html);
    EXPECT_EQ(decoded.encoding, "utf-8 (3 bytes repaired as iso-8859-15)");
    EXPECT_NE(decoded.text.find("paieront en moyenne 40 \xE2\x82\xAC de moins"), std::string::npos);
    EXPECT_NE(decoded.text.find("<p>Abonnement : 5 \xE2\x82\xAC par mois, r\xC3\xA9siliable \xC3\xA0 tout moment.</p>"),
              std::string::npos);
}

TEST(DecodeMixed, MultiByteCharsetOfTheLanguageReadsAStrayPair) {
    // A Japanese page in UTF-8 with "東京" (93 8C 8B 9E) left in Shift_JIS.
    const std::string utf8 =
        "\xE6\x9D\xB1\xE4\xBA\xAC\xE3\x81\xAE\xE5\xA4\xA9\xE6\xB0\x97\xE3\x81\xAF\xE6\x99\xB4\xE3\x82\x8C\xE3\x81\xA7"
        "\xE3\x81\x99\xE3\x80\x82\xE6\xB0\x97\xE6\xB8\xA9\xE3\x81\xAF\xE4\xBA\x8C\xE5\x8D\x81\xE5\xBA\xA6\xE3\x81\xBE"
        "\xE3\x81\xA7\xE4\xB8\x8A\xE3\x81\x8C\xE3\x82\x8A\xE3\x81\xBE\xE3\x81\x97\xE3\x81\x9F\xE3\x80\x82"
        "\xE6\x98\x8E\xE6\x97\xA5\xE3\x81\xAF\xE9\x9B\xA8\xE3\x81\x8C\xE9\x99\x8D\xE3\x82\x8B\xE3\x81\xA7\xE3\x81"
        "\x97\xE3\x82\x87\xE3\x81\x86\xE3\x80\x82\n";
    const auto decoded = decode_to_utf8(utf8 + "\x93\x8C\x8B\x9E\n", InputFormat::text);
    EXPECT_EQ(decoded.encoding, "utf-8 (4 bytes repaired as shift_jis)");
    EXPECT_EQ(decoded.text, utf8 + "\xE6\x9D\xB1\xE4\xBA\xAC\n");
}

TEST(DecodeMixed, Regression_StrayLatin1ByteMadeEveryLetterMojibake) {
    // One Latin-1 "é" in a UTF-8 page read the whole page as Windows-1252: "Zürich" became "ZÃ¼rich".
    const std::string bytes = "Z\xC3\xBCrich und Gen\xC3\xA8ve: Caf\xE9 \xE2\x80\x93 gr\xC3\xB6\xC3\x9F" "er.\n";
    const auto decoded = decode_to_utf8(bytes, InputFormat::text);
    EXPECT_EQ(decoded.text, "Z\xC3\xBCrich und Gen\xC3\xA8ve: Caf\xC3\xA9 \xE2\x80\x93 gr\xC3\xB6\xC3\x9F" "er.\n");
    EXPECT_EQ(decoded.encoding, "utf-8 (1 byte repaired as windows-1252)");
}

// --- Binary data --------------------------------------------------------------

TEST(Decode, NulByteIsBinaryWithTheCheckTextBytesWording) {
    const Error e = decode_error("Title\n\nab\0cd"s);
    EXPECT_EQ(e.code(), Errc::bad_input);
    EXPECT_EQ(e.message(), "looks binary (NUL byte at offset 9)");
    EXPECT_FALSE(e.hint().empty());
}

TEST(Decode, UnmarkedUtf16WithControlsIsBinary) {
    const Error e = decode_error("\x01\0\x02\0" "A\0B\0"s);
    EXPECT_EQ(e.message(), "looks binary (NUL byte at offset 1)");
}

TEST(Decode, ControlCharactersDoNotDisqualifyADetectedCharset) {
    const auto decoded = decode_to_utf8(encoding_fixture("shift_jis.txt") + "\x1A", InputFormat::text);
    EXPECT_EQ(decoded.encoding, "shift_jis");
    EXPECT_TRUE(decoded.text.ends_with("\n\x1A"));
}

struct BinaryCase {
    std::string name;
    std::string bytes;
    std::string message;
};

void PrintTo(const BinaryCase& c, std::ostream* os) { *os << c.name; }

class DecodeBinary : public ::testing::TestWithParam<BinaryCase> {};

TEST_P(DecodeBinary, NamesTheType) {
    const Error e = decode_error(GetParam().bytes);
    EXPECT_EQ(e.code(), Errc::bad_input);
    EXPECT_EQ(e.message(), GetParam().message);
    EXPECT_FALSE(e.hint().empty());
}

INSTANTIATE_TEST_SUITE_P(
    Signatures, DecodeBinary,
    ::testing::Values(
        BinaryCase{"png", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR"s, "looks like a PNG image (binary data), not an article"},
        BinaryCase{"jpeg", "\xFF\xD8\xFF\xE0\0\x10JFIF"s, "looks like a JPEG image (binary data), not an article"},
        BinaryCase{"gif", "GIF89a\x01\0\x01\0"s, "looks like a GIF image (binary data), not an article"},
        BinaryCase{"pdf", "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", "looks like a PDF file (binary data), not an article"},
        BinaryCase{"zip", "PK\x03\x04\x14\0\0\0"s,
                   "looks like a ZIP archive (or a .docx/.odt/.epub document, which are ZIP archives) (binary data), "
                   "not an article"},
        BinaryCase{"gzip_in_gzip", "\x1F\x8B\x08\0\0\0\0\0"s, "looks like gzip-compressed data (binary data), not an article"},
        BinaryCase{"elf", "\x7F" "ELF\x02\x01\x01\0"s, "looks like an ELF executable (binary data), not an article"},
        BinaryCase{"tar", std::string(257, '\0') + "ustar\0" "00" + std::string(250, '\0'),
                   "looks like a tar archive (binary data), not an article"}),
    [](const auto& param_info) { return param_info.param.name; });

TEST(Decode, TextStartingLikeASignatureIsText) {
    EXPECT_EQ(decode_to_utf8("BZh, said the bee\n", InputFormat::text).text, "BZh, said the bee\n");
    EXPECT_EQ(decode_to_utf8("PK fire\n", InputFormat::text).text, "PK fire\n");
}

// --- gzip -----------------------------------------------------------------------

TEST(Gunzip, RoundTripsAndRecognisesTheMagic) {
    const std::string text = "Headline\n\nBody text that compresses.\n";
    const std::string packed = gzip(text);
    EXPECT_TRUE(is_gzip(packed));
    EXPECT_FALSE(is_gzip(text));
    EXPECT_FALSE(is_gzip("\x1f"));
    EXPECT_EQ(gunzip(packed, 1 << 20), text);
}

TEST(Gunzip, ConcatenatedMembers) {
    EXPECT_EQ(gunzip(gzip("first part, ") + gzip("second part"), 1 << 20), "first part, second part");
}

TEST(Gunzip, CheckedInFixture) {
    const std::string text = gunzip(encoding_fixture("article.txt.gz"), 1 << 20);
    EXPECT_TRUE(text.starts_with("River festival draws record crowds\n\n"));
}

TEST(Gunzip, LargeOutputGrowsPastTheFirstBuffer) {
    const std::string text(3 << 20, 'a');
    EXPECT_EQ(gunzip(gzip(text), text.size()), text);  // exactly at the limit is fine
}

TEST(Gunzip, RefusesOutputAboveTheLimit) {
    const std::string packed = gzip(std::string(2 << 20, '\0'));
    try {
        gunzip(packed, 1 << 20);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::bad_input);
        EXPECT_EQ(e.message(), "decompresses to more than 1048576 bytes");
        EXPECT_FALSE(e.hint().empty());
    }
}

TEST(Gunzip, DamagedStreams) {
    const std::string packed = gzip("Some text long enough to be worth checking for damage.\n");
    std::string bad_crc = packed;
    bad_crc[bad_crc.size() - 6] = static_cast<char>(bad_crc[bad_crc.size() - 6] ^ 0x55);
    std::string bad_block = packed;
    bad_block[10] = static_cast<char>(0xFF);  // first deflate block header: reserved block type
    const std::vector<std::pair<std::string, std::string>> cases = {
        {packed.substr(0, packed.size() / 2), "damaged gzip data: it ends too early (truncated file?)"},
        {bad_crc, "damaged gzip data: incorrect data check"},
        {bad_block, "damaged gzip data: invalid block type"},
        {"\x1f\x8b", "damaged gzip data: it ends too early (truncated file?)"},
    };
    for (const auto& [bytes, message] : cases) {
        try {
            gunzip(bytes, 1 << 20);
            ADD_FAILURE() << "expected an error for " << message;
        } catch (const Error& e) {
            EXPECT_EQ(e.code(), Errc::bad_input);
            EXPECT_EQ(e.message(), message);
            EXPECT_FALSE(e.hint().empty());
        }
    }
}

// --- parse_input() end to end ---------------------------------------------------

struct EndToEnd {
    std::string name;
    std::string file;
    std::string encoding;
    bool gzip;
    std::string title;
};

void PrintTo(const EndToEnd& c, std::ostream* os) { *os << c.name; }

class DecodeParseInput : public ::testing::TestWithParam<EndToEnd> {};

TEST_P(DecodeParseInput, DecodesAndParses) {
    const auto& c = GetParam();
    const ParseResult result = parse_input(encoding_fixture(c.file), c.file);
    EXPECT_EQ(result.encoding, c.encoding);
    EXPECT_EQ(result.gzip, c.gzip);
    EXPECT_EQ(result.format, InputFormat::text);
    ASSERT_EQ(result.items.size(), 1u);
    ASSERT_TRUE(result.items[0].article.has_value()) << result.items[0].error;
    EXPECT_EQ(result.items[0].article->title, c.title);
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, DecodeParseInput,
    ::testing::Values(
        EndToEnd{"gzip", "article.txt.gz", "utf-8", true, "River festival draws record crowds"},
        EndToEnd{"latin1", "latin1.txt", "iso-8859-1", false, "Caf\xC3\xA9 owners in Z\xC3\xBCrich cheer the new rules"},
        EndToEnd{"windows1252", "windows-1252.txt", "windows-1252", false,
                 "Council sets a \xE2\x82\xAC" "5 fee for \xE2\x80\x9Cgreen\xE2\x80\x9D parking"},
        EndToEnd{"utf16le", "utf16le.txt", "utf-16le", false, "Snow closes mountain passes"},
        EndToEnd{"utf16be", "utf16be.txt", "utf-16be", false, "Snow closes mountain passes"}),
    [](const auto& param_info) { return param_info.param.name; });

TEST(DecodeParseInput, MixedGermanTextKeepsEveryLetter) {
    const ParseResult result = parse_input(encoding_fixture("mixed-de.txt"), "mixed-de.txt");
    EXPECT_EQ(result.encoding, "utf-8 (3 bytes repaired as windows-1252)");
    ASSERT_TRUE(result.items.at(0).article.has_value());
    const ParsedArticle& a = *result.items[0].article;
    EXPECT_EQ(a.title, "Hochwasser in S\xC3\xBC" "ddeutschland: Tausende m\xC3\xBCssen ihre H\xC3\xA4user verlassen");
    ASSERT_EQ(a.paragraphs.size(), 4U);
    EXPECT_EQ(a.paragraphs[1].text,
              "\xE2\x80\x9E" "Die Lage ist ernst, aber unter Kontrolle\xE2\x80\x9C, sagte die B\xC3\xBCrgermeisterin. "
              "Stra\xC3\x9F" "en und Br\xC3\xBC" "cken bleiben gesperrt; die Schulen \xC3\xB6" "ffnen fr\xC3\xBChestens "
              "am Freitag wieder.");
    EXPECT_EQ(a.paragraphs[3].text, "Verantwortlich f\xC3\xBCr den Inhalt: J\xC3\xBCrgen M\xC3\xBCller");
}

TEST(DecodeParseInput, MixedPolishPageKeepsEveryLetter) {
    const ParseResult result = parse_input(encoding_fixture("mixed-pl.html"), "mixed-pl.html");
    EXPECT_EQ(result.encoding, "utf-8 (4 bytes repaired as windows-1250)");
    ASSERT_TRUE(result.items.at(0).article.has_value());
    const ParsedArticle& a = *result.items[0].article;
    EXPECT_EQ(a.title, "Rz\xC4\x85" "d og\xC5\x82osi\xC5\x82 nowe przepisy");
    ASSERT_GE(a.paragraphs.size(), 3U);
    EXPECT_EQ(a.paragraphs[2].text, "Przepisy trafi\xC4\x85 teraz do Sejmu, gdzie pierwsze czytanie zaplanowano na "
                                    "przysz\xC5\x82y miesi\xC4\x85" "c.");
}

TEST(DecodeParseInput, MixedFrenchMarkdownKeepsEveryLetter) {
    const ParseResult result = parse_input(encoding_fixture("mixed-fr.md"), "mixed-fr.md");
    EXPECT_EQ(result.format, InputFormat::markdown);
    EXPECT_EQ(result.encoding, "utf-8 (6 bytes repaired as windows-1252)");
    ASSERT_TRUE(result.items.at(0).article.has_value());
    const ParsedArticle& a = *result.items[0].article;
    EXPECT_EQ(a.title, "Les intemp\xC3\xA9ries frappent la C\xC3\xB4te d\xE2\x80\x99" "Azur");
    ASSERT_EQ(a.paragraphs.size(), 3U);
    EXPECT_EQ(a.paragraphs[2].text,
              "R\xC3\xA9" "daction : H\xC3\xA9l\xC3\xA8ne, pour l\xE2\x80\x99\xC3\xA9quipe r\xC3\xA9gionale");
}

TEST(DecodeParseInput, GzippedLatin1) {
    const ParseResult result = parse_input(gzip(encoding_fixture("latin1.txt")), "latin1.txt.gz");
    EXPECT_TRUE(result.gzip);
    EXPECT_EQ(result.encoding, "iso-8859-1");
    ASSERT_TRUE(result.items.at(0).article.has_value());
    EXPECT_EQ(result.items[0].article->title, "Caf\xC3\xA9 owners in Z\xC3\xBCrich cheer the new rules");
}

TEST(DecodeParseInput, GzippedPdfIsRefusedByName) {
    try {
        parse_input(gzip("%PDF-1.4\n"), "paper.txt.gz");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.message(), "looks like a PDF file (binary data), not an article");
    }
}

} // namespace
} // namespace newsdb
