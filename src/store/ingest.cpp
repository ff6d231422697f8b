#include "store/ingest.hpp"

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#include <dirent.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <functional>
#include <locale>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <tuple>

#include "newsdb/error.hpp"
#include "store/transaction.hpp"
#include "store/paths.hpp"
#include "store/writer.hpp"
#include "util/ascii.hpp"
#include "util/compress.hpp"
#include "util/read_file.hpp"

namespace fs = std::filesystem;

namespace newsdb::store {

namespace {

// A batch commits after IngestOptions::batch_files written files or this
// long, whichever comes first: long enough to amortise commits, short enough that progress
// stays live and a second writer does not wait long.
constexpr auto kBatchTime = std::chrono::milliseconds(250);
constexpr const char* kReleaseFreePages = "PRAGMA incremental_vacuum";
// FTS5 writes out the index entries it holds, and merges segments, at a
// savepoint; otherwise it would at the commit, after the vacuum.
constexpr const char* kFlushIndex = "SAVEPOINT flush_index; RELEASE flush_index";

constexpr const char* kArticlePathsWithOriginal =
    "SELECT ap.path, ap.locator, ap.file_hash, o.compression, o.data FROM article_paths ap "
    "JOIN originals o ON o.file_hash = ap.file_hash WHERE ap.article_id = ? "
    "ORDER BY ap.first_seen, ap.path LIMIT 1";
constexpr const char* kAllArticleIds = "SELECT id FROM articles ORDER BY id";
constexpr const char* kArticleExists = "SELECT 1 FROM articles WHERE id = ?";

// A file name's stem and extension as std::filesystem splits them (a leading
// dot does not start an extension).
std::pair<std::string_view, std::string_view> split_extension(std::string_view name) {
    const auto dot = name.rfind('.');
    if (dot == std::string_view::npos || dot == 0) return {name, {}};
    return {name.substr(0, dot), name.substr(dot)};
}

// Why a file met in a folder walk is not taken as an article; empty: take it.
// Folders of articles often hold notes about them (README, LICENSE) and other
// files; those would otherwise become bogus articles.
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

// One thing the walk met, in input order: a file to read, or a verdict.
struct Entry {
    Entry(std::string path_, IngestOutcome verdict_, std::string reason_, std::optional<FileStamp> stamp_)
        : path(std::move(path_)), verdict(verdict_), reason(std::move(reason_)), stamp(stamp_) {}
    std::string path;  // as given, or joined below a given folder
    IngestOutcome verdict = IngestOutcome::added;  // added: read it; failed/skipped: report `reason`
    std::string reason;
    std::optional<FileStamp> stamp;  // taken by the walk, before the file is read (see trusted_stamp)
    // One of the parts of a big JSON export (see FilePart): an entry each.
    std::optional<FilePart> part;
    std::shared_ptr<const std::vector<FilePart>> parts;  // all of them, for the head
};

// A JSON Lines or JSON file, by name (as format detection names it) or by
// --format: what plan_parts() may split.
std::optional<InputFormat> splittable_format(const Entry& e, const IngestOptions& options) {
    if (e.verdict != IngestOutcome::added || options.part_bytes <= 0) return std::nullopt;
    InputFormat format = options.parse.format;
    if (format == InputFormat::automatic) {
        const std::string ext = util::to_lower_ascii(split_extension(e.path).second);
        if (ext == ".jsonl" || ext == ".ndjson") format = InputFormat::jsonl;
        else if (ext == ".json") format = InputFormat::json;
    }
    if (format == InputFormat::jsonl || format == InputFormat::json) return format;
    return std::nullopt;
}

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

    bool inputs(const std::vector<fs::path>& inputs) {
        for (const auto& input : inputs) {
            const std::string path = input.string();
            struct stat st {};
            if (::stat(path.c_str(), &st) != 0) {
                const int err = errno;
                add({path, IngestOutcome::failed,
                     err == ENOENT || err == ENOTDIR ? "no such file or folder; check the path"
                                                      : "cannot read: " + std::string(std::strerror(err)),
                     {}});
            } else if (S_ISDIR(st.st_mode)) {
                if (!folder(path)) return false;
            } else if (S_ISREG(st.st_mode)) {
                add({path, IngestOutcome::added, {}, trusted_stamp(st)});
            } else {
                add({path, IngestOutcome::failed, "not a regular file or folder; give files or folders of articles",
                     {}});
            }
        }
        return flush();
    }

private:
    struct Item {
        bool is_folder;
        Entry entry;  // a folder's path, or the file's entry
    };

