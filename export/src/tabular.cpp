#include "kg/export/tabular.hpp"

#include <ostream>
#include <set>

#include <fmt/format.h>

#include "common.hpp"
#include "json_writer.hpp"
#include "kg/export/escape.hpp"

namespace kg::exporter {
namespace detail {

// Writes fields separated by commas and ends the row.
void csv_row(std::ostream& out, std::initializer_list<std::string_view> fields) {
    bool first = true;
    for (std::string_view f : fields) {
        if (!first) out << ',';
        first = false;
        write_csv_field(out, f);
    }
    out << '\n';
}

// A cell a spreadsheet would read as a formula (it starts with '=', '+',
// '-', '@', a tab or a carriage return) gets a leading apostrophe, as OWASP
// recommends against CSV injection: the spreadsheet then shows it as text.
std::string spreadsheet_cell(std::string_view cell) {
    std::string out;
    if (!cell.empty() && std::string_view("=+-@\t\r").find(cell.front()) != std::string_view::npos) {
        out.reserve(cell.size() + 1);
        out.push_back('\'');
    }
    out.append(cell);
    return out;
}

// Writes a row of cells for spreadsheets (see spreadsheet_cell).
void spreadsheet_row(std::ostream& out, std::initializer_list<std::string_view> fields) {
    bool first = true;
    for (std::string_view f : fields) {
        if (!first) out << ',';
        first = false;
        write_csv_field(out, spreadsheet_cell(f));
    }
    out << '\n';
}

// A Neo4j array value: elements joined with ';', inner ';' as U+FF1B.
template <class Range, class Get>
std::string neo4j_array(const Range& items, Get get) {
    std::string out;
    bool first = true;
    for (const auto& item : items) {
        if (!first) out.push_back(';');
        first = false;
        for (char c : std::string_view(get(item))) {
            if (c == ';') out += "\xEF\xBC\x9B";
            else out.push_back(c);
        }
    }
    return out;
}

std::string neo4j_labels(const kg::entity& e) {
    std::vector<std::string> labels = {"Entity"};
    if (!e.type.empty() && e.type != "Entity") labels.push_back(e.type);
    return neo4j_array(labels, [](const std::string& s) -> const std::string& { return s; });
}

const std::string& relationship_type(const kg::fact& f) {
    static const std::string fallback = "RELATED_TO";
    return f.type.empty() ? fallback : f.type;
}

std::string cypher_list(const std::vector<std::string>& values) {
    std::string out = "[";
    for (std::size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + cypher_string(values[i]);
    return out + "]";
}

template <class Get>
std::vector<std::string> evidence_column(const kg::fact& f, Get get) {
    std::vector<std::string> out;
    out.reserve(f.evidence.size());
    for (const auto& ev : f.evidence) out.push_back(get(ev));
    return out;
}

}  // namespace detail

void write_edge_csv(const kg::graph::knowledge_graph& g, std::ostream& out) {
    out << "id,source,target,source_label,target_label,type,label,polarity,modality,time,confidence,"
           "evidence_count,evidence\n";
    for (const kg::fact* f : g.edges()) {
        const kg::entity* s = g.find_node(f->source);
        const kg::entity* t = g.find_node(f->target);
        detail::spreadsheet_row(out, {f->id, f->source, f->target, s ? detail::node_label(*s) : f->source,
                              t ? detail::node_label(*t) : f->target, f->type, detail::relation_text(*f),
                              kg::to_string(f->polarity), kg::to_string(f->modality), f->time,
                              fmt::format("{}", f->confidence), fmt::format("{}", f->evidence.size()),
                              detail::compact_json([&](auto& j) { detail::write_evidence(j, f->evidence); })});
    }
}

void write_neo4j_nodes(const kg::graph::knowledge_graph& g, std::ostream& out) {
    out << "id:ID,:LABEL,label,type,aliases:string[],attributes,mentions:int\n";
    auto same = [](const std::string& s) -> const std::string& { return s; };
    for (const kg::entity* e : g.nodes()) {
        detail::csv_row(out, {e->id, detail::neo4j_labels(*e), detail::node_label(*e), e->type,
                              detail::neo4j_array(e->aliases, same),
                              detail::compact_json([&](auto& j) { detail::write_attributes(j, e->attributes); }),
                              fmt::format("{}", e->mentions.size())});
    }
}

void write_neo4j_relationships(const kg::graph::knowledge_graph& g, std::ostream& out) {
    out << ":START_ID,:END_ID,:TYPE,id,label,polarity,modality,time,confidence:double,"
           "evidence_documents:string[],evidence_sentences:string[],evidence_rules:string[]\n";
    for (const kg::fact* f : g.edges()) {
        detail::csv_row(
            out, {f->source, f->target, detail::relationship_type(*f), f->id, detail::relation_text(*f),
                  kg::to_string(f->polarity), kg::to_string(f->modality), f->time, fmt::format("{}", f->confidence),
                  detail::neo4j_array(f->evidence, [](const kg::evidence& ev) -> const std::string& { return ev.document; }),
                  detail::neo4j_array(f->evidence, [](const kg::evidence& ev) -> const std::string& { return ev.sentence; }),
                  detail::neo4j_array(f->evidence, [](const kg::evidence& ev) -> const std::string& { return ev.rule; })});
    }
}

std::string neo4j_import_script() {
    return R"sh(#!/bin/sh
# Written by kg export --format neo4j. Imports nodes.csv and relationships.csv
# from this script's directory into a new Neo4j 5 database (stop the database
# first; an existing database of that name is overwritten).
# Usage: sh import.sh [DATABASE]    (default: neo4j)
# Arrays are joined with ';'; quoted fields may hold line breaks.
set -eu
dir=$(cd "$(dirname "$0")" && pwd)
neo4j-admin database import full \
  --nodes="$dir/nodes.csv" \
  --relationships="$dir/relationships.csv" \
  --delimiter=',' --array-delimiter=';' --quote='"' \
  --multiline-fields=true \
  --overwrite-destination=true \
  "${1:-neo4j}"
)sh";
}

void write_cypher(const kg::graph::knowledge_graph& g, std::ostream& out) {
    out << fmt::format("// kg knowledge graph: {} nodes, {} edges. Run with: cypher-shell -f FILE\n", g.node_count(),
                       g.edge_count());
    out << "CREATE CONSTRAINT kg_entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;\n";
    for (const kg::entity* e : g.nodes()) {
        out << "MERGE (n:Entity {id: " << cypher_string(e->id) << "})";
        out << " SET ";
        if (!e->type.empty() && e->type != "Entity") out << "n:" << cypher_name(e->type) << ", ";
        out << "n.label = " << cypher_string(detail::node_label(*e)) << ", n.type = " << cypher_string(e->type)
            << ", n.aliases = " << detail::cypher_list(e->aliases) << ", n.attributes = "
            << cypher_string(detail::compact_json([&](auto& j) { detail::write_attributes(j, e->attributes); }))
            << ", n.mentions = " << e->mentions.size() << ";\n";
    }
    for (const kg::fact* f : g.edges()) {
        out << "MATCH (a:Entity {id: " << cypher_string(f->source) << "}), (b:Entity {id: "
            << cypher_string(f->target) << "}) MERGE (a)-[r:" << cypher_name(detail::relationship_type(*f))
            << " {id: " << cypher_string(f->id) << "}]->(b) SET r.label = "
            << cypher_string(detail::relation_text(*f)) << ", r.polarity = " << cypher_string(kg::to_string(f->polarity))
            << ", r.modality = " << cypher_string(kg::to_string(f->modality));
        if (!f->time.empty()) out << ", r.time = " << cypher_string(f->time);
        out << ", r.confidence = " << fmt::format("{}", f->confidence) << ", r.evidence_documents = "
            << detail::cypher_list(detail::evidence_column(*f, [](const kg::evidence& ev) { return ev.document; }))
            << ", r.evidence_sentences = "
            << detail::cypher_list(detail::evidence_column(*f, [](const kg::evidence& ev) { return ev.sentence; }))
            << ", r.evidence_rules = "
            << detail::cypher_list(detail::evidence_column(*f, [](const kg::evidence& ev) { return ev.rule; }))
            << ";\n";
    }
}

}  // namespace kg::exporter
