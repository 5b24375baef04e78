#pragma once
// Entity lookup for the query commands: which node does the user mean by "X"?
//
// Tiers, first match wins:
//  1. id: a node id, as written or after kg's id normalization of its type and
//     name ("Company:Xiaomi Corp" -> "company:xiaomi-corp");
//  2. exact: a label or an alias equal to the query, byte for byte (label
//     matches before alias matches);
//  3. normalized: a label or alias equal to the query after kg::normalize_name
//     (case, Unicode compatibility forms and punctuation do not matter);
//  4. words: the query is a run of whole words of a label or alias
//     ("Contreras" finds "Rudolph Contreras").
// A tier with several nodes is ambiguous. When no tier matches, suggestions
// are ranked by similarity of names (edit distance of the normalized names,
// whole-word and prefix overlap), then by degree, then by id.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "kg/graph/knowledge_graph.hpp"

namespace kg::graph {

enum class match_kind { none, id, exact, normalized, words };

struct entity_lookup {
    match_kind kind = match_kind::none;
    std::vector<std::string> ids;          // matches of the first tier that matched, in id order
    std::vector<std::string> suggestions;  // when nothing matched: "did you mean" ids, best first
};

entity_lookup lookup_entity(const knowledge_graph& g, std::string_view query, std::size_t max_suggestions = 5);

// The one node `query` names. Throws kg::query_error when nothing matches
// ("no entity matches \"X\"; did you mean: ...") or when several nodes match
// ("\"X\" is ambiguous: it matches ...; give an id").
std::string resolve_entity(const knowledge_graph& g, std::string_view query);

// "Label (Type, id)" for messages.
std::string describe_entity(const knowledge_graph& g, std::string_view id);

}  // namespace kg::graph
