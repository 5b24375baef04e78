#include "kg/graph/knowledge_graph.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "kg/core/error.hpp"
#include "kg/core/ids.hpp"
#include "kg/core/merge.hpp"
#include "kg/graph/resolution.hpp"

namespace kg::graph {
knowledge_graph::knowledge_graph(const knowledge_graph& other)
    : graph_((other.settle(), std::make_unique<boost_graph>(*other.graph_))),
      documents_(other.documents_),
      node_index_(other.node_index_),
      document_of_hash_(other.document_of_hash_),
      duplicate_of_(other.duplicate_of_),
      resolver_(other.resolver_),
      redirect_(other.redirect_),
      same_name_(other.same_name_) {
    rebuild_edge_index();
}

knowledge_graph::knowledge_graph(knowledge_graph&& other) noexcept { *this = std::move(other); }

knowledge_graph& knowledge_graph::operator=(const knowledge_graph& other) {
    if (this != &other) {
        knowledge_graph copy(other);
        *this = std::move(copy);
    }
    return *this;
}

// Swaps with `other` and then clears it: the boost graph changes hands
// without being copied, so edge descriptors and the views in edge_index_ stay valid.
knowledge_graph& knowledge_graph::operator=(knowledge_graph&& other) noexcept {
    if (this != &other) {
        graph_.swap(other.graph_);
        documents_.swap(other.documents_);
        std::swap(node_index_, other.node_index_);
        edge_of_number_.swap(other.edge_of_number_);
        std::swap(edge_index_, other.edge_index_);
        document_of_hash_.swap(other.document_of_hash_);
        duplicate_of_.swap(other.duplicate_of_);
        node_order_.swap(other.node_order_);
        std::swap(node_order_sorted_, other.node_order_sorted_);
        edge_order_.swap(other.edge_order_);
        std::swap(edge_order_sorted_, other.edge_order_sorted_);
        name_index_.swap(other.name_index_);
        std::swap(name_index_ready_, other.name_index_ready_);
        unsettled_nodes_.swap(other.unsettled_nodes_);
        unsettled_edges_.swap(other.unsettled_edges_);
        evidence_keys_.swap(other.evidence_keys_);
        unsettled_.store(other.unsettled_.exchange(unsettled_.load()));
        resolver_.swap(other.resolver_);
        redirect_.swap(other.redirect_);
        same_name_.swap(other.same_name_);
        other.clear();
    }
    return *this;
}

void knowledge_graph::clear() noexcept {
    graph_->clear();
    documents_.clear();
    node_index_.clear();
    edge_of_number_.clear();
    edge_index_.clear();
    document_of_hash_.clear();
    duplicate_of_.clear();
    node_order_.clear();
    node_order_sorted_ = true;
    edge_order_.clear();
    edge_order_sorted_ = true;
    name_index_.clear();
    name_index_ready_ = false;
    unsettled_nodes_.clear();
    unsettled_edges_.clear();
    evidence_keys_.clear();
    unsettled_ = false;
    redirect_.clear();
    same_name_.clear();
}

// Rebuilds the edge numbers, the edge index and both order lists from *graph_
// (after a copy: vertex numbers carry over, edge descriptors do not).
void knowledge_graph::rebuild_edge_index() {
    edge_of_number_.clear();
    edge_of_number_.reserve(boost::num_edges(*graph_));
    for (auto [it, end] = boost::edges(*graph_); it != end; ++it) edge_of_number_.push_back(*it);
    edge_index_.clear();
    const auto edge_id = edge_id_of();
    edge_index_.reserve(edge_of_number_.size(), edge_id);
    edge_order_.clear();
    for (std::uint32_t n = 0; n < edge_of_number_.size(); ++n) {
        edge_index_.insert_at(edge_index_.find(edge_id(n), edge_id), n);
        edge_order_.push_back(n);
    }
    edge_order_sorted_ = false;
    node_order_.clear();
    for (std::uint32_t v = 0; v < boost::num_vertices(*graph_); ++v) node_order_.push_back(v);
    node_order_sorted_ = false;
}

std::uint32_t knowledge_graph::vertex_number(std::string_view id) const noexcept {
    return node_index_.find(id, node_id_of()).number;
}

std::uint32_t knowledge_graph::edge_number(std::string_view id) const noexcept {
    return edge_index_.find(id, edge_id_of()).number;
}

void knowledge_graph::add_document(kg::document doc) {
    if (doc.id.empty()) throw kg::input_error("document without an id");
    if (doc.content_hash.empty() && !doc.text.empty()) doc.content_hash = content_hash(doc.text);
    if (!doc.content_hash.empty() && !documents_.contains(doc.id)) {
        auto same = document_of_hash_.find(doc.content_hash);
        if (same != document_of_hash_.end()) {
            if (same->second != doc.id) duplicate_of_.emplace(doc.id, same->second);
            return;
        }
        document_of_hash_.emplace(doc.content_hash, doc.id);
    }
    doc.text.clear();
    doc.text.shrink_to_fit();
    auto it = documents_.find(doc.id);
    if (it == documents_.end()) {
        std::string id = doc.id;
        documents_.emplace(std::move(id), std::move(doc));
        return;
    }
    kg::document& old = it->second;
    if (old.title.empty()) old.title = std::move(doc.title);
    if (old.source.empty()) old.source = std::move(doc.source);
    if (old.date.empty()) old.date = std::move(doc.date);
    if (old.url.empty()) old.url = std::move(doc.url);
    if (old.content_hash.empty() && !doc.content_hash.empty() && !document_of_hash_.contains(doc.content_hash)) {
        old.content_hash = doc.content_hash;
        document_of_hash_.emplace(std::move(doc.content_hash), old.id);
    }
}

bool knowledge_graph::add_entity(kg::entity e) {
    if (e.id.empty()) throw kg::input_error(fmt::format("entity '{}' without an id", e.label));
    redirect_duplicate_documents(e);
    kg::canonicalize(e);
    name_index_ready_ = false;
    const auto node_id = node_id_of();
    node_index_.reserve(node_index_.size() + 1, node_id);
    auto probe = node_index_.find(e.id, node_id);
    if (probe.number != detail::id_index::none) {
        absorb(probe.number, std::move(e), {});
        return false;
    }
    // An id merged into another node before (recorded in its "merged_ids").
    if (auto r = redirect_.find(e.id); r != redirect_.end())
        if (std::uint32_t v = vertex_number(r->second.into); v != detail::id_index::none) {
            std::string rule = r->second.rule;
            absorb(v, std::move(e), rule);
            return false;
        }
    // The same name in the same type family: one thing, whatever type each document guessed.
    if (resolver_) {
        if (auto same = same_name_.find(same_name_key(e)); same != same_name_.end()) {
            const kg::entity& node = (*graph_)[same->second].entity;
            std::string rule = node.type == e.type ? std::string("same-name: the same name")
                                                   : fmt::format("same-name: \"{}\" named as {} and as {}", node.label,
                                                                 node.type, e.type);
            absorb(same->second, std::move(e), rule);
            return false;
        }
    }
    // Boost 1.74 copies a property passed to add_vertex/add_edge: add an
    // empty one and move the value in.
    vertex_descriptor v = boost::add_vertex(*graph_);
    (*graph_)[v].entity = std::move(e);
    const auto number = static_cast<std::uint32_t>(v);
    if (node_order_sorted_ && !node_order_.empty() && node_id(node_order_.back()) >= node_id(number))
        node_order_sorted_ = false;
    node_order_.push_back(number);
    node_index_.insert_at(probe, number);
    const kg::entity& added = (*graph_)[v].entity;
    if (auto merged = added.attributes.find("merged_ids"); merged != added.attributes.end())
        for (const auto& id : merged->second) redirect_.try_emplace(id, redirect{added.id, {}});
    index_same_name(number);
    return true;
}

std::string knowledge_graph::same_name_key(const kg::entity& e) const {
    std::string name = kg::normalize_name(e.label);
    if (name.empty() || !resolver_) return {};
    return resolver_->family(e.type) + '\x1f' + name;
}

void knowledge_graph::index_same_name(std::uint32_t v) {
    if (!resolver_) return;
    std::string key = same_name_key((*graph_)[v].entity);
    if (!key.empty()) same_name_.try_emplace(std::move(key), v);
}

// Merges e into node `into`. A different id is recorded in the node (with
// `rule`, when given) and redirected to it from now on.
void knowledge_graph::absorb(std::uint32_t into, kg::entity&& e, const std::string& rule) {
    kg::entity& node = (*graph_)[into].entity;
    std::string from_id = std::move(e.id);
    std::string from_type = e.type;
    if (from_id != node.id) {
        e.attributes["merged_ids"].push_back(from_id);
        if (!rule.empty()) e.attributes["merge_rules"].push_back(fmt::format("{} <- {}", from_id, rule));
    }
    std::vector<std::string> absorbed;
    if (auto m = e.attributes.find("merged_ids"); m != e.attributes.end()) absorbed = m->second;
    merge_entity(into, std::move(e));
    // The more specific type wins (a Company named as an Organization elsewhere).
    if (resolver_ && !from_type.empty() && resolver_->more_specific(from_type, node.type)) node.type = from_type;
    for (auto& id : absorbed)
        if (id != node.id) redirect_.insert_or_assign(id, redirect{node.id, {}});
    if (auto r = redirect_.find(from_id); r != redirect_.end() && !rule.empty()) r->second.rule = rule;
}

void knowledge_graph::set_resolver(std::shared_ptr<const entity_resolver> resolver) {
    resolver_ = std::move(resolver);
    same_name_.clear();
    if (!resolver_) return;
    ensure_node_order();
    for (std::uint32_t v : node_order_) index_same_name(v);
}

std::string knowledge_graph::current_id(std::string_view id) const {
    if (find_node(id)) return std::string(id);
    auto r = redirect_.find(id);
    return r != redirect_.end() && find_node(r->second.into) ? r->second.into : std::string();
}

bool knowledge_graph::redirect_endpoints(kg::fact& f) const {
    if (redirect_.empty()) return true;
    auto moved = [&](std::string& id) {
        auto r = redirect_.find(id);
        if (r == redirect_.end()) return false;
        id = r->second.into;
        return true;
    };
    bool changed = moved(f.source);
    changed = moved(f.target) || changed;
    for (auto& ev : f.evidence)
        if (!ev.attributed_to.empty()) moved(ev.attributed_to);
    if (!changed) return true;
    if (f.source == f.target) return false;  // a fact between two names of one thing
    f.id = kg::make_fact_id(f.source, f.type, f.target, kg::to_string(f.polarity));
    return true;
}

void knowledge_graph::merge_nodes(const std::vector<planned_merge>& plan) {
    if (plan.empty()) return;
    std::unordered_map<std::string, const planned_merge*, string_hash, std::equal_to<>> by_from;
    for (const auto& m : plan) by_from.emplace(m.from, &m);
    // A node that joins a node that joins another ends at the last one.
    auto final_target = [&](const std::string& id) {
        std::string at = id;
        for (std::size_t hops = 0; hops <= plan.size(); ++hops) {
            auto it = by_from.find(at);
            if (it == by_from.end()) return at;
            at = it->second->into;
        }
        return at;  // a cycle: impossible (a short form is shorter than its full name), but bounded
    };
    knowledge_graph out;
    out.resolver_ = resolver_;
    out.documents_ = documents_;
    out.document_of_hash_ = document_of_hash_;
    out.duplicate_of_ = duplicate_of_;
    out.redirect_ = redirect_;
    for (const auto& m : plan) out.redirect_.insert_or_assign(m.from, redirect{final_target(m.from), m.rule});
    for (auto& [id, r] : out.redirect_)
        if (auto it = by_from.find(r.into); it != by_from.end()) r.into = final_target(r.into);
    auto nodes = this->nodes();
    out.reserve(nodes.size(), edge_count());
    for (const kg::entity* e : nodes)
        if (!by_from.contains(e->id)) out.add_entity(*e);
    for (const kg::entity* e : nodes)
        if (by_from.contains(e->id)) out.add_entity(*e);
    for (const kg::fact* f : edges()) out.add_fact(*f);
    *this = std::move(out);
}

bool knowledge_graph::add_fact(kg::fact f) {
    if (f.id.empty()) throw kg::input_error(fmt::format("fact {} {} {} without an id", f.source, f.type, f.target));
    if (!redirect_endpoints(f)) return false;
    std::uint32_t src = vertex_number(f.source);
    if (src == detail::id_index::none)
        throw kg::input_error(fmt::format("fact '{}': source '{}' is not a node", f.id, f.source));
    std::uint32_t dst = vertex_number(f.target);
    if (dst == detail::id_index::none)
        throw kg::input_error(fmt::format("fact '{}': target '{}' is not a node", f.id, f.target));
    return add_fact_between(std::move(f), src, dst);
}

bool knowledge_graph::add_fact_between(kg::fact f, vertex_descriptor source, vertex_descriptor target) {
    if (std::isnan(f.confidence)) throw kg::input_error(fmt::format("fact '{}': confidence is not a number", f.id));
    f.confidence = std::clamp(f.confidence, 0.0, 1.0);
    redirect_duplicate_documents(f);
    kg::canonicalize(f);
    const auto edge_id = edge_id_of();
    edge_index_.reserve(edge_index_.size() + 1, edge_id);
    auto probe = edge_index_.find(f.id, edge_id);
    if (probe.number == detail::id_index::none) {
        auto [e, added] = boost::add_edge(source, target, *graph_);
        (void)added;  // a multigraph: always added
        (*graph_)[e].fact = std::move(f);
        const auto number = static_cast<std::uint32_t>(edge_of_number_.size());
        edge_of_number_.push_back(e);
        if (edge_order_sorted_ && !edge_order_.empty() && edge_id(edge_order_.back()) >= edge_id(number))
            edge_order_sorted_ = false;
        edge_order_.push_back(number);
        edge_index_.insert_at(probe, number);
        return true;
    }
    if (std::string conflict = fact_conflict(f); !conflict.empty()) throw kg::input_error(conflict);
    merge_fact(probe.number, std::move(f));
    return false;
}

std::string knowledge_graph::fact_conflict(const kg::fact& f) const {
    std::uint32_t n = edge_number(f.id);
    if (n == detail::id_index::none) return {};
    const kg::fact& old = (*graph_)[edge_of_number_[n]].fact;
    if (old.source == f.source && old.target == f.target && old.type == f.type && old.polarity == f.polarity)
        return {};
    return fmt::format("fact id '{}' of {} {} {} ({}) is already the id of another fact, {} {} {} ({}): an id "
                       "collision; the new fact is left out",
                       f.id, f.source, f.type, f.target, kg::to_string(f.polarity), old.source, old.type, old.target,
                       kg::to_string(old.polarity));
}

namespace {
std::string evidence_key(const kg::evidence& ev) {
    return fmt::format("{}\x1f{}:{}", ev.document, ev.chars.begin, ev.chars.end);
}
}  // namespace

// kg::merge_into decides label, type, aliases and attributes (short lists);
// the long list, mentions, is appended here and sorted once by settle().
void knowledge_graph::merge_entity(std::uint32_t v, kg::entity&& from) {
    kg::entity& into = (*graph_)[v].entity;
    std::vector<kg::mention> mentions = std::move(into.mentions);
    std::vector<kg::mention> more = std::move(from.mentions);
    into.mentions.clear();
    from.mentions.clear();
    kg::merge_into(into, std::move(from));
    into.mentions = std::move(mentions);
    if (more.empty()) return;
    if (into.mentions.empty()) {
        into.mentions = std::move(more);  // from was canonical: nothing to settle
        return;
    }
    into.mentions.insert(into.mentions.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
    unsettled_nodes_.push_back(v);
    unsettled_ = true;
}

// kg::merge_into decides confidence, modality, label and time; it is shown
// one piece of new evidence when `from` brings any (found through the edge's
// evidence keys, O(1) each), none otherwise, and the evidence lists are
// joined here and sorted once by settle().
void knowledge_graph::merge_fact(std::uint32_t n, kg::fact&& from) {
    kg::fact& into = (*graph_)[edge_of_number_[n]].fact;
    auto [keys, fresh] = evidence_keys_.try_emplace(n);
    if (fresh)
        for (const auto& ev : into.evidence) keys->second.insert(evidence_key(ev));
    std::optional<std::size_t> new_one;
    for (std::size_t i = 0; i < from.evidence.size(); ++i)
        if (keys->second.insert(evidence_key(from.evidence[i])).second && !new_one) new_one = i;
    std::vector<kg::evidence> evidence = std::move(into.evidence);
    std::vector<kg::evidence> more = std::move(from.evidence);
    into.evidence.clear();
    from.evidence.clear();
    if (new_one) from.evidence.push_back(more[*new_one]);
    kg::merge_into(into, std::move(from));
    into.evidence = std::move(evidence);
    into.evidence.insert(into.evidence.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
    unsettled_edges_.push_back(n);
    unsettled_ = true;
}

void knowledge_graph::settle() const {
    if (!unsettled_.load(std::memory_order_acquire)) return;
    std::lock_guard lock(lazy_mutex_);
    settle_locked();
}

void knowledge_graph::settle_locked() const {
    if (!unsettled_.load(std::memory_order_relaxed)) return;
    // Each entity or fact once, however often it was merged into.
    for (auto* list : {&unsettled_nodes_, &unsettled_edges_}) {
        std::sort(list->begin(), list->end());
        list->erase(std::unique(list->begin(), list->end()), list->end());
    }
    for (std::uint32_t v : unsettled_nodes_) kg::canonicalize((*graph_)[v].entity);
    for (std::uint32_t n : unsettled_edges_) kg::canonicalize((*graph_)[edge_of_number_[n]].fact);
    unsettled_nodes_.clear();
    unsettled_edges_.clear();
    evidence_keys_.clear();
    unsettled_.store(false, std::memory_order_release);
}

void knowledge_graph::reserve(std::size_t nodes, std::size_t edges) {
    node_index_.reserve(node_index_.size() + nodes, node_id_of());
    node_order_.reserve(node_order_.size() + nodes);
    edge_index_.reserve(edge_index_.size() + edges, edge_id_of());
    edge_of_number_.reserve(edge_of_number_.size() + edges);
    edge_order_.reserve(edge_order_.size() + edges);
}

void knowledge_graph::merge(const knowledge_graph& other, std::vector<std::string>* conflicts) {
    if (&other == this) return;  // merging a graph into itself changes nothing
    const auto facts = other.edges();
    if (!conflicts)
        for (const kg::fact* f : facts)
            if (std::string conflict = fact_conflict(*f); !conflict.empty()) throw kg::input_error(conflict);
    for (const auto& [id, doc] : other.documents_) add_document(doc);
    for (const auto& [id, kept] : other.duplicate_of_) duplicate_of_.try_emplace(id, kept);
    for (const kg::entity* e : other.nodes()) add_entity(*e);
    for (const kg::fact* f : facts) {
        if (conflicts) {
            if (std::string conflict = fact_conflict(*f); !conflict.empty()) {
                conflicts->push_back(std::move(conflict));
                continue;
            }
        }
        add_fact(*f);
    }
}

std::string knowledge_graph::content_hash(std::string_view text) {
    return kg::make_content_hash(text);
}

void knowledge_graph::redirect_duplicate_documents(kg::entity& e) const {
    if (duplicate_of_.empty()) return;
    for (auto& m : e.mentions)
        if (auto it = duplicate_of_.find(m.document); it != duplicate_of_.end()) m.document = it->second;
}

void knowledge_graph::redirect_duplicate_documents(kg::fact& f) const {
    if (duplicate_of_.empty()) return;
    for (auto& ev : f.evidence)
        if (auto it = duplicate_of_.find(ev.document); it != duplicate_of_.end()) ev.document = it->second;
}

void knowledge_graph::ensure_node_order() const {
    std::lock_guard lock(lazy_mutex_);
    if (node_order_sorted_) return;
    const auto node_id = node_id_of();
    std::sort(node_order_.begin(), node_order_.end(),
              [&](std::uint32_t a, std::uint32_t b) { return node_id(a) < node_id(b); });
    node_order_sorted_ = true;
}

void knowledge_graph::ensure_edge_order() const {
    std::lock_guard lock(lazy_mutex_);
    if (edge_order_sorted_) return;
    const auto edge_id = edge_id_of();
    std::sort(edge_order_.begin(), edge_order_.end(),
              [&](std::uint32_t a, std::uint32_t b) { return edge_id(a) < edge_id(b); });
    edge_order_sorted_ = true;
}

void knowledge_graph::ensure_name_index() const {
    settle();
    ensure_node_order();
    std::lock_guard lock(lazy_mutex_);
    if (name_index_ready_) return;
    name_index_.clear();
    // node_order_ is in id order, so each vertex list comes out in id order.
    for (const vertex_descriptor v : node_order_) {  // (numbers are the descriptors)
        const kg::entity& e = (*graph_)[v].entity;
        auto add = [&](const std::string& name) {
            std::string key = kg::normalize_name(name);
            if (key.empty()) return;
            auto& list = name_index_[std::move(key)];
            if (list.empty() || list.back() != v) list.push_back(v);
        };
        add(e.label);
        for (const auto& a : e.aliases) add(a);
    }
    name_index_ready_ = true;
}

const std::vector<vertex_descriptor>& knowledge_graph::vertices_named(std::string_view normalized_name) const {
    static const std::vector<vertex_descriptor> none;
    ensure_name_index();
    auto it = name_index_.find(normalized_name);
    return it == name_index_.end() ? none : it->second;
}

std::vector<edge_descriptor> knowledge_graph::edge_descriptors() const {
    settle();
    ensure_edge_order();
    std::vector<edge_descriptor> out;
    out.reserve(edge_order_.size());
    for (std::uint32_t n : edge_order_) out.push_back(edge_of_number_[n]);
    return out;
}

std::vector<const kg::document*> knowledge_graph::documents() const {
    std::vector<const kg::document*> out;
    out.reserve(documents_.size());
    for (const auto& [id, doc] : documents_) out.push_back(&doc);
    return out;
}

std::vector<const kg::entity*> knowledge_graph::nodes() const {
    settle();
    ensure_node_order();
    std::vector<const kg::entity*> out;
    out.reserve(node_order_.size());
    for (std::uint32_t v : node_order_) out.push_back(&(*graph_)[v].entity);
    return out;
}

std::vector<const kg::fact*> knowledge_graph::edges() const {
    settle();
    ensure_edge_order();
    std::vector<const kg::fact*> out;
    out.reserve(edge_order_.size());
    for (std::uint32_t n : edge_order_) out.push_back(&(*graph_)[edge_of_number_[n]].fact);
    return out;
}

const kg::document* knowledge_graph::find_document(std::string_view id) const noexcept {
    auto it = documents_.find(id);
    return it == documents_.end() ? nullptr : &it->second;
}

const kg::entity* knowledge_graph::find_node(std::string_view id) const noexcept {
    settle();
    std::uint32_t v = vertex_number(id);
    return v == detail::id_index::none ? nullptr : &(*graph_)[v].entity;
}

const kg::fact* knowledge_graph::find_edge(std::string_view id) const noexcept {
    settle();
    std::uint32_t n = edge_number(id);
    return n == detail::id_index::none ? nullptr : &(*graph_)[edge_of_number_[n]].fact;
}

std::optional<vertex_descriptor> knowledge_graph::vertex_of(std::string_view id) const noexcept {
    std::uint32_t v = vertex_number(id);
    if (v == detail::id_index::none) return std::nullopt;
    return v;
}

std::optional<edge_descriptor> knowledge_graph::edge_of(std::string_view id) const noexcept {
    std::uint32_t n = edge_number(id);
    if (n == detail::id_index::none) return std::nullopt;
    return edge_of_number_[n];
}

}  // namespace kg::graph
