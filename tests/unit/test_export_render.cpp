// DOT styling and options, SVG and PNG through Graphviz, and the HTML view in
// headless Chromium. Graphviz, xmllint, Chromium and Debian's Python must be
// installed (scripts/install-deps.sh): a missing one fails the test.
#include <catch2/catch.hpp>

#include <filesystem>
#include <sstream>

#include "kg/core/error.hpp"
#include "kg/core/io.hpp"
#include "kg/core/ontology.hpp"
#include "kg/export/dot.hpp"
#include "kg/export/html.hpp"
#include "kg/export/render.hpp"
#include "kg/graph/graph_json.hpp"
#include "test_export_fixture.hpp"

using kg::test::run_shell;
using kg::test::shell_quote;

namespace {

kg::ontology data_ontology() { return kg::ontology::load(std::string(KG_DATA_DIR) + "/ontology.json"); }

std::string dot_of(const kg::graph::knowledge_graph& g, const kg::exporter::dot_options& o) {
    auto onto = data_ontology();
    std::ostringstream out;
    kg::exporter::write_dot(g, &onto, o, out);
    return std::move(out).str();
}

void require_program(const std::string& name, const std::string& package) {
    if (!kg::test::have_program(name))
        FAIL("'" << name << "' is not installed (Debian package " << package << "; run scripts/install-deps.sh)");
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t p = 0; (p = text.find(what, p)) != std::string::npos; p += what.size()) ++n;
    return n;
}

// Decodes an 8-bit RGB or RGBA PNG (the filters of the PNG specification) and
// prints: width height distinct_colours share_of_pixels_unlike_the_corner.
constexpr const char* png_stats = R"py(
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat = 8, b""
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    pos += 12 + n
    if kind == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
    elif kind == b"IDAT":
        idat += body
assert depth == 8 and ctype in (2, 6), f"unexpected PNG type {depth}/{ctype}"
bpp = 3 if ctype == 2 else 4
raw = zlib.decompress(idat)
stride = w * bpp
rows, prev = [], bytearray(stride)
for y in range(h):
    f = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(bytes(line))
    prev = line
pixels = [r[i:i + 3] for r in rows for i in range(0, stride, bpp)]
corner = pixels[-1]
print(w, h, len(set(pixels)), sum(p != corner for p in pixels) / len(pixels))
)py";

struct png_info {
    int width = 0, height = 0, colours = 0;
    double drawn = 0;  // share of pixels unlike the bottom-right corner
};

png_info read_png(const std::string& path, const kg::test::scratch_dir& dir) {
    kg::write_file_atomic(dir.file("png_stats.py"), png_stats);
    auto r = run_shell(std::string(kg::test::system_python()) + " " + shell_quote(dir.file("png_stats.py")) + " " +
                       shell_quote(path));
    INFO(r.output);
    REQUIRE(r.status == 0);
    png_info info;
    std::istringstream in(r.output);
    in >> info.width >> info.height >> info.colours >> info.drawn;
    return info;
}

}  // namespace

TEST_CASE("DOT carries evidence tooltips, rank direction and a legend of edge styles", "[export][dot]") {
    auto g = kg::test::sample_graph();
    std::string dot = dot_of(g, {});
    CHECK(dot.find("rankdir=\"LR\"") != std::string::npos);
    // the founder fact's tooltip names both ends, the confidence and the evidence sentence with its document
    CHECK(dot.find("tooltip=\"Lei Jun → founder of → Xiaomi\\nFOUNDER_OF: confidence 0.80, 1 evidence\\n"
                   "“Lei Jun founded Xiaomi.” (d1: US blacklists Xiaomi)\"") != std::string::npos);
    CHECK(dot.find("tooltip=\"Xiaomi (Company)\\ncompany:xiaomi\\nalso: Xiaomi Corp.; 小米\"") != std::string::npos);
    std::string quiet = dot_of(g, {.legend = false, .rankdir = "TB", .evidence = false});
    CHECK(quiet.find("rankdir=\"TB\"") != std::string::npos);
    CHECK(quiet.find("Lei Jun founded Xiaomi.") == std::string::npos);
    CHECK(quiet.find("FOUNDER_OF: confidence 0.80, 1 evidence\"") != std::string::npos);
    std::string legend = dot_of(g, {.legend = true});
    CHECK(legend.find("label=\"negated (NOT)\", style=\"dashed\"") != std::string::npos);
    CHECK(legend.find("label=\"hedged, reported, speculated\", style=\"dotted\"") != std::string::npos);
    CHECK(kg::exporter::valid_rankdir("BT"));
    CHECK_FALSE(kg::exporter::valid_rankdir("XY"));
    // many evidence sentences are cut after max_evidence
    auto f = *g.find_edge(g.edges()[0]->id);
    for (int i = 0; i < 7; ++i) {
        kg::evidence ev;
        ev.document = "d1";
        ev.sentence = "Sentence " + std::to_string(i);
        ev.chars = {0, 10};
        ev.rule = "r";
        f.evidence.push_back(ev);
    }
    kg::graph::knowledge_graph big = g;
    big.add_fact(f);
    CHECK(dot_of(big, {}).find("… and 3 more") != std::string::npos);
}

