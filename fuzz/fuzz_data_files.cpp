// Fuzz target: the data-file loaders. The first byte picks the loader, the
// rest is the file: the ontology (JSON), the relation patterns (JSON, checked
// against the real ontology) or an entity lexicon (TSV, through a file, as
// kg loads it). Bad files must become kg::error, nothing else.
#include <unistd.h>

#include <cstdint>
#include <fstream>
#include <set>
#include <string>
#include <string_view>

#include "kg/core/error.hpp"
#include "kg/core/ontology.hpp"
#include "kg/extract/lexicon.hpp"
#include "kg/extract/relation_patterns.hpp"
#include "kg/extract/tokenizer.hpp"

namespace {
const std::string data_dir = KG_DATA_DIR;

const kg::ontology& real_ontology() {
    static const auto o = kg::ontology::load(data_dir + "/ontology.json");
    return o;
}

const kg::extract::tokenizer& real_tokenizer() {
    static const auto t = kg::extract::tokenizer::load(data_dir + "/lexicons/abbreviations.txt");
    return t;
}

std::string scratch_file() {
    return "/tmp/kg-fuzz-lexicon-" + std::to_string(::getpid()) + ".tsv";
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    std::string_view file(reinterpret_cast<const char*>(data) + 1, size - 1);
    try {
        switch (data[0] % 3) {
            case 0: kg::ontology::parse(file, "fuzz-ontology.json"); break;
            case 1: {
                static const std::set<std::string> kinds{"blacklist", "restrictions", "sanctions", "ban",   "lawsuit", "acquisition",
                                                         "tariff",    "investigation", "fine", "charges", "bid", "appeal"};
                kg::extract::relation_patterns::parse(file, "fuzz-relations.json", real_ontology(), kinds);
                break;
            }
            default: {
                static const std::string path = scratch_file();
                std::ofstream(path, std::ios::binary | std::ios::trunc).write(file.data(), static_cast<std::streamsize>(file.size()));
                kg::extract::entity_lexicon::load(path, real_tokenizer());
                break;
            }
        }
    } catch (const kg::error&) {
    }
    return 0;
}
