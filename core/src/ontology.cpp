#include "kg/core/ontology.hpp"

#include <set>

#include <fmt/format.h>

#include "kg/core/error.hpp"
#include "kg/core/io.hpp"
#include "kg/core/json.hpp"

namespace kg {
namespace {

std::string get_string(const rapidjson::Value& obj, const char* key, const std::string& where,
                       const std::string& file, bool required) {
    auto it = obj.FindMember(key);
    if (it == obj.MemberEnd() || it->value.IsNull()) {
        if (required) throw data_error(fmt::format("{}: missing \"{}\"", where, key), file);
        return {};
    }
    if (!it->value.IsString()) throw data_error(fmt::format("{}: \"{}\" must be a string", where, key), file);
    return {it->value.GetString(), it->value.GetStringLength()};
}

std::vector<std::string> get_strings(const rapidjson::Value& obj, const char* key, const std::string& where,
                                     const std::string& file) {
    std::vector<std::string> out;
    auto it = obj.FindMember(key);
    if (it == obj.MemberEnd()) return out;
    if (!it->value.IsArray()) throw data_error(fmt::format("{}: \"{}\" must be an array of strings", where, key), file);
    for (auto& v : it->value.GetArray()) {
        if (!v.IsString()) throw data_error(fmt::format("{}: \"{}\" must be an array of strings", where, key), file);
        out.emplace_back(v.GetString(), v.GetStringLength());
    }
    return out;
}

}  // namespace

ontology ontology::load(const std::string& path) {
    std::string text;
    try {
        text = read_file(path);
    } catch (const input_error& e) {
        throw data_error(e.message(), path);
    }
    return parse(text, path);
}

ontology ontology::parse(std::string_view text, const std::string& file) {
    auto doc = json::parse<data_error>(text, file);
    if (!doc.IsObject()) throw data_error("ontology must be a JSON object", file);
    auto fmt_it = doc.FindMember("format");
    if (fmt_it == doc.MemberEnd() || !fmt_it->value.IsString() || std::string(fmt_it->value.GetString()) != "kg-ontology")
        throw data_error("not a kg ontology (\"format\" must be \"kg-ontology\")", file);
    auto ver = doc.FindMember("version");
    if (ver == doc.MemberEnd() || !ver->value.IsInt() || ver->value.GetInt() != 1)
        throw data_error("unsupported ontology version (expected 1)", file);

    ontology o;
    auto et = doc.FindMember("entity_types");
    if (et == doc.MemberEnd() || !et->value.IsArray()) throw data_error("missing array \"entity_types\"", file);
    for (auto& v : et->value.GetArray()) {
        if (!v.IsObject()) throw data_error("entity_types: entries must be objects", file);
        entity_type_info info;
        info.name = get_string(v, "name", "entity type", file, true);
        std::string where = "entity type " + info.name;
        info.display = get_string(v, "display", where, file, false);
        if (info.display.empty()) info.display = info.name;
        info.parent = get_string(v, "parent", where, file, false);
        info.color = get_string(v, "color", where, file, false);
        if (info.color.empty()) info.color = "#dddddd";
        info.shape = get_string(v, "shape", where, file, false);
        if (info.shape.empty()) info.shape = "ellipse";
        if (o.entity_index_.count(info.name)) throw data_error("duplicate entity type " + info.name, file);
        o.entity_index_.emplace(info.name, o.entity_types_.size());
        o.entity_types_.push_back(std::move(info));
    }
    for (auto& t : o.entity_types_)
        if (!t.parent.empty() && !o.entity_index_.count(t.parent))
            throw data_error(fmt::format("entity type {}: unknown parent {}", t.name, t.parent), file);
    // Reject parent cycles.
    for (auto& t : o.entity_types_) {
        std::set<std::string> seen;
        for (const entity_type_info* p = &t; p && !p->parent.empty(); p = o.entity_type(p->parent))
            if (!seen.insert(p->name).second) throw data_error("entity type cycle through " + t.name, file);
    }

    auto rt = doc.FindMember("relation_types");
    if (rt == doc.MemberEnd() || !rt->value.IsArray()) throw data_error("missing array \"relation_types\"", file);
    for (auto& v : rt->value.GetArray()) {
        if (!v.IsObject()) throw data_error("relation_types: entries must be objects", file);
        relation_type_info info;
        info.name = get_string(v, "name", "relation type", file, true);
        std::string where = "relation type " + info.name;
        info.label = get_string(v, "label", where, file, true);
        info.inverse_label = get_string(v, "inverse_label", where, file, false);
        info.description = get_string(v, "description", where, file, false);
        info.domain = get_strings(v, "domain", where, file);
        info.range = get_strings(v, "range", where, file);
        for (auto* list : {&info.domain, &info.range})
            for (auto& t : *list)
                if (!o.entity_index_.count(t)) throw data_error(fmt::format("{}: unknown entity type {}", where, t), file);
        auto sym = v.FindMember("symmetric");
        if (sym != v.MemberEnd()) {
            if (!sym->value.IsBool()) throw data_error(where + ": \"symmetric\" must be true or false", file);
            info.symmetric = sym->value.GetBool();
        }
        if (o.relation_index_.count(info.name)) throw data_error("duplicate relation type " + info.name, file);
        o.relation_index_.emplace(info.name, o.relation_types_.size());
        o.relation_types_.push_back(std::move(info));
    }
    return o;
}

const entity_type_info* ontology::entity_type(std::string_view name) const noexcept {
    auto it = entity_index_.find(name);
    return it == entity_index_.end() ? nullptr : &entity_types_[it->second];
}

const relation_type_info* ontology::relation_type(std::string_view name) const noexcept {
    auto it = relation_index_.find(name);
    return it == relation_index_.end() ? nullptr : &relation_types_[it->second];
}

bool ontology::is_a(std::string_view type, std::string_view ancestor) const noexcept {
    for (const entity_type_info* t = entity_type(type); t; t = t->parent.empty() ? nullptr : entity_type(t->parent))
        if (t->name == ancestor) return true;
    return false;
}

bool ontology::allows(std::string_view relation, std::string_view source_type,
                      std::string_view target_type) const noexcept {
    const auto* r = relation_type(relation);
    if (!r) return false;
    auto accepts = [&](const std::vector<std::string>& types, std::string_view t) {
        if (types.empty()) return true;
        for (auto& a : types)
            if (is_a(t, a)) return true;
        return false;
    };
    return accepts(r->domain, source_type) && accepts(r->range, target_type);
}

}  // namespace kg
