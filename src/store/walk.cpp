#include "store/walk.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <tuple>

#include "store/paths.hpp"
#include "util/ascii.hpp"

namespace newsdb {

namespace {

std::string stat_problem(int err) {
    return err == ENOENT || err == ENOTDIR ? "no such file or folder; check the path"
                                           : "cannot read: " + std::string(std::strerror(err));
}

constexpr const char* kNotFileOrFolder = "not a regular file or folder; give files or folders of articles";

} // namespace

std::string input_problem(const std::filesystem::path& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return stat_problem(errno);
    if (S_ISDIR(st.st_mode) || S_ISREG(st.st_mode)) return {};
    return kNotFileOrFolder;
}

} // namespace newsdb

namespace newsdb::store {

std::pair<std::string_view, std::string_view> split_extension(std::string_view name) {
    const auto dot = name.rfind('.');
    if (dot == std::string_view::npos || dot == 0) return {name, {}};
    return {name.substr(0, dot), name.substr(dot)};
}

std::string skip_reason(std::string_view name) {
    static const std::vector<std::string> kArticleExtensions = {
        ".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".json",
        ".jsonl", ".ndjson", ".sgm", ".sgml", ".xml"};
    auto [stem_part, ext_part] = split_extension(name);
    if (util::iequals(ext_part, ".gz")) std::tie(stem_part, ext_part) = split_extension(stem_part);
    const std::string stem = util::to_lower_ascii(stem_part);
    for (const char* doc : {"readme", "license", "licence", "copying", "changelog"})
        if (stem == doc) return "a " + stem + " file, not an article (name it explicitly to ingest it)";
    const std::string ext = util::to_lower_ascii(ext_part);
    if (std::find(kArticleExtensions.begin(), kArticleExtensions.end(), ext) == kArticleExtensions.end())
        return "not an article file extension (name it explicitly, with --format, to ingest it)";
    return {};
}

bool Walk::inputs(const std::vector<std::filesystem::path>& inputs) {
    for (const auto& input : inputs) {
        const std::string path = input.string();
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0) {
            add({path, IngestOutcome::failed, stat_problem(errno), {}});
        } else if (S_ISDIR(st.st_mode)) {
            if (!folder(path)) return false;
        } else if (S_ISREG(st.st_mode)) {
            add({path, IngestOutcome::added, {}, trusted_stamp(st)});
        } else {
            add({path, IngestOutcome::failed, kNotFileOrFolder, {}});
        }
    }
    return flush();
}

bool Walk::folder(const std::string& root) {
    std::vector<Item> stack;
    stack.push_back({true, {root, IngestOutcome::added, {}, {}}});
    while (!stack.empty()) {
        Item item = std::move(stack.back());
        stack.pop_back();
        if (!item.is_folder) {
            add(std::move(item.entry));
        } else {
            std::vector<Item> children = read_folder(item.entry.path);
            std::sort(children.begin(), children.end(), [](const Item& a, const Item& b) {
                return path_less(a.entry.path, b.entry.path);
            });
            for (auto it = children.rbegin(); it != children.rend(); ++it) stack.push_back(std::move(*it));
        }
        if (pending_.size() >= 256 && !flush()) return false;
    }
    return true;
}

Walk::Item Walk::unreadable(const std::string& folder, int err) {
    return {false, {folder, IngestOutcome::failed, "cannot read folder: " + std::string(std::strerror(err)), {}}};
}

std::vector<Walk::Item> Walk::read_folder(const std::string& folder) {
    std::vector<Item> children;
    DIR* dir = ::opendir(folder.c_str());
    if (dir == nullptr) {
        children.push_back(unreadable(folder, errno));
        return children;
    }
    const int fd = ::dirfd(dir);
    const std::string prefix = folder.back() == '/' ? folder : folder + '/';
    for (;;) {
        errno = 0;
        const dirent* d = ::readdir(dir);
        if (d == nullptr) {
            if (errno != 0) children.push_back(unreadable(folder, errno));
            break;
        }
        if (d->d_name[0] == '.') continue;  // ".", ".." and hidden names
        unsigned char type = d->d_type;
        struct stat st {};
        if (type == DT_UNKNOWN && ::fstatat(fd, d->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0)  // no d_type here
            type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISLNK(st.st_mode) ? DT_LNK : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
        if (type == DT_DIR) {
            children.push_back({true, {prefix + d->d_name, IngestOutcome::added, {}, {}}});
            continue;
        }
        if (type != DT_REG && type != DT_LNK) continue;
        // A link counts as the file it points to; folders behind links are not followed.
        if (::fstatat(fd, d->d_name, &st, 0) != 0 || !S_ISREG(st.st_mode)) continue;
        std::string why = skip_reason(d->d_name);
        if (!why.empty())
            children.push_back({false, {prefix + d->d_name, IngestOutcome::skipped, std::move(why), {}}});
        else
            children.push_back({false, {prefix + d->d_name, IngestOutcome::added, {}, trusted_stamp(st)}});
    }
    ::closedir(dir);
    return children;
}

bool Walk::flush() {
    if (pending_.empty()) return true;
    const bool go_on = emit_(pending_);
    pending_.clear();
    return go_on;
}

} // namespace newsdb::store