    bool folder(const std::string& root) {
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

    static Item unreadable(const std::string& folder, int err) {
        return {false, {folder, IngestOutcome::failed, "cannot read folder: " + std::string(std::strerror(err)), {}}};
    }

    // The folder's visible children, or one failed entry when it cannot be read.
    std::vector<Item> read_folder(const std::string& folder) {
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

    void add(Entry e) { pending_.push_back(std::move(e)); }

    bool flush() {
        if (pending_.empty()) return true;
        const bool go_on = emit_(pending_);
        pending_.clear();
        return go_on;
    }

    std::function<bool(std::vector<Entry>&)> emit_;
    std::vector<Entry> pending_;
};

// StampCheck::unchanged(), with a failed lookup meaning "read the file".
std::optional<StampVerdict> quick_check(std::optional<StampCheck>& check, const std::string& key,
                                       const FileStamp& stamp) {
    try {
        if (check) return check->unchanged(key, stamp);
    } catch (const SQLite::Exception&) {
    }
    return std::nullopt;
}

// Lowers the calling thread's scheduling priority. The writer takes files in
// input order, so it is the ingest's critical path: when the threads
// outnumber the cores, parsing should fill the writer's gaps, not share its
// core. (Linux sets nice per thread; elsewhere this is the whole process's,
// so it is left alone.)
void yield_to_writer() {
#ifdef __linux__
    constexpr int kWorkerNice = 10;
    errno = 0;
    const int nice = ::getpriority(PRIO_PROCESS, 0);
    if (errno == 0) (void)::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), std::min(nice + kWorkerNice, 19));
#endif
}

// Parses files on worker threads, a bounded window ahead of the writer, and
// hands them over in input order.
class Pipeline {
public:
    Pipeline(const std::vector<fs::path>& inputs, const IngestOptions& options, const std::string& archive_path)
        : options_(options), archive_path_(archive_path) {
        int jobs = options.jobs > 0 ? options.jobs : static_cast<int>(std::thread::hardware_concurrency());
        jobs = std::clamp(jobs, 1, 64);
        // Files differ in cost a thousandfold (an SGML collection holds 1,000
        // stories): a deep window keeps workers busy while the writer is on a
        // big one; the byte cap bounds the memory it holds.
        window_ = static_cast<std::size_t>(jobs) * 256;
        slots_.resize(window_);
        // libstdc++ fills std::ctype<char>'s narrow() cache lazily, with a
        // (benign) data race when threads compile regexes at once (GCC PR
        // 77704, reported by ThreadSanitizer): fill it before they start.
        const auto& ctype = std::use_facet<std::ctype<char>>(std::locale());
        for (int c = 0; c < 256; ++c) (void)ctype.narrow(static_cast<char>(c), '\0');
        walker_ = std::thread([this, inputs] { walk(inputs); });
        for (int i = 0; i < jobs; ++i) threads_.emplace_back([this] { work(); });
    }
    Pipeline(const Pipeline&) = delete;
    Pipeline& operator=(const Pipeline&) = delete;

    ~Pipeline() {
        {
            std::lock_guard lock(mutex_);
            stop_ = true;
        }
        more_.notify_all();
        walker_.join();
        for (auto& t : threads_) t.join();
    }

    // Entry `i` and its prepared work, once ready; none after the last entry
    // (entries must be taken in order).
    std::optional<std::pair<const Entry*, FileWork>> take(std::size_t i) {
        std::unique_lock lock(mutex_);
        auto& slot = slots_[i % window_];
        ready_cv_.wait(lock, [&] { return slot.has_value() || (walked_ && i >= entries_.size()); });
        if (walk_error_) std::rethrow_exception(walk_error_);
        if (!slot) return std::nullopt;
        FileWork w = std::move(*slot);
        slot.reset();
        ready_bytes_ -= held_bytes(w);
        taken_ = i + 1;
        const Entry* e = &entries_[i];  // a deque's elements stay put as it grows
        lock.unlock();
        more_.notify_all();
        return std::make_pair(e, std::move(w));
    }

