// Training the taggers from CoNLL files (kg train).
#include <algorithm>
#include <map>
#include <ostream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <rapidjson/document.h>

#include "features.hpp"
#include "kg/core/error.hpp"
#include "kg/core/io.hpp"
#include "kg/extract/evaluation.hpp"
#include "kg/extract/lexicon.hpp"
#include "kg/extract/taggers.hpp"

namespace kg::extract {
namespace detail {
namespace {

std::size_t gold_column(tagger_kind kind, const conll_corpus& c) {
    std::size_t need = kind == tagger_kind::pos ? 2 : kind == tagger_kind::chunk ? 3 : 2;
    if (c.columns < need)
        throw input_error(fmt::format("{} training needs at least {} columns, the file has {}", to_string(kind), need,
                                      c.columns),
                          c.source);
    if (kind == tagger_kind::pos) return 1;
    if (kind == tagger_kind::chunk) return 2;
    return c.columns >= 4 ? 3 : c.columns - 1;
}

// Internal tags of a gold column: raw (pos), BIO (chunk), BILOU (ner).
std::vector<std::string> internal_tags(tagger_kind kind, const std::vector<std::string>& gold) {
    if (kind == tagger_kind::pos) return gold;
    if (kind == tagger_kind::chunk) return to_bio(gold);
    return spans_to_bilou(tags_to_spans(gold), gold.size());
}

using word_doc = std::vector<std::vector<std::string_view>>;

word_doc words_of(const conll_document& d) {
    word_doc out;
    for (const auto& s : d.sentences) {
        std::vector<std::string_view> w;
        for (const auto& r : s.rows) w.push_back(r[0]);
        out.push_back(std::move(w));
    }
    return out;
}

std::vector<std::string_view> split_words(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && s[i] == ' ') ++i;
        std::size_t j = i;
        while (j < s.size() && s[j] != ' ') ++j;
        if (j > i) out.push_back(s.substr(i, j - i));
        i = j;
    }
    return out;
}

void add_entry(ner_resources& res, const std::vector<std::string_view>& words, std::uint8_t bits) {
    if (words.empty() || words.size() > gazetteer_max_tokens) return;
    res.gazetteer[sequence_key(words, false)] |= bits;
    res.gazetteer[sequence_key(words, true)] |= bits;
    for (std::size_t n = 1; n < words.size(); ++n) {
        std::vector<std::string_view> prefix(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(n));
        res.gazetteer[sequence_key(prefix, false)] |= gaz_prefix;
        res.gazetteer[sequence_key(prefix, true)] |= gaz_prefix;
    }
}

// Country and currency names from Debian's iso-codes (missing files are skipped).
void add_iso_codes(ner_resources& res, const std::string& dir) {
    if (dir.empty()) return;
    auto load = [&](const std::string& file, const char* array, std::initializer_list<const char*> fields,
                    std::uint8_t bits) {
        std::string text;
        try {
            text = kg::read_file(dir + "/" + file);
        } catch (const kg::error&) {
            return;
        }
        rapidjson::Document doc;
        doc.Parse<rapidjson::kParseIterativeFlag>(text.data(), text.size());
        if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember(array) || !doc[array].IsArray())
            throw data_error("unexpected iso-codes JSON", dir + "/" + file);
        for (const auto& e : doc[array].GetArray()) {
            if (!e.IsObject()) continue;
            for (const char* f : fields) {
                if (!e.HasMember(f) || !e[f].IsString()) continue;
                std::string_view name(e[f].GetString(), e[f].GetStringLength());
                if (name.find_first_of(",()") != std::string_view::npos) continue;
                add_entry(res, split_words(name), bits);
            }
        }
    };
    load("iso_3166-1.json", "3166-1", {"name", "common_name"}, gaz_country);
    load("iso_4217.json", "4217", {"name"}, gaz_currency);
}

