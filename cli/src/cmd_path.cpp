// Placeholder until the path command lands.
#include "commands.hpp"
namespace kg::cli {
void add_path_command(CLI::App&, const global_options&) {}
}  // namespace kg::cli
