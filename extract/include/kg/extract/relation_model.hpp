#pragma once
// A supervised relation model trained on CoNLL04 (SpERT format, `kg train
// relations`): an entity tagger for the CoNLL04 entity types (Peop, Org, Loc,
// Other; a two-stage BIO tagger_model trained on the CoNLL04 sentences) and a
// classifier of ordered entity pairs of a sentence into the five CoNLL04
// relations or none. The classifier is an averaged perceptron over hashed
// features of the pair (argument types and words, the words, part of speech,
// verbs and prepositions between them, distance, context words, gazetteer
// classes of the arguments), trained with the same perceptron code as the
// taggers (a pair is a one-token sequence), epochs chosen by the end-to-end
// relation F1 on the dev split; the weights of several classifiers trained
// on other shuffles are averaged.
//
// File: the tagger models' envelope (tagger_model) with magic "KGRELMDL":
// format version, feature version, payload size, payload, FNV-1a 64
// checksum; the payload holds the embedded entity tagger's model file, the
// classifier, the argument-type signatures of each relation and the
// confidence temperature. Loading verifies all of it and throws
// kg::model_error naming the file.
//
// Use from the extraction pipeline (the model is immutable; const members are
// thread-safe):
//
//     auto rm = kg::extract::relation_model::load(data_dir + "/models/relations.model");
//     // text: tokenized and tagged (text.pos filled; without part of speech the
//     //       model sees no POS features and is less accurate);
//     // mentions: the mentions of sentence `s` (others are ignored), typed with
//     //       ontology types (Person, Company, Country...).
//     for (const auto& r : rm.predict(text, s, mentions, &ontology))
//         // mentions[r.head] --r.relation--> mentions[r.tail], e.g. EMPLOYED_BY,
//         // with r.confidence in (0, 1) and r.label the CoNLL04 label ("Work_For").
//         ...
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "kg/extract/evaluation.hpp"
#include "kg/extract/mention.hpp"
#include "kg/extract/sequence_tagger.hpp"
#include "kg/extract/spert.hpp"
#include "kg/extract/taggers.hpp"
#include "kg/extract/text.hpp"

namespace kg {
class ontology;
}

namespace kg::extract {

inline constexpr std::uint32_t relation_model_format_version = 1;

// The ontology relation of a CoNLL04 relation label: Work_For -> EMPLOYED_BY,
// OrgBased_In -> BASED_IN, Located_In -> LOCATED_IN, Live_In -> LIVES_IN,
// Kill -> KILLED; empty for other labels.
std::string_view conll04_relation_to_ontology(std::string_view label) noexcept;
// The CoNLL04 entity type of an ontology entity type: Person -> Peop;
// Organization and its subtypes -> Org; Location and its subtypes -> Loc;
// anything else -> Other. With `onto`, subtypes are found through it; without,
// the ontology's current types are known by name.
std::string conll04_entity_type(std::string_view ontology_type, const kg::ontology* onto = nullptr);

// An entity of one sentence: tokens [first, last) of the sentence.
struct relation_argument {
    std::size_t first = 0;
    std::size_t last = 0;
    std::string type;  // CoNLL04 type: Peop, Org, Loc, Other
};

// A relation found between two arguments (indexes into the arguments given).
struct scored_relation {
    std::size_t head = 0;
    std::size_t tail = 0;
    std::string label;     // CoNLL04 label: "Work_For"
    std::string relation;  // ontology relation: "EMPLOYED_BY"
    double confidence = 0.0;
};

class relation_model {
public:
    // Which relations a pair of argument types can hold: a bit per
    // classifier label index.
    struct signature {
        std::string head_type, tail_type;
        std::uint32_t labels = 0;
    };

    relation_model(tagger_model entities, linear_chain_model classifier, std::vector<signature> signatures,
                   float temperature, float none_bias);

    // Throws kg::model_error naming `path` (unreadable, truncated, corrupt,
    // foreign, other version).
    static relation_model load(const std::string& path);
    static relation_model parse(std::string_view bytes, const std::string& source_name);
    // The model file's bytes (deterministic).
    std::string serialize() const;

