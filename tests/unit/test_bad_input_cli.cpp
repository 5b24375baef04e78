// The bad input corpus (tests/bad_input/) through the command line, a test
// per file: each gets a clear message naming the file (and line), the other
// documents are still processed, the exit status says what happened
// (0 read, 3 something skipped, 2 nothing written), and a failed run never
// replaces an existing output file.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "kg/core/io.hpp"
#include "kg/graph/graph_json.hpp"
#include "test_graph_fixture.hpp"

using kg::test::run_kg;
using kg::test::shell_quote;
namespace fs = std::filesystem;

namespace {

const std::string source_dir = KG_SOURCE_DIR;
const std::string bad_dir = source_dir + "/tests/bad_input";
const std::string example = source_dir + "/examples/northwind.txt";

struct article_case {
    const char* file;
    int status;            // with the good example article beside it
    const char* message;   // expected on stderr after "<path>:<line>: " (or "<path>: ")
    const char* at;        // line (or line:column) in the message; "" for none
};

// Every file of tests/bad_input/articles (the last test checks none is missing).
const article_case article_cases[] = {
    {"binary.txt", 3, "error: binary file (NUL byte): skipped", "1"},
    {"binary.jsonl", 3, "error: binary file (NUL byte): skipped", "1"},
    {"bom.jsonl", 0, nullptr, ""},
    {"bom.txt", 0, nullptr, ""},
    {"deep_nesting.jsonl", 3, "error: JSON line is not an object; line skipped", "2"},
    {"empty.txt", 3, "error: empty file: no article read", ""},
    {"empty.jsonl", 3, "error: empty file: no article read", ""},
    {"escaped_nul.jsonl", 0, "warning: 1 control character", "1:1"},
    {"invalid_utf8.jsonl", 0, "warning: invalid UTF-8: 1 byte sequence replaced with U+FFFD", "1"},
    {"invalid_utf8.txt", 0, "warning: invalid UTF-8: 3 byte sequences replaced with U+FFFD", "3"},
    {"malformed.jsonl", 3, "error: malformed JSON at column 49: Missing a comma or '}' after an object member; line skipped", "2"},
    {"nul_in_text.txt", 3, "error: binary file (NUL byte): skipped", "1"},
    {"truncated_utf8.txt", 0, "warning: invalid UTF-8: 1 byte sequence replaced with U+FFFD", "1"},
    {"whitespace_only.txt", 3, "error: file holds only whitespace: no article read", ""},
};

struct data_case {
    const char* file;     // in tests/bad_input/data
    const char* replaces; // the file of data/ it stands in for
    const char* message;  // expected after "<replaced path>[:line]: "
    int line;
};

const data_case data_cases[] = {
    {"ontology_syntax_error.json", "ontology.json", "JSON syntax error", 3},
    {"ontology_unknown_parent.json", "ontology.json", "entity type Person: unknown parent Entiti", -1},
    {"ontology_wrong_types.json", "ontology.json", "\"entity_types\"", -1},
    {"ontology_wrong_version.json", "ontology.json", "unsupported ontology version", -1},
    {"relations_bad_pattern.json", "patterns/relations.json", "rule 'sue.verb': unknown entity type 'Persn'", 5},
    {"relations_syntax_error.json", "patterns/relations.json", "JSON syntax error", 6},
    {"relations_unknown_relation.json", "patterns/relations.json", "rule 'sue.typo': unknown relation type 'SUEDD'", 6},
    {"entities_invalid_utf8.tsv", "lexicons/entities.tsv", "not valid UTF-8", 3},
    {"entities_missing_field.tsv", "lexicons/entities.tsv", "tab-separated fields", 3},
    {"entities_unknown_type.tsv", "lexicons/entities.tsv", "entity 'Globex': unknown type 'Companny'", 3},
    {"roles_unknown_relation.tsv", "lexicons/roles.tsv", "unknown relation type 'CEO_OFF'", 3},
};

std::string where(const std::string& path, int line) {
    return line < 0 ? path + ": " : path + ":" + std::to_string(line) + ": ";
}

std::string where(const std::string& path, const std::string& at) { return at.empty() ? path + ": " : path + ":" + at + ": "; }

void write(const std::string& path, const std::string& content) { std::ofstream(path, std::ios::binary) << content; }

// A data directory of symbolic links to data/, with `replaces` swapped for `file`.
std::string data_dir_with(const kg::test::scratch_dir& dir, const std::string& file, const std::string& replaces) {
    fs::path root = dir.file("data");
    fs::path real = std::string(KG_DATA_DIR);
    for (auto it = fs::recursive_directory_iterator(real); it != fs::recursive_directory_iterator(); ++it) {
        fs::path rel = fs::relative(it->path(), real);
        if (it->is_directory()) fs::create_directories(root / rel);
        else fs::create_symlink(it->path(), root / rel);
    }
    fs::remove(root / replaces);
    fs::copy_file(file, root / replaces);
    return (root / replaces).string();
}

}  // namespace

