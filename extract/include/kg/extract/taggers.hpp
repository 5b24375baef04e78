#pragma once
// The statistical taggers: part of speech (Penn Treebank), chunks (BIO) and
// named entities (BIO over PER, ORG, LOC, MISC), loaded from model files
// (data/models/{pos,chunk,ner}.model) and trained by `kg train`.
//
// A model file is: magic "KGTAGGER", format version, tagger kind, feature
// version, payload size, payload, FNV-1a 64 checksum of all preceding bytes.
// The payload holds the tags, transition weights and 16-bit quantized sparse
// feature weights of the sequence model, the gazetteer and word clusters, the
// optional second-stage entity model, the vocabulary of frequent words, the
// part-of-speech tag dictionary and English lexicon. Loading verifies all of it and throws
// kg::model_error naming the file and what is wrong.
//
// The entity tagger works in two stages over a whole document: the second
// sees the first stage's tags around each token and the types the first stage
// gave the same word elsewhere in the document.
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kg/extract/conll.hpp"
#include "kg/extract/sequence_tagger.hpp"
#include "kg/extract/text.hpp"

namespace kg::extract {

namespace detail {
struct ner_resources;
struct doc_analysis;
struct wordnet_cache;
}

enum class tagger_kind : std::uint32_t { pos = 1, chunk = 2, ner = 3 };
const char* to_string(tagger_kind k) noexcept;

inline constexpr std::uint32_t model_format_version = 2;

// One trained tagger. Immutable; const members are thread-safe.
class tagger_model {
public:
    // `second`, when given, is a second-stage entity model that sees the
    // first stage's predictions over the whole document (same tags).
    // `vocabulary`: frequent words whose word-only feature scores are
    // precomputed at construction (a speed-up; results are the same).
    tagger_model(tagger_kind kind, linear_chain_model chain, std::shared_ptr<const detail::ner_resources> resources,
                 std::optional<linear_chain_model> second = std::nullopt, std::vector<std::string> vocabulary = {});

    // Throws kg::model_error naming `path` (unreadable, truncated, corrupt,
    // foreign, other version).
    static tagger_model load(const std::string& path);
    static tagger_model parse(std::string_view bytes, const std::string& source_name);
    // The model file's bytes (deterministic).
    std::string serialize() const;

    // The same model without the precomputed scores of its frequent words:
    // it must tag exactly alike, only more slowly (a check of the word cache).
    tagger_model without_word_cache() const;

    tagger_kind kind() const noexcept { return kind_; }
    const linear_chain_model& chain() const noexcept { return chain_; }
    const detail::ner_resources& resources() const noexcept { return *resources_; }

    // Tags every sentence of one document. `pos` (predicted part-of-speech
    // tags per sentence) is needed by the chunker and ignored by the others.
    // Entity tags come out in BIO. `analysis`: the document's analysis the
    // taggers share (internal; computed here when null).
    std::vector<std::vector<std::string>> tag_document(const std::vector<std::vector<std::string_view>>& sentences,
                                                       const std::vector<std::vector<std::string>>* pos = nullptr,
                                                       detail::doc_analysis* analysis = nullptr) const;

private:
    tagger_kind kind_;
    linear_chain_model chain_;
    std::shared_ptr<const detail::ner_resources> resources_;
    std::optional<linear_chain_model> second_;
    // Both stages' feature weights in one table (tags of the second stage
    // shifted by the tag count), so each feature is looked up once.
    std::optional<linear_chain_model> merged_;
    std::vector<std::string> vocabulary_;
    // Part of speech: the English lexicon's classes of the vocabulary words.
    std::shared_ptr<const detail::wordnet_cache> wordnet_cache_;
};

// Options of `kg train`.
struct train_options {
    int epochs = 15;
    std::uint64_t seed = 1;
    int patience = 4;            // stop after this many epochs without a better dev score
    float prune_below = 0.0f;    // drop averaged weights smaller than this
    int min_count = 1;           // ignore features seen fewer times in training
    std::string iso_codes_dir = "/usr/share/iso-codes/json";  // country names for the entity gazetteer; "" for none
    std::string clusters_file;   // word clusters ("" for none)
    std::vector<std::string> lexicons;  // entity lexicons (name TAB type TAB aliases) for the gazetteer
    bool two_stage = true;       // entity model: add a second stage over document-wide predictions
    std::size_t vocabulary_size = 8000;  // frequent words whose scores are precomputed at load
    std::size_t tag_dictionary_min_count = 5;  // pos: words seen this often keep their training tags (0: off)
    std::string wordnet_dir;     // pos: WordNet files (Debian's /usr/share/wordnet) for an English lexicon ("" for none)
    int runs = 1;                // the model averages the weights of this many training runs (seeds seed, seed + 1, ...)
};

// Trains a tagger on CoNLL files: word in column 0; gold tags in column 1
// (pos), column 2 (chunk) or column 3 (ner; the last column of shorter files). The chunker is trained and
// scored on the part-of-speech tags `pos_model` predicts (gold tags when null).
// Prints per-epoch dev scores on `log`. Deterministic for a given seed.
tagger_model train_tagger(tagger_kind kind, const conll_corpus& train, const conll_corpus& dev,
                          const train_options& options, const tagger_model* pos_model, std::ostream& log);

// The three taggers together.
class taggers {
public:
    // Loads pos.model, chunk.model and ner.model from `models_dir`; throws
    // kg::model_error naming the missing or broken file.
    static taggers load(const std::string& models_dir);
    // Loads the three models from the files given (what the stage manifest lists).
    static taggers load(const std::string& pos_path, const std::string& chunk_path, const std::string& ner_path);
    taggers(tagger_model pos, tagger_model chunk, tagger_model ner);

    // Fills text.pos, text.chunk and text.ner for every token, tagging each
    // sentence's token.norm forms (tokens outside every sentence get pos "NN", chunk and ner "O").
    void tag(analyzed_text& text) const;

    struct document_tags {
        std::vector<std::vector<std::string>> pos, chunk, ner;  // per sentence, per token
    };
    // Tags a document given as sentences of words (what `kg eval` uses).
    document_tags tag_document(const std::vector<std::vector<std::string_view>>& sentences) const;

    const tagger_model& pos() const noexcept { return pos_; }
    const tagger_model& chunk() const noexcept { return chunk_; }
    const tagger_model& ner() const noexcept { return ner_; }

private:
    tagger_model pos_, chunk_, ner_;
};

// A named entity found by the entity tagger: tokens [first_token, last_token)
// of analyzed_text::tokens, inside sentence `sentence`.
struct entity_span {
    std::size_t sentence = 0;
    std::size_t first_token = 0;
    std::size_t last_token = 0;
    std::string type;  // PER, ORG, LOC, MISC
};

// The entities of every sentence from text.ner (empty when not tagged).
std::vector<entity_span> entity_spans(const analyzed_text& text);

}  // namespace kg::extract
