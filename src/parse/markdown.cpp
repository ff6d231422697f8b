// Placeholder until the Markdown parser lands: Markdown is read as plain text.
#include "parse/parsers.hpp"

namespace newsdb::detail {

ParsedArticle parse_markdown(std::string_view utf8, std::string_view name_hint) {
    return parse_plain_text(utf8, name_hint);
}

} // namespace newsdb::detail
