// An HTTP response as a web archive records it: the status, the headers that
// say how the body is framed and encoded, and the page in the body.
#include <zlib.h>

#include <algorithm>
#include <array>
#include <climits>
#include <optional>
#include <string>

#include "newsdb/error.hpp"
#include "parse/parsers.hpp"
#include "parse/text_util.hpp"
#include "parse/warc.hpp"

namespace newsdb::parse {

namespace {

[[noreturn]] void broken(const std::string& what) {
    throw Error(Errc::bad_input, "broken HTTP response: " + what,
                "the crawler recorded it damaged; the other records are stored");
}

// The value of header `name` (lower case) among `lines`, or empty.
std::string header_value(std::string_view headers, std::string_view name) {
    std::size_t pos = 0;
    while (pos < headers.size()) {
        std::size_t eol = headers.find('\n', pos);
        if (eol == std::string_view::npos) eol = headers.size();
        std::string_view line = headers.substr(pos, eol - pos);
        pos = eol + 1;
        if (line.ends_with('\r')) line.remove_suffix(1);
        const auto colon = line.find(':');
        if (colon == std::string_view::npos || colon != name.size()) continue;
        if (!iequals(line.substr(0, colon), name)) continue;
        return std::string(trim(line.substr(colon + 1)));
    }
    return {};
}

// Transfer-Encoding: chunked, undone. A missing last chunk (a crawl cut
// short) keeps what arrived.
std::string dechunk(std::string_view body) {
    std::string out;
    std::size_t pos = 0;
    while (pos < body.size()) {
        const auto eol = body.find('\n', pos);
        if (eol == std::string_view::npos) break;
        std::string_view size_line = trim(body.substr(pos, eol - pos));
        if (const auto semi = size_line.find(';'); semi != std::string_view::npos) size_line = size_line.substr(0, semi);
        std::size_t size = 0;
        if (size_line.empty()) broken("a chunk without its size");
        for (char c : size_line) {
            const int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                            : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (digit < 0 || size > (SIZE_MAX >> 5)) broken("a chunk size that is no number");
            size = size * 16 + static_cast<std::size_t>(digit);
        }
        pos = eol + 1;
        if (size == 0) break;
        if (size > body.size() - pos) size = body.size() - pos;  // cut short
        out.append(body.substr(pos, size));
        pos += size;
        if (body.substr(pos, 2) == "\r\n") pos += 2;
        else if (body.substr(pos, 1) == "\n") pos += 1;
    }
    return out;
}

// gzip, zlib or raw deflate (servers send each as "deflate"), at most
// max_warc_block_bytes of output.
std::string inflate_body(std::string_view body, bool gzip) {
    const std::array<int, 2> all_bits = gzip ? std::array<int, 2>{16 + MAX_WBITS, 0} : std::array<int, 2>{MAX_WBITS, -MAX_WBITS};
    for (const int bits : all_bits) {
        if (bits == 0) break;
        z_stream z{};
        if (inflateInit2(&z, bits) != Z_OK) throw Error(Errc::internal, "cannot start decompression");
        std::string out;
        std::size_t consumed = 0;
        char buffer[1 << 16];
        int rc = Z_OK;
        while (rc == Z_OK) {
            if (z.avail_in == 0 && consumed < body.size()) {
                const std::size_t chunk = std::min<std::size_t>(body.size() - consumed, UINT_MAX);
                z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data() + consumed));
                z.avail_in = static_cast<uInt>(chunk);
                consumed += chunk;
            }
            z.next_out = reinterpret_cast<Bytef*>(buffer);
            z.avail_out = sizeof buffer;
            rc = inflate(&z, Z_NO_FLUSH);
            out.append(buffer, sizeof buffer - z.avail_out);
            if (out.size() > max_warc_block_bytes) {
                inflateEnd(&z);
                broken("the body decompresses to more than " + std::to_string(max_warc_block_bytes >> 20) + " MB");
            }
            if (rc == Z_BUF_ERROR && z.avail_in == 0 && consumed >= body.size()) break;  // cut short: keep it
        }
        const bool ok = rc == Z_STREAM_END || (rc == Z_BUF_ERROR && !out.empty());
        inflateEnd(&z);
        if (ok) return out;
    }
    broken(std::string("its ") + (gzip ? "gzip" : "deflate") + " body is damaged");
}

