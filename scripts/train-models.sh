#!/bin/sh
# Reproduces the committed tagger models data/models/{pos,chunk,ner}.model
# from the CoNLL-2003 English data in ../shared (train: eng.train, model
# selection: eng.testa; the test split is never used). Deterministic: the same
# data and seed give the same bytes. Takes about a minute on one core.
#
#   scripts/train-models.sh [BUILD_DIR] [SHARED_DIR]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
shared=${2:-$here/../shared}
kg=$build/kg
conll=$shared/data/conll2003
models=$here/data/models
mkdir -p "$models"

"$kg" train pos --train "$conll/eng.train" --dev "$conll/eng.testa" -o "$models/pos.model" --epochs 20 --seed 1
"$kg" --data "$here/data" train chunk --train "$conll/eng.train" --dev "$conll/eng.testa" -o "$models/chunk.model" \
    --pos-model "$models/pos.model" --epochs 20 --seed 1
"$kg" train ner --train "$conll/eng.train" --dev "$conll/eng.testa" -o "$models/ner.model" --epochs 20 --seed 1
