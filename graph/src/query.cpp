#include "kg/graph/query.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <tuple>

#include <boost/graph/connected_components.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/page_rank.hpp>
#include <fmt/format.h>

#include "kg/core/error.hpp"

namespace kg::graph {
namespace detail {

using csr_graph = query_graph::csr_graph;
using csr_edge = boost::graph_traits<csr_graph>::edge_descriptor;
using vertex = query_graph::vertex;

bool is_banned(const std::vector<std::uint32_t>* banned_facts, std::uint32_t fact) {
    return banned_facts && std::find(banned_facts->begin(), banned_facts->end(), fact) != banned_facts->end();
}

// Thrown by the Dijkstra visitor to stop once the target is settled.
struct target_settled {};

class stop_at_target : public boost::default_dijkstra_visitor {
public:
    stop_at_target(vertex target, std::vector<csr_edge>* pred) : target_(target), pred_(pred) {}
    template <class G>
    void examine_vertex(vertex v, const G&) const {
        if (v == target_) throw target_settled{};
    }
    template <class G>
    void edge_relaxed(csr_edge e, const G& g) const {
        (*pred_)[boost::target(e, g)] = e;
    }

private:
    vertex target_;
    std::vector<csr_edge>* pred_;
};

struct arc_allowed {
    const csr_graph* g = nullptr;
    const std::vector<std::uint32_t>* banned = nullptr;
    bool operator()(csr_edge e) const { return !is_banned(banned, (*g)[e].fact); }
};

struct vertex_allowed {
    const std::vector<char>* passable = nullptr;  // may be empty
    const std::vector<char>* banned = nullptr;    // may be null
    vertex from = 0, to = 0;
    bool operator()(vertex v) const {
        if (banned && (*banned)[v]) return false;
        if (v == from || v == to) return true;
        return passable->empty() || (*passable)[v];
    }
};

template <class P>
bool path_less(const P& a, const P& b) {
    if (a.cost != b.cost) return a.cost < b.cost;
    if (a.doubt != b.doubt) return a.doubt < b.doubt;
    if (a.facts.size() != b.facts.size()) return a.facts.size() < b.facts.size();
    return a.facts < b.facts;
}

}  // namespace detail

query_graph::query_graph(const knowledge_graph& g, const query_filter& filter) : graph_(&g) {
    const boost_graph& bg = g.graph();
    std::size_t n = boost::num_vertices(bg);
    std::set<std::string, std::less<>> only(filter.relations.begin(), filter.relations.end());
    std::set<std::string, std::less<>> never(filter.exclude_relations.begin(), filter.exclude_relations.end());

    std::vector<edge_descriptor> descriptors = g.edge_descriptors();
    facts_.reserve(descriptors.size());
    // Arcs counted per source, then placed (a counting sort: within a source, fact id order).
    std::vector<std::uint32_t> start(n + 1, 0);
    struct raw {
        vertex s, t;
        std::uint32_t fact;
    };
    std::vector<raw> kept;
    kept.reserve(descriptors.size());
    for (std::size_t i = 0; i < descriptors.size(); ++i) {
        const kg::fact& f = bg[descriptors[i]].fact;
        facts_.push_back(&f);
        if (!only.empty() && !only.contains(f.type)) continue;
        if (never.contains(f.type)) continue;
        if (f.polarity == kg::polarity::negative && !filter.include_negated) continue;
        auto s = static_cast<vertex>(boost::source(descriptors[i], bg));
        auto t = static_cast<vertex>(boost::target(descriptors[i], bg));
        kept.push_back({s, t, static_cast<std::uint32_t>(i)});
        ++start[s + 1];
        if (s != t) ++start[t + 1];
    }
    kept_facts_ = kept.size();
    for (std::size_t v = 0; v < n; ++v) start[v + 1] += start[v];
    std::size_t id_bytes = 0;
    for (const kg::fact* f : facts_) id_bytes += f->id.size();
    fact_ids_.reserve(facts_.size(), id_bytes);
    for (const kg::fact* f : facts_) fact_ids_.push_back(f->id);

    // Number the vertices for locality: each connected part of the kept
    // facts in breadth-first order (so a search touches memory that lies
    // together), then the entities without facts.
    std::vector<vertex> neighbours(start[n]);
    {
        std::vector<std::uint32_t> fill(start.begin(), start.end() - 1);
        for (const raw& r : kept) {
            neighbours[fill[r.s]++] = r.t;
            if (r.s != r.t) neighbours[fill[r.t]++] = r.s;
        }
    }
    constexpr vertex unnumbered = std::numeric_limits<vertex>::max();
    internal_.assign(n, unnumbered);
    kg_vertex_.clear();
    kg_vertex_.reserve(n);
    for (std::size_t root = 0; root < n; ++root) {
        if (internal_[root] != unnumbered || start[root] == start[root + 1]) continue;
        internal_[root] = static_cast<vertex>(kg_vertex_.size());
        kg_vertex_.push_back(static_cast<vertex>(root));
        for (std::size_t head = kg_vertex_.size() - 1; head < kg_vertex_.size(); ++head) {
            vertex v = kg_vertex_[head];
            for (std::uint32_t k = start[v]; k < start[v + 1]; ++k) {
                vertex w = neighbours[k];
                if (internal_[w] != unnumbered) continue;
                internal_[w] = static_cast<vertex>(kg_vertex_.size());
                kg_vertex_.push_back(w);
            }
        }
    }
    for (std::size_t v = 0; v < n; ++v)
        if (internal_[v] == unnumbered) {
            internal_[v] = static_cast<vertex>(kg_vertex_.size());
            kg_vertex_.push_back(static_cast<vertex>(v));
        }

    // The arcs by internal source (a counting sort: within a source, fact id order).
    std::vector<std::uint32_t> offset(n + 1, 0);
    for (std::size_t v = 0; v < n; ++v) offset[internal_[v] + 1] = start[v + 1] - start[v];
    for (std::size_t v = 0; v < n; ++v) offset[v + 1] += offset[v];
    std::vector<std::pair<vertex, vertex>> ends(offset[n]);
    std::vector<arc> props(offset[n]);
    std::vector<std::uint32_t> next(offset.begin(), offset.end() - 1);
    for (const raw& r : kept) {
        double c = std::max(facts_[r.fact]->confidence, 1e-6);
        arc a{r.fact, -std::log(c) + 1e-6};
        vertex s = internal_[r.s], t = internal_[r.t];
        std::uint32_t at = next[s]++;
        ends[at] = {s, t};
        props[at] = a;
        if (s != t) {
            at = next[t]++;
            ends[at] = {t, s};
            props[at] = a;
        }
    }
    csr_ = csr_graph(boost::edges_are_sorted, ends.begin(), ends.end(), props.begin(), static_cast<vertex>(n));

    if (!filter.node_types.empty() || !filter.avoid_node_types.empty()) {
        std::set<std::string, std::less<>> types(filter.node_types.begin(), filter.node_types.end());
        std::set<std::string, std::less<>> avoid(filter.avoid_node_types.begin(), filter.avoid_node_types.end());
        passable_.resize(n);
        for (std::size_t v = 0; v < n; ++v) {
            const std::string& type = bg[kg_vertex_[v]].entity.type;
            passable_[v] = (types.empty() || types.contains(type)) && !avoid.contains(type);
        }
    }

    std::vector<std::string_view> ids(n);
    for (std::size_t v = 0; v < n; ++v) ids[v] = bg[kg_vertex_[v]].entity.id;
    ids_ = detail::id_table(ids);

    seen_[0].assign(n, 0);
    seen_[1].assign(n, 0);
    pred_.assign(n, predecessor{});
}

query_graph::vertex query_graph::vertex_of(const std::string& id) const {
    vertex v = ids_.find(id);
    if (v == detail::id_table::none) throw kg::query_error(fmt::format("no node with id '{}'", id));
    return v;
}

std::uint8_t query_graph::next_stamp() const {
    if (++stamp_ == 0) {  // wrapped: clear the bytes once every 255 searches
        std::fill(seen_[0].begin(), seen_[0].end(), 0);
        std::fill(seen_[1].begin(), seen_[1].end(), 0);
        stamp_ = 1;
    }
    return stamp_;
}

double query_graph::doubt_of(const std::vector<std::uint32_t>& facts) const {
    double d = 0.0;
    for (auto f : facts) d += -std::log(std::max(facts_[f]->confidence, 1e-6));
    return d;
}

graph_path query_graph::to_graph_path(const internal_path& p) const {
    graph_path out;
    out.nodes.reserve(p.vertices.size());
    for (vertex v : p.vertices) out.nodes.emplace_back(ids_.id(v));
    out.edges.reserve(p.facts.size());
    for (std::uint32_t f : p.facts) out.edges.emplace_back(fact_ids_[f]);
    return out;
}

bool query_graph::search(vertex from, vertex to, vertex block_from, vertex block_to, bool weighted,
                         const std::vector<char>* banned_vertex, const std::vector<std::uint32_t>* banned_facts,
                         internal_path& out) const {
    if (from == to) {
        out = {{from}, {}, 0.0};
        return true;
    }
    return weighted ? dijkstra(from, to, block_from, block_to, banned_vertex, banned_facts, out)
                    : bfs(from, to, block_from, block_to, banned_vertex, banned_facts, out);
}

// Bidirectional breadth-first search: grows the smaller frontier one level
// at a time and stops at the first meeting of the two sides. That meeting is
// on a shortest path: no meeting was found before this level, so every vertex
// of the other side's earlier levels had all its neighbours examined without
// touching this side, and any meeting now is with the other side's last level,
// so all meetings found in this level have the same length.
bool query_graph::bfs(vertex from, vertex to, vertex block_from, vertex block_to,
                      const std::vector<char>* banned_vertex, const std::vector<std::uint32_t>* banned_facts,
                      internal_path& out) const {
    // An entity without facts (many, in a news graph) reaches nothing.
    if (boost::out_degree(from, csr_) == 0 || boost::out_degree(to, csr_) == 0) return false;
    const std::uint8_t stamp = next_stamp();
    auto usable = [&](vertex w) {
        return !blocked(w, block_from, block_to) && !(banned_vertex && (*banned_vertex)[w]);
    };
    std::vector<vertex>& front = front_;
    std::vector<vertex>& back = back_;
    std::vector<vertex>& next = next_;
    front.assign(1, from);
    back.assign(1, to);
    seen_[0][from] = stamp;
    seen_[1][to] = stamp;

    bool met = false;
    vertex meet_v = 0, meet_w = 0;
    std::uint32_t meet_fact = 0;
    bool meet_forward = true;
    while (!front.empty() && !back.empty() && !met) {
        const bool forward = front.size() <= back.size();
        const int side = forward ? 0 : 1, other = 1 - side;
        auto& frontier = forward ? front : back;
        next.clear();
        for (vertex v : frontier) {
            for (auto [it, end] = boost::out_edges(v, csr_); it != end; ++it) {
                std::uint32_t fact = csr_[*it].fact;
                if (banned_facts && detail::is_banned(banned_facts, fact)) continue;
                vertex w = boost::target(*it, csr_);
                if (!usable(w)) continue;
                if (seen_[other][w] == stamp) {
                    met = true;
                    meet_v = v;
                    meet_w = w;
                    meet_fact = fact;
                    meet_forward = forward;
                    break;
                }
                if (seen_[side][w] == stamp) continue;
                seen_[side][w] = stamp;
                pred_[w].vertex[side] = v;
                pred_[w].fact[side] = fact;
                next.push_back(w);
            }
            if (met) break;
        }
        frontier.swap(next);
    }
    if (!met) return false;
    // Walk back to `from` on the forward side and on to `to` on the backward side.
    vertex fv = meet_forward ? meet_v : meet_w;  // the vertex of the meeting arc on the forward side
    vertex bv = meet_forward ? meet_w : meet_v;
    out.vertices.clear();
    out.facts.clear();
    for (vertex v = fv; v != from; v = pred_[v].vertex[0]) {
        out.vertices.push_back(v);
        out.facts.push_back(pred_[v].fact[0]);
    }
    out.vertices.push_back(from);
    std::reverse(out.vertices.begin(), out.vertices.end());
    std::reverse(out.facts.begin(), out.facts.end());
    out.facts.push_back(meet_fact);
    for (vertex v = bv;; v = pred_[v].vertex[1]) {
        out.vertices.push_back(v);
        if (v == to) break;
        out.facts.push_back(pred_[v].fact[1]);
    }
    out.cost = static_cast<double>(out.facts.size());
    return true;
}

bool query_graph::dijkstra(vertex from, vertex to, vertex block_from, vertex block_to,
                           const std::vector<char>* banned_vertex, const std::vector<std::uint32_t>* banned_facts,
                           internal_path& out) const {
    using filtered = boost::filtered_graph<csr_graph, detail::arc_allowed, detail::vertex_allowed>;
    detail::arc_allowed arcs{&csr_, banned_facts};
    detail::vertex_allowed vertices{&passable_, banned_vertex, block_from, block_to};
    filtered fg(csr_, arcs, vertices);
    std::size_t n = boost::num_vertices(csr_);
    std::vector<double> dist(n, std::numeric_limits<double>::infinity());
    std::vector<detail::csr_edge> pred(n);
    std::vector<vertex> pred_vertex(n);
    for (std::size_t v = 0; v < n; ++v) pred_vertex[v] = static_cast<vertex>(v);
    bool reached = false;
    try {
        boost::dijkstra_shortest_paths(
            fg, from,
            boost::weight_map(boost::get(&arc::weight, csr_))
                .distance_map(boost::make_iterator_property_map(dist.begin(), boost::get(boost::vertex_index, csr_)))
                .predecessor_map(
                    boost::make_iterator_property_map(pred_vertex.begin(), boost::get(boost::vertex_index, csr_)))
                .visitor(detail::stop_at_target(to, &pred)));
    } catch (const detail::target_settled&) {
        reached = true;
    }
    if (!reached) return false;  // (Boost marks unreached vertices with the largest double, not infinity)
    out.vertices.clear();
    out.facts.clear();
    for (vertex v = to; v != from;) {
        out.vertices.push_back(v);
        detail::csr_edge e = pred[v];
        out.facts.push_back(csr_[e].fact);
        v = boost::source(e, csr_);
    }
    out.vertices.push_back(from);
    std::reverse(out.vertices.begin(), out.vertices.end());
    std::reverse(out.facts.begin(), out.facts.end());
    out.cost = dist[to];
    return true;
}

std::vector<graph_path> query_graph::shortest_path(const std::string& from_id, const std::string& to_id,
                                                   bool weighted) const {
    vertex from = vertex_of(from_id), to = vertex_of(to_id);
    internal_path p;
    if (!search(from, to, from, to, weighted, nullptr, nullptr, p)) return {};
    return {to_graph_path(p)};
}

std::vector<graph_path> query_graph::k_shortest_paths(const std::string& from_id, const std::string& to_id,
                                                      std::size_t k, bool weighted) const {
    vertex from = vertex_of(from_id), to = vertex_of(to_id);
    if (k == 0) return {};
    std::vector<internal_path> accepted;
    internal_path first;
    if (!search(from, to, from, to, weighted, nullptr, nullptr, first)) return {};
    first.doubt = doubt_of(first.facts);
    accepted.push_back(std::move(first));
    if (from == to) return {to_graph_path(accepted.front())};

    auto less = [](const internal_path& a, const internal_path& b) { return detail::path_less(a, b); };
    std::vector<internal_path> candidates;  // kept sorted, best last
    std::vector<char> banned_vertex(boost::num_vertices(csr_), 0);
    std::vector<std::uint32_t> banned_facts;
    auto known = [&](const internal_path& p) {
        auto same = [&](const internal_path& q) { return q.facts == p.facts && q.vertices == p.vertices; };
        return std::any_of(accepted.begin(), accepted.end(), same) ||
               std::any_of(candidates.begin(), candidates.end(), same);
    };
    auto arc_cost = [&](std::uint32_t fact) {
        return weighted ? -std::log(std::max(facts_[fact]->confidence, 1e-6)) + 1e-6 : 1.0;
    };
    while (accepted.size() < k) {
        const internal_path prev = accepted.back();
        for (std::size_t i = 0; i + 1 < prev.vertices.size(); ++i) {
            vertex spur = prev.vertices[i];
            banned_facts.clear();
            for (const auto& p : accepted) {
                if (p.vertices.size() > i + 1 && std::equal(p.vertices.begin(), p.vertices.begin() + i + 1,
                                                            prev.vertices.begin()) &&
                    std::equal(p.facts.begin(), p.facts.begin() + i, prev.facts.begin()))
                    banned_facts.push_back(p.facts[i]);
            }
            for (std::size_t j = 0; j < i; ++j) banned_vertex[prev.vertices[j]] = 1;
            internal_path spur_path;
            if (search(spur, to, from, to, weighted, &banned_vertex, &banned_facts, spur_path)) {
                internal_path total;
                total.vertices.assign(prev.vertices.begin(), prev.vertices.begin() + i);
                total.facts.assign(prev.facts.begin(), prev.facts.begin() + i);
                total.vertices.insert(total.vertices.end(), spur_path.vertices.begin(), spur_path.vertices.end());
                total.facts.insert(total.facts.end(), spur_path.facts.begin(), spur_path.facts.end());
                total.cost = 0.0;
                for (auto f : total.facts) total.cost += arc_cost(f);
                total.doubt = doubt_of(total.facts);
                if (!known(total)) {
                    auto at = std::lower_bound(candidates.begin(), candidates.end(), total,
                                               [&](const internal_path& a, const internal_path& b) { return less(b, a); });
                    candidates.insert(at, std::move(total));
                }
            }
            for (std::size_t j = 0; j < i; ++j) banned_vertex[prev.vertices[j]] = 0;
        }
        if (candidates.empty()) break;
        accepted.push_back(std::move(candidates.back()));
        candidates.pop_back();
    }
    // The first path came from a search that does not look at confidences: order it among its equals.
    std::stable_sort(accepted.begin(), accepted.end(), less);
    std::vector<graph_path> out;
    out.reserve(accepted.size());
    for (const auto& p : accepted) out.push_back(to_graph_path(p));
    return out;
}

std::vector<graph_path> query_graph::all_paths(const std::string& from_id, const std::string& to_id,
                                               std::size_t max_hops, std::size_t max_paths) const {
    vertex from = vertex_of(from_id), to = vertex_of(to_id);
    if (max_paths == 0) return {};
    if (from == to) return {graph_path{{from_id}, {}}};
    // Hops from every vertex to `to` (bounded by max_hops), to prune the walk.
    std::size_t n = boost::num_vertices(csr_);
    constexpr std::uint32_t far = std::numeric_limits<std::uint32_t>::max();
    std::vector<std::uint32_t> to_goal(n, far);
    std::vector<vertex> level{to}, next;
    to_goal[to] = 0;
    for (std::uint32_t d = 1; d <= max_hops && !level.empty(); ++d) {
        next.clear();
        for (vertex v : level) {
            if (v != to && blocked(v, from, to)) continue;
            for (auto [it, end] = boost::out_edges(v, csr_); it != end; ++it) {
                vertex w = boost::target(*it, csr_);
                if (to_goal[w] != far) continue;
                to_goal[w] = d;
                next.push_back(w);
            }
        }
        level.swap(next);
    }
    if (to_goal[from] == far) return {};

    // Depth by depth (iterative deepening), so the shortest paths come first;
    // within a depth, in arc order. The last depth needed is enumerated up to
    // 8 times the paths still wanted and the best of them by confidence kept.
    std::vector<internal_path> found;
    std::vector<char> on_path(n, 0);
    internal_path current;
    for (std::size_t length = to_goal[from]; length <= max_hops && found.size() < max_paths; ++length) {
        std::size_t wanted = max_paths - found.size();
        std::size_t enough = wanted >= std::numeric_limits<std::size_t>::max() / 8 ? wanted : wanted * 8;
        std::vector<internal_path> level;
        current.vertices.assign(1, from);
        current.facts.clear();
        on_path[from] = 1;
        auto walk = [&](auto&& self, vertex v) -> void {
            if (v == to) {
                if (current.facts.size() == length) level.push_back(current);
                return;
            }
            if (v != from && blocked(v, from, to)) return;
            for (auto [it, end] = boost::out_edges(v, csr_); it != end; ++it) {
                vertex w = boost::target(*it, csr_);
                if (on_path[w] || to_goal[w] == far || current.facts.size() + 1 + to_goal[w] > length) continue;
                on_path[w] = 1;
                current.vertices.push_back(w);
                current.facts.push_back(csr_[*it].fact);
                self(self, w);
                current.vertices.pop_back();
                current.facts.pop_back();
                on_path[w] = 0;
                if (level.size() >= enough) return;
            }
        };
        walk(walk, from);
        on_path[from] = 0;
        for (auto& p : level) {
            p.cost = static_cast<double>(p.facts.size());
            p.doubt = doubt_of(p.facts);
        }
        std::sort(level.begin(), level.end(),
                  [](const internal_path& a, const internal_path& b) { return detail::path_less(a, b); });
        if (level.size() > wanted) level.resize(wanted);
        for (auto& p : level) found.push_back(std::move(p));
    }
    std::vector<graph_path> out;
    for (const auto& p : found) out.push_back(to_graph_path(p));
    return out;
}

query_graph::neighbourhood_result query_graph::neighbourhood(const std::vector<std::string>& centre_ids,
                                                             std::size_t hops) const {
    // The visited vertices and their distances: the work stays proportional to the neighbourhood.
    std::vector<std::pair<vertex, std::uint32_t>> visited;
    const std::uint8_t stamp = next_stamp();
    std::vector<vertex> level, next;
    for (const auto& id : centre_ids) {
        vertex v = vertex_of(id);
        if (seen_[0][v] == stamp) continue;
        seen_[0][v] = stamp;
        level.push_back(v);
        visited.push_back({v, 0});
    }
    for (std::uint32_t d = 1; d <= hops && !level.empty(); ++d) {
        next.clear();
        for (vertex v : level) {
            for (auto [it, end] = boost::out_edges(v, csr_); it != end; ++it) {
                vertex w = boost::target(*it, csr_);
                if (seen_[0][w] == stamp) continue;
                seen_[0][w] = stamp;
                visited.push_back({w, d});
                if (passable_.empty() || passable_[w]) next.push_back(w);
            }
        }
        level.swap(next);
    }
    neighbourhood_result out;
    out.nodes.reserve(visited.size());
    std::vector<std::uint32_t> facts;
    for (auto [v, d] : visited) {
        out.nodes.emplace_back(ids_.id(v), d);
        for (auto [it, end] = boost::out_edges(v, csr_); it != end; ++it) {
            vertex w = boost::target(*it, csr_);
            // each fact once: from its lower end (a self-loop has one arc)
            if (seen_[0][w] == stamp && v <= w) facts.push_back(csr_[*it].fact);
        }
    }
    std::sort(out.nodes.begin(), out.nodes.end());
    std::sort(facts.begin(), facts.end());
    facts.erase(std::unique(facts.begin(), facts.end()), facts.end());
    out.edges.reserve(facts.size());
    for (auto f : facts) out.edges.emplace_back(fact_ids_[f]);
    return out;
}

std::pair<std::vector<std::uint32_t>, std::size_t> query_graph::components() const {
    std::vector<std::uint32_t> by_internal(boost::num_vertices(csr_), 0);
    std::size_t count = boost::connected_components(
        csr_, boost::make_iterator_property_map(by_internal.begin(), boost::get(boost::vertex_index, csr_)));
    // Per knowledge-graph vertex, the parts numbered in the order their first vertex comes.
    constexpr std::uint32_t unnumbered = std::numeric_limits<std::uint32_t>::max();
    std::vector<std::uint32_t> renumber(count, unnumbered), component(by_internal.size());
    std::uint32_t next = 0;
    for (std::size_t v = 0; v < component.size(); ++v) {
        std::uint32_t& c = renumber[by_internal[internal_[v]]];
        if (c == unnumbered) c = next++;
        component[v] = c;
    }
    return {std::move(component), count};
}

std::vector<double> query_graph::page_rank(std::size_t iterations) const {
    std::vector<double> by_internal(boost::num_vertices(csr_), 0.0);
    if (by_internal.empty()) return by_internal;
    boost::graph::page_rank(csr_,
                            boost::make_iterator_property_map(by_internal.begin(), boost::get(boost::vertex_index, csr_)),
                            boost::graph::n_iterations(iterations));
    std::vector<double> rank(by_internal.size());
    for (std::size_t v = 0; v < rank.size(); ++v) rank[v] = by_internal[internal_[v]];
    return rank;
}

}  // namespace kg::graph
