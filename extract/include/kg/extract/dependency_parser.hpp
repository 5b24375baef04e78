#pragma once
// A transition-based dependency parser: the arc-eager system (Nivre 2003)
// with greedy decoding and an averaged-perceptron model over the rich
// non-local features of Zhang & Nivre (2011): distance, valency, second- and
// third-order heads and dependents, label sets. It predicts Universal
// Dependencies heads and relations (with subtypes) from words and Penn
// Treebank part-of-speech tags, in time linear in the sentence (at most 2n
// transitions, each scoring a fixed number of features).
//
// A model file is: magic "KGPARSER", format version, kind 1, feature version,
// payload size, payload (relation labels, the weight scale, 16-bit quantized
// sparse weights per hashed feature), FNV-1a 64 checksum. Loading verifies
// all of it and throws kg::model_error naming the file.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kg::extract {

// The arc-eager transition system over positions 0 (the artificial root) and
// 1..n (the words). Moves: shift, reduce, left-arc and right-arc with a
// relation label. The root takes exactly one dependent (the "root" relation).
namespace arc_eager {

enum class move_kind : std::uint8_t { shift = 0, reduce = 1, left = 2, right = 3 };

// A move with its label: 0 shift, 1 reduce, 2 + 2l left-arc l, 3 + 2l right-arc l.
inline constexpr std::uint32_t shift_move = 0;
inline constexpr std::uint32_t reduce_move = 1;
inline constexpr std::uint32_t left_move(std::uint32_t label) { return 2 + 2 * label; }
inline constexpr std::uint32_t right_move(std::uint32_t label) { return 3 + 2 * label; }
inline constexpr move_kind kind_of(std::uint32_t move) {
    return move < 2 ? static_cast<move_kind>(move) : (move % 2 == 0 ? move_kind::left : move_kind::right);
}
inline constexpr std::uint32_t label_of(std::uint32_t move) { return (move - 2) / 2; }
inline constexpr std::uint32_t move_count(std::uint32_t labels) { return 2 + 2 * labels; }

struct state {
    std::int32_t n = 0;                 // words
    std::vector<std::int32_t> stack;    // positions; stack[0] is the root (0)
    std::int32_t front = 1;             // first position of the buffer (n + 1: empty)
    std::vector<std::int32_t> head;     // per position, -1: none yet
    std::vector<std::int32_t> label;    // per position, -1: none yet
    // Per position: the two leftmost and two rightmost dependents (0: none,
    // a dependent is never at 0), the numbers of left and right dependents,
    // and the sets of their labels (bit l % 64).
    std::vector<std::int32_t> left1, left2, right1, right2;
    std::vector<std::uint16_t> left_count, right_count;
    std::vector<std::uint64_t> left_labels, right_labels;
    bool root_taken = false;

    void reset(std::int32_t words);
    bool terminal() const noexcept { return front > n; }
    std::int32_t top() const noexcept { return stack.back(); }
    bool legal(std::uint32_t move, std::uint32_t root_label) const noexcept;
    void apply(std::uint32_t move);
    // After the last move: attaches the words left without a head (to the
    // root's dependent, with `fallback_label`; the first becomes the root's
    // dependent when it has none).
    void finish(std::uint32_t root_label, std::uint32_t fallback_label);
};

// The dynamic oracle's cost of a move (Goldberg & Nivre 2012, 2013): how
// many arcs of the gold tree (gold_head per position, 0 the root; gold_label)
// become unreachable by it; a wrong label on a correct arc costs 1.
std::uint32_t cost(const state& s, std::uint32_t move, const std::vector<std::int32_t>& gold_head,
                   const std::vector<std::int32_t>& gold_label);

// The costs of every move (one per move of `labels` labels), as cost() finds
// them, in one pass; illegal moves get UINT32_MAX.
void costs(const state& s, std::uint32_t root_label, const std::vector<std::int32_t>& gold_head,
           const std::vector<std::int32_t>& gold_label, std::vector<std::uint32_t>& out);

// The static oracle's move for a projective gold tree.
std::uint32_t static_oracle(const state& s, const std::vector<std::int32_t>& gold_head,
                            const std::vector<std::int32_t>& gold_label);

}  // namespace arc_eager

inline constexpr std::uint32_t parser_format_version = 1;

