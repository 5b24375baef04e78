#pragma once
// The extraction pipeline: document -> sentences/tokens -> mentions ->
// resolved entities -> facts with evidence. Loaded once from the data
// directory (ontology, lexicons, patterns, models); immutable and shareable
// afterwards: run() is const and may be called from several threads.
#include <array>
#include <memory>
#include <string>
#include <vector>

#include "kg/core/diagnostic.hpp"
#include "kg/core/document.hpp"
#include "kg/core/entity.hpp"
#include "kg/core/fact.hpp"
#include "kg/core/ontology.hpp"
#include "kg/extract/stages.hpp"
#include "kg/extract/text.hpp"

namespace kg::extract {

namespace detail {
struct resources;
}

// What one document yields. Entities and facts are sorted by id; facts only
// reference entities of the same extraction.
// CPU seconds (of the thread that ran it) each stage took on one document,
// indexed by stage_id, and assembling the entities and facts afterwards:
// kg build --profile adds them up.
struct stage_times {
    std::array<double, 9> stages{};
    double output = 0;
};

struct extraction {
    std::vector<kg::entity> entities;
    std::vector<kg::fact> facts;
    kg::diagnostics diagnostics;
    stage_times times;
};

struct pipeline_options {
    // Use the statistical taggers in <data>/models when they are present.
    // Without them names are found by lexicons and word shape only.
    bool use_models = true;
    // Also use the supervised relation model (<data>/models/relations.model,
    // trained on CoNLL04) where the patterns found nothing; needs use_models.
    bool use_relation_model = true;
    // Keep a verb between two entities that no pattern types as RELATED_TO,
    // labelled with the verb phrase (kg build --related): a token heuristic
    // for sentences without a dependency parse.
    bool related_to = false;
    // A predicate of the dependency parse that joins two names and that the
    // predicate lexicon does not type becomes RELATED_TO, labelled with the
    // predicate ("condemned", "met with"); kg build --typed-only turns it off.
    bool open_relations = true;
};

class pipeline {
public:
    // Loads <data_dir>/pipeline.json (the stages, checked), ontology.json,
    // lexicons/*.tsv, patterns/relations.json and the model files of the
    // stages the options select. Throws kg::data_error / kg::model_error naming
    // the file (a selected stage's missing model file included).
    static pipeline load(const std::string& data_dir, pipeline_options options = {});

    extraction run(const kg::document& doc) const;
    // The stages after tokenizing, tagging and parsing, on a text analyzed
    // elsewhere: tokens, sentences, tags and dependency tree as given (tests
    // feed gold trees this way). `text.text` is the text the offsets index.
    extraction run(const kg::document& doc, analyzed_text text) const;

    const kg::ontology& ontology() const noexcept;
    // True when the statistical taggers are loaded.
    bool has_models() const noexcept;
    // The stages this pipeline runs, in order.
    const pipeline_manifest& stages() const noexcept;
    // CPU seconds each part of load() took (ontology, lexicons, each model...), in order.
    const std::vector<std::pair<std::string, double>>& load_times() const noexcept;

private:
    explicit pipeline(std::shared_ptr<const detail::resources> r) : resources_(std::move(r)) {}
    extraction run_stages(const kg::document& doc, analyzed_text* given) const;
    std::shared_ptr<const detail::resources> resources_;
};

}  // namespace kg::extract
