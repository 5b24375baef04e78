// kg build: articles in, knowledge graph JSON out.
#include <iostream>
#include <set>

#include <fmt/format.h>

#include "commands.hpp"
#include "kg/core/error.hpp"
#include "kg/core/io.hpp"
#include "kg/extract/pipeline.hpp"
#include "kg/extract/reader.hpp"
#include "kg/graph/graph_json.hpp"

namespace kg::cli {
namespace {

struct build_options {
    std::vector<std::string> inputs;
    std::string output;
    std::string into;
    bool no_models = false;
    bool no_relation_model = false;
    bool related = false;
    bool strict = false;
};

void run_build(const build_options& o, const global_options& g) {
    auto read = kg::extract::read_inputs(o.inputs, std::cin);
    for (auto& d : read.diagnostics) report(g, format(d));
    std::size_t read_errors = 0;
    for (auto& d : read.diagnostics) read_errors += d.level == kg::severity::error;

    kg::graph::knowledge_graph graph;
    if (!o.into.empty()) graph = kg::graph::read_graph_json(o.into);
    if (read.documents.empty() && o.into.empty())
        throw kg::input_error(read_errors ? "no input could be read" : "the inputs hold no articles");

    auto pipeline = kg::extract::pipeline::load(
        resolve_data_dir(g),
        {.use_models = !o.no_models, .use_relation_model = !o.no_relation_model, .related_to = o.related});
    std::size_t facts = 0;
    for (auto& doc : read.documents) {
        if (graph.find_document(doc.id))
            report(g, fmt::format("note: document '{}' is already in the graph; its facts are merged", doc.id));
        auto result = pipeline.run(doc);
        for (auto& d : result.diagnostics)
            if (d.level != kg::severity::note) report(g, format(d));
        graph.add_document(doc);
        for (auto& e : result.entities) graph.add_entity(std::move(e));
        facts += result.facts.size();
        for (auto& f : result.facts) graph.add_fact(std::move(f));
    }

    if (o.strict && read_errors > 0)
        throw kg::input_error(fmt::format("{} inputs could not be read (--strict); nothing written", read_errors));
    std::string json = kg::graph::to_graph_json(graph);
    if (o.output == "-")
        std::cout << json;
    else
        kg::write_file_atomic(o.output, json);
    report(g, fmt::format("built {}: {} documents read ({} inputs skipped), {} nodes, {} edges",
                          o.output == "-" ? "graph" : o.output, read.documents.size(), read_errors, graph.node_count(),
                          graph.edge_count()));
}

}  // namespace

void add_build_command(CLI::App& app, const global_options& g) {
    auto o = std::make_shared<build_options>();
    auto* cmd = app.add_subcommand("build", "Build a knowledge graph from news articles");
    cmd->footer(
        "Inputs: .txt files (one article each; a first line without a final period is its title),\n"
        ".jsonl files (one article per line: {\"id\", \"title\", \"text\", optional \"date\", \"url\"}),\n"
        "directories (searched recursively for .txt and .jsonl) and - for standard input.\n"
        "Unreadable inputs are reported and skipped; the others are still processed.\n"
        "The output is written whole or not at all: a failed run never leaves half a file.");
    cmd->add_option("inputs", o->inputs, "Articles: files, directories or -")->required();
    cmd->add_option("-o,--output", o->output, "Graph JSON to write (- for standard output)")->required();
    cmd->add_option("--into", o->into, "Existing graph JSON to add the new facts to")->check(CLI::ExistingFile);
    cmd->add_flag("--no-models", o->no_models, "Do not use the statistical taggers: lexicons and word shape only");
    cmd->add_flag("--no-relation-model", o->no_relation_model,
                  "Do not use the CoNLL04 relation model (EMPLOYED_BY, BASED_IN, LOCATED_IN, LIVES_IN, KILLED): patterns only");
    cmd->add_flag("--related", o->related,
                  "Also keep a verb between two entities that no pattern types, as RELATED_TO labelled with the verb phrase");
    cmd->add_flag("--strict", o->strict, "Exit with status 2 when any input could not be read");
    cmd->callback([o, &g] { run_build(*o, g); });
}

}  // namespace kg::cli