// Named-entity lexicons of the project ("name<TAB>ontology type<TAB>aliases|...",
// '#' comments): every name and alias becomes a gazetteer entry of the
// entity class its type falls under.
void add_lexicon(ner_resources& res, const std::string& path) {
    for (const auto& row : read_tsv(path, 2, 3)) {
        std::string_view type = row.fields[1];
        std::uint8_t bits = type == "Person" ? gaz_per
                            : (type == "Company" || type == "Organization" || type == "GovernmentAgency" ||
                               type == "Court" || type == "PoliticalParty" || type == "University")
                                ? gaz_org
                            : (type == "Country" || type == "Location" || type == "City" || type == "Region")
                                ? gaz_loc
                                : gaz_misc;
        add_entry(res, split_words(row.fields[0]), bits);
        if (row.fields.size() < 3) continue;
        std::string_view aliases = row.fields[2];
        std::size_t a = 0;
        while (a <= aliases.size()) {
            std::size_t bar = aliases.find('|', a);
            std::string_view alias = aliases.substr(a, bar == std::string_view::npos ? std::string_view::npos : bar - a);
            if (!alias.empty()) add_entry(res, split_words(alias), bits);
            if (bar == std::string_view::npos) break;
            a = bar + 1;
        }
    }
}

std::uint8_t type_bit(std::string_view type) {
    if (type == "PER") return gaz_per;
    if (type == "ORG") return gaz_org;
    if (type == "LOC") return gaz_loc;
    if (type == "MISC") return gaz_misc;
    return 0;
}

// Names seen in the given training documents with their types. A one-word
// name is kept only when the word is a name at least as often as not.
void add_training_names(ner_resources& res, const std::vector<const conll_document*>& docs, std::size_t col) {
    std::map<std::vector<std::string_view>, std::uint8_t> names;
    std::map<std::string_view, std::size_t> as_name, as_other;
    for (const auto* d : docs) {
        for (const auto& s : d->sentences) {
            auto gold = s.column(col);
            for (const auto& sp : tags_to_spans(gold)) {
                std::vector<std::string_view> words;
                for (std::size_t i = sp.begin; i < sp.end; ++i) words.push_back(s.rows[i][0]);
                names[words] |= type_bit(sp.type);
                if (words.size() == 1) ++as_name[words[0]];
            }
            for (std::size_t i = 0; i < s.rows.size(); ++i)
                if (gold[i] == "O") ++as_other[s.rows[i][0]];
        }
    }
    for (const auto& [words, bits] : names) {
        if (!bits) continue;
        if (words.size() == 1) {
            auto o = as_other.find(words[0]);
            if (o != as_other.end() && o->second > as_name[words[0]]) continue;
        }
        add_entry(res, words, bits);
    }
}

// Word clusters file: lines "word<TAB>id1<TAB>id2<TAB>id3" (ids 1..65535, 0 = none).
void add_clusters(ner_resources& res, const std::string& path) {
    if (path.empty()) return;
    std::string text;
    for (const auto& data : kg::read_data_lines(path, text)) {
        const std::string_view l = data.text;
        const std::size_t line = data.number;
        std::vector<std::string_view> cols;
        std::size_t i = 0;
        while (true) {
            std::size_t t = l.find('\t', i);
            cols.push_back(l.substr(i, t == std::string_view::npos ? std::string_view::npos : t - i));
            if (t == std::string_view::npos) break;
            i = t + 1;
        }
        if (cols.size() != 4) throw data_error("expected word and 3 cluster ids separated by tabs", path, line);
        std::array<std::uint16_t, 3> ids{};
        for (int k = 0; k < 3; ++k) {
            unsigned long v = 0;
            for (char c : cols[k + 1]) {
                if (c < '0' || c > '9') throw data_error("cluster id is not a number", path, line);
                v = v * 10 + static_cast<unsigned long>(c - '0');
                if (v > 65535) throw data_error("cluster id out of range", path, line);
            }
            ids[k] = static_cast<std::uint16_t>(v);
        }
        res.clusters[hash_str(cols[0])] = ids;
    }
}

