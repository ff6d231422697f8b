// The workers of an ingest: the walk on a thread of its own, files parsed on
// worker threads a bounded window ahead of the writer, and handed over in
// input order.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "newsdb/archive.hpp"
#include "store/fast_path.hpp"
#include "store/prepare.hpp"
#include "store/walk.hpp"

namespace newsdb::store {

// For threads that parse for one writer (an ingest's, a reparse's): the
// number of them for `jobs` (0: one per core; at most 64), what must happen
// before they start, and what each runs first (a lower priority than the
// writer's).
int parsing_threads(int jobs);
void prepare_for_parsing_threads();
void yield_to_writer();

// Parses files on worker threads, a bounded window ahead of the writer, and
// hands them over in input order.
class Pipeline {
public:
    Pipeline(const std::vector<std::filesystem::path>& inputs, const IngestOptions& options,
             const std::string& archive_path);
    Pipeline(const Pipeline&) = delete;
    Pipeline& operator=(const Pipeline&) = delete;
    ~Pipeline();

    // Entry `i` and its prepared work, once ready; none after the last entry
    // (entries must be taken in order).
    std::optional<std::pair<const Entry*, FileWork>> take(std::size_t i);

    // Files found so far (all of them once the walk is done).
    std::size_t entries_found();

private:
    // Bytes a prepared file keeps in memory until it is written: its input and recorded tokens.
    static int64_t held_bytes(const FileWork& w);

    // Reads and prepares one entry; `before_reading` runs first when the file
    // must be read (it is not known to be unchanged).
    template <typename BeforeReading>
    FileWork prepare_entry(const Entry& e, std::optional<StampCheck>& stamp_check, ContentCheck* content_check,
                           BeforeReading&& before_reading);
    void walk(const std::vector<std::filesystem::path>& inputs);
    void work();

    std::deque<Entry> entries_;  // grows while the walk goes on
    std::size_t later_parts_ = 0;  // entries that are parts of a file after its first
    bool walked_ = false;
    std::exception_ptr walk_error_;
    std::thread walker_;
    const IngestOptions& options_;
    std::string archive_path_;
    static constexpr int64_t kWindowBytes = 32 << 20;  // held_bytes() of work prepared but not yet written
    std::size_t window_ = 8;
    int64_t ready_bytes_ = 0;
    std::mutex mutex_;
    std::condition_variable more_, ready_cv_;
    // Prepared work for entries taken_ .. taken_ + window_ - 1, at index % window_.
    std::vector<std::optional<FileWork>> slots_;
    std::size_t next_ = 0, taken_ = 0;
    bool stop_ = false;
    std::vector<std::thread> threads_;
};

} // namespace newsdb::store
