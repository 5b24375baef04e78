#pragma once
// Small helpers over RapidJSON shared by the modules that read JSON:
// parsing that reports the line of a syntax error in the exception.
#include <string>
#include <string_view>

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include "kg/core/utf8.hpp"

namespace kg::json {

// Parses `text`; on a syntax error throws E("JSON syntax error: ...", source_name, line).
template <class E>
rapidjson::Document parse(std::string_view text, const std::string& source_name) {
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseIterativeFlag>(text.data(), text.size());
    if (doc.HasParseError()) {
        std::size_t off = doc.GetErrorOffset();
        throw E(std::string("JSON syntax error: ") + rapidjson::GetParseError_En(doc.GetParseError()),
                source_name, line_of_offset(text, off));
    }
    return doc;
}

// The string member `key` of object `v`: "" when absent and not required; otherwise
// fail(message) (which must not return) when it is missing, not a string or empty.
template <class Fail>
std::string string_member(const rapidjson::Value& v, const char* key, bool required, Fail&& fail) {
    auto it = v.FindMember(key);
    if (it == v.MemberEnd()) {
        if (required) fail(std::string("missing \"") + key + "\"");
        return {};
    }
    if (!it->value.IsString() || it->value.GetStringLength() == 0)
        fail(std::string("\"") + key + "\" must be a non-empty string");
    return {it->value.GetString(), it->value.GetStringLength()};
}

}  // namespace kg::json
