#!/bin/sh
# Reproduces the committed models data/models/{pos,chunk,ner,relations}.model from
# ../shared: the taggers are trained on CoNLL-2003 eng.train, with eng.testa
# (dev) for model selection; the test split is never used. They use the
# committed word clusters data/models/clusters.tsv (and the entity model the
# project's entity lexicon data/lexicons/entities.tsv as a gazetteer, besides
# the names of eng.train and iso-codes' countries); with --clusters these are
# first relearned from the unlabelled BBC articles plus the tokens of
# eng.train (the result depends on kg's tokenizer, so it changes when the
# tokenizer does). Deterministic: the same inputs and seeds give the same
# bytes. Takes about two minutes on one core.
#
#   scripts/train-models.sh [--clusters] [BUILD_DIR] [SHARED_DIR]
set -eu
relearn_clusters=no
if [ "${1:-}" = "--clusters" ]; then relearn_clusters=yes; shift; fi
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
shared=${2:-$here/../shared}
kg="$build/kg --data $here/data"
conll=$shared/data/conll2003
models=$here/data/models
mkdir -p "$models"

if [ $relearn_clusters = yes ]; then
    $kg -q train clusters --text "$shared/data/bbc" --conll "$conll/eng.train" -o "$models/clusters.tsv" \
        --sizes 64 256 1024 --iterations 8 --min-count 3
fi
$kg train pos --train "$conll/eng.train" --dev "$conll/eng.testa" -o "$models/pos.model" \
    --clusters "$models/clusters.tsv" --wordnet /usr/share/wordnet --epochs 20 --seed 1 --runs 3
$kg train chunk --train "$conll/eng.train" --dev "$conll/eng.testa" -o "$models/chunk.model" \
    --pos-model "$models/pos.model" --epochs 20 --seed 1
$kg train ner --train "$conll/eng.train" --dev "$conll/eng.testa" -o "$models/ner.model" \
    --clusters "$models/clusters.tsv" --lexicon "$here/data/lexicons/entities.tsv" --epochs 20 --seed 1
# The relation model (CoNLL04 entity tagger and pair classifier): trained on
# conll04_train.json, epochs and thresholds chosen on conll04_dev.json; the
# pair features use the part-of-speech model above.
$kg train relations --train "$shared/data/conll04/conll04_train.json" \
    --dev "$shared/data/conll04/conll04_dev.json" -o "$models/relations.model" \
    --pos-model "$models/pos.model" --clusters "$models/clusters.tsv" \
    --lexicon "$here/data/lexicons/entities.tsv" --epochs 30 --entity-epochs 20 --ensemble 5 --seed 1