    // Files found so far (all of them once the walk is done).
    std::size_t entries_found() {
        std::lock_guard lock(mutex_);
        return entries_.size() - later_parts_;
    }

private:
    // Bytes a prepared file keeps in memory until it is written: its input and recorded tokens.
    static int64_t held_bytes(const FileWork& w) {
        if (w.unchanged) return 0;
        const int64_t input = w.part ? w.part->end - w.part->begin + static_cast<int64_t>(w.compressed.size())
                                     : w.byte_size;
        return input + (w.tokens ? static_cast<int64_t>(w.tokens->bytes()) : 0);
    }

    // Reads and prepares one entry; `before_reading` runs first when the file
    // must be read (it is not known to be unchanged).
    template <typename BeforeReading>
    FileWork prepare_entry(const Entry& e, std::optional<StampCheck>& stamp_check, ContentCheck* content_check,
                           BeforeReading&& before_reading) {
        FileWork w;
        if (e.verdict != IngestOutcome::added) return w;
        try {
            const std::string key = path_key(e.path);
            // Stamped (by the walk) before reading: a change after this shows next time.
            const auto& stamp = e.stamp;
            if (auto verdict = stamp && !options_.checksum ? quick_check(stamp_check, key, *stamp) : std::nullopt) {
                w.origin = e.path;
                w.key = key;
                w.file_hash = std::move(verdict->file_hash);
                w.byte_size = stamp->size;
                w.unchanged = true;
                w.stamp = stamp;
                w.stamp_recorded = true;
                w.part = e.part;
                if (verdict->file_failure) {
                    w.error = remembered_failure(*verdict->file_failure);
                } else {
                    w.remembered = std::move(verdict->failures);
                    w.known_articles = std::move(verdict->articles);
                }
                return w;
            }
            before_reading();
            if (stamp_check) stamp_check->release();
            if (e.part)
                w = prepare_part(e.path, key, *e.part, *e.parts, options_, content_check);
            else
                w = prepare_file(e.path, key, util::read_whole_file(e.path), options_, content_check);
            w.stamp = stamp;
        } catch (const Error& err) {
            w.origin = e.path;
            w.error = err.what();
        } catch (const std::exception& err) {
            w.origin = e.path;
            w.error = std::string("cannot read file: ") + err.what();
        }
        w.part = e.part;
        return w;
    }

    void walk(const std::vector<fs::path>& inputs) {
        try {
            Walk tree([this](std::vector<Entry>& found) {
                // Big JSON exports become one entry per part, so that
                // several workers parse them and the writer starts on the first
                // part while the others are parsed.
                std::vector<Entry> entries;
                std::size_t later_parts = 0;
                for (auto& e : found) {
                    const auto format = splittable_format(e, options_);
                    auto parts = format ? plan_parts(e.path, options_.part_bytes, *format == InputFormat::json)
                                        : std::vector<FilePart>{};
                    if (parts.empty()) {
                        entries.push_back(std::move(e));
                        continue;
                    }
                    auto all = std::make_shared<const std::vector<FilePart>>(std::move(parts));
                    for (const FilePart& p : *all) {
                        Entry part = e;
                        part.part = p;
                        part.parts = all;
                        entries.push_back(std::move(part));
                    }
                    later_parts += all->size() - 1;
                }
                {
                    std::lock_guard lock(mutex_);
                    if (stop_) return false;
                    for (auto& e : entries) entries_.push_back(std::move(e));
                    later_parts_ += later_parts;
                }
                more_.notify_all();
                return true;
            });
            tree.inputs(inputs);
        } catch (...) {
            std::lock_guard lock(mutex_);
            walk_error_ = std::current_exception();
        }
        {
            std::lock_guard lock(mutex_);
            walked_ = true;
        }
        more_.notify_all();
        ready_cv_.notify_all();
    }

