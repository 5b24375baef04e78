// Path queries (query_graph) on small graphs built in memory.
#include <catch2/catch.hpp>

#include <algorithm>

#include <fmt/format.h>

#include "kg/core/error.hpp"
#include "kg/graph/query.hpp"
#include "test_graph_fixture.hpp"

using kg::test::make_edge;
using kg::test::make_node;
namespace ids = kg::test::ids;
using strings = std::vector<std::string>;
using kg::graph::graph_path;
using kg::graph::query_filter;
using kg::graph::query_graph;

namespace {

// Every path must run from `from` to `to`, each edge joining its two neighbours, without repeated nodes.
void check_chain(const kg::graph::knowledge_graph& g, const graph_path& p, const std::string& from,
                 const std::string& to) {
    REQUIRE(!p.nodes.empty());
    CHECK(p.nodes.front() == from);
    CHECK(p.nodes.back() == to);
    REQUIRE(p.edges.size() + 1 == p.nodes.size());
    for (std::size_t i = 0; i < p.edges.size(); ++i) {
        const kg::fact* f = g.find_edge(p.edges[i]);
        REQUIRE(f);
        bool joins = (f->source == p.nodes[i] && f->target == p.nodes[i + 1]) ||
                     (f->target == p.nodes[i] && f->source == p.nodes[i + 1]);
        CHECK(joins);
    }
    strings sorted = p.nodes;
    std::sort(sorted.begin(), sorted.end());
    CHECK(std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end());
}

std::string id_of(const std::string& name) { return kg::make_entity_id("Person", name); }
std::string ring_name(int i) { return fmt::format("P{}", i); }

// A ring of n people, each linked to the next; fact i joins i and i+1.
kg::graph::knowledge_graph ring(int n) {
    kg::graph::knowledge_graph g;
    for (int i = 0; i < n; ++i) g.add_entity(make_node("Person", ring_name(i)));
    for (int i = 0; i < n; ++i)
        g.add_fact(make_edge(id_of(ring_name(i)), "MET_WITH", id_of(ring_name((i + 1) % n)), "met", "d", "x"));
    return g;
}

// A small irregular graph: a grid of 3 x 4 people with a few diagonals and a parallel edge.
kg::graph::knowledge_graph grid() {
    kg::graph::knowledge_graph g;
    auto name = [](int r, int c) { return fmt::format("G{}{}", r, c); };
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 4; ++c) g.add_entity(make_node("Person", name(r, c)));
    auto link = [&](int r1, int c1, int r2, int c2, const char* type, double confidence) {
        auto f = make_edge(id_of(name(r1, c1)), type, id_of(name(r2, c2)), type, "d", "x");
        f.confidence = confidence;
        g.add_fact(f);
    };
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 4; ++c) {
            if (c + 1 < 4) link(r, c, r, c + 1, "MET_WITH", 0.5 + 0.1 * r);
            if (r + 1 < 3) link(r, c, r + 1, c, "EMPLOYED_BY", 0.9 - 0.1 * c);
        }
    link(0, 0, 1, 1, "SUED", 0.3);
    link(1, 2, 2, 3, "SUED", 0.7);
    link(0, 0, 0, 1, "ACCUSED", 0.95);  // parallel to MET_WITH
    return g;
}

}  // namespace

TEST_CASE("query_graph: a direct fact is a one-hop path, walked either way", "[query][path]") {
    auto g = kg::test::sample_graph();
    query_graph q(g);
    auto p = q.shortest_path(ids::lei_jun, ids::xiaomi, false);
    REQUIRE(p.size() == 1);
    CHECK(p[0].nodes == strings{ids::lei_jun, ids::xiaomi});
    CHECK(g.find_edge(p[0].edges[0])->type == "FOUNDER_OF");
    auto back = q.shortest_path(ids::xiaomi, ids::lei_jun, false);
    REQUIRE(back.size() == 1);
    CHECK(back[0].nodes == strings{ids::xiaomi, ids::lei_jun});
    auto longer = q.shortest_path(ids::judge, ids::xiaomi, false);
    REQUIRE(longer.size() == 1);
    CHECK(longer[0].nodes == strings{ids::judge, ids::court, ids::action, ids::xiaomi});
    check_chain(g, longer[0], ids::judge, ids::xiaomi);
}

