#!/usr/bin/env bash
# Whole-CLI throughput: `voices report` (with and without the statistics' intervals),
# `voices stats`, `voices compare` and `voices quotes` on the British novels of the
# shared corpora, repeated to at least 100 MB. Prints MB/s and peak memory (GNU
# time's maximum RSS) of each, and how many times slower it is than `wc -w` on the
# same files in the same run; and the size of the report's `data/` against the
# input's; and the same report made in two shards (`voices analyse --shard K/2`,
# then `voices report --from`).
# VOICES_BIN=PATH times another build (say, the code before a change) instead of
# building this one.
#
#   benches/throughput.sh [TARGET_MB] [THREADS]
#
# Needs ../shared/corpora (or VOICES_CORPORA) and GNU time (/usr/bin/time, Debian's
# `time` package). Builds the release binary first.
set -euo pipefail
cd "$(dirname "$0")/.."

target_mb=${1:-100}
threads=${2:-}
corpora=${VOICES_CORPORA:-../shared/corpora}
archive="$corpora/british_fiction/corpus.tar.xz"
if [ ! -f "$archive" ]; then
    echo "skipped: $archive not found (set VOICES_CORPORA)" >&2
    exit 0
fi
if [ ! -x /usr/bin/time ]; then
    echo "needs GNU time: apt-get install time" >&2
    exit 1
fi

bin=${VOICES_BIN:-target/release/voices}
[ -n "${VOICES_BIN:-}" ] || cargo build --release --quiet

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -xJf "$archive" -C "$work"
corpus="$work/input"
mkdir -p "$corpus"
copy=0
while [ "$(du -sm "$corpus" | cut -f1)" -lt "$target_mb" ]; do
    mkdir -p "$corpus/copy_$copy"
    cp "$work"/corpus/*.txt "$corpus/copy_$copy/"
    copy=$((copy + 1))
done
bytes=$(find "$corpus" -name '*.txt' -printf '%s\n' | awk '{ s += $1 } END { print s }')
files=$(find "$corpus" -name '*.txt' | wc -l)

# The floor: `wc -w` reads the same files (words counted, nothing else).
/usr/bin/time -f '%e' -o "$work/wc_time" sh -c "find '$corpus' -name '*.txt' -print0 | xargs -0 cat | wc -w" >/dev/null
wc_seconds=$(cat "$work/wc_time")
awk -v bytes="$bytes" -v s="$wc_seconds" 'BEGIN {
    printf "wc -w: %.1f MB in %.2f s = %.1f MB/s\n", bytes / 1e6, s, bytes / 1e6 / s
}'

# One run of the CLI: prints its throughput and peak memory.
run() {
    local label=$1
    shift
    local args=("$@")
    [ -n "$threads" ] && args+=(--threads "$threads")
    /usr/bin/time -f '%e %M' -o "$work/time" "$bin" "${args[@]}" >/dev/null 2>"$work/stderr" || {
        cat "$work/stderr" >&2
        exit 1
    }
    read -r seconds peak_kb < "$work/time"
    awk -v label="$label" -v bytes="$bytes" -v s="$seconds" -v kb="$peak_kb" -v files="$files" -v cores="$(nproc)" -v wc="$wc_seconds" 'BEGIN {
        printf "%s: %d files, %.1f MB in %.2f s = %.1f MB/s on %d cores (%.0f times wc -w); peak memory %.0f MB\n",
            label, files, bytes / 1e6, s, bytes / 1e6 / s, cores, s / wc, kb / 1024
    }'
}

run "voices report" report "$corpus" -o "$work/out"
exported=$(du -sb "$work/out/data" | cut -f1)
awk -v exported="$exported" -v bytes="$bytes" 'BEGIN {
    printf "voices report data/: %.1f MB, %.2f times the input\n", exported / 1e6, exported / bytes
}'
# The same report in two shards, one after the other here (on a cluster they run
# side by side, each on its own machine), then the report of the dataset.
for shard in 0 1; do
    /usr/bin/time -f '%e %M' -o "$work/time" "$bin" analyse "$corpus" -o "$work/dataset" \
        --shard "$shard/2" ${threads:+--threads "$threads"} 2>"$work/stderr" || {
        cat "$work/stderr" >&2
        exit 1
    }
    read -r seconds peak_kb < "$work/time"
    awk -v shard="$shard" -v s="$seconds" -v kb="$peak_kb" 'BEGIN {
        printf "voices analyse --shard %d/2 (half the input): %.2f s; peak memory %.0f MB\n", shard, s, kb / 1024
    }'
done
run "voices report --from (2 shards)" report --from "$work/dataset" -o "$work/from"
dataset=$(du -sb "$work/dataset" | cut -f1)
awk -v dataset="$dataset" -v bytes="$bytes" 'BEGIN {
    printf "dataset of the shards: %.1f MB, %.2f times the input\n", dataset / 1e6, dataset / bytes
}'
rm -rf "$work/dataset" "$work/from"
run "voices report --resamples 0" report "$corpus" -o "$work/out0" --resamples 0
run "voices stats" stats "$corpus" --format csv
# Every pair of units at every MFW setting: millions of rows on a corpus.
run "voices compare" compare "$corpus" --format csv
# The analysis alone (reading, cleaning, segmenting, the voice stage): the most a
# report could run at if everything after it cost nothing.
run "voices quotes (the analysis alone)" quotes "$corpus" --format csv
