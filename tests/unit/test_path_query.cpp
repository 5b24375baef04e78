#include <catch2/catch.hpp>

#include "kg/core/error.hpp"
#include "kg/graph/path.hpp"
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

TEST_CASE("find_nodes prefers label matches over alias matches", "[path][find]") {
    kg::graph::knowledge_graph g;
    g.add_entity(make_node("Person", "Lei Jun", {"Lei"}));
    g.add_entity(make_node("Person", "Lei"));
    g.add_entity(make_node("Company", "Lei"));
    CHECK(kg::graph::find_nodes(g, "lei") == strings{"company:lei", "person:lei"});
    CHECK(kg::graph::find_nodes(g, "lei jun") == strings{"person:lei-jun"});
}

TEST_CASE("a direct edge is a one-hop path", "[path]") {
    auto g = kg::test::sample_graph();
    auto paths = kg::graph::find_paths(g, ids::lei_jun, ids::xiaomi);
    REQUIRE(paths.size() == 1);
    CHECK(paths[0].nodes == strings{ids::lei_jun, ids::xiaomi});
    REQUIRE(paths[0].edges.size() == 1);
    CHECK(g.find_edge(paths[0].edges[0])->type == "FOUNDER_OF");
}

TEST_CASE("a path may go through an Action node", "[path]") {
    auto g = kg::test::sample_graph();
    auto paths = kg::graph::find_paths(g, ids::court, ids::xiaomi);
    REQUIRE(paths.size() == 1);
    CHECK(paths[0].nodes == strings{ids::court, ids::action, ids::xiaomi});
    CHECK(g.find_edge(paths[0].edges[0])->type == "ENJOINED");
    CHECK(g.find_edge(paths[0].edges[1])->type == "TARGETS");
}

TEST_CASE("edges are walked backwards", "[path]") {
    auto g = kg::test::sample_graph();
    auto paths = kg::graph::find_paths(g, ids::xiaomi, ids::lei_jun);
    REQUIRE(paths.size() == 1);
    CHECK(paths[0].nodes == strings{ids::xiaomi, ids::lei_jun});
    const kg::fact& f = *g.find_edge(paths[0].edges[0]);
    CHECK(f.source == ids::lei_jun);
    CHECK(f.target == ids::xiaomi);
    // three hops, two of them against the edge direction
    auto longer = kg::graph::find_paths(g, ids::judge, ids::xiaomi);
    REQUIRE(longer.size() == 1);
    CHECK(longer[0].nodes == strings{ids::judge, ids::court, ids::action, ids::xiaomi});
}

TEST_CASE("parallel edges give distinct paths in a deterministic order", "[path]") {
    auto g = kg::test::sample_graph();
    auto paths = kg::graph::find_paths(g, ids::xiaomi, ids::dod);
    REQUIRE(paths.size() == 2);  // SUED and ACCUSED (reported)
    CHECK(paths[0].nodes == paths[1].nodes);
    CHECK(paths[0].edges[0] < paths[1].edges[0]);
    CHECK(kg::graph::find_paths(g, ids::xiaomi, ids::dod, 1).size() == 1);
    CHECK(kg::graph::find_paths(g, ids::xiaomi, ids::dod, 0).empty());
    CHECK(kg::graph::find_paths(g, ids::xiaomi, ids::dod) == paths);
}

TEST_CASE("all shortest paths are enumerated up to the limit", "[path]") {
    // a ladder: s - a_i - t for 4 middle nodes, plus a longer detour
    kg::graph::knowledge_graph g;
    g.add_entity(make_node("Person", "S"));
    g.add_entity(make_node("Person", "T"));
    g.add_entity(make_node("Person", "Far"));
    for (int i = 0; i < 4; ++i) {
        std::string mid = "M" + std::to_string(i);
        g.add_entity(make_node("Company", mid));
        g.add_fact(make_edge("person:s", "EMPLOYED_BY", "company:m" + std::to_string(i), "works for", "d", "x"));
        g.add_fact(make_edge("person:t", "EMPLOYED_BY", "company:m" + std::to_string(i), "works for", "d", "x"));
    }
    g.add_fact(make_edge("person:s", "MET_WITH", "person:far", "met", "d", "x"));
    auto all = kg::graph::find_paths(g, "person:s", "person:t", 10);
    REQUIRE(all.size() == 4);
    for (std::size_t i = 0; i < all.size(); ++i) {
        CHECK(all[i].nodes.size() == 3);
        CHECK(all[i].nodes[1] == "company:m" + std::to_string(i));
    }
    auto some = kg::graph::find_paths(g, "person:s", "person:t", 3);
    REQUIRE(some.size() == 3);
    CHECK(some[2] == all[2]);
}

