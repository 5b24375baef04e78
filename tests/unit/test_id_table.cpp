#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "kg/graph/detail/id_index.hpp"
#include "kg/graph/detail/id_table.hpp"

using kg::graph::detail::id_table;

TEST_CASE("id_table: every id finds its vertex, other strings find none", "[query][id_table]") {
    std::vector<std::string> owned;
    for (int i = 0; i < 5000; ++i) owned.push_back(fmt::format("company:firm-{}", i));
    owned.push_back("");  // an empty id is just another key here
    owned.push_back("person:\xc3\xa9lodie");
    std::vector<std::string_view> ids(owned.begin(), owned.end());
    id_table table(ids);
    for (std::uint32_t v = 0; v < ids.size(); ++v) CHECK(table.find(ids[v]) == v);
    CHECK(table.find("company:firm-5000") == id_table::none);
    CHECK(table.find("company:firm-") == id_table::none);
    CHECK(table.find("company:firm-12 ") == id_table::none);
    CHECK(table.find("person:elodie") == id_table::none);
}

TEST_CASE("id_table: an empty table finds nothing", "[query][id_table]") {
    CHECK(id_table().find("x") == id_table::none);
    CHECK(id_table(std::vector<std::string_view>{}).find("") == id_table::none);
}

TEST_CASE("id_index: grows as items are added and finds every one of them", "[graph][id_index]") {
    using kg::graph::detail::id_index;
    std::vector<std::string> ids;
    auto id_of = [&](std::uint32_t n) -> const std::string& { return ids[n]; };
    id_index index;
    CHECK(index.find("anything", id_of).number == id_index::none);
    for (std::uint32_t n = 0; n < 3000; ++n) {
        ids.push_back(fmt::format("fact:{:x}", n * 2654435761u));
        index.reserve(index.size() + 1, id_of);  // grows (and re-places the earlier items) as needed
        auto probe = index.find(ids.back(), id_of);
        REQUIRE(probe.number == id_index::none);
        index.insert_at(probe, n);
    }
    CHECK(index.size() == ids.size());
    for (std::uint32_t n = 0; n < ids.size(); ++n) CHECK(index.find(ids[n], id_of).number == n);
    CHECK(index.find("fact:", id_of).number == id_index::none);
    index.clear();
    CHECK(index.find(ids.front(), id_of).number == id_index::none);
}
