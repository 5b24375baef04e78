#pragma once
// Internal: RapidJSON's Writer streaming to a std::ostream, with the string,
// number and node/edge field helpers every JSON-writing exporter shares
// (pretty for the JSON formats, compact for JSON values embedded in XML, CSV
// and HTML).
#include <cmath>
#include <map>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <rapidjson/ostreamwrapper.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/writer.h>

#include "common.hpp"
#include "kg/core/document.hpp"
#include "kg/core/entity.hpp"
#include "kg/core/fact.hpp"
#include "kg/export/escape.hpp"

namespace kg::exporter::detail {

template <class Writer>
class basic_json_out {
public:
    explicit basic_json_out(std::ostream& out) : stream_(out), writer_(stream_) {
        if constexpr (requires(Writer& w) { w.SetIndent(' ', 1); }) writer_.SetIndent(' ', 1);
    }

    Writer& w() { return writer_; }

    void string(std::string_view s) {
        std::string scratch;
        std::string_view v = valid_utf8(s, scratch);  // RapidJSON copies the bytes as they are
        writer_.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
    }
    void key(std::string_view k) { string(k); }  // in an object the writer takes a string as a key
    void field(std::string_view k, std::string_view value) {
        key(k);
        string(value);
    }
    // Shortest text that reads back to the same double (as the native JSON).
    void number(double x) {
        std::string s = std::isfinite(x) ? fmt::format("{}", x) : std::string("0");
        writer_.RawValue(s.data(), s.size(), rapidjson::kNumberType);
    }
    void finish() {
        stream_.Flush();
    }

private:
    rapidjson::OStreamWrapper stream_;
    Writer writer_;
};

using json_out = basic_json_out<rapidjson::PrettyWriter<rapidjson::OStreamWrapper>>;
using compact_json_out = basic_json_out<rapidjson::Writer<rapidjson::OStreamWrapper>>;

template <class J>
void write_string_array(J& j, const std::vector<std::string>& values) {
    j.w().StartArray();
    for (const auto& v : values) j.string(v);
    j.w().EndArray();
}

template <class J>
void write_attributes(J& j, const std::map<std::string, std::vector<std::string>>& attributes) {
    j.w().StartObject();
    for (const auto& [key, values] : attributes) {
        j.key(key);
        write_string_array(j, values);
    }
    j.w().EndObject();
}

template <class J>
void write_mentions(J& j, const std::vector<kg::mention>& mentions) {
    auto& w = j.w();
    w.StartArray();
    for (const auto& m : mentions) {
        w.StartObject();
        j.field("document", m.document);
        j.key("start");
        w.Uint64(m.chars.begin);
        j.key("end");
        w.Uint64(m.chars.end);
        j.field("text", m.text);
        w.EndObject();
    }
    w.EndArray();
}

template <class J>
void write_evidence(J& j, const std::vector<kg::evidence>& evidence) {
    auto& w = j.w();
    w.StartArray();
    for (const auto& ev : evidence) {
        w.StartObject();
        j.field("document", ev.document);
        j.field("sentence", ev.sentence);
        j.key("start");
        w.Uint64(ev.chars.begin);
        j.key("end");
        w.Uint64(ev.chars.end);
        j.field("rule", ev.rule);
        if (!ev.attributed_to.empty()) j.field("attributed_to", ev.attributed_to);
        w.EndObject();
    }
    w.EndArray();
}

// The fields of a node other than its id: label, type, aliases, attributes, mentions.
template <class J>
void write_node_fields(J& j, const kg::entity& e) {
    j.field("label", node_label(e));
    j.field("type", e.type);
    j.key("aliases");
    write_string_array(j, e.aliases);
    j.key("attributes");
    write_attributes(j, e.attributes);
    j.key("mentions");
    write_mentions(j, e.mentions);
}

// The fields of an edge other than id, source and target: type, label,
// polarity, modality, time (when known), confidence, evidence.
template <class J>
void write_edge_fields(J& j, const kg::fact& f) {
    j.field("type", f.type);
    j.field("label", relation_text(f));
    j.field("polarity", kg::to_string(f.polarity));
    j.field("modality", kg::to_string(f.modality));
    if (!f.time.empty()) j.field("time", f.time);
    j.key("confidence");
    j.number(f.confidence);
    j.key("evidence");
    write_evidence(j, f.evidence);
}

template <class J>
void write_documents(J& j, const std::vector<const kg::document*>& docs) {
    auto& w = j.w();
    w.StartArray();
    for (const kg::document* d : docs) {
        w.StartObject();
        j.field("id", d->id);
        j.field("title", d->title);
        j.field("source", d->source);
        if (!d->date.empty()) j.field("date", d->date);
        if (!d->url.empty()) j.field("url", d->url);
        w.EndObject();
    }
    w.EndArray();
}

// One compact JSON value as text, written by `write(j)`.
template <class F>
std::string compact_json(F&& write) {
    std::ostringstream text;
    compact_json_out j(text);
    write(j);
    j.finish();
    return std::move(text).str();
}

}  // namespace kg::exporter::detail
