#pragma once
// The export formats in one table: name, file extensions, what reads it, and
// the writer. kg export (--format, the -o extension) and the tests use it;
// CONTRIBUTING.md says how to add a row.
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "kg/core/ontology.hpp"
#include "kg/export/dot.hpp"
#include "kg/export/ntriples.hpp"
#include "kg/graph/knowledge_graph.hpp"

namespace kg::exporter {

// What a writer may need besides the graph.
struct export_context {
    const kg::ontology* onto = nullptr;  // colours and shapes of drawings (may be null)
    dot_options dot;
    std::string layout = "dot";  // Graphviz engine for svg and png
    std::string title = "kg knowledge graph";
    std::string note;  // drawings: a line saying what was left out (html legend)
    std::string iri_base = std::string(default_iri_base);
};

struct export_format {
    std::string_view name;                     // --format NAME
    std::vector<std::string_view> extensions;  // ".json"...: -o names that choose it; the first is the usual one
    std::string_view reader;                   // what reads it ("Gephi")
    bool drawing = false;                      // a picture: wants the ontology; entities without facts may be left out
    bool directory = false;                    // written as several files into a directory (neo4j): write is empty
    std::function<void(const kg::graph::knowledge_graph&, const export_context&, std::ostream&)> write;
};

// Every format, in the order --help lists them.
const std::vector<export_format>& export_formats();
// The format called `name`, or null.
const export_format* find_export_format(std::string_view name);
// The format whose extension ends `path` (".JSON" matches ".json"), or null.
const export_format* export_format_for_path(std::string_view path);
// The extension of a path's file name (".pdf"), lower case; empty when it has none.
std::string path_extension(std::string_view path);

}  // namespace kg::exporter
