// Where kg finds its data directory (ontology, lexicons, patterns, models).
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "commands.hpp"
#include "kg/core/error.hpp"

namespace kg::cli {

std::string resolve_data_dir(const global_options& g) {
    namespace fs = std::filesystem;
    // 1. --data DIR, 2. $KG_DATA: whatever the user asked for, checked when it is loaded.
    if (!g.data_dir.empty()) return g.data_dir;
    if (const char* env = std::getenv("KG_DATA"); env && *env) return env;
    // Then next to the executable (no path is compiled in): 3. <bin>/../share/kg,
    // the installed layout (cmake --install); 4. <bin>/kg-data, the link to the
    // source tree's data/ that CMake puts beside the kg of a build tree.
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        fs::path bin = exe.parent_path();
        for (const fs::path& dir : {bin / ".." / "share" / "kg", bin / "kg-data"})
            if (fs::is_regular_file(dir / "ontology.json", ec)) return dir.lexically_normal().string();
    }
    throw kg::data_error(
        "no data directory: none at <kg>/../share/kg (installed) or <kg>/kg-data (build tree); give --data DIR or "
        "set KG_DATA");
}

}  // namespace kg::cli
