#include "parallel_extract.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <iostream>
#include <memory>
#include <mutex>
#include <new>
#include <system_error>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "kg/core/error.hpp"

namespace kg::cli {
namespace {

// Extracts one document; running out of memory on it is an error naming it.
void extract_one(const kg::extract::pipeline& p, extracted& item) {
    try {
        item.result = p.run(*item.read.document);
    } catch (const std::bad_alloc&) {
        const kg::document& d = *item.read.document;
        throw kg::input_error(fmt::format("out of memory extracting document '{}'", d.id), d.source);
    }
}

struct slot {
    extracted item;
    bool done = false;
    std::exception_ptr failure;
};

// The worker threads and the queue of slots waiting for them. The destructor
// stops and joins the workers, also when the caller unwinds.
class worker_pool {
public:
    // Throws kg::error when a thread cannot be started (a process or memory
    // limit), after stopping those that were.
    worker_pool(const kg::extract::pipeline& p, unsigned jobs) : pipeline_(p) {
        try {
            threads_.reserve(jobs);
            for (unsigned i = 0; i < jobs; ++i) threads_.emplace_back([this] { work(); });
        } catch (const std::system_error& e) {
            std::size_t started = threads_.size();
            stop();
            throw kg::error(fmt::format("cannot start thread {} of {} (-j {}): {}; try a smaller -j", started + 1,
                                        jobs, jobs, e.code().message()));
        }
    }
    ~worker_pool() { stop(); }
    worker_pool(const worker_pool&) = delete;
    worker_pool& operator=(const worker_pool&) = delete;

    void submit(slot* s) {
        {
            std::lock_guard lock(mutex_);
            queue_.push_back(s);
        }
        work_ready_.notify_one();
    }

    void wait(slot* s) {
        std::unique_lock lock(mutex_);
        slot_done_.wait(lock, [s] { return s->done; });
    }

private:
    void stop() noexcept {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        work_ready_.notify_all();
        for (auto& t : threads_)
            if (t.joinable()) t.join();
    }

