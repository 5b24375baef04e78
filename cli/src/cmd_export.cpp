// kg export: write a graph in one of the formats other tools read.
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "commands.hpp"
#include "kg/core/error.hpp"
#include "kg/core/io.hpp"
#include "kg/core/ontology.hpp"
#include "kg/export/dot.hpp"
#include "kg/export/filter.hpp"
#include "kg/export/html.hpp"
#include "kg/export/json.hpp"
#include "kg/export/json_formats.hpp"
#include "kg/export/ntriples.hpp"
#include "kg/export/render.hpp"
#include "kg/export/tabular.hpp"
#include "kg/export/xml_formats.hpp"
#include "kg/graph/graph_binary.hpp"
#include "kg/graph/graph_file.hpp"
#include "kg/graph/path.hpp"
#include "kg/graph/subgraph.hpp"

namespace kg::cli {
namespace {

struct export_options {
    std::string graph_path;
    std::string format;
    std::string output;
    std::vector<std::string> around;
    std::size_t depth = 1;
    double min_confidence = 0.0;
    bool connected = false;
    bool legend = false;
    std::vector<std::string> relations;
    std::vector<std::string> node_types;
    std::string iri_base = std::string(kg::exporter::default_iri_base);
    std::string rankdir = "LR";
    bool no_evidence = false;
    std::string layout = "dot";
    std::string title = "kg knowledge graph";
};

const std::vector<std::string>& format_names() {
    static const std::vector<std::string> names = {"dot",     "json",  "node-link", "cytoscape", "jgf",
                                                   "graphml", "gexf",  "neo4j",     "cypher",    "ntriples",
                                                   "csv",     "svg",   "png",       "html",      "kgb"};
    return names;
}

bool ends_with(const std::string& s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The format a file name asks for when --format is not given: json for .json,
// the format's usual extension for the others, else dot.
std::string format_for_output(const std::string& output) {
    static const std::pair<const char*, const char*> by_extension[] = {
        {".json", "json"},    {".graphml", "graphml"}, {".gexf", "gexf"}, {".nt", "ntriples"},
        {".cypher", "cypher"}, {".cql", "cypher"},     {".csv", "csv"},   {".svg", "svg"},
        {".png", "png"},      {".html", "html"},       {".htm", "html"},  {".kgb", "kgb"},
    };
    for (const auto& [extension, format] : by_extension)
        if (ends_with(output, extension)) return format;
    return "dot";
}

// Streams to standard output, or collects the text and writes the file atomically.
void emit(const std::string& output, const std::function<void(std::ostream&)>& write) {
    if (output.empty() || output == "-") {
        write(std::cout);
        std::cout.flush();
        if (!std::cout) throw kg::input_error("cannot write to standard output");
        return;
    }
    std::ostringstream text;
    write(text);
    kg::write_file_atomic(output, text.str());
}

// The three files of --format neo4j, written as a set: into a temporary
// directory beside DIR, which then takes DIR's place in one step (an atomic
// exchange with the old DIR, removed afterwards), so DIR never holds a new
// nodes.csv beside an old relationships.csv. An existing DIR may hold only
// these files (kg's own earlier export): other files are refused, never moved.
void write_neo4j_dir(const kg::graph::knowledge_graph& graph, const std::string& dir) {
    namespace fs = std::filesystem;
    if (dir.empty() || dir == "-")
        throw kg::usage_error("--format neo4j writes three files: give a directory with -o DIR");
    static const std::set<std::string> ours = {"nodes.csv", "relationships.csv", "import.sh"};
    fs::path target = fs::absolute(fs::path(dir)).lexically_normal();
    if (!target.has_filename()) target = target.parent_path();
    std::error_code ec;
    const bool exists = fs::exists(fs::symlink_status(target, ec));
    fs::perms mode = fs::perms::none;
    if (exists) {
        if (fs::is_symlink(fs::symlink_status(target, ec)) || !fs::is_directory(target, ec))
            throw kg::input_error("not a directory (--format neo4j writes a directory)", dir);
        for (auto it = fs::directory_iterator(target, ec); !ec && it != fs::directory_iterator(); it.increment(ec))
            if (!ours.contains(it->path().filename().string()))
                throw kg::input_error(fmt::format("holds '{}', which kg did not write; give a new or empty directory",
                                                  it->path().filename().string()),
                                      dir);
        if (ec) throw kg::input_error("cannot read directory: " + ec.message(), dir);
        mode = fs::status(target, ec).permissions();
    }
    std::ostringstream nodes, relationships;
    kg::exporter::write_neo4j_nodes(graph, nodes);
    kg::exporter::write_neo4j_relationships(graph, relationships);

    kg::remove_stale_temporaries(target.string());
    fs::path temp = kg::temporary_name(target.string(), static_cast<long>(::getpid()));
    fs::remove_all(temp, ec);
    if (!fs::create_directory(temp, ec) || ec)
        throw kg::input_error(fmt::format("cannot create directory: {}", ec ? ec.message() : "already exists"),
                              temp.string());
    struct remove_on_failure {
        fs::path path;
        bool keep = false;
        ~remove_on_failure() {
            std::error_code ec;
            if (!keep) fs::remove_all(path, ec);
        }
    } cleanup{temp};
    int lock_fd = ::open(temp.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);  // marks it in use (see remove_stale_temporaries)
    if (lock_fd >= 0) ::flock(lock_fd, LOCK_EX | LOCK_NB);
    struct closer {
        int fd;
        ~closer() {
            if (fd >= 0) ::close(fd);
        }
    } close_lock{lock_fd};
    if (exists) fs::permissions(temp, mode, ec);
    kg::write_file_atomic((temp / "nodes.csv").string(), nodes.str());
    kg::write_file_atomic((temp / "relationships.csv").string(), relationships.str());
    kg::write_file_atomic((temp / "import.sh").string(), kg::exporter::neo4j_import_script());
    fs::permissions(temp / "import.sh",
                    fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec, fs::perm_options::add, ec);
    if (!exists) {
        if (::rename(temp.c_str(), target.c_str()) != 0)
            throw kg::input_error(fmt::format("cannot create directory: {}", std::strerror(errno)), dir);
        cleanup.keep = true;
        return;
    }
    // Exchange the two directories in one step; the old set is then in `temp`
    // and removed with it.
    if (::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) == 0) return;
    if (errno != EINVAL && errno != ENOSYS)
        throw kg::input_error(fmt::format("cannot replace directory: {}", std::strerror(errno)), dir);
    // A file system without the exchange: move the old set aside, the new one in.
    fs::path old = kg::temporary_name(target.string() + ".old", static_cast<long>(::getpid()));
    fs::remove_all(old, ec);
    if (::rename(target.c_str(), old.c_str()) != 0)
        throw kg::input_error(fmt::format("cannot replace directory: {}", std::strerror(errno)), dir);
    if (::rename(temp.c_str(), target.c_str()) != 0) {
        int err = errno;
        ::rename(old.c_str(), target.c_str());
        throw kg::input_error(fmt::format("cannot replace directory: {}", std::strerror(err)), dir);
    }
    fs::remove_all(old, ec);
}

void run_export(const export_options& o, const global_options& g) {
    std::string format = o.format;
    if (format.empty()) format = format_for_output(o.output);
    if (format == "ntriples" && !kg::exporter::valid_iri_base(o.iri_base))
        throw kg::usage_error(fmt::format("--iri-base '{}' is not an absolute IRI prefix", o.iri_base));
    kg::graph::knowledge_graph graph = kg::graph::read_graph(o.graph_path);
    std::unique_ptr<kg::ontology> onto;
    bool drawing = format == "dot" || format == "svg" || format == "png" || format == "html";
    if (drawing || !o.relations.empty() || !o.node_types.empty())
        onto = std::make_unique<kg::ontology>(kg::ontology::load(resolve_data_dir(g) + "/ontology.json"));
    if (!o.relations.empty() || !o.node_types.empty())
        graph = kg::exporter::filter_types(graph, {.relations = o.relations, .node_types = o.node_types}, onto.get());
    if (o.min_confidence > 0.0) graph = kg::graph::with_min_confidence(graph, o.min_confidence);
    if (!o.around.empty()) {
        std::vector<std::string> centres;
        for (const auto& name : o.around) {
            auto ids = kg::graph::find_nodes(graph, name);
            if (ids.empty()) throw kg::query_error(fmt::format("no node matches '{}'", name));
            centres.insert(centres.end(), ids.begin(), ids.end());
        }
        graph = kg::graph::neighbourhood(graph, centres, o.depth);
    }
    if (o.connected) graph = kg::graph::without_isolated_nodes(graph);

    kg::exporter::dot_options dot{.legend = o.legend, .rankdir = o.rankdir, .evidence = !o.no_evidence};
    auto render = [&](const char* image_format) {
        std::ostringstream text;
        kg::exporter::write_dot(graph, onto.get(), dot, text);
        return kg::exporter::render_graphviz(text.str(), image_format, o.layout);
    };
    using writer = std::function<void(std::ostream&)>;
    const std::map<std::string, writer> writers = {
        {"dot", [&](std::ostream& out) { kg::exporter::write_dot(graph, onto.get(), dot, out); }},
        {"svg", [&](std::ostream& out) { out << render("svg"); }},
        {"png", [&](std::ostream& out) { out << render("png"); }},
        {"html",
         [&](std::ostream& out) {
             kg::exporter::write_html(graph, onto.get(), {.dot = dot, .layout = o.layout, .title = o.title}, out);
         }},
        {"json", [&](std::ostream& out) { kg::exporter::write_json(graph, out); }},
        {"kgb", [&](std::ostream& out) { out << kg::graph::to_graph_binary(graph); }},
        {"node-link", [&](std::ostream& out) { kg::exporter::write_node_link(graph, out); }},
        {"cytoscape", [&](std::ostream& out) { kg::exporter::write_cytoscape(graph, out); }},
        {"jgf", [&](std::ostream& out) { kg::exporter::write_jgf(graph, out); }},
        {"graphml", [&](std::ostream& out) { kg::exporter::write_graphml(graph, out); }},
        {"gexf", [&](std::ostream& out) { kg::exporter::write_gexf(graph, out); }},
        {"cypher", [&](std::ostream& out) { kg::exporter::write_cypher(graph, out); }},
        {"ntriples", [&](std::ostream& out) { kg::exporter::write_ntriples(graph, out, o.iri_base); }},
        {"csv", [&](std::ostream& out) { kg::exporter::write_edge_csv(graph, out); }},
    };
    if (format == "neo4j") {
        write_neo4j_dir(graph, o.output);
        return;
    }
    auto it = writers.find(format);
    if (it == writers.end()) throw kg::usage_error(fmt::format("unknown format '{}'", format));
    emit(o.output, it->second);
}

}  // namespace

void add_export_command(CLI::App& app, const global_options& g) {
    auto opts = std::make_shared<export_options>();
    CLI::App* sub = app.add_subcommand("export", "Write a graph (kg-graph JSON or .kgb) for Graphviz, NetworkX, Gephi, "
                                                 "Cytoscape, Neo4j, RDF stores or spreadsheets");
    sub->add_option("graph", opts->graph_path, "Graph file written by 'kg build' (kg-graph JSON or binary .kgb)")->required();
    std::string names;
    for (const auto& n : format_names()) names += (names.empty() ? "" : ", ") + n;
    sub->add_option("-f,--format", opts->format,
                    "Output format: " + names +
                        " (default: from the -o extension: .json, .kgb, .graphml, .gexf, .nt, .cypher, .csv, .svg, .png, .html;"
                        " else dot); see the formats section of the README")
        ->check(CLI::IsMember(format_names()));
    sub->add_option("-o,--output", opts->output,
                    "Output file, written atomically (default: standard output); for neo4j a directory");
    sub->add_option("--around,--subgraph", opts->around,
                    "Export only the neighbourhood of this entity (name, alias or id; repeatable)");
    sub->add_option("--depth,--hops", opts->depth, "With --subgraph: how many hops around the entity (at most 1000)")
        ->check(hops_range())
        ->capture_default_str();
    sub->add_option("--relations", opts->relations, "Keep only facts of these relation types (comma-separated)")
        ->delimiter(',');
    sub->add_option("--node-types", opts->node_types,
                    "Keep only entities of these types or their subtypes (comma-separated)")
        ->delimiter(',');
    sub->add_option("--min-confidence", opts->min_confidence, "Leave out facts less confident than this")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    sub->add_flag("--legend", opts->legend,
                  "With dot, svg, png, html: add a legend of the entity types shown and the edge styles");
    sub->add_option("--rankdir", opts->rankdir, "With dot, svg, png, html: direction of the ranks (LR, RL, TB, BT)")
        ->check(CLI::IsMember({"LR", "RL", "TB", "BT"}))
        ->capture_default_str();
    sub->add_flag("--no-evidence", opts->no_evidence,
                  "With dot, svg, png, html: leave the evidence sentences out of the edge tooltips");
    sub->add_option("--layout", opts->layout,
                    "With svg, png, html: Graphviz layout engine (dot, neato, sfdp, fdp, circo, twopi)")
        ->check(CLI::IsMember({"dot", "neato", "sfdp", "fdp", "circo", "twopi"}))
        ->capture_default_str();
    sub->add_option("--title", opts->title, "With html: the page title")->capture_default_str();
    sub->add_flag("--connected", opts->connected, "Leave out entities that take part in no fact");
    sub->add_option("--iri-base", opts->iri_base, "With ntriples: the IRI every node, fact and term starts with")
        ->capture_default_str();
    sub->footer(
        "Node colours and shapes come from the entity types of <data>/ontology.json. Negative facts are drawn\n"
        "dashed and labelled \"NOT ...\"; hedged, reported or speculated facts are dotted.\n"
        "Filters apply in this order: --relations and --node-types, --min-confidence, --subgraph, --connected.\n"
        "svg and png are rendered by Graphviz's 'dot' program; html is one self-contained page (the SVG with\n"
        "pan, zoom, search and evidence on click) to open in a browser.\n"
        "Exit status: 0 ok, 1 usage error, 2 unreadable or invalid graph or data, or a --subgraph name that\n"
        "matches no node.");
    sub->callback([opts, &g] { run_export(*opts, g); });
}

}  // namespace kg::cli
