#pragma once
// Private to kg::extract: the predicate lexicon (data/predicates/predicates.json,
// syntax in data/predicates/README.md) and the facts read from a sentence's
// dependency tree with it.
#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "kg/core/fact.hpp"
#include "kg/core/ontology.hpp"

namespace kg::extract {
class lemmatizer;
}

namespace kg::extract::detail {

struct resources;
struct document_state;

// One fact an entry gives: relation from the first filled source slot to the
// first filled target slot ("ACQUIRED:subject|possessor>object|of").
struct predicate_fact_spec {
    std::string relation;
    std::vector<std::string> source;  // slot names, first filled wins
    std::vector<std::string> target;
};

enum class predicate_pos { verb, noun, role };

struct predicate_entry {
    std::string id;                   // "acquire.verb": the rule of the fact's evidence
    predicate_pos pos = predicate_pos::verb;
    std::vector<std::string> lemmas;  // "buy", "take over" (lemma and particle)
    std::vector<predicate_fact_spec> facts;
    std::string action;               // action kind (actions.tsv) or empty
    double confidence = 0.8;
    std::string label;                // edge label, when not the relation's own
    // An argument that is a common noun stands for whose it is: "rejected
    // Falconer's plea", "ridiculed the claims made by Howard", "tear into the
    // Tory plans" (opinions are about people and bodies, not their words).
    bool through_noun = false;
    // A governing word that changes what the fact is: "agreed to buy" is
    // AGREED_TO_BUY, "a bid to buy" BID_FOR. Keyed by lemma, in file order.
    std::vector<std::pair<std::string, std::string>> when;  // governor lemma -> relation
    std::size_t line = 0;
};

// What a governing word does to the facts under it ("said", "plans to",
// "refused to", "denied"), and what a modifier does to a nominal predicate
// ("a rejected bid", "the proposed merger").
enum class context_effect { reported, hedged, speculated, negative };

class predicate_lexicon {
public:
    static constexpr const char* format_name = "kg-predicates";
    static constexpr int format_version = 1;

    // Throws kg::data_error naming the file, the line and the entry id.
    static predicate_lexicon load(const std::string& path, const kg::ontology& onto,
                                  const std::set<std::string>& action_kinds);
    static predicate_lexicon parse(std::string_view text, const std::string& file, const kg::ontology& onto,
                                   const std::set<std::string>& action_kinds);

    const std::vector<predicate_entry>& entries() const noexcept { return entries_; }
    // Entries of this part of speech whose lemma `word` (case-folded) is a
    // form of, with this particle ("" for none).
    std::vector<const predicate_entry*> find(const lemmatizer& lemmas, std::string_view word, std::string_view particle,
                                             predicate_pos pos) const;
    // The effect of a governing word or of a modifier, when it has one.
    const context_effect* governor(const lemmatizer& lemmas, std::string_view word) const;
    const context_effect* modifier(std::string_view word) const;
    bool is_light_verb(const lemmatizer& lemmas, std::string_view word) const;
    bool is_open_excluded(const lemmatizer& lemmas, std::string_view word) const;
    // Prepositions of obliques that make no open relation ("until", "after", "than").
    bool is_open_excluded_preposition(std::string_view word) const;
    // Nouns that say no affiliation when they stand between an organisation
    // and a person ("R&B star Usher", "Commonwealth champion Morgan").
    bool is_affiliation_excluded(std::string_view word) const;

private:
    struct keyed {
        std::string lemma, particle;
        std::size_t entry = 0;
    };
    std::vector<predicate_entry> entries_;
    std::vector<keyed> verbs_, nouns_, roles_;
    std::vector<std::pair<std::string, context_effect>> governors_;
    std::map<std::string, context_effect, std::less<>> modifiers_;
    std::vector<std::string> light_verbs_, open_excluded_;
    std::set<std::string, std::less<>> open_excluded_prepositions_, affiliation_excluded_;
};

// A fact read from the dependency tree of one sentence, before it becomes a
// fact_draft (facts.cpp adds the time, the action node and the merging with
// the token patterns).
struct parsed_fact {
    long source = -1, target = -1;  // clusters
    std::string relation;
    std::string label;
    std::string rule;               // entry id, or "open.verb"
    std::string action;             // action kind to reify, or empty
    kg::polarity polarity = kg::polarity::positive;
    kg::modality modality = kg::modality::asserted;
    long speaker = -1;              // reported facts: who said it
    double confidence = 0.8;
    std::size_t sentence = 0;
    std::size_t predicate = 0;      // the predicate's token
    std::size_t start = 0, end = 0; // tokens the predicate and its arguments span
    bool open = false;              // an untyped RELATED_TO
};

// Facts of every sentence with a parse (not page boilerplate), in sentence
// order. `open_relations`: also the untyped ones between two names.
std::vector<parsed_fact> read_predicates(const resources& r, const document_state& d);

}  // namespace kg::extract::detail
