// kg path: how is X connected to Y?
#include <iostream>
#include <memory>
#include <set>

#include <fmt/format.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include "commands.hpp"
#include "kg/core/error.hpp"
#include "kg/core/ontology.hpp"
#include "kg/export/dot.hpp"
#include "kg/graph/graph_file.hpp"
#include "kg/graph/lookup.hpp"
#include "kg/graph/query.hpp"
#include "kg/graph/subgraph.hpp"
#include "query_options.hpp"

namespace kg::cli {
namespace {

struct path_options {
    std::string graph_path;
    std::string from;
    std::string to;
    std::string format = "text";
    std::size_t k = 1;
    bool weighted = false;
    bool all = false;
    std::size_t max_hops = 4;
    std::size_t limit = 100;
    kg::graph::query_filter filter;
};

void print_text(const kg::graph::knowledge_graph& graph, const std::vector<kg::graph::graph_path>& paths,
                const path_options& o) {
    if (paths.empty()) {
        std::cout << fmt::format("no path between '{}' and '{}'\n", o.from, o.to);
        return;
    }
    for (std::size_t p = 0; p < paths.size(); ++p) {
        const auto& path = paths[p];
        std::size_t hops = path.edges.size();
        if (p) std::cout << '\n';
        std::cout << fmt::format("path {} of {} ({} hop{}", p + 1, paths.size(), hops, hops == 1 ? "" : "s");
        if (o.weighted) std::cout << fmt::format(", confidence {:.3g}", kg::graph::path_confidence(graph, path));
        std::cout << "):\n";
        if (hops == 0) std::cout << "  " << node_text(graph, path.nodes.front()) << " (the same node)\n";
        for (std::size_t i = 0; i < hops; ++i) {
            const kg::fact& f = *graph.find_edge(path.edges[i]);
            const std::string& here = path.nodes[i];
            const std::string& next = path.nodes[i + 1];
            bool forward = f.source == here && f.target == next;
            std::cout << fmt::format("  {} {}[{}]{} {}\n", node_text(graph, here), forward ? "--" : "<--",
                                     relation_text(f), forward ? "-->" : "--", node_text(graph, next));
            if (!f.evidence.empty()) {
                const kg::evidence& ev = f.evidence.front();
                std::cout << fmt::format("    evidence: {}: \"{}\"\n", ev.document, one_line(ev.sentence));
            }
        }
    }
}

void print_json(const kg::graph::knowledge_graph& graph, const std::vector<kg::graph::graph_path>& paths) {
    rapidjson::StringBuffer buffer;
    rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buffer);
    w.SetIndent(' ', 2);
    auto strings = [&w](const std::vector<std::string>& items) {
        w.StartArray();
        for (const auto& s : items) w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
        w.EndArray();
    };
    w.StartObject();
    w.Key("paths");
    w.StartArray();
    for (const auto& p : paths) {
        w.StartObject();
        w.Key("nodes");
        strings(p.nodes);
        w.Key("edges");
        strings(p.edges);
        w.EndObject();
    }
    w.EndArray();
    // Every entity and fact the paths name, in full, so that the answer stands alone.
    std::set<std::string> node_ids, edge_ids;
    for (const auto& p : paths) {
        node_ids.insert(p.nodes.begin(), p.nodes.end());
        edge_ids.insert(p.edges.begin(), p.edges.end());
    }
    w.Key("entities");
    w.StartArray();
    for (const auto& id : node_ids) {
        w.StartObject();
        write_entity_fields(w, *graph.find_node(id));
        w.EndObject();
    }
    w.EndArray();
    w.Key("facts");
    w.StartArray();
    for (const auto& id : edge_ids) write_fact_json(w, graph, *graph.find_edge(id));
    w.EndArray();
    w.EndObject();
    std::cout << buffer.GetString() << '\n';
}

void run_path(path_options o, const global_options& g) {
    kg::graph::knowledge_graph graph = read_graph_arg(o.graph_path);
    auto onto = try_load_ontology(g);
    check_filter(o.filter, graph, onto.get());
    std::string note;
    std::string from = kg::graph::resolve_entity(graph, o.from, &note);
    if (!note.empty()) report(g, "note: " + note);
    note.clear();
    std::string to = kg::graph::resolve_entity(graph, o.to, &note);
    if (!note.empty()) report(g, "note: " + note);
    kg::graph::query_graph q(graph, o.filter);
    std::vector<kg::graph::graph_path> paths;
    if (o.all)
        paths = q.all_paths(from, to, o.max_hops, o.limit);
    else if (o.k == 1)
        paths = q.shortest_path(from, to, o.weighted);
    else
        paths = q.k_shortest_paths(from, to, o.k, o.weighted);

    if (o.format == "json") {
        print_json(graph, paths);
    } else if (o.format == "dot") {
        if (!onto) onto = std::make_unique<kg::ontology>(kg::ontology::load(resolve_data_dir(g) + "/ontology.json"));
        kg::exporter::write_dot(kg::graph::path_subgraph(graph, paths), onto.get(), std::cout);
    } else {
        print_text(graph, paths, o);
    }
    std::cout.flush();
    if (!std::cout) throw kg::input_error("cannot write to standard output");
}

}  // namespace

