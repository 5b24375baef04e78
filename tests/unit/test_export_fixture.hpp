#pragma once
// A graph of hostile strings for the exporter tests, and helpers to run the
// formats' real consumers (Graphviz, xmllint, NetworkX, rapper, Chromium).
#include <array>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "kg/core/io.hpp"
#include "kg/graph/knowledge_graph.hpp"
#include "test_graph_fixture.hpp"

namespace kg::test {

// Labels every exporter must carry unchanged: quotes, backslashes, angle
// brackets, ampersands, line breaks, emoji, CJK, tabs, separators of the
// formats (comma, semicolon, pipe, backtick) and a C0 control character
// (which XML 1.0 cannot hold: the XML exports write U+FFFD for it).
inline const std::vector<std::string>& hostile_labels() {
    static const std::vector<std::string> labels = {
        "He said \"no\" & left",
        "back\\slash \\n not a newline",
        "<b>not html</b> </script> <!-- x -->",
        "two\nlines\r\nthree",
        "emoji 😀🚀 and 小米 (Xiaomi) 中文",
        "semi; colon, comma | pipe `tick` 'single'",
        "tab\there and control\x01char",
        "trailing backslash \\",
        "${HOME} $(id) %41 #frag ?q=1",
        "Ünïcödé — “curly” ‘quotes’",
    };
    return labels;
}

// One node per hostile label (ids and aliases hostile too, types alternate
// between known and unknown ones), a chain of facts between them whose
// labels, times and evidence sentences are hostile, one negative and one
// hedged, and a document with a hostile title.
inline kg::graph::knowledge_graph hostile_graph() {
    const auto& labels = hostile_labels();
    kg::graph::knowledge_graph g;
    g.add_document({"doc \"1\" <&>", "Title with \"quotes\" & <tags>\nand a line", "in/x.txt", "2021-01-14",
                    "https://example.com/?a=1&b=<2>", ""});
    std::vector<std::string> ids;
    static const char* types[] = {"Person", "Company", "GovernmentAgency", "Odd \"Type\" <x>", "Action"};
    for (std::size_t i = 0; i < labels.size(); ++i) {
        kg::entity e;
        e.id = "misc:" + std::to_string(i) + ":" + labels[i];
        e.type = types[i % 5];
        e.label = labels[i];
        e.aliases = {labels[(i + 1) % labels.size()], "alias; with semicolon"};
        e.attributes["title"] = {labels[(i + 2) % labels.size()]};
        e.mentions.push_back({"doc \"1\" <&>", {i, i + 3}, labels[i]});
        g.add_entity(e);
        ids.push_back(e.id);
    }
    for (std::size_t i = 0; i + 1 < labels.size(); ++i) {
        auto pol = i == 2 ? kg::polarity::negative : kg::polarity::positive;
        auto mod = i == 3 ? kg::modality::hedged : kg::modality::asserted;
        auto f = make_edge(ids[i], i % 2 ? "SUED" : "RELATED_TO", ids[i + 1], labels[labels.size() - 1 - i],
                           "doc \"1\" <&>", "Evidence: " + labels[i], pol, mod);
        f.time = i == 1 ? "2021 \"Q1\" <early>" : "";
        f.evidence.push_back({"doc \"1\" <&>", "Second sentence & more\nlines", {100, 130}, "rule\\two", {}});
        g.add_fact(f);
    }
    // a parallel edge: same end points, another relation
    g.add_fact(make_edge(ids[0], "ACCUSED", ids[1], "accused", "doc \"1\" <&>", "Parallel edge."));
    return g;
}

inline bool have_program(const std::string& name) {
    return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0;
}

// Runs a shell command; returns its exit status and standard output (with
// standard error merged, or discarded).
inline run_result run_shell(const std::string& cmd, bool merge_stderr = true) {
    run_result r;
    FILE* pipe = ::popen((cmd + (merge_stderr ? " 2>&1" : " 2>/dev/null")).c_str(), "r");
    if (!pipe) return r;
    std::array<char, 4096> buf{};
    std::size_t n = 0;
    while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) r.output.append(buf.data(), n);
    int raw = ::pclose(pipe);
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    return r;
}

// Debian's Python, where python3-networkx is installed (python3 on PATH may
// be another build without Debian's packages).
inline const char* system_python() { return "/usr/bin/python3"; }

inline bool have_networkx() {
    return std::system((std::string(system_python()) + " -c 'import networkx' >/dev/null 2>&1").c_str()) == 0;
}

// Compares `actual` with tests/golden/<name>, or rewrites the file when
// KG_UPDATE_GOLDEN=1 (returns true then).
inline bool update_golden(const std::string& name, const std::string& actual) {
    std::string path = std::string(KG_SOURCE_DIR) + "/tests/golden/" + name;
    const char* update = std::getenv("KG_UPDATE_GOLDEN");
    if (!update || std::string(update) != "1") return false;
    kg::write_file_atomic(path, actual);
    return true;
}
inline std::string golden_path(const std::string& name) { return std::string(KG_SOURCE_DIR) + "/tests/golden/" + name; }

}  // namespace kg::test
