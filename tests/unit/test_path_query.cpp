#include <catch2/catch.hpp>

#include "kg/core/error.hpp"
#include "kg/graph/lookup.hpp"
#include "kg/graph/path.hpp"
#include "kg/graph/query.hpp"
#include "test_graph_fixture.hpp"

using kg::test::make_edge;
using kg::test::make_node;
namespace ids = kg::test::ids;
using strings = std::vector<std::string>;

TEST_CASE("find_nodes matches labels case-insensitively", "[path][find]") {
    auto g = kg::test::sample_graph();
    CHECK(kg::graph::find_nodes(g, "Xiaomi") == strings{ids::xiaomi});
    CHECK(kg::graph::find_nodes(g, "XIAOMI") == strings{ids::xiaomi});
    CHECK(kg::graph::find_nodes(g, "  lei   JUN ") == strings{ids::lei_jun});
    CHECK(kg::graph::find_nodes(g, "us district court") == strings{ids::court});
}

TEST_CASE("find_nodes matches aliases, exact ids and Unicode names", "[path][find]") {
    auto g = kg::test::sample_graph();
    CHECK(kg::graph::find_nodes(g, "pentagon") == strings{ids::dod});
    CHECK(kg::graph::find_nodes(g, "PENTAGON") == strings{ids::dod});
    CHECK(kg::graph::find_nodes(g, "xiaomi corp") == strings{ids::xiaomi});
    CHECK(kg::graph::find_nodes(g, "小米") == strings{ids::xiaomi});
    CHECK(kg::graph::find_nodes(g, ids::court) == strings{ids::court});
    CHECK(kg::graph::find_nodes(g, "Huawei").empty());
    CHECK(kg::graph::find_nodes(g, "").empty());
    CHECK(kg::graph::find_nodes(g, "!!!").empty());
}

TEST_CASE("find_nodes falls back to whole-word partial matches", "[path][find]") {
    auto g = kg::test::sample_graph();
    CHECK(kg::graph::find_nodes(g, "Contreras") == strings{ids::judge});
    CHECK(kg::graph::find_nodes(g, "department of defense") == strings{ids::dod});
    CHECK(kg::graph::find_nodes(g, "district") == strings{ids::court});
    CHECK(kg::graph::find_nodes(g, "contrer").empty());  // not a whole word
    CHECK(kg::graph::find_nodes(g, "Xiaomi") == strings{ids::xiaomi});  // exact beats partial
}

TEST_CASE("find_nodes lists label and alias matches; resolving a name prefers connected nodes, then labels",
          "[path][find]") {
    kg::graph::knowledge_graph g;
    g.add_entity(make_node("Person", "Lei Jun", {"Lei"}));
    g.add_entity(make_node("Person", "Lei"));
    g.add_entity(make_node("Company", "Lei"));
    CHECK(kg::graph::find_nodes(g, "lei") == strings{"company:lei", "person:lei", "person:lei-jun"});
    CHECK(kg::graph::find_nodes(g, "lei jun") == strings{"person:lei-jun"});
    // Two fact-less nodes labelled Lei: nothing tells them apart.
    CHECK_THROWS_AS(kg::graph::resolve_entity(g, "lei"), kg::query_error);
    g.add_entity(make_node("Company", "Xiaomi"));
    g.add_fact(kg::test::make_edge("person:lei-jun", "FOUNDER_OF", "company:xiaomi", "founder of", "d1", "Lei Jun founded Xiaomi."));
    std::string note;
    CHECK(kg::graph::resolve_entity(g, "lei", &note) == "person:lei-jun");
    CHECK(note.find("matches 3 entities; using Lei Jun (Person, person:lei-jun)") != std::string::npos);
}

#include "kg/graph/subgraph.hpp"

TEST_CASE("the neighbourhood of a node holds the nodes within depth and the edges among them", "[graph][subgraph]") {
    auto g = kg::test::sample_graph();
    auto one = kg::graph::neighbourhood(g, {ids::lei_jun}, 1);
    CHECK(one.node_count() == 3);  // Lei Jun, Xiaomi, the Pentagon
    CHECK(one.find_node(ids::dod) != nullptr);
    CHECK(one.edge_count() == 4);  // founder, NOT blacklisted, sued, accused
    CHECK(one.find_document("d1") != nullptr);
    auto zero = kg::graph::neighbourhood(g, {ids::lei_jun}, 0);
    CHECK(zero.node_count() == 1);
    CHECK(zero.edge_count() == 0);
    auto two = kg::graph::neighbourhood(g, {ids::lei_jun, ids::loner}, 2);
    CHECK(two.node_count() == 5);  // + the blacklisting, + the loner
    CHECK(two.find_node(ids::court) == nullptr);
    CHECK_THROWS_AS(kg::graph::neighbourhood(g, {"person:ghost"}, 1), kg::query_error);
    // a filter stops expansion at rejected nodes but keeps them
    auto stop = kg::graph::neighbourhood(g, {ids::court}, 3, [](const kg::entity& e) { return e.type != "Action"; });
    CHECK(stop.find_node(ids::action) != nullptr);
    CHECK(stop.find_node(ids::xiaomi) == nullptr);
}

TEST_CASE("path and confidence subgraphs keep what was asked for", "[graph][subgraph]") {
    auto g = kg::test::sample_graph();
    kg::graph::query_graph q(g);
    auto paths = q.shortest_path(ids::judge, ids::xiaomi, false);
    auto sub = kg::graph::path_subgraph(g, paths);
    CHECK(sub.node_count() == 4);
    CHECK(sub.edge_count() == 3);
    CHECK(sub.document_count() == 2);
    CHECK(kg::graph::path_subgraph(g, {}).node_count() == 0);

    auto h = g;
    auto strong = make_edge(ids::judge, "MET_WITH", ids::lei_jun, "met with", "d2", "They met.");
    strong.confidence = 0.95;
    h.add_fact(strong);
    auto linked = kg::graph::without_isolated_nodes(h);
    CHECK(linked.node_count() == h.node_count() - 1);
    CHECK(linked.edge_count() == h.edge_count());
    auto confident = kg::graph::with_min_confidence(h, 0.9);
    CHECK(confident.node_count() == h.node_count());
    CHECK(confident.edge_count() == 1);
    CHECK(confident.find_edge(strong.id) != nullptr);
}
