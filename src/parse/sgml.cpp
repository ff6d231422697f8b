// Placeholder until the SGML parser lands: SGML files are refused clearly.
#include "newsdb/error.hpp"
#include "parse/parsers.hpp"

namespace newsdb::detail {

std::vector<ParsedItem> parse_sgml_items(std::string_view, std::string_view) {
    throw Error(Errc::bad_input, "SGML input is not supported yet", "convert the articles to text");
}

} // namespace newsdb::detail
