#include "store/pipeline.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <locale>

#include "newsdb/error.hpp"
#include "store/paths.hpp"
#include "util/ascii.hpp"
#include "util/read_file.hpp"
#include "parse/warc.hpp"

namespace fs = std::filesystem;

namespace newsdb::store {

namespace {

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

// A WARC, by name or by --format: read in parts of whole records, so that
// a file of any size is held a part at a time and parsed on every worker.
bool is_warc_entry(const Entry& e, const IngestOptions& options) {
    if (e.verdict != IngestOutcome::added || options.part_bytes <= 0) return false;
    if (options.parse.format == InputFormat::warc) return true;
    return options.parse.format == InputFormat::automatic && parse::is_warc_name(e.path);
}

std::vector<FilePart> plan_warc_parts(const std::string& path, int64_t part_bytes) {
    std::vector<int64_t> cuts;
    try {
        cuts = parse::plan_warc_cuts(*parse::file_source(path), part_bytes);
    } catch (const Error&) {
        return {};  // read whole, which says what is wrong
    }
    std::vector<FilePart> parts;
    for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
        FilePart p;
        p.begin = cuts[i];
        p.end = cuts[i + 1];
        p.index = i;
        p.count = cuts.size() - 1;
        p.warc = true;
        parts.push_back(p);
    }
    return parts;
}

// StampCheck::unchanged(), with a failed lookup meaning "read the file".
std::optional<StampVerdict> quick_check(std::optional<StampCheck>& check, const std::string& key,
                                       const FileStamp& stamp) {
    try {
        if (check) return check->unchanged(key, stamp);
    } catch (const SQLite::Exception&) {
    }
    return std::nullopt;
}

} // namespace

// The writer takes work in input order, so it is the critical path: when the
// threads outnumber the cores, parsing should fill the writer's gaps, not
// share its core. (Linux sets nice per thread; elsewhere this is the whole
// process's, so it is left alone.)
void yield_to_writer() {
#ifdef __linux__
    constexpr int kWorkerNice = 10;
    errno = 0;
    const int nice = ::getpriority(PRIO_PROCESS, 0);
    if (errno == 0) (void)::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), std::min(nice + kWorkerNice, 19));
#endif
}

void prepare_for_parsing_threads() {
    // libstdc++ fills std::ctype<char>'s narrow() cache lazily, with a
    // (benign) data race when threads compile regexes at once (GCC PR
    // 77704, reported by ThreadSanitizer): fill it before they start.
    const auto& ctype = std::use_facet<std::ctype<char>>(std::locale());
    for (int c = 0; c < 256; ++c) (void)ctype.narrow(static_cast<char>(c), '\0');
}

int parsing_threads(int jobs) {
    return std::clamp(jobs > 0 ? jobs : static_cast<int>(std::thread::hardware_concurrency()), 1, 64);
}

Pipeline::Pipeline(const std::vector<fs::path>& inputs, const IngestOptions& options, const std::string& archive_path)
    : options_(options), archive_path_(archive_path) {
    const int jobs = parsing_threads(options.jobs);
    // Files differ in cost a thousandfold (an SGML collection holds 1,000
    // stories): a deep window keeps workers busy while the writer is on a
    // big one; the byte cap bounds the memory it holds.
    window_ = static_cast<std::size_t>(jobs) * 256;
    slots_.resize(window_);
    prepare_for_parsing_threads();
    walker_ = std::thread([this, inputs] { walk(inputs); });
    for (int i = 0; i < jobs; ++i) threads_.emplace_back([this] { work(); });
}

Pipeline::~Pipeline() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    more_.notify_all();
    walker_.join();
    for (auto& t : threads_) t.join();
}

std::optional<std::pair<const Entry*, FileWork>> Pipeline::take(std::size_t i) {
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

std::size_t Pipeline::entries_found() {
    std::lock_guard lock(mutex_);
    return entries_.size() - later_parts_;
}

int64_t Pipeline::held_bytes(const FileWork& w) {
    if (w.unchanged) return 0;
    int64_t input = w.part ? w.part->end - w.part->begin + static_cast<int64_t>(w.compressed.size())
                           : w.byte_size;
    for (const auto& o : w.item_originals) input += static_cast<int64_t>(o.size());
    return input + (w.tokens ? static_cast<int64_t>(w.tokens->bytes()) : 0);
}

template <typename BeforeReading>
FileWork Pipeline::prepare_entry(const Entry& e, std::optional<StampCheck>& stamp_check, ContentCheck* content_check,
                                 BeforeReading&& before_reading) {
    FileWork w;
    if (e.verdict != IngestOutcome::added) return w;
    try {
        const std::string key = path_key(e.path);
        // Stamped (by the walk) before reading: a change after this shows next time.
        const auto& stamp = e.stamp;
        auto verdict = stamp && !options_.checksum ? quick_check(stamp_check, key, *stamp) : std::nullopt;
        if (verdict && options_.retry_failed && verdict->any_failure()) verdict.reset();
        if (verdict) {
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

void Pipeline::walk(const std::vector<fs::path>& inputs) {
    try {
        Walk tree([this](std::vector<Entry>& found) {
            // Big JSON exports become one entry per part, so that
            // several workers parse them and the writer starts on the first
            // part while the others are parsed.
            std::vector<Entry> entries;
            std::size_t later_parts = 0;
            for (auto& e : found) {
                const auto format = splittable_format(e, options_);
                auto parts = is_warc_entry(e, options_) ? plan_warc_parts(e.path, options_.part_bytes)
                             : format ? plan_parts(e.path, options_.part_bytes, *format == InputFormat::json)
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

void Pipeline::work() {
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

} // namespace newsdb::store