void add_path_command(CLI::App& app, const global_options& g) {
    auto opts = std::make_shared<path_options>();
    CLI::App* sub = app.add_subcommand("path", "Show how two entities are connected: the shortest paths between them");
    sub->add_option("graph", opts->graph_path, "Graph file written by 'kg build' (kg-graph JSON or binary .kgb; - for standard input)")->required();
    sub->add_option("from", opts->from, "First entity: a node id, a label or an alias")->required();
    sub->add_option("to", opts->to, "Second entity: a node id, a label or an alias")->required();
    sub->add_option("-f,--format", opts->format,
                    "Output: text (hops with one evidence sentence each), json, or dot (a Graphviz diagram of the "
                    "paths)")
        ->check(CLI::IsMember({"text", "json", "dot"}))
        ->capture_default_str();
    sub->add_option("-k,--k,-n,--max", opts->k, "The K shortest simple paths (Yen's algorithm)")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    sub->add_flag("--weighted", opts->weighted,
                  "Prefer confident facts: shortest by -log(confidence) (the most probable chain) instead of hops");
    sub->add_flag("--all", opts->all, "Every simple path of at most --max-hops facts (at most --limit of them)");
    sub->add_option("--max-hops", opts->max_hops, "With --all: the longest path, in facts (at most 1000)")
        ->check(hops_range())
        ->capture_default_str();
    sub->add_option("--limit", opts->limit, "With --all: at most this many paths (the shortest)")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    add_filter_options(*sub, opts->filter, true);
    sub->footer(
        "Facts are followed in either direction; '<--' marks a fact walked backwards. Negative facts are left\n"
        "out unless --include-negated. FROM and TO are matched as: a node id; an exact label or alias; a label\n"
        "or alias ignoring case and punctuation; whole words of a name. A name matching several entities is an\n"
        "error that lists them with their ids; a name matching none lists the nearest names.\n"
        "JSON output: {\"paths\": [{\"nodes\": [ids], \"edges\": [ids]}], \"entities\": [...], \"facts\": [...]}: nodes\n"
        "from FROM to TO, edges[i] joining nodes[i] and nodes[i+1]; entities ({\"id\", \"type\", \"label\", \"aliases\"})\n"
        "and facts (labels of both ends, type, polarity, modality, time, confidence, evidence sentences) in full.\n"
        "Unknown relation or entity type names are errors that name the closest known ones.\n"
        "Exit status: 0 when the query ran, including when there is no path (text: \"no path between ...\",\n"
        "json: empty lists, dot: an empty digraph); 1 usage error; 2 unreadable graph, or a name that\n"
        "matches no entity or several.");
    sub->callback([opts, &g] { run_path(*opts, g); });
}

}  // namespace kg::cli
