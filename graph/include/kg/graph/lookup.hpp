#pragma once
// Entity lookup for the query commands: which node does the user mean by "X"?
//
// Tiers, first match wins:
//  1. id: a node id, as written or after kg's id normalization of its type and
//     name ("Company:Xiaomi Corp" -> "company:xiaomi-corp");
//  2. exact: a label or an alias equal to the query, byte for byte;
//  3. normalized: a label or alias equal to the query after kg::normalize_name
//     (case, Unicode compatibility forms and punctuation do not matter);
//  4. words: the query is a run of whole words of a label or alias
//     ("Contreras" finds "Rudolph Contreras").
// A tier may hold several nodes: resolve_entity then picks the most plausible.
// When no tier matches, suggestions are ranked by similarity of names (edit
// distance of the normalized names, whole-word and prefix overlap), then by
// degree, then by id.
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

// The one node `query` names. When several match, the one the name most
// plausibly means: with facts before without, the label being the name (or a
// full name ending with it) before an alias, then degree, then mentions; `note`
// (when given) then says which was picked and lists the others. An id that a
// merge absorbed names the node that absorbed it. Throws kg::query_error when
// nothing matches ("no entity matches \"X\"; did you mean: ...") or when the
// best two are equal on all of these ("\"X\" is ambiguous: ...; give an id").
std::string resolve_entity(const knowledge_graph& g, std::string_view query, std::string* note = nullptr);

// "Label (Type, id)" for messages.
std::string describe_entity(const knowledge_graph& g, std::string_view id);

}  // namespace kg::graph
