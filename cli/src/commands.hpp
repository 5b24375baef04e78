#pragma once
// The kg subcommands. Each add_* function registers one subcommand on the
// application; its callback does the work and throws kg::error on failure
// (main catches once and maps it to an exit code).
#include <string>

#include <CLI/CLI.hpp>

namespace kg::cli {

// Options every subcommand shares.
struct global_options {
    std::string data_dir;  // --data; empty: $KG_DATA, else the compiled-in default
    bool quiet = false;    // --quiet: no diagnostics on stderr
};

// The data directory to load ontology, lexicons, patterns and models from.
std::string resolve_data_dir(const global_options& g);

// Prints a diagnostic line "kg: warning: ..." on stderr unless quiet.
void report(const global_options& g, const std::string& line);

void add_build_command(CLI::App& app, const global_options& g);
void add_export_command(CLI::App& app, const global_options& g);
void add_path_command(CLI::App& app, const global_options& g);
void add_train_command(CLI::App& app, const global_options& g);
void add_eval_command(CLI::App& app, const global_options& g);

}  // namespace kg::cli
