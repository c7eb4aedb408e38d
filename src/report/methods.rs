//! The methods section of the report: how the voices are found and attributed, and
//! what each measure means, with its reference. The full formulas are in
//! `docs/measures.md`.

use super::Report;
use super::document::Table;

/// (measure, what it means, reference).
const MEASURES: &[(&str, &str, &str)] = &[
    (
        "words, sentences",
        "the voice's word tokens (UAX #29 words with a letter or digit) and its parts of sentences: an author's sentence that quotes Lenin is one sentence of each",
        "Unicode Standard Annex #29",
    ),
    (
        "sentence length",
        "words per sentence: mean, standard deviation, and the 10th, 25th, 50th, 75th and 90th percentiles (R's quantile type 7)",
        "Hyndman and Fan 1996",
    ),
    (
        "TTR and its corrections",
        "distinct words / words (TTR), with Guiraud's root TTR, Carroll's corrected TTR, Herdan's log TTR, Summer, Dugast and Maas: all fall with the length of the text",
        "as lexicalrichness 0.5.1",
    ),
    (
        "MTLD",
        "the mean length of the stretches of text over which the TTR stays above 0.72, read forwards and backwards: diversity nearly independent of length",
        "McCarthy and Jarvis 2010",
    ),
    (
        "HD-D",
        "the expected share of a word's types in a random draw of 42 words (hypergeometric)",
        "McCarthy and Jarvis 2007",
    ),
    (
        "MATTR, MSTTR",
        "TTR in a moving window of 100 words, and in successive segments of 100 words",
        "Covington and McFall 2010; Johnson 1944",
    ),
    (
        "Yule's K and I, Simpson's D, Herdan's Vm, Honoré's R, Sichel's S",
        "diversity from the frequency spectrum (how many words occur once, twice...)",
        "Tweedie and Baayen 1998",
    ),
    (
        "Flesch Reading Ease",
        "206.835 − 1.015 words per sentence − 84.6 syllables per word: higher is easier (60 to 70 is plain English)",
        "Flesch 1948; as textstat 0.7.13",
    ),
    (
        "Flesch-Kincaid grade, Gunning Fog, SMOG, Coleman-Liau, ARI, Dale-Chall",
        "the school grade a reader needs, from sentence length and word length, syllables or unfamiliar words",
        "Kincaid et al. 1975; Gunning 1952; McLaughlin 1969; Coleman and Liau 1975; Senter and Smith 1967; Chall and Dale 1995",
    ),
    (
        "rhetoric",
        "questions, exclamations, imperatives, anaphora, tricolon and antithesis per 100 sentences; pronouns (*I*, *we*, *you*, *they*), obligation, possibility, negation, absolutes, intensifiers, hedges and superlatives per 1,000 words, from the word lists in `data/stats/rhetoric.toml`",
        "voices' own lists",
    ),
    (
        "95% intervals",
        "both from 20 blocks of consecutive sentences, since neighbouring sentences are alike; sums, means, rates and readability: a block bootstrap (200 resamples of 20 blocks drawn with replacement, seeded); lexical diversity: a block jackknife (each block left out in turn), since a bootstrap repeats sentences and so lowers diversity; for the voices over the corpus, and for each document's voices under `--document-intervals`",
        "Efron and Tibshirani 1993; Carlstein 1986; Künsch 1989",
    ),
];

/// (method, what it does, reference).
const COMPARISON: &[(&str, &str, &str)] = &[
    (
        "most frequent words",
        "each unit's relative frequencies of the words most frequent over all the units, turned into z-scores",
        "Burrows 2002",
    ),
    (
        "Cosine Delta (default) and the Delta family",
        "the distance between two units' z-score profiles; Cosine Delta is the most reliable for authorship; Classic, Eder's, quadratic (Argamon) Delta and six other distances are available",
        "Burrows 2002; Smith and Aldridge 2011; Evert et al. 2017; as stylo",
    ),
    (
        "attribution",
        "a text of unknown author goes to the author whose centroid is nearest, and to the author of the nearest text; leave-one-out accuracy on the known texts says how far to trust it",
        "as stylo's classify()",
    ),
    (
        "clustering",
        "Ward's method on the distances (R's ward.D2), or average or complete linkage; a consensus tree keeps the groups found at more than half of the settings",
        "Ward 1963; Eder 2017",
    ),
    (
        "principal components",
        "the units on the axes of greatest variance of their profiles, and the words that load on each",
        "as R's prcomp",
    ),
    (
        "keyness",
        "Dunning's log-likelihood G² of each word in one unit against all the others (p < 0.0001), with Hardie's log ratio as the effect size",
        "Dunning 1993; Hardie 2014",
    ),
    (
        "Craig's Zeta",
        "words found in many slices of one group and few of the other",
        "Craig and Kinney 2009",
    ),
];

pub(super) fn write(report: &mut Report) {
    report.heading(2, "Methods");
    report.paragraph("**Finding the voices.** Quotations are found in their marks (curly, straight and angle quotes, nested to any depth) and as block quotations set off after a lead-in (`he wrote:`) or recognised by their evidence. Each quotation is a `mention` (scare quotes, titles, echoes: the author's words) or speech, and each speech goes through ordered sieves: the first that can decide names the speaker, as its `rule`, with a confidence and the words it relied on as its `evidence` (the *Quotations* table). Speakers are one person across a document (`Lenin`, `V. I. Lenin`), and `--speakers` joins them across documents. On the bundled text every speaker is checked by a test; on the Project Dialogism Novel Corpus explicit attributions score an F1 of 0.95.");
    report.paragraph("**Measures.** Every measure is computed on the voice's own words and sentences; below a measure's minimum (100 words for diversity and readability, 42 for HD-D, 30 sentences for SMOG, 2,500 words for a stylometric profile) it is left out and the voice's notes say why. Diversity and readability are checked against lexicalrichness and textstat by a test.");
    report.table(references(
        &["measure", "what it means", "reference"],
        MEASURES,
    ));
    report.paragraph("**Comparison.** Voices (or documents, or authors) are compared by stylometry, at each number of most frequent words (MFW) of the settings. Below 2,500 words a profile is noise and below 5,000 unreliable (Eder 2015): small voices are compared, but with a warning.");
    report.table(references(
        &["method", "what it does", "reference"],
        COMPARISON,
    ));
    report.paragraph("Formulas, minimums and every deliberate difference from the reference implementations are in `docs/measures.md`.");
}

/// A table of (name, meaning, reference) rows, the names in bold.
fn references(header: &[&str], rows: &[(&str, &str, &str)]) -> Table {
    let mut table = Table::new(header);
    for (name, meaning, reference) in rows {
        table.row(vec![
            format!("**{name}**"),
            meaning.to_string(),
            reference.to_string(),
        ]);
    }
    table
}
