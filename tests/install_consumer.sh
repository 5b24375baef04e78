#!/usr/bin/env bash
# The installed package, as a user gets it: cmake --install into a scratch
# prefix, examples/consumer built against it with find_package(kg CONFIG), and
# the installed kg run after the prefix has been moved, with KG_DATA unset and
# outside the source tree, so that only <prefix>/share/kg can give it its data.
#   tests/install_consumer.sh BUILD_DIR SOURCE_DIR WORK_DIR
set -euo pipefail
build=$1 src=$2 work=$3
unset KG_DATA
rm -rf "$work"
mkdir -p "$work"
fail() { echo "install_consumer: FAILED: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$work/prefix" >"$work/install.log"
for f in bin/kg share/kg/ontology.json share/kg/models/ner.model include/kg/graph/knowledge_graph.hpp \
         lib/cmake/kg/kgConfig.cmake lib/cmake/kg/kgTargets.cmake; do
  [ -e "$work/prefix/$f" ] || fail "not installed: $f"
done

# The consumer, built against the prefix only.
cmake -S "$src/examples/consumer" -B "$work/consumer" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$work/prefix" >"$work/consumer-configure.log" || { cat "$work/consumer-configure.log"; fail "configure"; }
cmake --build "$work/consumer" >"$work/consumer-build.log" 2>&1 || { cat "$work/consumer-build.log"; fail "build"; }
cp "$src/examples/northwind.txt" "$work/northwind.txt"
"$work/consumer/kg_consumer" "$work/northwind.txt" >"$work/consumer.out"
cat "$work/consumer.out"
grep -q '^1 documents, ' "$work/consumer.out" || fail "consumer: no document"
grep -q 'Northwind Robotics (Company)' "$work/consumer.out" || fail "consumer: no Northwind Robotics among the top entities"
grep -q -- '--CEO_OF--> Northwind Robotics' "$work/consumer.out" || fail "consumer: no CEO_OF fact"

# The installed kg, moved away from where it was installed: it finds share/kg beside itself.
mv "$work/prefix" "$work/moved"
if grep -aqF "$src/data" "$work/moved/bin/kg"; then fail "bin/kg holds the source data path $src/data"; fi
cd "$work"
./moved/bin/kg build northwind.txt -o g.json
./moved/bin/kg stats g.json --top 3
./moved/bin/kg path g.json "Maya Okafor" "Northwind Robotics" | grep -qE "(CEO|FOUNDER)_OF" || fail "kg path: Maya Okafor not linked to Northwind Robotics"
# The installed kg carries the viewer's JavaScript (compiled in, not read from the source tree);
# a kg built without it (npm never ran) says how to get it.
status=0; ./moved/bin/kg export g.json -o g.html 2>html.err || status=$?
if [ "$status" -eq 0 ]; then
  grep -q 'cytoscape' g.html || fail "kg export -o g.html: no Cytoscape.js in the page"
  grep -q 'Northwind Robotics' g.html || fail "kg export -o g.html: the graph is not in the page"
else
  grep -q 'install-deps' html.err || fail "kg export -o g.html: status $status, $(cat html.err)"
  echo "install_consumer: this build has no viewer JavaScript (scripts/install-deps.sh runs npm ci)"
fi
# The consumer reads the graph the installed kg wrote (its compiled-in prefix is gone: --data).
"$work/consumer/kg_consumer" --data "$work/moved/share/kg" g.json --dot g.dot >consumer-graph.out
grep -q -- '--CEO_OF--> Northwind Robotics' consumer-graph.out || fail "consumer on g.json: no CEO_OF fact"
grep -q '^digraph' g.dot || fail "consumer: no DOT written"
# A kg with no data beside it says so (exit 2) instead of reaching for a compiled-in path.
mkdir -p lonely && cp moved/bin/kg lonely/kg
status=0; ./lonely/kg build northwind.txt -o lonely.json 2>lonely.err || status=$?
[ "$status" -eq 2 ] && grep -q 'no data directory' lonely.err || fail "kg without data: status $status, $(cat lonely.err)"
echo "install_consumer: ok"
