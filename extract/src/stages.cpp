#include "kg/extract/stages.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "kg/core/error.hpp"
#include "kg/core/io.hpp"
#include "kg/core/json.hpp"
#include "kg/core/utf8.hpp"

namespace kg::extract {
namespace {

using enum layer;

// The contract of every stage, indexed by stage_id.
const std::array<stage_contract, 9> contracts = {{
    {stage_id::tokenize, {}, {}, {tokens}, false},
    {stage_id::tag, {tokens}, {}, {pos, chunks, entities}, true, {"part-of-speech tagger", "chunker", "entity tagger"}},
    {stage_id::parse, {tokens}, {pos}, {parse}, true, {"dependency parser", "its part-of-speech tagger"}},
    {stage_id::boilerplate, {tokens}, {}, {boilerplate}, false},
    {stage_id::mentions, {tokens, boilerplate}, {pos, chunks, entities}, {mentions}, false},
    {stage_id::coreference, {mentions}, {pos}, {clusters}, false},
    {stage_id::predicates, {parse, clusters}, {pos}, {facts}, false},
    {stage_id::patterns, {clusters}, {pos, facts}, {facts}, false},
    {stage_id::relation_model, {clusters, pos}, {facts}, {facts}, true, {"relation classifier"}},
}};

constexpr std::array<const char*, 9> layer_names = {"tokens",      "pos",      "chunks",   "entities", "parse",
                                                     "boilerplate", "mentions", "clusters", "facts"};
constexpr std::array<const char*, 9> stage_names = {"tokenize",   "tag",         "parse",    "boilerplate",
                                                    "mentions",   "coreference", "predicates", "patterns",
                                                    "relation_model"};

bool contains(const std::vector<layer>& v, layer l) { return std::find(v.begin(), v.end(), l) != v.end(); }

// The first required layer of `s` that no stage before it in `m` assigns.
std::optional<layer> missing_layer(const pipeline_manifest& m, std::size_t s) {
    for (layer need : contract_of(m.stages[s].id).requires_layers) {
        bool found = false;
        for (std::size_t i = 0; i < s && !found; ++i) found = contains(contract_of(m.stages[i].id).assigns_layers, need);
        if (!found) return need;
    }
    return std::nullopt;
}

}  // namespace

const char* to_string(layer l) noexcept { return layer_names[static_cast<std::size_t>(l)]; }
const char* to_string(stage_id s) noexcept { return stage_names[static_cast<std::size_t>(s)]; }

std::optional<stage_id> parse_stage_id(std::string_view name) noexcept {
    for (std::size_t i = 0; i < stage_names.size(); ++i)
        if (name == stage_names[i]) return static_cast<stage_id>(i);
    return std::nullopt;
}

const stage_contract& contract_of(stage_id s) noexcept { return contracts[static_cast<std::size_t>(s)]; }

bool pipeline_manifest::has(stage_id s) const noexcept {
    return std::any_of(stages.begin(), stages.end(), [&](const stage_entry& e) { return e.id == s; });
}

void check_contracts(const pipeline_manifest& m) {
    for (std::size_t s = 0; s < m.stages.size(); ++s)
        if (auto need = missing_layer(m, s))
            throw data_error(fmt::format("stage '{}' needs the {} layer, which no stage before it assigns",
                                         to_string(m.stages[s].id), to_string(*need)),
                             m.path, m.stages[s].line);
}

pipeline_manifest pipeline_manifest::without(const std::vector<stage_id>& drop) const {
    pipeline_manifest out{path, {}};
    for (const auto& e : stages) {
        if (std::find(drop.begin(), drop.end(), e.id) != drop.end()) continue;
        out.stages.push_back(e);
        // A stage that lost a required layer with the dropped ones goes too.
        if (missing_layer(out, out.stages.size() - 1)) out.stages.pop_back();
    }
    return out;
}

pipeline_manifest pipeline_manifest::parse(std::string_view text, const std::string& path) {
    auto doc = kg::json::parse<data_error>(text, path);
    auto fail = [&](const std::string& what, std::size_t line = 0) { throw data_error(what, path, line); };
    if (!doc.IsObject()) fail("a pipeline manifest is a JSON object");
    auto format = doc.FindMember("format");
    if (format == doc.MemberEnd() || !format->value.IsString() || std::string_view(format->value.GetString()) != "kg-pipeline")
        fail("not a kg pipeline manifest (\"format\": \"kg-pipeline\" expected)");
    auto version = doc.FindMember("version");
    if (version == doc.MemberEnd() || !version->value.IsInt() || version->value.GetInt() != 1)
        fail("unsupported pipeline manifest version (1 expected)");
    auto list = doc.FindMember("stages");
    if (list == doc.MemberEnd() || !list->value.IsArray()) fail("\"stages\" must be an array");

    pipeline_manifest m{path, {}};
    std::size_t search_from = 0;  // the entries' names, found in order, give their lines
    for (const auto& v : list->value.GetArray()) {
        if (!v.IsObject()) fail("each stage is an object {\"name\": ..., \"models\": [...]}");
        auto name = v.FindMember("name");
        if (name == v.MemberEnd() || !name->value.IsString()) fail("a stage without a \"name\"");
        std::string n = name->value.GetString();
        std::size_t line = 0;
        if (auto at = text.find(fmt::format("\"{}\"", n), search_from); at != std::string_view::npos) {
            line = line_of_offset(text, at);
            search_from = at + n.size() + 2;
        }
        auto id = parse_stage_id(n);
        if (!id) {
            std::string known;
            for (auto s : stage_names) known += fmt::format("{}{}", known.empty() ? "" : ", ", s);
            fail(fmt::format("unknown stage '{}' (known: {})", n, known), line);
        }
        if (m.has(*id)) fail(fmt::format("stage '{}' is listed twice", n), line);
        stage_entry e{*id, {}, line};
        if (auto models = v.FindMember("models"); models != v.MemberEnd()) {
            if (!models->value.IsArray()) fail(fmt::format("stage '{}': \"models\" must be an array of file names", n), line);
            for (const auto& f : models->value.GetArray()) {
                if (!f.IsString() || f.GetStringLength() == 0)
                    fail(fmt::format("stage '{}': a model file name must be a non-empty string", n), line);
                e.models.emplace_back(f.GetString(), f.GetStringLength());
            }
        }
        const auto& roles = contract_of(*id).model_roles;
        if (roles.empty() && !e.models.empty()) fail(fmt::format("stage '{}' takes no model files", n), line);
        if (e.models.size() != roles.size()) {
            std::string what;
            for (auto r : roles) what += fmt::format("{}{}", what.empty() ? "" : ", ", r);
            fail(fmt::format("stage '{}' lists {} model file(s); it loads {}: {}, in that order", n, e.models.size(),
                             roles.size(), what),
                 line);
        }
        m.stages.push_back(std::move(e));
    }
    if (m.stages.empty() || m.stages.front().id != stage_id::tokenize) fail("the first stage must be 'tokenize'");
    check_contracts(m);
    return m;
}

pipeline_manifest pipeline_manifest::load(const std::string& path) {
    std::string text;
    try {
        text = kg::read_file(path);
    } catch (const kg::input_error& e) {
        throw data_error(e.message(), e.file(), e.line());
    }
    return parse(text, path);
}

}  // namespace kg::extract
