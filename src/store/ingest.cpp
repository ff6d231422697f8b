#include "store/ingest.hpp"

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>

#include "newsdb/error.hpp"
#include "store/free_pages.hpp"
#include "store/paths.hpp"
#include "store/pipeline.hpp"
#include "store/transaction.hpp"
#include "store/writer.hpp"
#include "util/read_file.hpp"

namespace fs = std::filesystem;

namespace newsdb::store {

namespace {

// A batch commits after IngestOptions::batch_files written files or this
// long, whichever comes first: long enough to amortise commits, short enough that progress
// stays live and a second writer does not wait long.
constexpr auto kBatchTime = std::chrono::milliseconds(250);

// Named queries, bound values only.
constexpr const char* kPathsWithFailures =
    "SELECT DISTINCT path FROM failed_items WHERE not_article = 0 ORDER BY path";
constexpr const char* kForgetFailures = "DELETE FROM failed_items WHERE path = ?";

// What an ingest tells its caller: every stored result, counted, and its
// progress now and then.
class Tally {
public:
    // `started`: when the ingest started, for IngestProgress::seconds.
    Tally(const IngestCallback& on_result, const ProgressCallback& on_progress, Pipeline& pipeline,
          std::chrono::steady_clock::time_point started)
        : on_result_(on_result), on_progress_(on_progress), pipeline_(pipeline), started_(started) {}

    IngestSummary summary;

    void report(const IngestResult& r) {
        summary.count(r);
        if (r.outcome == IngestOutcome::failed) ++progress_.failed;
        else if (r.outcome != IngestOutcome::skipped) ++progress_.articles;
        if (on_result_) on_result_(r);
    }

    void file_done(int64_t bytes) {
        ++progress_.files_done;
        progress_.bytes_done += bytes;
    }

    // At most every 200 ms, unless `force`.
    void tick(bool force) {
        if (!on_progress_) return;
        const auto now = std::chrono::steady_clock::now();
        if (!force && now - last_tick_ < std::chrono::milliseconds(200)) return;
        last_tick_ = now;
        progress_.files_total = static_cast<int64_t>(pipeline_.entries_found());  // grows while the walk goes on
        progress_.seconds = std::chrono::duration<double>(now - started_).count();
        on_progress_(progress_);
    }

private:
    const IngestCallback& on_result_;
    const ProgressCallback& on_progress_;
    Pipeline& pipeline_;
    IngestProgress progress_;
    const std::chrono::steady_clock::time_point started_;
    std::chrono::steady_clock::time_point last_tick_ = started_;
};

// Files are written in batches, one transaction each: far fewer commits
// (each one flushes FTS5's pending index segment). A database failure
// rolls the whole batch back, so a file still stores whole or not at all;
// re-ingesting stores the batch's files. The writer indexes each passage
// as it stores it, without the per-row trigger (Writer::begin_bulk_index).
// Results are reported once their batch has committed, so they are never
// untrue. A file prepared in parts is written part by part, all in one batch.
class BatchWriter {
public:
    BatchWriter(SQLite::Database& db, const IngestOptions& options, Tally& tally)
        : db_(db), options_(options), tally_(tally), writer_(db) {}
    BatchWriter(const BatchWriter&) = delete;
    BatchWriter& operator=(const BatchWriter&) = delete;

    // A file, a verdict of the walk, or the head of a file prepared in parts.
    void file(const Entry& e, const FileWork& w);
    // A later part of a file prepared in parts: written when its file's head was, ignored otherwise.
    void later_part(const Entry& e, FileWork w);
    // Commits the last batch (giving free pages back) and reports what it held.
    void finish() { commit(true); }

private:
    bool batch_due() const {
        return batch_files_ >= static_cast<std::size_t>(std::max(1, options_.batch_files)) ||
               std::chrono::steady_clock::now() - batch_started_ > kBatchTime;
    }
    void begin_batch();
    void commit(bool last = false);
    // The file's writes may be half done: none of the batch is kept.
    void abandon_batch();
    // Counts the file whose results were held from pending_[first] on.
    void count_file(std::size_t first) {
        tally_.summary.count_file(std::vector<IngestResult>(pending_.begin() + static_cast<std::ptrdiff_t>(first),
                                                            pending_.end()));
    }

