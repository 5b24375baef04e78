#pragma once
#include <cstdlib>
#include <string>

namespace kg::test {
// The shared data directory: $KG_SHARED, else ../shared beside the source tree.
inline std::string shared_dir() {
    if (const char* env = std::getenv("KG_SHARED"); env && *env) return env;
    return KG_SHARED_DIR;
}
}  // namespace kg::test
