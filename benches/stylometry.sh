#!/usr/bin/env bash
# Stylometry on the shared corpora (benches/stylometry.rs): the Federalist Papers'
# 12 disputed papers at every MFW setting from 100 to 1,000 with every distance, the
# leave-one-out accuracy on the undisputed papers, and the British novels'
# leave-one-out accuracy and adjusted Rand index. Skips with a message when
# ../shared/corpora (or $VOICES_CORPORA) is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench --quiet --bench stylometry
