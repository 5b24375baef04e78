#!/bin/sh
# Reproduces the committed models data/models/{pos,chunk,ner,relations}.model and the
# dependency parser's data/models/{parser_pos,parser}.model from
# ../shared: the taggers are trained on CoNLL-2003 eng.train, with eng.testa
# (dev) for model selection; the test split is never used. They use the
# committed word clusters data/models/clusters.tsv (and the entity model the
# project's entity lexicon data/lexicons/entities.tsv as a gazetteer, besides
# the names of eng.train and iso-codes' countries); with --clusters these are
# first relearned from the unlabelled BBC articles plus the tokens of
# eng.train (the result depends on kg's tokenizer, so it changes when the
# tokenizer does). Deterministic: the same inputs and seeds give the same
# bytes. Takes about two minutes on one core, plus about 15 minutes for the parser
# (trained on UD English EWT train, dev for model selection; the test split is never used).
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
# The dependency parser (UD English EWT, CC BY-SA 4.0): its own part-of-speech
# model on EWT's XPOS column, and the parser trained on tags jackknifed over 10
# parts of EWT train (taggers trained like parser_pos.model, 8 epochs), with
# the committed word clusters; dev (tagged by parser_pos.model) selects the epoch.
ewt=$shared/data/ud-ewt
$kg train pos --train "$ewt/en_ewt-ud-train.conllu" --dev "$ewt/en_ewt-ud-dev.conllu" -o "$models/parser_pos.model" \
    --clusters "$models/clusters.tsv" --wordnet /usr/share/wordnet --epochs 12 --seed 1
$kg train parser --train "$ewt/en_ewt-ud-train.conllu" --dev "$ewt/en_ewt-ud-dev.conllu" -o "$models/parser.model" \
    --pos-model "$models/parser_pos.model" --clusters "$models/clusters.tsv" --jackknife 10 --pos-epochs 8 \
    --pos-clusters "$models/clusters.tsv" --epochs 15 --seed 1 --max-weights 2500000
