#pragma once
// Facts: the typed, evidenced edges of the knowledge graph.
#include <optional>
#include <string>
#include <vector>

#include "kg/core/span.hpp"

namespace kg {

enum class polarity { positive, negative };
enum class modality { asserted, hedged, reported, speculated };

const char* to_string(polarity p) noexcept;
const char* to_string(modality m) noexcept;
std::optional<polarity> parse_polarity(const std::string& s) noexcept;
std::optional<modality> parse_modality(const std::string& s) noexcept;
// The more certain of two readings of one fact: asserted, then reported,
// hedged, speculated. Merged facts keep the most certain reading.
modality more_certain(modality a, modality b) noexcept;

// One sentence that supports a fact.
struct evidence {
    std::string document;  // document id
    std::string sentence;  // the sentence text
    span chars;            // the sentence's code-point span in the document
    std::string rule;      // id of the rule or model that produced the fact
    std::string attributed_to;  // reported facts: entity id of who said it ("according to X", "X said"), else empty
    friend auto operator<=>(const evidence&, const evidence&) = default;
};

struct fact {
    std::string id;      // stable: derived from source, type, target and polarity (kg::make_fact_id), not modality
    std::string source;  // entity id
    std::string target;  // entity id
    std::string type;    // UPPER_SNAKE relation type of the ontology
    std::string label;   // display label ("blacklisted")
    kg::polarity polarity = kg::polarity::positive;
    kg::modality modality = kg::modality::asserted;
    std::string time;    // when stated ("2019"), else empty
    double confidence = 1.0;
    std::vector<kg::evidence> evidence;
};

}  // namespace kg