TEST_CASE("query_graph: no path, a node to itself, unknown ids", "[query][path]") {
    auto g = kg::test::sample_graph();
    query_graph q(g);
    CHECK(q.shortest_path(ids::loner, ids::xiaomi, false).empty());
    CHECK(q.shortest_path(ids::loner, ids::xiaomi, true).empty());
    CHECK(q.k_shortest_paths(ids::loner, ids::xiaomi, 3, false).empty());
    CHECK(q.all_paths(ids::loner, ids::xiaomi, 5, 10).empty());
    auto self = q.shortest_path(ids::xiaomi, ids::xiaomi, false);
    REQUIRE(self.size() == 1);
    CHECK(self[0].nodes == strings{ids::xiaomi});
    CHECK(self[0].edges.empty());
    CHECK_THROWS_AS(q.shortest_path("person:ghost", ids::xiaomi, false), kg::query_error);
    CHECK_THROWS_AS(q.k_shortest_paths(ids::xiaomi, "person:ghost", 2, true), kg::query_error);
}

TEST_CASE("query_graph: negated facts are left out unless asked for", "[query][path][negated]") {
    auto g = kg::test::sample_graph();
    query_graph positive(g);
    auto p = positive.shortest_path(ids::dod, ids::lei_jun, false);
    REQUIRE(p.size() == 1);
    CHECK(p[0].edges.size() == 2);  // through Xiaomi, not the "did not blacklist" fact
    for (const auto& e : p[0].edges) CHECK(g.find_edge(e)->polarity == kg::polarity::positive);
    query_filter with;
    with.include_negated = true;
    query_graph all(g, with);
    auto direct = all.shortest_path(ids::dod, ids::lei_jun, false);
    REQUIRE(direct.size() == 1);
    REQUIRE(direct[0].edges.size() == 1);
    CHECK(g.find_edge(direct[0].edges[0])->polarity == kg::polarity::negative);
    CHECK(positive.kept_fact_count() + 1 == all.kept_fact_count());
}

TEST_CASE("query_graph: parallel facts are distinct paths", "[query][path][parallel]") {
    auto g = kg::test::sample_graph();
    query_graph q(g);
    auto two = q.k_shortest_paths(ids::xiaomi, ids::dod, 2, false);
    REQUIRE(two.size() == 2);  // SUED and ACCUSED (reported)
    CHECK(two[0].nodes == two[1].nodes);
    CHECK(two[0].edges != two[1].edges);
    CHECK(two[0].edges[0] < two[1].edges[0]);  // equal length and confidence: by fact id
    auto one = q.k_shortest_paths(ids::xiaomi, ids::dod, 1, false);
    REQUIRE(one.size() == 1);
    auto three = q.k_shortest_paths(ids::xiaomi, ids::dod, 5, false);
    REQUIRE(three.size() == 3);  // and the way round through the blacklisting
    CHECK(three[2].nodes == strings{ids::xiaomi, ids::action, ids::dod});
    CHECK(q.k_shortest_paths(ids::xiaomi, ids::dod, 0, false).empty());
    auto all = q.all_paths(ids::xiaomi, ids::dod, 1, 10);
    CHECK(all == two);
}

TEST_CASE("query_graph: cycles give each simple path once", "[query][path][cycle]") {
    auto g = ring(6);
    query_graph q(g);
    auto p = q.shortest_path(id_of("P0"), id_of("P2"), false);
    REQUIRE(p.size() == 1);
    CHECK(p[0].nodes == strings{id_of("P0"), id_of("P1"), id_of("P2")});
    auto k = q.k_shortest_paths(id_of("P0"), id_of("P3"), 5, false);
    REQUIRE(k.size() == 2);  // a ring has exactly two simple paths between two of its nodes
    CHECK(k[0].edges.size() == 3);
    CHECK(k[1].edges.size() == 3);
    CHECK(k[0] != k[1]);
    for (const auto& path : k) check_chain(g, path, id_of("P0"), id_of("P3"));
    CHECK(q.all_paths(id_of("P0"), id_of("P3"), 3, 10).size() == 2);
    CHECK(q.all_paths(id_of("P0"), id_of("P3"), 2, 10).empty());
    auto uneven = q.all_paths(id_of("P0"), id_of("P1"), 10, 10);
    REQUIRE(uneven.size() == 2);
    CHECK(uneven[0].edges.size() == 1);
    CHECK(uneven[1].edges.size() == 5);
}