    void work() {
        yield_to_writer();
        std::unique_ptr<SQLite::Database> reader;
        try {
            if (fs::exists(archive_path_))
                reader = std::make_unique<SQLite::Database>(archive_path_, SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX,
                                                            30000);
        } catch (const SQLite::Exception&) {
            reader.reset();  // no fast path; every file is parsed
        }
        std::optional<StampCheck> stamp_check;
        try {
            if (reader) stamp_check.emplace(*reader, parse_key(options_.parse));
        } catch (const SQLite::Exception&) {
            // An archive from before schema 004 (no stamps yet): files are read.
        }
        std::optional<ContentCheck> content_check;
        try {
            if (reader) content_check.emplace(*reader);
        } catch (const SQLite::Exception&) {
            // No fast path: every file read is parsed.
        }
        // Entries are claimed in runs: one while files must be read, up to
        // kMaxRun while they turn out unchanged (or skipped), so that a
        // re-ingest hands files over a run at a time, not one lock and one
        // wake-up per file. Finished work is handed over before each read.
        constexpr std::size_t kMaxRun = 32;
        std::size_t run = 1;
        std::vector<std::pair<std::size_t, FileWork>> done;
        auto hand_over = [&] {
            if (done.empty()) return;
            {
                std::lock_guard lock(mutex_);
                for (auto& [index, w] : done) {
                    ready_bytes_ += held_bytes(w);
                    slots_[index % window_] = std::move(w);
                }
            }
            done.clear();
            ready_cv_.notify_all();
        };
        std::vector<const Entry*> claimed;
        for (;;) {
            std::size_t first;
            {
                std::unique_lock lock(mutex_);
                auto may_go = [&] {
                    return stop_ || (walked_ && next_ >= entries_.size()) ||
                           (next_ < entries_.size() && next_ < taken_ + window_ &&
                            (next_ == taken_ || ready_bytes_ < kWindowBytes));
                };
                if (!may_go() && stamp_check) {
                    // No read snapshot held while idle (see StampCheck).
                    lock.unlock();
                    stamp_check->release();
                    lock.lock();
                }
                more_.wait(lock, may_go);
                if (stop_ || next_ >= entries_.size()) return;
                first = next_;
                const std::size_t count = std::min({run, entries_.size() - next_, taken_ + window_ - next_});
                claimed.clear();
                for (std::size_t k = 0; k < count; ++k) claimed.push_back(&entries_[first + k]);
                next_ += count;
            }
            bool read_any = false;
            for (std::size_t k = 0; k < claimed.size(); ++k) {
                FileWork w = prepare_entry(*claimed[k], stamp_check, content_check ? &*content_check : nullptr, [&] {
                    read_any = true;
                    hand_over();
                });
                done.emplace_back(first + k, std::move(w));
                if (read_any) hand_over();
            }
            hand_over();
            run = read_any ? 1 : std::min(run * 2, kMaxRun);
        }
    }

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

} // namespace

IngestSummary run_ingest(SQLite::Database& db, const std::string& archive_path,
                         const std::vector<fs::path>& inputs, const IngestOptions& options,
                         const IngestCallback& on_result, const ProgressCallback& on_progress) {
    const auto started = std::chrono::steady_clock::now();
    IngestSummary summary;
    IngestProgress progress;
    auto report = [&](const IngestResult& r) {
        summary.count(r.outcome);
        if (r.outcome == IngestOutcome::failed) ++progress.failed;
        else if (r.outcome != IngestOutcome::skipped) ++progress.articles;
        if (on_result) on_result(r);
    };
    Pipeline pipeline(inputs, options, archive_path);
    auto last_tick = started;
    auto tick = [&](bool force) {
        if (!on_progress) return;
        const auto now = std::chrono::steady_clock::now();
        if (!force && now - last_tick < std::chrono::milliseconds(200)) return;
        last_tick = now;
        progress.files_total = static_cast<int64_t>(pipeline.entries_found());  // grows while the walk goes on
        progress.seconds = std::chrono::duration<double>(now - started).count();
        on_progress(progress);
    };

    // Files are written in batches, one transaction each: far fewer commits
    // (each one flushes FTS5's pending index segment). A database failure
    // rolls the whole batch back, so a file still stores whole or not at all;
    // re-ingesting stores the batch's files. The writer indexes each passage
    // as it stores it, without the per-row trigger (Writer::begin_bulk_index).
    // Results are reported once their batch has committed, so they are never
    // untrue.
    Writer writer(db);
    std::optional<Transaction> batch;
    std::vector<IngestResult> pending;
    auto batch_started = std::chrono::steady_clock::now();
    std::size_t batch_files = 0;
    bool wrote = false;
    auto commit = [&](bool last = false) {
        // FTS5's last segment merges free pages that no later batch will
        // reuse; an archive created with incremental auto-vacuum gives them
        // back to the file system (a no-op in older archives): inside the
        // last batch, or on its own if that batch has already committed.
        if (batch) {
            writer.finish_bulk_index();
            if (last) release_free_pages(db);
            batch->commit();
        } else if (last && wrote) {
            release_free_pages(db);
        }
        batch.reset();
        batch_files = 0;
        for (const auto& r : pending) report(r);
        pending.clear();
    };
    auto hold = [&](const IngestResult& r) { pending.push_back(r); };
    auto batch_due = [&] {
        return batch_files >= static_cast<std::size_t>(std::max(1, options.batch_files)) ||
               std::chrono::steady_clock::now() - batch_started > kBatchTime;
    };
    // A file prepared in parts is written part by part, all in one batch.
    std::unique_ptr<Writer::OpenFile> open_file;
    auto abandon_batch = [&] {
        // The file's writes may be half done: none of the batch is kept.
        open_file.reset();
        writer.abandon_bulk_index();
        batch.reset();
        pending.clear();
    };
    for (std::size_t i = 0;; ++i) {
        auto next = pipeline.take(i);
        if (!next) break;
        const Entry& e = *next->first;
        FileWork w = std::move(next->second);
        if (e.part && e.part->index > 0) {
            // A later part: written when its file's head was, ignored otherwise.
            if (!open_file) continue;
            try {
                if (!w.parsed && w.error.empty())  // looked unchanged: the archive moved on since
                    w = prepare_part(e.path, path_key(e.path), *e.part, *e.parts, options, nullptr);
                if (w.parsed) {
                    writer.write_part(*open_file, w);
                    ++summary.file_parts;
                } else {
                    writer.close_file(*open_file, hold, false,
                                      w.error.empty() ? "the file changed while it was read; ingest it again" : w.error);
                    open_file.reset();
                    --summary.files_read;
                    ++summary.files_failed;
                }
                if (open_file && e.part->last()) {
                    writer.close_file(*open_file, hold);
                    open_file.reset();
                }
            } catch (const SQLite::Exception&) {
                abandon_batch();
                throw;
            }
            if (!open_file && batch_due()) commit();
            continue;
        }
        if (e.part && w.whole_file_needed) {
            // What parts cannot reproduce: the whole file, as any other.
            try {
                w = prepare_file(e.path, path_key(e.path), util::read_whole_file(e.path), options, nullptr);
            } catch (const Error& err) {
                w = FileWork{};
                w.origin = e.path;
                w.error = err.what();
            }
            w.stamp = e.stamp;
        }
        if (e.verdict == IngestOutcome::failed || (e.verdict == IngestOutcome::added && !w.error.empty()))
            ++summary.files_failed;
        else if (e.verdict == IngestOutcome::added)
            ++summary.files_read;
        if (e.verdict != IngestOutcome::added) {
            hold({e.path, e.verdict, 0, e.reason});
        } else {
            // A new stamp for unchanged bytes, and a new failure (remembered), are writes too.
            const bool writes = w.error.empty() ? !w.unchanged || (w.stamp && !w.stamp_recorded)
                                                : !w.unchanged && w.stamp.has_value();
            if (writes && !batch) {
                wrote = true;
                batch.emplace(db, Transaction::Kind::immediate);
                writer.begin_bulk_index();
                batch_started = std::chrono::steady_clock::now();
            }
            const auto mode = batch ? Writer::Batch::inside : Writer::Batch::own_transaction;
            try {
                if (w.part && w.parsed && w.error.empty()) {
                    // The head of a file prepared in parts; its later parts follow.
                    open_file = writer.open_file(w);
                    writer.write_part(*open_file, w);
                    ++summary.file_parts;
                } else if (!writer.write(w, hold, mode)) {
                    // Looked unchanged to the worker, but the archive moved on meanwhile.
                    std::string bytes;
                    try {
                        bytes = util::read_whole_file(e.path);
                        writer.write(prepare_file(w.origin, w.key, std::move(bytes), options, nullptr), hold, mode);
                    } catch (const Error& err) {
                        hold({e.path, IngestOutcome::failed, 0, err.what()});
                    }
                }
            } catch (const SQLite::Exception&) {
                abandon_batch();
                throw;
            }
            if (writes) ++batch_files;
        }
        ++progress.files_done;
        progress.bytes_done += w.byte_size;
        if (!open_file && (!batch || batch_due())) commit();
        tick(false);
    }
    commit(true);
    tick(true);
    return summary;
}

std::vector<IngestResult> ingest_one(SQLite::Database& db, std::string bytes, const std::string& origin,
                                     const std::string& key, const IngestOptions& options) {
    std::vector<IngestResult> results;
    Writer writer(db);
    writer.write(prepare_file(origin, key, std::move(bytes), options, nullptr),
                 [&](const IngestResult& r) { results.push_back(r); });
    return results;
}

std::optional<std::string> read_original(SQLite::Database& db, int64_t article_id) {
    SQLite::Statement st(db, kArticlePathsWithOriginal);
    st.bind(1, article_id);
    if (!st.executeStep()) return std::nullopt;
    const std::string compression = st.getColumn(3).getString();
    const auto data = st.getColumn(4);
    const std::string_view blob(static_cast<const char*>(data.getBlob()), static_cast<std::size_t>(data.getBytes()));
    if (compression == "zstd") return util::zstd_decompress(blob);
    return std::string(blob);
}

ReparseSummary run_reparse(SQLite::Database& db, const std::vector<int64_t>& requested,
                           const std::function<void(int64_t, const std::string&)>& on_failure) {
    std::vector<int64_t> ids = requested;
    if (ids.empty()) {
        SQLite::Statement all(db, kAllArticleIds);
        while (all.executeStep()) ids.push_back(all.getColumn(0).getInt64());
    }
    ReparseSummary summary;
    Writer writer(db);
    for (const int64_t id : ids) {
        auto fail = [&](const std::string& why) {
            ++summary.failed;
            if (on_failure) on_failure(id, why);
        };
        {
            SQLite::Statement exists(db, kArticleExists);
            exists.bind(1, id);
            if (!exists.executeStep()) {
                fail("no article with this id");
                continue;
            }
        }
        std::string path, locator;
        {
            SQLite::Statement st(db, kArticlePathsWithOriginal);
            st.bind(1, id);
            if (!st.executeStep()) {
                ++summary.without_original;
                continue;
            }
            path = st.getColumn(0).getString();
            locator = st.getColumn(1).getString();
        }
        try {
            const std::string bytes = *read_original(db, id);
            ParseResult parsed = parse_input(bytes, path, ParseOptions{});
            auto item = std::find_if(parsed.items.begin(), parsed.items.end(),
                                     [&](const ParsedItem& it) { return it.locator == locator; });
            if (item == parsed.items.end() || !item->article) {
                fail(item == parsed.items.end() ? "the current parsers no longer find this article in its file"
                                                : item->error);
                continue;
            }
            item->article->language = article_language(*item->article);
            Transaction tx(db, Transaction::Kind::immediate);
            writer.replace_content(id, *item->article, input_format_name(parsed.format), parsed.encoding);
            tx.commit();
            ++summary.reparsed;
        } catch (const Error& e) {
            fail(e.what());
        }
    }
    // Each article's new rows went through the index triggers one by one:
    // FTS5's merges freed pages that only a later write would reuse.
    if (summary.reparsed > 0) release_free_pages(db);
    return summary;
}

void release_free_pages(SQLite::Database& db) {
    try {
        db.exec(kFlushIndex);
        db.exec(kReleaseFreePages);
    } catch (const SQLite::Exception& e) {
        // Nothing stored is at stake: the pages stay free for the next write.
        if (e.getErrorCode() != SQLITE_BUSY) throw;
    }
}

} // namespace newsdb::store
