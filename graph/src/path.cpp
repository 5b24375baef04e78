#include "kg/graph/path.hpp"

#include <algorithm>
#include <deque>
#include <limits>
#include <tuple>

#include <fmt/format.h>

#include "kg/core/error.hpp"
#include "kg/core/ids.hpp"

namespace kg::graph {
namespace detail {

constexpr std::size_t unreached = std::numeric_limits<std::size_t>::max();

// One step from a vertex along an edge taken in either direction.
struct step {
    const std::string* node_id;
    const std::string* edge_id;
    vertex_descriptor next;
};

// Neighbours of `v` over out- and in-edges, sorted by (node id, edge id).
std::vector<step> neighbours(const boost_graph& bg, vertex_descriptor v) {
    std::vector<step> out;
    for (auto [it, end] = boost::out_edges(v, bg); it != end; ++it) {
        vertex_descriptor w = boost::target(*it, bg);
        out.push_back({&bg[w].entity.id, &bg[*it].fact.id, w});
    }
    for (auto [it, end] = boost::in_edges(v, bg); it != end; ++it) {
        vertex_descriptor w = boost::source(*it, bg);
        if (w == v) continue;  // a self-loop is already listed as an out-edge
        out.push_back({&bg[w].entity.id, &bg[*it].fact.id, w});
    }
    std::sort(out.begin(), out.end(), [](const step& a, const step& b) {
        return std::tie(*a.node_id, *a.edge_id) < std::tie(*b.node_id, *b.edge_id);
    });
    return out;
}

// Breadth-first distances (in edges, undirected) from `start`.
std::vector<std::size_t> distances_from(const boost_graph& bg, vertex_descriptor start, vertex_descriptor goal,
                                        const node_filter& may_pass) {
    std::vector<std::size_t> dist(boost::num_vertices(bg), unreached);
    std::deque<vertex_descriptor> queue{start};
    dist[start] = 0;
    while (!queue.empty()) {
        vertex_descriptor v = queue.front();
        queue.pop_front();
        // Paths may end at the start/goal but only pass through allowed nodes.
        if (v != start && v != goal && may_pass && !may_pass(bg[v].entity)) continue;
        auto visit = [&](vertex_descriptor w) {
            if (dist[w] == unreached) {
                dist[w] = dist[v] + 1;
                queue.push_back(w);
            }
        };
        for (auto [it, end] = boost::out_edges(v, bg); it != end; ++it) visit(boost::target(*it, bg));
        for (auto [it, end] = boost::in_edges(v, bg); it != end; ++it) visit(boost::source(*it, bg));
    }
    return dist;
}

// True when `words` (normalized, '-'-separated) occurs in `name` at word boundaries.
bool contains_words(std::string_view name, std::string_view words) {
    for (std::size_t pos = name.find(words); pos != std::string_view::npos; pos = name.find(words, pos + 1)) {
        bool starts = pos == 0 || name[pos - 1] == '-';
        std::size_t end = pos + words.size();
        bool ends = end == name.size() || name[end] == '-';
        if (starts && ends) return true;
    }
    return false;
}

struct enumerator {
    const boost_graph& bg;
    const std::vector<std::size_t>& to_goal;  // distance of each vertex to the goal
    vertex_descriptor goal;
    std::size_t max_paths;
    const node_filter& may_pass;
    std::vector<graph_path> found;
    graph_path current;

