#pragma once
// Exports for Neo4j and spreadsheets: CSV (RFC 4180 fields through
// write_csv_field, '\n' line ends) and Cypher (literals through
// cypher_string / cypher_name). Rows are in id order and streamed.
#include <iosfwd>
#include <string>

#include "kg/graph/knowledge_graph.hpp"

namespace kg::exporter {

// Edge list: id, source, target, source_label, target_label, type, label,
// polarity, modality, time, confidence, evidence_count, evidence (compact JSON
// [{document, sentence, start, end, rule}]). One header line. For
// spreadsheets: a cell that starts with '=', '+', '-', '@', a tab or a
// carriage return (a formula to Excel, LibreOffice, Google Sheets) is written
// with a leading apostrophe (OWASP's advice against CSV injection), so it is
// shown as text and never run; a reader that needs the exact value drops one
// leading apostrophe from such cells. (The Neo4j files below are data for
// neo4j-admin, not for spreadsheets, and keep every value as it is.)
void write_edge_csv(const kg::graph::knowledge_graph& g, std::ostream& out);

// Neo4j bulk import (neo4j-admin database import full). nodes.csv columns:
// id:ID, :LABEL ("Entity;<type>"), label, type, aliases:string[],
// attributes (compact JSON), mentions:int. relationships.csv columns:
// :START_ID, :END_ID, :TYPE, id, label, polarity, modality, time,
// confidence:double, evidence_documents:string[], evidence_sentences:string[],
// evidence_rules:string[]. Arrays are joined with ';' (the import's
// --array-delimiter), which has no escape: a ';' inside an element is written
// as U+FF1B (fullwidth semicolon) so the element is not split.
void write_neo4j_nodes(const kg::graph::knowledge_graph& g, std::ostream& out);
void write_neo4j_relationships(const kg::graph::knowledge_graph& g, std::ostream& out);
// A POSIX sh script that imports nodes.csv and relationships.csv from its own
// directory into a database (first argument, default "neo4j") with the
// options the two files need.
std::string neo4j_import_script();

// Cypher statements, one per line, each ending with ';' (for cypher-shell -f):
// a uniqueness constraint on :Entity(id), MERGE of every node by id (with its
// type as a second label) and of every relationship by fact id, SET of the
// other properties. Re-running the script updates rather than duplicates.
void write_cypher(const kg::graph::knowledge_graph& g, std::ostream& out);

}  // namespace kg::exporter