TEST_CASE("query_graph: relation and node-type filters", "[query][path][filter]") {
    auto g = kg::test::sample_graph();
    query_filter only;
    only.relations = {"FOUNDER_OF", "SUED"};
    query_graph q1(g, only);
    auto p = q1.shortest_path(ids::lei_jun, ids::dod, false);
    REQUIRE(p.size() == 1);
    REQUIRE(p[0].edges.size() == 2);
    CHECK(g.find_edge(p[0].edges[1])->type == "SUED");
    CHECK(q1.shortest_path(ids::court, ids::xiaomi, false).empty());

    query_filter exclude;
    exclude.exclude_relations = {"SUED", "ACCUSED"};
    query_graph q2(g, exclude);
    auto around = q2.shortest_path(ids::xiaomi, ids::dod, false);
    REQUIRE(around.size() == 1);
    CHECK(around[0].nodes == strings{ids::xiaomi, ids::action, ids::dod});

    query_filter no_actions;
    no_actions.avoid_node_types = {"Action"};
    query_graph q3(g, no_actions);
    CHECK(q3.shortest_path(ids::court, ids::xiaomi, false).empty());
    CHECK(q3.shortest_path(ids::court, ids::xiaomi, true).empty());
    CHECK(q3.all_paths(ids::court, ids::xiaomi, 6, 10).empty());
    CHECK(q3.shortest_path(ids::court, ids::action, false).size() == 1);  // end points are exempt

    query_filter people_only;
    people_only.node_types = {"Person"};
    query_graph q4(g, people_only);
    CHECK(q4.shortest_path(ids::judge, ids::xiaomi, false).empty());  // would pass through a court
    query_filter courts_and_actions;
    courts_and_actions.node_types = {"Court", "Action"};
    query_graph q5(g, courts_and_actions);
    CHECK(q5.shortest_path(ids::judge, ids::xiaomi, false).size() == 1);
}

TEST_CASE("query_graph: --weighted prefers a chain of confident facts", "[query][path][weighted]") {
    kg::graph::knowledge_graph g;
    for (const char* n : {"A", "B", "C"}) g.add_entity(make_node("Person", n));
    auto weak = make_edge(id_of("A"), "MET_WITH", id_of("B"), "met", "d", "rumour");
    weak.confidence = 0.1;
    auto s1 = make_edge(id_of("A"), "EMPLOYED_BY", id_of("C"), "works for", "d", "x");
    auto s2 = make_edge(id_of("C"), "EMPLOYED_BY", id_of("B"), "works for", "d", "x");
    s1.confidence = s2.confidence = 0.9;
    g.add_fact(weak);
    g.add_fact(s1);
    g.add_fact(s2);
    query_graph q(g);
    auto hops = q.shortest_path(id_of("A"), id_of("B"), false);
    REQUIRE(hops.size() == 1);
    CHECK(hops[0].nodes == strings{id_of("A"), id_of("B")});
    auto sure = q.shortest_path(id_of("A"), id_of("B"), true);
    REQUIRE(sure.size() == 1);
    CHECK(sure[0].nodes == strings{id_of("A"), id_of("C"), id_of("B")});
    CHECK(kg::graph::path_confidence(g, sure[0]) == Approx(0.81));
    auto both = q.k_shortest_paths(id_of("A"), id_of("B"), 2, true);
    REQUIRE(both.size() == 2);
    CHECK(both[0] == sure[0]);
    CHECK(both[1] == hops[0]);
}

TEST_CASE("query_graph: Yen's K shortest paths agree with enumerating every simple path", "[query][path][yen]") {
    auto g = grid();
    query_graph q(g);
    const std::string from = id_of("G00"), to = id_of("G23");
    auto all = q.all_paths(from, to, 11, 100000);
    REQUIRE(all.size() > 20);
    for (const auto& p : all) check_chain(g, p, from, to);
    for (std::size_t i = 1; i < all.size(); ++i) CHECK(all[i - 1].edges.size() <= all[i].edges.size());
    auto k = q.k_shortest_paths(from, to, 20, false);
    REQUIRE(k.size() == 20);
    for (std::size_t i = 0; i < k.size(); ++i) {
        check_chain(g, k[i], from, to);
        CHECK(k[i].edges.size() == all[i].edges.size());  // the same lengths as the 20 shortest
        CHECK(std::find(all.begin(), all.end(), k[i]) != all.end());
        for (std::size_t j = 0; j < i; ++j) CHECK(k[i] != k[j]);
    }
    // weighted: confidences never increase down the list
    auto w = q.k_shortest_paths(from, to, 10, true);
    REQUIRE(w.size() == 10);
    for (std::size_t i = 1; i < w.size(); ++i)
        CHECK(kg::graph::path_confidence(g, w[i - 1]) >= kg::graph::path_confidence(g, w[i]) - 1e-9);
    // and the first is the most confident of all simple paths
    double best = 0;
    for (const auto& p : all) best = std::max(best, kg::graph::path_confidence(g, p));
    CHECK(kg::graph::path_confidence(g, w[0]) == Approx(best));
    // --all keeps the shortest when limited
    auto few = q.all_paths(from, to, 11, 3);
    REQUIRE(few.size() == 3);
    for (std::size_t i = 0; i < few.size(); ++i) CHECK(few[i].edges.size() == all[i].edges.size());
    CHECK(few.front() == all.front());
}

