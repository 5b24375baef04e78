#include "kg/export/json_formats.hpp"

#include <ostream>

#include "common.hpp"
#include "json_writer.hpp"

namespace kg::exporter {

void write_node_link(const kg::graph::knowledge_graph& g, std::ostream& out) {
    detail::json_out j(out);
    auto& w = j.w();
    w.StartObject();
    j.key("directed");
    w.Bool(true);
    j.key("multigraph");
    w.Bool(true);
    j.key("graph");
    w.StartObject();
    j.field("name", "kg");
    j.key("documents");
    detail::write_documents(j, g.documents());
    w.EndObject();
    j.key("nodes");
    w.StartArray();
    for (const kg::entity* e : g.nodes()) {
        w.StartObject();
        j.field("id", e->id);
        detail::write_node_fields(j, *e);
        w.EndObject();
    }
    w.EndArray();
    j.key("links");
    w.StartArray();
    for (const kg::fact* f : g.edges()) {
        w.StartObject();
        j.field("source", f->source);
        j.field("target", f->target);
        j.field("key", f->id);
        detail::write_edge_fields(j, *f);
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    j.finish();
    out << '\n';
}

void write_cytoscape(const kg::graph::knowledge_graph& g, std::ostream& out) {
    detail::json_out j(out);
    auto& w = j.w();
    w.StartObject();
    j.key("data");
    w.StartObject();
    j.field("name", "kg");
    j.key("documents");
    detail::write_documents(j, g.documents());
    w.EndObject();
    j.key("directed");
    w.Bool(true);
    j.key("multigraph");
    w.Bool(true);
    j.key("elements");
    w.StartObject();
    j.key("nodes");
    w.StartArray();
    for (const kg::entity* e : g.nodes()) {
        w.StartObject();
        j.key("data");
        w.StartObject();
        j.field("id", e->id);
        j.field("value", e->id);
        j.field("name", detail::node_label(*e));
        detail::write_node_fields(j, *e);
        w.EndObject();
        w.EndObject();
    }
    w.EndArray();
    j.key("edges");
    w.StartArray();
    for (const kg::fact* f : g.edges()) {
        w.StartObject();
        j.key("data");
        w.StartObject();
        j.field("id", f->id);
        j.field("source", f->source);
        j.field("target", f->target);
        j.field("key", f->id);
        detail::write_edge_fields(j, *f);
        w.EndObject();
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    w.EndObject();
    j.finish();
    out << '\n';
}

void write_jgf(const kg::graph::knowledge_graph& g, std::ostream& out) {
    detail::json_out j(out);
    auto& w = j.w();
    w.StartObject();
    j.key("graph");
    w.StartObject();
    j.field("id", "kg");
    j.field("type", "kg-graph");
    j.field("label", "kg knowledge graph");
    j.key("directed");
    w.Bool(true);
    j.key("metadata");
    w.StartObject();
    j.key("documents");
    detail::write_documents(j, g.documents());
    w.EndObject();
    j.key("nodes");
    w.StartObject();
    for (const kg::entity* e : g.nodes()) {
        j.key(e->id);
        w.StartObject();
        j.field("label", detail::node_label(*e));
        j.key("metadata");
        w.StartObject();
        detail::write_node_fields(j, *e);
        w.EndObject();
        w.EndObject();
    }
    w.EndObject();
    j.key("edges");
    w.StartArray();
    for (const kg::fact* f : g.edges()) {
        w.StartObject();
        j.field("id", f->id);
        j.field("source", f->source);
        j.field("target", f->target);
        j.field("relation", f->type);
        j.key("directed");
        w.Bool(true);
        j.field("label", detail::relation_text(*f));
        j.key("metadata");
        w.StartObject();
        detail::write_edge_fields(j, *f);
        w.EndObject();
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    w.EndObject();
    j.finish();
    out << '\n';
}

}  // namespace kg::exporter
