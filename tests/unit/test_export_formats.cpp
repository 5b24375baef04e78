// The exporters for other tools: escaping helpers, golden files on a graph of
// hostile strings, and every format read back by its real consumer
// (xmllint, NetworkX's readers, rapper, Python's csv module). A missing
// consumer fails the test: scripts/install-deps.sh installs them all.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "kg/core/error.hpp"
#include "kg/core/io.hpp"
#include "kg/export/escape.hpp"
#include "kg/export/filter.hpp"
#include "kg/export/json_formats.hpp"
#include "kg/export/ntriples.hpp"
#include "kg/export/tabular.hpp"
#include "kg/export/xml_formats.hpp"
#include "kg/graph/graph_json.hpp"
#include "test_export_fixture.hpp"

using kg::test::run_shell;
using kg::test::shell_quote;

namespace {

using writer = std::function<void(const kg::graph::knowledge_graph&, std::ostream&)>;

std::string render(const writer& w, const kg::graph::knowledge_graph& g) {
    std::ostringstream out;
    w(g, out);
    return std::move(out).str();
}

void require_program(const std::string& name, const std::string& package) {
    if (!kg::test::have_program(name))
        FAIL("'" << name << "' is not installed (Debian package " << package << "; run scripts/install-deps.sh)");
}

void require_networkx() {
    if (!kg::test::have_networkx())
        FAIL("/usr/bin/python3 cannot import networkx (Debian package python3-networkx; run scripts/install-deps.sh)");
}

// Reads an export back with its consumer and compares every node label,
// alias and edge label and evidence sentence with the native JSON graph.
// Usage: check.py FORMAT EXPORT_PATH NATIVE_JSON
constexpr const char* checker = R"py(
import csv, json, re, subprocess, sys, urllib.parse
fmt, path, native_path = sys.argv[1:4]
native = json.load(open(native_path, encoding="utf-8"))
nodes = {n["id"]: n for n in native["nodes"]}
edges = {e["id"]: e for e in native["edges"]}
problems = []

def check(what, got, want):
    if got != want:
        problems.append(f"{what}: got {got!r}, want {want!r}")

def xml(s):
    # what XML 1.0 can carry: C0 controls other than tab, LF, CR become U+FFFD
    return "".join("\ufffd" if ord(c) < 0x20 and c not in "\t\n\r" else c for c in s)

def check_networkx(G, text=lambda s: s, name="label"):
    check("directed", G.is_directed(), True)
    check("multigraph", G.is_multigraph(), True)
    check("node count", G.number_of_nodes(), len(nodes))
    check("edge count", G.number_of_edges(), len(edges))
    for nid, n in nodes.items():
        data = G.nodes[text(nid)]
        check(f"label of {nid!r}", data.get(name), text(n["label"]))
        aliases = data["aliases"]
        if isinstance(aliases, str):
            aliases = json.loads(aliases)
        check(f"aliases of {nid!r}", aliases, n["aliases"])
    for eid, e in edges.items():
        data = G.edges[text(e["source"]), text(e["target"]), eid]
        check(f"label of edge {eid}", data["label"], text(e["label"]))
        evidence = data["evidence"]
        if isinstance(evidence, str):
            evidence = json.loads(evidence)
        check(f"evidence of {eid}", [v["sentence"] for v in evidence], [v["sentence"] for v in e["evidence"]])

if fmt in ("graphml", "gexf", "node-link", "cytoscape"):
    import networkx as nx
if fmt == "graphml":
    check_networkx(nx.read_graphml(path), xml)
elif fmt == "gexf":
    from networkx.readwrite import gexf
    if "1.3" not in gexf.GEXF.versions:
        # NetworkX before 3.0 knows GEXF 1.1 and 1.2 only; register 1.3's namespace
        # for its reader (the 1.3 elements kg writes are those of 1.2).
        print("note: registering the GEXF 1.3 namespace with NetworkX", nx.__version__)
        gexf.GEXF.versions["1.3"] = {"NS_GEXF": "http://gexf.net/1.3", "NS_VIZ": "http://gexf.net/1.3/viz",
            "NS_XSI": "http://www.w3.org/2001/XMLSchema-instance",
            "SCHEMALOCATION": "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd", "VERSION": "1.3"}
    check_networkx(nx.read_gexf(path), xml)
elif fmt == "node-link":
    check_networkx(nx.node_link_graph(json.load(open(path, encoding="utf-8"))))
elif fmt == "cytoscape":
    check_networkx(nx.cytoscape_graph(json.load(open(path, encoding="utf-8"))), name="name")
elif fmt == "jgf":
    g = json.load(open(path, encoding="utf-8"))["graph"]
    check("node ids", sorted(g["nodes"]), sorted(nodes))
    for nid, n in nodes.items():
        check(f"label of {nid!r}", g["nodes"][nid]["label"], n["label"])
        check(f"aliases of {nid!r}", g["nodes"][nid]["metadata"]["aliases"], n["aliases"])
    check("edge ids", [e["id"] for e in g["edges"]], sorted(edges))
    for e in g["edges"]:
        check(f"edge {e['id']}", (e["source"], e["target"], e["relation"], e["label"]),
              tuple(edges[e["id"]][k] for k in ("source", "target", "type", "label")))
elif fmt == "csv":
    rows = list(csv.DictReader(open(path, newline="", encoding="utf-8")))
    check("edge ids", [r["id"] for r in rows], sorted(edges))
    for r in rows:
        e = edges[r["id"]]
        check(f"edge {r['id']}", (r["source"], r["target"], r["label"], r["time"]),
              (e["source"], e["target"], e["label"], e.get("time", "")))
        check(f"source label of {r['id']}", r["source_label"], nodes[e["source"]]["label"])
        check(f"evidence of {r['id']}", json.loads(r["evidence"]), e["evidence"])
elif fmt == "neo4j":
    rows = list(csv.DictReader(open(path + "/nodes.csv", newline="", encoding="utf-8")))
    check("node ids", [r["id:ID"] for r in rows], sorted(nodes))
    for r in rows:
        n = nodes[r["id:ID"]]
        check(f"label of {n['id']!r}", r["label"], n["label"])
        check(f"labels of {n['id']!r}", r[":LABEL"].split(";")[0], "Entity")
        check(f"aliases of {n['id']!r}", r["aliases:string[]"].split(";") if r["aliases:string[]"] else [],
              [a.replace(";", "\uff1b") for a in n["aliases"]])
    rows = list(csv.DictReader(open(path + "/relationships.csv", newline="", encoding="utf-8")))
    check("edge ids", [r["id"] for r in rows], sorted(edges))
    for r in rows:
        e = edges[r["id"]]
        check(f"edge {r['id']}", (r[":START_ID"], r[":END_ID"], r[":TYPE"], r["label"]),
              (e["source"], e["target"], e["type"], e["label"]))
        check(f"sentences of {r['id']}", r["evidence_sentences:string[]"].split(";"),
              [v["sentence"].replace(";", "\uff1b") for v in e["evidence"]])
elif fmt == "ntriples":
    # rapper parses the file and writes its triples again as N-Triples (its JSON
    # writer emits \U escapes that are not JSON); the literals are decoded here.
    out = subprocess.run(["rapper", "-q", "-i", "ntriples", "-o", "ntriples", path], capture_output=True, check=True)
    rdf = {}
    triple = re.compile(r'^<([^>]*)> <([^>]*)> (?:<([^>]*)>|"((?:[^"\\]|\\.)*)"(?:\^\^<[^>]*>)?) \.$')
    for line in out.stdout.decode("ascii").splitlines():
        m = triple.match(line)
        if not m:
            problems.append("rapper wrote an unexpected line: " + line)
            continue
        value = m.group(3) if m.group(3) is not None else m.group(4).encode("ascii").decode("unicode_escape")
        rdf.setdefault(m.group(1), {}).setdefault(m.group(2), []).append({"value": value})
    base = "https://kg.example.org/"
    label = "http://www.w3.org/2000/01/rdf-schema#label"
    iri = lambda kind, local: base + kind + "/" + urllib.parse.quote(local, safe=":")
    for nid, n in nodes.items():
        s = rdf.get(iri("entity", nid), {})
        check(f"label of {nid!r}", [v["value"] for v in s.get(label, [])], [n["label"]])
        check(f"aliases of {nid!r}", sorted(v["value"] for v in s.get(base + "vocab/alias", [])), sorted(n["aliases"]))
    for eid, e in edges.items():
        s = rdf.get(iri("fact", eid), {})
        check(f"label of edge {eid}", [v["value"] for v in s.get(label, [])], [e["label"]])
        for i, ev in enumerate(e["evidence"]):
            t = rdf.get(iri("fact", eid) + f"/evidence/{i + 1}", {})
            check(f"evidence {i + 1} of {eid}", [v["value"] for v in t.get(base + "vocab/sentence", [])],
                  [ev["sentence"]])
else:
    problems.append("unknown format " + fmt)
for p in problems:
    print(p)
if problems:
    sys.exit(1)
print(f"{fmt}: {len(nodes)} nodes and {len(edges)} edges read back unchanged")
)py";

