// Model files: round trip and every kind of broken file.
#include <catch2/catch.hpp>

#include <filesystem>

#include "kg/core/error.hpp"
#include "kg/core/ids.hpp"
#include "kg/core/io.hpp"
#include "kg/extract/conll.hpp"
#include "kg/extract/taggers.hpp"

#include <sstream>

using namespace kg::extract;

namespace {

std::string models_dir() { return std::string(KG_DATA_DIR) + "/models"; }

std::string temp_file(const std::string& name, const std::string& bytes) {
    auto dir = std::filesystem::temp_directory_path() / "kg_test_models";
    std::filesystem::create_directories(dir);
    auto path = (dir / name).string();
    kg::write_file_atomic(path, bytes);
    return path;
}

// The error message of loading `path`, which must be a kg::model_error naming the file.
std::string load_error(const std::string& path) {
    try {
        tagger_model::load(path);
    } catch (const kg::model_error& e) {
        CHECK(e.file() == path);
        CHECK(std::string(e.what()).find(path) != std::string::npos);
        return e.message();
    }
    FAIL("loaded without error: " << path);
    return {};
}

void put_u32(std::string& b, std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) b[at + i] = static_cast<char>(v >> (8 * i));
}

}  // namespace

TEST_CASE("the committed models load and re-serialize to the same bytes", "[model]") {
    for (const char* kind : {"pos", "chunk", "ner"}) {
        auto path = models_dir() + "/" + kind + ".model";
        auto bytes = kg::read_file(path);
        CHECK(bytes.size() < 8u * 1024 * 1024);
        auto m = tagger_model::parse(bytes, path);
        CHECK(to_string(m.kind()) == std::string(kind));
        CHECK(m.chain().feature_count() > 1000);
        CHECK(m.serialize() == bytes);
    }
}

TEST_CASE("a truncated model is a model_error naming the file", "[model][errors]") {
    auto bytes = kg::read_file(models_dir() + "/ner.model");
    auto msg = load_error(temp_file("truncated.model", bytes.substr(0, bytes.size() / 2)));
    CHECK(msg.find("truncated") != std::string::npos);
    msg = load_error(temp_file("truncated_tail.model", bytes.substr(0, bytes.size() - 1)));
    CHECK(msg.find("truncated") != std::string::npos);
    msg = load_error(std::string(KG_SOURCE_DIR) + "/tests/bad_input/conll/truncated_header.model");
    CHECK(msg.find("truncated") != std::string::npos);
    msg = load_error(temp_file("empty.model", ""));
    CHECK(msg.find("truncated") != std::string::npos);
}

TEST_CASE("a corrupt byte is caught by the checksum", "[model][errors]") {
    auto bytes = kg::read_file(models_dir() + "/ner.model");
    bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x20);
    auto msg = load_error(temp_file("corrupt.model", bytes));
    CHECK(msg.find("checksum") != std::string::npos);
}

TEST_CASE("a foreign file has the wrong magic", "[model][errors]") {
    auto msg = load_error(std::string(KG_SOURCE_DIR) + "/tests/bad_input/conll/foreign.model");
    CHECK(msg.find("magic") != std::string::npos);
    msg = load_error(temp_file("png.model", std::string("\x89PNG\r\n\x1a\n0000000000000000000000000000000000", 42)));
    CHECK(msg.find("magic") != std::string::npos);
}

TEST_CASE("another format version is refused", "[model][errors]") {
    auto bytes = kg::read_file(models_dir() + "/pos.model");
    put_u32(bytes, 8, model_format_version + 1);
    auto msg = load_error(temp_file("version.model", bytes));
    CHECK(msg.find("version 2") != std::string::npos);
}

TEST_CASE("a model with a valid checksum but bad contents is still refused", "[model][errors]") {
    auto bytes = kg::read_file(models_dir() + "/chunk.model");
    // Unknown tagger kind, checksum recomputed.
    put_u32(bytes, 12, 9);
    std::string body = bytes.substr(0, bytes.size() - 8);
    std::uint64_t sum = kg::fnv1a64(body);
    for (int i = 0; i < 8; ++i) body += static_cast<char>(sum >> (8 * i));
    auto msg = load_error(temp_file("kind.model", body));
    CHECK(msg.find("kind") != std::string::npos);
}

TEST_CASE("a missing model file is a model_error naming it", "[model][errors]") {
    CHECK_THROWS_AS(tagger_model::load("/nonexistent/ner.model"), kg::model_error);
    CHECK_THROWS_AS(taggers::load("/nonexistent"), kg::model_error);
}

TEST_CASE("mutated model bytes with a recomputed checksum never crash the loader", "[model][errors]") {
    // A tiny entity model trained in memory keeps this fast.
    auto train = parse_conll(
        "Peter NNP B-NP B-PER\nSmith NNP I-NP I-PER\nvisited VBD B-VP O\nParis NNP B-NP B-LOC\n. . O O\n\n"
        "Acme NNP B-NP B-ORG\nCorp NNP I-NP I-ORG\nhired VBD B-VP O\nAnna NNP B-NP B-PER\n. . O O\n",
        "train", 4);
    train_options o;
    o.epochs = 2;
    o.iso_codes_dir = "";
    std::ostringstream log;
    const std::string good = train_tagger(tagger_kind::ner, train, train, o, nullptr, log).serialize();
    REQUIRE(good.size() > 60);
    std::uint64_t state = 12345;
    auto next = [&state] {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return state >> 33;
    };
    int refused = 0, loaded = 0;
    for (int i = 0; i < 3000; ++i) {
        std::string bytes = good.substr(0, good.size() - 8);
        // Mutate 1-3 bytes after the header, or cut the payload short.
        if (i % 10 == 9) {
            bytes.resize(28 + next() % (bytes.size() - 28));
        } else {
            for (std::uint64_t m = 0, n = 1 + next() % 3; m < n; ++m)
                bytes[28 + next() % (bytes.size() - 28)] = static_cast<char>(next());
        }
        std::uint64_t sum = kg::fnv1a64(bytes);
        for (int b = 0; b < 8; ++b) bytes += static_cast<char>(sum >> (8 * b));
        try {
            auto m = tagger_model::parse(bytes, "fuzz.model");
            std::vector<std::vector<std::string_view>> doc{{"Peter", "visited", "Paris", "."}};
            auto tags = m.tag_document(doc);
            CHECK(tags[0].size() == 4);
            ++loaded;
        } catch (const kg::model_error& e) {
            CHECK(e.file() == "fuzz.model");
            ++refused;
        }
    }
    CHECK(refused > 0);
    CHECK(loaded + refused == 3000);
}
