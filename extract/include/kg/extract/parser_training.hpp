#pragma once
// Training of the dependency parser (kept apart from the runtime parser: it
// belongs with the corpus readers and evaluation). Averaged perceptron with
// the dynamic oracle of Goldberg & Nivre (2012): after the first epoch the
// trainer follows its own (wrong) moves with probability `explore`, and
// learns the best move from every state it reaches. Deterministic for a seed.
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "kg/extract/conllu.hpp"
#include "kg/extract/dependency_parser.hpp"

namespace kg::extract {

// A sentence for training or evaluation: words, their (predicted) tags and
// the gold tree (head -1 for the root, relations with subtypes).
struct parser_example {
    std::vector<std::string> words, tags;
    std::vector<std::int32_t> head;
    std::vector<std::string> deprel;
};

struct parser_train_options {
    int epochs = 15;
    int patience = 4;         // stop after this many epochs without a better dev LAS
    std::uint64_t seed = 1;   // shuffling and exploration
    double explore = 0.9;     // probability of following a wrong predicted move (from the second epoch on)
    float prune_below = 0.0f; // drop averaged weights smaller than this
    word_clusters clusters;   // word classes for the features (carried by the model)
    std::size_t max_weights = 0;  // keep only this many weights of the selected model, the largest (0: all)
};

struct parser_train_report {
    std::size_t sentences = 0, nonprojective = 0;  // training sentences read; non-projective ones left out
    std::size_t words = 0, nonprojective_words = 0;
    int best_epoch = 0;
    double dev_uas = 0, dev_las = 0;
};

// Trains on `train` (non-projective trees are left out), selecting the epoch
// by LAS on `dev`; prints per-epoch figures on `log`.
dependency_parser train_parser(const std::vector<parser_example>& train, const std::vector<parser_example>& dev,
                               const parser_train_options& options, std::ostream& log, parser_train_report* report = nullptr);

// The model with only its `max_weights` largest weights (by magnitude; ties
// broken by feature key and move), on the same quantization scale: the same
// scores wherever the dropped weights were zero. Deterministic.
dependency_parser prune_parser(const dependency_parser& model, std::size_t max_weights);

// Parses every example (its words and tags) and scores it against its tree.
attachment_scores evaluate_parser(const dependency_parser& parser, const std::vector<parser_example>& examples,
                                  std::vector<std::vector<std::int32_t>>* heads = nullptr,
                                  std::vector<std::vector<std::string>>* deprels = nullptr);

}  // namespace kg::extract

#include "kg/extract/conll.hpp"
#include "kg/extract/taggers.hpp"

namespace kg::extract {

// The sentences of a treebank as examples, tagged by `pos` (a part-of-speech
// tagger; null: the gold XPOS column). Sentences are tagged in groups of
// `# newdoc` documents.
std::vector<parser_example> parser_examples(const conllu_corpus& corpus, const tagger_model* pos);

// Jackknifed tags for training (so that the parser learns from tags as
// wrong as at parse time): splits `corpus` into `folds` contiguous parts,
// trains a part-of-speech tagger on the other parts with `options` (model
// selection on `dev`), and tags each part with it. `examples` are
// parser_examples(corpus, ...); their tags are replaced. Deterministic.
void jackknife_tags(const conllu_corpus& corpus, const conllu_corpus& dev, std::size_t folds,
                    const train_options& options, std::vector<parser_example>& examples, std::ostream& log);

// A treebank as a two-column CoNLL corpus (FORM, XPOS) for training or
// scoring the part-of-speech tagger; `# newdoc` comments start documents.
conll_corpus conllu_as_conll(const conllu_corpus& corpus);

}  // namespace kg::extract