TEST_CASE("DOT of the hostile graph matches its golden file and is accepted by dot, neato and sfdp",
          "[export][dot][graphviz]") {
    require_program("dot", "graphviz");
    std::string dot = dot_of(kg::test::hostile_graph(), {.legend = true});
    if (kg::test::update_golden("hostile.dot", dot)) {
        WARN("rewrote hostile.dot");
    } else {
        CHECK(kg::read_file(kg::test::golden_path("hostile.dot")) == dot);
    }
    for (const char* layout : {"dot", "neato", "sfdp"}) {
        INFO(layout);
        std::string svg;
        REQUIRE_NOTHROW(svg = kg::exporter::render_graphviz(dot, "svg", layout));
        CHECK(svg.find("<svg") != std::string::npos);
        CHECK(count(svg, "class=\"node\"") == kg::test::hostile_labels().size() + 5 + 6);  // + legend types, points
    }
}

TEST_CASE("SVG from Graphviz is well-formed XML with evidence tooltips", "[export][svg][graphviz]") {
    require_program("dot", "graphviz");
    require_program("xmllint", "libxml2-utils");
    kg::test::scratch_dir dir("export_svg");
    auto g = kg::test::hostile_graph();
    std::string svg = kg::exporter::render_graphviz(dot_of(g, {}), "svg");
    kg::write_file_atomic(dir.file("g.svg"), svg);
    auto lint = run_shell("xmllint --noout " + shell_quote(dir.file("g.svg")));
    INFO(lint.output);
    CHECK(lint.status == 0);
    CHECK(count(svg, "class=\"edge\"") == g.edge_count());
    // an evidence sentence, escaped by Graphviz, is in a tooltip (xlink:title)
    CHECK(svg.find("Evidence: emoji 😀🚀 and 小米 (Xiaomi) 中文") != std::string::npos);
    CHECK(svg.find("xlink:title=\"") != std::string::npos);
    CHECK_THROWS_AS(kg::exporter::render_graphviz("digraph {", "svg"), kg::input_error);
    CHECK_THROWS_AS(kg::exporter::render_graphviz("digraph {}", "pdf"), kg::usage_error);
    CHECK_THROWS_AS(kg::exporter::render_graphviz("digraph {}", "svg", "nope"), kg::usage_error);
}

TEST_CASE("kg export renders svg and png", "[export][cli][graphviz]") {
    require_program("dot", "graphviz");
    kg::test::scratch_dir dir("cli_export_png");
    std::string graph = dir.file("g.json");
    kg::graph::write_graph_json(kg::test::sample_graph(), graph);
    auto svg = kg::test::run_kg("export " + shell_quote(graph) + " -f svg --rankdir TB --legend");
    REQUIRE(svg.status == 0);
    CHECK(svg.output.find("<svg") != std::string::npos);
    CHECK(svg.output.find("Lei Jun founded Xiaomi.") != std::string::npos);
    REQUIRE(kg::test::run_kg("export " + shell_quote(graph) + " -f png --layout neato -o " +
                             shell_quote(dir.file("g.png")))
                .status == 0);
    auto png = read_png(dir.file("g.png"), dir);
    CHECK(png.width > 100);
    CHECK(png.height > 50);
    CHECK(png.colours > 8);
    CHECK(png.drawn > 0.01);
}

TEST_CASE("The HTML viewer embeds the graph's data escaped and the viewer's scripts inline", "[export][html]") {
    REQUIRE(kg::exporter::html_viewer_available());
    auto g = kg::test::hostile_graph();
    auto onto = data_ontology();
    std::ostringstream page;
    kg::exporter::write_html(g, &onto, {.title = "Hostile <graph> & co", .note = "3 <left> out"}, page);
    std::string html = page.str();
    // self-contained: every script inline, no style sheet to fetch
    CHECK(count(html, "<script>") == 5);
    CHECK(count(html, "<script type=\"application/json\" id=\"kg-data\">") == 1);
    CHECK(html.find("<script src") == std::string::npos);
    CHECK(html.find("<link") == std::string::npos);
    CHECK(html.find("cytoscape") != std::string::npos);
    CHECK(html.find("cytoscapeFcose") != std::string::npos);
    // data element + four libraries + the page's script; a hostile label cannot close any of them
    CHECK(count(html, "</script>") == 6);
    CHECK(count(html, "<!--") == 0);
    CHECK(html.find("<title>Hostile &lt;graph&gt; &amp; co</title>") != std::string::npos);
    CHECK(html.find("3 &lt;left&gt; out") != std::string::npos);
    // the data: every node and fact, strings escaped, not lost
    std::string data = kg::exporter::html_data_json(g, &onto);
    CHECK(data.find('<') == std::string::npos);
    CHECK(data.find('>') == std::string::npos);
    CHECK(data.find("\\u003cb\\u003enot html\\u003c/b\\u003e \\u003c/script\\u003e") != std::string::npos);
    CHECK(html.find(data.substr(1)) != std::string::npos);
    CHECK(count(data, "\"degree\":") == g.node_count());
    CHECK(data.find("\"sentence\":\"Parallel edge.\"") != std::string::npos);
    CHECK(data.find("\"type\":\"RELATED_TO\"") != std::string::npos);
}

