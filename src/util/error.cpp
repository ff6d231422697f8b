#include "newsdb/error.hpp"

namespace newsdb {

std::string_view errc_name(Errc code) noexcept {
    switch (code) {
    case Errc::invalid_argument: return "invalid_argument";
    case Errc::invalid_query: return "invalid_query";
    case Errc::not_found: return "not_found";
    case Errc::bad_input: return "bad_input";
    case Errc::io: return "io";
    case Errc::incompatible_archive: return "incompatible_archive";
    case Errc::corrupt_archive: return "corrupt_archive";
    case Errc::busy: return "busy";
    case Errc::internal: return "internal";
    }
    return "internal";
}

static std::string full_message(const std::string& message, const std::string& hint) {
    return hint.empty() ? message : message + "; " + hint;
}

Error::Error(Errc code, std::string message, std::string hint)
    : std::runtime_error(full_message(message, hint)),
      code_(code),
      message_(std::move(message)),
      hint_(std::move(hint)) {}

} // namespace newsdb
