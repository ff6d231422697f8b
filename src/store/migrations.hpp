// Schema migrations embedded from schema/NNN_name.sql at build time.
#pragma once

#include <string_view>
#include <vector>

namespace newsdb::store {

struct Migration {
    int version;            // NNN of the file name; PRAGMA user_version after it ran
    std::string_view name;  // file name, for messages
    std::string_view sql;
};

// PRAGMA application_id marks a file as a newsdb archive ("NWSD"); the
// migration runner sets it with each version.
inline constexpr int kApplicationId = 0x4E575344;

// In ascending version order (generated source).
const std::vector<Migration>& migrations();

} // namespace newsdb::store
