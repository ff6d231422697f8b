# Embeds schema/NNN_name.sql into a generated C++ source, in version order,
# and schema/statements/name.sql (DDL that the library runs itself, outside
# the migrations) into a generated header as named constants.
# The files are configure dependencies, so editing one re-generates the source.

# A statement file's text as SQLite stores it (sqlite_schema.sql): without its
# leading comment lines and its trailing semicolon.
function(newsdb_read_statement file out_var)
  file(READ ${file} text)
  while(text MATCHES "^(--[^\n]*)?\n")
    string(FIND "${text}" "\n" nl)
    math(EXPR nl "${nl} + 1")
    string(SUBSTRING "${text}" ${nl} -1 text)
  endwhile()
  string(STRIP "${text}" text)
  string(REGEX REPLACE ";$" "" text "${text}")
  string(STRIP "${text}" text)
  if(text STREQUAL "")
    message(FATAL_ERROR "${file}: a statement file holds one SQL statement")
  endif()
  set(${out_var} "${text}" PARENT_SCOPE)
endfunction()

function(newsdb_embed_schema out_cpp out_hpp)
  set(schema ${PROJECT_SOURCE_DIR}/schema)
  # The folders too, so that adding a file re-runs the embedding.
  set_property(DIRECTORY ${PROJECT_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
    ${schema} ${schema}/statements)

  file(GLOB statement_files RELATIVE ${schema}/statements ${schema}/statements/*.sql)
  list(SORT statement_files)
  set(constants "")
  foreach(name IN LISTS statement_files)
    if(NOT name MATCHES "^([a-z][a-z0-9_]*)\\.sql$")
      message(FATAL_ERROR "schema/statements/${name}: statements are named name.sql")
    endif()
    set(id ${CMAKE_MATCH_1})
    set_property(DIRECTORY ${PROJECT_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
      ${schema}/statements/${name})
    newsdb_read_statement(${schema}/statements/${name} text)
    set(statement_${id} "${text}")
    string(APPEND constants "// schema/statements/${name}\ninline constexpr const char* ${id} = R\"newsdb_sql(${text})newsdb_sql\";\n")
  endforeach()

  file(GLOB sql_files RELATIVE ${schema} ${schema}/*.sql)
  list(SORT sql_files)
  set(entries "")
  foreach(name IN LISTS sql_files)
    if(NOT name MATCHES "^([0-9][0-9][0-9])_[a-z0-9_]+\\.sql$")
      message(FATAL_ERROR "schema/${name}: migrations are named NNN_name.sql")
    endif()
    math(EXPR version "${CMAKE_MATCH_1}")
    file(READ ${schema}/${name} body)
    set_property(DIRECTORY ${PROJECT_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${schema}/${name})
    # A line "-- include statements/x.sql" stands for that statement, so that
    # the migration and the library run one text.
    string(REGEX MATCHALL "-- include statements/[a-z0-9_]+\\.sql" includes "${body}")
    foreach(line IN LISTS includes)
      string(REGEX REPLACE "^-- include statements/([a-z0-9_]+)\\.sql$" "\\1" id "${line}")
      if(NOT DEFINED statement_${id})
        message(FATAL_ERROR "schema/${name}: no schema/statements/${id}.sql to include")
      endif()
      string(REPLACE "${line}" "${statement_${id}};" body "${body}")
    endforeach()
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

  file(WRITE ${out_hpp}.tmp
"// Generated from schema/statements/*.sql by cmake/EmbedSchema.cmake. Do not edit.
// Each statement's text as SQLite stores it: no leading comments, no semicolon.
#pragma once

namespace newsdb::store::schema {

${constants}
} // namespace newsdb::store::schema
")
  file(COPY_FILE ${out_hpp}.tmp ${out_hpp} ONLY_IF_DIFFERENT)
endfunction()

# schema/postgresql/NNN_name.sql, the server's migrations (src/pgstore/),
# into a generated source, in version order.
function(newsdb_embed_pg_schema out_cpp)
  set(schema ${PROJECT_SOURCE_DIR}/schema/postgresql)
  set_property(DIRECTORY ${PROJECT_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${schema})
  file(GLOB sql_files RELATIVE ${schema} ${schema}/*.sql)
  list(SORT sql_files)
  set(entries "")
  foreach(name IN LISTS sql_files)
    if(NOT name MATCHES "^([0-9][0-9][0-9])_[a-z0-9_]+\\.sql$")
      message(FATAL_ERROR "schema/postgresql/${name}: migrations are named NNN_name.sql")
    endif()
    math(EXPR version "${CMAKE_MATCH_1}")
    file(READ ${schema}/${name} body)
    set_property(DIRECTORY ${PROJECT_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${schema}/${name})
    string(APPEND entries "    {${version}, \"${name}\", R\"newsdb_sql(${body})newsdb_sql\"},\n")
  endforeach()
  file(WRITE ${out_cpp}.tmp
"// Generated from schema/postgresql/*.sql by cmake/EmbedSchema.cmake. Do not edit.
#include \"pgstore/migrations.hpp\"

namespace newsdb::pgstore {
const std::vector<Migration>& migrations() {
  static const std::vector<Migration> all = {
${entries}  };
  return all;
}
} // namespace newsdb::pgstore
")
  file(COPY_FILE ${out_cpp}.tmp ${out_cpp} ONLY_IF_DIFFERENT)
endfunction()
