#pragma once
// A first-order linear-chain sequence model over hashed features: sparse
// per-tag feature weights plus tag-transition weights, decoded with Viterbi.
// Trained with the averaged structured perceptron (Collins 2002): deterministic
// (fixed-seed shuffling), model selection by a dev-set score after each epoch.
// Immutable after construction; decode() is safe to call from many threads.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace kg::extract {

// The hashed features of the tokens of one sentence: token i has
// keys[offsets[i] .. offsets[i+1]).
struct sentence_features {
    std::vector<std::uint64_t> keys;
    std::vector<std::uint32_t> offsets{0};
    // Optional, per token i: a key of the word itself (word_keys[i]) and the
    // layout of its keys in groups, so that a model can replace the groups of
    // frequent words by precomputed scores:
    //   [offsets[i], context_begin[i])   depend on word i alone;
    //   then four groups ending at neighbour_end[4 * i + g], g = 0..3, that
    //   depend on the word at i - 2, i - 1, i + 1, i + 2 alone (or, outside
    //   the sentence, on the sentence boundary alone);
    //   [neighbour_end[4 * i + 3], offsets[i + 1])   everything else.
    // neighbour_end may be empty (then all keys after context_begin[i] are
    // "everything else").
    std::vector<std::uint64_t> word_keys;
    std::vector<std::uint32_t> context_begin;
    std::vector<std::uint32_t> neighbour_end;
    static constexpr std::ptrdiff_t neighbour_offsets[4] = {-2, -1, 1, 2};
    std::size_t size() const noexcept { return offsets.size() - 1; }
    void clear() {
        keys.clear();
        offsets.assign(1, 0);
        word_keys.clear();
        context_begin.clear();
        neighbour_end.clear();
    }
};

// Which tag sequences are well formed, derived from the tag names: BILOU when
// some tag starts with "L-" or "U-", BIO when tags start with "B-"/"I-",
// otherwise every sequence is allowed.
enum class tag_scheme : std::uint8_t { none, bio, bilou };
tag_scheme detect_scheme(const std::vector<std::string>& tags);

// Scratch memory of decoding, reused from one sentence to the next (one per
// thread; its contents mean nothing between calls).
struct decode_workspace {
    std::vector<std::int32_t> acc;
    std::vector<std::uint32_t> rows, todo_token, todo_key, where;
    std::vector<const void*> found;
    std::vector<float> score, best_to;
    std::vector<std::uint16_t> back, live_prev, live_cur, path;
    std::vector<std::int32_t> arg_to;
};

class linear_chain_model {
public:
    // One stored feature: its key and its non-zero weights (tag, weight).
    // Weights are stored quantized to 16 bits relative to the largest one.
    struct feature_row {
        std::uint64_t key = 0;
        std::vector<std::pair<std::uint16_t, float>> weights;
    };

    linear_chain_model() = default;
    // `transitions` has (tags+1) x tags entries: row p < tags is "previous tag p",
    // row `tags` is the sentence start. `final` has one entry per tag.
    linear_chain_model(std::vector<std::string> tags, std::vector<float> transitions, std::vector<float> final,
                       std::vector<feature_row> rows);

    const std::vector<std::string>& tags() const noexcept { return tags_; }
    std::size_t tag_count() const noexcept { return tags_.size(); }
    tag_scheme scheme() const noexcept { return scheme_; }
    std::size_t feature_count() const noexcept { return rows_; }
    std::size_t weight_count() const noexcept { return weights_; }
    const std::vector<float>& transitions() const noexcept { return transitions_; }
    const std::vector<float>& final_weights() const noexcept { return final_; }
    // The stored rows, sorted by key (for serialization).
    std::vector<feature_row> rows() const;

