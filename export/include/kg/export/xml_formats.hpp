#pragma once
// XML exports: GraphML and GEXF 1.3, streamed to an ostream, nodes and edges
// in id order, every string escaped by write_xml_escaped (kg/export/escape.hpp:
// XML 1.0 cannot carry C0 control characters other than tab, line feed and
// carriage return, so those are replaced by U+FFFD; everything else comes
// back unchanged). Lists and maps (aliases, attributes, evidence) are written
// as compact JSON text in string attributes, since neither format has a list
// type that every reader understands.
//
// Node attributes: label, type (string), aliases, attributes (JSON string),
// mentions (int, the number of mentions). Edge attributes: type, label,
// polarity, modality, time (string), confidence (double), evidence_count
// (int), evidence (JSON string: [{document, sentence, start, end, rule}]).
#include <iosfwd>

#include "kg/graph/knowledge_graph.hpp"

namespace kg::exporter {

// GraphML with typed <key> declarations (attr.name, attr.type); edge ids are
// fact ids, so NetworkX's read_graphml keys parallel edges by fact id.
void write_graphml(const kg::graph::knowledge_graph& g, std::ostream& out);

// GEXF 1.3 (namespace http://gexf.net/1.3), a static directed graph with
// typed attribute declarations; edge weight is the confidence.
void write_gexf(const kg::graph::knowledge_graph& g, std::ostream& out);

}  // namespace kg::exporter
