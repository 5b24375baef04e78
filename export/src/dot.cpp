#include "kg/export/dot.hpp"

#include <ostream>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "kg/core/utf8.hpp"
#include "common.hpp"

namespace kg::exporter {
namespace detail {

constexpr const char* default_fill = "#f0f0f0";
constexpr const char* default_shape = "ellipse";
constexpr const char* negative_colour = "#b2182b";

std::string edge_label(const kg::fact& f) {
    std::string label = relation_text(f);
    if (f.polarity == kg::polarity::negative) label = "NOT " + label;
    std::string notes;
    if (f.modality != kg::modality::asserted) notes = kg::to_string(f.modality);
    if (!f.time.empty()) notes += (notes.empty() ? "" : "; ") + f.time;
    if (!notes.empty()) label += " (" + notes + ")";
    return label;
}

const char* edge_style(const kg::fact& f) {
    if (f.polarity == kg::polarity::negative) return "dashed";
    if (f.modality != kg::modality::asserted) return "dotted";
    return "solid";
}

}  // namespace detail

std::string dot_quote(std::string_view raw) {
    std::string repaired;
    std::string_view text = raw;
    if (!kg::is_valid_utf8(raw)) {  // Graphviz rejects invalid UTF-8
        repaired = kg::repair_utf8(raw).text;
        text = repaired;
    }
    std::string out;
    out.reserve(text.size() + 2);
    out.push_back('"');
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r':
                if (i + 1 < text.size() && text[i + 1] == '\n') break;  // CRLF: one break
                out += "\\n";
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
                    out.push_back(' ');
                } else {
                    out.push_back(c);  // UTF-8 bytes are kept as they are
                }
        }
    }
    out.push_back('"');
    return out;
}

void write_dot(const kg::graph::knowledge_graph& g, const kg::ontology* onto, std::ostream& out) {
    write_dot(g, onto, dot_options{}, out);
}

void write_dot(const kg::graph::knowledge_graph& g, const kg::ontology* onto, const dot_options& options,
               std::ostream& out) {
    out << fmt::format("// kg knowledge graph: {} nodes, {} edges, {} documents\n", g.node_count(), g.edge_count(),
                       g.document_count());
    out << "digraph kg {\n";
    out << "  graph [rankdir=\"LR\", fontname=\"Helvetica\", charset=\"UTF-8\", overlap=\"false\", "
           "splines=\"true\", nodesep=\"0.35\", ranksep=\"0.9\"];\n";
    out << "  node [style=\"filled\", fontname=\"Helvetica\", fontsize=\"11\", color=\"#4d4d4d\", "
           "margin=\"0.12,0.06\"];\n";
    out << "  edge [fontname=\"Helvetica\", fontsize=\"9\", color=\"#4d4d4d\", fontcolor=\"#252525\"];\n";
    out << '\n';
    for (const kg::entity* e : g.nodes()) {
        const kg::entity_type_info* info = onto ? onto->entity_type(e->type) : nullptr;
        std::string fill = info && !info->color.empty() ? info->color : detail::default_fill;
        std::string shape = info && !info->shape.empty() ? info->shape : detail::default_shape;
        std::string type_name = info && !info->display.empty() ? info->display : e->type;
        std::string label = e->label.empty() ? e->id : e->label;
        out << "  " << dot_quote(e->id) << " [label=" << dot_quote(label) << ", shape=" << dot_quote(shape)
            << ", fillcolor=" << dot_quote(fill) << ", tooltip=" << dot_quote(fmt::format("{} ({})", e->id, type_name))
            << "];\n";
    }
    if (g.node_count() > 0 && g.edge_count() > 0) out << '\n';
    for (const kg::fact* f : g.edges()) {
        out << "  " << dot_quote(f->source) << " -> " << dot_quote(f->target) << " [id=" << dot_quote(f->id)
            << ", label=" << dot_quote(detail::edge_label(*f)) << ", style=" << dot_quote(detail::edge_style(*f));
        if (f->polarity == kg::polarity::negative)
            out << ", color=" << dot_quote(detail::negative_colour) << ", fontcolor=" << dot_quote(detail::negative_colour);
        out << ", tooltip="
            << dot_quote(fmt::format("{}: confidence {:.2f}, {} evidence", f->type, f->confidence, f->evidence.size()))
            << "];\n";
    }
    if (options.legend) {
        std::set<std::string> types;
        for (const kg::entity* e : g.nodes()) types.insert(e->type);
        if (!types.empty()) {
            out << "\n  subgraph cluster_legend {\n";
            out << "    label=\"Legend\"; fontname=\"Helvetica\"; fontsize=\"10\"; style=\"rounded\"; "
                   "color=\"#bdbdbd\";\n";
            for (const auto& type : types) {
                const kg::entity_type_info* info = onto ? onto->entity_type(type) : nullptr;
                std::string fill = info && !info->color.empty() ? info->color : detail::default_fill;
                std::string shape = info && !info->shape.empty() ? info->shape : detail::default_shape;
                std::string name = info && !info->display.empty() ? info->display : type;
                out << "    " << dot_quote("legend:" + type) << " [label=" << dot_quote(name)
                    << ", shape=" << dot_quote(shape) << ", fillcolor=" << dot_quote(fill) << ", fontsize=\"9\"];\n";
            }
            // invisible edges lay the samples out in one row
            std::string chain;
            for (const auto& type : types) chain += (chain.empty() ? "" : " -> ") + dot_quote("legend:" + type);
            if (types.size() > 1) out << "    " << chain << " [style=\"invis\"];\n";
            out << "  }\n";
        }
    }
    out << "}\n";
}

std::string to_dot(const kg::graph::knowledge_graph& g, const kg::ontology* onto) {
    std::ostringstream out;
    write_dot(g, onto, out);
    return std::move(out).str();
}

}  // namespace kg::exporter
