#!/usr/bin/env bash
# Fuzzes the per-document pipeline of voices (ingest, clean, segment, voices,
# statistics: voices::pipeline::exercise) with AFL++ through cargo afl, which runs
# on stable Rust, for MINUTES minutes (default 1), then prints what it did.
#
#   fuzz/run.sh [MINUTES]        FUZZ_OUT=DIR keeps the findings (default
#                                fuzz/target/fuzz-out)
#
# Seeds, made afresh in a temporary directory (nothing is copied into the
# repository): tests/data/adversarial, the bundled seed text cut into 4 KiB pieces
# and the same pieces in Windows-1252, Windows-1251 and UTF-16, the quotation cases
# of tests/data, and, where ../shared is present, the first 4 KiB of each shared text.
#
# Exits 1 when AFL++ saved a crash, listing the inputs: copy each into
# tests/data/adversarial/ as crash-<what>.bin, so that the tests keep it fixed.
set -euo pipefail
cd "$(dirname "$0")"
minutes=${1:-1}

if ! command -v cargo-afl >/dev/null; then
    cargo install --locked cargo-afl@0.18.2
fi
# Installing builds AFL++ too; should that have failed, build it now (when it is
# built already, this says so and changes nothing).
cargo afl config --build >/dev/null 2>&1 || true
cargo afl build --release --bin pipeline

seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT
python3 - "$seeds" <<'PYTHON'
import pathlib, sys
seeds = pathlib.Path(sys.argv[1])
root = pathlib.Path("..")
for path in sorted((root / "tests/data/adversarial").iterdir()):
    if path.name != "README.md":
        (seeds / path.name).write_bytes(path.read_bytes()[:16384])
text = (root / "data/corpus/inside-the-stalin-archives-introduction.txt").read_text()
pieces = [text[start:start + 4096] for start in range(0, len(text), 4096)]
for index, piece in enumerate(pieces):
    (seeds / f"seed-{index}.txt").write_bytes(piece.encode())
    (seeds / f"seed-{index}-1252.txt").write_bytes(piece.encode("cp1252", "replace"))
    (seeds / f"seed-{index}-utf16.txt").write_bytes(b"\xff\xfe" + piece.encode("utf-16-le"))
(seeds / "russian-1251.txt").write_bytes(
    "«Жить стало лучше», сказал Сталин. Молотов ответил: «Да».\n\n".encode("cp1251") * 20)
(seeds / "quote-cases.txt").write_bytes((root / "tests/data/quote-cases.toml").read_bytes()[:8192])
shared = root / "../shared/corpora"
if shared.is_dir():
    for path in sorted(shared.rglob("*.txt"))[:40]:
        (seeds / f"shared-{len(list(seeds.iterdir()))}.txt").write_bytes(path.read_bytes()[:4096])
PYTHON
echo "$(find "$seeds" -type f | wc -l) seeds"

out=${FUZZ_OUT:-target/fuzz-out}
rm -rf "$out"
mkdir -p "$(dirname "$out")"
# No core-dump handler or CPU governor to set in a container; AFL++ would refuse.
AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 \
    AFL_NO_AFFINITY=1 AFL_SKIP_CRASHES=1 \
    cargo afl fuzz -i "$seeds" -o "$out" -V $((minutes * 60)) -t 10000 \
    target/release/pipeline >"$out.log" 2>&1 || {
        tail -20 "$out.log"
        echo "afl-fuzz failed (log: fuzz/$out.log)"
        exit 2
    }

stats=$out/default/fuzzer_stats
grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|edges_found|total_edges|bitmap_cvg|saved_crashes|saved_hangs) ' "$stats"
crashes=$(find "$out/default/crashes" -type f ! -name README.txt)
if [ -n "$crashes" ]; then
    echo "crashes (copy each into tests/data/adversarial/ as crash-<what>.bin):"
    echo "$crashes"
    exit 1
fi
echo "no crash in $minutes minute(s)"
