// Translation of SQLite failures into newsdb::Error at the library boundary.
#pragma once

#include <SQLiteCpp/Exception.h>

#include <string>
#include <type_traits>
#include <utility>

namespace newsdb::store {

// Maps the SQLite result code to an Errc with a message naming `what` was being
// done and a hint for the user. Never returns.
[[noreturn]] void throw_sqlite_error(const SQLite::Exception& e, const std::string& what);

// Runs `body`, turning an SQLite failure into newsdb::Error (throw_sqlite_error)
// naming `what` was being done: a string, or a function making it, called
// only on failure. Every Archive method runs its work through it.
template <typename What, typename Body>
decltype(auto) guarded(What&& what, Body&& body) {
    try {
        return std::forward<Body>(body)();
    } catch (const SQLite::Exception& e) {
        if constexpr (std::is_invocable_v<What>) throw_sqlite_error(e, std::forward<What>(what)());
        else throw_sqlite_error(e, std::forward<What>(what));
    }
}

} // namespace newsdb::store
