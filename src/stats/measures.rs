//! The measures of `voice_stats`, in column order: each one named, with what it rests
//! on (the least text it needs to mean anything) and which interval it gets (the
//! bootstrap's or the jackknife's). Adding a measure is adding a line to [`MEASURES`]. Formulas and sources
//! are in `docs/measures.md`.

use std::collections::BTreeMap;

use super::lexical::{Counter, Diversity, Spectrum};
use super::readability::TextCounts;
use super::sample::{Count, Sentences, Tally, VoiceText};

/// The least text a measure needs; below it the measure is null and the voice's
/// `warnings` say why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Needs {
    pub words: u32,
    pub sentences: u32,
    /// What the warning calls the measures that need this much.
    pub label: &'static str,
}

impl Needs {
    pub fn met(&self, words: u64, sentences: u32) -> bool {
        words >= u64::from(self.words) && sentences >= self.sentences
    }

    /// `100 words`, `3 sentences`, `100 words and 3 sentences`.
    pub fn describe(&self) -> String {
        let words = (self.words > 0).then(|| plural(self.words, "word"));
        let sentences = (self.sentences > 0).then(|| plural(self.sentences, "sentence"));
        match (words, sentences) {
            (Some(words), Some(sentences)) => format!("{words} and {sentences}"),
            (Some(one), None) | (None, Some(one)) => one,
            (None, None) => "nothing".to_string(),
        }
    }
}

const fn needs(words: u32, sentences: u32, label: &'static str) -> Needs {
    Needs {
        words,
        sentences,
        label,
    }
}

const ANY: Needs = needs(0, 0, "counts");
const SOME: Needs = needs(1, 1, "sizes");
const TWO_SENTENCES: Needs = needs(0, 2, "the spread of sentence lengths");
/// Every measure of the TTR family falls with the length of the text: below about a
/// hundred words it measures the length more than the voice. MATTR's window and
/// MTLD's minimum (McCarthy and Jarvis 2010) are a hundred words too.
const DIVERSITY: Needs = needs(100, 0, "lexical diversity");
/// HD-D draws 42 words (McCarthy and Jarvis 2007).
const HDD: Needs = needs(42, 0, "HD-D");
/// The readability formulas were fitted on passages of a hundred words or more
/// (Flesch 1948), and a sentence average needs a few sentences.
const READABILITY: Needs = needs(100, 3, "readability");
/// SMOG counts the polysyllables of 30 sentences (McLaughlin 1969).
const SMOG: Needs = needs(100, 30, "SMOG");
/// A rate per 1,000 words from fewer than a hundred is a count times ten.
const WORD_RATES: Needs = needs(100, 0, "rates per 1,000 words");
const SENTENCE_RATES: Needs = needs(0, 10, "rates per 100 sentences");

/// How a measure's 95% interval is found ([`super::intervals`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Interval {
    /// None: a count (resampling sentences changes it by construction).
    Not,
    /// Resampling blocks of consecutive sentences with replacement: for measures
    /// that add up over sentences (means, shares, rates, readability).
    Bootstrap,
    /// Leaving out one block of consecutive sentences at a time: for lexical diversity, which a
    /// resample with repeated sentences would bias (repeated sentences repeat words).
    Jackknife,
}

/// One column of `voice_stats`.
pub struct Measure {
    pub name: &'static str,
    pub interval: Interval,
    pub needs: Needs,
    /// A count, stored as a whole number.
    pub is_count: bool,
    value: fn(&Basis) -> Option<f64>,
}

impl Measure {
    pub fn has_interval(&self) -> bool {
        self.interval != Interval::Not
    }
}

const fn count(name: &'static str, value: fn(&Basis) -> Option<f64>) -> Measure {
    Measure {
        name,
        interval: Interval::Not,
        needs: ANY,
        is_count: true,
        value,
    }
}

const fn real(name: &'static str, needs: Needs, value: fn(&Basis) -> Option<f64>) -> Measure {
    Measure {
        name,
        interval: Interval::Bootstrap,
        needs,
        is_count: false,
        value,
    }
}

