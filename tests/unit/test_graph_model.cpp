#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "kg/core/error.hpp"
#include "kg/graph/graph_json.hpp"
#include "kg/graph/knowledge_graph.hpp"
#include "test_graph_fixture.hpp"

using kg::test::make_edge;
using kg::test::make_node;
namespace ids = kg::test::ids;

TEST_CASE("knowledge graph keeps nodes and edges sorted by id", "[graph]") {
    auto g = kg::test::sample_graph();
    CHECK(g.node_count() == 7);
    CHECK(g.edge_count() == 8);
    CHECK(g.document_count() == 2);
    auto nodes = g.nodes();
    REQUIRE(nodes.size() == 7);
    for (std::size_t i = 1; i < nodes.size(); ++i) CHECK(nodes[i - 1]->id < nodes[i]->id);
    auto edges = g.edges();
    REQUIRE(edges.size() == 8);
    for (std::size_t i = 1; i < edges.size(); ++i) CHECK(edges[i - 1]->id < edges[i]->id);
    REQUIRE(g.find_node(ids::xiaomi) != nullptr);
    CHECK(g.find_node(ids::xiaomi)->label == "Xiaomi");
    CHECK(g.find_node("company:nope") == nullptr);
    // documents keep metadata but not the text
    REQUIRE(g.find_document("d1") != nullptr);
    CHECK(g.find_document("d1")->title == "US blacklists Xiaomi");
    CHECK(g.find_document("d1")->text.empty());
}

TEST_CASE("the boost graph holds facts as directed edges between entity vertices", "[graph]") {
    auto g = kg::test::sample_graph();
    const auto& bg = g.graph();
    auto v = g.vertex_of(ids::lei_jun);
    REQUIRE(v);
    CHECK(bg[*v].entity.id == ids::lei_jun);
    CHECK(boost::out_degree(*v, bg) == 1);  // FOUNDER_OF
    CHECK(boost::in_degree(*v, bg) == 1);   // negative BLACKLISTED from the Pentagon
    auto [it, end] = boost::out_edges(*v, bg);
    REQUIRE(it != end);
    CHECK(bg[*it].fact.type == "FOUNDER_OF");
    CHECK(bg[boost::target(*it, bg)].entity.id == ids::xiaomi);
}

TEST_CASE("copies and moves of a graph keep a working edge index", "[graph]") {
    auto original = kg::test::sample_graph();
    kg::graph::knowledge_graph copy = original;
    kg::graph::knowledge_graph moved = std::move(original);
    for (auto* g : {&copy, &moved}) {
        CHECK(g->edge_count() == 8);
        for (const kg::fact* f : g->edges()) {
            auto e = g->edge_of(f->id);
            REQUIRE(e);
            CHECK(g->graph()[*e].fact.id == f->id);
            CHECK(&g->graph()[*e].fact == f);
        }
    }
    // the copy is independent of its source
    auto extra = make_edge(ids::judge, "MET_WITH", ids::lei_jun, "met with", "d2", "They met.");
    copy.add_fact(extra);
    CHECK(copy.edge_count() == 9);
    CHECK(moved.edge_count() == 8);
    CHECK(moved.find_edge(extra.id) == nullptr);
    REQUIRE(copy.find_edge(extra.id) != nullptr);
    // the moved-from graph is empty and usable
    CHECK(original.node_count() == 0);  // NOLINT(bugprone-use-after-move)
    original.add_entity(make_node("Person", "Someone"));
    CHECK(original.node_count() == 1);
}

TEST_CASE("adding an entity twice merges aliases, attributes and mentions", "[graph][merge]") {
    kg::graph::knowledge_graph g;
    auto a = make_node("Company", "Xiaomi", {"Xiaomi Inc", "MI"});
    a.attributes["industry"] = {"phones"};
    a.mentions.push_back({"d1", {5, 11}, "Xiaomi"});
    g.add_entity(a);
    auto b = make_node("Company", "Xiaomi", {"MI", "Xiaomi Corporation"});
    b.label = "XIAOMI";  // same id, other spelling: becomes an alias
    b.attributes["industry"] = {"electronics", "phones"};
    b.attributes["country"] = {"China"};
    b.mentions.push_back({"d1", {5, 11}, "Xiaomi"});
    b.mentions.push_back({"d2", {0, 6}, "XIAOMI"});
    g.add_entity(b);

    REQUIRE(g.node_count() == 1);
    const kg::entity& e = *g.find_node("company:xiaomi");
    CHECK(e.label == "Xiaomi");
    CHECK(e.aliases == std::vector<std::string>{"MI", "XIAOMI", "Xiaomi Corporation", "Xiaomi Inc"});
    CHECK(e.attributes.at("industry") == std::vector<std::string>{"electronics", "phones"});
    CHECK(e.attributes.at("country") == std::vector<std::string>{"China"});
    REQUIRE(e.mentions.size() == 2);
    CHECK(e.mentions[0].document == "d1");
    CHECK(e.mentions[1].document == "d2");
}

TEST_CASE("an alias equal to the label is dropped", "[graph][merge]") {
    kg::graph::knowledge_graph g;
    g.add_entity(make_node("Person", "Lei Jun", {"Lei Jun", "Lei", "Lei", ""}));
    CHECK(g.find_node("person:lei-jun")->aliases == std::vector<std::string>{"Lei"});
}

