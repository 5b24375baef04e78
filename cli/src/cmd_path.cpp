// kg path: how is X connected to Y?
#include <algorithm>
#include <iostream>
#include <memory>
#include <set>

#include <fmt/format.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include "commands.hpp"
#include "kg/core/error.hpp"
#include "kg/graph/graph_json.hpp"
#include "kg/graph/path.hpp"
#include "kg/graph/subgraph.hpp"
#include "kg/core/ontology.hpp"
#include "kg/export/dot.hpp"

namespace kg::cli {
namespace {

struct path_options {
    std::string graph_path;
    std::string from;
    std::string to;
    std::string format = "text";
    std::size_t max_paths = 5;
    std::vector<std::string> avoid;
};

// Each candidate pair costs a search of the whole graph: bound them.
constexpr std::size_t max_candidates = 25;

std::vector<std::string> match(const kg::graph::knowledge_graph& graph, const std::string& query,
                               const global_options& g) {
    std::vector<std::string> ids = kg::graph::find_nodes(graph, query);
    if (ids.empty()) throw kg::query_error(fmt::format("no node matches '{}'", query));
    if (ids.size() > 1) {
        std::string list;
        for (std::size_t i = 0; i < ids.size() && i < 10; ++i) list += (i ? ", " : "") + ids[i];
        if (ids.size() > 10) list += ", ...";
        report(g, fmt::format("note: '{}' matches {} nodes: {}", query, ids.size(), list));
    }
    if (ids.size() > max_candidates) {
        report(g, fmt::format("note: only the first {} matches of '{}' are tried; give a node id to choose",
                              max_candidates, query));
        ids.resize(max_candidates);
    }
    return ids;
}

std::string describe_node(const kg::graph::knowledge_graph& graph, const std::string& id) {
    const kg::entity* e = graph.find_node(id);
    return fmt::format("{} ({})", e->label.empty() ? e->id : e->label, e->type);
}

std::string relation(const kg::fact& f) {
    std::string label = f.label.empty() ? f.type : f.label;
    if (f.polarity == kg::polarity::negative) label = "NOT " + label;
    std::string notes;
    if (f.modality != kg::modality::asserted) notes = kg::to_string(f.modality);
    if (!f.time.empty()) notes += (notes.empty() ? "" : "; ") + f.time;
    if (!notes.empty()) label += " (" + notes + ")";
    return fmt::format("{}: {}", f.type, label);
}

std::string one_line(std::string s) {
    std::replace_if(s.begin(), s.end(), [](char c) { return c == '\n' || c == '\r' || c == '\t'; }, ' ');
    return s;
}

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
        std::cout << fmt::format("path {} of {} ({} hop{}):\n", p + 1, paths.size(), hops, hops == 1 ? "" : "s");
        if (hops == 0) std::cout << "  " << describe_node(graph, path.nodes.front()) << " (the same node)\n";
        for (std::size_t i = 0; i < hops; ++i) {
            const kg::fact& f = *graph.find_edge(path.edges[i]);
            const std::string& here = path.nodes[i];
            const std::string& next = path.nodes[i + 1];
            bool forward = f.source == here && f.target == next;
            std::cout << fmt::format("  {} {}[{}]{} {}\n", describe_node(graph, here), forward ? "--" : "<--",
                                     relation(f), forward ? "-->" : "--", describe_node(graph, next));
            if (!f.evidence.empty()) {
                const kg::evidence& ev = f.evidence.front();
                std::cout << fmt::format("    evidence: {}: \"{}\"\n", ev.document, one_line(ev.sentence));
            }
        }
    }
}

void print_json(const std::vector<kg::graph::graph_path>& paths) {
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
    w.EndObject();
    std::cout << buffer.GetString() << '\n';
}

void run_path(const path_options& o, const global_options& g) {
    kg::graph::knowledge_graph graph = kg::graph::read_graph_json(o.graph_path);
    std::vector<std::string> from_ids = match(graph, o.from, g);
    std::vector<std::string> to_ids = match(graph, o.to, g);

    std::set<std::string, std::less<>> avoid(o.avoid.begin(), o.avoid.end());
    kg::graph::node_filter may_pass;
    if (!avoid.empty()) may_pass = [avoid](const kg::entity& e) { return !avoid.contains(e.type); };

    // Every candidate pair; a node paired with itself only when nothing else is asked.
    std::vector<std::pair<std::string, std::string>> pairs;
    for (const auto& a : from_ids)
        for (const auto& b : to_ids)
            if (a != b) pairs.emplace_back(a, b);
    if (pairs.empty()) pairs.emplace_back(from_ids.front(), to_ids.front());

    std::vector<kg::graph::graph_path> best;
    for (const auto& [a, b] : pairs) {
        auto found = kg::graph::find_paths(graph, a, b, o.max_paths, may_pass);
        if (found.empty()) continue;
        if (!best.empty() && found.front().edges.size() > best.front().edges.size()) continue;
        if (!best.empty() && found.front().edges.size() < best.front().edges.size()) best.clear();
        best.insert(best.end(), found.begin(), found.end());
    }
    kg::graph::rank_paths(graph, best);
    best.erase(std::unique(best.begin(), best.end()), best.end());
    if (best.size() > o.max_paths) best.resize(o.max_paths);

    if (o.format == "json") {
        print_json(best);
    } else if (o.format == "dot") {
        kg::ontology onto = kg::ontology::load(resolve_data_dir(g) + "/ontology.json");
        kg::exporter::write_dot(kg::graph::path_subgraph(graph, best), &onto, std::cout);
    } else {
        print_text(graph, best, o);
    }
    std::cout.flush();
    if (!std::cout) throw kg::input_error("cannot write to standard output");
}

}  // namespace

void add_path_command(CLI::App& app, const global_options& g) {
    auto opts = std::make_shared<path_options>();
    CLI::App* sub = app.add_subcommand("path", "Show how two entities are connected: the shortest paths between them");
    sub->add_option("graph", opts->graph_path, "Graph file written by 'kg build' (kg-graph JSON)")->required();
    sub->add_option("from", opts->from, "First entity: a node id, a name or an alias (case-insensitive)")->required();
    sub->add_option("to", opts->to, "Second entity: a node id, a name or an alias (case-insensitive)")->required();
    sub->add_option("-f,--format", opts->format,
                    "Output: text (hops with one evidence sentence each), json, or dot (a Graphviz diagram of the "
                    "paths)")
        ->check(CLI::IsMember({"text", "json", "dot"}))
        ->capture_default_str();
    sub->add_option("-n,--max", opts->max_paths, "At most this many paths")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    sub->add_option("--avoid", opts->avoid,
                    "Entity type that paths may not pass through (repeatable), e.g. --avoid Date --avoid Country");
    sub->footer(
        "Edges are followed in either direction; '<--' marks an edge walked backwards. A name matching several\n"
        "nodes tries every pair and keeps the shortest paths. Paths are ranked by the product of their facts'\n"
        "confidences, then by how specific their intermediate nodes are (low degree first).\n"
        "JSON output: {\"paths\": [{\"nodes\": [ids], \"edges\": [ids]}]}.\n"
        "Exit status: 0 when the query ran, including when there is no path (text: \"no path between ...\",\n"
        "json: {\"paths\": []}, dot: an empty digraph); 1 usage error; 2 unreadable graph, or a name that\n"
        "matches no node.");
    sub->callback([opts, &g] { run_path(*opts, g); });
}

}  // namespace kg::cli
