// kg build: articles in, knowledge graph JSON out.
#include <iostream>
#include <optional>

#include <fmt/format.h>

#include "commands.hpp"
#include "query_options.hpp"
#include "parallel_extract.hpp"
#include "kg/core/error.hpp"
#include "kg/core/io.hpp"
#include "kg/extract/pipeline.hpp"
#include "kg/extract/reader.hpp"
#include "kg/graph/graph_file.hpp"
#include "kg/graph/resolution.hpp"

namespace kg::cli {
namespace {

struct build_options {
    std::vector<std::string> inputs;
    std::string output;
    std::string into;
    bool strict = false;
    bool explain_merges = false;
    extraction_flags extraction;
};

void run_build(const build_options& o, const global_options& g) {
    check_graph_output(o.output);
    refuse_non_articles(o.inputs);
    cpu_profile profile;
    auto pipeline = load_pipeline(o.extraction, g);
    profile.loaded(pipeline);
    const unsigned jobs = resolve_jobs(o.extraction.jobs);
    kg::graph::knowledge_graph graph;
    // Concurrent runs adding to one graph take turns: each reads the graph
    // the previous one wrote (the lock is held until the output is written),
    // so every run's documents survive.
    std::optional<kg::update_lock> lock;
    if (!o.into.empty()) {
        lock.emplace(o.into);
        graph = kg::graph::read_graph(o.into);
    }
    auto resolver = std::make_shared<const kg::graph::entity_resolver>(pipeline.ontology());
    graph.set_resolver(resolver);
    kg::extract::document_reader reader(o.inputs, std::cin, reader_options_of(o.extraction));
    progress_meter progress(o.extraction.progress, g.quiet);
    diagnostic_printer print(g, progress);
    std::size_t documents = 0;
    auto next = [&](read_step& step) { return read_next(reader, step); };
    auto consume = [&](extracted& item) {
        print.reading(item.read.diagnostics);
        if (!item.read.document) return;
        auto& doc = *item.read.document;
        if (o.extraction.profile) profile.document(item.result.times, doc.text, jobs == 1);
        const kg::document* known = graph.find_document(doc.id);
        if (known && known->content_hash == kg::graph::knowledge_graph::content_hash(doc.text)) {
            progress.clear();
            report(g, fmt::format("note: document '{}' is already in the graph; its facts are merged", doc.id));
        }
        // Extraction diagnostics are about the text, not about skipped input.
        print.extraction(item.result.diagnostics);
        // What the graph could not take (a known id with another text, an id collision) was skipped.
        print.reading(add_to_graph(item, graph));
        ++documents;
        progress.update(documents, item.read.bytes_read, reader.bytes_total());
        if (o.extraction.profile) profile.mark("graph (adding documents)");
    };
    extract_in_order(pipeline, jobs, next, consume);
    std::size_t skipped = print.skipped();
    progress.finish(documents, reader.bytes_read(), reader.bytes_total());

    if (documents == 0 && o.into.empty())
        throw kg::input_error(skipped ? "no input could be read; nothing written" : "the inputs hold no articles");
    if (o.strict && skipped > 0)
        throw kg::input_error(fmt::format("{} inputs could not be read (--strict); nothing written", skipped));
    kg::graph::resolve_short_names(graph, *resolver);
    if (o.extraction.profile) profile.mark("graph (entity resolution)");
    write_output(o.output, kg::graph::serialize_graph(graph, kg::graph::graph_format_for(o.output)));
    if (o.explain_merges) print_merges(graph, o.output == "-");
    if (o.extraction.profile) {
        profile.mark("graph (writing)");
        profile.report(reader.bytes_read());
    }
    report(g, fmt::format("built {}: {} documents read ({} inputs skipped), {} nodes, {} edges",
                          o.output == "-" ? "graph" : o.output, documents, skipped, graph.node_count(),
                          graph.edge_count()));
    if (skipped > 0) note_inputs_skipped(g);
}

}  // namespace

void print_merges(const kg::graph::knowledge_graph& graph, bool to_stderr) {
    std::ostream& out = to_stderr ? std::cerr : std::cout;
    for (const auto& line : kg::graph::explain_merges(graph)) out << line << '\n';
    out << std::flush;
}

std::size_t document_limit(double megabytes) {
    if (!(megabytes > 0)) throw kg::usage_error("--max-document-mb must be positive");
    return static_cast<std::size_t>(megabytes * 1024 * 1024);
}

void add_build_command(CLI::App& app, const global_options& g) {
    auto o = std::make_shared<build_options>();
    auto* cmd = app.add_subcommand("build", "Build a knowledge graph from news articles");
    cmd->footer(
        "Inputs: .txt files (one article each; a first line without a final period is its title),\n"
        ".jsonl files (one article per line: {\"id\", \"title\", \"text\", optional \"date\", \"url\"}),\n"
        "directories (searched recursively for .txt and .jsonl) and - for standard input.\n"
        "JSONL is streamed: memory holds only the documents being worked on.\n"
        "Unreadable, empty, binary, oversized inputs and malformed JSONL lines are reported\n"
        "(file and line) and skipped; the others are still processed. Invalid UTF-8 is repaired\n"
        "with a warning. The output is the same for every -j.\n"
        "The output is written whole or not at all: a failed run never leaves half a file.\n"
        "Exit status: 0 all inputs read, 1 usage error, 2 input or data error (nothing written),\n"
        "3 graph written but some inputs were skipped (2 with --strict).");
    cmd->add_option("inputs", o->inputs, "Articles: files, directories or -")->required();
    cmd->add_option("-o,--output", o->output, "Graph to write: kg-graph JSON, or binary when it ends in .kgb (- for JSON on standard output)")->required();
    cmd->add_option("--into", o->into, "Existing graph (JSON or .kgb) to add the new facts to")->check(CLI::ExistingFile);
    add_extraction_flags(cmd, o->extraction);
    cmd->add_flag("--strict", o->strict, "Exit with status 2 and write nothing when any input could not be read");
    cmd->add_flag("--explain-merges", o->explain_merges,
                  "List every entity merge in the graph and its rule (\"<node> <- <absorbed id> <- rule: why\"), on "
                  "standard output (standard error when the graph goes to standard output)");
    cmd->callback([o, &g] { run_build(*o, g); });
}

}  // namespace kg::cli
