#include "kg/extract/parser_training.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <ostream>
#include <sstream>
#include <unordered_map>

#include <fmt/format.h>

#include "kg/core/error.hpp"

namespace kg::extract {
namespace {

std::uint64_t next_random(std::uint64_t& s) {
    std::uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
double uniform(std::uint64_t& s) { return static_cast<double>(next_random(s) >> 11) * 0x1.0p-53; }

// Averaged perceptron weights, sparse per feature (lazy averaging).
class perceptron {
public:
    struct weight {
        std::uint16_t move;
        float w;
        double total;
        std::uint64_t stamp;
    };
    void score(const std::vector<std::uint64_t>& keys, std::vector<float>& scores) const {
        for (auto k : keys) {
            auto it = index_.find(k);
            if (it == index_.end()) continue;
            for (const auto& e : rows_[it->second]) scores[e.move] += e.w;
        }
    }
    void update(const std::vector<std::uint64_t>& keys, std::uint16_t move, float delta, std::uint64_t now) {
        for (auto k : keys) {
            auto [it, added] = index_.try_emplace(k, static_cast<std::uint32_t>(rows_.size()));
            if (added) rows_.emplace_back();
            auto& row = rows_[it->second];
            auto e = std::find_if(row.begin(), row.end(), [&](const weight& x) { return x.move == move; });
            if (e == row.end()) {
                row.push_back({move, 0.0f, 0.0, now});
                e = row.end() - 1;
            }
            e->total += static_cast<double>(now - e->stamp) * e->w;
            e->w += delta;
            e->stamp = now;
        }
    }
    std::vector<dependency_parser::feature_row> averaged(std::uint64_t now, float prune) const {
        std::vector<dependency_parser::feature_row> out;
        out.reserve(index_.size());
        for (const auto& [key, r] : index_) {
            dependency_parser::feature_row row;
            row.key = key;
            for (const auto& e : rows_[r]) {
                double avg = (e.total + static_cast<double>(now - e.stamp) * e.w) / static_cast<double>(std::max<std::uint64_t>(now, 1));
                if (std::abs(avg) > prune && avg != 0.0) row.weights.emplace_back(e.move, static_cast<float>(avg));
            }
            std::sort(row.weights.begin(), row.weights.end());
            if (!row.weights.empty()) out.push_back(std::move(row));
        }
        std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
        return out;
    }
    std::size_t size() const { return index_.size(); }

private:
    std::unordered_map<std::uint64_t, std::uint32_t> index_;
    std::vector<std::vector<weight>> rows_;
};

struct prepared {
    parser_sentence features;
    std::vector<std::int32_t> gold_head;   // per position 0..n (0 unused)
    std::vector<std::int32_t> gold_label;  // per position
    std::int32_t n = 0;
};

}  // namespace

dependency_parser prune_parser(const dependency_parser& model, std::size_t max_weights) {
    auto rows = model.rows();
    struct ref {
        float mag;
        std::uint64_t key;
        std::uint16_t move;
    };
    std::vector<ref> all;
    for (const auto& r : rows)
        for (const auto& [m, w] : r.weights) all.push_back({std::fabs(w), r.key, m});
    if (all.size() > max_weights) {
        auto better = [](const ref& a, const ref& b) {
            if (a.mag != b.mag) return a.mag > b.mag;
            if (a.key != b.key) return a.key < b.key;
            return a.move < b.move;
        };
        std::nth_element(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(max_weights), all.end(), better);
        all.resize(max_weights);
        std::sort(all.begin(), all.end(), [](const ref& a, const ref& b) { return a.key != b.key ? a.key < b.key : a.move < b.move; });
        std::size_t k = 0;
        for (auto& r : rows) {
            std::vector<std::pair<std::uint16_t, float>> kept;
            for (const auto& e : r.weights) {
                while (k < all.size() && (all[k].key < r.key || (all[k].key == r.key && all[k].move < e.first))) ++k;
                if (k < all.size() && all[k].key == r.key && all[k].move == e.first) kept.push_back(e);
            }
            r.weights = std::move(kept);
        }
        rows.erase(std::remove_if(rows.begin(), rows.end(), [](const auto& r) { return r.weights.empty(); }), rows.end());
    }
    return dependency_parser(model.labels(), std::move(rows), model.scale(), model.clusters());
}

attachment_scores evaluate_parser(const dependency_parser& parser, const std::vector<parser_example>& examples,
                                  std::vector<std::vector<std::int32_t>>* heads,
                                  std::vector<std::vector<std::string>>* deprels) {
    attachment_scores scores;
    dependency_parser::workspace ws;
    std::vector<std::int32_t> head;
    std::vector<std::uint32_t> rel;
    std::vector<std::string> names;
    for (const auto& ex : examples) {
        std::vector<std::string_view> words(ex.words.begin(), ex.words.end()), tags(ex.tags.begin(), ex.tags.end());
        parser.parse(words, tags, head, rel, ws);
        names.clear();
        for (auto r : rel) names.push_back(parser.labels()[r]);
        scores.add(ex.head, ex.deprel, head, names);
        if (heads) heads->push_back(head);
        if (deprels) deprels->push_back(names);
    }
    return scores;
}

dependency_parser train_parser(const std::vector<parser_example>& train, const std::vector<parser_example>& dev,
                               const parser_train_options& options, std::ostream& log, parser_train_report* report) {
    parser_train_report rep;
    // Labels, sorted.
    std::map<std::string, std::int32_t> label_index;
    for (const auto& ex : train)
        for (const auto& r : ex.deprel) label_index.emplace(r, 0);
    label_index.emplace("root", 0);
    std::vector<std::string> labels;
    for (auto& [name, id] : label_index) {
        id = static_cast<std::int32_t>(labels.size());
        labels.push_back(name);
    }
    if (labels.size() > 126) throw input_error(fmt::format("{} relation labels (at most 126)", labels.size()));
    const auto root_label = static_cast<std::uint32_t>(label_index["root"]);
    const std::uint32_t moves = arc_eager::move_count(static_cast<std::uint32_t>(labels.size()));

    std::vector<prepared> data;
    for (const auto& ex : train) {
        ++rep.sentences;
        rep.words += ex.words.size();
        std::size_t roots = 0;
        for (auto h : ex.head) roots += h < 0;
        if (!is_projective(ex.head) || roots != 1) {
            ++rep.nonprojective;
            rep.nonprojective_words += ex.words.size();
            continue;
        }
        prepared p;
        p.n = static_cast<std::int32_t>(ex.words.size());
        std::vector<std::string_view> words(ex.words.begin(), ex.words.end()), tags(ex.tags.begin(), ex.tags.end());
        p.features.assign(words, tags, &options.clusters);
        p.gold_head.assign(ex.words.size() + 1, 0);
        p.gold_label.assign(ex.words.size() + 1, 0);
        for (std::size_t i = 0; i < ex.words.size(); ++i) {
            p.gold_head[i + 1] = ex.head[i] + 1;
            p.gold_label[i + 1] = label_index[ex.deprel[i]];
        }
        data.push_back(std::move(p));
    }
    log << fmt::format("{} training sentences ({} words); {} non-projective ones ({:.2f}%, {} words) left out; {} labels\n",
                       rep.sentences, rep.words, rep.nonprojective,
                       rep.sentences ? 100.0 * static_cast<double>(rep.nonprojective) / static_cast<double>(rep.sentences) : 0.0,
                       rep.nonprojective_words, labels.size());

    perceptron model;
    std::uint64_t now = 0;
    std::uint64_t rng = options.seed;
    std::vector<std::size_t> order(data.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    arc_eager::state st;
    std::vector<std::uint64_t> keys;
    std::vector<float> scores(moves);
    std::vector<std::uint32_t> costs(moves);
    dependency_parser best;
    double best_las = -1;
    int since_best = 0;
    for (int epoch = 1; epoch <= options.epochs; ++epoch) {
        for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[next_random(rng) % i]);
        std::size_t steps = 0, errors = 0;
        for (auto idx : order) {
            const auto& ex = data[idx];
            st.reset(ex.n);
            while (!st.terminal()) {
                parser_features(st, ex.features, keys);
                std::fill(scores.begin(), scores.end(), 0.0f);
                model.score(keys, scores);
                std::uint32_t pred = moves, gold = moves, min_cost = UINT32_MAX;
                arc_eager::costs(st, root_label, ex.gold_head, ex.gold_label, costs);
                for (std::uint32_t m = 0; m < moves; ++m) {
                    if (costs[m] == UINT32_MAX) continue;
                    min_cost = std::min(min_cost, costs[m]);
                    if (pred == moves || scores[m] > scores[pred]) pred = m;
                }
                for (std::uint32_t m = 0; m < moves; ++m)
                    if (costs[m] == min_cost && (gold == moves || scores[m] > scores[gold])) gold = m;
                ++now;
                ++steps;
                std::uint32_t next = gold;
                if (costs[pred] != min_cost) {
                    ++errors;
                    model.update(keys, static_cast<std::uint16_t>(gold), 1.0f, now);
                    model.update(keys, static_cast<std::uint16_t>(pred), -1.0f, now);
                    if (epoch > 1 && uniform(rng) < options.explore) next = pred;
                } else {
                    next = pred;
                }
                st.apply(next);
            }
        }
        dependency_parser candidate(labels, model.averaged(now, options.prune_below), 0.0f, options.clusters);
        auto dev_scores = evaluate_parser(candidate, dev);
        log << fmt::format("epoch {:2}: train move accuracy {:.2f}%, {} features; dev UAS {:.2f} LAS {:.2f}\n", epoch,
                           steps ? 100.0 * static_cast<double>(steps - errors) / static_cast<double>(steps) : 0.0,
                           candidate.feature_count(), dev_scores.uas(), dev_scores.las());
        log.flush();
        if (dev_scores.las() > best_las) {
            best_las = dev_scores.las();
            best = std::move(candidate);
            rep.best_epoch = epoch;
            rep.dev_uas = dev_scores.uas();
            rep.dev_las = dev_scores.las();
            since_best = 0;
        } else if (++since_best >= options.patience) {
            break;
        }
    }
    log << fmt::format("best epoch {}: dev UAS {:.2f} LAS {:.2f}\n", rep.best_epoch, rep.dev_uas, rep.dev_las);
    if (options.max_weights && best.weight_count() > options.max_weights) {
        const std::size_t had = best.weight_count();
        best = prune_parser(best, options.max_weights);
        auto pruned = evaluate_parser(best, dev);
        rep.dev_uas = pruned.uas();
        rep.dev_las = pruned.las();
        log << fmt::format("kept the {} largest of {} weights ({} features): dev UAS {:.2f} LAS {:.2f}\n",
                           best.weight_count(), had, best.feature_count(), rep.dev_uas, rep.dev_las);
    }
    if (report) *report = rep;
    return best;
}

}  // namespace kg::extract

namespace kg::extract {
namespace {

bool starts_document(const conllu_sentence& s) {
    for (const auto& c : s.comments)
        if (c.rfind("# newdoc", 0) == 0) return true;
    return false;
}

// Tags sentences [begin, end) document by document (a document of at most
// 200 sentences, cut at "# newdoc").
void tag_range(const conllu_corpus& corpus, std::size_t begin, std::size_t last, const tagger_model& pos,
               std::vector<parser_example>& out) {
    while (begin < last) {
        std::size_t end = begin + 1;
        while (end < last && end - begin < 200 && !starts_document(corpus.sentences[end])) ++end;
        std::vector<std::vector<std::string_view>> doc;
        for (std::size_t i = begin; i < end; ++i) doc.emplace_back(out[i].words.begin(), out[i].words.end());
        auto tags = pos.tag_document(doc);
        for (std::size_t i = begin; i < end; ++i) out[i].tags = std::move(tags[i - begin]);
        begin = end;
    }
}

}  // namespace

std::vector<parser_example> parser_examples(const conllu_corpus& corpus, const tagger_model* pos) {
    std::vector<parser_example> out;
    out.reserve(corpus.sentences.size());
    for (const auto& s : corpus.sentences) {
        parser_example ex;
        ex.words = s.form;
        ex.tags = s.xpos;
        ex.head = s.head;
        ex.deprel = s.deprel;
        out.push_back(std::move(ex));
    }
    if (pos) tag_range(corpus, 0, corpus.sentences.size(), *pos, out);
    return out;
}

void jackknife_tags(const conllu_corpus& corpus, const conllu_corpus& dev, std::size_t folds,
                    const train_options& options, std::vector<parser_example>& examples, std::ostream& log) {
    const std::size_t n = corpus.sentences.size();
    if (folds < 2 || folds > n) throw input_error(fmt::format("cannot split {} sentences into {} folds", n, folds));
    auto dev_conll = conllu_as_conll(dev);
    for (std::size_t k = 0; k < folds; ++k) {
        const std::size_t begin = k * n / folds, end = (k + 1) * n / folds;
        conllu_corpus rest;
        rest.source = corpus.source;
        for (std::size_t i = 0; i < n; ++i)
            if (i < begin || i >= end) rest.sentences.push_back(corpus.sentences[i]);
        std::ostringstream quiet;
        auto tagger = train_tagger(tagger_kind::pos, conllu_as_conll(rest), dev_conll, options, nullptr, quiet);
        tag_range(corpus, begin, end, tagger, examples);
        std::size_t right = 0, words = 0;
        for (std::size_t i = begin; i < end; ++i)
            for (std::size_t j = 0; j < examples[i].tags.size(); ++j, ++words) right += examples[i].tags[j] == corpus.sentences[i].xpos[j];
        log << fmt::format("jackknife fold {}/{}: sentences {}-{} tagged at {:.2f}%\n", k + 1, folds, begin, end - 1,
                           words ? 100.0 * static_cast<double>(right) / static_cast<double>(words) : 0.0);
        log.flush();
    }
}

conll_corpus conllu_as_conll(const conllu_corpus& corpus) {
    conll_corpus c;
    c.source = corpus.source;
    c.columns = 2;
    for (const auto& s : corpus.sentences) {
        if (c.documents.empty() || starts_document(s)) c.documents.emplace_back();
        conll_sentence cs;
        for (std::size_t i = 0; i < s.size(); ++i) {
            cs.rows.push_back({s.form[i], s.xpos[i]});
            cs.lines.push_back(s.first_line + s.comments.size() + s.word_line[i]);
        }
        c.documents.back().sentences.push_back(std::move(cs));
    }
    return c;
}

}  // namespace kg::extract
