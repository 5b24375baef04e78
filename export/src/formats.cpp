#include "kg/export/formats.hpp"

#include <algorithm>
#include <ostream>
#include <sstream>

#include "kg/export/html.hpp"
#include "kg/export/json.hpp"
#include "kg/export/json_formats.hpp"
#include "kg/export/render.hpp"
#include "kg/export/tabular.hpp"
#include "kg/export/xml_formats.hpp"
#include "kg/graph/graph_binary.hpp"

namespace kg::exporter {
namespace {

using graph = kg::graph::knowledge_graph;

std::string render(const graph& g, const export_context& c, const char* image_format) {
    std::ostringstream text;
    write_dot(g, c.onto, c.dot, text);
    return render_graphviz(text.str(), image_format, c.layout);
}

std::vector<export_format> make_formats() {
    return {
        {"dot", {".dot", ".gv"}, "Graphviz (dot, neato, sfdp)", true, false,
         [](const graph& g, const export_context& c, std::ostream& out) { write_dot(g, c.onto, c.dot, out); }},
        {"svg", {".svg"}, "browsers, documents (rendered by Graphviz)", true, false,
         [](const graph& g, const export_context& c, std::ostream& out) { out << render(g, c, "svg"); }},
        {"png", {".png"}, "documents (rendered by Graphviz)", true, false,
         [](const graph& g, const export_context& c, std::ostream& out) { out << render(g, c, "png"); }},
        {"html", {".html", ".htm"}, "a browser: the interactive viewer (Cytoscape.js)", true, false,
         [](const graph& g, const export_context& c, std::ostream& out) {
             write_html(g, c.onto, {.title = c.title, .note = c.note}, out);
         }},
        {"json", {".json"}, "kg (the native graph JSON)", false, false,
         [](const graph& g, const export_context&, std::ostream& out) { write_json(g, out); }},
        {"kgb", {".kgb"}, "kg (the binary graph file)", false, false,
         [](const graph& g, const export_context&, std::ostream& out) { out << kg::graph::to_graph_binary(g); }},
        {"node-link", {}, "NetworkX, D3", false, false,
         [](const graph& g, const export_context&, std::ostream& out) { write_node_link(g, out); }},
        {"cytoscape", {".cyjs"}, "Cytoscape.js", false, false,
         [](const graph& g, const export_context&, std::ostream& out) { write_cytoscape(g, out); }},
        {"jgf", {".jgf"}, "JSON Graph Format v2", false, false,
         [](const graph& g, const export_context&, std::ostream& out) { write_jgf(g, out); }},
        {"graphml", {".graphml"}, "Gephi, yEd, NetworkX", false, false,
         [](const graph& g, const export_context&, std::ostream& out) { write_graphml(g, out); }},
        {"gexf", {".gexf"}, "Gephi", false, false,
         [](const graph& g, const export_context&, std::ostream& out) { write_gexf(g, out); }},
        {"neo4j", {}, "neo4j-admin database import (a directory)", false, true, nullptr},
        {"cypher", {".cypher", ".cql"}, "Neo4j (cypher-shell -f)", false, false,
         [](const graph& g, const export_context&, std::ostream& out) { write_cypher(g, out); }},
        {"ntriples", {".nt"}, "RDF stores", false, false,
         [](const graph& g, const export_context& c, std::ostream& out) { write_ntriples(g, out, c.iri_base); }},
        {"csv", {".csv"}, "spreadsheets, pandas", false, false,
         [](const graph& g, const export_context&, std::ostream& out) { write_edge_csv(g, out); }},
    };
}

}  // namespace

const std::vector<export_format>& export_formats() {
    static const std::vector<export_format> formats = make_formats();
    return formats;
}

const export_format* find_export_format(std::string_view name) {
    for (const auto& f : export_formats())
        if (f.name == name) return &f;
    return nullptr;
}

std::string path_extension(std::string_view path) {
    std::size_t slash = path.find_last_of('/');
    std::string_view file = slash == std::string_view::npos ? path : path.substr(slash + 1);
    std::size_t dot = file.find_last_of('.');
    if (dot == std::string_view::npos || dot == 0) return {};
    std::string ext(file.substr(dot));
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    return ext;
}

const export_format* export_format_for_path(std::string_view path) {
    std::string ext = path_extension(path);
    if (ext.empty()) return nullptr;
    for (const auto& f : export_formats())
        if (std::find(f.extensions.begin(), f.extensions.end(), ext) != f.extensions.end()) return &f;
    return nullptr;
}

}  // namespace kg::exporter
