// Placeholder until decoding lands: only UTF-8 is accepted.
#include "newsdb/error.hpp"
#include "parse/parsers.hpp"
#include "parse/text_util.hpp"

namespace newsdb::detail {

Decoded decode_to_utf8(std::string_view bytes, InputFormat) {
    check_text_bytes(bytes);
    if (bytes.starts_with(utf8_bom)) return {std::string(bytes.substr(utf8_bom.size())), "utf-8-bom"};
    return {std::string(bytes), "utf-8"};
}

bool is_gzip(std::string_view bytes) noexcept {
    return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
           static_cast<unsigned char>(bytes[1]) == 0x8b;
}

std::string gunzip(std::string_view, std::size_t) {
    throw Error(Errc::bad_input, "gzip input is not supported yet", "decompress it with gunzip first");
}

} // namespace newsdb::detail
