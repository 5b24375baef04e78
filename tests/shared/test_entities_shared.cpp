// Entity resolution on the whole BBC corpus (../shared/data/bbc): the names a
// reader knows as one thing are one node, few labels are split, no junk node.
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "kg/core/ids.hpp"
#include "kg/graph/graph_json.hpp"
#include "kg/graph/lookup.hpp"
#include "shared_dir.hpp"
#include "test_graph_fixture.hpp"

namespace {

// The nodes whose label or an alias normalizes to `name`.
std::set<std::string> nodes_named(const kg::graph::knowledge_graph& g, const std::string& name) {
    std::set<std::string> out;
    for (auto v : g.vertices_named(kg::normalize_name(name))) out.insert(g.graph()[v].entity.id);
    return out;
}

}  // namespace

TEST_CASE("across the BBC corpus short and full names of one thing are one node", "[shared][resolution]") {
    kg::test::scratch_dir dir{"shared_entities"};
    auto out = dir.file("bbc.json");
    auto r = kg::test::run_kg("build -q " + kg::test::shell_quote(kg::test::shared_dir() + "/data/bbc") + " -o " +
                              kg::test::shell_quote(out));
    REQUIRE(r.status == 0);
    auto g = kg::graph::read_graph_json(out);
    const std::pair<const char*, const char*> pairs[] = {
        {"BA", "British Airways"}, {"EC", "European Commission"}, {"Labour", "Labour Party"},
        {"Lib Dems", "Liberal Democrats"}, {"Kinnock", "Neil Kinnock"}, {"Blair", "Tony Blair"},
        {"Brown", "Gordon Brown"}, {"Howard", "Michael Howard"}};
    for (auto [short_name, full_name] : pairs) {
        INFO(short_name << " / " << full_name);
        auto full = nodes_named(g, full_name);
        REQUIRE(full.size() == 1);
        // The short name is that node's alias, and no node is labelled with it alone.
        CHECK(nodes_named(g, short_name).count(*full.begin()) == 1);
        for (const kg::entity* e : g.nodes()) CHECK(kg::normalize_name(e->label) != kg::normalize_name(short_name));
    }
    // Labels carried by more than one node (values and actions aside): at most 100.
    std::map<std::string, int> labels;
    for (const kg::entity* e : g.nodes())
        if (e->type != "Date" && e->type != "Money" && e->type != "Percent" && e->type != "Action") ++labels[e->label];
    int split = 0;
    for (auto& [label, n] : labels) split += n > 1;
    CHECK(split <= 100);
    // No junk: no label that is a function word, a sign-off or markup debris.
    for (const kg::entity* e : g.nodes()) {
        INFO(e->id);
        CHECK(kg::normalize_name(e->label) != "the");
        CHECK(e->label.find("&#") == std::string::npos);
        CHECK(e->label.find('<') == std::string::npos);
        CHECK(e->label.find('>') == std::string::npos);
    }
}
