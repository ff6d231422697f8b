#include "store/fast_path.hpp"

#include <SQLiteCpp/Exception.h>

#include <chrono>

namespace newsdb::store {

namespace {

// Named queries, bound values only.
constexpr const char* kPathStamp =
    "SELECT locator, file_size, file_mtime, file_hash, article_id FROM article_paths WHERE path = ?1";
constexpr const char* kFailedStamp =
    "SELECT locator, file_size, file_mtime, parse_key, reason, whole_file, not_article FROM failed_items "
    "WHERE path = ?1";
constexpr const char* kPathUnchanged =
    "SELECT count(*), coalesce(sum(file_hash = ?2), 0), EXISTS (SELECT 1 FROM failed_items WHERE path = ?1) "
    "FROM article_paths WHERE path = ?1";

} // namespace

std::optional<FileStamp> trusted_stamp(const struct stat& st) {
    const int64_t mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
    const int64_t now_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
    // Coarse file systems tick in seconds (FAT: two): a file written in the
    // current tick may change again without its stamp changing.
    if (now_ns - mtime_ns < 3'000'000'000LL) return std::nullopt;
    return FileStamp{static_cast<int64_t>(st.st_size), mtime_ns};
}

bool StampVerdict::any_failure() const {
    if (file_failure) return true;
    for (const auto& [locator, item] : failures)
        if (!item.not_article) return true;
    return false;
}

std::string remembered_failure(const std::string& reason) {
    return reason + " (the file is unchanged since then, so it was not read again)";
}

std::string parse_key(const ParseOptions& options) {
    std::string key = std::string("newsdb ") + NEWSDB_VERSION + "; format " +
                      std::string(input_format_name(options.format));
    for (const auto& [field, name] : options.json_fields) key += "; " + field + "=" + name;
    return key;
}

StampCheck::StampCheck(SQLite::Database& reader, std::string parse_key)
    : db_(reader), paths_(reader, kPathStamp), failures_(reader, kFailedStamp), parse_key_(std::move(parse_key)) {}

StampCheck::~StampCheck() { release(); }

void StampCheck::release() noexcept {
    if (checks_in_snapshot_ == 0) return;
    checks_in_snapshot_ = 0;
    try {
        paths_.reset();
        failures_.reset();
        db_.exec("COMMIT");
    } catch (const SQLite::Exception&) {
        // A read transaction has nothing to lose; SQLite ends it with the connection.
    }
}

std::optional<StampVerdict> StampCheck::unchanged(const std::string& key, const FileStamp& stamp) {
    constexpr int kChecksPerSnapshot = 256;
    if (checks_in_snapshot_ >= kChecksPerSnapshot) release();  // lets a checkpoint through now and then
    if (checks_in_snapshot_ == 0) db_.exec("BEGIN");
    ++checks_in_snapshot_;
    auto holds_stamp = [&](const SQLite::Column& size, const SQLite::Column& mtime) {
        return !size.isNull() && !mtime.isNull() && size.getInt64() == stamp.size && mtime.getInt64() == stamp.mtime_ns;
    };
    StampVerdict verdict;
    bool any = false, same = true;
    failures_.reset();
    failures_.bindNoCopy(1, key);
    while (same && failures_.executeStep()) {
        any = true;
        same = holds_stamp(failures_.getColumn(1), failures_.getColumn(2)) &&
               parse_key_ == failures_.getColumn(3).getText();
        if (!same) break;
        if (failures_.getColumn(5).getInt() != 0) verdict.file_failure = failures_.getColumn(4).getString();
        else
            verdict.failures.emplace(failures_.getColumn(0).getString(),
                                     RememberedItem{failures_.getColumn(4).getString(), failures_.getColumn(6).getInt() != 0});
    }
    failures_.reset();
    if (!same) return std::nullopt;
    if (verdict.file_failure) return verdict;  // the whole file failed as it is now
    paths_.reset();
    paths_.bindNoCopy(1, key);
    while (same && paths_.executeStep()) {
        any = true;
        const std::string locator = paths_.getColumn(0).getString();
        // An item that failed in this file keeps the article it held before.
        if (verdict.failures.count(locator)) continue;
        const auto row_hash = paths_.getColumn(3);
        same = holds_stamp(paths_.getColumn(1), paths_.getColumn(2)) && !row_hash.isNull();
        if (!same) break;
        const std::string_view text(row_hash.getText(), static_cast<std::size_t>(row_hash.getBytes()));
        if (verdict.file_hash.empty()) verdict.file_hash = text;
        else same = verdict.file_hash == text;
        verdict.articles.emplace(locator, paths_.getColumn(4).getInt64());
    }
    paths_.reset();
    if (!same || !any) return std::nullopt;
    return verdict;
}

ContentCheck::ContentCheck(SQLite::Database& reader) : st_(reader, kPathUnchanged) {}

bool ContentCheck::unchanged(const std::string& key, const std::string& file_hash) {
    struct Reset {
        SQLite::Statement& st;
        ~Reset() {
            try {
                st.reset();  // ends the read, so no snapshot is held between files
            } catch (const SQLite::Exception&) {
            }
        }
    } reset{st_};
    st_.bind(1, key);
    st_.bind(2, file_hash);
    if (!st_.executeStep()) return false;
    const int64_t rows = st_.getColumn(0).getInt64();
    return rows > 0 && rows == st_.getColumn(1).getInt64() && st_.getColumn(2).getInt() == 0;
}

} // namespace newsdb::store