// "text/html; charset=ISO-8859-1" -> "iso-8859-1".
std::string charset_of(std::string_view media_type) {
    const std::string lower = to_lower_ascii(media_type);
    const auto at = lower.find("charset=");
    if (at == std::string::npos) return {};
    std::string_view value = std::string_view(lower).substr(at + 8);
    if (const auto semi = value.find(';'); semi != std::string_view::npos) value = value.substr(0, semi);
    value = trim(value);
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'')) value = value.substr(1, value.size() - 2);
    return std::string(trim(value));
}

std::string essence_of(std::string_view media_type) {
    const auto semi = media_type.find(';');
    return to_lower_ascii(trim(media_type.substr(0, semi)));
}

} // namespace

HttpPage parse_http_body(std::string body, std::string_view media_type, std::string_view url) {
    HttpPage page;
    std::string essence = essence_of(media_type);
    InputFormat format = InputFormat::text;
    if (essence == "text/html" || essence == "application/xhtml+xml") {
        format = InputFormat::html;
    } else if (essence == "text/plain") {
        format = InputFormat::text;
    } else if (essence.empty() || essence == "application/octet-stream" || essence == "unknown/unknown") {
        // No type given: a page only if it starts like one.
        const InputFormat sniffed = detect_format(body, {});
        if (sniffed != InputFormat::html) {
            page.not_article = "not an article (no media type, and no HTML)";
            return page;
        }
        format = InputFormat::html;
    } else {
        page.not_article = "not an article (" + essence + ")";
        return page;
    }
    if (trim(body).empty()) {
        page.not_article = "not an article (empty body)";
        return page;
    }
    Decoded decoded = decode_to_utf8(body, format, charset_of(media_type));
    body.clear();
    check_text_bytes(decoded.text);
    page.article = format == InputFormat::html ? parse_html(decoded.text, url) : parse_plain_text(decoded.text, url);
    return page;
}

HttpPage parse_http_response(std::string_view message, std::string_view url) {
    std::size_t head_end = message.find("\r\n\r\n");
    std::size_t body_start = head_end == std::string_view::npos ? head_end : head_end + 4;
    if (const auto lf = message.find("\n\n"); lf != std::string_view::npos && lf < head_end) {
        head_end = lf;
        body_start = lf + 2;
    }
    if (head_end == std::string_view::npos) {
        if (message.size() > 64 * 1024 || message.find('\n') == std::string_view::npos) broken("no end of its headers");
        head_end = message.size();  // headers only
        body_start = message.size();
    }
    const std::string_view head = message.substr(0, head_end);
    const auto eol = head.find('\n');
    std::string_view status_line = trim(head.substr(0, eol));
    if (!status_line.starts_with("HTTP/")) broken("no status line (it starts '" + std::string(status_line.substr(0, 20)) + "')");
    const auto space = status_line.find(' ');
    const std::string_view code = space == std::string_view::npos ? std::string_view{} : trim(status_line.substr(space + 1, 4));
    HttpPage page;
    if (code.size() < 3 || code[0] < '1' || code[0] > '5') broken("no status code in '" + std::string(status_line) + "'");
    if (code[0] != '2') {
        page.not_article = "not an article (HTTP status " + std::string(code.substr(0, 3)) + ")";
        return page;
    }
    const std::string_view headers = eol == std::string_view::npos ? std::string_view{} : head.substr(eol + 1);
    std::string body(message.substr(body_start));
    if (to_lower_ascii(header_value(headers, "transfer-encoding")).find("chunked") != std::string::npos)
        body = dechunk(body);
    const std::string coding = to_lower_ascii(header_value(headers, "content-encoding"));
    if (coding == "gzip" || coding == "x-gzip") body = inflate_body(body, true);
    else if (coding == "deflate") body = inflate_body(body, false);
    else if (!coding.empty() && coding != "identity") {
        page.not_article = "not read (Content-Encoding " + coding + " is not supported)";
        return page;
    }
    return parse_http_body(std::move(body), header_value(headers, "content-type"), url);
}

} // namespace newsdb::parse
