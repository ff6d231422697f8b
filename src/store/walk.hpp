// The folder walk of an ingest: the inputs and every folder below them, in
// order, as entries to read or verdicts to report.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "newsdb/archive.hpp"
#include "parse/json_parts.hpp"
#include "store/fast_path.hpp"

namespace newsdb::store {

// One thing the walk met, in input order: a file to read, or a verdict.
struct Entry {
    Entry(std::string path_, IngestOutcome verdict_, std::string reason_, std::optional<FileStamp> stamp_)
        : path(std::move(path_)), verdict(verdict_), reason(std::move(reason_)), stamp(stamp_) {}
    std::string path;  // as given, or joined below a given folder
    IngestOutcome verdict = IngestOutcome::added;  // added: read it; failed/skipped: report `reason`
    std::string reason;
    std::optional<FileStamp> stamp;  // taken by the walk, before the file is read (see trusted_stamp)
    // One of the parts of a big JSON export (see FilePart): an entry each.
    std::optional<parse::FilePart> part;
    std::shared_ptr<const std::vector<parse::FilePart>> parts;  // all of them, for the head
};

// A file name's stem and extension as std::filesystem splits them (a leading
// dot does not start an extension).
std::pair<std::string_view, std::string_view> split_extension(std::string_view name);

// Why a file met in a folder walk is not taken as an article; empty: take it.
// Folders of articles often hold notes about them (README, LICENSE) and other
// files; those would otherwise become bogus articles.
std::string skip_reason(std::string_view name);

// Walks the inputs in order, and each folder depth first with every folder's
// names sorted: the order of std::filesystem::path's operator< over the
// whole tree, produced as it goes, so files are read while the walk goes on.
// Hidden files and folders are skipped, symlinked folders not followed (no
// loops), a symlink to a file is a file. POSIX directory reads (relative to
// the open folder): std::filesystem's iterator cost more than everything else
// a no-op re-ingest did. `emit` takes batches of entries; it returns false to
// stop the walk.
class Walk {
public:
    explicit Walk(std::function<bool(std::vector<Entry>&)> emit) : emit_(std::move(emit)) {}

    // False when `emit` stopped the walk.
    bool inputs(const std::vector<std::filesystem::path>& inputs);

private:
    struct Item {
        bool is_folder;
        Entry entry;  // a folder's path, or the file's entry
    };

    bool folder(const std::string& root);
    static Item unreadable(const std::string& folder, int err);
    // The folder's visible children, or one failed entry when it cannot be read.
    std::vector<Item> read_folder(const std::string& folder);
    void add(Entry e) { pending_.push_back(std::move(e)); }
    bool flush();

    std::function<bool(std::vector<Entry>&)> emit_;
    std::vector<Entry> pending_;
};

} // namespace newsdb::store
