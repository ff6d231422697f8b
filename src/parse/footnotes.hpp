// Splitting one footnote's text into the fields it carries.
#pragma once

#include <string>

#include "newsdb/article.hpp"

namespace newsdb::parse {

// `text` is the note without its `[N]` label, already normalised to one line.
// Fields the note does not carry stay empty.
Footnote parse_footnote(int number, std::string text);

} // namespace newsdb::parse
