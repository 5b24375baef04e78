// kg neighbors: the entities and facts around one entity.
#include <algorithm>
#include <iostream>
#include <memory>

#include <fmt/format.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include "commands.hpp"
#include "kg/core/error.hpp"
#include "kg/graph/graph_file.hpp"
#include "kg/graph/lookup.hpp"
#include "kg/graph/query.hpp"
#include "query_options.hpp"

namespace kg::cli {
namespace {

struct neighbors_options {
    std::string graph_path;
    std::string entity;
    std::size_t hops = 1;
    std::string format = "text";
    kg::graph::query_filter filter;
};

using writer = json_writer;

std::string to_json(const kg::graph::knowledge_graph& g, const kg::graph::query_graph::neighbourhood_result& r) {
    rapidjson::StringBuffer buffer;
    writer w(buffer);
    w.SetIndent(' ', 2);
    w.StartObject();
    w.Key("nodes");
    w.StartArray();
    for (const auto& [id, hops] : r.nodes) {
        const kg::entity& e = *g.find_node(id);
        w.StartObject();
        write_entity_fields(w, e);
        w.Key("hops");
        w.Uint64(hops);
        w.EndObject();
    }
    w.EndArray();
    w.Key("edges");
    w.StartArray();
    for (const auto& id : r.edges) write_fact_json(w, g, *g.find_edge(id));
    w.EndArray();
    w.EndObject();
    return std::string(buffer.GetString()) + "\n";
}

std::string to_text(const kg::graph::knowledge_graph& g, const std::string& centre,
                    const kg::graph::query_graph::neighbourhood_result& r, std::size_t hops) {
    std::string out = fmt::format("{}: {} entit{} and {} fact{} within {} hop{}\n", node_text(g, centre),
                                  r.nodes.size(), r.nodes.size() == 1 ? "y" : "ies", r.edges.size(),
                                  r.edges.size() == 1 ? "" : "s", hops, hops == 1 ? "" : "s");
    out += "entities:\n";
    // By distance, then as listed: one pass to find the farthest, one per
    // distance actually reached (never one per hop asked for).
    std::size_t farthest = 0;
    for (const auto& [id, at] : r.nodes) farthest = std::max<std::size_t>(farthest, at);
    for (std::size_t d = 0; d <= std::min(hops, farthest); ++d)
        for (const auto& [id, at] : r.nodes)
            if (at == d) out += fmt::format("  {} {} [{}]\n", d, node_text(g, id), id);
    out += "facts:\n";
    for (const auto& id : r.edges) {
        const kg::fact& f = *g.find_edge(id);
        out += fmt::format("  {} --[{}]--> {}\n", node_text(g, f.source), relation_text(f), node_text(g, f.target));
    }
    return out;
}

void run_neighbors(neighbors_options o, const global_options& g) {
    kg::graph::knowledge_graph graph = read_graph_arg(o.graph_path);
    auto onto = try_load_ontology(g);
    check_filter(o.filter, graph, onto.get());
    std::string note;
    std::string centre = kg::graph::resolve_entity(graph, o.entity, &note);
    if (!note.empty()) report(g, "note: " + note);
    kg::graph::query_graph q(graph, o.filter);
    auto r = q.neighbourhood({centre}, o.hops);
    write_output("-", o.format == "json" ? to_json(graph, r) : to_text(graph, centre, r, o.hops));
}

}  // namespace

void add_neighbors_command(CLI::App& app, const global_options& g) {
    auto opts = std::make_shared<neighbors_options>();
    CLI::App* sub = app.add_subcommand("neighbors", "List the entities and facts around one entity");
    sub->add_option("graph", opts->graph_path, "Graph file written by 'kg build' (kg-graph JSON or binary .kgb; - for standard input)")->required();
    sub->add_option("entity", opts->entity, "The entity: a node id, a label or an alias")->required();
    sub->add_option("--hops", opts->hops, "How far to look, in facts (at most 1000)")
        ->check(hops_range())
        ->capture_default_str();
    sub->add_option("-f,--format", opts->format, "Output: text or json")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    add_filter_options(*sub, opts->filter, true);
    sub->footer(
        "Facts are followed in either direction; negative facts are left out unless --include-negated.\n"
        "With --node-types/--avoid, entities of other types are listed but not looked past.\n"
        "JSON output: {\"nodes\": [{\"id\", \"type\", \"label\", \"aliases\", \"hops\"}], \"edges\": [{\"id\", \"source\",\n"
        "\"source_label\", \"target\", \"target_label\", \"type\", \"label\", \"polarity\", \"modality\", \"time\",\n"
        "\"confidence\", \"evidence\": [{\"document\", \"title\", \"sentence\", \"start\", \"end\", \"rule\"}]}]}, each\n"
        "sorted by id; the edges are every kept fact between two listed entities.\n"
        "Exit status: 0 success; 1 usage error; 2 unreadable graph, or a name matching no entity or several.");
    sub->callback([opts, &g] { run_neighbors(*opts, g); });
}

}  // namespace kg::cli
