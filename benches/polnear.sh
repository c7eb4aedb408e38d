#!/usr/bin/env bash
# The news evaluation of quotation attribution (benches/polnear.rs): the share of the
# direct quotations (6+ words) of PolNeAR's 840 training articles in
# ../shared/corpora/polnear_train (or $VOICES_CORPORA/polnear_train) that are found
# and whose source is named right. Skips with a message when the corpus is absent.
#
#   POLNEAR_MISTAKES=FILE benches/polnear.sh     also writes every wrong source
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench --quiet --bench polnear