TEST_CASE("a node filter keeps paths out of some types", "[path]") {
    auto g = kg::test::sample_graph();
    auto no_actions = [](const kg::entity& e) { return e.type != "Action"; };
    auto paths = kg::graph::find_paths(g, ids::court, ids::xiaomi, 5, no_actions);
    CHECK(paths.empty());  // the court only reaches Xiaomi through the blacklisting
    // end points are exempt from the filter
    auto to_action = kg::graph::find_paths(g, ids::court, ids::action, 5, no_actions);
    CHECK(to_action.size() == 1);
}

TEST_CASE("unconnected nodes have no path and a node reaches itself", "[path]") {
    auto g = kg::test::sample_graph();
    CHECK(kg::graph::find_paths(g, ids::loner, ids::xiaomi).empty());
    auto self = kg::graph::find_paths(g, ids::xiaomi, ids::xiaomi);
    REQUIRE(self.size() == 1);
    CHECK(self[0].nodes == strings{ids::xiaomi});
    CHECK(self[0].edges.empty());
}

TEST_CASE("unknown node ids are query errors", "[path]") {
    auto g = kg::test::sample_graph();
    CHECK_THROWS_AS(kg::graph::find_paths(g, "person:ghost", ids::xiaomi), kg::query_error);
    CHECK_THROWS_AS(kg::graph::find_paths(g, ids::xiaomi, "person:ghost"), kg::query_error);
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
    auto paths = kg::graph::find_paths(g, ids::judge, ids::xiaomi);
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

TEST_CASE("shortest paths are ranked by confidence, then by specific intermediate nodes", "[path][rank]") {
    kg::graph::knowledge_graph g;
    for (const char* name : {"A", "B"}) g.add_entity(make_node("Person", name));
    g.add_entity(make_node("Country", "Aaland"));     // a hub, sorts first by id
    g.add_entity(make_node("Action", "Zeta lawsuit"));  // specific, sorts last by id
    g.add_entity(make_node("Company", "Middle"));
    g.add_fact(make_edge("person:a", "NATIONALITY", "country:aaland", "from", "d", "x"));
    g.add_fact(make_edge("person:b", "NATIONALITY", "country:aaland", "from", "d", "x"));
    for (int i = 0; i < 5; ++i) {
        std::string other = "person:other-" + std::to_string(i);
        g.add_entity(make_node("Person", "Other " + std::to_string(i)));
        g.add_fact(make_edge(other, "NATIONALITY", "country:aaland", "from", "d", "x"));
    }
    g.add_fact(make_edge("person:a", "SUED", "action:zeta-lawsuit", "sued", "d", "x"));
    g.add_fact(make_edge("person:b", "SUED", "action:zeta-lawsuit", "sued", "d", "x"));

    auto paths = kg::graph::find_paths(g, "person:a", "person:b");
    REQUIRE(paths.size() == 2);
    CHECK(paths[0].nodes[1] == "action:zeta-lawsuit");  // same confidence, lower degree
    CHECK(paths[1].nodes[1] == "country:aaland");

    // a more confident path wins over a more specific one
    auto strong1 = make_edge("person:a", "EMPLOYED_BY", "company:middle", "works for", "d", "x");
    auto strong2 = make_edge("person:b", "EMPLOYED_BY", "company:middle", "works for", "d", "x");
    strong1.confidence = strong2.confidence = 0.95;
    g.add_fact(strong1);
    g.add_fact(strong2);
    for (int i = 0; i < 3; ++i)
        g.add_fact(make_edge("person:other-" + std::to_string(i), "EMPLOYED_BY", "company:middle", "works for", "d", "x"));
    paths = kg::graph::find_paths(g, "person:a", "person:b", 1);
    REQUIRE(paths.size() == 1);
    CHECK(paths[0].nodes[1] == "company:middle");
    CHECK(kg::graph::path_confidence(g, paths[0]) == Approx(0.95 * 0.95));
}