    void work() {
        for (;;) {
            slot* s = nullptr;
            {
                std::unique_lock lock(mutex_);
                work_ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
                if (stopping_) return;
                s = queue_.front();
                queue_.pop_front();
            }
            run(pipeline_, *s);
            {
                std::lock_guard lock(mutex_);
                s->done = true;
            }
            slot_done_.notify_all();
        }
    }

public:
    static void run(const kg::extract::pipeline& p, slot& s) {
        try {
            extract_one(p, s.item);
        } catch (...) {
            s.failure = std::current_exception();
        }
    }

private:
    const kg::extract::pipeline& pipeline_;
    std::mutex mutex_;
    std::condition_variable work_ready_;
    std::condition_variable slot_done_;
    std::deque<slot*> queue_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

std::string clock_text(double seconds) {
    auto s = static_cast<long long>(seconds + 0.5);
    if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
    return fmt::format("{}:{:02}", s / 60, s % 60);
}

}  // namespace

unsigned resolve_jobs(unsigned requested) {
    if (requested > 0) return requested;
    unsigned n = std::thread::hardware_concurrency();
    return n == 0 ? 1 : n;
}

void extract_in_order(const kg::extract::pipeline& p, unsigned jobs, const std::function<bool(read_step&)>& next,
                      const std::function<void(extracted&)>& consume) {
    if (jobs <= 1) {
        for (;;) {
            extracted item;
            bool more = next(item.read);
            if (item.read.document) extract_one(p, item);
            if (more || item.read.document || !item.read.diagnostics.empty()) consume(item);
            if (!more) return;
        }
    }
    // The window is declared before the pool, so the pool (and its threads)
    // is gone before the slots they point to.
    std::deque<std::unique_ptr<slot>> window;
    worker_pool pool(p, jobs);
    const std::size_t capacity = 4 * static_cast<std::size_t>(jobs);
    bool more = true;
    for (;;) {
        while (more && window.size() < capacity) {
            auto s = std::make_unique<slot>();
            more = next(s->item.read);
            if (!more && !s->item.read.document && s->item.read.diagnostics.empty()) break;
            if (s->item.read.document) pool.submit(s.get());
            else s->done = true;
            window.push_back(std::move(s));
        }
        if (window.empty()) return;
        slot* front = window.front().get();
        pool.wait(front);
        std::unique_ptr<slot> s = std::move(window.front());
        window.pop_front();
        if (s->failure) std::rethrow_exception(s->failure);
        consume(s->item);
    }
}

progress_meter::progress_meter(bool forced, bool quiet) {
    terminal_ = ::isatty(STDERR_FILENO) == 1;
    active_ = !quiet && (forced || terminal_);
    start_ = last_draw_ = std::chrono::steady_clock::now();
}

void progress_meter::update(std::uint64_t documents, std::uint64_t bytes_done, std::uint64_t bytes_total) {
    if (!active_) return;
    auto now = std::chrono::steady_clock::now();
    auto interval = terminal_ ? std::chrono::milliseconds(250) : std::chrono::milliseconds(10'000);
    if (now - last_draw_ < interval) return;
    last_draw_ = now;
    draw(documents, bytes_done, bytes_total, false);
}

void progress_meter::finish(std::uint64_t documents, std::uint64_t bytes_done, std::uint64_t bytes_total) {
    if (!active_) return;
    draw(documents, bytes_done, bytes_total, true);
}

void progress_meter::clear() {
    if (terminal_ && drawn_) std::cerr << "\r\x1b[K" << std::flush;
}

void progress_meter::draw(std::uint64_t documents, std::uint64_t bytes_done, std::uint64_t bytes_total, bool last) {
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    double mb = static_cast<double>(bytes_done) / 1e6;
    double rate = seconds > 0 ? mb / seconds : 0;
    std::string line = fmt::format("kg: {} documents, {:.1f}", documents, mb);
    if (bytes_total > 0) line += fmt::format(" of {:.1f}", static_cast<double>(bytes_total) / 1e6);
    line += fmt::format(" MB, {:.2f} MB/s", rate);
    if (last) {
        line += fmt::format(", {} elapsed", clock_text(seconds));
    } else if (bytes_total > 0 && rate > 0 && bytes_done <= bytes_total) {
        line += ", ETA " + clock_text(static_cast<double>(bytes_total - bytes_done) / 1e6 / rate);
    }
    if (terminal_) std::cerr << '\r' << line << "\x1b[K" << (last ? "\n" : "") << std::flush;
    else std::cerr << line << '\n' << std::flush;
    drawn_ = true;
}

// ------------------------------------------------------------ shared by build and extract

void add_extraction_flags(CLI::App* cmd, extraction_flags& f) {
    cmd->add_flag("--no-models", f.no_models, "Do not use the statistical taggers: lexicons and word shape only");
    cmd->add_flag("--no-relation-model", f.no_relation_model,
                  "Do not use the CoNLL04 relation model (EMPLOYED_BY, BASED_IN, LOCATED_IN, LIVES_IN, KILLED): patterns only");
    cmd->add_flag("--related", f.related,
                  "In sentences without a dependency parse, also keep a verb between two entities that no pattern types, "
                  "as RELATED_TO labelled with the verb phrase");
    cmd->add_flag("--typed-only", f.typed_only,
                  "Leave out open relations: RELATED_TO facts between two names joined by a predicate the predicate "
                  "lexicon does not type (on by default)");
    cmd->add_option("-j,--jobs", f.jobs, "Extract documents on N threads (0: one per core; at most 1024)")
        ->check(CLI::Range(0u, max_jobs_limit))
        ->capture_default_str();
    cmd->add_flag("--progress", f.progress,
                  "Show progress on standard error (documents, MB/s, ETA); on by default when it is a terminal");
    cmd->add_option("--max-document-mb", f.max_document_mb, "Skip documents larger than this many MiB")
        ->capture_default_str();
    cmd->add_flag("--profile", f.profile,
                  "Report on standard error where the CPU time went: start-up, each stage, reading, the graph");
}

// ------------------------------------------------------------ cpu_profile

double cpu_profile::thread_seconds() noexcept {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

void cpu_profile::loaded(const kg::extract::pipeline& p) {
    load_ = p.load_times();
    last_ = thread_seconds();
}

void cpu_profile::add(const kg::extract::stage_times& t) {
    for (std::size_t i = 0; i < t.stages.size(); ++i) stages_.stages[i] += t.stages[i];
    stages_.output += t.output;
    ++documents_;
}

void cpu_profile::document(const kg::extract::stage_times& t, std::string_view text, bool ran_here) {
    double stages = t.output;
    for (double x : t.stages) stages += x;
    mark("reading", ran_here ? stages : 0);
    add(t);
    bool in_word = false;
    for (char c : text) {
        bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
        words_ += !space && !in_word;
        in_word = !space;
    }
}

void cpu_profile::mark(const std::string& part, double minus) {
    double now = thread_seconds();
    auto it = std::find_if(parts_.begin(), parts_.end(), [&](auto& p) { return p.first == part; });
    if (it == parts_.end()) parts_.emplace_back(part, now - last_ - minus);
    else it->second += now - last_ - minus;
    last_ = now;
}

void cpu_profile::report(std::uint64_t bytes) const {
    const std::uint64_t words = words_;
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    auto secs = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6; };
    const double total = secs(ru.ru_utime) + secs(ru.ru_stime);
    auto line = [&](const std::string& what, double s) {
        std::cerr << fmt::format("  {:<40} {:9.3f} s {:6.1f}%\n", what, s, total > 0 ? 100.0 * s / total : 0.0);
    };
    std::cerr << fmt::format("kg profile: {:.3f} CPU s in all (user + system), {} documents, {:.2f} MB, {} words\n",
                             total, documents_, static_cast<double>(bytes) / 1e6, words);
    double load = 0;
    for (auto& [what, s] : load_) load += s;
    line("start-up (loading)", load);
    for (auto& [what, s] : load_) line("  " + what, s);
    double extraction = stages_.output;
    for (double s : stages_.stages) extraction += s;
    line("extraction (all threads)", extraction);
    for (std::size_t i = 0; i < stages_.stages.size(); ++i)
        line("  " + std::string(kg::extract::to_string(static_cast<kg::extract::stage_id>(i))), stages_.stages[i]);
    line("  output (entities, facts)", stages_.output);
    for (auto& [what, s] : parts_) line(what + " (main thread)", s);
    if (total > 0)
        std::cerr << fmt::format("  {:.3f} MB/s and {:.0f} words/s per CPU second\n", static_cast<double>(bytes) / 1e6 / total,
                                 static_cast<double>(words) / total);
}

kg::extract::pipeline load_pipeline(const extraction_flags& f, const global_options& g) {
    return kg::extract::pipeline::load(
        resolve_data_dir(g),
        {.use_models = !f.no_models,
         .use_relation_model = !f.no_relation_model,
         .related_to = f.related && !f.typed_only,
         .open_relations = !f.typed_only});
}

kg::extract::reader_options reader_options_of(const extraction_flags& f) {
    return {.max_document_bytes = document_limit(f.max_document_mb)};
}

bool read_next(kg::extract::document_reader& reader, read_step& step) {
    step.document = reader.next(step.diagnostics);
    step.bytes_read = reader.bytes_read();
    return step.document.has_value();
}

void diagnostic_printer::reading(const kg::diagnostics& ds) {
    for (auto& d : ds) {
        skipped_ += d.level == kg::severity::error;
        if (d.level == kg::severity::note) continue;
        progress_.clear();
        report(g_, format(d));
    }
}

void diagnostic_printer::extraction(const kg::diagnostics& ds) {
    for (auto& d : ds) {
        if (d.level == kg::severity::note) continue;
        progress_.clear();
        report(g_, format(d));
    }
}

kg::diagnostics add_to_graph(extracted& item, kg::graph::knowledge_graph& graph) {
    kg::diagnostics out;
    kg::document& doc = *item.read.document;
    const std::string file = doc.source.empty() ? doc.id : doc.source;
    // A known id with another text: the graph's mentions and evidence point
    // into the text it has, so the new one is left out rather than mixed in.
    if (const kg::document* known = graph.find_document(doc.id)) {
        std::string hash = kg::graph::knowledge_graph::content_hash(doc.text);
        if (!known->content_hash.empty() && known->content_hash != hash) {
            out.push_back({kg::severity::error, file, 0,
                           fmt::format("document '{}' is already in the graph with a different text; this article is "
                                       "left out (give it another id to add it)",
                                       doc.id)});
            return out;
        }
    }
    graph.add_document(std::move(doc));
    for (auto& e : item.result.entities) graph.add_entity(std::move(e));
    for (auto& f : item.result.facts) {
        if (std::string conflict = graph.fact_conflict(f); !conflict.empty()) {
            out.push_back({kg::severity::error, file, 0, conflict});
            continue;
        }
        graph.add_fact(std::move(f));
    }
    return out;
}

}  // namespace kg::cli
