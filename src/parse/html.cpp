// Placeholder until the HTML parser lands: HTML files are refused clearly.
#include "newsdb/error.hpp"
#include "parse/parsers.hpp"

namespace newsdb::detail {

ParsedArticle parse_html(std::string_view, std::string_view) {
    throw Error(Errc::bad_input, "HTML input is not supported yet", "save the page as text");
}

} // namespace newsdb::detail
