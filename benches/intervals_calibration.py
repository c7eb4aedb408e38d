"""Are the intervals as wide as the text's own variation? A split-half check.

Usage: python3 benches/intervals_calibration.py REPORT_DIR [REPORT_DIR...]

Each REPORT_DIR is the output of `voices report INPUT -o REPORT_DIR --document-intervals`
(so that each document's voices have intervals). For every voice of a document with at
least 400 sentences, it measures Yule's K and MATTR (jackknife intervals) on the first
and the second half of the voice's words, and the mean sentence length (a bootstrap
interval) on the first and the second half of its sentences, and compares each
difference with the voice's 95% interval. (A voice's sentence here is its words in one
row of the sentences table, near enough to the statistics' own count.)

The measures hardly depend on the text's length, so each half estimates the same value
with about twice the variance of the whole: the difference of the halves has a standard
error of about twice the whole voice's. With the jackknife's standard error (the
interval's half-width over 1.96), |difference| / (2 · standard error) exceeds 1.96 for
about 5% of the voices when the intervals are as wide as they should be; many more means
they are too narrow. The halves are contiguous, like the stretches of text one would
compare, so this asks whether an interval allows for the way neighbouring sentences
share their words.

Needs polars (`pip install polars`).
"""

import sys
from collections import Counter

import polars as pl

MIN_SENTENCES = 400
WINDOW = 100


def yules_k(words):
    counts = Counter(words)
    n = len(words)
    return 1e4 * (sum(c * c for c in counts.values()) - n) / (n * n)


def mattr(words, size=WINDOW):
    window = Counter(words[:size])
    total = len(window)
    for i in range(size, len(words)):
        window[words[i]] += 1
        leaving = words[i - size]
        window[leaving] -= 1
        if window[leaving] == 0:
            del window[leaving]
        total += len(window)
    return total / size / (len(words) - size + 1)


def calibration(report):
    stats = pl.read_parquet(f"{report}/data/voice_stats.parquet").filter(
        pl.col("doc_id").is_not_null() & (pl.col("sentences") >= MIN_SENTENCES)
    )
    if stats.height == 0 or stats["yules_k_lo"].null_count() == stats.height:
        sys.exit(f"{report}: no document voice of {MIN_SENTENCES} sentences with intervals "
                 "(was the report run with --document-intervals?)")
    words = (
        pl.scan_parquet(f"{report}/data/tokens.parquet")
        .filter(pl.col("is_word"))
        .join(stats.lazy().select("doc_id", "voice"), on=["doc_id", "voice"])
        .sort("doc_id", "token_id")
        .group_by("doc_id", "voice", maintain_order=True)
        .agg("norm", pl.col("sent_id").unique_counts().alias("sentence_lengths"))
        .collect()
    )
    words = words.join(stats, on=["doc_id", "voice"])
    outside = {"yules_k": 0, "mattr": 0, "mean_sentence_length": 0}
    for row in words.iter_rows(named=True):
        text, lengths = row["norm"], row["sentence_lengths"]
        halves = {
            "yules_k": (yules_k, text),
            "mattr": (mattr, text),
            "mean_sentence_length": (lambda part: sum(part) / len(part), lengths),
        }
        for name, (measure, sequence) in halves.items():
            half = len(sequence) // 2
            difference = measure(sequence[:half]) - measure(sequence[half:])
            standard_error = (row[f"{name}_hi"] - row[f"{name}_lo"]) / (2 * 1.96)
            if abs(difference) > 1.96 * 2 * standard_error:
                outside[name] += 1
    return words.height, outside


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for report in sys.argv[1:]:
        voices, outside = calibration(report)
        shares = ", ".join(f"{name} {count / voices:.0%}" for name, count in outside.items())
        print(f"{report}: {voices} voices of {MIN_SENTENCES}+ sentences; halves further apart "
              f"than the interval allows (5% expected): {shares}")


if __name__ == "__main__":
    main()
