#pragma once
// Entities: the nodes of the knowledge graph.
#include <map>
#include <string>
#include <vector>

#include "kg/core/span.hpp"

namespace kg {

// Where an entity is mentioned. Offsets are Unicode code points into the
// document text (what Python's str indexing uses), end exclusive.
struct mention {
    std::string document;
    span chars;
    std::string text;
    friend auto operator<=>(const mention&, const mention&) = default;
};

struct entity {
    std::string id;     // stable: "<type>:<normalized name>", see make_entity_id
    std::string type;   // an entity type of the ontology (Person, Company, ...)
    std::string label;  // display name
    std::vector<std::string> aliases;                           // other names, sorted, unique
    std::map<std::string, std::vector<std::string>> attributes;  // e.g. "title": ["US District Judge"]
    std::vector<mention> mentions;                               // sorted
};

}  // namespace kg
