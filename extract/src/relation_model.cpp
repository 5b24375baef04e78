// The supervised relation model (CoNLL04): pair features, training, the
// model file, prediction and strict scoring.
#include "kg/extract/relation_model.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <ostream>
#include <set>
#include <sstream>
#include <tuple>

#include <fmt/format.h>

#include "detail/model_bytes.hpp"
#include "features.hpp"
#include "kg/core/error.hpp"
#include "kg/core/io.hpp"
#include "kg/core/ontology.hpp"
#include "kg/extract/conll.hpp"
#include "kg/extract/evaluation.hpp"

namespace kg::extract {
namespace detail {
namespace {

constexpr std::string_view relation_magic = "KGRELMDL";
// Bumped whenever the pair features change.
constexpr std::uint32_t relation_feature_version = 1;
constexpr std::uint32_t relation_kind = 1;
constexpr std::string_view none_label = "none";

std::string_view distance_bucket(std::size_t d) {
    static constexpr std::string_view names[] = {"0", "1", "2", "3", "4", "5"};
    if (d < 6) return names[d];
    if (d < 8) return "6-7";
    if (d < 11) return "8-10";
    if (d < 16) return "11-15";
    return "16+";
}

bool is_verb(std::string_view pos) { return pos.size() >= 2 && pos.substr(0, 2) == "VB"; }
bool is_preposition(std::string_view pos) { return pos == "IN" || pos == "TO"; }

// What the features of the pairs of one sentence look at.
struct pair_context {
    std::vector<std::string> lower;  // per word
    std::vector<std::string> pos;    // per word, "" when untagged
    const std::vector<relation_argument>* args = nullptr;
    std::vector<std::uint8_t> gazetteer;  // per argument: gazetteer classes of its words (exact or lower-cased)

    pair_context(const std::vector<std::string_view>& words, const std::vector<std::string>& tags,
                 const std::vector<relation_argument>& arguments, const ner_resources& res)
        : args(&arguments) {
        for (auto w : words) lower.push_back(lower_ascii(w));
        pos.assign(words.size(), std::string());
        for (std::size_t i = 0; i < words.size() && i < tags.size(); ++i) pos[i] = tags[i];
        for (const auto& a : arguments) {
            std::vector<std::string_view> ws(words.begin() + static_cast<std::ptrdiff_t>(a.first),
                                             words.begin() + static_cast<std::ptrdiff_t>(a.last));
            std::uint8_t bits = 0;
            for (bool low : {false, true})
                if (const auto* b = res.gazetteer.find(sequence_key(ws, low))) bits |= *b;
            gazetteer.push_back(static_cast<std::uint8_t>(bits & ~gaz_prefix));
        }
    }

