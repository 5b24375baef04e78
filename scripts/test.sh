#!/usr/bin/env bash
# Installs the dependencies, builds kg and runs the whole test suite.
#   scripts/test.sh              release build in build/
#   scripts/test.sh --sanitize   AddressSanitizer + UBSan build in build-asan/
#   KG_WERROR=ON scripts/test.sh  warnings are errors in the release build (CI sets it; not under
#                                 --sanitize, where GCC 12 warns falsely, e.g. -Wmaybe-uninitialized)
# Tests that need ../shared (third-party data) report themselves skipped when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."

build=build
flags=(-DCMAKE_BUILD_TYPE=Release -DKG_WERROR="${KG_WERROR:-OFF}")
if [ "${1:-}" = "--sanitize" ]; then
  build=build-asan
  flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DKG_SANITIZE=ON -DKG_BUILD_BENCH=OFF)
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
fi

bash scripts/install-deps.sh
cmake -S . -B "$build" "${flags[@]}"
cmake --build "$build" -j"$(nproc)"
ctest --test-dir "$build" --output-on-failure -j"$(nproc)"
