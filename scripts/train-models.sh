#!/bin/sh
# Reproduces the committed tagger models data/models/{pos,chunk,ner}.model and
# the word clusters data/models/clusters.tsv from ../shared: the clusters from
# the unlabelled BBC articles plus the tokens of CoNLL-2003 eng.train; the
# taggers from eng.train, with eng.testa (dev) for model selection. The test
# split is never used. Deterministic: the same data and seeds give the same
# bytes. Takes about a minute on one core.
#
#   scripts/train-models.sh [BUILD_DIR] [SHARED_DIR]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
shared=${2:-$here/../shared}
kg="$build/kg --data $here/data"
conll=$shared/data/conll2003
models=$here/data/models
mkdir -p "$models"

$kg -q train clusters --text "$shared/data/bbc" --conll "$conll/eng.train" -o "$models/clusters.tsv" \
    --sizes 64 256 1024 --iterations 8 --min-count 3
$kg train pos --train "$conll/eng.train" --dev "$conll/eng.testa" -o "$models/pos.model" \
    --clusters "$models/clusters.tsv" --epochs 20 --seed 1
$kg train chunk --train "$conll/eng.train" --dev "$conll/eng.testa" -o "$models/chunk.model" \
    --pos-model "$models/pos.model" --clusters "$models/clusters.tsv" --epochs 20 --seed 1
$kg train ner --train "$conll/eng.train" --dev "$conll/eng.testa" -o "$models/ner.model" \
    --clusters "$models/clusters.tsv" --epochs 20 --seed 1
