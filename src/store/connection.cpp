#include "store/connection.hpp"

#include <SQLiteCpp/Database.h>

namespace newsdb::store {

void prepare_connection(SQLite::Database&) {}

} // namespace newsdb::store