struct format_case {
    std::string name;
    std::string golden;  // file name under tests/golden
    writer write;
    bool xml = false;
};

std::vector<format_case> formats() {
    return {
        {"node-link", "hostile.node-link.json", kg::exporter::write_node_link},
        {"cytoscape", "hostile.cytoscape.json", kg::exporter::write_cytoscape},
        {"jgf", "hostile.jgf.json", kg::exporter::write_jgf},
        {"graphml", "hostile.graphml", kg::exporter::write_graphml, true},
        {"gexf", "hostile.gexf", kg::exporter::write_gexf, true},
        {"csv", "hostile.csv", kg::exporter::write_edge_csv},
        {"ntriples", "hostile.nt", [](const auto& g, std::ostream& out) { kg::exporter::write_ntriples(g, out); }},
        {"cypher", "hostile.cypher", kg::exporter::write_cypher},
    };
}

}  // namespace

TEST_CASE("XML escaping covers markup, line breaks and characters XML 1.0 cannot hold", "[export][escape]") {
    using kg::exporter::xml_escape;
    CHECK(xml_escape("a<b>&\"c\"'d'") == "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;");
    CHECK(xml_escape("tab\tlf\ncr\r") == "tab&#9;lf&#10;cr&#13;");
    CHECK(xml_escape("ctl\x01\x1f end") == "ctl\xEF\xBF\xBD\xEF\xBF\xBD end");
    CHECK(xml_escape("\xEF\xBF\xBE") == "\xEF\xBF\xBD");  // U+FFFE
    CHECK(xml_escape("小米 😀 Ü") == "小米 😀 Ü");
    CHECK(xml_escape("bad\xff") == "bad\xEF\xBF\xBD");
    CHECK(xml_escape("") == "");
}

