#include "kg/export/dot.hpp"

#include <algorithm>
#include <ostream>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "kg/core/ids.hpp"
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

bool valid_rankdir(std::string_view rankdir) noexcept {
    return rankdir == "LR" || rankdir == "RL" || rankdir == "TB" || rankdir == "BT";
}

namespace detail {

struct node_style {
    std::string fill, shape, type_name;
};

node_style style_of(const kg::ontology* onto, const std::string& type) {
    const kg::entity_type_info* info = onto ? onto->entity_type(type) : nullptr;
    return {info && !info->color.empty() ? info->color : default_fill,
            info && !info->shape.empty() ? info->shape : default_shape,
            info && !info->display.empty() ? info->display : type};
}

std::string node_tooltip(const kg::entity& e, const std::string& type_name) {
    std::string text = fmt::format("{} ({})\n{}", node_label(e), type_name, e.id);
    if (!e.aliases.empty()) {
        text += "\nalso: ";
        for (std::size_t i = 0; i < e.aliases.size(); ++i) text += (i ? "; " : "") + e.aliases[i];
    }
    for (const auto& [key, values] : e.attributes) {
        text += "\n" + key + ": ";
        for (std::size_t i = 0; i < values.size(); ++i) text += (i ? "; " : "") + values[i];
    }
    return text;
}

std::string edge_tooltip(const kg::graph::knowledge_graph& g, const kg::fact& f, const dot_options& options) {
    const kg::entity* s = g.find_node(f.source);
    const kg::entity* t = g.find_node(f.target);
    std::string text = fmt::format("{} → {} → {}\n{}: confidence {:.2f}, {} evidence", s ? node_label(*s) : f.source,
                                   edge_label(f), t ? node_label(*t) : f.target, f.type, f.confidence,
                                   f.evidence.size());
    if (!options.evidence) return text;
    std::size_t shown = 0;
    for (const auto& ev : f.evidence) {
        if (shown == options.max_evidence) {
            text += fmt::format("\n… and {} more", f.evidence.size() - shown);
            break;
        }
        const kg::document* d = g.find_document(ev.document);
        std::string where = d && !d->title.empty() ? fmt::format("{}: {}", ev.document, d->title) : ev.document;
        if (!ev.attributed_to.empty()) {
            const kg::entity* speaker = g.find_node(ev.attributed_to);
            where = fmt::format("according to {}; {}", speaker ? node_label(*speaker) : ev.attributed_to, where);
        }
        text += fmt::format("\n“{}” ({})", clip_for_drawing(ev.sentence, options.max_string_bytes / 4),
                            clip_for_drawing(where, options.max_string_bytes / 8));
        ++shown;
    }
    return text;
}

void write_legend(const kg::graph::knowledge_graph& g, const kg::ontology* onto, std::ostream& out) {
    std::set<std::string> types;
    for (const kg::entity* e : g.nodes()) types.insert(e->type);
    out << "\n  subgraph cluster_legend {\n";
    out << "    label=\"Legend\"; fontname=\"Helvetica\"; fontsize=\"10\"; style=\"rounded\"; color=\"#bdbdbd\";\n";
    for (const auto& type : types) {
        node_style st = style_of(onto, type);
        out << "    " << dot_quote("legend:" + type) << " [label=" << dot_quote(st.type_name)
            << ", shape=" << dot_quote(st.shape) << ", fillcolor=" << dot_quote(st.fill) << ", fontsize=\"9\"];\n";
    }
    // invisible edges lay the samples out in one row
    std::string chain;
    for (const auto& type : types) chain += (chain.empty() ? "" : " -> ") + dot_quote("legend:" + type);
    if (types.size() > 1) out << "    " << chain << " [style=\"invis\"];\n";
    // the three edge styles, between small points
    struct sample {
        const char* name;
        const char* style;
        const char* colour;
    };
    static constexpr sample samples[] = {{"asserted", "solid", "#4d4d4d"},
                                         {"negated (NOT)", "dashed", negative_colour},
                                         {"hedged, reported, speculated", "dotted", "#4d4d4d"}};
    for (std::size_t i = 0; i < std::size(samples); ++i) {
        std::string a = fmt::format("legend:edge{}a", i), b = fmt::format("legend:edge{}b", i);
        out << "    " << dot_quote(a) << " [shape=\"point\", width=\"0.05\", label=\"\"];\n";
        out << "    " << dot_quote(b) << " [shape=\"point\", width=\"0.05\", label=\"\"];\n";
        out << "    " << dot_quote(a) << " -> " << dot_quote(b) << " [label=" << dot_quote(samples[i].name)
            << ", style=" << dot_quote(samples[i].style) << ", color=" << dot_quote(samples[i].colour)
            << ", fontcolor=" << dot_quote(samples[i].colour) << "];\n";
    }
    out << "  }\n";
}

}  // namespace detail