/// A measure of the shape of a distribution (a quantile): no interval, since a
/// bootstrap of quantiles of small integer lengths is mostly ties.
const fn shape(name: &'static str, value: fn(&Basis) -> Option<f64>) -> Measure {
    Measure {
        name,
        interval: Interval::Not,
        needs: SOME,
        is_count: false,
        value,
    }
}

/// A lexical diversity measure: its interval comes from the jackknife.
const fn diversity(name: &'static str, needs: Needs, value: fn(&Basis) -> Option<f64>) -> Measure {
    Measure {
        name,
        interval: Interval::Jackknife,
        needs,
        is_count: false,
        value,
    }
}

/// The rate of the word category `CATEGORIES[$index]`, named
/// `<category>_per_1k_words` (a test checks the names against the list).
macro_rules! category_rate {
    ($index:expr, $name:expr) => {
        real($name, WORD_RATES, |b| {
            b.per_1k_words(b.tally.category($index))
        })
    };
}

/// Every measure, in column order.
pub static MEASURES: &[Measure] = &[
    // Size.
    count("words", |b| Some(b.tally[Count::Words] as f64)),
    count("types", |b| Some(b.spectrum.types() as f64)),
    count("sentences", |b| Some(b.sentences as f64)),
    count("characters", |b| Some(b.tally[Count::Characters] as f64)),
    count("letters", |b| Some(b.tally[Count::Letters] as f64)),
    count("words_and_punctuation", |b| {
        Some(b.tally[Count::WordsAndPunctuation] as f64)
    }),
    count("syllables", |b| Some(b.tally[Count::Syllables] as f64)),
    count("polysyllables", |b| {
        Some(b.tally[Count::Polysyllables] as f64)
    }),
    count("complex_words", |b| {
        Some(b.tally[Count::ComplexWords] as f64)
    }),
    count("unfamiliar_words", |b| {
        Some(b.tally[Count::UnfamiliarWords] as f64)
    }),
    real("mean_sentence_length", SOME, |b| b.sentence_length.mean),
    real("sd_sentence_length", TWO_SENTENCES, |b| {
        b.sentence_length.sd
    }),
    // The distribution of sentence lengths (R's quantile type 7, numpy's default):
    // what the sentence-length chart draws.
    shape("sentence_length_p10", |b| b.sentence_length.quantile(0.10)),
    shape("sentence_length_p25", |b| b.sentence_length.quantile(0.25)),
    shape("median_sentence_length", |b| {
        b.sentence_length.quantile(0.5)
    }),
    shape("sentence_length_p75", |b| b.sentence_length.quantile(0.75)),
    shape("sentence_length_p90", |b| b.sentence_length.quantile(0.90)),
    shape("max_sentence_length", |b| b.sentence_length.quantile(1.0)),
    real("mean_word_length", SOME, |b| b.share(Count::Letters)),
    real("long_word_share", SOME, |b| b.share(Count::LongWords)),
    // Lexical diversity.
    diversity("ttr", DIVERSITY, |b| Some(b.spectrum.ttr())),
    diversity("root_ttr", DIVERSITY, |b| Some(b.spectrum.root_ttr())),
    diversity("corrected_ttr", DIVERSITY, |b| {
        Some(b.spectrum.corrected_ttr())
    }),
    diversity("log_ttr", DIVERSITY, |b| Some(b.spectrum.log_ttr())),
    diversity("summer", DIVERSITY, |b| Some(b.spectrum.summer())),
    diversity("dugast", DIVERSITY, |b| Some(b.spectrum.dugast())),
    diversity("maas", DIVERSITY, |b| Some(b.spectrum.maas())),
    diversity("msttr", DIVERSITY, |b| b.msttr),
    diversity("mattr", DIVERSITY, |b| b.mattr),
    diversity("mtld", DIVERSITY, |b| b.mtld),
    diversity("hdd", HDD, |b| b.spectrum.hdd(42)),
    diversity("yules_k", DIVERSITY, |b| Some(b.spectrum.yules_k())),
    diversity("yules_i", DIVERSITY, |b| finite(b.spectrum.yules_i())),
    diversity("herdans_vm", DIVERSITY, |b| Some(b.spectrum.herdans_vm())),
    diversity("simpsons_d", DIVERSITY, |b| Some(b.spectrum.simpsons_d())),
    diversity("honores_r", DIVERSITY, |b| finite(b.spectrum.honores_r())),
    diversity("sichels_s", DIVERSITY, |b| Some(b.spectrum.sichels_s())),
    diversity("hapax_ratio", DIVERSITY, |b| Some(b.spectrum.hapax_ratio())),
    diversity("dislegomena_ratio", DIVERSITY, |b| {
        Some(b.spectrum.dislegomena_ratio())
    }),
    real("lexical_density", WORD_RATES, |b| {
        b.share(Count::ContentWords)
    }),
    // Readability.
    real("flesch_reading_ease", READABILITY, |b| {
        b.readability.flesch_reading_ease()
    }),
    real("flesch_kincaid_grade", READABILITY, |b| {
        b.readability.flesch_kincaid_grade()
    }),
    real("gunning_fog", READABILITY, |b| b.readability.gunning_fog()),
    real("smog", SMOG, |b| b.readability.smog()),
    real("coleman_liau", READABILITY, |b| {
        b.readability.coleman_liau()
    }),
    real("automated_readability_index", READABILITY, |b| {
        b.readability.automated_readability_index()
    }),
    real("dale_chall", READABILITY, |b| b.readability.dale_chall()),
    // Rhetoric: sentences.
    real("questions_per_100_sentences", SENTENCE_RATES, |b| {
        b.per_100_sentences(Count::Questions)
    }),
    real("exclamations_per_100_sentences", SENTENCE_RATES, |b| {
        b.per_100_sentences(Count::Exclamations)
    }),
    real("imperatives_per_100_sentences", SENTENCE_RATES, |b| {
        b.per_100_sentences(Count::Imperatives)
    }),
    real("anaphora_per_100_sentences", SENTENCE_RATES, |b| {
        b.per_100_sentences(Count::Anaphora)
    }),
    real("tricolon_per_100_sentences", SENTENCE_RATES, |b| {
        b.per_100_sentences(Count::Tricolon)
    }),
    real("antithesis_per_100_sentences", SENTENCE_RATES, |b| {
        b.per_100_sentences(Count::Antithesis)
    }),
    // Rhetoric: words, in the order of CATEGORIES.
    category_rate!(0, "first_person_singular_per_1k_words"),
    category_rate!(1, "first_person_plural_per_1k_words"),
    category_rate!(2, "second_person_per_1k_words"),
    category_rate!(3, "third_person_plural_per_1k_words"),
    category_rate!(4, "obligation_per_1k_words"),
    category_rate!(5, "possibility_per_1k_words"),
    category_rate!(6, "negations_per_1k_words"),
    category_rate!(7, "absolutes_per_1k_words"),
    category_rate!(8, "intensifiers_per_1k_words"),
    category_rate!(9, "hedges_per_1k_words"),
    category_rate!(10, "superlatives_per_1k_words"),
    real("ellipses_per_1k_words", WORD_RATES, |b| {
        b.per_1k_words(b.tally[Count::Ellipses])
    }),
    real("dashes_per_1k_words", WORD_RATES, |b| {
        b.per_1k_words(b.tally[Count::Dashes])
    }),
    real("brackets_per_1k_words", WORD_RATES, |b| {
        b.per_1k_words(b.tally[Count::Brackets])
    }),
    real("quoted_share", WORD_RATES, |b| b.share(Count::QuotedWords)),
];

