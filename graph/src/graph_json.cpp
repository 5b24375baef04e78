#include "kg/graph/graph_json.hpp"
#include "kg/graph/graph_file.hpp"

#include <cmath>
#include <cstring>
#include <utility>

#include <fmt/format.h>
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include "kg/core/error.hpp"
#include "kg/core/ids.hpp"
#include "kg/core/io.hpp"
#include "kg/core/utf8.hpp"

namespace kg::graph {
namespace detail {

using json_writer = rapidjson::PrettyWriter<rapidjson::StringBuffer>;
using json_value = rapidjson::Value;

void write_string(json_writer& w, std::string_view s) {
    if (!kg::is_valid_utf8(s)) {  // never write a file we would refuse to read
        std::string repaired = kg::repair_utf8(s).text;
        w.String(repaired.data(), static_cast<rapidjson::SizeType>(repaired.size()));
        return;
    }
    w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

void write_key_string(json_writer& w, const char* key, std::string_view value) {
    w.Key(key);
    write_string(w, value);
}

void write_number(json_writer& w, double x) {
    // Shortest representation that reads back to the same double.
    std::string s = std::isfinite(x) ? fmt::format("{}", x) : std::string("0");
    w.RawValue(s.data(), s.size(), rapidjson::kNumberType);
}

void write_span(json_writer& w, const kg::span& s) {
    w.Key("start");
    w.Uint64(s.begin);
    w.Key("end");
    w.Uint64(s.end);
}

void write_document(json_writer& w, const kg::document& d) {
    w.StartObject();
    write_key_string(w, "id", d.id);
    write_key_string(w, "title", d.title);
    write_key_string(w, "source", d.source);
    if (!d.date.empty()) write_key_string(w, "date", d.date);
    if (!d.url.empty()) write_key_string(w, "url", d.url);
    if (!d.content_hash.empty()) write_key_string(w, "hash", d.content_hash);
    w.EndObject();
}

void write_entity(json_writer& w, const kg::entity& e) {
    w.StartObject();
    write_key_string(w, "id", e.id);
    write_key_string(w, "type", e.type);
    write_key_string(w, "label", e.label);
    w.Key("aliases");
    w.StartArray();
    for (const auto& a : e.aliases) write_string(w, a);
    w.EndArray();
    w.Key("attributes");
    w.StartObject();
    for (const auto& [key, values] : e.attributes) {
        write_string(w, key);  // as a key: the writer is in an object
        w.StartArray();
        for (const auto& v : values) write_string(w, v);
        w.EndArray();
    }
    w.EndObject();
    w.Key("mentions");
    w.StartArray();
    for (const auto& m : e.mentions) {
        w.StartObject();
        write_key_string(w, "document", m.document);
        write_span(w, m.chars);
        write_key_string(w, "text", m.text);
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
}

void write_fact(json_writer& w, const kg::fact& f) {
    w.StartObject();
    write_key_string(w, "id", f.id);
    write_key_string(w, "source", f.source);
    write_key_string(w, "target", f.target);
    write_key_string(w, "type", f.type);
    write_key_string(w, "label", f.label);
    write_key_string(w, "polarity", kg::to_string(f.polarity));
    write_key_string(w, "modality", kg::to_string(f.modality));
    if (!f.time.empty()) write_key_string(w, "time", f.time);
    w.Key("confidence");
    write_number(w, f.confidence);
    // How many sentences state the fact (the length of "evidence"; derived, not read back).
    w.Key("count");
    w.Uint64(f.evidence.size());
    w.Key("evidence");
    w.StartArray();
    for (const auto& ev : f.evidence) {
        w.StartObject();
        write_key_string(w, "document", ev.document);
        write_key_string(w, "sentence", ev.sentence);
        write_span(w, ev.chars);
        write_key_string(w, "rule", ev.rule);
        if (!ev.attributed_to.empty()) write_key_string(w, "attributed_to", ev.attributed_to);
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
}

// Where a value is in the file, e.g. "edges[3] (id 'f1').evidence[0].start":
// a chain of small records on the stack, spelled out only when something is
// wrong (a load of a million edges builds no strings for it).
struct location {
    static constexpr std::size_t no_index = static_cast<std::size_t>(-1);
    const location* parent = nullptr;
    const char* key = nullptr;  // a field name (or a top-level array)
    std::size_t index = no_index;
    std::string_view id;  // the element's id, once read

    location field(const char* k) const { return {this, k, no_index, {}}; }
    location element(std::size_t i) const { return {parent, key, i, {}}; }

    std::string str() const {
        std::string out = parent ? parent->str() : std::string();
        if (key) {
            if (!out.empty()) out += '.';
            out += key;
        }
        if (index != no_index) out += fmt::format("[{}]", index);
        if (!id.empty()) out += fmt::format(" (id '{}')", id);
        return out;
    }
};

// Validating reader: every problem becomes a kg::input_error naming the
// source, the JSON path of the offending value and what is wrong with it.
class reader {
public:
    explicit reader(const std::string& source_name) : source_(source_name) {}

    [[noreturn]] void fail(const location& where, const std::string& what) const {
        std::string w = where.str();
        throw kg::input_error(w.empty() ? what : fmt::format("{}: {}", w, what), source_);
    }

    // The member `key` of obj, or null. Fields are asked for in the order kg
    // writes them, so the member after the last one found is tried first.
    const json_value* find(const json_value& obj, const char* key) const {
        if (&obj == hint_object_ && hint_ != obj.MemberEnd()) {
            const auto& name = hint_->name;
            if (std::strlen(key) == name.GetStringLength() && std::memcmp(key, name.GetString(), name.GetStringLength()) == 0)
                return &(hint_++)->value;
        }
        auto it = obj.FindMember(key);
        if (it == obj.MemberEnd()) return nullptr;
        hint_object_ = &obj;
        hint_ = it + 1;
        return &it->value;
    }

    const json_value& require(const json_value& obj, const char* key, const location& where) const {
        const json_value* v = find(obj, key);
        if (!v) fail(where, fmt::format("missing field \"{}\"", key));
        return *v;
    }

    static std::string as_string(const json_value& v) { return std::string(v.GetString(), v.GetStringLength()); }

    // The text of a JSON string. The file is valid UTF-8, but RapidJSON (1.1)
    // decodes a \u escape of a lone low surrogate ("\udc00") to bytes that
    // are not: such a string is refused.
    std::string_view text_of(const json_value& v, const location& where) const {
        std::string_view s(v.GetString(), v.GetStringLength());
        if (!kg::is_valid_utf8(s)) fail(where, "a \\u escape of a lone surrogate is not a character");
        return s;
    }

    std::string string_of(const json_value& v, const location& where) const {
        if (!v.IsString()) fail(where, fmt::format("expected a string, found {}", type_name(v)));
        return std::string(text_of(v, where));
    }

    std::string string_field(const json_value& obj, const char* key, const location& where, bool required) const {
        const json_value* v = required ? &require(obj, key, where) : find(obj, key);
        if (!v) return {};
        return string_of(*v, where.field(key));
    }

    // A view of the id inside the parsed document.
    std::string_view id_field(const json_value& obj, const location& where) const {
        const json_value& v = require(obj, "id", where);
        if (!v.IsString()) fail(where.field("id"), fmt::format("expected a string, found {}", type_name(v)));
        if (v.GetStringLength() == 0) fail(where, "empty \"id\"");
        return text_of(v, where.field("id"));
    }

    const json_value* array_field(const json_value& obj, const char* key, const location& where,
                                  bool required) const {
        const json_value* v = required ? &require(obj, key, where) : find(obj, key);
        if (v && !v->IsArray()) fail(where.field(key), fmt::format("expected an array, found {}", type_name(*v)));
        return v;
    }

    void expect_object(const json_value& v, const location& where) const {
        if (!v.IsObject()) fail(where, fmt::format("expected an object, found {}", type_name(v)));
    }

    kg::span span_of(const json_value& obj, const location& where) const {
        kg::span s;
        s.begin = offset_field(obj, "start", where);
        s.end = offset_field(obj, "end", where);
        if (s.end < s.begin) fail(where, fmt::format("span end {} is before start {}", s.end, s.begin));
        return s;
    }

    std::size_t offset_field(const json_value& obj, const char* key, const location& where) const {
        const json_value& v = require(obj, key, where);
        if (!v.IsUint64()) fail(where.field(key), "expected a non-negative integer code-point offset");
        return static_cast<std::size_t>(v.GetUint64());
    }

    static const char* type_name(const json_value& v) {
        switch (v.GetType()) {
            case rapidjson::kNullType: return "null";
            case rapidjson::kFalseType:
            case rapidjson::kTrueType: return "a boolean";
            case rapidjson::kObjectType: return "an object";
            case rapidjson::kArrayType: return "an array";
            case rapidjson::kStringType: return "a string";
            case rapidjson::kNumberType: return "a number";
        }
        return "?";
    }

    knowledge_graph read(const json_value& root) const {
        const location top;
        if (!root.IsObject()) fail(top, fmt::format("expected a kg-graph object at the top, found {}", type_name(root)));
        const json_value* format = find(root, "format");
        if (!format) fail(top, "missing \"format\": not a kg-graph file");
        if (!format->IsString() || as_string(*format) != "kg-graph")
            fail(top.field("format"), "not a kg-graph file (expected \"format\": \"kg-graph\")");
        const json_value* version = find(root, "version");
        if (!version) fail(top, "missing \"version\"");
        if (!version->IsInt())
            fail(top.field("version"), fmt::format("expected an integer, found {}", type_name(*version)));
        if (version->GetInt() != 1)
            fail(top.field("version"), fmt::format("unsupported version {} (this kg reads 1)", version->GetInt()));

        knowledge_graph g;
        const json_value* docs = array_field(root, "documents", top, false);
        const json_value& nodes = *array_field(root, "nodes", top, true);
        const json_value& edges = *array_field(root, "edges", top, true);
        g.reserve(nodes.Size(), edges.Size());
        if (docs) read_documents(*docs, g);
        read_nodes(nodes, g);
        read_edges(edges, g);
        return g;
    }

private:
    void read_documents(const json_value& docs, knowledge_graph& g) const {
        const location array{nullptr, "documents", location::no_index, {}};
        for (rapidjson::SizeType i = 0; i < docs.Size(); ++i) {
            location where = array.element(i);
            const json_value& d = docs[i];
            expect_object(d, where);
            kg::document doc;
            where.id = id_field(d, where);
            doc.id = where.id;
            if (g.find_document(doc.id)) fail(where, "duplicate document id");
            doc.title = string_field(d, "title", where, false);
            doc.source = string_field(d, "source", where, false);
            doc.date = string_field(d, "date", where, false);
            doc.url = string_field(d, "url", where, false);
            doc.content_hash = string_field(d, "hash", where, false);
            g.add_document(std::move(doc));
        }
    }

    void read_nodes(const json_value& nodes, knowledge_graph& g) const {
        const location array{nullptr, "nodes", location::no_index, {}};
        for (rapidjson::SizeType i = 0; i < nodes.Size(); ++i) {
            location where = array.element(i);
            const json_value& n = nodes[i];
            expect_object(n, where);
            kg::entity e;
            where.id = id_field(n, where);
            e.id = where.id;
            e.type = string_field(n, "type", where, true);
            if (e.type.empty()) fail(where, "empty \"type\"");
            e.label = string_field(n, "label", where, true);
            if (const json_value* aliases = array_field(n, "aliases", where, false)) {
                const location list = where.field("aliases");
                for (rapidjson::SizeType k = 0; k < aliases->Size(); ++k)
                    e.aliases.push_back(string_of((*aliases)[k], list.element(k)));
            }
            if (const json_value* attrs = find(n, "attributes")) {
                const location aw = where.field("attributes");
                expect_object(*attrs, aw);
                for (auto it = attrs->MemberBegin(); it != attrs->MemberEnd(); ++it) {
                    std::string key(text_of(it->name, aw));
                    const location kw = aw.field(key.c_str());
                    if (!it->value.IsArray())
                        fail(kw, fmt::format("expected an array of strings, found {}", type_name(it->value)));
                    auto& values = e.attributes[key];
                    for (rapidjson::SizeType k = 0; k < it->value.Size(); ++k)
                        values.push_back(string_of(it->value[k], kw.element(k)));
                }
            }
            if (const json_value* mentions = array_field(n, "mentions", where, false)) {
                const location list = where.field("mentions");
                e.mentions.reserve(mentions->Size());
                for (rapidjson::SizeType k = 0; k < mentions->Size(); ++k) {
                    const location mw = list.element(k);
                    const json_value& m = (*mentions)[k];
                    expect_object(m, mw);
                    kg::mention men;
                    men.document = string_field(m, "document", mw, true);
                    men.chars = span_of(m, mw);
                    men.text = string_field(m, "text", mw, false);
                    e.mentions.push_back(std::move(men));
                }
            }
            if (!g.add_entity(std::move(e))) fail(where, "duplicate node id");
        }
    }

    void read_edges(const json_value& edges, knowledge_graph& g) const {
        const location array{nullptr, "edges", location::no_index, {}};
        for (rapidjson::SizeType i = 0; i < edges.Size(); ++i) {
            location where = array.element(i);
            const json_value& e = edges[i];
            expect_object(e, where);
            kg::fact f;
            where.id = id_field(e, where);
            f.id = where.id;
            f.source = string_field(e, "source", where, true);
            f.target = string_field(e, "target", where, true);
            const std::string_view source(e["source"].GetString(), e["source"].GetStringLength());
            const std::string_view target(e["target"].GetString(), e["target"].GetStringLength());
            f.type = string_field(e, "type", where, true);
            if (f.type.empty()) fail(where, "empty \"type\"");
            f.label = string_field(e, "label", where, false);
            if (const json_value* p = find(e, "polarity")) {
                std::string s = string_of(*p, where.field("polarity"));
                auto parsed = kg::parse_polarity(s);
                if (!parsed) fail(where.field("polarity"), fmt::format("bad polarity '{}' (positive or negative)", s));
                f.polarity = *parsed;
            }
            if (const json_value* m = find(e, "modality")) {
                std::string s = string_of(*m, where.field("modality"));
                auto parsed = kg::parse_modality(s);
                if (!parsed)
                    fail(where.field("modality"),
                         fmt::format("bad modality '{}' (asserted, hedged, reported or speculated)", s));
                f.modality = *parsed;
            }
            f.time = string_field(e, "time", where, false);
            if (const json_value* c = find(e, "confidence")) {
                if (!c->IsNumber())
                    fail(where.field("confidence"), fmt::format("expected a number, found {}", type_name(*c)));
                f.confidence = c->GetDouble();
                if (!(f.confidence >= 0.0 && f.confidence <= 1.0))
                    fail(where.field("confidence"), fmt::format("confidence {} is outside [0, 1]", f.confidence));
            }
            if (const json_value* evidence = array_field(e, "evidence", where, false)) {
                const location list = where.field("evidence");
                f.evidence.reserve(evidence->Size());
                for (rapidjson::SizeType k = 0; k < evidence->Size(); ++k) {
                    const location ew = list.element(k);
                    const json_value& ev = (*evidence)[k];
                    expect_object(ev, ew);
                    kg::evidence item;
                    item.document = string_field(ev, "document", ew, true);
                    item.sentence = string_field(ev, "sentence", ew, false);
                    item.chars = span_of(ev, ew);
                    item.rule = string_field(ev, "rule", ew, false);
                    item.attributed_to = string_field(ev, "attributed_to", ew, false);
                    f.evidence.push_back(std::move(item));
                }
            }
            kg::renew_legacy_fact_id(f);
            bool added = false;
            try {
                added = g.add_fact(std::move(f));
            } catch (const kg::input_error&) {  // say which end is missing, at this edge
                if (!g.find_node(source)) fail(where, fmt::format("source '{}' is not a node", source));
                if (!g.find_node(target)) fail(where, fmt::format("target '{}' is not a node", target));
                throw;
            }
            if (!added) fail(where, "duplicate edge id");
        }
    }

    const std::string& source_;
    mutable const json_value* hint_object_ = nullptr;
    mutable json_value::ConstMemberIterator hint_;
};

}  // namespace detail

std::string to_graph_json(const knowledge_graph& g) {
    rapidjson::StringBuffer buffer;
    detail::json_writer w(buffer);
    w.SetIndent(' ', 2);
    w.StartObject();
    detail::write_key_string(w, "format", "kg-graph");
    w.Key("version");
    w.Int(1);
    w.Key("documents");
    w.StartArray();
    for (const kg::document* d : g.documents()) detail::write_document(w, *d);
    w.EndArray();
    w.Key("nodes");
    w.StartArray();
    for (const kg::entity* e : g.nodes()) detail::write_entity(w, *e);
    w.EndArray();
    w.Key("edges");
    w.StartArray();
    for (const kg::fact* f : g.edges()) detail::write_fact(w, *f);
    w.EndArray();
    w.EndObject();
    std::string out(buffer.GetString(), buffer.GetSize());
    out.push_back('\n');
    return out;
}

knowledge_graph parse_graph_json(std::string_view text, const std::string& source_name) {
    if (!kg::is_valid_utf8(text)) {
        auto repaired = kg::repair_utf8(text);
        std::size_t off = repaired.bad_offsets.empty() ? 0 : repaired.bad_offsets.front();
        throw kg::input_error("invalid UTF-8", source_name, kg::line_of_offset(text, off));
    }
    // Iterative parsing: deeply nested hostile input must not overflow the
    // stack. Full precision: confidences read back exactly as written.
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseFullPrecisionFlag>(text.data(), text.size());
    if (doc.HasParseError())
        throw kg::input_error(std::string("JSON syntax error: ") + rapidjson::GetParseError_En(doc.GetParseError()),
                              source_name, kg::line_of_offset(text, doc.GetErrorOffset()));
    detail::reader r(source_name);
    try {
        return r.read(doc);
    } catch (const kg::error& e) {
        if (!e.file().empty()) throw;
        // add_entity/add_fact found an inconsistency: report it against the file.
        throw kg::input_error(e.message(), source_name);
    }
}

knowledge_graph read_graph_json(const std::string& path) {
    return parse_graph_json(kg::read_file(path, graph_read_options(path)), path);
}

void write_graph_json(const knowledge_graph& g, const std::string& path) {
    kg::write_file_atomic(path, to_graph_json(g));
}

}  // namespace kg::graph