    const tagger_model& entity_tagger() const noexcept { return entities_; }
    const linear_chain_model& classifier() const noexcept { return classifier_; }
    // The classifier's labels: the CoNLL04 relation labels and "none".
    const std::vector<std::string>& labels() const noexcept { return classifier_.tags(); }
    const std::vector<signature>& signatures() const noexcept { return signatures_; }
    float temperature() const noexcept { return temperature_; }
    float none_bias() const noexcept { return none_bias_; }

    // The CoNLL04 entities of each sentence (each sentence is tagged on its own).
    std::vector<std::vector<relation_argument>> recognize(
        const std::vector<std::vector<std::string_view>>& sentences) const;

    // The relations among the arguments of one sentence: `words` and their
    // part-of-speech tags (`pos` may be empty). At most one relation per
    // unordered pair (the more confident direction); sorted by head, tail.
    std::vector<scored_relation> classify(const std::vector<std::string_view>& words,
                                          const std::vector<std::string>& pos,
                                          const std::vector<relation_argument>& arguments) const;

    // For the extraction pipeline: the relations among the mentions of
    // sentence `sentence` of `text` (mentions of other sentences are skipped;
    // their types are mapped with conll04_entity_type). head/tail index
    // `mentions`. Uses each token's `norm` form and text.pos when tagged.
    std::vector<scored_relation> predict(const analyzed_text& text, std::size_t sentence,
                                         const std::vector<mention>& mentions,
                                         const kg::ontology* onto = nullptr) const;

    // Scores of every label for one ordered pair (index as labels()), before
    // the signature constraint; for training and tests.
    std::vector<float> scores(const sentence_features& pair) const;

private:
    tagger_model entities_;
    linear_chain_model classifier_;
    std::vector<signature> signatures_;
    float temperature_ = 1.0f;
    float none_bias_ = 0.0f;
    std::size_t none_ = 0;  // index of "none" in labels()
};

// Options of `kg train relations`.
struct relation_train_options {
    int epochs = 30;
    int patience = 8;
    std::uint64_t seed = 1;
    // Classifiers trained on other shuffles (seeds seed, seed + 1, ...) whose weights are averaged.
    int ensemble = 5;
    train_options entities;  // the entity tagger's (epochs, clusters, lexicons, iso-codes)
};

// Trains the entity tagger and the pair classifier on `train`; `dev` selects
// the epochs (entity F1 for the tagger; end-to-end relation F1, on the
// entities the new tagger finds, for the classifier), the confidence
// temperature and the bias of "none". `pos`: the part-of-speech tagger whose
// predictions the pair features use (null: no POS features). Prints progress
// on `log`. Deterministic for a given seed.
relation_model train_relation_model(const std::vector<spert_sentence>& train, const std::vector<spert_sentence>& dev,
                                    const tagger_model* pos, const relation_train_options& options,
                                    std::ostream& log);

// Strict scores of predicted SpERT sentences against gold ones: an entity is
// right when its span and type are; a relation when its type, its direction
// and both argument entities (span and type) are.
class relation_evaluation {
public:
    // Sentences must have the same tokens (same count).
    void add(const spert_sentence& gold, const spert_sentence& predicted);
    const span_counts& entities() const noexcept { return entities_; }
    const std::map<std::string, span_counts>& entities_by_type() const noexcept { return entity_types_; }
    const span_counts& relations() const noexcept { return relations_; }
    const std::map<std::string, span_counts>& relations_by_type() const noexcept { return relation_types_; }
    // Precision, recall and F1 of entities and relations, overall and per type.
    std::string summary() const;

private:
    span_counts entities_, relations_;
    std::map<std::string, span_counts> entity_types_, relation_types_;
};

// Predicts the entities and relations of each sentence's tokens (the gold
// annotations are not looked at): `pos` tags the words when given.
std::vector<spert_sentence> predict_spert(const relation_model& model, const tagger_model* pos,
                                          const std::vector<spert_sentence>& sentences);

}  // namespace kg::extract
