#pragma once
// Rendering through Graphviz: runs its `dot` program (with -K for the layout
// engine) on DOT text. The program, not the libgvc library, is used so that
// Graphviz's own allocations stay out of kg's process (and its sanitizer runs).
#include <string>
#include <string_view>

namespace kg::exporter {

// True for the layout engines kg offers: dot, neato, sfdp, fdp, circo, twopi.
bool valid_layout(std::string_view layout) noexcept;

// Lays out `dot_text` with `layout` and renders it as `format` ("svg" or
// "png"); returns the bytes. Throws kg::input_error when Graphviz is missing
// or fails (with its message), kg::usage_error for another format or layout.
std::string render_graphviz(std::string_view dot_text, std::string_view format, std::string_view layout = "dot");

}  // namespace kg::exporter
