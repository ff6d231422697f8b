// The server's migrations, embedded from schema/postgresql/NNN_name.sql at
// build time (cmake/EmbedSchema.cmake), applied by Server::open in order.
#pragma once

#include <string_view>
#include <vector>

namespace newsdb::pgstore {

struct Migration {
    int version;            // NNN of the file name; newsdb_schema.version after it ran
    std::string_view name;  // file name, for messages
    std::string_view sql;
};

// In ascending version order (generated source).
const std::vector<Migration>& migrations();

} // namespace newsdb::pgstore
