// Placeholder until the train command lands.
#include "commands.hpp"
namespace kg::cli {
void add_train_command(CLI::App&, const global_options&) {}
}  // namespace kg::cli
