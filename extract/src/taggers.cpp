#include "kg/extract/taggers.hpp"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

#include "features.hpp"
#include "kg/core/error.hpp"

namespace kg::extract {

std::vector<std::vector<std::string>> tagger_model::tag_document(
    const std::vector<std::vector<std::string_view>>& sentences,
    const std::vector<std::vector<std::string>>* pos, detail::doc_analysis* analysis) const {
    std::vector<std::vector<std::string>> out(sentences.size());
    // Output names: decoding keeps to well-formed BILOU / BIO sequences, so
    // BILOU maps to BIO tag by tag (U- -> B-, L- -> I-).
    std::vector<std::string> tags = chain_.tags();
    if (chain_.scheme() == tag_scheme::bilou)
        for (auto& t : tags) {
            if (t.rfind("U-", 0) == 0) t[0] = 'B';
            if (t.rfind("L-", 0) == 0) t[0] = 'I';
        }
    auto names = [&](const std::vector<std::uint16_t>& ids, std::vector<std::string>& dst) {
        dst.resize(ids.size());
        for (std::size_t i = 0; i < ids.size(); ++i) dst[i] = tags[ids[i]];
    };
    sentence_features f;
    decode_workspace ws;
    std::vector<float> emit;
    auto decode = [&](const linear_chain_model& m, const sentence_features& fs_) -> const std::vector<std::uint16_t>& {
        emit.assign(fs_.size() * m.tag_count(), 0.0f);
        m.add_emissions(fs_, emit.data(), ws);
        return m.best_path(emit.data(), fs_.size(), ws);
    };
    switch (kind_) {
        case tagger_kind::pos:
        {
            std::vector<sentence_features> fs;
            detail::pos_features(sentences, *resources_, fs, analysis, &chain_, wordnet_cache_.get());
            const std::size_t t = chain_.tag_count();
            const auto& dict = resources_->tag_dictionary;
            for (std::size_t s = 0; s < sentences.size(); ++s) {
                const std::size_t n = sentences[s].size();
                emit.assign(n * t, 0.0f);
                chain_.add_emissions(fs[s], emit.data(), ws);
                // Frequent words only take the tags they had in training
                // (which also makes decoding much cheaper).
                if (!dict.empty() && fs[s].word_keys.size() == n) {
                    for (std::size_t i = 0; i < n; ++i) {
                        const std::uint64_t* mask = dict.find(fs[s].word_keys[i]);
                        if (!mask) continue;
                        for (std::size_t y = 0; y < t && y < 64; ++y)
                            if (!(*mask >> y & 1)) emit[i * t + y] = -std::numeric_limits<float>::infinity();
                    }
                }
                names(chain_.best_path(emit.data(), n, ws), out[s]);
            }
            break;
        }
        case tagger_kind::chunk: {
            std::vector<std::string_view> p;
            for (std::size_t s = 0; s < sentences.size(); ++s) {
                p.clear();
                if (pos && s < pos->size())
                    for (const auto& t : (*pos)[s]) p.push_back(t);
                detail::chunk_features(sentences[s], p, f,
                                       analysis && s < analysis->infos.size() ? &analysis->infos[s] : nullptr,
                                       &chain_);
                names(decode(chain_, f), out[s]);
            }
            break;
        }
        case tagger_kind::ner: {
            std::vector<sentence_features> fs;
            detail::ner_features(sentences, *resources_, fs, analysis, second_ ? &*merged_ : &chain_);
            if (!second_) {
                for (std::size_t s = 0; s < sentences.size(); ++s) {
                    names(decode(chain_, fs[s]), out[s]);
                }
                break;
            }
            // Two stages: one lookup per feature gives both stages' scores.
            const std::size_t t = chain_.tag_count();
            std::vector<std::vector<float>> both(sentences.size());
            for (std::size_t s = 0; s < sentences.size(); ++s) {
                const std::size_t n = sentences[s].size();
                both[s].assign(n * 2 * t, 0.0f);
                merged_->add_emissions(fs[s], both[s].data(), ws);
                emit.resize(n * t);
                for (std::size_t i = 0; i < n; ++i)
                    std::copy_n(&both[s][i * 2 * t], t, &emit[i * t]);
                names(chain_.best_path(emit.data(), n, ws), out[s]);
            }
            detail::add_history_features(sentences, out, fs, false);
            for (std::size_t s = 0; s < sentences.size(); ++s) {
                const std::size_t n = sentences[s].size();
                merged_->add_emissions(fs[s], both[s].data(), ws);
                emit.resize(n * t);
                for (std::size_t i = 0; i < n; ++i)
                    std::copy_n(&both[s][i * 2 * t + t], t, &emit[i * t]);
                names(second_->best_path(emit.data(), n, ws), out[s]);
            }
            break;
        }
    }
    return out;
}

taggers::taggers(tagger_model pos, tagger_model chunk, tagger_model ner)
    : pos_(std::move(pos)), chunk_(std::move(chunk)), ner_(std::move(ner)) {
    auto check = [](const tagger_model& m, tagger_kind k) {
        if (m.kind() != k)
            throw model_error(fmt::format("expected a {} model, got a {} model", to_string(k), to_string(m.kind())));
    };
    check(pos_, tagger_kind::pos);
    check(chunk_, tagger_kind::chunk);
    check(ner_, tagger_kind::ner);
}

taggers taggers::load(const std::string& models_dir) {
    auto path_of = [&](tagger_kind k) { return models_dir + "/" + to_string(k) + ".model"; };
    return load(path_of(tagger_kind::pos), path_of(tagger_kind::chunk), path_of(tagger_kind::ner));
}

taggers taggers::load(const std::string& pos_path, const std::string& chunk_path, const std::string& ner_path) {
    auto load_kind = [&](tagger_kind k, const std::string& path) {
        auto m = tagger_model::load(path);
        if (m.kind() != k)
            throw model_error(fmt::format("expected a {} model, found a {} model", to_string(k), to_string(m.kind())),
                              path);
        return m;
    };
    return taggers(load_kind(tagger_kind::pos, pos_path), load_kind(tagger_kind::chunk, chunk_path),
                   load_kind(tagger_kind::ner, ner_path));
}

taggers::document_tags taggers::tag_document(const std::vector<std::vector<std::string_view>>& sentences) const {
    document_tags out;
    detail::doc_analysis analysis(sentences);  // shared by the three taggers
    out.pos = pos_.tag_document(sentences, nullptr, &analysis);
    out.chunk = chunk_.tag_document(sentences, &out.pos, &analysis);
    out.ner = ner_.tag_document(sentences, nullptr, &analysis);
    return out;
}

void taggers::tag(analyzed_text& text) const {
    const std::size_t n = text.tokens.size();
    text.pos.assign(n, "NN");
    text.chunk.assign(n, "O");
    text.ner.assign(n, "O");
    std::vector<std::vector<std::string_view>> sentences;
    std::vector<std::size_t> first;
    sentences.reserve(text.sentences.size());
    for (const auto& s : text.sentences) {
        if (s.first_token >= s.last_token || s.last_token > n) continue;
        std::vector<std::string_view> words;
        words.reserve(s.size());
        for (std::size_t i = s.first_token; i < s.last_token; ++i) {
            const auto& t = text.tokens[i];
            words.push_back(t.norm.empty() ? std::string_view(t.text) : std::string_view(t.norm));
        }
        sentences.push_back(std::move(words));
        first.push_back(s.first_token);
    }
    auto tags = tag_document(sentences);
    for (std::size_t s = 0; s < sentences.size(); ++s) {
        for (std::size_t i = 0; i < sentences[s].size(); ++i) {
            text.pos[first[s] + i] = std::move(tags.pos[s][i]);
            text.chunk[first[s] + i] = std::move(tags.chunk[s][i]);
            text.ner[first[s] + i] = std::move(tags.ner[s][i]);
        }
    }
}

std::vector<entity_span> entity_spans(const analyzed_text& text) {
    std::vector<entity_span> out;
    if (text.ner.size() != text.tokens.size()) return out;
    for (std::size_t s = 0; s < text.sentences.size(); ++s) {
        const auto& sent = text.sentences[s];
        if (sent.first_token >= sent.last_token || sent.last_token > text.ner.size()) continue;
        std::vector<std::string> tags(text.ner.begin() + static_cast<std::ptrdiff_t>(sent.first_token),
                                      text.ner.begin() + static_cast<std::ptrdiff_t>(sent.last_token));
        for (auto& sp : tags_to_spans(tags))
            out.push_back({s, sent.first_token + sp.begin, sent.first_token + sp.end, std::move(sp.type)});
    }
    return out;
}

}  // namespace kg::extract
