#pragma once
// Private to kg::extract: the read-only resources a pipeline shares, and the
// per-document working state its stages fill in turn.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "kg/core/document.hpp"
#include "kg/core/ontology.hpp"
#include "kg/extract/dependency_parser.hpp"
#include "kg/extract/lemmatizer.hpp"
#include "kg/extract/lexicon.hpp"
#include "kg/extract/mention.hpp"
#include "kg/extract/pipeline.hpp"
#include "kg/extract/relation_model.hpp"
#include "kg/extract/relation_patterns.hpp"
#include "predicates.hpp"
#include "kg/extract/stages.hpp"
#include "kg/extract/taggers.hpp"
#include "kg/extract/text.hpp"
#include "kg/extract/tokenizer.hpp"

namespace kg::extract::detail {

struct action_kind {
    std::string kind;
    std::string label_template;  // "blacklisting of {object}"
    std::vector<std::string> nouns;
    std::string agent_relation;  // subject -> action: IMPOSED, FILED, ...
};

struct resources {
    kg::ontology onto;
    extract::tokenizer tok;
    entity_lexicon entities;
    phrase_table titles;        // title word -> kind
    phrase_table roles;         // role phrase -> relation
    phrase_table descriptors;   // head phrase -> "Type" or "Type\ttitle"
    phrase_table action_nouns;  // noun -> first action kind that lists it
    phrase_table pronouns;      // pronoun -> type
    phrase_table modality_cues; // cue -> modality
    phrase_table negations;
    phrase_table quote_types;   // cue -> type
    phrase_table org_keywords;  // word -> type (case-sensitive: keys are not folded)
    phrase_table months;
    phrase_table currencies;
    phrase_table relative_dates; // "last year" -> "year\t-1"
    phrase_table name_stopwords; // folded word -> function, weekday, signoff or headline (never a name / its edge)
    std::vector<std::string> boilerplate_prefixes;  // folded: from such a line on, page furniture
    std::vector<std::string> boilerplate_lines;     // folded: a short line starting so is furniture (bylines, share prompts)
    lemmatizer lemmas;          // irregular verb forms for pattern words
    std::vector<action_kind> actions;
    std::map<std::string, std::size_t> action_index;
    std::optional<relation_patterns> patterns;
    std::optional<taggers> models;  // absent when the models are not installed or not wanted
    std::optional<relation_model> relations;  // CoNLL04 relation model, when installed and wanted
    // The dependency parser and the part-of-speech model it was trained with
    // (models/parser.model, models/parser_pos.model), when installed and models are used.
    std::optional<dependency_parser> parser;
    std::optional<tagger_model> parser_pos;
    bool related_to = false;        // untyped verb relations as RELATED_TO (token heuristic, sentences without a parse)
    std::optional<predicate_lexicon> predicates;  // data/predicates/predicates.json
    bool open_relations = true;     // untyped predicates of the parse between two names as RELATED_TO
    pipeline_manifest stages;       // the stages run, in order (data/pipeline.json less the deselected)

    const action_kind* action(const std::string& kind) const {
        auto it = action_index.find(kind);
        return it == action_index.end() ? nullptr : &actions[it->second];
    }
    std::vector<std::pair<std::string, double>> load_times;  // CPU seconds of each part of loading
};

// A resolved entity of one document: names, descriptions and pronouns that
// refer to it, or an action the text speaks of.
struct cluster {
    std::string type;
    bool type_is_guess = false;
    std::string canonical;  // lexicon name, if any
    std::vector<std::size_t> mentions;
    std::map<std::string, std::vector<std::string>> attributes;
    // Actions only.
    bool is_action = false;
    std::string action_kind;
    std::vector<long> action_targets;  // clusters the action is aimed at
    std::string label;  // filled at output time for named clusters
};

struct document_state {
    const kg::document* doc = nullptr;
    analyzed_text text;
    std::vector<std::string> folded;       // per token: case-folded norm
    std::vector<std::string> norms;        // per token: norm
    std::vector<bool> skip;                // per sentence: page boilerplate, not read for facts
    std::vector<mention> mentions;         // sorted by first token, longest first
    std::vector<cluster> clusters;
    kg::diagnostics diagnostics;
};

// Stage 1: boilerplate detection (marks document_state::skip).
void mark_boilerplate(const resources& r, document_state& d);
// Stage 2: names, descriptions, pronouns and values.
void recognize_mentions(const resources& r, document_state& d);
// Stage 3: clusters of names, then descriptions and pronouns resolved to them.
void resolve_coreference(const resources& r, document_state& d);
// Stage 4: relation patterns -> facts (creates action clusters as needed).
struct fact_draft {
    std::size_t source = 0, target = 0;  // cluster indices
    std::string relation;
    std::string label;
    kg::polarity polarity = kg::polarity::positive;
    kg::modality modality = kg::modality::asserted;
    std::string time;
    double confidence = 0.8;
    std::size_t sentence = 0;
    std::string rule;
    long speaker = -1;  // reported facts: the cluster of who said it
    bool from_parse = false;  // read from the dependency tree (predicates.cpp)
};
// Stage 4 reads the parse first (predicates.cpp): its facts come in as `parsed`.
std::vector<fact_draft> extract_facts(const resources& r, document_state& d, const std::vector<parsed_fact>& parsed);

// The non-empty parts of "A|B|C" (the lists in the lexicon files).
inline std::vector<std::string> split_bar(const std::string& s) {
    std::vector<std::string> out;
    for (std::size_t start = 0; start <= s.size();) {
        auto bar = s.find('|', start);
        auto part = s.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
        if (!part.empty()) out.push_back(part);
        if (bar == std::string::npos) break;
        start = bar + 1;
    }
    return out;
}

// Helpers shared by the stages.
bool is_capitalized(const std::string& token);
std::string mention_text(const document_state& d, std::size_t first, std::size_t last);

}  // namespace kg::extract::detail
