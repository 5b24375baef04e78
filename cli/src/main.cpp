// kg: build knowledge graphs from news articles.
// Exit codes: 0 success, 1 usage error, 2 input or data error (nothing
// written), 3 output written but some inputs were skipped (each reported).
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <new>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "commands.hpp"
#include "kg/core/error.hpp"

namespace kg::cli {

void report(const global_options& g, const std::string& line) {
    if (!g.quiet) std::cerr << "kg: " << line << '\n';
}

}  // namespace kg::cli

int main(int argc, char** argv) {
    CLI::App app{"kg: build a knowledge graph of who did what to whom from English news articles"};
    app.set_version_flag("--version", std::string("kg ") + KG_VERSION);
    app.require_subcommand(1);
    app.fallthrough();

    kg::cli::global_options g;
    app.add_option("--data", g.data_dir, "Directory of ontology, lexicons, patterns and models (default: $KG_DATA, else <kg>/../share/kg when installed, <kg>/kg-data in a build tree)");
    app.add_flag("-q,--quiet", g.quiet, "Do not print warnings about the input");

    kg::cli::add_build_command(app, g);
    kg::cli::add_export_command(app, g);
    kg::cli::add_path_command(app, g);
    kg::cli::add_neighbors_command(app, g);
    kg::cli::add_subgraph_command(app, g);
    kg::cli::add_entities_command(app, g);
    kg::cli::add_stats_command(app, g);
    kg::cli::add_train_command(app, g);
    kg::cli::add_eval_command(app, g);
    kg::cli::add_extract_command(app, g);
    kg::cli::add_merge_command(app, g);
    kg::cli::add_help_examples(app);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "kg: error: " << e.what() << "\nRun with --help for more information.\n";
        return 1;
    } catch (const kg::usage_error& e) {
        std::cerr << "kg: error: " << e.what() << '\n';
        return 1;
    } catch (const kg::error& e) {
        std::cerr << "kg: error: " << e.what() << '\n';
        return 2;
    } catch (const std::bad_alloc&) {
        std::cerr << "kg: error: out of memory\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "kg: error: " << e.what() << '\n';
        return 2;
    }
    return g.inputs_skipped ? kg::cli::exit_inputs_skipped : 0;
}
