#!/usr/bin/env bash
# Installs the dependencies, builds kg and runs the demo: the graph of the
# example article as JSON, DOT and SVG in out/, and one "how are they
# connected?" query.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$(nproc)"

mkdir -p out
./build/kg build examples/northwind.txt -o out/northwind.json
./build/kg export out/northwind.json --format dot --legend -o out/northwind.dot
dot -Tsvg out/northwind.dot -o out/northwind.svg
echo "wrote out/northwind.json, out/northwind.dot, out/northwind.svg"
./build/kg path out/northwind.json "Maya Okafor" "Alan Whitfield"
