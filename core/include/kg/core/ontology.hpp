#pragma once
// The ontology: entity types and relation types, loaded from a data file
// (data/ontology.json). Immutable after loading; shared read-only.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kg {

struct entity_type_info {
    std::string name;     // "GovernmentAgency"
    std::string display;  // "Government agency"
    std::string parent;   // broader type, may be empty ("Company" -> "Organization")
    std::string color;    // "#rrggbb", fill colour in diagrams
    std::string shape;    // Graphviz shape name
};

struct relation_type_info {
    std::string name;                 // "BLACKLISTED"
    std::string label;                // "blacklisted"
    std::vector<std::string> domain;  // allowed source types (a type allows its subtypes)
    std::vector<std::string> range;   // allowed target types
    bool symmetric = false;           // direction carries no meaning (e.g. MET_WITH)
    std::string inverse_label;        // how to read it backwards ("blacklisted by")
    std::string description;          // what source and target stand for, in a sentence
};

class ontology {
public:
    // Throws kg::data_error naming the file (and line, for JSON syntax errors).
    static ontology load(const std::string& path);
    static ontology parse(std::string_view json, const std::string& source_name);

    const entity_type_info* entity_type(std::string_view name) const noexcept;
    const relation_type_info* relation_type(std::string_view name) const noexcept;
    const std::vector<entity_type_info>& entity_types() const noexcept { return entity_types_; }
    const std::vector<relation_type_info>& relation_types() const noexcept { return relation_types_; }

    // True when `type` is `ancestor` or one of its subtypes.
    bool is_a(std::string_view type, std::string_view ancestor) const noexcept;
    // True when the relation exists and accepts these argument types.
    bool allows(std::string_view relation, std::string_view source_type,
                std::string_view target_type) const noexcept;

private:
    std::vector<entity_type_info> entity_types_;
    std::vector<relation_type_info> relation_types_;
    std::map<std::string, std::size_t, std::less<>> entity_index_;
    std::map<std::string, std::size_t, std::less<>> relation_index_;
};

}  // namespace kg