// Word clusters (from data/models/clusters.tsv): per word form, its classes
// at two granularities; a word not found is looked up lower-cased.
struct word_clusters {
    struct entry {
        std::uint64_t key;  // FNV-1a 64 of the word
        std::uint16_t coarse, fine;
    };
    std::vector<entry> entries;  // sorted by key
    // Reads "word<TAB>id<TAB>id<TAB>id" lines, keeping the second and third ids.
    static word_clusters read(const std::string& path);
    // 0 when unknown.
    std::uint32_t find(std::string_view word) const noexcept;  // coarse | fine << 16
    void index();
    std::vector<std::uint64_t> table_keys_;
    std::vector<std::uint32_t> table_values_;
    std::uint64_t mask_ = 0;
};

// The hashed features of a parser state (the same for training and parsing).
struct parser_sentence {
    std::vector<std::uint64_t> word;  // per position 0..n: hash of the lower-cased word
    std::vector<std::uint64_t> tag;   // per position: hash of the part-of-speech tag
    std::vector<std::uint64_t> shape; // per position: hash of the word's suffix
    std::vector<std::uint64_t> coarse, fine;  // per position: its word clusters (0: none)
    void assign(const std::vector<std::string_view>& words, const std::vector<std::string_view>& tags,
                const word_clusters* clusters);
};
void parser_features(const arc_eager::state& s, const parser_sentence& sent, std::vector<std::uint64_t>& keys);

class dependency_parser {
public:
    // One stored feature: its key and its non-zero weights (move, weight).
    struct feature_row {
        std::uint64_t key = 0;
        std::vector<std::pair<std::uint16_t, float>> weights;
    };

    dependency_parser() = default;
    // `labels` are the relations ("nsubj", "acl:relcl", ...; must include
    // "root"). Weights are quantized to 16 bits with step `scale` (0: the
    // largest weight over 32767).
    dependency_parser(std::vector<std::string> labels, std::vector<feature_row> rows, float scale = 0.0f,
                      word_clusters clusters = {});

    static dependency_parser load(const std::string& path);
    static dependency_parser parse_model(std::string_view bytes, const std::string& source_name);
    std::string serialize() const;

    const std::vector<std::string>& labels() const noexcept { return labels_; }
    const word_clusters& clusters() const noexcept { return clusters_; }
    std::size_t feature_count() const noexcept { return keys_count_; }
    std::size_t weight_count() const noexcept { return entries_.size(); }
    std::uint32_t root_label() const noexcept { return root_label_; }
    float scale() const noexcept { return scale_; }
    std::uint32_t fallback_label() const noexcept { return fallback_label_; }
    // The stored rows, sorted by key.
    std::vector<feature_row> rows() const;

    // Adds the weights of `keys` to scores (one per move).
    void score(const std::vector<std::uint64_t>& keys, std::int32_t* scores) const noexcept;

    // Scratch memory reused from one sentence to the next (one per thread).
    struct workspace {
        arc_eager::state state;
        parser_sentence sentence;
        std::vector<std::uint64_t> keys;
        std::vector<std::int32_t> scores;
    };
    // Parses one sentence of words (the taggers' normalized forms) with
    // their part-of-speech tags: head[i] is the index of word i's head in the
    // sentence, -1 for the root; relation[i] an index into labels().
    void parse(const std::vector<std::string_view>& words, const std::vector<std::string_view>& tags,
               std::vector<std::int32_t>& head, std::vector<std::uint32_t>& relation, workspace& ws) const;

private:
    struct slot {
        std::uint64_t key = 0;
        std::uint32_t begin = 0;
        std::uint32_t count = 0;  // 0: empty
    };
    struct entry {
        std::uint16_t move;
        std::int16_t q;
    };
    std::vector<std::string> labels_;
    word_clusters clusters_;
    std::uint32_t root_label_ = 0, fallback_label_ = 0;
    std::vector<slot> table_;
    std::uint64_t mask_ = 0;
    std::vector<entry> entries_;
    float scale_ = 1.0f;
    std::size_t keys_count_ = 0;
};

class tagger_model;
struct analyzed_text;

// The parse stage: tags each sentence of `text` (its tokens' norm forms)
// with `pos` and parses it, filling text.head (document-level token
// indexes, -1 for a sentence's root) and text.deprel; tokens outside every
// sentence get head -1 and relation "dep".
void parse_text(const dependency_parser& parser, const tagger_model& pos, analyzed_text& text);

}  // namespace kg::extract
