// WARC files written by the tests themselves: records, HTTP responses, gzip
// members. Header-only, like test_support.hpp.
#pragma once

#include <zlib.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace newsdb::test {

// One WARC record: version line, the named fields, Content-Length (or
// `length`, to lie), the block and the blank line after it.
inline std::string warc_record(const std::string& type, const std::string& uri, const std::string& block,
                               const std::string& content_type = "application/http; msgtype=response",
                               long long length = -1, const std::string& date = "2024-05-06T07:08:09Z") {
    std::string r = "WARC/1.0\r\nWARC-Type: " + type + "\r\n";
    if (!uri.empty()) r += "WARC-Target-URI: " + uri + "\r\n";
    r += "WARC-Date: " + date + "\r\nWARC-Record-ID: <urn:uuid:" + std::to_string(block.size()) + "-" + type + ">\r\n";
    if (!content_type.empty()) r += "Content-Type: " + content_type + "\r\n";
    r += "Content-Length: " + std::to_string(length >= 0 ? length : static_cast<long long>(block.size())) + "\r\n\r\n";
    return r + block + "\r\n\r\n";
}

inline std::string http_response(const std::string& body, const std::string& content_type = "text/html",
                                 const std::string& extra_headers = "", const std::string& status = "200 OK") {
    return "HTTP/1.1 " + status + "\r\nContent-Type: " + content_type + "\r\n" + extra_headers +
           "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

// One gzip member of `bytes`.
inline std::string gzip_member(const std::string& bytes) {
    z_stream z{};
    if (deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("deflateInit2");
    std::string out(deflateBound(&z, bytes.size()) + 64, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    z.avail_in = static_cast<uInt>(bytes.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    if (deflate(&z, Z_FINISH) != Z_STREAM_END) throw std::runtime_error("deflate");
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

// An article page for a WARC: a headline, paragraphs, some chrome.
inline std::string article_page(const std::string& title, const std::vector<std::string>& paragraphs,
                                const std::string& head_extra = "") {
    std::string html = "<!DOCTYPE html><html lang=\"en\"><head><title>" + title + " | The Harbour Gazette</title>" +
                       head_extra + "</head><body><nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>" +
                       "<article><h1>" + title + "</h1>";
    for (const auto& p : paragraphs) html += "<p>" + p + "</p>";
    return html + "</article><footer>Copyright 2024 The Harbour Gazette. All rights reserved.</footer></body></html>";
}

} // namespace newsdb::test
