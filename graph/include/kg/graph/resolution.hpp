#pragma once
// Entity resolution across documents: which nodes of a graph name the same
// real-world thing. Two steps, both linear in the graph (every comparison goes
// through an index keyed by a name, a surname or an acronym; never all pairs):
//
//  1. While documents are added (knowledge_graph::add_entity with a resolver
//     set): an entity whose normalized label is that of a node of the same
//     type family (Person, Organization, Location; other types are their own
//     family) joins that node, whatever type each document guessed. The node
//     keeps the id it was first given; the more specific type wins
//     (Organization < Company); the joining id is kept in the node's
//     "merged_ids" attribute and facts naming it are redirected (rule "same-name").
//
//  2. When all documents are in (plan_short_name_merges, then
//     knowledge_graph::merge_nodes): a node whose name is a short form of other
//     nodes' names joins the one full name it can stand for in the whole graph:
//       alias    - another node of its family was called by this name in some
//                  document ("Labour" in an article about the Labour Party);
//       surname  - a one-word person name that ends exactly one longer person name
//                  ("Blair" -> "Tony Blair");
//       acronym  - an all-capital organisation name whose letters are the initials
//                  of exactly one organisation name ("EC" -> "European Commission").
//     With several candidates it joins one only when that one dominates the
//     documents that disambiguate: among the mentions written with the short
//     name in documents that also gave a full name, at least `dominance` of
//     them (and at least `min_uses`) belong to it (rule "…-dominant"). Otherwise
//     it stays apart: two Browns of equal standing leave "Brown" alone. A short
//     name never joins a full name mentioned less than half as often as itself.
//     Then the same name under types of different families ("Chelsea" a Person
//     in some documents, an Organization in others) is one node when the name has
//     several words, or when one reading holds `same_name_dominance` (half) of
//     its mentions; the reading with most mentions keeps its node (rule
//     "same-name-across-types"; ties go to Organization, then Location, then
//     Person); an all-capital label only meets an all-capital one ("TIM" is not "Tim").
//     A name read three ways with none holding half stays apart.
//
// Every merge is written into the surviving node: "merged_ids" (the ids it
// absorbed, so a later fact or query naming an old id still finds it) and
// "merge_rules" ("<absorbed id> <- <rule>: <why>").
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "kg/core/ontology.hpp"

namespace kg::graph {

class knowledge_graph;

// Type families and specificity, read from the ontology once.
class entity_resolver {
public:
    explicit entity_resolver(const kg::ontology& onto);

    // "Person", "Organization" or "Location" for their subtypes, else the type itself.
    std::string family(const std::string& type) const;
    // True when `a` is a proper subtype of `b` (Company of Organization).
    bool more_specific(const std::string& a, const std::string& b) const;

    double dominance = 0.9;    // share of the disambiguated short uses the winner needs
    std::size_t min_uses = 2;  // and at least this many of them
    // A one-word name under types of different families is one node when one
    // reading holds this share of its mentions (several words: always).
    double same_name_dominance = 0.5;
    // Ties of mentions between readings go to the earlier family here.
    std::vector<std::string> tie_order = {"Organization", "Location", "Person"};

private:
    struct type_info {
        std::string family;
        std::vector<std::string> ancestors;  // itself first
    };
    std::map<std::string, type_info, std::less<>> types_;
};

// One planned merge: node `from` joins node `into`, for `rule` ("surname: ...").
struct planned_merge {
    std::string from;
    std::string into;
    std::string rule;
};

// The short-name merges of step 2 for graph g, in id order of `from`.
std::vector<planned_merge> plan_short_name_merges(const knowledge_graph& g, const entity_resolver& r);

// Step 2 on g: plans and applies the merges. Returns how many nodes were merged.
std::size_t resolve_short_names(knowledge_graph& g, const entity_resolver& r);

// Every merge recorded in g's nodes, one line each: "<into id> <- <absorbed id> <- rule: why", in id order.
std::vector<std::string> explain_merges(const knowledge_graph& g);

}  // namespace kg::graph
