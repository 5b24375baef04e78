#pragma once
// The stages of the extraction pipeline and the manifest that lists them.
//
// Each stage declares the layers of the analyzed document it needs
// (`requires`), the ones it reads when present (`uses`) and the ones it adds
// (`assigns`), as spaCy's components do. The pipeline runs the stages named in
// <data>/pipeline.json in order; loading checks that every stage's required
// layers are assigned by an earlier stage and that every model file the
// manifest names for a stage exists, and names the stage when they are not.
// Options such as --no-models deselect stages instead of branching inside
// them: a stage left without a required layer by that choice is left out too.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kg::extract {

// A layer of the analyzed document that a stage reads or writes.
enum class layer : std::uint8_t {
    tokens,       // tokens and sentences (the tokenizer)
    pos,          // part-of-speech tags
    chunks,       // chunk tags
    entities,     // named-entity tags
    parse,        // dependency tree (head, deprel)
    boilerplate,  // sentences that are page furniture
    mentions,     // names, descriptions, pronouns, values
    clusters,     // mentions resolved to entities
    facts,        // fact drafts
};
const char* to_string(layer l) noexcept;

// The stages the code provides.
enum class stage_id : std::uint8_t {
    tokenize,
    tag,
    parse,
    boilerplate,
    mentions,
    coreference,
    predicates,
    patterns,
    relation_model,
};
const char* to_string(stage_id s) noexcept;
std::optional<stage_id> parse_stage_id(std::string_view name) noexcept;

// What a stage needs, reads when present, and adds.
struct stage_contract {
    stage_id id;
    std::vector<layer> requires_layers;
    std::vector<layer> uses_layers;
    std::vector<layer> assigns_layers;
    bool needs_models;  // a statistical stage: deselected by --no-models
    // What each of the stage's model files is, in the order the manifest must
    // list them (empty for a stage without models).
    std::vector<const char*> model_roles = {};
};
const stage_contract& contract_of(stage_id s) noexcept;

// One stage as the manifest lists it: its name and its model files, relative
// to the data directory.
struct stage_entry {
    stage_id id;
    std::vector<std::string> models;
    std::size_t line = 0;  // line of the entry in the manifest
};

struct pipeline_manifest {
    std::string path;  // where it was read from (for messages)
    std::vector<stage_entry> stages;

    // Reads and checks <path> (format "kg-pipeline", version 1). Throws
    // kg::data_error naming the file, the line and the stage at fault: unknown
    // or repeated stage, a required layer no earlier stage assigns.
    static pipeline_manifest load(const std::string& path);
    static pipeline_manifest parse(std::string_view json, const std::string& path);

    bool has(stage_id s) const noexcept;

    // The manifest without the stages `drop` names, and without the stages
    // that lose a required layer because of it (transitively).
    pipeline_manifest without(const std::vector<stage_id>& drop) const;
};

// Throws kg::data_error when a stage's required layer is not assigned by an
// earlier stage of `m` (naming the stage, the layer and the manifest).
void check_contracts(const pipeline_manifest& m);

}  // namespace kg::extract
