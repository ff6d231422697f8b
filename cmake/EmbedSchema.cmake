# Embeds schema/NNN_name.sql into a generated C++ source, in version order.
# The files are configure dependencies, so editing one re-generates the source.
function(newsdb_embed_schema out_cpp)
  file(GLOB sql_files RELATIVE ${PROJECT_SOURCE_DIR}/schema ${PROJECT_SOURCE_DIR}/schema/*.sql)
  list(SORT sql_files)
  # The folder too, so that adding a migration re-runs the embedding.
  set_property(DIRECTORY ${PROJECT_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
    ${PROJECT_SOURCE_DIR}/schema)
  set(entries "")
  foreach(name IN LISTS sql_files)
    if(NOT name MATCHES "^([0-9][0-9][0-9])_[a-z0-9_]+\\.sql$")
      message(FATAL_ERROR "schema/${name}: migrations are named NNN_name.sql")
    endif()
    math(EXPR version "${CMAKE_MATCH_1}")
    file(READ ${PROJECT_SOURCE_DIR}/schema/${name} body)
    set_property(DIRECTORY ${PROJECT_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
      ${PROJECT_SOURCE_DIR}/schema/${name})
    string(APPEND entries "    {${version}, \"${name}\", R\"newsdb_sql(${body})newsdb_sql\"},\n")
  endforeach()
  file(WRITE ${out_cpp}.tmp
"// Generated from schema/*.sql by cmake/EmbedSchema.cmake. Do not edit.
#include \"store/migrations.hpp\"

namespace newsdb::store {
const std::vector<Migration>& migrations() {
  static const std::vector<Migration> all = {
${entries}  };
  return all;
}
} // namespace newsdb::store
")
  file(COPY_FILE ${out_cpp}.tmp ${out_cpp} ONLY_IF_DIFFERENT)
endfunction()