TEST_CASE("CSV fields are quoted only when needed, quotes doubled", "[export][escape]") {
    using kg::exporter::csv_field;
    CHECK(csv_field("plain") == "plain");
    CHECK(csv_field("a,b") == "\"a,b\"");
    CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv_field("two\nlines") == "\"two\nlines\"");
    CHECK(csv_field(" padded") == "\" padded\"");
    CHECK(csv_field("小米;x") == "小米;x");
    CHECK(csv_field("") == "");
}

TEST_CASE("Cypher literals and names are quoted safely", "[export][escape]") {
    using kg::exporter::cypher_name;
    using kg::exporter::cypher_string;
    CHECK(cypher_string("O'Brien") == "'O\\'Brien'");
    CHECK(cypher_string("a\\b \"q\"") == "'a\\\\b \\\"q\\\"'");
    CHECK(cypher_string("l1\nl2\r\t") == "'l1\\nl2\\r\\t'");
    CHECK(cypher_string("c\x01") == "'c\\u0001'");
    CHECK(cypher_string("小米") == "'小米'");
    CHECK(cypher_name("FOUNDER_OF") == "`FOUNDER_OF`");
    CHECK(cypher_name("we`ird") == "`we``ird`");
}

TEST_CASE("N-Triples literals are ASCII and IRIs percent-encoded", "[export][escape]") {
    using kg::exporter::ntriples_iri;
    using kg::exporter::ntriples_string;
    CHECK(ntriples_string("say \"hi\"\\") == "\"say \\\"hi\\\"\\\\\"");
    CHECK(ntriples_string("l1\nl2\r\t") == "\"l1\\nl2\\r\\t\"");
    CHECK(ntriples_string("Ü小😀\x01") == "\"\\u00DC\\u5C0F\\U0001F600\\u0001\"");
    CHECK(ntriples_iri("https://x.org/entity/", "person:lei jun<>") == "<https://x.org/entity/person:lei%20jun%3C%3E>");
    CHECK(ntriples_iri("urn:x:", "小") == "<urn:x:%E5%B0%8F>");
    CHECK(kg::exporter::valid_iri_base("https://kg.example.org/"));
    CHECK(kg::exporter::valid_iri_base("urn:kg:"));
    CHECK_FALSE(kg::exporter::valid_iri_base("no scheme"));
    CHECK_FALSE(kg::exporter::valid_iri_base("http://a b/"));
    CHECK_FALSE(kg::exporter::valid_iri_base("http://x/<"));
    CHECK_FALSE(kg::exporter::valid_iri_base(":x"));
}

