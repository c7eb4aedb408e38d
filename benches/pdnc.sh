#!/usr/bin/env bash
# The PDNC evaluation of quotation detection and attribution (benches/pdnc.rs):
# precision, recall and F1 of detection, and speaker accuracy by quotation type, on
# the annotated novels of ../shared/corpora/pdnc_dev (or $VOICES_CORPORA/pdnc_dev),
# plus the speed of the voice stage. Skips with a message when the corpus is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench --quiet --bench pdnc
