// Helpers shared by the translator and the option filters.
#pragma once

#include "newsdb/query.hpp"

namespace newsdb::query {

// The days in both ranges; may come back empty (from > to), which matches nothing.
DateRange intersect(const DateRange& a, const DateRange& b);

} // namespace newsdb::query