    // The best tag sequence (tag indexes) under the model.
    std::vector<std::uint16_t> decode(const sentence_features& features) const;
    // Adds the feature scores of every token to `emit` (tokens x tags, row-major).
    void add_emissions(const sentence_features& features, float* emit) const;
    void add_emissions(const sentence_features& features, float* emit, decode_workspace& ws) const;
    // The best tag sequence for given emission scores (n x tags).
    std::vector<std::uint16_t> best_path(const float* emit, std::size_t n) const;
    // The same in ws.path.
    const std::vector<std::uint16_t>& best_path(const float* emit, std::size_t n, decode_workspace& ws) const;
    // Precomputes, for frequent words, the summed weights of the groups of
    // features that depend on one word alone (see sentence_features):
    // `words[k]` holds the features of the sentence "w w w w w" of one word
    // w (its middle token has w in every group), `boundary` those of a
    // one-token sentence (its neighbour groups are the sentence boundaries).
    // add_emissions then adds these sums instead of looking the features up
    // (the same integer sums, so the same results). Part of construction.
    void build_word_cache(const std::vector<sentence_features>& words, const sentence_features& boundary);
    // Forgets the precomputed sums (decoding then looks every feature up).
    void drop_word_cache();
    // What the word cache holds for a word: bit 1, its own group's sums;
    // bit 2, its groups' sums as a neighbour. Feature extraction may leave
    // those groups empty (add_emissions then adds the sums).
    std::uint8_t cache_flags(std::uint64_t word_key) const noexcept;
    // Whether the sums of the neighbour groups outside the sentence are held.
    bool caches_boundary() const noexcept { return !cache_keys_.empty() && !boundary_scores_.empty(); }

private:
    std::vector<std::string> tags_;
    tag_scheme scheme_ = tag_scheme::none;
    std::vector<float> transitions_;  // (T+1) x T, disallowed transitions hold -inf
    std::vector<float> padded_transitions_;  // the same with rows of stride_ entries (-inf beyond T)
    std::size_t stride_ = 0;
    std::vector<float> final_;        // T
    // Feature weights are quantized to 16 bits (weight = q * scale_). An
    // open-addressing hash table of 16-byte slots maps a key to its row: the
    // slot holds the key's upper 32 bits and rows of up to `inline_entries`
    // weights (four slots per cache line); longer rows live in entries_.
    static constexpr std::size_t inline_entries = 3;
    // Rows with at least `dense_from` weights are stored densely (one weight
    // per tag in dense_, added with vector instructions).
    static constexpr std::uint8_t dense_row = 255;
    static constexpr std::size_t dense_from = 8;
    struct slot {
        std::uint32_t fp = 0;     // key >> 32
        std::uint8_t count = 0;   // weights in the row; 0: empty slot; dense_row: a dense row
        std::uint8_t tag[inline_entries] = {};
        std::int16_t q[inline_entries] = {};  // q[0..1] hold the first entry's index when count > inline_entries
        std::uint16_t unused = 0;
        std::uint32_t begin() const noexcept {
            return static_cast<std::uint32_t>(static_cast<std::uint16_t>(q[0])) |
                   static_cast<std::uint32_t>(static_cast<std::uint16_t>(q[1])) << 16;
        }
    };
    struct entry {
        std::uint16_t tag;
        std::int16_t q;
    };
    std::vector<slot> table_;
    std::vector<std::uint64_t> slot_keys_;  // full key of each slot (for rows())
    // One bit per (hashed) key that may be in the table, about 16 bits per
    // row: small enough to stay in cache, it lets absent features (most of a
    // text's context features) skip the table lookup.
    std::vector<std::uint64_t> filter_;
    std::uint64_t filter_mask_ = 0;
    std::uint64_t table_mask_ = 0;
    std::vector<entry> entries_;
    std::vector<std::int16_t> dense_;  // tag_count() weights per dense row
    float scale_ = 1.0f;
    std::size_t weights_ = 0;
    // Word cache: open addressing, word key -> row + 1 (0: empty slot).
    // own_scores_ holds T ints per row, the sums of the word's own group;
    // near_scores_ 4 x T 16-bit ints per row, the sums of its groups as the
    // word at -2, -1, +1, +2 (not used for the rare rows whose sums do not
    // fit in 16 bits: near_ok_).
    std::vector<std::uint64_t> cache_keys_;
    std::vector<std::uint32_t> cache_rows_;
    std::vector<std::int32_t> own_scores_;
    std::vector<std::int16_t> near_scores_;
    std::vector<std::uint8_t> near_ok_;
    std::uint64_t cache_mask_ = 0;
    // Sums of the neighbour groups outside the sentence (4 x T: -2, -1, +1, +2).
    std::vector<std::int32_t> boundary_scores_;
    std::uint32_t cached_row(std::uint64_t word_key) const noexcept;
    void add_slot(const slot& sl, std::int32_t* acc) const noexcept;
    void add_key(std::uint64_t key, std::int32_t* acc) const noexcept;
    std::size_t rows_ = 0;
};

struct training_sentence {
    sentence_features features;
    std::vector<std::uint16_t> gold;  // tag indexes
};

struct perceptron_options {
    int epochs = 12;
    std::uint64_t seed = 1;
    // Averaged weights with |w| below this are dropped from the model.
    float prune_below = 0.0f;
    // Stop when the dev score has not improved for this many epochs.
    int patience = 4;
    // Features seen fewer times in the training data are ignored.
    int min_count = 1;
    // Runs with seeds seed, seed + 1, ...; the model averages their best
    // epochs' weights.
    int runs = 1;
    // Optional, per dev sentence and token: the bit set of the tags decoding
    // may choose (0: any; at most 64 tags), as a tag dictionary restricts them.
    const std::vector<std::vector<std::uint64_t>>* dev_allowed = nullptr;
};

// Scores the predicted tag indexes of the dev sentences (higher is better).
using dev_scorer = std::function<double(const std::vector<std::vector<std::uint16_t>>& predicted)>;

// Trains with the averaged perceptron; after each epoch decodes `dev` with the
// averaged weights, reports the score on `log` and keeps the best epoch.
linear_chain_model train_perceptron(const std::vector<std::string>& tags, const std::vector<training_sentence>& train,
                                    const std::vector<sentence_features>& dev, const dev_scorer& score,
                                    const perceptron_options& options, std::ostream& log);

}  // namespace kg::extract