/// The index of the measure called `name`.
pub fn position(name: &str) -> Option<usize> {
    MEASURES.iter().position(|measure| measure.name == name)
}

fn finite(value: f64) -> Option<f64> {
    value.is_finite().then_some(value)
}

/// Mean and sample standard deviation of the sentence lengths in words, and how
/// many sentences have each length (for the quantiles; empty where they are not
/// wanted: the replicates need none).
#[derive(Clone, Debug, Default)]
struct SentenceLength {
    mean: Option<f64>,
    sd: Option<f64>,
    /// Sentences by length in words.
    histogram: BTreeMap<u64, u64>,
}

impl SentenceLength {
    /// The `q` quantile of the lengths, as [`super::intervals::percentile`] gives
    /// it over the sorted lengths.
    fn quantile(&self, q: f64) -> Option<f64> {
        let count: u64 = self.histogram.values().sum();
        let nth = |n: usize| {
            let mut seen = 0;
            let (&length, _) = self
                .histogram
                .iter()
                .find(|&(_, &sentences)| {
                    seen += sentences;
                    n < seen as usize
                })
                .expect("n is below the number of sentences");
            length as f64
        };
        (count > 0).then(|| super::intervals::percentile_of(count as usize, nth, q))
    }
}

/// Everything the measures are computed from, for one sample of sentences.
pub struct Basis {
    tally: Tally,
    sentences: usize,
    spectrum: Spectrum,
    readability: TextCounts,
    sentence_length: SentenceLength,
    mattr: Option<f64>,
    mtld: Option<f64>,
    msttr: Option<f64>,
}