    SQLite::Database& db_;
    const IngestOptions& options_;
    Tally& tally_;
    Writer writer_;
    std::optional<Transaction> batch_;
    std::vector<IngestResult> pending_;
    const IngestCallback hold_ = [this](const IngestResult& r) { pending_.push_back(r); };
    std::chrono::steady_clock::time_point batch_started_ = std::chrono::steady_clock::now();
    std::size_t batch_files_ = 0;
    bool wrote_ = false;
    std::unique_ptr<Writer::OpenFile> open_file_;
    std::size_t open_file_first_ = 0;  // where the open file's results start in pending_
};

void BatchWriter::begin_batch() {
    wrote_ = true;
    batch_.emplace(db_, Transaction::Kind::immediate);
    writer_.begin_bulk_index();
    batch_started_ = std::chrono::steady_clock::now();
}

void BatchWriter::commit(bool last) {
    // FTS5's last segment merges free pages that no later batch will
    // reuse; an archive created with incremental auto-vacuum gives them
    // back to the file system (a no-op in older archives): inside the
    // last batch, or on its own if that batch has already committed.
    if (batch_) {
        writer_.finish_bulk_index();
        if (last) release_free_pages(db_);
        batch_->commit();
    } else if (last && wrote_) {
        release_free_pages(db_);
    }
    batch_.reset();
    batch_files_ = 0;
    for (const auto& r : pending_) tally_.report(r);
    pending_.clear();
}

void BatchWriter::abandon_batch() {
    open_file_.reset();
    writer_.abandon_bulk_index();
    batch_.reset();
    pending_.clear();
}

void BatchWriter::later_part(const Entry& e, FileWork w) {
    if (!open_file_) return;
    IngestSummary& summary = tally_.summary;
    try {
        if (!w.parsed && w.error.empty())  // looked unchanged: the archive moved on since
            w = prepare_part(e.path, path_key(e.path), *e.part, *e.parts, options_, nullptr);
        if (w.parsed) {
            writer_.write_part(*open_file_, w);
            ++summary.file_parts;
        } else {
            writer_.close_file(*open_file_, hold_, false,
                               w.error.empty() ? "the file changed while it was read; ingest it again" : w.error);
            open_file_.reset();
            count_file(open_file_first_);
        }
        if (open_file_ && e.part->last()) {
            writer_.close_file(*open_file_, hold_);
            open_file_.reset();
            count_file(open_file_first_);
        }
    } catch (const SQLite::Exception&) {
        abandon_batch();
        throw;
    }
    if (!open_file_ && batch_due()) commit();
}

void BatchWriter::file(const Entry& e, const FileWork& w) {
    IngestSummary& summary = tally_.summary;
    const std::size_t first = pending_.size();
    if (e.verdict != IngestOutcome::added) {
        hold_({e.path, e.verdict, 0, e.reason});
    } else {
        // A new stamp for unchanged bytes, and a new failure (remembered), are writes too.
        const bool writes = w.error.empty() ? !w.unchanged || (w.stamp && !w.stamp_recorded)
                                            : !w.unchanged && w.stamp.has_value();
        if (writes && !batch_) begin_batch();
        const auto mode = batch_ ? Writer::Batch::inside : Writer::Batch::own_transaction;
        try {
            if (w.part && w.parsed && w.error.empty()) {
                // The head of a file prepared in parts; its later parts follow.
                open_file_first_ = first;
                open_file_ = writer_.open_file(w);
                writer_.write_part(*open_file_, w);
                ++summary.file_parts;
                if (e.part->last()) {  // a WARC of one part
                    writer_.close_file(*open_file_, hold_);
                    open_file_.reset();
                }
            } else if (!writer_.write(w, hold_, mode)) {
                // Looked unchanged to the worker, but the archive moved on meanwhile.
                std::string bytes;
                try {
                    bytes = util::read_whole_file(e.path);
                    writer_.write(prepare_file(w.origin, w.key, std::move(bytes), options_, nullptr), hold_, mode);
                } catch (const Error& err) {
                    hold_({e.path, IngestOutcome::failed, 0, err.what()});
                }
            }
        } catch (const SQLite::Exception&) {
            abandon_batch();
            throw;
        }
        if (writes) ++batch_files_;
    }
    if (!open_file_) count_file(first);
    tally_.file_done(w.byte_size);
    if (!open_file_ && (!batch_ || batch_due())) commit();
}

// A file whose parts cannot reproduce it (FileWork::whole_file_needed),
// prepared whole as any other.
FileWork prepare_whole(const Entry& e, const IngestOptions& options) {
    FileWork w;
    try {
        w = prepare_file(e.path, path_key(e.path), util::read_whole_file(e.path), options, nullptr);
    } catch (const Error& err) {
        w = FileWork{};
        w.origin = e.path;
        w.error = err.what();
    }
    w.stamp = e.stamp;
    return w;
}

} // namespace

// `ingest --retry-failed` with no paths: the paths whose failures are
// remembered. Those that are gone are forgotten (reported skipped): nothing
// would ever read them again.
std::vector<fs::path> paths_to_retry(SQLite::Database& db, std::vector<IngestResult>& forgotten) {
    std::vector<fs::path> paths;
    {
        SQLite::Statement st(db, kPathsWithFailures);
        while (st.executeStep()) paths.emplace_back(st.getColumn(0).getString());
    }
    std::vector<fs::path> present;
    std::vector<std::string> gone;
    for (auto& p : paths) {
        std::error_code ec;
        if (fs::exists(p, ec) || ec) present.push_back(std::move(p));
        else gone.push_back(p.string());
    }
    if (!gone.empty()) {
        Transaction tx(db, Transaction::Kind::immediate);
        SQLite::Statement forget(db, kForgetFailures);
        for (const auto& p : gone) {
            forget.reset();
            forget.bind(1, p);
            forget.exec();
            forgotten.push_back({p, IngestOutcome::skipped, 0, "no longer there: its remembered failure is forgotten"});
        }
        tx.commit();
    }
    return present;
}

IngestSummary run_ingest(SQLite::Database& db, const std::string& archive_path,
                         const std::vector<fs::path>& given, const IngestOptions& options,
                         const IngestCallback& on_result, const ProgressCallback& on_progress) {
    const auto started = std::chrono::steady_clock::now();
    std::vector<IngestResult> forgotten;
    const std::vector<fs::path> inputs =
        options.retry_failed && given.empty() ? paths_to_retry(db, forgotten) : given;
    Pipeline pipeline(inputs, options, archive_path);
    Tally tally(on_result, on_progress, pipeline, started);
    for (const auto& r : forgotten) {
        tally.report(r);
        tally.summary.count_file({r});
    }
    BatchWriter writes(db, options, tally);
    for (std::size_t i = 0;; ++i) {
        auto next = pipeline.take(i);
        if (!next) break;
        const Entry& e = *next->first;
        FileWork& w = next->second;
        if (e.part && e.part->index > 0) {
            writes.later_part(e, std::move(w));
            continue;
        }
        if (e.part && w.whole_file_needed) w = prepare_whole(e, options);
        writes.file(e, w);
        tally.tick(false);
    }
    writes.finish();
    tally.tick(true);
    return tally.summary;
}

std::vector<IngestResult> ingest_one(SQLite::Database& db, std::string bytes, const std::string& origin,
                                     const std::string& key, const IngestOptions& options) {
    std::vector<IngestResult> results;
    Writer writer(db);
    writer.write(prepare_file(origin, key, std::move(bytes), options, nullptr),
                 [&](const IngestResult& r) { results.push_back(r); });
    return results;
}

} // namespace newsdb::store
