#pragma once
// The knowledge graph: entities as vertices, facts as edges of a Boost.Graph
// bidirectional adjacency list with bundled properties, plus indexes by id.
//
// Merge rules (add_entity / add_fact / add_document / merge):
//  * entity with an existing id: the first label stays the label, a differing
//    label becomes an alias; aliases, mentions and attribute values become the
//    sorted, de-duplicated union; the first non-empty type is kept.
//  * fact with an existing id (the id encodes source, type, target and
//    polarity, not modality: see kg::make_fact_id, so it is "the same claim"):
//    evidence becomes the sorted union. If the incoming fact brings evidence
//    not seen before, the two confidences are combined as independent support
//    (noisy-or, 1 - (1-a)(1-b)), capped at 0.99 unless an input was already
//    higher, and rounded to 3 decimals; if it brings no new evidence
//    (re-adding the same article) the higher confidence is kept. Merging a
//    graph into itself is therefore a no-op. The most certain modality and
//    the first non-empty label and time are kept. A fact whose id is already
//    used by a claim with another source, target, type or polarity (an id
//    collision) is rejected: add_fact throws kg::input_error, merge() skips it
//    and reports it (see fact_conflict).
//  * document with an existing id: the first one is kept, empty fields are
//    filled from the new one.
//  * a document's content_hash is computed from its text when it has none.
//    A document whose content hash is that of a document already in the
//    graph under another id is not added, and the mentions and evidence that
//    name it are attributed to the first one, so adding the same article
//    twice under two names changes nothing.
//
// Cost: merging into an entity or fact that is already there appends (its
// mentions, aliases, evidence) and marks it; the lists are sorted and
// de-duplicated once, on the first read that needs them (settle()). So
// adding k documents that name the same entity costs O(total mentions), plus
// one sort per read, not O(k^2) as sorting on every merge did.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <string>
#include <string_view>
#include <vector>

#include <boost/graph/adjacency_list.hpp>

#include "kg/core/document.hpp"
#include "kg/core/entity.hpp"
#include "kg/core/fact.hpp"
#include "kg/graph/detail/id_index.hpp"

namespace kg::graph {

class entity_resolver;
struct planned_merge;

struct node_properties {
    kg::entity entity;
};

struct edge_properties {
    kg::fact fact;
};

using boost_graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                                          node_properties, edge_properties>;
using vertex_descriptor = boost::graph_traits<boost_graph>::vertex_descriptor;
using edge_descriptor = boost::graph_traits<boost_graph>::edge_descriptor;

class knowledge_graph {
public:
    knowledge_graph() = default;
    knowledge_graph(const knowledge_graph& other);
    knowledge_graph(knowledge_graph&& other) noexcept;
    knowledge_graph& operator=(const knowledge_graph& other);
    knowledge_graph& operator=(knowledge_graph&& other) noexcept;
    ~knowledge_graph() = default;

    // Keeps id, title, source, date and url; the text is dropped.
    // Throws kg::input_error when the id is empty.
    void add_document(kg::document doc);
    // True when the id was new, false when e was merged into the entity
    // with its id. Throws kg::input_error when the id is empty.
    bool add_entity(kg::entity e);
    // True when the id was new, false when f was merged into the fact with
    // its id. Throws kg::input_error when the id is empty, when source or
    // target is not a node, or when the id is taken by a fact with other
    // endpoints/type.
    bool add_fact(kg::fact f);
    // Makes room for this many more nodes and edges (a loader that knows the counts).
    void reserve(std::size_t nodes, std::size_t edges);
    // Adds every document, node and edge of `other` with the rules above.
    // A fact whose id is taken by a different fact is left out: its message
    // goes to `conflicts` when given, else merge throws kg::input_error
    // (before changing anything when the conflict is with this graph).
    void merge(const knowledge_graph& other, std::vector<std::string>* conflicts = nullptr);

    // When `f`'s id is already used here by a fact with another source,
    // type, target or polarity: a message saying so; else empty.
    std::string fact_conflict(const kg::fact& f) const;

    // Cross-document entity resolution (resolution.hpp). With a resolver set,
    // add_entity also merges an entity into the node of its type family with
    // the same normalized label (the node keeps its id; the more specific type
    // wins; the entity's id is recorded in "merged_ids"/"merge_rules"). Without
    // one, only ids recorded in "merged_ids" are redirected to their node.
    void set_resolver(std::shared_ptr<const entity_resolver> resolver);
    const entity_resolver* resolver() const noexcept { return resolver_.get(); }
    // Applies planned merges: each `from` node joins `into` with its mentions,
    // aliases and attributes; facts naming `from` are rewritten onto `into`
    // (their ids recomputed; a fact that becomes a loop is dropped). Linear in the graph.
    void merge_nodes(const std::vector<planned_merge>& plan);
    // The node an id names now: the id itself, or the node that absorbed it; empty when none.
    std::string current_id(std::string_view id) const;

    // Documents sorted by id (their text is empty).
    std::vector<const kg::document*> documents() const;
    // Nodes sorted by id.
    std::vector<const kg::entity*> nodes() const;
    // Edges sorted by id.
    std::vector<const kg::fact*> edges() const;

    const kg::document* find_document(std::string_view id) const noexcept;
    const kg::entity* find_node(std::string_view id) const noexcept;
    const kg::fact* find_edge(std::string_view id) const noexcept;
    std::optional<vertex_descriptor> vertex_of(std::string_view id) const noexcept;
    std::optional<edge_descriptor> edge_of(std::string_view id) const noexcept;

