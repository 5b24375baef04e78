#pragma once
// A small graph built in memory, shared by the graph, path and export tests.
#include <string>

#include <catch2/catch.hpp>

#include "kg/core/ids.hpp"
#include "kg/graph/knowledge_graph.hpp"

namespace kg::test {

inline kg::entity make_node(const std::string& type, const std::string& label,
                            std::vector<std::string> aliases = {}) {
    kg::entity e;
    e.id = kg::make_entity_id(type, label);
    e.type = type;
    e.label = label;
    e.aliases = std::move(aliases);
    return e;
}

inline kg::fact make_edge(const std::string& source, const std::string& type, const std::string& target,
                          const std::string& label, const std::string& doc, const std::string& sentence,
                          kg::polarity pol = kg::polarity::positive, kg::modality mod = kg::modality::asserted) {
    kg::fact f;
    f.source = source;
    f.target = target;
    f.type = type;
    f.label = label;
    f.polarity = pol;
    f.modality = mod;
    f.id = kg::make_fact_id(source, type, target, kg::to_string(pol));
    f.confidence = 0.8;
    f.evidence.push_back({doc, sentence, {0, sentence.size()}, "test-rule", {}});
    return f;
}

namespace ids {
inline const std::string lei_jun = "person:lei-jun";
inline const std::string xiaomi = "company:xiaomi";
inline const std::string dod = "governmentagency:us-department-of-defense";
inline const std::string court = "court:us-district-court";
inline const std::string action = "action:blacklisting-of-xiaomi";
inline const std::string judge = "person:rudolph-contreras";
inline const std::string loner = "person:nobody-in-particular";
}  // namespace ids

// Lei Jun founded Xiaomi; the Pentagon imposed a blacklisting that targets
// Xiaomi; Xiaomi sued the Pentagon; a court enjoined the blacklisting; the
// Pentagon did NOT blacklist Lei Jun; Xiaomi reportedly accused the
// Pentagon; Judge Contreras works for the court; one isolated person.
inline kg::graph::knowledge_graph sample_graph() {
    kg::graph::knowledge_graph g;
    g.add_document({"d1", "US blacklists Xiaomi", "articles/d1.txt", "2021-01-14", "https://example.com/d1", "ignored"});
    g.add_document({"d2", "Court halts Xiaomi ban", "articles/d2.txt", "", "", ""});
    auto lei = make_node("Person", "Lei Jun", {"Lei"});
    lei.attributes["title"] = {"founder", "CEO"};
    lei.mentions.push_back({"d1", {10, 17}, "Lei Jun"});
    g.add_entity(lei);
    g.add_entity(make_node("Company", "Xiaomi", {"Xiaomi Corp.", "小米"}));
    g.add_entity(make_node("GovernmentAgency", "US Department of Defense", {"Pentagon"}));
    g.add_entity(make_node("Court", "US District Court"));
    g.add_entity(make_node("Action", "blacklisting of Xiaomi"));
    auto judge = make_node("Person", "Rudolph Contreras");
    judge.attributes["title"] = {"US District Judge"};
    g.add_entity(judge);
    g.add_entity(make_node("Person", "Nobody in particular"));

    g.add_fact(make_edge(ids::lei_jun, "FOUNDER_OF", ids::xiaomi, "founder of", "d1", "Lei Jun founded Xiaomi."));
    g.add_fact(make_edge(ids::dod, "IMPOSED", ids::action, "imposed", "d1", "The Pentagon blacklisted Xiaomi."));
    g.add_fact(make_edge(ids::action, "TARGETS", ids::xiaomi, "targets", "d1", "The Pentagon blacklisted Xiaomi."));
    g.add_fact(make_edge(ids::xiaomi, "SUED", ids::dod, "sued", "d2", "Xiaomi sued the Pentagon."));
    g.add_fact(make_edge(ids::court, "ENJOINED", ids::action, "enjoined", "d2", "A judge halted the ban."));
    g.add_fact(make_edge(ids::judge, "EMPLOYED_BY", ids::court, "works for", "d2", "Judge Contreras ruled."));
    g.add_fact(make_edge(ids::dod, "BLACKLISTED", ids::lei_jun, "blacklisted", "d1",
                         "The Pentagon did not blacklist Lei Jun himself.", kg::polarity::negative));
    g.add_fact(make_edge(ids::xiaomi, "ACCUSED", ids::dod, "accused", "d2",
                         "Xiaomi reportedly accused the Pentagon of overreach.", kg::polarity::positive,
                         kg::modality::reported));
    return g;
}

}  // namespace kg::test

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>

