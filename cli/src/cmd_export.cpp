// Placeholder until the export command lands.
#include "commands.hpp"
namespace kg::cli {
void add_export_command(CLI::App&, const global_options&) {}
}  // namespace kg::cli
