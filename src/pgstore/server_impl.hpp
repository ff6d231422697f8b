// What the parts of the server module share: the facade's state, the schema
// check, and the entry points of publish.cpp and search.cpp.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "newsdb/server.hpp"
#include "pgstore/connection.hpp"

namespace newsdb::pgstore {

// Creates or migrates the server's schema (schema/postgresql/) in one
// transaction, under an advisory lock, so that publishers starting at once
// apply each migration once. Error(incompatible_archive) for a newer schema.
void migrate(Connection& db);
// Error(not_found) when nothing was published into the database yet,
// Error(incompatible_archive) for a schema this binary does not know.
void require_schema(Connection& db);

PublishSummary run_publish(Connection& db, Archive& local, const PublishOptions& options,
                           const std::function<void(const PublishProgress&)>& on_progress);

SearchTotals run_search(Connection& db, const SearchOptions& options, bool all,
                        const std::function<void(const SearchHit&)>& visit,
                        const std::function<void(const SearchTotals&)>& on_total);
SearchTotals count_search(Connection& db, const SearchOptions& options);
std::vector<QueryPartCount> count_query_parts(Connection& db, const SearchOptions& options);
std::vector<CountRow> count_matches(Connection& db, const SearchOptions& options, CountBucket by);

} // namespace newsdb::pgstore