void write_dot(const kg::graph::knowledge_graph& g, const kg::ontology* onto, const dot_options& options,
               std::ostream& out) {
    std::string rankdir = valid_rankdir(options.rankdir) ? options.rankdir : "LR";
    out << fmt::format("// kg knowledge graph: {} nodes, {} edges, {} documents\n", g.node_count(), g.edge_count(),
                       g.document_count());
    out << "digraph kg {\n";
    out << "  graph [rankdir=" << dot_quote(rankdir)
        << ", fontname=\"Helvetica\", charset=\"UTF-8\", overlap=\"false\", "
           "splines=\"true\", nodesep=\"0.35\", ranksep=\"0.9\"];\n";
    out << "  node [style=\"filled\", fontname=\"Helvetica\", fontsize=\"11\", color=\"#4d4d4d\", "
           "margin=\"0.12,0.06\"];\n";
    out << "  edge [fontname=\"Helvetica\", fontsize=\"9\", color=\"#4d4d4d\", fontcolor=\"#252525\"];\n";
    out << '\n';
    std::size_t index = 0;
    for (const kg::entity* e : g.nodes()) {
        detail::node_style st = detail::style_of(onto, e->type);
        const std::size_t cut = options.max_string_bytes;
        out << "  " << dot_quote(drawing_name(e->id, cut)) << " [label=" << dot_quote(clip_for_drawing(detail::node_label(*e), cut / 4))
            << ", shape=" << dot_quote(st.shape) << ", fillcolor=" << dot_quote(st.fill)
            << ", tooltip=" << dot_quote(clip_for_drawing(detail::node_tooltip(*e, st.type_name), cut));
        if (options.index_ids) out << ", id=" << dot_quote(fmt::format("kgn{}", index));
        out << "];\n";
        ++index;
    }
    if (g.node_count() > 0 && g.edge_count() > 0) out << '\n';
    index = 0;
    for (const kg::fact* f : g.edges()) {
        std::string id = options.index_ids ? fmt::format("kge{}", index++) : f->id;
        out << "  " << dot_quote(drawing_name(f->source, options.max_string_bytes)) << " -> "
            << dot_quote(drawing_name(f->target, options.max_string_bytes)) << " [id=" << dot_quote(id)
            << ", label=" << dot_quote(clip_for_drawing(detail::edge_label(*f), options.max_string_bytes / 4))
            << ", style=" << dot_quote(detail::edge_style(*f));
        if (f->polarity == kg::polarity::negative)
            out << ", color=" << dot_quote(detail::negative_colour) << ", fontcolor=" << dot_quote(detail::negative_colour);
        // Open relations (untyped, labelled with their predicate) are drawn thinner and lighter.
        if (f->type == "RELATED_TO")
            out << ", penwidth=\"0.5\"" << (f->polarity == kg::polarity::negative ? "" : ", color=\"#9e9e9e\"");
        out << ", tooltip=" << dot_quote(clip_for_drawing(detail::edge_tooltip(g, *f, options), options.max_string_bytes))
            << "];\n";
    }
    if (options.legend && g.node_count() > 0) detail::write_legend(g, onto, out);
    out << "}\n";
}

std::string clip_for_drawing(std::string_view text, std::size_t max_bytes) {
    max_bytes = std::max<std::size_t>(max_bytes, 16);
    if (text.size() <= max_bytes) return std::string(text);
    std::size_t cut = max_bytes - 3;  // room for "…"
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
    return std::string(text.substr(0, cut)) + "\xE2\x80\xA6";
}

std::string drawing_name(std::string_view id, std::size_t max_bytes) {
    if (id.size() <= std::max<std::size_t>(max_bytes, 64)) return std::string(id);
    // Cut, and kept apart from every other cut id by the hash of the whole id.
    return clip_for_drawing(id, std::max<std::size_t>(max_bytes, 64) - 34) + kg::make_content_hash(id);
}

std::string to_dot(const kg::graph::knowledge_graph& g, const kg::ontology* onto) {
    std::ostringstream out;
    write_dot(g, onto, out);
    return std::move(out).str();
}

}  // namespace kg::exporter
