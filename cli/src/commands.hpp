#pragma once
// The kg subcommands. Each add_* function registers one subcommand on the
// application; its callback does the work and throws kg::error on failure
// (main catches once and maps it to an exit code).
#include <string>

#include <CLI/CLI.hpp>

namespace kg::graph {
class knowledge_graph;
}

namespace kg::cli {

// Options every subcommand shares.
struct global_options {
    std::string data_dir;  // --data; empty: $KG_DATA, else found next to the executable (data_dir.cpp)
    bool quiet = false;    // --quiet: no diagnostics on stderr
    // Set by the command when it skipped inputs: main then exits with
    // exit_inputs_skipped. (The command's outcome, not an option: mutable, so
    // the commands keep taking the options as const.)
    mutable bool inputs_skipped = false;
};

// The data directory to load ontology, lexicons, patterns and models from:
// --data, $KG_DATA, <kg>/../share/kg, <kg>/kg-data; throws kg::data_error when none is found.
std::string resolve_data_dir(const global_options& g);

// Prints a diagnostic line "kg: warning: ..." on stderr unless quiet.
void report(const global_options& g, const std::string& line);

// Exit status when a command did its work but skipped some inputs (each one
// reported): 0 success, 1 usage error, 2 input or data error (nothing
// written), 3 output written without the skipped inputs.
inline constexpr int exit_inputs_skipped = 3;
// Records that inputs were skipped: main then exits with exit_inputs_skipped.
inline void note_inputs_skipped(const global_options& g) { g.inputs_skipped = true; }

// The largest --hops, --max-hops and --depth: a walk of more facts than this
// is no longer a neighbourhood or a path anyone reads (and a huge value must
// not turn into a long loop), so it is a usage error.
inline constexpr std::size_t max_hops_limit = 1000;
inline CLI::Validator hops_range() { return CLI::Range(std::size_t{0}, max_hops_limit); }
// The most threads -j starts.
inline constexpr unsigned max_jobs_limit = 1024;

// --explain-merges: every entity merge recorded in the graph, one per line.
void print_merges(const kg::graph::knowledge_graph& graph, bool to_stderr);

// Bytes in --max-document-mb MiB; throws kg::usage_error unless positive.
std::size_t document_limit(double megabytes);

void add_build_command(CLI::App& app, const global_options& g);
void add_export_command(CLI::App& app, const global_options& g);
void add_path_command(CLI::App& app, const global_options& g);
void add_neighbors_command(CLI::App& app, const global_options& g);
void add_subgraph_command(CLI::App& app, const global_options& g);
void add_entities_command(CLI::App& app, const global_options& g);
void add_stats_command(CLI::App& app, const global_options& g);
void add_train_command(CLI::App& app, const global_options& g);
void add_eval_command(CLI::App& app, const global_options& g);
void add_extract_command(CLI::App& app, const global_options& g);
void add_merge_command(CLI::App& app, const global_options& g);
// Appends an example to the --help of each subcommand (help_examples.cpp).
void add_help_examples(CLI::App& app);

// `json` with the whitespace between tokens removed: one line.
std::string single_line_json(std::string_view json);

}  // namespace kg::cli