    void walk(vertex_descriptor v) {
        if (found.size() >= max_paths) return;
        if (v == goal) {
            found.push_back(current);
            return;
        }
        if (!current.edges.empty() && may_pass && !may_pass(bg[v].entity)) return;
        for (const step& s : neighbours(bg, v)) {
            if (to_goal[s.next] == unreached || to_goal[s.next] + 1 != to_goal[v]) continue;
            current.nodes.push_back(*s.node_id);
            current.edges.push_back(*s.edge_id);
            walk(s.next);
            current.nodes.pop_back();
            current.edges.pop_back();
            if (found.size() >= max_paths) return;
        }
    }
};

}  // namespace detail

std::vector<std::string> find_nodes(const knowledge_graph& g, std::string_view query) {
    if (g.find_node(query)) return {std::string(query)};
    std::string key = kg::normalize_name(query);
    if (key.empty()) return {};
    std::vector<std::string> by_label;
    std::vector<std::string> by_alias;
    for (const kg::entity* e : g.nodes()) {
        if (kg::normalize_name(e->label) == key) {
            by_label.push_back(e->id);
        } else if (std::any_of(e->aliases.begin(), e->aliases.end(),
                               [&](const std::string& a) { return kg::normalize_name(a) == key; })) {
            by_alias.push_back(e->id);
        }
    }
    if (!by_label.empty()) return by_label;  // nodes() is sorted by id, so are these
    if (!by_alias.empty()) return by_alias;
    // Last resort: the query is a run of whole words of a label or alias ("Contreras").
    std::vector<std::string> partial;
    for (const kg::entity* e : g.nodes()) {
        auto contains = [&](const std::string& name) { return detail::contains_words(kg::normalize_name(name), key); };
        if (contains(e->label) || std::any_of(e->aliases.begin(), e->aliases.end(), contains))
            partial.push_back(e->id);
    }
    return partial;
}

std::vector<graph_path> find_paths(const knowledge_graph& g, const std::string& from_id, const std::string& to_id,
                                   std::size_t max_paths) {
    return find_paths(g, from_id, to_id, max_paths, node_filter{});
}

std::vector<graph_path> find_paths(const knowledge_graph& g, const std::string& from_id, const std::string& to_id,
                                   std::size_t max_paths, const node_filter& may_pass) {
    auto from = g.vertex_of(from_id);
    if (!from) throw kg::query_error(fmt::format("no node with id '{}'", from_id));
    auto to = g.vertex_of(to_id);
    if (!to) throw kg::query_error(fmt::format("no node with id '{}'", to_id));
    if (max_paths == 0) return {};
    if (*from == *to) return {graph_path{{from_id}, {}}};

    const boost_graph& bg = g.graph();
    std::vector<std::size_t> to_goal = detail::distances_from(bg, *to, *from, may_pass);
    if (to_goal[*from] == detail::unreached) return {};
    // Enumerate more candidates than asked for, so ranking has a choice.
    std::size_t candidates = max_paths >= 100000 ? max_paths : std::max<std::size_t>(max_paths * 20, 200);
    detail::enumerator walker{bg, to_goal, *to, candidates, may_pass, {}, {}};
    walker.current.nodes.push_back(from_id);
    walker.walk(*from);
    rank_paths(g, walker.found);
    if (walker.found.size() > max_paths) walker.found.resize(max_paths);
    return std::move(walker.found);
}

double path_confidence(const knowledge_graph& g, const graph_path& path) {
    double c = 1.0;
    for (const auto& id : path.edges)
        if (const kg::fact* f = g.find_edge(id)) c *= f->confidence;
    return c;
}

void rank_paths(const knowledge_graph& g, std::vector<graph_path>& paths) {
    struct keyed {
        std::size_t hops;
        double confidence;
        std::size_t via_degree;
        graph_path* path;
    };
    const boost_graph& bg = g.graph();
    std::vector<keyed> keys;
    keys.reserve(paths.size());
    for (auto& p : paths) {
        std::size_t degree = 0;
        for (std::size_t i = 1; i + 1 < p.nodes.size(); ++i)
            if (auto v = g.vertex_of(p.nodes[i])) degree += boost::out_degree(*v, bg) + boost::in_degree(*v, bg);
        keys.push_back({p.edges.size(), path_confidence(g, p), degree, &p});
    }
    std::sort(keys.begin(), keys.end(), [](const keyed& a, const keyed& b) {
        if (a.hops != b.hops) return a.hops < b.hops;
        if (a.confidence != b.confidence) return a.confidence > b.confidence;
        if (a.via_degree != b.via_degree) return a.via_degree < b.via_degree;
        return std::tie(a.path->nodes, a.path->edges) < std::tie(b.path->nodes, b.path->edges);
    });
    std::vector<graph_path> sorted;
    sorted.reserve(paths.size());
    for (auto& k : keys) sorted.push_back(std::move(*k.path));
    paths = std::move(sorted);
}

}  // namespace kg::graph
