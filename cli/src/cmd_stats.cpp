// kg stats: counts, the most connected entities and the components of a graph.
#include <algorithm>
#include <map>
#include <memory>

#include <fmt/format.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include "commands.hpp"
#include "kg/graph/graph_file.hpp"
#include "kg/graph/query.hpp"
#include "query_options.hpp"

namespace kg::cli {
namespace {

struct stats_options {
    std::string graph_path;
    std::size_t top = 10;
    std::string format = "text";
};

struct ranked {
    std::string id;
    double score;
};

// The `top` vertices by score, ties by id.
std::vector<ranked> top_by(const kg::graph::knowledge_graph& g, const std::vector<double>& score, std::size_t top) {
    const auto& bg = g.graph();
    std::vector<std::size_t> order(score.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    auto better = [&](std::size_t a, std::size_t b) {
        if (score[a] != score[b]) return score[a] > score[b];
        return bg[a].entity.id < bg[b].entity.id;
    };
    std::size_t n = std::min(top, order.size());
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(n), order.end(), better);
    std::vector<ranked> out;
    for (std::size_t i = 0; i < n; ++i) out.push_back({bg[order[i]].entity.id, score[order[i]]});
    return out;
}

void run_stats(const stats_options& o) {
    kg::graph::knowledge_graph graph = read_graph_arg(o.graph_path);
    kg::graph::query_filter all;
    all.include_negated = true;
    kg::graph::query_graph q(graph, all);
    std::map<std::string, std::size_t> by_type, by_relation;
    std::size_t negated = 0;
    for (const kg::entity* e : graph.nodes()) ++by_type[e->type];
    for (const kg::fact* f : q.facts()) {
        ++by_relation[f->type];
        negated += f->polarity == kg::polarity::negative;
    }
    std::size_t n = graph.node_count();
    std::vector<double> degree(n);
    for (std::size_t v = 0; v < n; ++v) degree[v] = static_cast<double>(q.degree(static_cast<std::uint32_t>(v)));
    auto top_degree = top_by(graph, degree, o.top);
    auto top_rank = top_by(graph, q.page_rank(), o.top);
    auto [component, count] = q.components();
    std::vector<std::size_t> sizes(count, 0);
    for (auto c : component) ++sizes[c];
    std::sort(sizes.begin(), sizes.end(), std::greater<>());
    std::size_t singletons = static_cast<std::size_t>(std::count(sizes.begin(), sizes.end(), 1));

    if (o.format == "json") {
        rapidjson::StringBuffer buffer;
        rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buffer);
        w.SetIndent(' ', 2);
        auto str = [&w](const std::string& s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); };
        auto counts = [&](const char* key, const std::map<std::string, std::size_t>& m) {
            w.Key(key);
            w.StartObject();
            for (const auto& [k, c] : m) {
                str(k);
                w.Uint64(c);
            }
            w.EndObject();
        };
        auto tops = [&](const char* key, const std::vector<ranked>& list, bool integer) {
            w.Key(key);
            w.StartArray();
            for (const auto& r : list) {
                w.StartObject();
                w.Key("id");
                str(r.id);
                w.Key(integer ? "degree" : "pagerank");
                std::string s = integer ? fmt::format("{}", static_cast<std::size_t>(r.score))
                                        : fmt::format("{:.6g}", r.score);
                w.RawValue(s.data(), s.size(), rapidjson::kNumberType);
                w.EndObject();
            }
            w.EndArray();
        };
        w.StartObject();
        w.Key("documents");
        w.Uint64(graph.document_count());
        w.Key("entities");
        w.Uint64(n);
        w.Key("facts");
        w.Uint64(graph.edge_count());
        w.Key("negated_facts");
        w.Uint64(negated);
        counts("entity_types", by_type);
        counts("relations", by_relation);
        w.Key("components");
        w.StartObject();
        w.Key("count");
        w.Uint64(count);
        w.Key("largest");
        w.Uint64(sizes.empty() ? 0 : sizes.front());
        w.Key("single_entities");
        w.Uint64(singletons);
        w.EndObject();
        tops("top_degree", top_degree, true);
        tops("top_pagerank", top_rank, false);
        w.EndObject();
        write_output("-", std::string(buffer.GetString()) + "\n");
        return;
    }
    std::string out = fmt::format("{} documents, {} entities, {} facts ({} negated)\n", graph.document_count(), n,
                                  graph.edge_count(), negated);
    out += "entities by type:\n";
    for (const auto& [k, c] : by_type) out += fmt::format("  {:<20} {}\n", k, c);
    out += "facts by relation:\n";
    for (const auto& [k, c] : by_relation) out += fmt::format("  {:<20} {}\n", k, c);
    out += fmt::format("connected components: {} (largest {} entities; {} single entities)\n", count,
                       sizes.empty() ? 0 : sizes.front(), singletons);
    out += fmt::format("top {} by degree (facts):\n", top_degree.size());
    for (const auto& r : top_degree)
        out += fmt::format("  {:>6}  {} [{}]\n", static_cast<std::size_t>(r.score), node_text(graph, r.id), r.id);
    out += fmt::format("top {} by PageRank:\n", top_rank.size());
    for (const auto& r : top_rank) out += fmt::format("  {:>8.4f}  {} [{}]\n", r.score, node_text(graph, r.id), r.id);
    write_output("-", out);
}

}  // namespace

void add_stats_command(CLI::App& app, const global_options&) {
    auto opts = std::make_shared<stats_options>();
    CLI::App* sub = app.add_subcommand("stats", "Summarise a graph: counts, most connected entities, components");
    sub->add_option("graph", opts->graph_path, "Graph file written by 'kg build' (kg-graph JSON or binary .kgb; - for standard input)")->required();
    sub->add_option("--top", opts->top, "How many entities to list by degree and by PageRank")->capture_default_str();
    sub->add_option("-f,--format", opts->format, "Output: text or json")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    sub->footer(
        "Degree counts the facts at an entity (either direction, negative facts included); PageRank\n"
        "(Boost.Graph, damping 0.85, 50 iterations) and connected components take facts in both directions.\n"
        "Exit status: 0 success; 1 usage error; 2 unreadable graph.");
    sub->callback([opts] { run_stats(*opts); });
}

}  // namespace kg::cli
