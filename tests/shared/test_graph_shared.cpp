// The graph of the BBC business folder (../shared/data/bbc/business): one
// company named in many articles is one entity, and the query commands find it.
#include <catch2/catch.hpp>

#include <set>

#include "kg/core/ids.hpp"
#include "kg/graph/graph_json.hpp"
#include "kg/graph/lookup.hpp"
#include "kg/graph/query.hpp"
#include "shared_dir.hpp"
#include "test_graph_fixture.hpp"

TEST_CASE("across the BBC business articles Yukos is one entity", "[shared][graph]") {
    kg::test::scratch_dir dir{"shared_business"};
    auto out = dir.file("business.json");
    auto r = kg::test::run_kg("build -q " + kg::test::shell_quote(kg::test::shared_dir() + "/data/bbc/business") +
                              " -o " + kg::test::shell_quote(out));
    REQUIRE(r.status == 0);
    auto g = kg::graph::read_graph_json(out);
    REQUIRE(g.document_count() > 400);

    auto found = kg::graph::lookup_entity(g, "Yukos");
    REQUIRE(found.ids.size() == 1);
    CHECK(found.ids.front() == "company:yukos");
    CHECK(g.vertices_named("yukos").size() == 1);  // no second node labelled or aliased Yukos
    const kg::entity* yukos = g.find_node(found.ids.front());
    REQUIRE(yukos);
    std::set<std::string> documents;
    for (const auto& m : yukos->mentions) documents.insert(m.document);
    CHECK(documents.size() >= 15);  // it is named in some 27 articles of the folder

    kg::graph::query_graph q(g);
    auto around = q.neighbourhood({yukos->id}, 1);
    CHECK(around.nodes.size() > 1);
}