// The English lexicon of the part-of-speech model from WordNet (Debian's
// wordnet-base): the single-word lemmas of index.noun, index.verb,
// index.adj and index.adv (lines "lemma pos synset_cnt ..."; the licence
// lines start with spaces), and the irregular forms of noun.exc, verb.exc,
// adj.exc and adv.exc (lines "form lemma...").
void add_wordnet(ner_resources& res, const std::string& dir) {
    if (dir.empty()) return;
    // The first word of each line that does not start with a space.
    auto first_words = [](const std::string& text, auto&& use) {
        std::size_t i = 0;
        while (i < text.size()) {
            std::size_t e = std::min(text.find('\n', i), text.size());
            std::string_view line(text.data() + i, e - i);
            i = e + 1;
            if (line.empty() || line[0] == ' ') continue;
            std::string_view word = line.substr(0, line.find(' '));
            if (word.find('_') == std::string_view::npos) use(word);  // several words otherwise
        }
    };
    struct part {
        const char* name;
        std::uint16_t lemma;
    };
    for (const part& p : {part{"noun", wn_noun}, part{"verb", wn_verb}, part{"adj", wn_adj}, part{"adv", wn_adv}}) {
        first_words(kg::read_file(dir + "/index." + p.name), [&](std::string_view lemma) {
            res.wordnet[hash_str(lemma)] |= p.lemma;
        });
        first_words(kg::read_file(dir + "/" + p.name + ".exc"), [&](std::string_view form) {
            auto ends = [&](std::string_view s) {
                return form.size() > s.size() && form.substr(form.size() - s.size()) == s;
            };
            std::uint16_t bit = p.lemma == wn_noun   ? wn_plural
                                : p.lemma == wn_verb ? (ends("ing") ? wn_verb_ing : ends("s") ? wn_verb_s : wn_verb_ed)
                                : ends("st")         ? wn_superlative
                                                     : wn_comparative;
            res.wordnet[hash_str(form)] |= bit;
        });
    }
    if (res.wordnet.empty()) throw data_error("no WordNet entries found", dir);
}

}  // namespace
}  // namespace detail

