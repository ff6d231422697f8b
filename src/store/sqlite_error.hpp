// Translation of SQLite failures into newsdb::Error at the library boundary.
#pragma once

#include <string>

namespace SQLite { class Exception; }

namespace newsdb::store {

// Maps the SQLite result code to an Errc with a message naming `what` was being
// done and a hint for the user. Never returns.
[[noreturn]] void throw_sqlite_error(const SQLite::Exception& e, const std::string& what);

} // namespace newsdb::store
