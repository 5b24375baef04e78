// kg subgraph: a native graph of the neighbourhood of one entity, or of the paths between several.
#include <memory>
#include <set>

#include <fmt/format.h>

#include "commands.hpp"
#include "kg/core/error.hpp"
#include "kg/graph/graph_file.hpp"
#include "kg/graph/lookup.hpp"
#include "kg/graph/query.hpp"
#include "kg/graph/subgraph.hpp"
#include "query_options.hpp"

namespace kg::cli {
namespace {

struct subgraph_options {
    std::string graph_path;
    std::vector<std::string> entities;
    std::size_t hops = 0;  // 0: 1 for one entity, 3 for several
    std::size_t limit = 100;
    std::string output = "-";
    kg::graph::query_filter filter;
};

void run_subgraph(subgraph_options o, const global_options& g) {
    check_graph_output(o.output);
    kg::graph::knowledge_graph graph = read_graph_arg(o.graph_path);
    auto onto = try_load_ontology(g);
    check_filter(o.filter, graph, onto.get());
    std::vector<std::string> ids;
    for (const auto& name : o.entities) {
        std::string note;
        ids.push_back(kg::graph::resolve_entity(graph, name, &note));
        if (!note.empty()) report(g, "note: " + note);
    }
    kg::graph::query_graph q(graph, o.filter);
    std::vector<std::string> nodes, edges;
    if (ids.size() == 1) {
        auto r = q.neighbourhood(ids, o.hops ? o.hops : 1);
        for (auto& [id, d] : r.nodes) nodes.push_back(id);
        edges = std::move(r.edges);
    } else {
        std::size_t hops = o.hops ? o.hops : 3;
        std::set<std::string> node_set(ids.begin(), ids.end()), edge_set;
        for (std::size_t i = 0; i < ids.size(); ++i)
            for (std::size_t j = i + 1; j < ids.size(); ++j) {
                auto paths = q.all_paths(ids[i], ids[j], hops, o.limit);
                if (paths.empty())
                    report(g, fmt::format("note: no path of at most {} hops between {} and {}", hops, ids[i], ids[j]));
                for (const auto& p : paths) {
                    node_set.insert(p.nodes.begin(), p.nodes.end());
                    edge_set.insert(p.edges.begin(), p.edges.end());
                }
            }
        nodes.assign(node_set.begin(), node_set.end());
        edges.assign(edge_set.begin(), edge_set.end());
    }
    kg::graph::knowledge_graph sub = kg::graph::subgraph_of(graph, nodes, edges);
    write_output(o.output, kg::graph::serialize_graph(sub, kg::graph::graph_format_for(o.output)));
    report(g, fmt::format("subgraph {}: {} nodes, {} edges", o.output == "-" ? "written" : o.output, sub.node_count(),
                          sub.edge_count()));
}

}  // namespace

void add_subgraph_command(CLI::App& app, const global_options& g) {
    auto opts = std::make_shared<subgraph_options>();
    CLI::App* sub =
        app.add_subcommand("subgraph", "Cut a smaller graph out of a graph: around one entity, or between several");
    sub->add_option("graph", opts->graph_path, "Graph file written by 'kg build' (kg-graph JSON or binary .kgb; - for standard input)")->required();
    sub->add_option("entities", opts->entities, "Entities: node ids, labels or aliases")->required();
    sub->add_option("-o,--output", opts->output, "Graph to write: kg-graph JSON, or binary when it ends in .kgb (default -: JSON on standard output)")
        ->capture_default_str();
    sub->add_option("--hops", opts->hops,
                    "One entity: its neighbourhood of this many facts (default 1). Several: the paths of at most this "
                    "many facts between each pair (default 3); at most 1000")
        ->check(hops_range());
    sub->add_option("--limit", opts->limit, "Several entities: at most this many paths per pair (the shortest)")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    add_filter_options(*sub, opts->filter, true);
    sub->footer(
        "The output is a kg-graph JSON file (like 'kg build' writes) holding the kept entities, the kept facts\n"
        "among them and the documents they cite: ready for 'kg export' as a diagram. Written atomically.\n"
        "Exit status: 0 success; 1 usage error; 2 unreadable graph, or a name matching no entity or several.");
    sub->callback([opts, &g] { run_subgraph(*opts, g); });
}

}  // namespace kg::cli
