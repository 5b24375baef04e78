// Model files: reading and writing tagger_model.
#include <algorithm>
#include <cmath>
#include <cstring>

#include <fmt/format.h>

#include "detail/model_bytes.hpp"
#include "features.hpp"
#include "kg/core/error.hpp"
#include "kg/core/ids.hpp"
#include "kg/core/io.hpp"
#include "kg/extract/taggers.hpp"

namespace kg::extract {
namespace detail {
namespace {

constexpr std::string_view magic = "KGTAGGER";

}  // namespace

std::string seal_envelope(std::string_view magic, std::uint32_t version, std::uint32_t kind,
                          std::uint32_t feature_version, std::string_view payload) {
    writer f;
    f.bytes() += magic;
    f.u32(version);
    f.u32(kind);
    f.u32(feature_version);
    f.u64(payload.size());
    f.bytes() += payload;
    f.u64(kg::fnv1a64(f.bytes()));
    return std::move(f.bytes());
}

envelope open_envelope(std::string_view bytes, std::string_view magic, std::string_view what,
                       std::uint32_t expected_version, const std::string& source) {
    const std::size_t header_size = magic.size() + 4 + 4 + 4 + 8;
    if (bytes.size() < magic.size()) {
        if (magic.substr(0, bytes.size()) == bytes)
            throw model_error(fmt::format("truncated model file ({} bytes)", bytes.size()), source);
        throw model_error(fmt::format("not a {} (wrong magic)", what), source);
    }
    if (bytes.substr(0, magic.size()) != magic) throw model_error(fmt::format("not a {} (wrong magic)", what), source);
    if (bytes.size() < header_size + 8)
        throw model_error(fmt::format("truncated model file ({} bytes)", bytes.size()), source);
    reader h(bytes.substr(magic.size(), header_size - magic.size()), source);
    envelope env;
    std::uint32_t version = h.u32();
    env.kind = h.u32();
    env.feature_version = h.u32();
    std::uint64_t payload_size = h.u64();
    if (version != expected_version)
        throw model_error(fmt::format("unsupported model format version {} (this kg reads version {})", version,
                                      expected_version),
                          source);
    if (payload_size > bytes.size() || bytes.size() - header_size - 8 < payload_size)
        throw model_error(fmt::format("truncated model file ({} bytes, expected {})", bytes.size(),
                                      header_size + payload_size + 8),
                          source);
    if (bytes.size() != header_size + payload_size + 8)
        throw model_error(fmt::format("corrupt model: {} bytes of trailing data", bytes.size() - header_size - payload_size - 8),
                          source);
    reader tail(bytes.substr(header_size + payload_size), source);
    std::uint64_t stored = tail.u64();
    std::uint64_t actual = kg::fnv1a64(bytes.substr(0, header_size + payload_size));
    if (stored != actual) throw model_error("corrupt model: checksum mismatch", source);
    env.payload = bytes.substr(header_size, payload_size);
    return env;
}

void write_chain(writer& p, const linear_chain_model& chain) {
    const auto& tags = chain.tags();
    p.varint(tags.size());
    for (const auto& t : tags) p.str(t);
    for (float v : chain.transitions()) p.f32(std::isfinite(v) ? v : 0.0f);
    for (float v : chain.final_weights()) p.f32(std::isfinite(v) ? v : 0.0f);
    auto rows = chain.rows();
    float max_abs = 0.0f;
    for (const auto& r : rows)
        for (const auto& [tag, w] : r.weights) max_abs = std::max(max_abs, std::fabs(w));
    float scale = max_abs > 0 ? max_abs / 32767.0f : 1.0f;
    p.f32(scale);
    // Quantize; rows whose weights all round to zero are dropped.
    std::vector<std::pair<std::uint64_t, std::vector<std::pair<std::uint8_t, std::int16_t>>>> q;
    q.reserve(rows.size());
    for (const auto& r : rows) {
        std::vector<std::pair<std::uint8_t, std::int16_t>> ws;
        for (const auto& [tag, w] : r.weights) {
            long v = std::lround(w / scale);
            if (v != 0) ws.emplace_back(static_cast<std::uint8_t>(tag), static_cast<std::int16_t>(v));
        }
        if (!ws.empty()) q.emplace_back(r.key, std::move(ws));
    }
    p.varint(q.size());
    std::uint64_t prev = 0;
    for (const auto& [key, ws] : q) {
        p.varint(key - prev);
        prev = key;
        p.u8(static_cast<std::uint8_t>(ws.size()));
        for (const auto& [tag, v] : ws) {
            p.u8(tag);
            p.u16(static_cast<std::uint16_t>(v));
        }
    }
}

linear_chain_model read_chain(reader& p, std::size_t payload_size) {
    std::size_t t = p.count(255);
    std::vector<std::string> tags(t);
    for (auto& s : tags) s = p.str();
    std::vector<float> trans((t + 1) * t), fin(t);
    for (auto& v : trans) v = p.f32();
    for (auto& v : fin) v = p.f32();
    float scale = p.f32();
    if (!std::isfinite(scale)) p.fail("bad weight scale");
    std::size_t nrows = p.count(payload_size);
    std::vector<linear_chain_model::feature_row> rows(nrows);
    std::uint64_t key = 0;
    for (auto& r : rows) {
        key += p.varint();
        r.key = key;
        std::size_t n = p.u8();
        r.weights.resize(n);
        for (auto& [tag, w] : r.weights) {
            tag = p.u8();
            if (tag >= t) p.fail("tag index out of range");
            w = static_cast<float>(static_cast<std::int16_t>(p.u16())) * scale;
        }
    }
    return linear_chain_model(std::move(tags), std::move(trans), std::move(fin), std::move(rows));
}

}  // namespace detail

const char* to_string(tagger_kind k) noexcept {
    switch (k) {
        case tagger_kind::pos: return "pos";
        case tagger_kind::chunk: return "chunk";
        case tagger_kind::ner: return "ner";
    }
    return "?";
}

tagger_model::tagger_model(tagger_kind kind, linear_chain_model chain,
                           std::shared_ptr<const detail::ner_resources> resources,
                           std::optional<linear_chain_model> second, std::vector<std::string> vocabulary)
    : kind_(kind),
      chain_(std::move(chain)),
      resources_(std::move(resources)),
      second_(std::move(second)),
      vocabulary_(std::move(vocabulary)) {
    if (!resources_) resources_ = std::make_shared<detail::ner_resources>();
    if (second_) {
        const std::size_t t = chain_.tag_count();
        std::vector<std::string> tags = chain_.tags();
        for (const auto& tag : second_->tags()) tags.push_back("2:" + tag);
        auto rows = chain_.rows();
        auto more = second_->rows();
        for (auto& r : more)
            for (auto& w : r.weights) w.first = static_cast<std::uint16_t>(w.first + t);
        rows.insert(rows.end(), more.begin(), more.end());
        std::sort(rows.begin(), rows.end(),
                  [](const auto& a, const auto& b) { return a.key < b.key; });
        // Join the rows of keys both stages use.
        std::vector<linear_chain_model::feature_row> joined;
        for (auto& r : rows) {
            if (!joined.empty() && joined.back().key == r.key)
                joined.back().weights.insert(joined.back().weights.end(), r.weights.begin(), r.weights.end());
            else
                joined.push_back(std::move(r));
        }
        merged_.emplace(std::move(tags), std::vector<float>{}, std::vector<float>{}, std::move(joined));
    }
    if (!vocabulary_.empty()) {
        // The feature groups of each vocabulary word: the middle token of
        // the sentence "w w w w w" has w in every group; a one-token sentence
        // has the sentence boundaries as its neighbours.
        auto features_of = [&](const std::vector<std::string_view>& sentence) {
            std::vector<std::vector<std::string_view>> doc{sentence};
            std::vector<sentence_features> fs(1);
            switch (kind_) {
                case tagger_kind::pos: detail::pos_features(doc, *resources_, fs); break;
                case tagger_kind::chunk: detail::chunk_features(doc[0], {}, fs[0]); break;
                case tagger_kind::ner: detail::ner_features(doc, *resources_, fs); break;
            }
            return std::move(fs[0]);
        };
        std::vector<sentence_features> words;
        words.reserve(vocabulary_.size());
        for (const auto& w : vocabulary_) words.push_back(features_of({w, w, w, w, w}));
        const sentence_features boundary = features_of({vocabulary_.front()});
        // (The first stage alone, chain_, decodes without the cache: the same
        // results, and a second table would only take memory.)
        (merged_ ? *merged_ : chain_).build_word_cache(words, boundary);
        if (kind_ == tagger_kind::pos && !resources_->wordnet.empty()) {
            auto known = std::make_shared<detail::wordnet_cache>();
            for (const auto& w : vocabulary_)
                known->classes[detail::hash_str(w)] = detail::wordnet_class(*resources_, detail::lower_ascii(w));
            wordnet_cache_ = std::move(known);
        }
    }
}

tagger_model tagger_model::without_word_cache() const {
    linear_chain_model chain = chain_;
    chain.drop_word_cache();
    return tagger_model(kind_, std::move(chain), resources_, second_);
}

std::string tagger_model::serialize() const {
    detail::writer p;  // payload
    detail::write_chain(p, chain_);
    // Entity resources, sorted for determinism.
    auto gaz = resources_->gazetteer.sorted();
    p.varint(gaz.size());
    std::uint64_t prev = 0;
    for (const auto& [key, bits] : gaz) {
        p.varint(key - prev);
        prev = key;
        p.u8(bits);
    }
    auto cl = resources_->clusters.sorted();
    p.varint(cl.size());
    prev = 0;
    for (const auto& [key, ids] : cl) {
        p.varint(key - prev);
        prev = key;
        for (auto id : ids) p.u16(id);
    }
    p.u8(second_ ? 1 : 0);
    if (second_) detail::write_chain(p, *second_);
    p.varint(vocabulary_.size());
    for (const auto& w : vocabulary_) p.str(w);
    auto dict = resources_->tag_dictionary.sorted();
    p.varint(dict.size());
    prev = 0;
    for (const auto& [key, mask] : dict) {
        p.varint(key - prev);
        prev = key;
        p.u64(mask);
    }
    auto lexicon = resources_->wordnet.sorted();
    p.varint(lexicon.size());
    prev = 0;
    for (const auto& [key, bits] : lexicon) {
        p.varint(key - prev);
        prev = key;
        p.u16(bits);
    }

    return detail::seal_envelope(detail::magic, model_format_version, static_cast<std::uint32_t>(kind_),
                                 detail::feature_version, p.bytes());
}

tagger_model tagger_model::parse(std::string_view bytes, const std::string& source) {
    auto env = detail::open_envelope(bytes, detail::magic, "kg tagger model", model_format_version, source);
    const std::uint32_t kind = env.kind;
    const std::uint64_t payload_size = env.payload.size();
    if (kind < 1 || kind > 3) throw model_error(fmt::format("corrupt model: unknown tagger kind {}", kind), source);
    if (env.feature_version != detail::feature_version)
        throw model_error(fmt::format("model uses feature version {}, this kg computes version {}: retrain it",
                                      env.feature_version, detail::feature_version),
                          source);

    detail::reader p(env.payload, source);
    auto chain = detail::read_chain(p, payload_size);
    std::uint64_t key = 0;
    auto res = std::make_shared<detail::ner_resources>();
    std::size_t ngaz = p.count(payload_size);
    res->gazetteer.reserve(ngaz);
    key = 0;
    for (std::size_t i = 0; i < ngaz; ++i) {
        key += p.varint();
        res->gazetteer[key] = p.u8();
    }
    std::size_t ncl = p.count(payload_size);
    res->clusters.reserve(ncl);
    key = 0;
    for (std::size_t i = 0; i < ncl; ++i) {
        key += p.varint();
        std::array<std::uint16_t, 3> ids{};
        for (auto& id : ids) id = p.u16();
        res->clusters[key] = ids;
    }
    std::optional<linear_chain_model> second;
    std::uint8_t has_second = p.u8();
    if (has_second > 1) p.fail("bad second-stage flag");
    if (has_second) {
        second = detail::read_chain(p, payload_size);
        if (second->tags() != chain.tags()) p.fail("second stage has other tags");
    }
    std::vector<std::string> vocabulary(p.count(payload_size));
    for (auto& w : vocabulary) w = p.str();
    std::size_t ndict = p.count(payload_size);
    key = 0;
    for (std::size_t i = 0; i < ndict; ++i) {
        key += p.varint();
        res->tag_dictionary[key] = p.u64();
    }
    std::size_t nlex = p.count(payload_size);
    res->wordnet.reserve(nlex);
    key = 0;
    for (std::size_t i = 0; i < nlex; ++i) {
        key += p.varint();
        res->wordnet[key] = p.u16();
    }
    if (!p.done()) p.fail("unexpected data after the last section");
    return tagger_model(static_cast<tagger_kind>(kind), std::move(chain), std::move(res), std::move(second),
                        std::move(vocabulary));
}

tagger_model tagger_model::load(const std::string& path) {
    std::string bytes;
    try {
        bytes = kg::read_file(path);
    } catch (const kg::error& e) {
        throw model_error(e.message(), path);
    }
    return parse(bytes, path);
}

}  // namespace kg::extract
