#!/usr/bin/env bash
# clang-tidy with the checks of .clang-tidy (warnings are errors) on the files
# given, else on the files already clean under them (the list below; add a file
# once it is clean). Needs a configured build directory (default build/); it
# turns on its compile_commands.json.
#   scripts/tidy.sh [BUILD_DIR] [FILE...]
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
shift || true
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  files=(cli/src/query_options.cpp cli/src/cmd_export.cpp cli/src/help_examples.cpp
         export/src/formats.cpp export/src/html.cpp fuzz/replay_main.cpp)
fi
cmake -S . -B "$build" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
clang-tidy -p "$build" --quiet "${files[@]}"
echo "tidy: ${#files[@]} files clean"
