// Reading and writing SpERT-format relation data.
#include "kg/extract/spert.hpp"

#include <fmt/format.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "kg/core/error.hpp"
#include "kg/core/io.hpp"
#include "kg/core/json.hpp"

namespace kg::extract {
namespace {

using value = rapidjson::Value;

class sentence_reader {
public:
    sentence_reader(const std::string& source, std::size_t number) : source_(source), number_(number) {}

    [[noreturn]] void fail(const std::string& what) const {
        throw input_error(fmt::format("sentence {}: {}", number_, what), source_);
    }
    const value& member(const value& obj, const char* name, const std::string& where) const {
        auto it = obj.FindMember(name);
        if (it == obj.MemberEnd()) fail(fmt::format("{}has no \"{}\"", where, name));
        return it->value;
    }
    std::string string_member(const value& obj, const char* name, const std::string& where) const {
        const value& v = member(obj, name, where);
        if (!v.IsString()) fail(fmt::format("{}\"{}\" is not a string", where, name));
        return std::string(v.GetString(), v.GetStringLength());
    }
    std::size_t index_member(const value& obj, const char* name, const std::string& where) const {
        const value& v = member(obj, name, where);
        if (!v.IsUint64()) fail(fmt::format("{}\"{}\" is not a non-negative integer", where, name));
        return static_cast<std::size_t>(v.GetUint64());
    }

    spert_sentence read(const value& s) const {
        if (!s.IsObject()) fail("not an object");
        spert_sentence out;
        const value& tokens = member(s, "tokens", "");
        if (!tokens.IsArray()) fail("\"tokens\" is not an array");
        for (const auto& t : tokens.GetArray()) {
            if (!t.IsString()) fail(fmt::format("token {} is not a string", out.tokens.size()));
            out.tokens.emplace_back(t.GetString(), t.GetStringLength());
        }
        const std::size_t n = out.tokens.size();
        if (auto it = s.FindMember("entities"); it != s.MemberEnd()) {
            if (!it->value.IsArray()) fail("\"entities\" is not an array");
            for (const auto& e : it->value.GetArray()) {
                std::string where = fmt::format("entity {}: ", out.entities.size());
                if (!e.IsObject()) fail(where + "not an object");
                spert_entity ent;
                ent.type = string_member(e, "type", where);
                ent.start = index_member(e, "start", where);
                ent.end = index_member(e, "end", where);
                if (ent.type.empty()) fail(where + "empty type");
                if (ent.end > n)
                    fail(fmt::format("{}end {} is beyond the sentence's {} tokens", where, ent.end, n));
                if (ent.start >= ent.end) fail(fmt::format("{}empty span [{}, {})", where, ent.start, ent.end));
                out.entities.push_back(std::move(ent));
            }
        }
        if (auto it = s.FindMember("relations"); it != s.MemberEnd()) {
            if (!it->value.IsArray()) fail("\"relations\" is not an array");
            for (const auto& r : it->value.GetArray()) {
                std::string where = fmt::format("relation {}: ", out.relations.size());
                if (!r.IsObject()) fail(where + "not an object");
                spert_relation rel;
                rel.type = string_member(r, "type", where);
                rel.head = index_member(r, "head", where);
                rel.tail = index_member(r, "tail", where);
                if (rel.type.empty()) fail(where + "empty type");
                for (std::size_t arg : {rel.head, rel.tail})
                    if (arg >= out.entities.size())
                        fail(fmt::format("{}argument {} does not name one of the sentence's {} entities", where, arg,
                                         out.entities.size()));
                out.relations.push_back(std::move(rel));
            }
        }
        if (auto it = s.FindMember("orig_id"); it != s.MemberEnd()) {
            rapidjson::StringBuffer buf;
            rapidjson::Writer<rapidjson::StringBuffer> w(buf);
            if (it->value.IsInt64() || it->value.IsUint64() || it->value.IsString()) {
                it->value.Accept(w);
                out.orig_id.assign(buf.GetString(), buf.GetSize());
            }
        }
        return out;
    }

private:
    const std::string& source_;
    std::size_t number_;
};

}  // namespace

std::vector<spert_sentence> parse_spert(std::string_view json, const std::string& source_name) {
    auto doc = kg::json::parse<input_error>(json, source_name);
    if (!doc.IsArray()) throw input_error("expected a JSON array of sentences (SpERT format)", source_name);
    std::vector<spert_sentence> out;
    out.reserve(doc.Size());
    for (const auto& s : doc.GetArray()) out.push_back(sentence_reader(source_name, out.size() + 1).read(s));
    return out;
}

std::vector<spert_sentence> read_spert(const std::string& path) {
    std::string text;
    try {
        text = kg::read_file(path);
    } catch (const kg::error& e) {
        throw input_error(e.message(), path);
    }
    return parse_spert(text, path);
}

std::string format_spert(const std::vector<spert_sentence>& sentences) {
    std::string out = "[";
    for (std::size_t i = 0; i < sentences.size(); ++i) {
        const auto& s = sentences[i];
        rapidjson::StringBuffer buf;
        rapidjson::Writer<rapidjson::StringBuffer> w(buf);
        w.StartObject();
        w.Key("tokens");
        w.StartArray();
        for (const auto& t : s.tokens) w.String(t.data(), static_cast<rapidjson::SizeType>(t.size()));
        w.EndArray();
        w.Key("entities");
        w.StartArray();
        for (const auto& e : s.entities) {
            w.StartObject();
            w.Key("type");
            w.String(e.type.data(), static_cast<rapidjson::SizeType>(e.type.size()));
            w.Key("start");
            w.Uint64(e.start);
            w.Key("end");
            w.Uint64(e.end);
            w.EndObject();
        }
        w.EndArray();
        w.Key("relations");
        w.StartArray();
        for (const auto& r : s.relations) {
            w.StartObject();
            w.Key("type");
            w.String(r.type.data(), static_cast<rapidjson::SizeType>(r.type.size()));
            w.Key("head");
            w.Uint64(r.head);
            w.Key("tail");
            w.Uint64(r.tail);
            w.EndObject();
        }
        w.EndArray();
        if (!s.orig_id.empty()) {
            w.Key("orig_id");
            w.RawValue(s.orig_id.data(), s.orig_id.size(), s.orig_id[0] == '"' ? rapidjson::kStringType
                                                                             : rapidjson::kNumberType);
        }
        w.EndObject();
        out += i ? ",\n" : "\n";
        out.append(buf.GetString(), buf.GetSize());
    }
    out += sentences.empty() ? "]\n" : "\n]\n";
    return out;
}

}  // namespace kg::extract
