// Placeholder until the JSON parser lands: JSON files are refused clearly.
#include "newsdb/error.hpp"
#include "parse/parsers.hpp"

namespace newsdb::detail {

std::vector<ParsedItem> parse_json_items(std::string_view, std::string_view, const ParseOptions&, bool) {
    throw Error(Errc::bad_input, "JSON input is not supported yet", "convert the articles to text");
}

} // namespace newsdb::detail