TEST_CASE("each bad article file is reported by file and line, and the good article is still built",
          "[bad_input][cli][build]") {
    for (const auto& c : article_cases) {
        DYNAMIC_SECTION(c.file) {
            kg::test::scratch_dir dir{"bad_article"};
            std::string path = bad_dir + "/articles/" + c.file;
            auto out = dir.file("g.json");
            auto r = run_kg("build " + shell_quote(path) + " " + shell_quote(example) + " -o " + shell_quote(out), true);
            CHECK(r.status == c.status);
            if (c.message) CHECK(r.output.find(where(path, std::string(c.at)) + c.message) != std::string::npos);
            else CHECK(r.output.find(": warning:") == std::string::npos);
            auto g = kg::graph::read_graph_json(out);
            CHECK(g.find_document("northwind"));
            CHECK(g.find_node("company:northwind-robotics"));
        }
    }
}

TEST_CASE("the bad article corpus has a test for every file", "[bad_input]") {
    std::set<std::string> tested;
    for (const auto& c : article_cases) tested.insert(c.file);
    for (const auto& e : fs::directory_iterator(bad_dir + "/articles")) {
        auto name = e.path().filename().string();
        if (name != "README.md") CHECK(tested.count(name) == 1);
    }
    std::set<std::string> data_tested;
    for (const auto& c : data_cases) data_tested.insert(c.file);
    for (const auto& e : fs::directory_iterator(bad_dir + "/data")) CHECK(data_tested.count(e.path().filename().string()) == 1);
}

TEST_CASE("a broken data file stops kg with its name and line, and the output file is left alone",
          "[bad_input][cli][data]") {
    for (const auto& c : data_cases) {
        DYNAMIC_SECTION(c.file) {
            kg::test::scratch_dir dir{"bad_data"};
            auto replaced = data_dir_with(dir, bad_dir + "/data/" + c.file, c.replaces);
            auto out = dir.file("g.json");
            write(out, "previous good content");
            auto r = run_kg("--data " + shell_quote(dir.file("data")) + " build " + shell_quote(example) + " -o " +
                                shell_quote(out),
                            true);
            CHECK(r.status == 2);
            CHECK(r.output.find("kg: error: " + where(replaced, c.line)) != std::string::npos);
            CHECK(r.output.find(c.message) != std::string::npos);
            CHECK(kg::read_file(out) == "previous good content");
        }
    }
}

TEST_CASE("a graph of another version or with wrong types is named and never replaces the output",
          "[bad_input][cli][graph]") {
    for (const auto& e : fs::directory_iterator(bad_dir)) {
        auto name = e.path().filename().string();
        if (name.rfind("graph_", 0) != 0) continue;
        DYNAMIC_SECTION(name) {
            kg::test::scratch_dir dir{"bad_graph"};
            auto out = dir.file("g.json");
            write(out, "previous good content");
            std::string path = e.path().string();
            auto into = run_kg("build " + shell_quote(example) + " --into " + shell_quote(path) + " -o " + shell_quote(out), true);
            CHECK(into.status == 2);
            CHECK(into.output.find("kg: error: " + path) != std::string::npos);
            auto exp = run_kg("export " + shell_quote(path) + " --format json -o " + shell_quote(out), true);
            CHECK(exp.status == 2);
            CHECK(exp.output.find(path) != std::string::npos);
            auto merge = run_kg("merge " + shell_quote(path) + " -o " + shell_quote(out), true);
            CHECK(merge.status == 2);
            CHECK(merge.output.find(path) != std::string::npos);
            CHECK(kg::read_file(out) == "previous good content");
        }
    }
}

