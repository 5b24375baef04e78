#pragma once
// Extracting documents on several threads with results handed on in input
// order, so that what is built from them is the same for every thread count;
// and a progress line on standard error for long runs.
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "kg/core/diagnostic.hpp"
#include "kg/core/document.hpp"
#include "kg/extract/pipeline.hpp"
#include "kg/extract/reader.hpp"
#include "kg/graph/knowledge_graph.hpp"

namespace kg::cli {

// One step of reading: the diagnostics the reader produced, and the document
// it read (none at the end of the input, or when only diagnostics came).
struct read_step {
    kg::diagnostics diagnostics;
    std::optional<kg::document> document;
    std::uint64_t bytes_read = 0;  // input consumed up to and including it
};

struct extracted {
    read_step read;
    kg::extract::extraction result;  // empty when read.document is absent
};

// Moves an extracted document, its entities and its facts into `graph`
// (read.document must be present). What it leaves out is returned as error
// diagnostics naming the document's file: the whole document when its id is
// in the graph with another text, a fact whose id is taken by a different
// fact (an id collision). The rest of the input is unaffected.
kg::diagnostics add_to_graph(extracted& item, kg::graph::knowledge_graph& graph);

// The options kg build and kg extract share: how documents are read and extracted.
struct extraction_flags {
    bool no_models = false;
    bool no_relation_model = false;
    bool related = false;
    bool typed_only = false;
    unsigned jobs = 1;
    bool progress = false;
    double max_document_mb = 16;
    bool profile = false;
};

// Registers --no-models, --no-relation-model, --related, --typed-only, -j, --progress, --max-document-mb and --profile.
void add_extraction_flags(CLI::App* cmd, extraction_flags& f);

// The pipeline these flags ask for, from the data directory.
kg::extract::pipeline load_pipeline(const extraction_flags& f, const global_options& g);

// The reader options these flags ask for.
kg::extract::reader_options reader_options_of(const extraction_flags& f);

// Reads the next document (and the diagnostics before it) into `step`; false at the end.
bool read_next(kg::extract::document_reader& reader, read_step& step);

// Prints the reader's and the pipeline's diagnostics as they come (notes
// left out) and counts the inputs skipped (error diagnostics of the reader).
class diagnostic_printer {
public:
    diagnostic_printer(const global_options& g, class progress_meter& progress) : g_(g), progress_(progress) {}
    void reading(const kg::diagnostics& ds);     // counts errors as skipped inputs
    void extraction(const kg::diagnostics& ds);  // about the text, skips nothing
    std::size_t skipped() const noexcept { return skipped_; }

private:
    const global_options& g_;
    class progress_meter& progress_;
    std::size_t skipped_ = 0;
};

// Calls `next` (on the calling thread) until it returns false, extracts each
// step's document with `p` on `jobs` threads (1: on the calling thread alone)
// and calls `consume` on the calling thread for every step, in the order
// `next` produced them. At most a few steps per thread are in flight, so
// memory stays bounded by the documents being worked on. An exception thrown
// by the pipeline reaches the caller when its step's turn comes.
void extract_in_order(const kg::extract::pipeline& p, unsigned jobs, const std::function<bool(read_step&)>& next,
                      const std::function<void(extracted&)>& consume);

// kg build --profile: where the CPU time goes. Start-up (each part of
// loading the pipeline), each stage summed over the documents (on whichever
// thread ran it), and the calling thread's own parts (reading, adding to the
// graph, writing), reported on standard error as CPU seconds and shares of
// the process's CPU time.
class cpu_profile {
public:
    static double thread_seconds() noexcept;  // CPU time of the calling thread
    void loaded(const kg::extract::pipeline& p);
    void add(const kg::extract::stage_times& t);
    // One extracted document: the calling thread's time since the last mark
    // goes to "reading" (less the stages, when this thread ran them: -j1),
    // its stages are added up, its words counted.
    void document(const kg::extract::stage_times& t, std::string_view text, bool ran_here);
    // Adds the calling thread's CPU time since the last mark (or since
    // loaded()) to `part`, less `minus` (stages this thread ran meanwhile).
    void mark(const std::string& part, double minus = 0);
    void report(std::uint64_t bytes) const;

private:
    std::vector<std::pair<std::string, double>> load_;
    kg::extract::stage_times stages_;
    std::vector<std::pair<std::string, double>> parts_;
    double last_ = thread_seconds();
    std::uint64_t documents_ = 0;
    std::uint64_t words_ = 0;
};

// The thread count for -j N: N, or every core for 0.
unsigned resolve_jobs(unsigned requested);

// "kg: 1,234 documents, 12.3 of 45.6 MB, 2.1 MB/s, ETA 0:16" on standard
// error, redrawn in place on a terminal, else one line every 10 seconds.
class progress_meter {
public:
    // Active unless `quiet`, when `forced` or standard error is a terminal.
    progress_meter(bool forced, bool quiet);
    void update(std::uint64_t documents, std::uint64_t bytes_done, std::uint64_t bytes_total);
    // Prints the final state and ends the line.
    void finish(std::uint64_t documents, std::uint64_t bytes_done, std::uint64_t bytes_total);
    bool active() const noexcept { return active_; }
    // Clears the progress line on a terminal, before other output on stderr.
    void clear();

private:
    void draw(std::uint64_t documents, std::uint64_t bytes_done, std::uint64_t bytes_total, bool last);

    bool active_ = false;
    bool terminal_ = false;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace kg::cli
