// A fixed list of jobs prepared on worker threads, a bounded window ahead of
// one consumer that takes the results in order: the shape of a reparse (each
// original parsed by a worker, the articles stored by one writer). An
// ingest's Pipeline is the same idea over a walk that grows as it goes.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace newsdb::store {

template <typename Result>
class OrderedWork {
public:
    // `prepare(i)` makes result i (0 <= i < count) on one of `threads`
    // threads, each of which first runs `on_start`; `held(result)` is the
    // memory a result holds until it is taken. A worker starts job i only
    // while i is fewer than `window` ahead of the consumer and the results
    // waiting hold less than `max_held` (the next one to take always runs).
    OrderedWork(std::size_t count, int threads, std::size_t window, int64_t max_held,
                std::function<Result(std::size_t)> prepare, std::function<int64_t(const Result&)> held,
                std::function<void()> on_start = {})
        : count_(count), window_(std::max<std::size_t>(window, 1)), max_held_(max_held),
          prepare_(std::move(prepare)), held_(std::move(held)), slots_(window_) {
        for (int t = 0; t < std::max(threads, 1); ++t)
            threads_.emplace_back([this, on_start] {
                if (on_start) on_start();
                work();
            });
    }
    OrderedWork(const OrderedWork&) = delete;
    OrderedWork& operator=(const OrderedWork&) = delete;

    ~OrderedWork() {
        {
            std::lock_guard lock(mutex_);
            stop_ = true;
        }
        more_.notify_all();
        for (auto& t : threads_) t.join();
    }

    // Result i, once ready; results must be taken in order. Rethrows what
    // `prepare` threw for it.
    Result take(std::size_t i) {
        std::unique_lock lock(mutex_);
        auto& slot = slots_[i % window_];
        ready_.wait(lock, [&] { return slot.has_value() || error_; });
        if (error_) std::rethrow_exception(error_);
        Result r = std::move(*slot);
        slot.reset();
        waiting_ -= held_(r);
        taken_ = i + 1;
        lock.unlock();
        more_.notify_all();
        return r;
    }

private:
    void work() {
        for (;;) {
            std::size_t i;
            {
                std::unique_lock lock(mutex_);
                more_.wait(lock, [&] {
                    return stop_ || next_ >= count_ ||
                           (next_ < taken_ + window_ && (next_ == taken_ || waiting_ < max_held_));
                });
                if (stop_ || next_ >= count_) return;
                i = next_++;
            }
            std::optional<Result> r;
            std::exception_ptr error;
            try {
                r.emplace(prepare_(i));
            } catch (...) {
                error = std::current_exception();
            }
            {
                std::lock_guard lock(mutex_);
                if (error) {
                    error_ = error;
                } else {
                    waiting_ += held_(*r);
                    slots_[i % window_] = std::move(r);
                }
            }
            ready_.notify_all();
        }
    }

    const std::size_t count_, window_;
    const int64_t max_held_;
    std::function<Result(std::size_t)> prepare_;
    std::function<int64_t(const Result&)> held_;
    std::mutex mutex_;
    std::condition_variable more_, ready_;
    std::vector<std::optional<Result>> slots_;  // result i at i % window_
    std::size_t next_ = 0, taken_ = 0;
    int64_t waiting_ = 0;
    bool stop_ = false;
    std::exception_ptr error_;
    std::vector<std::thread> threads_;
};

} // namespace newsdb::store
