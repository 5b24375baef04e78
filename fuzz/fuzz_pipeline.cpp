// Fuzz target: the whole text pipeline (tokenizer, taggers, mentions,
// coreference, relation patterns, facts) on raw bytes, repaired to UTF-8 as
// the reader does. Checks that every fact refers to entities of the result and
// that every evidence span lies inside the text.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "kg/core/utf8.hpp"
#include "kg/extract/pipeline.hpp"

namespace {
const kg::extract::pipeline& shared_pipeline() {
    static const auto p = kg::extract::pipeline::load(KG_DATA_DIR);
    return p;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto& p = shared_pipeline();
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    kg::document doc;
    doc.id = "fuzz";
    doc.text = kg::repair_utf8(bytes).text;
    auto out = p.run(doc);
    const std::size_t chars = kg::char_offsets(doc.text).to_chars(doc.text.size());
    for (const auto& f : out.facts) {
        bool source = false, target = false;
        for (const auto& e : out.entities) {
            source |= e.id == f.source;
            target |= e.id == f.target;
        }
        if (!source || !target) std::abort();
        for (const auto& ev : f.evidence)
            if (ev.chars.begin > ev.chars.end || ev.chars.end > chars) std::abort();
    }
    for (const auto& e : out.entities)
        for (const auto& m : e.mentions)
            if (m.chars.begin > m.chars.end || m.chars.end > chars) std::abort();
    return 0;
}