TEST_CASE("Exports of the hostile graph match their golden files", "[export][golden]") {
    auto g = kg::test::hostile_graph();
    for (const auto& f : formats()) {
        SECTION(f.name) {
            std::string text = render(f.write, g);
            if (kg::test::update_golden(f.golden, text)) {
                WARN("rewrote " << f.golden);
                continue;
            }
            REQUIRE(std::filesystem::exists(kg::test::golden_path(f.golden)));
            CHECK(kg::read_file(kg::test::golden_path(f.golden)) == text);
            CHECK(render(f.write, g) == text);  // deterministic
        }
    }
    SECTION("neo4j") {
        std::string text = render(kg::exporter::write_neo4j_nodes, g) + "----\n" +
                           render(kg::exporter::write_neo4j_relationships, g);
        if (kg::test::update_golden("hostile.neo4j.csv", text)) {
            WARN("rewrote hostile.neo4j.csv");
        } else {
            CHECK(kg::read_file(kg::test::golden_path("hostile.neo4j.csv")) == text);
        }
    }
}

TEST_CASE("Exports do not depend on insertion order", "[export]") {
    auto a = kg::test::hostile_graph();
    kg::graph::knowledge_graph b;
    auto docs = a.documents();
    for (auto it = docs.rbegin(); it != docs.rend(); ++it) b.add_document(**it);
    auto nodes = a.nodes();
    for (auto it = nodes.rbegin(); it != nodes.rend(); ++it) b.add_entity(**it);
    auto edges = a.edges();
    for (auto it = edges.rbegin(); it != edges.rend(); ++it) b.add_fact(**it);
    for (const auto& f : formats()) {
        INFO(f.name);
        CHECK(render(f.write, a) == render(f.write, b));
    }
}

TEST_CASE("Every export of the hostile graph is read back unchanged by its consumer", "[export][consumers]") {
    require_program("xmllint", "libxml2-utils");
    require_program("rapper", "raptor2-utils");
    require_networkx();
    kg::test::scratch_dir dir("export_consumers");
    auto g = kg::test::hostile_graph();
    std::string native = dir.file("native.json");
    kg::graph::write_graph_json(g, native);
    std::string script = dir.file("check.py");
    kg::write_file_atomic(script, checker);
    auto run_checker = [&](const std::string& format, const std::string& path) {
        auto r = run_shell(std::string(kg::test::system_python()) + " " + shell_quote(script) + " " + format + " " +
                           shell_quote(path) + " " + shell_quote(native));
        INFO(r.output);
        CHECK(r.status == 0);
        CHECK(r.output.find("read back unchanged") != std::string::npos);
    };
    for (const auto& f : formats()) {
        if (f.name == "cypher") continue;  // Neo4j is not in Debian: checked by its own test below
        SECTION(f.name) {
            std::string path = dir.file("export." + f.name);
            kg::write_file_atomic(path, render(f.write, g));
            if (f.xml) {
                auto lint = run_shell("xmllint --noout " + shell_quote(path));
                INFO(lint.output);
                CHECK(lint.status == 0);
            }
            if (f.name == "ntriples") {
                auto count = run_shell("rapper -i ntriples -c " + shell_quote(path));
                INFO(count.output);
                CHECK(count.status == 0);
                CHECK(count.output.find("returned") != std::string::npos);
            }
            run_checker(f.name, path);
        }
    }
    SECTION("neo4j") {
        std::filesystem::create_directories(dir.file("neo4j"));
        kg::write_file_atomic(dir.file("neo4j/nodes.csv"), render(kg::exporter::write_neo4j_nodes, g));
        kg::write_file_atomic(dir.file("neo4j/relationships.csv"), render(kg::exporter::write_neo4j_relationships, g));
        run_checker("neo4j", dir.file("neo4j"));
    }
}

