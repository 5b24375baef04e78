#pragma once
// Queries over a knowledge graph: shortest, K shortest and all simple paths,
// neighbourhoods, and whole-graph statistics.
//
// A query_graph is a read-only index built once from a knowledge_graph: the
// facts that pass a filter, each as a pair of arcs (one per direction, since
// paths follow facts both ways) of a Boost compressed_sparse_row_graph.
// Its vertices are the knowledge graph's, numbered for locality (each
// connected part in breadth-first order, then the entities without facts);
// the results that are per vertex (degree, components, PageRank) are given
// by knowledge-graph vertex descriptor. Parallel facts stay parallel arcs (a
// multigraph), so two facts between the same entities give two paths. Arcs
// are ordered by fact id, so every answer is deterministic (and does not
// depend on the numbering).
//
// A query_graph refers to the knowledge_graph it was built from (which must
// outlive it and not change) and keeps scratch space for searches: use one
// query_graph from one thread at a time.
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <boost/graph/compressed_sparse_row_graph.hpp>

#include "kg/graph/detail/id_table.hpp"
#include "kg/graph/knowledge_graph.hpp"
#include "kg/graph/path.hpp"

namespace kg::graph {

struct query_filter {
    std::vector<std::string> relations;          // only facts of these types (empty: every type)
    std::vector<std::string> exclude_relations;  // never facts of these types
    std::vector<std::string> node_types;         // paths only pass through entities of these types (empty: any);
                                                 // the end points of a path may be of any type
    std::vector<std::string> avoid_node_types;   // paths never pass through entities of these types
    bool include_negated = false;                // negative facts ("did not sue") are left out unless set
};

class query_graph {
public:
    struct arc {
        std::uint32_t fact = 0;  // index into facts(), which is in fact id order
        double weight = 0.0;     // -log(confidence) plus a tiny per-hop cost
    };
    using csr_graph = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, arc,
                                                         boost::no_property, std::uint32_t, std::uint32_t>;
    using vertex = std::uint32_t;

    explicit query_graph(const knowledge_graph& g, const query_filter& filter = {});
    query_graph(const query_graph&) = delete;
    query_graph& operator=(const query_graph&) = delete;

    const knowledge_graph& graph() const noexcept { return *graph_; }
    // Every fact of the graph in id order (also those the filter leaves out).
    const std::vector<const kg::fact*>& facts() const noexcept { return facts_; }
    std::size_t kept_fact_count() const noexcept { return kept_facts_; }

    // The path with the fewest hops (weighted = false: a bidirectional
    // breadth-first search) or with the highest product of confidences
    // (weighted = true: Boost's Dijkstra on -log(confidence)); an empty vector
    // when the two are not connected. Throws kg::query_error for unknown ids.
    std::vector<graph_path> shortest_path(const std::string& from_id, const std::string& to_id, bool weighted) const;
    // The k shortest simple paths (Yen's algorithm), best first; paths of
    // equal length by higher product of confidences, then by fact ids.
    std::vector<graph_path> k_shortest_paths(const std::string& from_id, const std::string& to_id, std::size_t k,
                                             bool weighted) const;
    // Every simple path of at most max_hops facts, fewest hops first, then by
    // higher product of confidences, then by fact ids; at most max_paths of
    // them, the shortest (found depth by depth; of the longest length kept,
    // the best of the first 8 * (paths still wanted) in arc order).
    std::vector<graph_path> all_paths(const std::string& from_id, const std::string& to_id, std::size_t max_hops,
                                      std::size_t max_paths) const;

    struct neighbourhood_result {
        std::vector<std::pair<std::string, std::size_t>> nodes;  // (id, hops from the nearest centre), in id order
        std::vector<std::string> edges;                           // fact ids among those nodes, in id order
    };
    // The entities within `hops` facts of any centre and the facts among them.
    neighbourhood_result neighbourhood(const std::vector<std::string>& centre_ids, std::size_t hops) const;

    // Connected components over the kept facts: component number per vertex and their count.
    std::pair<std::vector<std::uint32_t>, std::size_t> components() const;
    // PageRank over the kept facts taken in both directions (Boost's page_rank, damping 0.85).
    std::vector<double> page_rank(std::size_t iterations = 50) const;
    // Number of kept facts at each vertex (a self-loop counts once).
    std::size_t degree(vertex v) const { return boost::out_degree(internal_[v], csr_); }

private:
    struct internal_path {
        std::vector<vertex> vertices;
        std::vector<std::uint32_t> facts;
        double cost = 0.0;   // hops, or the sum of the arc weights when weighted
        double doubt = 0.0;  // sum of -log(confidence): breaks ties between paths of equal cost
    };
    double doubt_of(const std::vector<std::uint32_t>& facts) const;
    vertex vertex_of(const std::string& id) const;
    std::uint8_t next_stamp() const;  // a stamp no seen_ byte carries yet
    bool blocked(vertex v, vertex from, vertex to) const {
        return !passable_.empty() && !passable_[v] && v != from && v != to;
    }
    bool search(vertex from, vertex to, vertex block_from, vertex block_to, bool weighted,
                const std::vector<char>* banned_vertex, const std::vector<std::uint32_t>* banned_facts,
                internal_path& out) const;
    bool bfs(vertex from, vertex to, vertex block_from, vertex block_to, const std::vector<char>* banned_vertex,
             const std::vector<std::uint32_t>* banned_facts, internal_path& out) const;
    bool dijkstra(vertex from, vertex to, vertex block_from, vertex block_to, const std::vector<char>* banned_vertex,
                  const std::vector<std::uint32_t>* banned_facts, internal_path& out) const;
    graph_path to_graph_path(const internal_path& p) const;

    const knowledge_graph* graph_;
    std::vector<const kg::fact*> facts_;
    detail::id_list fact_ids_;  // the ids of facts_, back to back
    std::size_t kept_facts_ = 0;
    std::vector<char> passable_;  // empty: every vertex may be passed through
    // The search graph numbers vertices its own way, for locality (see the
    // constructor): kg_vertex_[internal] and internal_[knowledge graph vertex].
    std::vector<vertex> kg_vertex_, internal_;
    csr_graph csr_;
    detail::id_table ids_;  // entity id -> internal vertex

    // Scratch space for the searches, stamped so that it is not cleared
    // between searches. seen_[side][v] (side 0 forward, 1 backward): the
    // 8-bit stamp of the last search that reached v, one byte a vertex so
    // the checks made for every arc stay in cache; when the stamp wraps the
    // bytes are cleared. pred_[v]: how each side reached v (previous vertex,
    // fact), written once per vertex reached.
    struct predecessor {
        std::uint32_t vertex[2] = {0, 0};
        std::uint32_t fact[2] = {0, 0};
    };
    mutable std::vector<std::uint8_t> seen_[2];
    mutable std::vector<predecessor> pred_;
    mutable std::vector<vertex> front_, back_, next_;  // the frontiers of the bidirectional search
    mutable std::uint8_t stamp_ = 0;
};

}  // namespace kg::graph
