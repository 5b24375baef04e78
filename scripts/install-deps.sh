#!/usr/bin/env bash
# Installs the Debian packages kg needs to build, test and render. Idempotent:
# when every package is already installed it does nothing (no apt-get update).
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libboost-graph-dev rapidjson-dev libfmt-dev catch2 libcli11-dev
  libicu-dev libxxhash-dev iso-codes wordnet-base graphviz libbenchmark-dev
  libxml2-utils python3-networkx raptor2-utils chromium
  clang libclang-rt-14-dev
)

# Node.js and npm (for the viewer's JavaScript): Debian's packages only when
# the machine has no npm of its own (a Node.js from elsewhere ships its npm,
# and Debian's npm package would conflict with it).
if ! command -v npm >/dev/null 2>&1; then packages+=(nodejs npm); fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
else
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "install-deps: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The HTML viewer's JavaScript (Cytoscape.js, cytoscape-fcose and its layout-base
# and cose-base) from npm, at the versions of the committed lockfile, into
# export/viewer/node_modules (git-ignored; CMake inlines them into kg). Again
# only when the lockfile changed since the last install.
viewer="$(cd "$(dirname "$0")/.." && pwd)/export/viewer"
stamp="$viewer/node_modules/.kg-lock.sha256"
want="$(sha256sum "$viewer/package-lock.json" | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "install-deps: npm ci in export/viewer"
  (cd "$viewer" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  echo "$want" > "$stamp"
else
  echo "install-deps: viewer JavaScript present (export/viewer/node_modules)"
fi