tagger_model train_tagger(tagger_kind kind, const conll_corpus& train, const conll_corpus& dev,
                          const train_options& options, const tagger_model* pos_model, std::ostream& log) {
    using namespace detail;
    const std::size_t col = gold_column(kind, train);
    const std::size_t dev_col = gold_column(kind, dev);
    if (kind == tagger_kind::ner && dev.columns != train.columns)
        throw input_error(fmt::format("dev file has {} columns, training file {}", dev.columns, train.columns),
                          dev.source);

    // Tag set: sorted internal tags of the training data.
    std::set<std::string> tag_set;
    for (const auto& d : train.documents)
        for (const auto& s : d.sentences)
            for (auto& t : internal_tags(kind, s.column(col))) tag_set.insert(std::move(t));
    if (kind != tagger_kind::pos) tag_set.insert("O");
    if (tag_set.size() > 255) throw input_error(fmt::format("too many tags ({})", tag_set.size()), train.source);
    std::vector<std::string> tags(tag_set.begin(), tag_set.end());
    std::map<std::string, std::uint16_t> tag_index;
    for (std::size_t i = 0; i < tags.size(); ++i) tag_index[tags[i]] = static_cast<std::uint16_t>(i);

    // Predicted part of speech for the chunker.
    auto predicted_pos = [&](const conll_document& d) {
        std::vector<std::vector<std::string>> pos;
        if (pos_model) return pos_model->tag_document(words_of(d));
        for (const auto& s : d.sentences) pos.push_back(s.column(1));
        return pos;
    };

    auto final_res = std::make_shared<ner_resources>();
    if (kind != tagger_kind::chunk) add_clusters(*final_res, options.clusters_file);  // the chunker does not use them
    if (kind == tagger_kind::pos) add_wordnet(*final_res, options.wordnet_dir);
    std::vector<std::shared_ptr<ner_resources>> fold_res;
    if (kind == tagger_kind::ner) {
        std::vector<const conll_document*> all, fold[2];
        for (std::size_t i = 0; i < train.documents.size(); ++i) {
            all.push_back(&train.documents[i]);
            fold[i % 2].push_back(&train.documents[i]);
        }
        add_iso_codes(*final_res, options.iso_codes_dir);
        for (const auto& lexicon : options.lexicons) add_lexicon(*final_res, lexicon);
        // Training documents see only the names of the other half, so the
        // model learns how far to trust a gazetteer match on unseen text.
        for (int f = 0; f < 2; ++f) {
            auto r = std::make_shared<ner_resources>(*final_res);
            add_training_names(*r, fold[1 - f], col);
            fold_res.push_back(std::move(r));
        }
        add_training_names(*final_res, all, col);
        log << fmt::format("gazetteer: {} keys; clusters: {} words\n", final_res->gazetteer.size(),
                           final_res->clusters.size());
    }

    // Tag dictionary of the part-of-speech model: words seen often enough keep
    // to the tags they had in training.
    if (kind == tagger_kind::pos && options.tag_dictionary_min_count > 0 && tags.size() <= 64) {
        std::map<std::string_view, std::pair<std::size_t, std::uint64_t>> seen;
        for (const auto& d : train.documents)
            for (const auto& s : d.sentences)
                for (const auto& r : s.rows) {
                    auto& e = seen[r[0]];
                    ++e.first;
                    e.second |= std::uint64_t(1) << tag_index.at(r[col]);
                }
        for (const auto& [w, e] : seen)
            if (e.first >= options.tag_dictionary_min_count) final_res->tag_dictionary[hash_str(w)] = e.second;
        log << fmt::format("tag dictionary: {} words\n", final_res->tag_dictionary.size());
    }

    auto features_of = [&](const conll_document& d, const ner_resources& res, std::vector<sentence_features>& out) {
        auto words = words_of(d);
        out.resize(words.size());
        if (kind == tagger_kind::pos) {
            pos_features(words, res, out);
        } else if (kind == tagger_kind::chunk) {
            auto pos = predicted_pos(d);
            for (std::size_t s = 0; s < words.size(); ++s) {
                std::vector<std::string_view> p(pos[s].begin(), pos[s].end());
                chunk_features(words[s], p, out[s]);
            }
        } else {
            ner_features(words, res, out);
        }
    };

    std::vector<training_sentence> train_set;
    std::vector<std::size_t> sent_doc;  // document of each training sentence
    std::vector<sentence_features> fs;
    for (std::size_t di = 0; di < train.documents.size(); ++di) {
        const auto& d = train.documents[di];
        features_of(d, kind == tagger_kind::ner ? *fold_res[di % 2] : *final_res, fs);
        for (std::size_t s = 0; s < d.sentences.size(); ++s) {
            training_sentence ex;
            ex.features = std::move(fs[s]);
            for (const auto& t : internal_tags(kind, d.sentences[s].column(col))) ex.gold.push_back(tag_index.at(t));
            train_set.push_back(std::move(ex));
            sent_doc.push_back(di);
        }
    }
    std::vector<sentence_features> dev_set;
    std::vector<std::vector<std::string>> dev_gold;
    for (const auto& d : dev.documents) {
        features_of(d, *final_res, fs);
        for (std::size_t s = 0; s < d.sentences.size(); ++s) {
            dev_set.push_back(std::move(fs[s]));
            dev_gold.push_back(d.sentences[s].column(dev_col));
        }
    }
    log << fmt::format("{} {}: {} training sentences ({} tokens), {} dev sentences, {} tags\n", "training",
                       to_string(kind), train_set.size(), train.token_count(), dev_set.size(), tags.size());

    dev_scorer scorer = [&](const std::vector<std::vector<std::uint16_t>>& predicted) {
        if (kind == tagger_kind::pos) {
            accuracy_evaluation ev;
            for (std::size_t s = 0; s < predicted.size(); ++s) {
                std::vector<std::string> p;
                for (auto id : predicted[s]) p.push_back(tags[id]);
                ev.add(dev_gold[s], p);
            }
            return ev.accuracy();
        }
        span_evaluation ev;
        for (std::size_t s = 0; s < predicted.size(); ++s) {
            std::vector<std::string> p;
            for (auto id : predicted[s]) p.push_back(tags[id]);
            ev.add(dev_gold[s], p);
        }
        return ev.overall().f1();
    };
    perceptron_options po;
    po.epochs = options.epochs;
    po.seed = options.seed;
    po.patience = options.patience;
    po.prune_below = options.prune_below;
    po.min_count = options.min_count;
    po.runs = options.runs;
    // Part of speech: dev decoding keeps to the tag dictionary, as tagging does.
    std::vector<std::vector<std::uint64_t>> dev_allowed;
    if (kind == tagger_kind::pos && !final_res->tag_dictionary.empty()) {
        auto allowed_of = [&](const conll_sentence& s) {
            std::vector<std::uint64_t> a;
            a.reserve(s.rows.size());
            for (const auto& r : s.rows) {
                const auto* m = final_res->tag_dictionary.find(hash_str(r[0]));
                a.push_back(m ? *m : 0);
            }
            return a;
        };
        for (const auto& d : dev.documents)
            for (const auto& s : d.sentences) dev_allowed.push_back(allowed_of(s));
        po.dev_allowed = &dev_allowed;
    }
    // The most frequent training words, whose word-only scores the model precomputes.
    std::vector<std::string> vocabulary;
    {
        std::map<std::string_view, std::size_t> freq;
        for (const auto& d : train.documents)
            for (const auto& s : d.sentences)
                for (const auto& r : s.rows) ++freq[r[0]];
        std::vector<std::pair<std::size_t, std::string_view>> by_count;
        for (const auto& [w, n] : freq)
            if (n >= 2) by_count.emplace_back(n, w);
        std::stable_sort(by_count.begin(), by_count.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
        for (std::size_t i = 0; i < by_count.size() && i < options.vocabulary_size; ++i)
            vocabulary.emplace_back(by_count[i].second);
        std::sort(vocabulary.begin(), vocabulary.end());
    }

    auto chain = train_perceptron(tags, train_set, dev_set, scorer, po, log);
    if (kind != tagger_kind::ner || !options.two_stage)
        return tagger_model(kind, std::move(chain), final_res, std::nullopt, std::move(vocabulary));

    // Second stage. Its training data needs first-stage predictions made
    // without having seen the sentence: two models, each trained on half of
    // the training documents, predict the other half.
    log << "stage 2: first-stage predictions on the training data from two half models\n";
    auto bio_of = [&](const std::vector<std::uint16_t>& ids) {
        std::vector<std::string> t;
        for (auto id : ids) t.push_back(tags[id]);
        return to_bio(t);
    };
    std::vector<std::vector<std::string>> train_first(train_set.size());
    for (std::size_t f = 0; f < 2; ++f) {
        std::vector<training_sentence> half;
        for (std::size_t s = 0; s < train_set.size(); ++s)
            if (sent_doc[s] % 2 != f) half.push_back(train_set[s]);
        std::ostringstream quiet;
        auto m = train_perceptron(tags, half, dev_set, scorer, po, quiet);
        for (std::size_t s = 0; s < train_set.size(); ++s)
            if (sent_doc[s] % 2 == f) train_first[s] = bio_of(m.decode(train_set[s].features));
    }
    // Add the history features document by document.
    std::size_t s0 = 0;
    for (std::size_t di = 0; di < train.documents.size(); ++di) {
        auto words = words_of(train.documents[di]);
        std::size_t n = words.size();
        std::vector<sentence_features> doc_fs(n);
        std::vector<std::vector<std::string>> first(n);
        for (std::size_t k = 0; k < n; ++k) {
            doc_fs[k] = std::move(train_set[s0 + k].features);
            first[k] = train_first[s0 + k];
        }
        add_history_features(words, first, doc_fs, true);
        for (std::size_t k = 0; k < n; ++k) train_set[s0 + k].features = std::move(doc_fs[k]);
        s0 += n;
    }
    s0 = 0;
    for (const auto& d : dev.documents) {
        auto words = words_of(d);
        std::size_t n = words.size();
        std::vector<sentence_features> doc_fs(n);
        std::vector<std::vector<std::string>> first(n);
        for (std::size_t k = 0; k < n; ++k) {
            doc_fs[k] = std::move(dev_set[s0 + k]);
            first[k] = bio_of(chain.decode(doc_fs[k]));
        }
        add_history_features(words, first, doc_fs, true);
        for (std::size_t k = 0; k < n; ++k) dev_set[s0 + k] = std::move(doc_fs[k]);
        s0 += n;
    }
    log << "stage 2: training\n";
    auto second = train_perceptron(tags, train_set, dev_set, scorer, po, log);
    return tagger_model(kind, std::move(chain), final_res, std::move(second), std::move(vocabulary));
}

}  // namespace kg::extract