    // Edge descriptors in edge id order.
    std::vector<edge_descriptor> edge_descriptors() const;

    // The name index: vertices whose label or an alias normalizes
    // (kg::normalize_name) to `normalized_name`, in id order; empty when none.
    // Built on first use after a change.
    const std::vector<vertex_descriptor>& vertices_named(std::string_view normalized_name) const;
    // Calls f(normalized name, vertices) for every entry of the name index.
    template <class F>
    void for_each_name(F&& f) const {
        ensure_name_index();
        for (const auto& [name, vs] : name_index_) f(name, vs);
    }

    // The content hash kg uses for a document text.
    static std::string content_hash(std::string_view text);

    // The underlying graph, for Boost.Graph algorithms (read-only).
    const boost_graph& graph() const {
        settle();
        return *graph_;
    }

    std::size_t document_count() const noexcept { return documents_.size(); }
    std::size_t node_count() const noexcept { return boost::num_vertices(*graph_); }
    std::size_t edge_count() const noexcept { return boost::num_edges(*graph_); }

    // Removes everything.
    void clear() noexcept;

    // The id indexes are open-addressing hash tables over the vertex and edge
    // numbers (detail::id_index); the id order that nodes(), edges() and
    // edge_descriptors() return is kept as a list that grows in step while
    // ids arrive in increasing order (as they do from a graph file) and is
    // sorted on first use otherwise. The lazily built parts are guarded by a
    // mutex, so const members may be called from several threads.

private:
    struct string_hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
    };
    using name_map = std::unordered_map<std::string, std::vector<vertex_descriptor>, string_hash, std::equal_to<>>;

    // The id of vertex / edge number n, as the id indexes read it back.
    auto node_id_of() const {
        return [this](std::uint32_t n) -> const std::string& { return (*graph_)[n].entity.id; };
    }
    auto edge_id_of() const {
        return [this](std::uint32_t n) -> const std::string& { return (*graph_)[edge_of_number_[n]].fact.id; };
    }
    std::uint32_t vertex_number(std::string_view id) const noexcept;
    std::uint32_t edge_number(std::string_view id) const noexcept;
    bool add_fact_between(kg::fact f, vertex_descriptor source, vertex_descriptor target);
    void rebuild_edge_index();
    void ensure_name_index() const;
    void ensure_node_order() const;
    void ensure_edge_order() const;
    void redirect_duplicate_documents(kg::entity& e) const;
    void redirect_duplicate_documents(kg::fact& f) const;
    void merge_entity(std::uint32_t v, kg::entity&& from);
    void merge_fact(std::uint32_t n, kg::fact&& from);
    // Sorts and de-duplicates the lists of the entities and facts merged into
    // since the last call (see "Cost" above). Cheap when nothing is pending.
    void settle() const;
    void settle_locked() const;
    void absorb(std::uint32_t into, kg::entity&& e, const std::string& rule);
    void index_same_name(std::uint32_t v);
    std::string same_name_key(const kg::entity& e) const;
    // Rewrites a fact's endpoints onto the nodes that absorbed them; false when it became a loop.
    bool redirect_endpoints(kg::fact& f) const;

    struct redirect {
        std::string into;  // the node that absorbed the id
        std::string rule;  // why (empty when read back from a graph file)
    };

    // Held by pointer: Boost 1.74's adjacency_list has no move (it copies), and
    // a moved knowledge_graph keeps its edge descriptors and indexes valid.
    std::unique_ptr<boost_graph> graph_ = std::make_unique<boost_graph>();
    std::map<std::string, kg::document, std::less<>> documents_;
    detail::id_index node_index_;  // over vertex numbers (= vertex descriptors, vecS)
    // Edge descriptors point into *graph_, so these are rebuilt on copy.
    std::vector<edge_descriptor> edge_of_number_;  // in the order the edges were added
    detail::id_index edge_index_;                  // over edge numbers
    std::map<std::string, std::string, std::less<>> document_of_hash_;  // content hash -> document id
    std::map<std::string, std::string, std::less<>> duplicate_of_;      // duplicate document id -> kept id
    // Vertex and edge numbers in id order; *_sorted_ says whether the list is
    // in order (it is complete either way).
    mutable std::vector<std::uint32_t> node_order_;
    mutable bool node_order_sorted_ = true;
    mutable std::vector<std::uint32_t> edge_order_;
    mutable bool edge_order_sorted_ = true;
    // normalized label/alias -> vertices; rebuilt lazily after add_entity
    mutable name_map name_index_;
    mutable bool name_index_ready_ = false;
    mutable std::mutex lazy_mutex_;  // guards the lazily built order lists and name index, and settling
    // Entities (vertex numbers) and facts (edge numbers) whose lists were
    // appended to and are not yet sorted; the evidence keys (document, span)
    // of each such fact, to tell new evidence from old in O(1).
    mutable std::vector<std::uint32_t> unsettled_nodes_;
    mutable std::vector<std::uint32_t> unsettled_edges_;
    mutable std::unordered_map<std::uint32_t, std::unordered_set<std::string>> evidence_keys_;
    mutable std::atomic<bool> unsettled_{false};
    std::shared_ptr<const entity_resolver> resolver_;
    std::unordered_map<std::string, redirect, string_hash, std::equal_to<>> redirect_;  // absorbed id -> node
    std::unordered_map<std::string, std::uint32_t, string_hash, std::equal_to<>> same_name_;  // family + name -> vertex
};

}  // namespace kg::graph