TEST_CASE("Cypher export MERGEs every node and relationship, one statement a line", "[export][cypher]") {
    auto g = kg::test::hostile_graph();
    std::string text = render(kg::exporter::write_cypher, g);
    std::size_t merges_n = 0, merges_r = 0, lines = 0;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        ++lines;
        if (line.rfind("//", 0) == 0) continue;
        CHECK(line.back() == ';');
        if (line.rfind("MERGE (n:Entity {id: ", 0) == 0) ++merges_n;
        if (line.find(")-[r:") != std::string::npos) ++merges_r;
    }
    CHECK(merges_n == g.node_count());
    CHECK(merges_r == g.edge_count());
    CHECK(lines == 2 + g.node_count() + g.edge_count());  // comment, constraint, statements: no raw line breaks
    CHECK(text.find("n:`Odd \"Type\" <x>`") != std::string::npos);
}

TEST_CASE("neo4j import script is valid sh and names both files", "[export][neo4j]") {
    std::string script = kg::exporter::neo4j_import_script();
    CHECK(script.find("neo4j-admin database import full") != std::string::npos);
    CHECK(script.find("--nodes=\"$dir/nodes.csv\"") != std::string::npos);
    CHECK(script.find("--relationships=\"$dir/relationships.csv\"") != std::string::npos);
    CHECK(script.find("--array-delimiter=';'") != std::string::npos);
    kg::test::scratch_dir dir("export_neo4j_script");
    kg::write_file_atomic(dir.file("import.sh"), script);
    CHECK(run_shell("sh -n " + shell_quote(dir.file("import.sh"))).status == 0);
}

TEST_CASE("Type filters keep the wanted relations and entity types", "[export][filter]") {
    auto onto = kg::ontology::parse(R"({"format": "kg-ontology", "version": 1,
      "entity_types": [{"name": "Entity"}, {"name": "Organization", "parent": "Entity"},
        {"name": "Company", "parent": "Organization"}, {"name": "GovernmentAgency", "parent": "Organization"},
        {"name": "Court", "parent": "GovernmentAgency"}, {"name": "Person", "parent": "Entity"},
        {"name": "Action", "parent": "Entity"}],
      "relation_types": [{"name": "SUED", "label": "sued"}, {"name": "MET_WITH", "label": "met with"}]})",
                                    "test-ontology.json");
    auto g = kg::test::sample_graph();
    auto sued = kg::exporter::filter_types(g, {.relations = {"sued"}, .node_types = {}}, &onto);
    CHECK(sued.node_count() == g.node_count());
    REQUIRE(sued.edge_count() == 1);
    CHECK(sued.edges()[0]->type == "SUED");
    auto orgs = kg::exporter::filter_types(g, {.relations = {}, .node_types = {"Organization"}}, &onto);
    CHECK(orgs.node_count() == 3);  // Xiaomi, the Pentagon, the court
    for (const kg::fact* f : orgs.edges()) CHECK((f->type == "SUED" || f->type == "ACCUSED"));
    CHECK(orgs.edge_count() == 2);
    auto none = kg::exporter::filter_types(g, {.relations = {"MET_WITH"}, .node_types = {}}, &onto);  // known, absent
    CHECK(none.edge_count() == 0);
    CHECK_THROWS_AS(kg::exporter::filter_types(g, {.relations = {"NO_SUCH"}, .node_types = {}}, &onto), kg::usage_error);
    CHECK_THROWS_AS(kg::exporter::filter_types(g, {.relations = {}, .node_types = {"Spaceship"}}, &onto), kg::usage_error);
    // documents follow what is kept
    CHECK(kg::exporter::filter_types(g, {.relations = {}, .node_types = {"Court"}}, &onto).document_count() == 0);
}
