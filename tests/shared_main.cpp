// Runs the tests that need ../shared; exits 77 (CTest: skipped) when it is absent.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "shared_dir.hpp"

int main(int argc, char* argv[]) {
    auto dir = kg::test::shared_dir();
    if (!std::filesystem::is_directory(dir)) {
        std::printf("SKIPPED: shared data directory %s is absent (set KG_SHARED to point at it)\n", dir.c_str());
        return 77;
    }
    return Catch::Session().run(argc, argv);
}
