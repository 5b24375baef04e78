#pragma once
// kg's compact binary graph file (".kgb"): the same content as the kg-graph
// JSON (documents, nodes, edges with their evidence), for graphs that must
// load fast. Every distinct string is stored once; records refer to strings
// by number. Layout (integers little-endian, "varint" = LEB128):
//
//   header   magic "\x89KGB\r\n\x1a\n", u32 version (1), u32 reserved (0),
//            u64 payload size, u64 XXH3-64 checksum of the payload
//   payload  strings    varint n, then n times (varint length, UTF-8 bytes);
//                       string 0 is ""
//            documents  varint n, then n times id title source date url hash
//            nodes      varint n, then n times id type label, aliases
//                       (varint n, strings), attributes (varint n, then key
//                       and varint n, strings), mentions (varint n, then
//                       document, varint start, varint end, text)
//            edges      varint n, then n times id source target type label,
//                       u8 polarity (0 positive, 1 negative), u8 modality
//                       (0 asserted, 1 hedged, 2 reported, 3 speculated),
//                       time, f64 confidence, evidence (varint n, then
//                       document sentence, varint start, varint end, rule,
//                       attributed_to)
//   where every bare name above is a varint string number.
//
// Written in id order, so the same graph always gives the same bytes.
// Reading checks everything (magic, version, size, checksum, bounds, string
// numbers, UTF-8, values, duplicate ids, edge ends) and throws
// kg::input_error naming the file and what is wrong.
#include <string>
#include <string_view>

#include "kg/graph/knowledge_graph.hpp"

namespace kg::graph {

std::string to_graph_binary(const knowledge_graph& g);

// True when `bytes` start like a binary graph file (the magic).
bool looks_like_graph_binary(std::string_view bytes) noexcept;

// Throws kg::input_error naming `source_name`.
knowledge_graph parse_graph_binary(std::string_view bytes, const std::string& source_name);

}  // namespace kg::graph
