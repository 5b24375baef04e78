#include "kg/export/xml_formats.hpp"

#include <ostream>

#include <fmt/format.h>

#include "common.hpp"
#include "json_writer.hpp"
#include "kg/export/escape.hpp"

namespace kg::exporter {
namespace detail {

// One attribute column of the XML exports.
struct xml_attribute {
    const char* name;
    const char* graphml_type;  // GraphML attr.type
    const char* gexf_type;     // GEXF attribute type
};

constexpr xml_attribute node_attributes[] = {
    {"label", "string", "string"},       {"type", "string", "string"},    {"aliases", "string", "string"},
    {"attributes", "string", "string"},  {"mentions", "int", "integer"},
};
constexpr xml_attribute edge_attributes[] = {
    {"type", "string", "string"},     {"label", "string", "string"},      {"polarity", "string", "string"},
    {"modality", "string", "string"}, {"time", "string", "string"},       {"confidence", "double", "double"},
    {"evidence_count", "int", "integer"}, {"evidence", "string", "string"},
};

// Values in the order of node_attributes / edge_attributes (empty: left out).
std::vector<std::string> node_values(const kg::entity& e) {
    return {node_label(e), e.type,
            compact_json([&](auto& j) { write_string_array(j, e.aliases); }),
            compact_json([&](auto& j) { write_attributes(j, e.attributes); }), fmt::format("{}", e.mentions.size())};
}

std::vector<std::string> edge_values(const kg::fact& f) {
    return {f.type,
            relation_text(f),
            kg::to_string(f.polarity),
            kg::to_string(f.modality),
            f.time,
            fmt::format("{}", f.confidence),
            fmt::format("{}", f.evidence.size()),
            compact_json([&](auto& j) { write_evidence(j, f.evidence); })};
}

void quoted(std::ostream& out, std::string_view text) {
    out << '"';
    write_xml_escaped(out, text);
    out << '"';
}

}  // namespace detail

void write_graphml(const kg::graph::knowledge_graph& g, std::ostream& out) {
    using detail::quoted;
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out << "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
           "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
           "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
           "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n";
    for (const auto& a : detail::node_attributes)
        out << fmt::format("  <key id=\"n_{0}\" for=\"node\" attr.name=\"{0}\" attr.type=\"{1}\"/>\n", a.name,
                           a.graphml_type);
    for (const auto& a : detail::edge_attributes)
        out << fmt::format("  <key id=\"e_{0}\" for=\"edge\" attr.name=\"{0}\" attr.type=\"{1}\"/>\n", a.name,
                           a.graphml_type);
    out << "  <graph id=\"kg\" edgedefault=\"directed\">\n";
    for (const kg::entity* e : g.nodes()) {
        out << "    <node id=";
        quoted(out, e->id);
        out << ">\n";
        auto values = detail::node_values(*e);
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (values[i].empty()) continue;
            out << "      <data key=\"n_" << detail::node_attributes[i].name << "\">";
            write_xml_escaped(out, values[i]);
            out << "</data>\n";
        }
        out << "    </node>\n";
    }
    for (const kg::fact* f : g.edges()) {
        out << "    <edge id=";
        quoted(out, f->id);
        out << " source=";
        quoted(out, f->source);
        out << " target=";
        quoted(out, f->target);
        out << ">\n";
        auto values = detail::edge_values(*f);
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (values[i].empty()) continue;
            out << "      <data key=\"e_" << detail::edge_attributes[i].name << "\">";
            write_xml_escaped(out, values[i]);
            out << "</data>\n";
        }
        out << "    </edge>\n";
    }
    out << "  </graph>\n</graphml>\n";
}

void write_gexf(const kg::graph::knowledge_graph& g, std::ostream& out) {
    using detail::quoted;
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out << "<gexf xmlns=\"http://gexf.net/1.3\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
           "xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n";
    out << "  <meta>\n    <creator>kg</creator>\n    <description>kg knowledge graph</description>\n  </meta>\n";
    out << "  <graph defaultedgetype=\"directed\" mode=\"static\">\n";
    out << "    <attributes class=\"node\" mode=\"static\">\n";
    for (std::size_t i = 0; i < std::size(detail::node_attributes); ++i)
        out << fmt::format("      <attribute id=\"n{}\" title=\"{}\" type=\"{}\"/>\n", i,
                           detail::node_attributes[i].name, detail::node_attributes[i].gexf_type);
    out << "    </attributes>\n";
    out << "    <attributes class=\"edge\" mode=\"static\">\n";
    for (std::size_t i = 0; i < std::size(detail::edge_attributes); ++i)
        out << fmt::format("      <attribute id=\"e{}\" title=\"{}\" type=\"{}\"/>\n", i,
                           detail::edge_attributes[i].name, detail::edge_attributes[i].gexf_type);
    out << "    </attributes>\n";
    out << "    <nodes>\n";
    for (const kg::entity* e : g.nodes()) {
        out << "      <node id=";
        quoted(out, e->id);
        out << " label=";
        quoted(out, detail::node_label(*e));
        out << ">\n        <attvalues>\n";
        auto values = detail::node_values(*e);
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (values[i].empty()) continue;
            out << "          <attvalue for=\"n" << i << "\" value=";
            quoted(out, values[i]);
            out << "/>\n";
        }
        out << "        </attvalues>\n      </node>\n";
    }
    out << "    </nodes>\n";
    out << "    <edges>\n";
    for (const kg::fact* f : g.edges()) {
        out << "      <edge id=";
        quoted(out, f->id);
        out << " source=";
        quoted(out, f->source);
        out << " target=";
        quoted(out, f->target);
        out << " label=";
        quoted(out, detail::relation_text(*f));
        out << " weight=\"" << fmt::format("{}", f->confidence) << "\">\n        <attvalues>\n";
        auto values = detail::edge_values(*f);
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (values[i].empty()) continue;
            out << "          <attvalue for=\"e" << i << "\" value=";
            quoted(out, values[i]);
            out << "/>\n";
        }
        out << "        </attvalues>\n      </edge>\n";
    }
    out << "    </edges>\n  </graph>\n</gexf>\n";
}

}  // namespace kg::exporter
