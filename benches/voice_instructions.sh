#!/usr/bin/env bash
# The instructions the voice stage executes on the twelve PDNC dev novels, counted by
# valgrind's callgrind in the `profiling` build: a measure of the stage's cost that
# does not swing with the machine's load, as its timings here do (by a third), so two
# builds can be compared by one run each. Instructions are not time (a cache miss
# costs more than an add), so a change it shows is then timed with benches/pdnc.sh.
#
#   benches/voice_instructions.sh          the twelve novels
#   benches/voice_instructions.sh FILE...  other texts
#
# Needs valgrind; skips with a message without it or without the corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v valgrind > /dev/null; then
    echo "skipping: valgrind is not installed (apt-get install valgrind)"
    exit 0
fi
if [ "$#" -eq 0 ]; then
    corpus="${VOICES_CORPORA:-../shared/corpora}/pdnc_dev"
    if [ ! -d "$corpus" ]; then
        echo "skipping: no PDNC dev novels under $corpus"
        exit 0
    fi
    set -- "$corpus"/*/novel_text.txt
fi
cargo build --quiet --profile profiling --bin voices
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
valgrind --tool=callgrind --callgrind-out-file=/dev/null \
    --toggle-collect='voices::voices::find_ranked*' \
    target/profiling/voices quotes --format csv --threads 1 "$@" > /dev/null 2> "$log"
bytes=$(cat "$@" | wc -c)
instructions=$(grep -o 'Collected : [0-9]*' "$log" | grep -o '[0-9]*$')
echo "voice stage: $instructions instructions for $bytes bytes ($((instructions / bytes)) per byte)"