    std::string_view word(std::ptrdiff_t i) const {
        if (i < 0) return "<s>";
        if (static_cast<std::size_t>(i) >= lower.size()) return "</s>";
        return lower[static_cast<std::size_t>(i)];
    }
    std::string_view tag(std::ptrdiff_t i) const {
        if (i < 0) return "<s>";
        if (static_cast<std::size_t>(i) >= pos.size()) return "</s>";
        return pos[static_cast<std::size_t>(i)];
    }
};

// Every feature is added twice: alone, and joined with the pair's signature
// (argument types and order), so that each kind of pair also has its own weights.
class emitter {
public:
    emitter(std::vector<std::uint64_t>& keys, std::uint64_t signature) : keys_(keys), sig_(signature) {}
    void add(std::string_view name, std::string_view value) {
        std::uint64_t k = mix(hash_str(name), hash_str(value));
        keys_.push_back(k);
        keys_.push_back(mix(k, sig_));
    }
    void add_joined(std::string_view name, std::string_view value) {
        keys_.push_back(mix(mix(hash_str(name), hash_str(value)), sig_));
    }

private:
    std::vector<std::uint64_t>& keys_;
    std::uint64_t sig_;
};

void pair_features(const pair_context& c, std::size_t h, std::size_t t, sentence_features& out) {
    const auto& args = *c.args;
    const relation_argument& ha = args[h];
    const relation_argument& ta = args[t];
    const bool forward = ha.first < ta.first;
    const relation_argument& a = forward ? ha : ta;  // first in the sentence
    const relation_argument& b = forward ? ta : ha;
    out.clear();
    auto& keys = out.keys;
    emitter e(keys, mix(mix(hash_str(ha.type), hash_str(ta.type)), forward ? 1 : 2));
    e.add_joined("sig", "");
    const auto between_begin = static_cast<std::ptrdiff_t>(a.last);
    const auto between_end = static_cast<std::ptrdiff_t>(b.first);
    const std::size_t gap = between_end > between_begin ? static_cast<std::size_t>(between_end - between_begin) : 0;
    e.add("dist", distance_bucket(gap));

    // Arguments: their words, last (head) words and gazetteer classes.
    auto span_text = [&](const relation_argument& x) {
        std::string s;
        for (std::size_t i = x.first; i < x.last; ++i) {
            if (i > x.first) s += ' ';
            s += c.lower[i];
        }
        return s;
    };
    e.add("h.text", span_text(ha));
    e.add("t.text", span_text(ta));
    e.add("h.last", c.lower[ha.last - 1]);
    e.add("t.last", c.lower[ta.last - 1]);
    for (std::size_t i = ha.first; i < ha.last; ++i) e.add("h.word", c.lower[i]);
    for (std::size_t i = ta.first; i < ta.last; ++i) e.add("t.word", c.lower[i]);
    for (int bit = 0; bit < 6; ++bit) {
        static constexpr std::string_view names[] = {"per", "org", "loc", "misc", "country", "currency"};
        if (c.gazetteer[h] & (1u << bit)) e.add("h.gaz", names[bit]);
        if (c.gazetteer[t] & (1u << bit)) e.add("t.gaz", names[bit]);
    }

    // Between the arguments.
    if (gap == 0) {
        e.add("between", "<none>");
    } else {
        std::string words, tags;
        std::string prev_tag;
        for (auto i = between_begin; i < between_end; ++i) {
            std::string_view w = c.word(i), p = c.tag(i);
            e.add("b.word", w);
            if (i + 1 < between_end) e.add("b.bigram", fmt::format("{} {}", w, c.word(i + 1)));
            if (is_verb(p)) e.add("b.verb", w);
            if (is_preposition(p)) e.add("b.prep", w);
            if (!p.empty() && p != prev_tag) {
                tags += tags.empty() ? "" : " ";
                tags += p;
                prev_tag = p;
            }
            if (gap <= 4) {
                words += words.empty() ? "" : " ";
                words += w;
            }
        }
        e.add("b.first", c.word(between_begin));
        e.add("b.last", c.word(between_end - 1));
        if (gap <= 4) e.add("between", words);
        if (gap <= 8 && !tags.empty()) e.add("b.tags", tags);
        bool verb = false, prep = false;
        for (auto i = between_begin; i < between_end; ++i) {
            verb = verb || is_verb(c.tag(i));
            prep = prep || is_preposition(c.tag(i));
        }
        e.add("b.has", fmt::format("verb={} prep={}", verb, prep));
    }
    std::size_t entities_between = 0;
    for (const auto& x : args)
        if (static_cast<std::ptrdiff_t>(x.first) >= between_begin && static_cast<std::ptrdiff_t>(x.last) <= between_end) {
            ++entities_between;
            e.add("b.entity", x.type);
        }
    e.add("b.entities", distance_bucket(std::min<std::size_t>(entities_between, 5)));

    // Around the pair and around each argument.
    const auto af = static_cast<std::ptrdiff_t>(a.first), bl = static_cast<std::ptrdiff_t>(b.last);
    e.add("before1", c.word(af - 1));
    e.add("before2", fmt::format("{} {}", c.word(af - 2), c.word(af - 1)));
    e.add("after1", c.word(bl));
    e.add("after2", fmt::format("{} {}", c.word(bl), c.word(bl + 1)));
    e.add("before.tag", c.tag(af - 1));
    e.add("after.tag", c.tag(bl));
    e.add("h.before", c.word(static_cast<std::ptrdiff_t>(ha.first) - 1));
    e.add("h.after", c.word(static_cast<std::ptrdiff_t>(ha.last)));
    e.add("t.before", c.word(static_cast<std::ptrdiff_t>(ta.first) - 1));
    e.add("t.after", c.word(static_cast<std::ptrdiff_t>(ta.last)));
    // Verbs of the whole sentence (e.g. "killed" outside the pair's span).
    for (std::size_t i = 0; i < c.lower.size(); ++i)
        if (is_verb(c.pos[i]) && (static_cast<std::ptrdiff_t>(i) < between_begin || static_cast<std::ptrdiff_t>(i) >= between_end))
            e.add_joined("s.verb", c.lower[i]);

    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    out.offsets = {0, static_cast<std::uint32_t>(keys.size())};
}

const relation_model::signature* find_signature(const std::vector<relation_model::signature>& sigs,
                                                std::string_view head, std::string_view tail) {
    for (const auto& s : sigs)
        if (s.head_type == head && s.tail_type == tail) return &s;
    return nullptr;
}

// The ordered pairs of arguments that some relation accepts (overlapping arguments excluded).
std::vector<std::pair<std::size_t, std::size_t>> candidate_pairs(const std::vector<relation_argument>& args,
                                                                 const std::vector<relation_model::signature>& sigs) {
    std::vector<std::pair<std::size_t, std::size_t>> out;
    for (std::size_t h = 0; h < args.size(); ++h)
        for (std::size_t t = 0; t < args.size(); ++t) {
            if (h == t) continue;
            if (args[h].first < args[t].last && args[t].first < args[h].last) continue;
            if (find_signature(sigs, args[h].type, args[t].type)) out.emplace_back(h, t);
        }
    return out;
}

std::vector<relation_argument> arguments_of(const spert_sentence& s) {
    std::vector<relation_argument> out;
    for (const auto& e : s.entities) out.push_back({e.start, e.end, e.type});
    return out;
}

std::vector<std::string_view> words_of(const spert_sentence& s) {
    return std::vector<std::string_view>(s.tokens.begin(), s.tokens.end());
}

std::vector<std::string> pos_of(const tagger_model* pos, const std::vector<std::string_view>& words) {
    if (!pos || words.empty()) return {};
    return pos->tag_document({words})[0];
}

// The choice among the scores of one pair: the best label the pair's
// signature allows, or none (`none` gets `none_bias` added); its confidence
// is the softmax probability over those labels at `temperature`.
struct decision {
    std::size_t label = 0;
    double confidence = 0.0;
};
decision decide(const std::vector<float>& scores, std::uint32_t allowed, std::size_t none, float none_bias,
                float temperature) {
    decision d{none, 0.0};
    double best = static_cast<double>(scores[none]) + none_bias;
    for (std::size_t y = 0; y < scores.size(); ++y)
        if (y != none && (allowed >> y & 1u) && scores[y] > best) {
            best = scores[y];
            d.label = y;
        }
    double z = 0.0;
    for (std::size_t y = 0; y < scores.size(); ++y) {
        if (y != none && !(allowed >> y & 1u)) continue;
        double s = y == none ? static_cast<double>(scores[none]) + none_bias : scores[y];
        z += std::exp((s - best) / temperature);
    }
    d.confidence = 1.0 / z;
    return d;
}

// Keeps the more confident direction of each unordered pair; sorts by head, tail.
void resolve_directions(std::vector<scored_relation>& rels) {
    std::vector<scored_relation> kept;
    for (const auto& r : rels) {
        bool beaten = false;
        for (const auto& o : rels)
            if (o.head == r.tail && o.tail == r.head &&
                (o.confidence > r.confidence || (o.confidence == r.confidence && o.head < r.head)))
                beaten = true;
        if (!beaten) kept.push_back(r);
    }
    std::sort(kept.begin(), kept.end(), [](const auto& x, const auto& y) {
        return std::tie(x.head, x.tail) < std::tie(y.head, y.tail);
    });
    rels = std::move(kept);
}

}  // namespace
}  // namespace detail

std::string_view conll04_relation_to_ontology(std::string_view label) noexcept {
    if (label == "Work_For") return "EMPLOYED_BY";
    if (label == "OrgBased_In") return "BASED_IN";
    if (label == "Located_In") return "LOCATED_IN";
    if (label == "Live_In") return "LIVES_IN";
    if (label == "Kill") return "KILLED";
    return {};
}

std::string conll04_entity_type(std::string_view type, const kg::ontology* onto) {
    if (onto) {
        if (onto->is_a(type, "Person")) return "Peop";
        if (onto->is_a(type, "Organization")) return "Org";
        if (onto->is_a(type, "Location")) return "Loc";
        return "Other";
    }
    if (type == "Person") return "Peop";
    if (type == "Organization" || type == "Company" || type == "GovernmentAgency" || type == "Court") return "Org";
    if (type == "Location" || type == "Country") return "Loc";
    return "Other";
}

relation_model::relation_model(tagger_model entities, linear_chain_model classifier,
                               std::vector<signature> signatures, float temperature, float none_bias)
    : entities_(std::move(entities)),
      classifier_(std::move(classifier)),
      signatures_(std::move(signatures)),
      temperature_(temperature),
      none_bias_(none_bias) {
    const auto& tags = classifier_.tags();
    auto it = std::find(tags.begin(), tags.end(), detail::none_label);
    if (it == tags.end()) throw model_error("relation classifier has no \"none\" label");
    none_ = static_cast<std::size_t>(it - tags.begin());
}

std::string relation_model::serialize() const {
    detail::writer p;
    p.str(entities_.serialize());
    detail::write_chain(p, classifier_);
    p.varint(signatures_.size());
    for (const auto& s : signatures_) {
        p.str(s.head_type);
        p.str(s.tail_type);
        p.u32(s.labels);
    }
    p.f32(temperature_);
    p.f32(none_bias_);
    return detail::seal_envelope(detail::relation_magic, relation_model_format_version, detail::relation_kind,
                                 detail::relation_feature_version, p.bytes());
}

relation_model relation_model::parse(std::string_view bytes, const std::string& source) {
    auto env = detail::open_envelope(bytes, detail::relation_magic, "kg relation model",
                                     relation_model_format_version, source);
    if (env.kind != detail::relation_kind)
        throw model_error(fmt::format("corrupt model: unknown relation model kind {}", env.kind), source);
    if (env.feature_version != detail::relation_feature_version)
        throw model_error(fmt::format("model uses relation feature version {}, this kg computes version {}: retrain it",
                                      env.feature_version, detail::relation_feature_version),
                          source);
    detail::reader p(env.payload, source);
    const std::string tagger_bytes = p.str();
    auto entities = tagger_model::parse(tagger_bytes, source);
    if (entities.kind() != tagger_kind::ner) p.fail("the embedded entity tagger is not an entity model");
    auto classifier = detail::read_chain(p, env.payload.size());
    const std::size_t labels = classifier.tag_count();
    if (labels < 2 || labels > 32) p.fail("bad number of relation labels");
    if (std::find(classifier.tags().begin(), classifier.tags().end(), detail::none_label) == classifier.tags().end())
        p.fail("no \"none\" label");
    std::vector<signature> sigs(p.count(env.payload.size()));
    for (auto& s : sigs) {
        s.head_type = p.str();
        s.tail_type = p.str();
        s.labels = p.u32();
        if (s.labels >> labels) p.fail("signature names a label out of range");
    }
    float temperature = p.f32();
    float none_bias = p.f32();
    if (!std::isfinite(temperature) || temperature <= 0) p.fail("bad confidence temperature");
    if (!std::isfinite(none_bias)) p.fail("bad bias");
    if (!p.done()) p.fail("unexpected data after the last section");
    return relation_model(std::move(entities), std::move(classifier), std::move(sigs), temperature, none_bias);
}

relation_model relation_model::load(const std::string& path) {
    std::string bytes;
    try {
        bytes = kg::read_file(path);
    } catch (const kg::error& e) {
        throw model_error(e.message(), path);
    }
    return parse(bytes, path);
}

std::vector<std::vector<relation_argument>> relation_model::recognize(
    const std::vector<std::vector<std::string_view>>& sentences) const {
    std::vector<std::vector<relation_argument>> out;
    out.reserve(sentences.size());
    for (const auto& words : sentences) {
        out.emplace_back();
        if (words.empty()) continue;
        auto tags = entities_.tag_document({words})[0];
        for (const auto& sp : tags_to_spans(tags)) out.back().push_back({sp.begin, sp.end, sp.type});
    }
    return out;
}

std::vector<float> relation_model::scores(const sentence_features& pair) const {
    const std::size_t t = classifier_.tag_count();
    std::vector<float> emit(t, 0.0f);
    classifier_.add_emissions(pair, emit.data());
    const auto& trans = classifier_.transitions();
    const auto& fin = classifier_.final_weights();
    for (std::size_t y = 0; y < t; ++y) emit[y] += trans[t * t + y] + fin[y];
    return emit;
}

std::vector<scored_relation> relation_model::classify(const std::vector<std::string_view>& words,
                                                      const std::vector<std::string>& pos,
                                                      const std::vector<relation_argument>& arguments) const {
    std::vector<scored_relation> out;
    for (const auto& a : arguments)
        if (a.first >= a.last || a.last > words.size()) throw std::invalid_argument("relation argument out of range");
    detail::pair_context ctx(words, pos, arguments, entities_.resources());
    sentence_features fs;
    for (auto [h, t] : detail::candidate_pairs(arguments, signatures_)) {
        detail::pair_features(ctx, h, t, fs);
        const auto* sig = detail::find_signature(signatures_, arguments[h].type, arguments[t].type);
        auto d = detail::decide(scores(fs), sig->labels, none_, none_bias_, temperature_);
        if (d.label == none_) continue;
        const std::string& label = labels()[d.label];
        out.push_back({h, t, label, std::string(conll04_relation_to_ontology(label)), d.confidence});
    }
    detail::resolve_directions(out);
    return out;
}

std::vector<scored_relation> relation_model::predict(const analyzed_text& text, std::size_t sentence,
                                                     const std::vector<mention>& mentions,
                                                     const kg::ontology* onto) const {
    if (sentence >= text.sentences.size()) return {};
    const auto& s = text.sentences[sentence];
    std::vector<std::string_view> words;
    std::vector<std::string> pos;
    for (std::size_t i = s.first_token; i < s.last_token; ++i) {
        words.push_back(text.tokens[i].norm);
        if (text.pos.size() == text.tokens.size()) pos.push_back(text.pos[i]);
    }
    std::vector<relation_argument> args;
    std::vector<std::size_t> index;  // argument -> mention
    for (std::size_t m = 0; m < mentions.size(); ++m) {
        const auto& mn = mentions[m];
        if (mn.sentence != sentence || mn.first < s.first_token || mn.last > s.last_token || mn.first >= mn.last)
            continue;
        args.push_back({mn.first - s.first_token, mn.last - s.first_token, conll04_entity_type(mn.type, onto)});
        index.push_back(m);
    }
    auto rels = classify(words, pos, args);
    for (auto& r : rels) {
        r.head = index[r.head];
        r.tail = index[r.tail];
    }
    return rels;
}

relation_model train_relation_model(const std::vector<spert_sentence>& train, const std::vector<spert_sentence>& dev,
                                    const tagger_model* pos, const relation_train_options& options,
                                    std::ostream& log) {
    using namespace detail;
    // 1. The entity tagger, on the sentences as one-sentence documents.
    auto corpus_of = [](const std::vector<spert_sentence>& data, const std::string& name) {
        conll_corpus c;
        c.source = name;
        c.columns = 2;
        for (const auto& s : data) {
            std::vector<labeled_span> spans;
            for (const auto& e : s.entities) spans.push_back({e.start, e.end, e.type});
            std::sort(spans.begin(), spans.end());
            auto tags = spans_to_bio(spans, s.tokens.size());
            conll_document d;
            d.sentences.emplace_back();
            for (std::size_t i = 0; i < s.tokens.size(); ++i) d.sentences[0].rows.push_back({s.tokens[i], tags[i]});
            d.sentences[0].lines.assign(s.tokens.size(), 0);
            if (!s.tokens.empty()) c.documents.push_back(std::move(d));
        }
        return c;
    };
    log << "entity tagger:\n";
    auto entities =
        train_tagger(tagger_kind::ner, corpus_of(train, "train"), corpus_of(dev, "dev"), options.entities, nullptr, log);

    // 2. Labels and the argument types each relation takes.
    std::set<std::string> label_set{std::string(none_label)};
    for (const auto& s : train)
        for (const auto& r : s.relations) label_set.insert(r.type);
    if (label_set.size() > 32) throw input_error(fmt::format("too many relation types ({})", label_set.size()));
    std::vector<std::string> labels(label_set.begin(), label_set.end());
    auto label_index = [&](std::string_view l) {
        return static_cast<std::uint16_t>(std::find(labels.begin(), labels.end(), l) - labels.begin());
    };
    const std::size_t none = label_index(none_label);
    std::map<std::pair<std::string, std::string>, std::uint32_t> sig_map;
    for (const auto& s : train)
        for (const auto& r : s.relations)
            sig_map[{s.entities[r.head].type, s.entities[r.tail].type}] |= 1u << label_index(r.type);
    std::vector<relation_model::signature> sigs;
    for (const auto& [types, mask] : sig_map) sigs.push_back({types.first, types.second, mask});
    for (const auto& s : sigs) {
        log << fmt::format("  {} -> {}:", s.head_type, s.tail_type);
        for (std::size_t y = 0; y < labels.size(); ++y)
            if (s.labels >> y & 1u) log << ' ' << labels[y];
        log << '\n';
    }

    // 3. Pair instances: gold entities in training; the entities the new
    // tagger finds on the dev sentences, so that epochs are chosen end to end.
    const auto& res = entities.resources();
    std::vector<training_sentence> train_set;
    for (const auto& s : train) {
        auto words = words_of(s);
        auto args = arguments_of(s);
        pair_context ctx(words, pos_of(pos, words), args, res);
        std::map<std::pair<std::size_t, std::size_t>, std::uint16_t> gold;
        for (const auto& r : s.relations) gold.emplace(std::pair{r.head, r.tail}, label_index(r.type));
        for (auto [h, t] : candidate_pairs(args, sigs)) {
            training_sentence ex;
            pair_features(ctx, h, t, ex.features);
            auto g = gold.find({h, t});
            ex.gold = {g == gold.end() ? static_cast<std::uint16_t>(none) : g->second};
            train_set.push_back(std::move(ex));
        }
    }
    struct dev_pair {
        std::size_t sentence;
        relation_argument head, tail;
    };
    std::vector<sentence_features> dev_set;
    std::vector<dev_pair> dev_pairs;
    std::vector<std::set<std::tuple<std::string, std::size_t, std::size_t, std::string, std::size_t, std::size_t, std::string>>>
        dev_gold(dev.size());
    std::size_t dev_gold_count = 0;
    std::vector<std::vector<relation_argument>> dev_args(dev.size());
    std::vector<std::vector<std::string>> dev_pos(dev.size());
    for (std::size_t si = 0; si < dev.size(); ++si) {
        const auto& s = dev[si];
        for (const auto& r : s.relations) {
            const auto& h = s.entities[r.head];
            const auto& t = s.entities[r.tail];
            dev_gold[si].emplace(r.type, h.start, h.end, h.type, t.start, t.end, t.type);
        }
        dev_gold_count += dev_gold[si].size();
        auto words = words_of(s);
        if (words.empty()) continue;
        auto tags = entities.tag_document({words})[0];
        for (const auto& sp : tags_to_spans(tags)) dev_args[si].push_back({sp.begin, sp.end, sp.type});
        dev_pos[si] = pos_of(pos, words);
        pair_context ctx(words, dev_pos[si], dev_args[si], res);
        for (auto [h, t] : candidate_pairs(dev_args[si], sigs)) {
            dev_set.emplace_back();
            pair_features(ctx, h, t, dev_set.back());
            dev_pairs.push_back({si, dev_args[si][h], dev_args[si][t]});
        }
    }
    log << fmt::format("relation classifier: {} training pairs, {} dev pairs (on predicted entities), {} labels\n",
                       train_set.size(), dev_set.size(), labels.size());

    // Strict relation F1 of the predicted label of each dev pair.
    auto dev_f1 = [&](const std::vector<std::size_t>& predicted) {
        std::size_t found = 0, correct = 0;
        for (std::size_t k = 0; k < predicted.size(); ++k) {
            if (predicted[k] == none) continue;
            ++found;
            const auto& p = dev_pairs[k];
            if (dev_gold[p.sentence].count({labels[predicted[k]], p.head.first, p.head.last, p.head.type,
                                            p.tail.first, p.tail.last, p.tail.type}))
                ++correct;
        }
        span_counts c;
        c.gold = dev_gold_count;
        c.found = found;
        c.correct = correct;
        return c;
    };
    dev_scorer scorer = [&](const std::vector<std::vector<std::uint16_t>>& predicted) {
        std::vector<std::size_t> labels_of(predicted.size());
        for (std::size_t k = 0; k < predicted.size(); ++k) {
            std::size_t y = predicted[k][0];
            const auto* sig = find_signature(sigs, dev_pairs[k].head.type, dev_pairs[k].tail.type);
            labels_of[k] = (sig->labels >> y & 1u) ? y : none;
        }
        return dev_f1(labels_of).f1();
    };
    perceptron_options po;
    po.epochs = options.epochs;
    po.seed = options.seed;
    po.patience = options.patience;
    // Several classifiers trained on other shuffles, their weights averaged:
    // steadier than any one of them.
    std::map<std::uint64_t, std::map<std::uint16_t, float>> summed;
    std::vector<float> trans, fin;
    const int members = std::max(1, options.ensemble);
    for (int k = 0; k < members; ++k) {
        po.seed = options.seed + static_cast<std::uint64_t>(k);
        auto member = train_perceptron(labels, train_set, dev_set, scorer, po, log);
        for (const auto& row : member.rows())
            for (const auto& [tag, w] : row.weights) summed[row.key][tag] += w / static_cast<float>(members);
        if (trans.empty()) {
            trans.assign(member.transitions().size(), 0.0f);
            fin.assign(member.final_weights().size(), 0.0f);
        }
        for (std::size_t i = 0; i < trans.size(); ++i) trans[i] += member.transitions()[i] / static_cast<float>(members);
        for (std::size_t i = 0; i < fin.size(); ++i) fin[i] += member.final_weights()[i] / static_cast<float>(members);
    }
    std::vector<linear_chain_model::feature_row> rows;
    for (const auto& [key, ws] : summed) {
        linear_chain_model::feature_row row;
        row.key = key;
        for (const auto& [tag, w] : ws)
            if (w != 0.0f) row.weights.emplace_back(tag, w);
        if (!row.weights.empty()) rows.push_back(std::move(row));
    }
    linear_chain_model classifier(labels, std::move(trans), std::move(fin), std::move(rows));
    {
        std::vector<std::vector<std::uint16_t>> predicted;
        for (const auto& f : dev_set) predicted.push_back(classifier.decode(f));
        log << fmt::format("averaged classifier of {}: dev score {:.2f}\n", members, 100 * scorer(predicted));
    }
    relation_model model(std::move(entities), std::move(classifier), sigs, 1.0f, 0.0f);

    // 4. The bias of "none" and the confidence temperature, on the dev pairs
    // (the whole prediction: signature constraint and one direction per pair).
    std::vector<std::vector<float>> dev_scores;
    double scale = 0.0;
    for (const auto& f : dev_set) {
        dev_scores.push_back(model.scores(f));
        const auto& sc = dev_scores.back();
        float best_other = -1e30f;
        for (std::size_t y = 0; y < sc.size(); ++y)
            if (y != none) best_other = std::max(best_other, sc[y]);
        scale += std::fabs(best_other - sc[none]);
    }
    scale = dev_scores.empty() ? 1.0 : std::max(scale / static_cast<double>(dev_scores.size()), 1e-3);
    auto evaluate = [&](float bias, float temperature, double* log_loss) {
        std::vector<std::size_t> predicted(dev_pairs.size(), none);
        double loss = 0.0;
        std::size_t k = 0;
        while (k < dev_pairs.size()) {
            std::size_t end = k;
            while (end < dev_pairs.size() && dev_pairs[end].sentence == dev_pairs[k].sentence) ++end;
            std::vector<scored_relation> rels;
            for (std::size_t i = k; i < end; ++i) {
                const auto* sig = find_signature(sigs, dev_pairs[i].head.type, dev_pairs[i].tail.type);
                auto d = decide(dev_scores[i], sig->labels, none, bias, temperature);
                if (log_loss) {
                    // Probability of the gold label of the pair (none when no gold relation holds).
                    std::size_t g = none;
                    for (std::size_t y = 0; y < labels.size(); ++y)
                        if (dev_gold[dev_pairs[i].sentence].count({labels[y], dev_pairs[i].head.first,
                                                                   dev_pairs[i].head.last, dev_pairs[i].head.type,
                                                                   dev_pairs[i].tail.first, dev_pairs[i].tail.last,
                                                                   dev_pairs[i].tail.type}))
                            g = y;
                    double z = 0.0, best = -1e300;
                    for (std::size_t y = 0; y < labels.size(); ++y)
                        if (y == none || (sig->labels >> y & 1u))
                            best = std::max(best, double(dev_scores[i][y]) + (y == none ? bias : 0.0));
                    for (std::size_t y = 0; y < labels.size(); ++y)
                        if (y == none || (sig->labels >> y & 1u))
                            z += std::exp((double(dev_scores[i][y]) + (y == none ? bias : 0.0) - best) / temperature);
                    double sg = double(dev_scores[i][g]) + (g == none ? bias : 0.0);
                    loss += -((sg - best) / temperature - std::log(z));
                }
                if (d.label != none) rels.push_back({i, i, labels[d.label], {}, d.confidence});
            }
            // One direction per unordered pair of arguments.
            for (const auto& r : rels) {
                bool beaten = false;
                for (const auto& o : rels)
                    if (o.head != r.head && dev_pairs[o.head].head.first == dev_pairs[r.head].tail.first &&
                        dev_pairs[o.head].tail.first == dev_pairs[r.head].head.first &&
                        (o.confidence > r.confidence || (o.confidence == r.confidence && o.head < r.head)))
                        beaten = true;
                if (!beaten) predicted[r.head] = label_index(r.label);
            }
            k = end;
        }
        if (log_loss) *log_loss = loss;
        return dev_f1(predicted);
    };
    float best_bias = 0.0f;
    double best_f1 = evaluate(0.0f, 1.0f, nullptr).f1();
    for (int step = -8; step <= 8; ++step) {
        float bias = static_cast<float>(scale * step / 8.0);
        double f1 = evaluate(bias, 1.0f, nullptr).f1();
        if (f1 > best_f1 + 1e-9 || (std::fabs(f1 - best_f1) <= 1e-9 && std::fabs(bias) < std::fabs(best_bias))) {
            best_f1 = f1;
            best_bias = bias;
        }
    }
    float best_temperature = 1.0f;
    double best_loss = 1e300;
    for (int step = -8; step <= 8; ++step) {
        float temperature = static_cast<float>(scale * std::pow(2.0, step / 2.0));
        double loss = 0.0;
        evaluate(best_bias, temperature, &loss);
        if (loss < best_loss) {
            best_loss = loss;
            best_temperature = temperature;
        }
    }
    auto final_counts = evaluate(best_bias, best_temperature, nullptr);
    log << fmt::format(
        "none bias {:.3f}, confidence temperature {:.3f} (dev log loss {:.1f}); dev relations: precision {:.2f}, "
        "recall {:.2f}, F1 {:.2f}\n",
        best_bias, best_temperature, best_loss, 100 * final_counts.precision(), 100 * final_counts.recall(),
        100 * final_counts.f1());
    return relation_model(model.entity_tagger(), model.classifier(), std::move(sigs), best_temperature, best_bias);
}

void relation_evaluation::add(const spert_sentence& gold, const spert_sentence& predicted) {
    using entity_key = std::tuple<std::size_t, std::size_t, std::string>;
    using relation_key = std::tuple<std::string, entity_key, entity_key>;
    auto entity_set = [](const spert_sentence& s) {
        std::set<entity_key> out;
        for (const auto& e : s.entities) out.emplace(e.start, e.end, e.type);
        return out;
    };
    auto relation_set = [](const spert_sentence& s) {
        std::set<relation_key> out;
        for (const auto& r : s.relations) {
            const auto& h = s.entities.at(r.head);
            const auto& t = s.entities.at(r.tail);
            out.emplace(r.type, entity_key{h.start, h.end, h.type}, entity_key{t.start, t.end, t.type});
        }
        return out;
    };
    auto count = [](const auto& g, const auto& p, span_counts& all, std::map<std::string, span_counts>& by_type,
                    auto type_of) {
        for (const auto& x : g) {
            ++all.gold;
            ++by_type[type_of(x)].gold;
        }
        for (const auto& x : p) {
            ++all.found;
            auto& c = by_type[type_of(x)];
            ++c.found;
            if (g.count(x)) {
                ++all.correct;
                ++c.correct;
            }
        }
    };
    count(entity_set(gold), entity_set(predicted), entities_, entity_types_,
          [](const entity_key& k) { return std::get<2>(k); });
    count(relation_set(gold), relation_set(predicted), relations_, relation_types_,
          [](const relation_key& k) { return std::get<0>(k); });
}

std::string relation_evaluation::summary() const {
    std::string out;
    auto section = [&](const char* what, const span_counts& all, const std::map<std::string, span_counts>& by_type) {
        out += fmt::format("{}: gold {}, found {}, correct {}; precision {:6.2f}%; recall {:6.2f}%; F1 {:6.2f}\n",
                           what, all.gold, all.found, all.correct, 100 * all.precision(), 100 * all.recall(),
                           100 * all.f1());
        for (const auto& [type, c] : by_type)
            out += fmt::format("  {:>12}: precision {:6.2f}%; recall {:6.2f}%; F1 {:6.2f}  (gold {}, found {})\n", type,
                               100 * c.precision(), 100 * c.recall(), 100 * c.f1(), c.gold, c.found);
    };
    section("entities", entities_, entity_types_);
    section("relations", relations_, relation_types_);
    return out;
}

std::vector<spert_sentence> predict_spert(const relation_model& model, const tagger_model* pos,
                                          const std::vector<spert_sentence>& sentences) {
    std::vector<spert_sentence> out;
    out.reserve(sentences.size());
    for (const auto& s : sentences) {
        spert_sentence p;
        p.tokens = s.tokens;
        p.orig_id = s.orig_id;
        auto words = detail::words_of(s);
        auto args = model.recognize({words})[0];
        for (const auto& a : args) p.entities.push_back({a.type, a.first, a.last});
        for (const auto& r : model.classify(words, detail::pos_of(pos, words), args))
            p.relations.push_back({r.label, r.head, r.tail});
        out.push_back(std::move(p));
    }
    return out;
}

}  // namespace kg::extract
