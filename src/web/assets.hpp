// The stylesheet and the one small script, embedded in the binary.
#pragma once

#include <string_view>

namespace newsdb::web {

extern const std::string_view kStyleCss;
extern const std::string_view kAppJs;

} // namespace newsdb::web