TEST_CASE("a 100 MB single-line file is skipped by name in bounded memory, the rest is built",
          "[bad_input][cli][build][large]") {
    kg::test::scratch_dir dir{"bad_huge"};
    // Generated here, not committed: 100 MB of one line, as text and as JSONL.
    const std::size_t size = 100u << 20;
    std::string chunk;
    while (chunk.size() < (1u << 20)) chunk += "Acme Robotics sued Globex Corp. ";
    chunk.resize(1u << 20);
    auto txt = dir.file("huge.txt"), jsonl = dir.file("huge.jsonl");
    {
        std::ofstream t(txt, std::ios::binary), j(jsonl, std::ios::binary);
        j << "{\"id\": \"before\", \"text\": \"Initech Corp acquired Hooli Inc last year.\"}\n{\"id\": \"huge\", \"text\": \"";
        for (std::size_t n = 0; n < size; n += chunk.size()) {
            t << chunk;
            j << chunk;
        }
        j << "\"}\n{\"id\": \"after\", \"text\": \"Acme Robotics sued Globex Corp over a patent.\"}\n";
    }
    auto out = dir.file("g.json");
    auto r = run_kg("build " + shell_quote(txt) + " " + shell_quote(jsonl) + " " + shell_quote(example) + " -o " +
                        shell_quote(out),
                    true);
    CHECK(r.status == 3);
    CHECK(r.output.find(txt + ": error: the file (100.0 MiB) is larger than the limit of 16.0 MiB for one document "
                              "(--max-document-mb); skipped") != std::string::npos);
    CHECK(r.output.find(jsonl + ":2: error: the line is larger than the limit") != std::string::npos);
    auto g = kg::graph::read_graph_json(out);
    CHECK(g.find_document("before"));
    CHECK(g.find_document("after"));
    CHECK(g.find_document("northwind"));
    CHECK_FALSE(g.find_document("huge"));
    CHECK(g.document_count() == 3);
}

TEST_CASE("missing and unreadable paths are named and skipped; the others are built", "[bad_input][cli][build]") {
    kg::test::scratch_dir dir{"bad_paths"};
    auto out = dir.file("g.json");
    auto missing = dir.file("missing.txt");
    auto dangling = dir.file("dangling.txt");
    fs::create_symlink(dir.file("nowhere.txt"), dangling);
    auto not_dir = example + "/inside.txt";  // a path through a file
    std::string args = shell_quote(missing) + " " + shell_quote(dangling) + " " + shell_quote(not_dir);
    std::string unreadable;
    if (::geteuid() != 0) {  // root reads anything: the permission case needs another user
        unreadable = dir.file("secret.txt");
        write(unreadable, "Acme Robotics sued Globex Corp.\n");
        ::chmod(unreadable.c_str(), 0);
        args += " " + shell_quote(unreadable);
    } else {
        WARN("running as root: the permission-denied case is not exercised");
    }
    auto r = run_kg("build " + args + " " + shell_quote(example) + " -o " + shell_quote(out), true);
    CHECK(r.status == 3);
    CHECK(r.output.find(missing + ": error: no such file or directory") != std::string::npos);
    CHECK(r.output.find(dangling + ": error: no such file or directory") != std::string::npos);
    CHECK(r.output.find(not_dir + ": error:") != std::string::npos);
    if (!unreadable.empty()) CHECK(r.output.find(unreadable + ": error: cannot open: Permission denied") != std::string::npos);
    CHECK(kg::graph::read_graph_json(out).document_count() == 1);
}

TEST_CASE("exit statuses: 0 all read, 1 usage, 2 nothing written, 3 written with skips", "[bad_input][cli]") {
    kg::test::scratch_dir dir{"exit_codes"};
    auto out = dir.file("g.json");
    CHECK(run_kg("build " + shell_quote(example) + " -o " + shell_quote(out)).status == 0);
    CHECK(run_kg("build " + shell_quote(example) + " -o " + shell_quote(out) + " --max-document-mb -1").status == 1);
    CHECK(run_kg("build " + shell_quote(example)).status == 1);
    auto before = kg::read_file(out);
    CHECK(run_kg("build " + shell_quote(bad_dir + "/articles/empty.txt") + " -o " + shell_quote(out)).status == 2);
    CHECK(kg::read_file(out) == before);
    CHECK(run_kg("build " + shell_quote(bad_dir + "/articles/empty.txt") + " " + shell_quote(example) + " -o " +
                 shell_quote(out))
              .status == 3);
    auto help = run_kg("build --help");
    CHECK(help.output.find("Exit status: 0") != std::string::npos);
}