TEST_CASE("query_graph: neighbourhoods follow kept facts only", "[query][neighbours]") {
    auto g = kg::test::sample_graph();
    query_graph q(g);
    auto one = q.neighbourhood({ids::lei_jun}, 1);
    REQUIRE(one.nodes.size() == 2);  // Lei Jun, Xiaomi: the Pentagon only through a negated fact
    CHECK(one.nodes[0] == std::pair<std::string, std::size_t>{ids::xiaomi, 1});
    CHECK(one.nodes[1] == std::pair<std::string, std::size_t>{ids::lei_jun, 0});
    CHECK(one.edges.size() == 1);
    query_filter with;
    with.include_negated = true;
    query_graph all(g, with);
    auto wide = all.neighbourhood({ids::lei_jun}, 1);
    CHECK(wide.nodes.size() == 3);
    CHECK(wide.edges.size() == 4);  // founder, NOT blacklisted, sued, accused
    auto two = q.neighbourhood({ids::lei_jun, ids::loner}, 2);
    CHECK(two.nodes.size() == 5);  // + the Pentagon, the blacklisting, the loner
    CHECK(q.neighbourhood({ids::lei_jun}, 0).edges.empty());
    CHECK_THROWS_AS(q.neighbourhood({"person:ghost"}, 1), kg::query_error);
}

TEST_CASE("query_graph: components, degrees and PageRank", "[query][stats]") {
    auto g = kg::test::sample_graph();
    query_filter with;
    with.include_negated = true;
    query_graph q(g, with);
    auto [component, count] = q.components();
    CHECK(count == 2);  // everything, and the loner
    auto loner = *g.vertex_of(ids::loner);
    auto xiaomi = *g.vertex_of(ids::xiaomi);
    CHECK(component[loner] != component[xiaomi]);
    CHECK(component[*g.vertex_of(ids::judge)] == component[xiaomi]);
    CHECK(q.degree(static_cast<std::uint32_t>(xiaomi)) == 4);
    CHECK(q.degree(static_cast<std::uint32_t>(loner)) == 0);
    auto rank = q.page_rank();
    REQUIRE(rank.size() == g.node_count());
    for (std::size_t v = 0; v < rank.size(); ++v)
        if (v != xiaomi) CHECK(rank[xiaomi] >= rank[v]);  // the best connected
    CHECK(rank[loner] < rank[*g.vertex_of(ids::judge)]);
}

TEST_CASE("query_graph: answers stay the same over many searches (the search stamps wrap)", "[query][path]") {
    auto g = kg::test::sample_graph();
    query_graph q(g);
    const auto path = q.shortest_path(ids::lei_jun, ids::judge, false);
    const auto around = q.neighbourhood({ids::xiaomi}, 1);
    REQUIRE(path.size() == 1);
    // 8-bit stamps: more than 255 searches of each kind, interleaved, wrap them twice.
    for (int i = 0; i < 600; ++i) {
        INFO("search " << i);
        auto p = q.shortest_path(ids::lei_jun, ids::judge, false);
        REQUIRE(p.size() == 1);
        CHECK(p[0].nodes == path[0].nodes);
        CHECK(p[0].edges == path[0].edges);
        CHECK(q.shortest_path(ids::loner, ids::xiaomi, false).empty());
        auto n = q.neighbourhood({ids::xiaomi}, 1);
        CHECK(n.nodes == around.nodes);
        CHECK(n.edges == around.edges);
    }
}
