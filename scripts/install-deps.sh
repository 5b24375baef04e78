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

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