TEST_CASE("adding a fact twice merges evidence and combines confidence", "[graph][merge]") {
    kg::graph::knowledge_graph g;
    g.add_entity(make_node("GovernmentAgency", "Pentagon"));
    g.add_entity(make_node("Company", "Xiaomi"));
    auto f1 = make_edge("governmentagency:pentagon", "BLACKLISTED", "company:xiaomi", "blacklisted", "d1", "One.");
    f1.confidence = 0.6;
    g.add_fact(f1);

    SECTION("the same evidence again keeps the higher confidence") {
        auto again = f1;
        again.confidence = 0.7;
        g.add_fact(again);
        const kg::fact& f = *g.find_edge(f1.id);
        CHECK(f.evidence.size() == 1);
        CHECK(f.confidence == Approx(0.7));
        g.add_fact(f1);
        CHECK(g.find_edge(f1.id)->confidence == Approx(0.7));
    }
    SECTION("new evidence is independent support: noisy-or, rounded") {
        auto f2 = make_edge("governmentagency:pentagon", "BLACKLISTED", "company:xiaomi", "", "d2", "Two.");
        f2.confidence = 0.5;
        f2.time = "2021";
        g.add_fact(f2);
        const kg::fact& f = *g.find_edge(f1.id);
        REQUIRE(f.evidence.size() == 2);
        CHECK(f.evidence[0].document == "d1");
        CHECK(f.evidence[1].document == "d2");
        CHECK(f.confidence == 0.8);  // 1 - 0.4 * 0.5
        CHECK(f.label == "blacklisted");
        CHECK(f.time == "2021");
    }
    SECTION("combined confidence is capped at 0.99") {
        for (int i = 0; i < 10; ++i) {
            auto more = make_edge("governmentagency:pentagon", "BLACKLISTED", "company:xiaomi", "blacklisted",
                                  fmt::format("d{}", i + 10), "More.");
            more.confidence = 0.9;
            g.add_fact(more);
        }
        CHECK(g.find_edge(f1.id)->confidence == 0.99);
        CHECK(g.find_edge(f1.id)->evidence.size() == 11);
    }
}

TEST_CASE("a fact to an unknown node is rejected", "[graph]") {
    kg::graph::knowledge_graph g;
    g.add_entity(make_node("Company", "Xiaomi"));
    auto f = make_edge("company:xiaomi", "SUED", "governmentagency:nowhere", "sued", "d1", "s");
    CHECK_THROWS_AS(g.add_fact(f), kg::input_error);
    auto back = make_edge("governmentagency:nowhere", "SUED", "company:xiaomi", "sued", "d1", "s");
    CHECK_THROWS_AS(g.add_fact(back), kg::input_error);
    CHECK(g.edge_count() == 0);
}

TEST_CASE("a fact id reused for another claim is rejected", "[graph]") {
    kg::graph::knowledge_graph g;
    g.add_entity(make_node("Company", "A"));
    g.add_entity(make_node("Company", "B"));
    auto f = make_edge("company:a", "SUED", "company:b", "sued", "d1", "s");
    g.add_fact(f);
    auto clash = make_edge("company:b", "SUED", "company:a", "sued", "d1", "s");
    clash.id = f.id;
    CHECK_THROWS_AS(g.add_fact(clash), kg::input_error);
}

TEST_CASE("confidence outside [0, 1] is clamped and NaN rejected", "[graph]") {
    kg::graph::knowledge_graph g;
    g.add_entity(make_node("Company", "A"));
    g.add_entity(make_node("Company", "B"));
    auto f = make_edge("company:a", "SUED", "company:b", "sued", "d1", "s");
    f.confidence = 1.5;
    g.add_fact(f);
    CHECK(g.find_edge(f.id)->confidence == 1.0);
    auto n = make_edge("company:b", "SUED", "company:a", "sued", "d1", "s");
    n.confidence = std::nan("");
    CHECK_THROWS_AS(g.add_fact(n), kg::input_error);
}

TEST_CASE("merging graphs unions them and merging twice changes nothing", "[graph][merge]") {
    auto full = kg::test::sample_graph();
    kg::graph::knowledge_graph part;
    part.add_document({"d3", "Another story", "articles/d3.txt", "", "", ""});
    part.add_entity(make_node("Company", "Xiaomi", {"MI"}));
    part.add_entity(make_node("Company", "Huawei"));
    part.add_fact(make_edge(ids::xiaomi, "PARTNERED_WITH", "company:huawei", "partnered with", "d3", "Together."));

    auto merged = full;
    merged.merge(part);
    CHECK(merged.document_count() == 3);
    CHECK(merged.node_count() == 8);
    CHECK(merged.edge_count() == 9);
    CHECK(merged.find_node(ids::xiaomi)->aliases == std::vector<std::string>{"MI", "Xiaomi Corp.", "小米"});

    std::string once = kg::graph::to_graph_json(merged);
    merged.merge(part);
    merged.merge(full);
    merged.merge(merged);
    CHECK(kg::graph::to_graph_json(merged) == once);
}
