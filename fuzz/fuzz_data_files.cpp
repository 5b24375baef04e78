// Fuzz target: the data-file loaders. The first byte picks the loader, the
// rest is the file: the ontology (JSON), the relation patterns (JSON, checked
// against the real ontology) or an entity lexicon (TSV, through a file, as
// kg loads it). Bad files must become kg::error, nothing else.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <string_view>

#include "kg/core/error.hpp"
#include "kg/core/io.hpp"
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

// The action kinds of the shipped actions.tsv (its first column), as the
// pipeline reads them: patterns are checked against what the data defines.
const std::set<std::string>& real_action_kinds() {
    static const std::set<std::string> kinds = [] {
        std::set<std::string> out;
        std::string content;
        for (const auto& line : kg::read_data_lines(data_dir + "/lexicons/actions.tsv", content))
            out.emplace(line.text.substr(0, line.text.find('\t')));
        return out;
    }();
    return kinds;
}

// A private scratch directory for the lexicon file, removed when the fuzzer
// exits (libFuzzer ends with exit(), which runs static destructors).
class scratch_file {
public:
    scratch_file() {
        std::string pattern = (std::filesystem::temp_directory_path() / "kg-fuzz-XXXXXX").string();
        if (::mkdtemp(pattern.data())) dir_ = pattern;
        path_ = (dir_.empty() ? std::filesystem::temp_directory_path() : std::filesystem::path(dir_)) / "lexicon.tsv";
    }
    ~scratch_file() {
        std::error_code ec;
        if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
        else std::filesystem::remove(path_, ec);
    }
    const std::string& path() const { return path_; }

private:
    std::string dir_;
    std::string path_;
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    std::string_view file(reinterpret_cast<const char*>(data) + 1, size - 1);
    try {
        switch (data[0] % 3) {
            case 0: kg::ontology::parse(file, "fuzz-ontology.json"); break;
            case 1: {
                kg::extract::relation_patterns::parse(file, "fuzz-relations.json", real_ontology(), real_action_kinds());
                break;
            }
            default: {
                static const scratch_file scratch;
                const std::string& path = scratch.path();
                std::ofstream(path, std::ios::binary | std::ios::trunc).write(file.data(), static_cast<std::streamsize>(file.size()));
                kg::extract::entity_lexicon::load(path, real_tokenizer());
                break;
            }
        }
    } catch (const kg::error&) {
    }
    return 0;
}
