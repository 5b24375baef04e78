// Fuzz target: the JSONL article reader (streamed, with a small document
// limit so the limit paths are reached). Every document must be valid UTF-8
// with a unique, non-empty id; every diagnostic must name the source.
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

#include "kg/core/utf8.hpp"
#include "kg/extract/reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    auto r = kg::extract::read_jsonl(bytes, "fuzz.jsonl", {.max_document_bytes = 4096});
    std::set<std::string> ids;
    for (const auto& d : r.documents) {
        if (d.id.empty() || !ids.insert(d.id).second) std::abort();
        if (!kg::is_valid_utf8(d.text) || !kg::is_valid_utf8(d.title)) std::abort();
    }
    for (const auto& d : r.diagnostics)
        if (d.file != "fuzz.jsonl") std::abort();
    return 0;
}