impl Basis {
    fn share(&self, count: Count) -> Option<f64> {
        let words = self.tally[Count::Words];
        (words > 0).then(|| self.tally[count] as f64 / words as f64)
    }

    fn per_1k_words(&self, count: u64) -> Option<f64> {
        let words = self.tally[Count::Words];
        (words > 0).then(|| 1000.0 * count as f64 / words as f64)
    }

    fn per_100_sentences(&self, count: Count) -> Option<f64> {
        (self.sentences > 0).then(|| 100.0 * self.tally[count] as f64 / self.sentences as f64)
    }
}

/// What a sample adds up over its sentences (a bootstrap resample takes some more
/// than once).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SentenceSums {
    tally: Tally,
    sentences: usize,
    sum_of_lengths: f64,
    sum_of_squares: f64,
}

impl SentenceSums {
    /// Takes sentence `index` of `part`; returns its length in words.
    #[inline]
    pub fn add(&mut self, part: &VoiceText, index: usize) -> u64 {
        let length = part.add_sentence(index, &mut self.tally);
        let words = length as f64;
        self.sentences += 1;
        self.sum_of_lengths += words;
        self.sum_of_squares += words * words;
        length
    }

    /// Adds what `other`'s sentences add up to (a bootstrap resample takes whole
    /// blocks).
    pub fn merge(&mut self, other: &SentenceSums) {
        self.tally.merge(&other.tally);
        self.sentences += other.sentences;
        self.sum_of_lengths += other.sum_of_lengths;
        self.sum_of_squares += other.sum_of_squares;
    }

    /// The sums of a sample of `words` words in `sentences` sentences that counts
    /// nothing else: a jackknife replicate's, whose measures are those of its
    /// words.
    pub(super) fn of_size(words: u64, sentences: usize) -> SentenceSums {
        SentenceSums {
            tally: Tally::of_words(words),
            sentences,
            ..SentenceSums::default()
        }
    }

    /// The measures that resampling sentences gives an interval (the others None).
    pub fn bootstrap_values(self) -> Vec<Option<f64>> {
        let basis = self.basis(Spectrum::default(), BTreeMap::new(), [None; 3]);
        values(&basis, Some(Interval::Bootstrap))
    }

    /// The basis of the sample, given what its words gave: the spectrum, the
    /// lengths' histogram and MATTR, MTLD and MSTTR.
    pub(super) fn basis(
        self,
        spectrum: Spectrum,
        histogram: BTreeMap<u64, u64>,
        [mattr, mtld, msttr]: [Option<f64>; 3],
    ) -> Basis {
        let n = self.sentences as f64;
        let (sum, sum_of_squares) = (self.sum_of_lengths, self.sum_of_squares);
        let sentence_length = SentenceLength {
            mean: (self.sentences > 0).then(|| sum / n),
            sd: (self.sentences > 1).then(|| {
                ((sum_of_squares - sum * sum / n) / (n - 1.0))
                    .max(0.0)
                    .sqrt()
            }),
            histogram,
        };
        Basis {
            readability: readability_counts(&self.tally, self.sentences),
            tally: self.tally,
            sentences: self.sentences,
            spectrum,
            sentence_length,
            mattr,
            mtld,
            msttr,
        }
    }
}

