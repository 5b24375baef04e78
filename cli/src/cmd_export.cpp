// kg export: convert a graph to Graphviz DOT or the native JSON.
#include <iostream>
#include <memory>
#include <sstream>

#include <fmt/format.h>

#include "commands.hpp"
#include "kg/core/error.hpp"
#include "kg/core/io.hpp"
#include "kg/core/ontology.hpp"
#include "kg/export/dot.hpp"
#include "kg/export/json.hpp"
#include "kg/graph/graph_json.hpp"
#include "kg/graph/path.hpp"
#include "kg/graph/subgraph.hpp"

namespace kg::cli {
namespace {

struct export_options {
    std::string graph_path;
    std::string format;
    std::string output;
    std::vector<std::string> around;
    std::size_t depth = 1;
    double min_confidence = 0.0;
    bool connected = false;
    bool legend = false;
};

bool ends_with(const std::string& s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

void run_export(const export_options& o, const global_options& g) {
    std::string format = o.format;
    if (format.empty()) format = ends_with(o.output, ".json") ? "json" : "dot";
    kg::graph::knowledge_graph graph = kg::graph::read_graph_json(o.graph_path);
    if (o.min_confidence > 0.0) graph = kg::graph::with_min_confidence(graph, o.min_confidence);
    if (!o.around.empty()) {
        std::vector<std::string> centres;
        for (const auto& name : o.around) {
            auto ids = kg::graph::find_nodes(graph, name);
            if (ids.empty()) throw kg::query_error(fmt::format("no node matches '{}'", name));
            centres.insert(centres.end(), ids.begin(), ids.end());
        }
        graph = kg::graph::neighbourhood(graph, centres, o.depth);
    }
    if (o.connected) graph = kg::graph::without_isolated_nodes(graph);
    std::ostringstream text;
    if (format == "dot") {
        kg::ontology onto = kg::ontology::load(resolve_data_dir(g) + "/ontology.json");
        kg::exporter::write_dot(graph, &onto, {.legend = o.legend}, text);
    } else if (format == "json") {
        kg::exporter::write_json(graph, text);
    } else {
        throw kg::usage_error(fmt::format("unknown format '{}' (dot or json)", format));
    }
    if (o.output.empty() || o.output == "-") {
        std::cout << text.str();
        std::cout.flush();
        if (!std::cout) throw kg::input_error("cannot write to standard output");
    } else {
        kg::write_file_atomic(o.output, text.str());
    }
}

}  // namespace

void add_export_command(CLI::App& app, const global_options& g) {
    auto opts = std::make_shared<export_options>();
    CLI::App* sub = app.add_subcommand("export", "Convert a graph (kg-graph JSON) to Graphviz DOT or JSON");
    sub->add_option("graph", opts->graph_path, "Graph file written by 'kg build' (kg-graph JSON)")->required();
    sub->add_option("-f,--format", opts->format,
                    "Output format: dot (Graphviz; default) or json (the native kg-graph format, normalized); "
                    "default json when -o ends in .json")
        ->check(CLI::IsMember({"dot", "json"}));
    sub->add_option("-o,--output", opts->output, "Output file, written atomically (default: standard output)");
    sub->add_option("--around", opts->around,
                    "Export only the neighbourhood of this entity (name, alias or id; repeatable)");
    sub->add_option("--depth", opts->depth, "With --around: how many hops around the entity")->capture_default_str();
    sub->add_option("--min-confidence", opts->min_confidence, "Leave out facts less confident than this")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    sub->add_flag("--legend", opts->legend, "With dot: add a legend of the entity types shown");
    sub->add_flag("--connected", opts->connected, "Leave out entities that take part in no fact");
    sub->footer(
        "Node colours and shapes come from the entity types of <data>/ontology.json. Negative facts are drawn\n"
        "dashed and labelled \"NOT ...\"; hedged, reported or speculated facts are dotted.\n"
        "Render with e.g.: kg export graph.json | dot -Tsvg -o graph.svg\n"
        "Exit status: 0 ok, 1 usage error, 2 unreadable or invalid graph or data, or an --around name that\n"
        "matches no node.");
    sub->callback([opts, &g] { run_export(*opts, g); });
}

}  // namespace kg::cli