namespace kg::test {

// A fresh scratch directory for one test, removed on destruction.
class scratch_dir {
public:
    explicit scratch_dir(const std::string& name)
        : path_(std::filesystem::temp_directory_path() /
                ("kg_test_" + name + "_" + std::to_string(::getpid()))) {
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~scratch_dir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    scratch_dir(const scratch_dir&) = delete;
    scratch_dir& operator=(const scratch_dir&) = delete;
    std::string file(const std::string& name) const { return (path_ / name).string(); }

private:
    std::filesystem::path path_;
};

struct run_result {
    int status = -1;     // exit code
    std::string output;  // standard output (and standard error when merged)
};

// Runs `shell_args` through the kg binary with /bin/sh.
inline run_result run_kg(const std::string& shell_args, bool merge_stderr = false) {
    std::string cmd = std::string("'") + KG_BINARY + "' " + shell_args + (merge_stderr ? " 2>&1" : " 2>/dev/null");
    run_result r;
    FILE* pipe = ::popen(cmd.c_str(), "r");
    if (!pipe) return r;
    std::array<char, 4096> buf{};
    std::size_t n = 0;
    while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) r.output.append(buf.data(), n);
    int raw = ::pclose(pipe);
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    return r;
}

inline std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'') out += "'\\''";
        else out.push_back(c);
    }
    return out + "'";
}

// The sample graph plus an entity and a fact full of awkward strings (quotes,
// backslashes, control characters, emoji, CJK), an odd confidence, a time, a
// negative speculated reading and a speaker: for round trips of the graph files.
inline kg::graph::knowledge_graph awkward_graph() {
    auto g = sample_graph();
    auto odd = make_node("Misc", "He said \"hi\" \\ {x}\n\t😀 Ünïcödé 小米");
    odd.attributes["note"] = {"line1\nline2", "\x01\x1f"};
    odd.mentions.push_back({"d2", {3, 9}, "He said"});
    g.add_entity(odd);
    auto f = make_edge(odd.id, "RELATED_TO", ids::xiaomi, "related to", "d2", "Ö \"quoted\" \\ 😀");
    f.confidence = 0.123456789;
    f.time = "2021-01-14";
    f.modality = kg::modality::speculated;
    f.polarity = kg::polarity::negative;
    f.evidence.front().attributed_to = ids::judge;
    f.id = kg::make_fact_id(f.source, f.type, f.target, "negative");
    g.add_fact(f);
    return g;
}

// Checks that two graphs hold the same documents, nodes and edges, field by field.
inline void check_same_graph(const kg::graph::knowledge_graph& a, const kg::graph::knowledge_graph& b) {
    auto da = a.documents();
    auto db = b.documents();
    REQUIRE(da.size() == db.size());
    for (std::size_t i = 0; i < da.size(); ++i) {
        CHECK(da[i]->id == db[i]->id);
        CHECK(da[i]->title == db[i]->title);
        CHECK(da[i]->source == db[i]->source);
        CHECK(da[i]->date == db[i]->date);
        CHECK(da[i]->url == db[i]->url);
    }
    auto na = a.nodes();
    auto nb = b.nodes();
    REQUIRE(na.size() == nb.size());
    for (std::size_t i = 0; i < na.size(); ++i) {
        CHECK(na[i]->id == nb[i]->id);
        CHECK(na[i]->type == nb[i]->type);
        CHECK(na[i]->label == nb[i]->label);
        CHECK(na[i]->aliases == nb[i]->aliases);
        CHECK(na[i]->attributes == nb[i]->attributes);
        CHECK(na[i]->mentions == nb[i]->mentions);
    }
    auto ea = a.edges();
    auto eb = b.edges();
    REQUIRE(ea.size() == eb.size());
    for (std::size_t i = 0; i < ea.size(); ++i) {
        CHECK(ea[i]->id == eb[i]->id);
        CHECK(ea[i]->source == eb[i]->source);
        CHECK(ea[i]->target == eb[i]->target);
        CHECK(ea[i]->type == eb[i]->type);
        CHECK(ea[i]->label == eb[i]->label);
        CHECK(ea[i]->polarity == eb[i]->polarity);
        CHECK(ea[i]->modality == eb[i]->modality);
        CHECK(ea[i]->time == eb[i]->time);
        CHECK(ea[i]->confidence == eb[i]->confidence);  // exact: written in shortest round-trip form
        CHECK(ea[i]->evidence == eb[i]->evidence);
    }
}

}  // namespace kg::test
