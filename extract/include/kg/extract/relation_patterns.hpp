#pragma once
// Relation patterns: the rules of data/patterns/relations.json (syntax in
// data/patterns/README.md), parsed and validated against the ontology.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "kg/core/fact.hpp"
#include "kg/core/ontology.hpp"

namespace kg::extract {

struct pattern_element {
    enum class kind { slot, words, gap, role };
    kind what = kind::words;
    char slot = 0;                    // 'S', 'O' or 'X' for slots
    std::vector<std::string> types;   // slot: accepted entity types
    std::vector<std::string> excluded;  // slot: subtypes not accepted ("Location!Country")
    bool coordinated = false;         // slot: "O:Type+" takes "A, B and C"
    std::vector<std::string> words;   // words: case-folded alternatives; a lemma also matches its
                                      // inflections unless written "=form"
    bool optional = false;            // words: may be absent
    bool negated = false;             // words: "!of" - the next token is none of these (matches no token)
    std::size_t max_gap = 0;          // gap: up to this many tokens
};

struct extra_fact {
    std::string relation;
    char source = 0;  // 'S', 'O' or 'X'
    char target = 0;
};

struct relation_rule {
    std::string id;
    std::string relation;  // relation type, or "ROLE"
    std::vector<pattern_element> elements;
    std::string action;             // action kind to reify, or empty
    bool object_salient = false;    // the object is the most recent action...
    bool object_agent = false;      // ...or, "salient-agent", the party that took it (a lawsuit is against them)
    std::vector<std::string> suppresses;  // relations this rule's (S, O) overrides in the sentence
    std::vector<extra_fact> also;
    double confidence = 0.8;
    std::optional<kg::modality> fixed_modality;
    std::string label;              // edge label override, or empty
    std::string file;
    std::size_t line = 0;
};

class relation_patterns {
public:
    static constexpr const char* format_name = "kg-relation-patterns";
    static constexpr int format_version = 1;

    // Throws kg::data_error naming the file, line and rule id of the first bad rule.
    static relation_patterns load(const std::string& path, const ontology& onto,
                                  const std::set<std::string>& action_kinds);
    static relation_patterns parse(std::string_view text, const std::string& file, const ontology& onto,
                                   const std::set<std::string>& action_kinds);
    const std::vector<relation_rule>& rules() const noexcept { return rules_; }
    // The rule with this id, or null.
    const relation_rule* find(std::string_view id) const noexcept;

private:
    std::vector<relation_rule> rules_;
    std::map<std::string, std::size_t, std::less<>> index_;  // rule id -> position in rules_
};

}  // namespace kg::extract
