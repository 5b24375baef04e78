#include "kg/export/ntriples.hpp"

#include <ostream>
#include <set>

#include <fmt/format.h>

#include "common.hpp"
#include "kg/export/escape.hpp"

namespace kg::exporter {
namespace detail {

constexpr std::string_view rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
constexpr std::string_view rdfs_label = "<http://www.w3.org/2000/01/rdf-schema#label>";
constexpr std::string_view xsd = "http://www.w3.org/2001/XMLSchema#";

class triple_writer {
public:
    triple_writer(std::ostream& out, std::string_view base) : out_(out), base_(base) {}

    // <base + kind/ + encoded local>
    std::string iri(std::string_view kind, std::string_view local) const {
        return ntriples_iri(base_ + std::string(kind) + "/", local);
    }
    std::string vocab(std::string_view term) const { return "<" + base_ + "vocab/" + std::string(term) + ">"; }
    static std::string rdf_term(std::string_view term) { return "<" + std::string(rdf) + std::string(term) + ">"; }
    static std::string typed(std::string_view lexical, std::string_view type) {
        return ntriples_string(lexical) + "^^<" + std::string(xsd) + std::string(type) + ">";
    }

    void triple(const std::string& s, std::string_view p, const std::string& o) {
        out_ << s << ' ' << p << ' ' << o << " .\n";
    }
    void literal(const std::string& s, std::string_view p, std::string_view value) {
        triple(s, p, ntriples_string(value));
    }

private:
    std::ostream& out_;
    std::string base_;
};

}  // namespace detail

bool valid_iri_base(std::string_view base) {
    std::size_t colon = base.find(':');
    if (colon == std::string_view::npos || colon == 0) return false;
    for (std::size_t i = 0; i < colon; ++i) {
        char c = base[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                  (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
        if (!ok) return false;
    }
    for (char c : base) {
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return false;
        if (std::string_view("<>\"{}|^`\\").find(c) != std::string_view::npos) return false;
    }
    return true;
}

void write_ntriples(const kg::graph::knowledge_graph& g, std::ostream& out, std::string_view iri_base) {
    detail::triple_writer t(out, iri_base);
    const std::string a = t.rdf_term("type");
    for (const kg::document* d : g.documents()) {
        std::string s = t.iri("document", d->id);
        t.triple(s, a, t.vocab("Document"));
        if (!d->title.empty()) t.literal(s, t.vocab("title"), d->title);
        if (!d->source.empty()) t.literal(s, t.vocab("source"), d->source);
        if (!d->date.empty()) t.literal(s, t.vocab("date"), d->date);
        if (!d->url.empty()) t.literal(s, t.vocab("url"), d->url);
    }
    for (const kg::entity* e : g.nodes()) {
        std::string s = t.iri("entity", e->id);
        t.triple(s, a, t.iri("type", e->type));
        t.literal(s, detail::rdfs_label, detail::node_label(*e));
        for (const auto& alias : e->aliases) t.literal(s, t.vocab("alias"), alias);
        for (const auto& [key, values] : e->attributes) {
            std::string p = t.iri("attribute", key);
            for (const auto& v : values) t.literal(s, p, v);
        }
        std::set<std::string> docs;
        for (const auto& m : e->mentions) docs.insert(m.document);
        for (const auto& d : docs) t.triple(s, t.vocab("mentionedIn"), t.iri("document", d));
    }
    for (const kg::fact* f : g.edges()) {
        std::string s = t.iri("fact", f->id);
        std::string subject = t.iri("entity", f->source);
        std::string object = t.iri("entity", f->target);
        std::string predicate = t.iri("relation", f->type);
        if (f->polarity == kg::polarity::positive && f->modality == kg::modality::asserted)
            t.triple(subject, predicate, object);
        t.triple(s, a, t.rdf_term("Statement"));
        t.triple(s, t.rdf_term("subject"), subject);
        t.triple(s, t.rdf_term("predicate"), predicate);
        t.triple(s, t.rdf_term("object"), object);
        t.literal(s, detail::rdfs_label, detail::relation_text(*f));
        t.literal(s, t.vocab("polarity"), kg::to_string(f->polarity));
        t.literal(s, t.vocab("modality"), kg::to_string(f->modality));
        if (!f->time.empty()) t.literal(s, t.vocab("time"), f->time);
        t.triple(s, t.vocab("confidence"), t.typed(fmt::format("{}", f->confidence), "double"));
        for (std::size_t i = 0; i < f->evidence.size(); ++i) {
            const auto& ev = f->evidence[i];
            std::string e = s;  // <B fact/ID/evidence/N>
            e.insert(e.size() - 1, fmt::format("/evidence/{}", i + 1));
            t.triple(s, t.vocab("evidence"), e);
            t.triple(e, a, t.vocab("Evidence"));
            t.triple(e, t.vocab("document"), t.iri("document", ev.document));
            t.literal(e, t.vocab("sentence"), ev.sentence);
            t.triple(e, t.vocab("start"), t.typed(fmt::format("{}", ev.chars.begin), "integer"));
            t.triple(e, t.vocab("end"), t.typed(fmt::format("{}", ev.chars.end), "integer"));
            t.literal(e, t.vocab("rule"), ev.rule);
        }
    }
}

}  // namespace kg::exporter
