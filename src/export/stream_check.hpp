// The check every writer in src/export makes after writing: a stream that no
// longer takes output (closed pipe, full disk) is an io error, never silence.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "newsdb/error.hpp"

namespace newsdb::exporting {

// Throws Error(io) "writing <what> failed" when `out` has failed.
inline void check_stream(const std::ostream& out, std::string_view what) {
    if (!out)
        throw Error(Errc::io, "writing " + std::string(what) + " failed",
                    "check that the output is writable and its disk is not full");
}

}  // namespace newsdb::exporting
