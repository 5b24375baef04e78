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
#include "query_options.hpp"
#include "kg/core/error.hpp"
#include "kg/core/io.hpp"
#include "kg/core/ontology.hpp"
#include "kg/export/dot.hpp"
#include "kg/export/filter.hpp"
#include "kg/export/formats.hpp"
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
    bool all_nodes = false;
    std::string layout = "dot";
    std::string title = "kg knowledge graph";
};

std::vector<std::string> format_names() {
    std::vector<std::string> names;
    for (const auto& f : kg::exporter::export_formats()) names.emplace_back(f.name);
    return names;
}

// The format to write: --format, else the one the -o extension names (dot
// without -o or for a name without extension). An extension kg cannot write,
// or one that belongs to another format than --format, is a usage error.
const kg::exporter::export_format& choose_format(const std::string& format, const std::string& output) {
    using namespace kg::exporter;
    std::string ext = output.empty() || output == "-" ? std::string() : path_extension(output);
    const export_format* by_name = format.empty() ? nullptr : find_export_format(format);
    const export_format* by_ext = ext.empty() ? nullptr : export_format_for_path(output);
    std::string known;
    for (const auto& f : export_formats())
        for (auto e : f.extensions) known += fmt::format("{}{} ({})", known.empty() ? "" : ", ", e, f.name);
    if (by_name) {
        if (by_name->directory || ext.empty() || !by_ext || by_ext == by_name) {
            // A name no format claims is allowed with an explicit --format unless it is a
            // picture or document kind kg does not write.
            static const char* foreign[] = {".pdf", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff",
                                            ".ps",  ".eps", ".doc", ".docx", ".xls", ".xlsx", ".odt", ".ods"};
            for (const char* f : foreign)
                if (ext == f && !by_name->directory)
                    throw kg::usage_error(fmt::format("kg cannot write {} files (-o {}): --format {} writes {}", ext,
                                                      output, by_name->name,
                                                      by_name->extensions.empty() ? std::string("text")
                                                                                  : std::string(by_name->extensions.front())));
            return *by_name;
        }
        throw kg::usage_error(fmt::format("-o {} names a {} file but --format is {}: change the extension or the format",
                                          output, by_ext->name, by_name->name));
    }
    if (by_ext) return *by_ext;
    if (!ext.empty())
        throw kg::usage_error(fmt::format("kg cannot write {} files (-o {}); the extensions it writes: {} "
                                          "(Graphviz turns DOT into PDF: kg export G | dot -Tpdf -o out.pdf)",
                                          ext, output, known));
    return *find_export_format("dot");
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

void run_export(export_options o, const global_options& g) {
    const kg::exporter::export_format& format = choose_format(o.format, o.output);
    if (format.name == "ntriples" && !kg::exporter::valid_iri_base(o.iri_base))
        throw kg::usage_error(fmt::format("--iri-base '{}' is not an absolute IRI prefix", o.iri_base));
    kg::graph::knowledge_graph graph = read_graph_arg(o.graph_path);
    std::unique_ptr<kg::ontology> onto;
    if (format.drawing || !o.relations.empty() || !o.node_types.empty())
        onto = std::make_unique<kg::ontology>(kg::ontology::load(resolve_data_dir(g) + "/ontology.json"));
    if (!o.relations.empty() || !o.node_types.empty()) {
        canonical_names(o.relations, known_relations(graph, onto.get()), "relation type", "--relations");
        canonical_names(o.node_types, known_entity_types(graph, onto.get()), "entity type", "--node-types");
        graph = kg::exporter::filter_types(graph, {.relations = o.relations, .node_types = o.node_types}, onto.get());
    }
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
    std::string note;
    if (o.connected) {
        graph = kg::graph::without_isolated_nodes(graph);
    } else if (format.drawing && !o.all_nodes) {
        // Entities without facts swamp a drawing (a column of unconnected dots): left
        // out when they are more than a few and at least half of the entities.
        kg::graph::knowledge_graph connected = kg::graph::without_isolated_nodes(graph);
        std::size_t isolated = graph.node_count() - connected.node_count();
        if (isolated > 10 && 2 * isolated >= graph.node_count()) {
            note = fmt::format("{} of {} entities have no facts and are not drawn (--all-nodes draws them)", isolated,
                               graph.node_count());
            report(g, "note: " + note);
            graph = std::move(connected);
        }
    }

    kg::exporter::export_context context;
    context.onto = onto.get();
    context.dot.legend = o.legend;
    context.dot.rankdir = o.rankdir;
    context.dot.evidence = !o.no_evidence;
    context.layout = o.layout;
    context.title = o.title;
    context.note = note;
    context.iri_base = o.iri_base;
    if (format.directory) {
        write_neo4j_dir(graph, o.output);
        return;
    }
    emit(o.output, [&](std::ostream& out) { format.write(graph, context, out); });
}

}  // namespace

void add_export_command(CLI::App& app, const global_options& g) {
    auto opts = std::make_shared<export_options>();
    CLI::App* sub = app.add_subcommand("export", "Write a graph (kg-graph JSON or .kgb) for Graphviz, NetworkX, Gephi, "
                                                 "Cytoscape, Neo4j, RDF stores or spreadsheets");
    sub->add_option("graph", opts->graph_path, "Graph file written by 'kg build' (kg-graph JSON or binary .kgb; - for standard input)")->required();
    std::string names;
    for (const auto& n : format_names()) names += (names.empty() ? "" : ", ") + n;
    sub->add_option("-f,--format", opts->format,
                    "Output format: " + names +
                        " (default: from the -o extension, see below; dot without one)")
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
    std::string table = "Formats (--format, the -o extensions that choose it, what reads it):\n";
    for (const auto& f : kg::exporter::export_formats()) {
        std::string exts;
        for (auto e : f.extensions) exts += (exts.empty() ? "" : " ") + std::string(e);
        table += fmt::format("  {:<10} {:<14} {}\n", f.name, exts.empty() ? "-" : exts, f.reader);
    }
    sub->footer(
        table +
        "Node colours and shapes come from the entity types of <data>/ontology.json. Negative facts are drawn\n"
        "dashed and labelled \"NOT ...\"; hedged, reported or speculated facts are dotted.\n"
        "Filters apply in this order: --relations and --node-types, --min-confidence, --subgraph, --connected.\n"
        "svg and png are rendered by Graphviz's 'dot' program; html is one self-contained interactive page\n"
        "(Cytoscape.js: drag, filter by type, relation and confidence, search, click to expand, evidence).\n"
        "Exit status: 0 ok, 1 usage error (also an -o extension kg cannot write), 2 unreadable or invalid graph\n"
        "or data, or a --subgraph name that matches no node.");
    sub->add_flag("--all-nodes", opts->all_nodes,
                  "With dot, svg, png, html: also draw the entities without facts (left out by default when they are "
                  "more than 10 and at least half of the entities)");
    sub->callback([opts, &g] { run_export(*opts, g); });
}

}  // namespace kg::cli
