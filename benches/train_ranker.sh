#!/usr/bin/env bash
# Trains the turn ranker (src/voices/ranker.rs): runs the PDNC evaluation
# (benches/pdnc.rs) on the dev novels of ../shared/corpora/pdnc_dev, trains the
# ranker on the turns it decides (three rounds, each on the decisions of the round
# before) and writes its weights to data/voices/ranker.tsv. Then recalibrates
# confidence (benches/calibrate.sh), since the ranker's decisions changed.
set -euo pipefail
cd "$(dirname "$0")/.."
PDNC_TRAIN_RANKER="$PWD/data/voices/ranker.tsv" cargo bench --quiet --bench pdnc | grep -E "^(training|ranker)"
benches/calibrate.sh
