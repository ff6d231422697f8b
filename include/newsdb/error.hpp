// newsdb's one error type. Every failure the library reports is an newsdb::Error
// carrying one of a small, closed set of codes; backend exceptions (SQLite,
// filesystem) are translated at the library boundary and never escape raw.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace newsdb {

enum class Errc {
    invalid_argument,     // a bad option or value from the caller
    invalid_query,        // search text that is not a valid query
    not_found,            // an article id/path or archive file that does not exist
    bad_input,            // an input file that cannot be read or parsed as an article
    io,                   // the operating system refused a read or write (read-only, disk full)
    incompatible_archive, // not a newsdb archive, or written by a newer newsdb
    corrupt_archive,      // the archive file is damaged
    busy,                 // another process holds the archive for longer than we wait
    internal,             // a bug: something that should not happen did
};

// Stable short name of a code ("invalid_query", ...), used in JSON output and logs.
std::string_view errc_name(Errc code) noexcept;

class Error : public std::runtime_error {
public:
    // `message` says what was wrong; `hint` (optional) says what to do about it.
    Error(Errc code, std::string message, std::string hint = {});

    Errc code() const noexcept { return code_; }
    const std::string& message() const noexcept { return message_; }
    const std::string& hint() const noexcept { return hint_; }

private:
    Errc code_;
    std::string message_;
    std::string hint_;
};

} // namespace newsdb
