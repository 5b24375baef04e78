// kg extract: the mapper. JSONL articles on standard input, one line of facts
// per article on standard output: a pure function of each document, so
// shards of a corpus can be extracted anywhere and combined by kg merge.
#include <iostream>

#include <fmt/format.h>

#include "commands.hpp"
#include "parallel_extract.hpp"
#include "kg/core/error.hpp"
#include "kg/extract/pipeline.hpp"
#include "kg/extract/reader.hpp"
#include "kg/graph/graph_json.hpp"

namespace kg::cli {
namespace {

// Line numbers stay far from overflowing: 10^12 lines is more than any file.
constexpr std::size_t max_first_line = 1'000'000'000'000;

struct extract_options {
    std::string source = "-";
    std::size_t first_line = 1;
    extraction_flags extraction;
};

void run_extract(const extract_options& o, const global_options& g) {
    cpu_profile profile;
    auto pipeline = load_pipeline(o.extraction, g);
    profile.loaded(pipeline);
    const unsigned jobs = resolve_jobs(o.extraction.jobs);
    auto reader = kg::extract::document_reader::jsonl(std::cin, o.source, o.first_line, reader_options_of(o.extraction));
    progress_meter progress(o.extraction.progress, g.quiet);
    diagnostic_printer print(g, progress);
    std::size_t documents = 0;
    auto next = [&](read_step& step) { return read_next(reader, step); };
    auto consume = [&](extracted& item) {
        print.reading(item.read.diagnostics);
        if (!item.read.document) return;
        if (o.extraction.profile) profile.document(item.result.times, item.read.document->text, jobs == 1);
        print.extraction(item.result.diagnostics);
        // The document's graph, in the native format on one line.
        kg::graph::knowledge_graph one;
        print.reading(add_to_graph(item, one));  // one document into an empty graph: nothing is refused
        std::string line = single_line_json(kg::graph::to_graph_json(one));
        line.push_back('\n');
        std::cout.write(line.data(), static_cast<std::streamsize>(line.size()));
        if (!std::cout) throw kg::input_error("cannot write to standard output");
        ++documents;
        progress.update(documents, item.read.bytes_read, 0);
        if (o.extraction.profile) profile.mark("graph and output (writing)");
    };
    extract_in_order(pipeline, jobs, next, consume);
    std::cout.flush();
    if (!std::cout) throw kg::input_error("cannot write to standard output");
    if (o.extraction.profile) {
        profile.mark("graph and output (writing)");
        profile.report(reader.bytes_read());
    }
    progress.finish(documents, reader.bytes_read(), 0);
    if (print.skipped() > 0) note_inputs_skipped(g);
}

}  // namespace

std::string single_line_json(std::string_view json) {
    std::string out;
    out.reserve(json.size());
    bool in_string = false, escaped = false;
    for (char c : json) {
        if (in_string) {
            out.push_back(c);
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
            out.push_back(c);
        } else if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
            out.push_back(c);
        }
    }
    return out;
}

void add_extract_command(CLI::App& app, const global_options& g) {
    auto o = std::make_shared<extract_options>();
    auto* cmd = app.add_subcommand("extract", "Extract facts from JSONL articles on stdin, one JSON line per article on stdout (a mapper)");
    cmd->footer(
        "Reads JSONL articles ({\"id\", \"title\", \"text\", optional \"date\", \"url\"}) on standard input\n"
        "and writes, for each one, a line holding its graph: a kg-graph JSON object with that one\n"
        "document, its entities and its facts. Each line depends on its article alone, so a corpus\n"
        "can be cut into shards, extracted anywhere (Spark RDD.pipe, Hadoop Streaming) and the\n"
        "lines combined by `kg merge` in corpus order into the graph `kg build` would write.\n"
        "Give articles an \"id\": without one it is <stem of --source>:<line>, which repeats across shards.\n"
        "Malformed lines are reported on stderr (with their line number) and skipped.\n"
        "Exit status: 0 every line extracted, 1 usage error, 2 data error, 3 some lines skipped.");
    cmd->add_option("--source", o->source, "Name of the input in diagnostics and document sources")
        ->capture_default_str();
    cmd->add_option("--first-line", o->first_line,
                    "Line number of the first input line (for a shard cut out of a larger file)")
        ->capture_default_str()
        ->check(CLI::Range(std::size_t{1}, max_first_line, "LINE"));
    add_extraction_flags(cmd, o->extraction);
    cmd->callback([o, &g] { run_extract(*o, g); });
}

}  // namespace kg::cli
