#!/usr/bin/env bash
# Calibrates `confidence` (src/voices/calibration.rs): runs the PDNC evaluation
# (benches/pdnc.rs) on the dev novels of ../shared/corpora/pdnc_dev and writes how
# many attributions each rule made in each situation and how many were right to
# data/voices/calibration.tsv. Run it again after any change to the sieves, then
# run benches/pdnc.sh to see the bands with the new calibration.
set -euo pipefail
cd "$(dirname "$0")/.."
PDNC_CALIBRATION="$PWD/data/voices/calibration.tsv" cargo bench --quiet --bench pdnc
