// The query lexer: people's query text -> tokens. It validates quotes and `*`,
// reads `=` exact marks, `NEAR(` and `field:value`, and keeps each token's byte
// offset so that the parser's messages can name its column.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace newsdb::query {

// Throws Error(invalid_query, message, hint): how the lexer and the parser
// reject a query. Messages say what is wrong and at which column.
[[noreturn]] void fail(std::string message, std::string hint);

enum class Tok { word, phrase, lparen, rparen, op_or, op_and, op_not, minus, near_open, comma, field, end };

struct Token {
    Tok kind;
    std::size_t offset;  // byte offset of the token's first character
    std::string text;    // word or phrase content, without quotes or trailing *; field: its value
    bool prefix = false;
    bool exact = false;  // written =word or ="a phrase"
    std::string field = {};  // field: its name, lower case
    bool quoted = false; // field: the value was a "quoted phrase"
};

// The tokens of valid UTF-8 `query`, ending with one Tok::end. Throws (see
// fail()) for an unclosed quote, a `*` without a stem, an unknown field name
// or a field without a value.
std::vector<Token> lex(std::string_view query);

} // namespace newsdb::query
