#pragma once
// Escaping shared by the exporters: one helper per output syntax, so every
// format escapes its strings the same way everywhere. Every helper first
// makes its input valid UTF-8 (invalid sequences become U+FFFD, as the native
// JSON writer does), then escapes for its syntax. DOT has its own quoting in
// kg/export/dot.hpp (dot_quote) and JSON formats go through RapidJSON's Writer
// (kg/export/json_writer.hpp).
#include <iosfwd>
#include <string>
#include <string_view>

namespace kg::exporter {

// `text` when it is valid UTF-8, else a repaired copy kept in `scratch`.
std::string_view valid_utf8(std::string_view text, std::string& scratch);

// XML 1.0 character data, safe both in attribute values (either quote) and in
// element content: & < > " ' are written as entities; tab, line feed and
// carriage return as character references (&#9; &#10; &#13;) so attribute
// normalization and line-end handling cannot change them. XML 1.0 cannot carry
// the other C0 control characters (U+0001-U+001F) nor U+FFFE/U+FFFF in any
// form, so each of them is replaced by U+FFFD. Other characters, ASCII or
// not, are written as UTF-8.
void write_xml_escaped(std::ostream& out, std::string_view text);
std::string xml_escape(std::string_view text);

// One RFC 4180 CSV field: quoted (with inner quotes doubled) when it holds a
// comma, quote, line break or a leading or trailing space, else as it is.
// Line breaks are kept inside the quotes.
void write_csv_field(std::ostream& out, std::string_view text);
std::string csv_field(std::string_view text);

// A Cypher string literal in single quotes: \\ \' \" \n \r \t \b \f escaped,
// other control characters as \uXXXX, the rest as UTF-8.
std::string cypher_string(std::string_view text);
// A Cypher name (label, relationship type, property key) in backticks, inner
// backticks doubled.
std::string cypher_name(std::string_view text);

// An N-Triples string literal in double quotes: \" \\ \n \r \t escaped and
// every other character outside printable ASCII as \uXXXX or \UXXXXXXXX, so
// the output is plain ASCII (valid N-Triples 1.0 and 1.1).
std::string ntriples_string(std::string_view text);
// An IRI <prefix + local>: `local` is percent-encoded as UTF-8 bytes except
// for the unreserved characters A-Z a-z 0-9 - . _ ~ and ':' ; `prefix` is
// written as it is (the caller supplies a valid absolute IRI).
std::string ntriples_iri(std::string_view prefix, std::string_view local);

}  // namespace kg::exporter
