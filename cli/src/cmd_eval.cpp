// Placeholder until the eval command lands.
#include "commands.hpp"
namespace kg::cli {
void add_eval_command(CLI::App&, const global_options&) {}
}  // namespace kg::cli