TEST_CASE("The HTML viewer renders in headless Chromium: search, evidence, a drawing", "[export][html][chromium]") {
    require_program("chromium", "chromium");
    REQUIRE(kg::exporter::html_viewer_available());
    kg::test::scratch_dir dir("export_html");
    auto g = kg::test::hostile_graph();
    auto onto = data_ontology();
    std::ostringstream page;
    kg::exporter::html_options options;
    options.title = "Hostile";
    kg::exporter::write_html(g, &onto, options, page);
    std::string path = dir.file("view.html");
    kg::write_file_atomic(path, page.str());

    std::string chromium = "timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage "
                           "--disable-background-networking --no-first-run --hide-scrollbars "
                           "--virtual-time-budget=5000 --user-data-dir=" + shell_quote(dir.file("profile")) + " ";
    // the script ran and Cytoscape drew every node and fact; a search lists the matches
    auto dom = run_shell(chromium + "--dump-dom " + shell_quote("file://" + path + "#search=%E5%B0%8F%E7%B1%B3"), false);
    INFO(dom.output.substr(0, 3000));
    REQUIRE(dom.status == 0);
    CHECK(dom.output.find("data-kg-ready=\"10 nodes, 10 edges shown of 10 nodes, 10 edges\"") != std::string::npos);
    CHECK(dom.output.find("<canvas") != std::string::npos);
    // 小米 is node 4's label and node 3's alias
    CHECK(dom.output.find(">2 matches<") != std::string::npos);
    // selecting a fact shows its evidence sentences in the panel
    const kg::fact* f = nullptr;
    for (const kg::fact* e : g.edges())
        if (e->type == "ACCUSED") f = e;
    REQUIRE(f);
    auto shown = run_shell(chromium + "--dump-dom " + shell_quote("file://" + path + "#show=" + f->id), false);
    REQUIRE(shown.status == 0);
    CHECK(shown.output.find("<blockquote>Parallel edge.</blockquote>") != std::string::npos);
    // a screenshot: a PNG of the window's size with a drawing on it
    std::string shot = dir.file("shot.png");
    auto r = run_shell(chromium + "--window-size=1200,800 --screenshot=" + shell_quote(shot) + " " +
                       shell_quote("file://" + path));
    INFO(r.output);
    REQUIRE(std::filesystem::exists(shot));
    auto png = read_png(shot, dir);
    CHECK(png.width == 1200);
    CHECK(png.height == 800);
    CHECK(png.colours > 50);
    CHECK(png.drawn > 0.02);
}

TEST_CASE("kg export --format html writes the page and diagrams leave out a swamp of entities without facts",
          "[export][cli][html]") {
    kg::test::scratch_dir dir("cli_export_html");
    std::string graph = dir.file("g.json");
    auto g = kg::test::sample_graph();
    kg::graph::write_graph_json(g, graph);
    std::string out = dir.file("view.html");
    auto r = kg::test::run_kg("export " + shell_quote(graph) + " -o " + shell_quote(out));
    REQUIRE(r.status == 0);
    std::string html = kg::read_file(out);
    CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(html.find("\"sentence\":\"Lei Jun founded Xiaomi.\"") != std::string::npos);
    CHECK(html.find("\"id\":\"person:nobody-in-particular\"") != std::string::npos);  // one loner: still drawn

    // 20 entities without facts added: more than half, so left out of drawings and said so
    for (int i = 0; i < 20; ++i) g.add_entity(kg::test::make_node("Person", "Nobody " + std::to_string(i)));
    kg::graph::write_graph_json(g, graph);
    auto swamped = kg::test::run_kg("export " + shell_quote(graph) + " -o " + shell_quote(out), true);
    REQUIRE(swamped.status == 0);
    CHECK(swamped.output.find("21 of " + std::to_string(g.node_count()) +
                              " entities have no facts and are not drawn (--all-nodes draws them)") != std::string::npos);
    html = kg::read_file(out);
    CHECK(html.find("Nobody 3") == std::string::npos);
    CHECK(html.find("have no facts and are not drawn") != std::string::npos);
    REQUIRE(kg::test::run_kg("export " + shell_quote(graph) + " --all-nodes -o " + shell_quote(out)).status == 0);
    CHECK(kg::read_file(out).find("Nobody 3") != std::string::npos);
    auto dot = kg::test::run_kg("export " + shell_quote(graph) + " --format dot");
    CHECK(dot.output.find("Nobody 3") == std::string::npos);
    auto json = kg::test::run_kg("export " + shell_quote(graph) + " --format json");  // not a drawing: everything
    CHECK(json.output.find("Nobody 3") != std::string::npos);
}
