#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, AddressSanitizer) in build-fuzz/
# and runs each on its committed seed corpus for a bounded time.
#   scripts/fuzz.sh            30 seconds per target
#   scripts/fuzz.sh 300        5 minutes per target
#   FUZZ_TARGETS="fuzz_jsonl" scripts/fuzz.sh
# New inputs found go to build-fuzz/corpus/<target>/ (the committed seeds in
# fuzz/corpus/ are not modified); a crash leaves crash-* files in build-fuzz/
# and makes the script fail.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
targets="${FUZZ_TARGETS:-fuzz_pipeline fuzz_graph_json fuzz_jsonl fuzz_data_files}"

bash scripts/install-deps.sh
cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKG_FUZZ=ON \
  -DKG_BUILD_TESTS=OFF -DKG_BUILD_BENCH=OFF
cmake --build build-fuzz -j"$(nproc)" --target $targets

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
for t in $targets; do
  mkdir -p "build-fuzz/corpus/$t"
  echo "== $t: ${seconds}s"
  (cd build-fuzz && "./fuzz/$t" -max_total_time="$seconds" -max_len=65536 -timeout=30 -rss_limit_mb=4096 \
     -print_final_stats=1 "corpus/$t" "../fuzz/corpus/$t")
done
