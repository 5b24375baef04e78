#include "query_options.hpp"

#include <algorithm>
#include <iostream>

#include <fmt/format.h>

#include "kg/core/error.hpp"
#include "kg/core/io.hpp"

namespace kg::cli {

void add_filter_options(CLI::App& sub, kg::graph::query_filter& filter, bool node_types) {
    sub.add_option("--relations", filter.relations, "Only follow facts of these relation types (comma-separated)")
        ->delimiter(',');
    sub.add_option("--exclude-relations", filter.exclude_relations, "Never follow facts of these relation types")
        ->delimiter(',');
    sub.add_flag("--include-negated", filter.include_negated,
                 "Also follow negative facts (\"did not sue\"), which are left out by default");
    if (node_types) {
        sub.add_option("--node-types", filter.node_types,
                       "Only pass through entities of these types (comma-separated); the end points may be of any type")
            ->delimiter(',');
        sub.add_option("--avoid", filter.avoid_node_types,
                       "Never pass through entities of these types (repeatable), e.g. --avoid Date --avoid Country")
            ->delimiter(',');
    }
}

std::string node_text(const kg::graph::knowledge_graph& g, const std::string& id) {
    const kg::entity* e = g.find_node(id);
    if (!e) return id;
    return fmt::format("{} ({})", e->label.empty() ? e->id : e->label, e->type);
}

std::string relation_text(const kg::fact& f) {
    std::string label = f.label.empty() ? f.type : f.label;
    if (f.polarity == kg::polarity::negative) label = "NOT " + label;
    std::string notes;
    if (f.modality != kg::modality::asserted) notes = kg::to_string(f.modality);
    if (!f.time.empty()) notes += (notes.empty() ? "" : "; ") + f.time;
    if (!notes.empty()) label += " (" + notes + ")";
    return fmt::format("{}: {}", f.type, label);
}

std::string one_line(std::string s) {
    std::replace_if(s.begin(), s.end(), [](char c) { return c == '\n' || c == '\r' || c == '\t'; }, ' ');
    return s;
}

void write_output(const std::string& path, const std::string& text) {
    if (path == "-") {
        std::cout << text;
        std::cout.flush();
        if (!std::cout) throw kg::input_error("cannot write to standard output");
        return;
    }
    kg::write_file_atomic(path, text);
}

}  // namespace kg::cli
