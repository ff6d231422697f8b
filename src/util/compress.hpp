#pragma once

#include <string>
#include <string_view>

namespace newsdb::detail {

// zstd at a fast level: originals are written once and read rarely.
std::string zstd_compress(std::string_view bytes);
// Throws Error(corrupt_archive) when `compressed` is not a valid zstd frame.
std::string zstd_decompress(std::string_view compressed);

} // namespace newsdb::detail
