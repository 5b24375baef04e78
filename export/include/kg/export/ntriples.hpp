#pragma once
// RDF as N-Triples (plain ASCII: literals through ntriples_string, IRIs
// through ntriples_iri), streamed, in document, node, fact order by id.
//
// The vocabulary, all under one IRI base B (default https://kg.example.org/):
//   B document/<id>   a B vocab/Document; B vocab/title, B vocab/source,
//                     B vocab/date, B vocab/url (literals, when known)
//   B entity/<id>     a B type/<Type>; rdfs:label; B vocab/alias (one per
//                     alias); B attribute/<key> (one per value);
//                     B vocab/mentionedIn B document/<id> (per document)
//   B fact/<id>       a rdf:Statement: rdf:subject, rdf:predicate
//                     (B relation/<TYPE>), rdf:object; rdfs:label;
//                     B vocab/polarity, B vocab/modality, B vocab/time
//                     (literals); B vocab/confidence (xsd:double);
//                     B vocab/evidence B fact/<id>/evidence/<n> (n from 1)
//   evidence node     a B vocab/Evidence; B vocab/document; B vocab/sentence;
//                     B vocab/start, B vocab/end (xsd:integer, code points);
//                     B vocab/rule
// A positive, asserted fact is also stated directly:
//   B entity/<source> B relation/<TYPE> B entity/<target>.
// Negative, hedged, reported or speculated facts are only reified, so a
// reader that ignores reification sees no claim the text did not make.
#include <iosfwd>
#include <string_view>

#include "kg/graph/knowledge_graph.hpp"

namespace kg::exporter {

inline constexpr std::string_view default_iri_base = "https://kg.example.org/";

// True when `base` can prefix IRIs: a scheme, ':', and no character that
// N-Triples forbids in an IRI (space, control, <>"{}|^`\).
bool valid_iri_base(std::string_view base);

void write_ntriples(const kg::graph::knowledge_graph& g, std::ostream& out,
                    std::string_view iri_base = default_iri_base);

}  // namespace kg::exporter