/// The value of every measure (in [`MEASURES`] order) for the sentences of
/// `source`; a measure whose needs the voice does not meet is None.
pub fn measure<S: Sentences>(
    source: &S,
    counter: &mut Counter,
) -> Result<Vec<Option<f64>>, S::Error> {
    Ok(super::passes::measure_voice(source, &[], counter)?.whole)
}

/// Whether a sample has the words MATTR, MTLD and MSTTR need.
pub(super) fn long_enough(diversity: &Diversity) -> bool {
    diversity.spectrum.words() >= DIVERSITY.words as usize
}

/// The value of every measure of `basis`; with `only`, just the measures whose
/// interval is of that kind (the others None).
pub(super) fn values(basis: &Basis, only: Option<Interval>) -> Vec<Option<f64>> {
    let words = basis.tally[Count::Words];
    let sentences = crate::offsets::narrow(basis.sentences);
    MEASURES
        .iter()
        .map(|measure| {
            let wanted = only.is_none_or(|kind| measure.interval == kind);
            if wanted && measure.needs.met(words, sentences) {
                (measure.value)(basis).filter(|value| value.is_finite())
            } else {
                None
            }
        })
        .collect()
}

fn readability_counts(tally: &Tally, sentences: usize) -> TextCounts {
    let get = |count: Count| tally[count] as usize;
    TextCounts {
        words: get(Count::Words),
        sentences,
        syllables: get(Count::Syllables),
        polysyllables: get(Count::Polysyllables),
        letters: get(Count::Letters),
        characters: get(Count::Characters),
        words_and_punctuation: get(Count::WordsAndPunctuation),
        complex_words: get(Count::ComplexWords),
        unfamiliar_words: get(Count::UnfamiliarWords),
    }
}

/// Stylometric profiles (the function-word frequencies compared by Delta) need
/// thousands of words: 5,000 for English prose to attribute reliably, 2,500 at the
/// very least (Eder 2015, "Does size matter?").
pub const PROFILE_RELIABLE_WORDS: u32 = 5000;
pub const PROFILE_MINIMUM_WORDS: u32 = 2500;

/// Why some measures of a voice of `words` words in `sentences` sentences are null
/// or less trustworthy than they look.
pub fn size_warnings(words: u32, sentences: u32) -> Vec<String> {
    let mut unmet: Vec<&Needs> = Vec::new();
    for measure in MEASURES {
        let needs = &measure.needs;
        if !needs.met(u64::from(words), sentences)
            && !unmet.iter().any(|seen| seen.label == needs.label)
        {
            unmet.push(needs);
        }
    }
    let mut warnings = Vec::new();
    if !unmet.is_empty() {
        let list: Vec<String> = unmet
            .iter()
            .map(|needs| format!("{} (needs {})", needs.label, needs.describe()))
            .collect();
        warnings.push(format!(
            "{} in {}: too few for {}",
            plural(words, "word"),
            plural(sentences, "sentence"),
            list.join(", ")
        ));
    }
    if words < PROFILE_MINIMUM_WORDS {
        warnings.push(format!(
            "{words} words: too few for a stylometric profile (at least {PROFILE_MINIMUM_WORDS}, reliably {PROFILE_RELIABLE_WORDS}; Eder 2015)"
        ));
    } else if words < PROFILE_RELIABLE_WORDS {
        warnings.push(format!(
            "{words} words: a stylometric profile is unreliable below {PROFILE_RELIABLE_WORDS} (Eder 2015)"
        ));
    }
    warnings
}

/// `1 sentence`, `2 sentences`.
pub fn plural(count: u32, noun: &str) -> String {
    match count {
        1 => format!("1 {noun}"),
        _ => format!("{count} {noun}s"),
    }
}
