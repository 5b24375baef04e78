// Placeholder until the build command lands.
#include "commands.hpp"
namespace kg::cli {
void add_build_command(CLI::App&, const global_options&) {}
}  // namespace kg::cli
