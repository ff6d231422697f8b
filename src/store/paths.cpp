#include "store/paths.hpp"

#include <algorithm>
#include <filesystem>

namespace newsdb::store {

namespace {

// True for what a walk of an absolute folder yields: nothing to normalise.
bool is_absolute_normal(std::string_view p) {
    if (p.empty() || p.front() != '/' || p.back() == '/') return false;
    for (std::size_t at = 0; at < p.size();) {
        std::size_t end = p.find('/', at + 1);
        if (end == std::string_view::npos) end = p.size();
        const std::string_view part = p.substr(at + 1, end - at - 1);
        if (part.empty() || part == "." || part == "..") return false;
        at = end;
    }
    return true;
}

} // namespace

bool path_less(std::string_view a, std::string_view b) {
    const std::size_t n = std::min(a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i) {
        if (a[i] == b[i]) continue;
        auto rank = [](char c) { return c == '/' ? 0 : static_cast<unsigned char>(c) + 1; };
        return rank(a[i]) < rank(b[i]);
    }
    return a.size() < b.size();
}

std::string path_key(const std::string& path) {
    if (is_absolute_normal(path)) return path;  // the common case, without std::filesystem's cost
    std::error_code ec;
    std::filesystem::path abs = std::filesystem::absolute(path, ec);
    if (ec) abs = path;
    return abs.lexically_normal().string();
}

} // namespace newsdb::store
